"""Factions in every role, umbrellas over their members, and the coverage statement: a real
strict build of tests/fixtures/roles.yaml, assertions on the parsed HTML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, mkdocs_build, soup_of


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("roles") / "site"
    result = mkdocs_build(out, FIXTURES / "roles.yaml")
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def text(node) -> str:
    return re.sub(r" ([,:;.)])", r"\1", " ".join(node.get_text(" ").split()))


def rows(soup, selector: str) -> list[list[str]]:
    return [[text(td) for td in tr.select("td")] for tr in soup.select(f"{selector} tbody tr")]


def sections(soup) -> dict[str, list[list[str]]]:
    """Each section of a faction's page: its entries as date, title, and what follows."""
    return {
        section["data-role"]: [
            [text(node) for node in li.find_all(recursive=False)]
            for li in section.select(".idb-entries li")
        ]
        for section in soup.select(".idb-section")
    }


def test_a_faction_page_lists_every_role_it_takes(site: Path) -> None:
    soup = soup_of(site, "factions/kh/")
    assert sections(soup) == {
        "target": [["29 December 2019", "US strikes on the militia's sites"]],
        # through its own member, the front group
        "members": [["31 December 2019", "Crowd storms the embassy", "A front group: participant"]],
    }
    headings = [h.find(string=True).strip() for h in soup.select("h3")]
    assert headings == ["Target (1)", "Through its members (1)"]
    assert text(soup.select_one(".idb-counts")).startswith(
        "2 incidents (with its members'): target in 1, through its members in 1."
    )
    us = soup_of(site, "factions/us/")
    assert sections(us) == {
        "claimed": [["29 December 2019", "US strikes on the militia's sites"]],
        "statement": [["29 December 2019", "US strikes on the militia's sites"]],
    }


def test_an_umbrella_page_takes_in_its_members_incidents_at_every_depth(site: Path) -> None:
    soup = soup_of(site, "factions/hashd/")
    assert sections(soup) == {
        "members": [
            ["29 December 2019", "US strikes on the militia's sites", "Kataib Hezbollah: target"],
            [
                "31 December 2019",
                "Crowd storms the embassy",
                "Kataib Hezbollah › A front group: participant",
            ],
        ]
    }
    links = [a["href"] for a in soup.select(".idb-section .idb-entry-more a")]
    assert links == ["../../factions/kh/", "../../factions/kh/", "../../factions/cell/"]


def test_the_incident_page_shows_category_actors_bounded_time_and_series_count(site: Path) -> None:
    strike = soup_of(site, "incidents/2019-12-29-strikes/")
    facts = {text(tr.th): tr.td for tr in strike.select(".idb-facts-table tr")}
    assert text(facts["Category"]) == "Strike by the US or its partners"
    assert text(facts["Also involved"]) == (
        "target Kataib Hezbollah [1] statement United States: announced the strikes [1]"
    )
    storming = soup_of(site, "incidents/2019-12-31-storming/")
    facts = {text(tr.th): tr.td for tr in storming.select(".idb-facts-table tr")}
    assert text(facts["Category"]) == "Attack on US, coalition or diplomatic sites or people"
    assert text(facts["When, as reported"]) == (
        "around 19:30 Iraq time (UTC+3) around 7:30 p.m. [1]"
    )
    assert text(facts["Also involved"]) == "participant A front group “supporters” [1]"
    rockets = soup_of(site, "incidents/2020-01-26-rockets/")
    facts = {text(tr.th): tr.td for tr in rockets.select(".idb-facts-table tr")}
    assert text(facts["In a series"]).startswith("at least 15: more than fourteen")


@pytest.mark.parametrize("page", ["", "statistics/", "timeline/"])
def test_coverage_counts_stand_next_to_the_records(site: Path, page: str) -> None:
    soup = soup_of(site, page)
    (section,) = soup.select(".idb-coverage")
    assert "28 October 2019" in text(section) and "31 March 2020" in text(section)
    assert "One record per dated and placed attack." in text(section)
    table = rows(section, ".idb-coverage-table")
    assert [(r[2], r[3]) for r in table] == [
        # storming and rockets fall in September 2019 – 26 January 2020; the convoy bombing,
        # known only to January, may or may not; the strike is of another category
        (
            "at least 15 more than fourteen attacks",
            "2 (and 1 dated only roughly, across the period's edge)",
        ),
        ("3 three convoys were hit", "1"),
    ]
    assert table[1][0] == "convoy bombings (Roadside bomb (IED))"
    source_link = section.select_one(".idb-coverage-table tbody td:last-child a")
    assert source_link["href"] == "https://example.org/wire"


def test_the_downloads_carry_category_and_actors(site: Path) -> None:
    import csv

    with (site / "downloads" / "incidents.csv").open(encoding="utf-8", newline="") as f:
        by_id = {row["id"]: row for row in csv.DictReader(f)}
    assert by_id["2019-12-29-strikes"]["category"] == "strike"
    assert by_id["2019-12-29-strikes"]["actors"] == "kh:target;us:statement"
    assert by_id["2019-12-31-storming"]["category"] == "attack"
