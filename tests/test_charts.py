"""The statistics charts: numbers as counted, tables equal to charts, SVG safe to inline."""

from __future__ import annotations

import re

import pytest
from conftest import soup_of

from incidentdb.model.index import build_index
from incidentdb.model.records import build
from incidentdb.site import charts

HOSTILE = 'Evil <script>alert("x")</script> & Co'


def incident(iid: str, date: str, type_: str = "rocket-attack", **extra: object) -> dict:
    return {
        "id": iid,
        "title": f"Incident {iid}",
        "type": type_,
        "date": date,
        "summary": "Something happened.",
        "sources": ["s1"],
        "created": "2026-01-01",
        **extra,
    }


def claim(stance: str, faction: str) -> dict:
    return {"stance": stance, "faction": faction, "sources": ["s1"]}


def hurt(outcome: str, **count: int) -> dict:
    return {"outcome": outcome, "count": count, "sources": ["s1"]}


@pytest.fixture
def model() -> tuple:
    """Five incidents over January to April 2020 (none in February), with places and claims."""
    data = {
        "schema_version": 1,
        "sources": [{"id": "s1", "kind": "news-report", "publisher": "AFP", "language": "en"}],
        "factions": [
            {"id": "kh", "name": "Kataib Hezbollah", "kind": "militia", "description": "A."},
            {"id": "evil", "name": HOSTILE, "kind": "militia", "description": "B."},
        ],
        "places": [
            {"id": "iraq", "name": "Iraq", "kind": "country"},
            {"id": "anbar", "name": "Anbar", "kind": "province", "parent": "iraq"},
            {"id": "ain-al-asad", "name": "Ain al-Asad", "kind": "air-base", "parent": "anbar"},
            {"id": "erbil", "name": "Erbil", "kind": "city", "parent": "iraq"},
        ],
        "incidents": [
            incident(
                "a",
                "2020-01-05",
                place="ain-al-asad",
                responsibility=[claim("claimed", "kh"), claim("blamed", "kh")],
                casualties=[hurt("killed", min=1, max=2), hurt("wounded", best=4)],
            ),
            incident(
                "b",
                "2020-01",
                "drone-strike",
                place="anbar",
                responsibility=[claim("suspected", "evil"), claim("denied", "kh")],
            ),
            incident(
                "c",
                "2020-03-10/2020-04-02",
                place="erbil",
                casualties=[hurt("killed", min=3), hurt("died-indirectly", min=5)],
            ),
            incident("d", "2020-04-01", responsibility=[claim("blamed", "evil")]),
            incident(
                "e",
                "2020-04-20",
                "drone-strike",
                place="erbil",
                casualties=[hurt("wounded", min=2, max=2)],
            ),
        ],
    }
    db = build(data)
    return db, build_index(db)


KEYS = ["per-month", "by-type", "by-province", "by-town", "by-site", "by-faction"]
ATTACK_CASUALTIES = ["killed-attacks", "wounded-attacks"]


def chart(model: tuple, key: str) -> charts.Chart:
    return {c.key: c for c in charts.statistics(*model)}[key]


def test_incidents_per_month_include_months_with_none(model: tuple) -> None:
    assert chart(model, "per-month").rows == (
        ("January 2020", 2),
        ("February 2020", 0),
        ("March 2020", 1),
        ("April 2020", 2),
    )


def test_incidents_by_type_most_frequent_first(model: tuple) -> None:
    assert chart(model, "by-type").rows == (("Rocket attack", 3), ("Drone strike", 2))


def test_places_are_compared_at_one_level_and_the_rest_counted_apart(model: tuple) -> None:
    """Provinces against provinces: Erbil (a city the data puts in no province) and the
    incident with no place are lines apart, never bars beside Anbar."""
    province = chart(model, "by-province")
    assert province.rows == (("Anbar", 2),)
    assert province.apart == (
        ("At a place the data puts in no province", 2),
        ("No place given", 1),
    )
    town = chart(model, "by-town")
    assert town.rows == (("Erbil", 2),)
    assert dict(town.apart) == {
        "At a place the data puts in no city or town": 1,  # the air base, in Anbar only
        "Placed no more precisely than a province": 1,
        "No place given": 1,
    }
    site = chart(model, "by-site")
    assert site.rows == (("Ain al-Asad", 1),)
    assert sum(n for _, n in site.apart) == 4


def test_factions_count_once_per_stance_and_never_denials(model: tuple) -> None:
    found = chart(model, "by-faction")
    assert found.columns == ("Faction", "Claimed", "Blamed", "Suspected", "Incidents")
    assert found.rows == ((HOSTILE, 0, 1, 1, 2), ("Kataib Hezbollah", 1, 1, 0, 1))


def test_casualties_keep_ranges_and_about_figures_apart_by_month(model: tuple) -> None:
    assert chart(model, "killed-attacks").rows == (
        ("January 2020", "1–2"),
        ("February 2020", "no incident"),
        ("March 2020", "at least 3"),
        ("April 2020", "no figure given"),
    )
    assert chart(model, "wounded-attacks").rows == (
        ("January 2020", "about 4"),
        ("February 2020", "no incident"),
        ("March 2020", "no figure given"),
        ("April 2020", "2"),
    )


def test_a_figure_given_only_as_about_is_never_at_least() -> None:
    from incidentdb.model.present import Tally

    assert str(Tally(about=100)) == "about 100"
    assert str(Tally(3, None) + Tally(about=100)) == "at least 3 + about 100"
    assert str(Tally(12, 12) + Tally(0, 3)) == "12–15"
    assert str(Tally(0, None, differ=True)) == "0 or more (accounts differ)"


def test_strike_and_attack_casualties_are_never_added_together() -> None:
    db = build(
        {
            "schema_version": 1,
            "sources": [{"id": "s1", "kind": "news-report", "publisher": "P", "language": "en"}],
            "factions": [],
            "places": [],
            "incidents": [
                incident("a", "2020-01-10", casualties=[hurt("killed", min=1, max=1)]),
                incident(
                    "b",
                    "2020-01-12",
                    "airstrike",
                    category="strike",
                    casualties=[hurt("killed", min=4, max=4)],
                ),
            ],
        }
    )
    found = {c.key: c for c in charts.statistics(db, build_index(db))}
    assert found["killed-attacks"].rows == (("January 2020", "1"),)
    assert found["killed-strikes"].rows == (("January 2020", "4"),)
    totals = {row[0]: row[1] for row in found["casualty-totals"].rows}
    assert totals["Killed in attacks"] == "1" and totals["Killed in strikes"] == "4"
    cells = {str(v) for c in found.values() for row in c.rows for v in row[1:]}
    assert "5" not in cells


def test_svg_has_no_script_and_no_url_but_its_namespaces(model: tuple) -> None:
    for found in charts.statistics(*model):
        svg = str(found.svg)
        assert "<script" not in svg.lower()
        assert "<!--" not in svg
        urls = set(re.findall(r"https?://[^\s\"'<>)]+", svg))
        assert urls <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
        assert "href=" not in svg.replace('xmlns:xlink="', "")


def test_svg_escapes_names_from_the_data(model: tuple) -> None:
    svg = str(chart(model, "by-faction").svg)
    assert "<script>alert" not in svg
    assert "Evil &lt;script&gt;alert(" in svg


def test_svg_has_an_accessible_name_and_fixed_ids(model: tuple) -> None:
    svg = str(chart(model, "per-month").svg)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'role="img"' in svg and 'aria-label="Incidents per month"' in svg
    assert "<title>Incidents per month</title>" in svg
    assert 'id="chart-idb-per-month"' in svg
    assert "\n" not in svg  # one line: Markdown never sees a blank line inside it


def test_two_renders_are_byte_identical(model: tuple) -> None:
    first = [str(c.svg) for c in charts.statistics(*model)]
    second = [str(c.svg) for c in charts.statistics(*model)]
    assert first == second


def test_an_empty_database_still_draws() -> None:
    db = build({"schema_version": 1, "sources": [], "factions": [], "places": [], "incidents": []})
    found = charts.statistics(db, build_index(db))
    assert [c.key for c in found] == [*KEYS, "casualty-totals"]
    assert all(not c.rows or c.key == "casualty-totals" for c in found)
    assert all('role="img"' in str(c.svg) for c in found if c.svg)


def test_statistics_page_shows_each_chart_with_its_table(small_site: object) -> None:
    soup = soup_of(small_site, "statistics/")
    sections = soup.select("section.idb-chart")
    assert [s.h2["id"] for s in sections] == [*KEYS, "casualty-totals", *ATTACK_CASUALTIES]
    for section in sections:
        assert section.select_one("table")
        if section.h2["id"] == "casualty-totals":
            continue
        drawings = section.select("figure svg")
        assert [svg["class"][-1] for svg in drawings] == ["idb-chart-narrow", "idb-chart-wide"]
        for svg in drawings:
            assert svg["role"] == "img" and svg["aria-label"] == section.h2.get_text()
        assert section.select_one("details table")
    rows = [
        [c.get_text() for c in tr.find_all(["th", "td"])]
        for tr in soup.select("#by-faction-table tbody tr")
    ]
    assert rows == [["Hashd al-Shaabi", "0", "1", "0", "1"]]
    assert not soup.find("script", src=re.compile("leaflet"))


def test_months_outside_the_covered_period_are_not_drawn_as_zero() -> None:
    """Incidents in January and June 2020, the database covering only January to March:
    February and March are real zeros, April and May are not covered (no research there)."""
    import datetime as dt

    db = build(
        {
            "schema_version": 1,
            "sources": [{"id": "s1", "kind": "news-report", "publisher": "P", "language": "en"}],
            "factions": [],
            "places": [],
            "incidents": [incident("a", "2020-01-10"), incident("b", "2020-06-10")],
        }
    )
    covered = (dt.date(2020, 1, 1), dt.date(2020, 3, 31))
    for chart, none in (
        (charts.per_month(list(db.incidents.values()), covered), 0),
        (
            charts.casualties_per_month(list(db.incidents.values()), "killed", "attack", covered),
            "no incident",
        ),
    ):
        cells = {row[0]: row[1:] for row in chart.rows}
        assert cells["February 2020"][0] == cells["March 2020"][0] == none
        assert set(cells["April 2020"]) == set(cells["May 2020"]) == {"not covered"}
        assert cells["June 2020"][0] != "not covered", "a month with an incident is drawn"
        assert "“not covered”, not zero" in chart.caption
    uncovered = charts.per_month(list(db.incidents.values()))
    assert {row[1] for row in uncovered.rows} == {0, 1}, "without a coverage statement, zeros"


@pytest.mark.parametrize(
    ("casualties", "words"),
    [
        ([hurt("killed", min=0, max=0), hurt("wounded", min=0, max=0)],
         "no deaths reported, no injuries reported"),
        ([hurt("killed", best=100)], "killed: about 100"),
        ([hurt("killed", min=1, max=1), hurt("wounded", min=2, max=2)], "killed: 1, wounded: 2"),
        ([hurt("wounded", min=0, max=0), {**hurt("wounded", min=3), "sources": ["s2"]}],
         "wounded: 0 or at least 3 (accounts differ)"),
        ([], ""),
    ],
)  # fmt: skip
def test_casualties_in_words_never_read_none_as_at_least_zero(casualties, words) -> None:
    from incidentdb.model import present

    db = build(
        {
            "schema_version": 1,
            "sources": [
                {"id": s, "kind": "news-report", "publisher": "P", "language": "en"}
                for s in ("s1", "s2")
            ],
            "factions": [],
            "places": [],
            "incidents": [incident("a", "2020-01-10", casualties=casualties)],
        }
    )
    assert present.casualty_words(db.incidents["a"]) == words


def test_month_axes_label_each_quarter_or_year_as_they_fit() -> None:
    from incidentdb.site.chartdraw import NARROW, WIDE

    def months(first: tuple[int, int], count: int) -> list[tuple[int, int]]:
        out = [first]
        while len(out) < count:
            out.append(charts._next(out[-1]))
        return out

    span = months((2019, 10), 18)  # October 2019 to March 2021, as the real data
    assert list(charts.month_ticks(span, WIDE).values()) == [
        "Oct 2019", "Jan 2020", "Apr", "Jul", "Oct", "Jan 2021",
    ]  # fmt: skip
    assert list(charts.month_ticks(span, NARROW).values()) == ["2020", "2021"]
    seven_years = months((2019, 10), 78)
    assert list(charts.month_ticks(seven_years, WIDE).values()) == [
        str(y) for y in range(2020, 2027)
    ]
    assert len(charts.month_ticks(seven_years, NARROW)) == 7, "each year on a phone too"
    century = months((1901, 1), 100 * 12)
    assert len(charts.month_ticks(century, NARROW)) <= NARROW.max_ticks


def test_map_and_export_words_keep_about_apart_from_at_least() -> None:
    """Ain al-Asad, 8 January 2020: AFP's 'about 100' wounded stays 'about 100' beside the
    other accounts; the popup and the GeoJSON never read it as 'at least 100'."""
    from conftest import ROOT

    from incidentdb.model import present
    from incidentdb.model.load import load_database

    db = load_database(ROOT / "data" / "incidents.yaml")
    words = present.casualty_words(db.incidents["2020-01-iranian-missile-strike-iraqi-base"])
    assert "about 100" in words and "at least 100" not in words
    assert words.endswith("(accounts differ)")
