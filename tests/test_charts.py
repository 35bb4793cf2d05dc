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


def test_places_count_at_the_province_or_else_the_main_place(model: tuple) -> None:
    assert chart(model, "by-place").rows == (
        ("Anbar", 2),
        ("Erbil", 2),
        ("No place given", 1),
    )


def test_factions_count_once_per_stance_and_never_denials(model: tuple) -> None:
    found = chart(model, "by-faction")
    assert found.columns == ("Faction", "Claimed", "Blamed", "Suspected", "Incidents")
    assert found.rows == ((HOSTILE, 0, 1, 1, 2), ("Kataib Hezbollah", 1, 1, 0, 1))


def test_casualties_add_up_the_lowest_figures_by_month(model: tuple) -> None:
    assert chart(model, "casualties").rows == (
        ("January 2020", 1, 4),
        ("February 2020", 0, 0),
        ("March 2020", 3, 0),
        ("April 2020", 0, 2),
    )


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
    assert [c.rows for c in found] == [(), (), (), (), ()]
    assert all('role="img"' in str(c.svg) for c in found)


def test_statistics_page_shows_each_chart_with_its_table(small_site: object) -> None:
    soup = soup_of(small_site, "statistics/")
    sections = soup.select("section.idb-chart")
    assert [s.h2["id"] for s in sections] == [
        "per-month",
        "by-type",
        "by-place",
        "by-faction",
        "casualties",
    ]
    for section in sections:
        svg = section.select_one("figure svg")
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
    for chart in (
        charts.per_month(list(db.incidents.values()), covered),
        charts.casualties_per_month(list(db.incidents.values()), covered),
    ):
        cells = {row[0]: row[1:] for row in chart.rows}
        assert cells["February 2020"][0] == 0 and cells["March 2020"][0] == 0
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
