"""Faction and place pages (issue 11, point 4; issue 14, point 2): incidents by role with their
counts, an umbrella's members' incidents, a place's places within, the small timeline, and long
lists paged as static pages. Real strict builds, assertions on the parsed HTML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import soup_of
from glossary_site import PAGE_SIZE, biggest, page_files, paged_site

from incidentdb.model.index import FACTION_ROLES, build_index
from incidentdb.model.labels import MONTHS
from incidentdb.model.records import EdtfDate
from incidentdb.site.render import Renderer


def text(node) -> str:
    return re.sub(r" ([,:;.)])", r"\1", " ".join(node.get_text(" ").split()))


def sections(soup: BeautifulSoup) -> dict[str, BeautifulSoup]:
    return {s["data-role"]: s for s in soup.select(".idb-section[data-role]")}


def linked_ids(node) -> list[str]:
    """The incidents a list links to, in order (the incident's own link, not the names after)."""
    hrefs = [a["href"] for a in node.select(".idb-entries > li > a")]
    return [h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs]


def heading_count(section) -> int:
    heading = section.find_previous_sibling("h3")
    return int(re.search(r"\((\d+)", heading.find(string=True)).group(1))


# --- the real site: roles, members, places within --------------------------------------------


@pytest.mark.parametrize("faction", ["hashd", "kataib-hezbollah"])
def test_each_role_has_its_section_with_the_count_the_data_gives(real_site, real, faction):
    db, index = real
    named: dict[str, set[str]] = {role: set() for role in FACTION_ROLES}
    for incident in index.published:  # from the records themselves, not from the index
        for a in incident.responsibility:
            if a.faction == faction:
                named[a.stance].add(incident.id)
        for actor in incident.actors:
            if actor.faction == faction:
                named[actor.role].add(incident.id)
    expected = {role: ids for role, ids in named.items() if ids}
    members = {inv.incident.id for inv in index.by_faction[faction] if inv.within}
    if members:
        expected["members"] = members
    soup = soup_of(real_site, f"factions/{faction}/")
    found = sections(soup)
    assert list(found) == list(expected)  # the roles in page order, each once
    for role, section in found.items():
        ids = linked_ids(section)
        assert sorted(ids) == sorted(expected[role]), role
        assert heading_count(section) == len(expected[role]), role
    summary = text(soup.select_one(".idb-counts"))
    total = len(index.by_faction[faction])
    assert summary.startswith(f"{total} incidents")
    for role, ids in expected.items():
        words = "through its members" if role == "members" else role
        assert f"{words} in {len(ids)}" in summary
        assert soup.select_one(f'.idb-counts a[href="#{role}"]') is not None
    assert len(expected) > 2  # both factions hold several roles


def test_an_incident_is_listed_under_each_role_the_faction_holds_in_it(real_site, real):
    db, index = real
    several = [inv for inv in index.by_faction["kataib-hezbollah"] if len(inv.roles) > 1]
    assert several, "no incident gives Kataib Hezbollah two roles"
    found = sections(soup_of(real_site, "factions/kataib-hezbollah/"))
    for inv in several:
        for role in inv.roles:
            assert inv.incident.id in linked_ids(found[role]), (inv.incident.id, role)


def test_an_umbrella_lists_a_members_incident_with_the_member_named(real_site, real):
    db, index = real
    assert "kataib-hezbollah" in index.members["hashd"]
    only_member = [
        i
        for i in index.published
        if any(a.faction == "kataib-hezbollah" for a in i.responsibility)
        and not any(a.faction == "hashd" for a in i.responsibility)
        and not any(a.faction == "hashd" for a in i.actors)
    ]
    assert only_member
    members = sections(soup_of(real_site, "factions/hashd/"))["members"]
    for incident in only_member:
        (li,) = [li for li in members.select(".idb-entries > li") if incident.id in li.a["href"]]
        more = li.select_one(".idb-entry-more")
        assert "../../factions/kataib-hezbollah/" in [a["href"] for a in more.select("a")]
        stances = {a.stance for a in incident.responsibility if a.faction == "kataib-hezbollah"}
        assert stances <= {text(s) for s in more.select(".idb-stance")}


def test_a_parent_place_lists_a_childs_incident_with_the_child_named(real_site, real):
    db, index = real
    child = "camp-taji"
    assert db.places[child].parent == "baghdad"
    at_child = [i for i in index.published if i.place == child]
    assert at_child
    soup = soup_of(real_site, "places/baghdad/")
    entries = soup.select(".idb-section .idb-entries > li")
    for incident in at_child:
        (li,) = [li for li in entries if li.a["href"].endswith(f"/{incident.id}/")]
        more = li.select_one(".idb-entry-more")
        assert "../../places/camp-taji/" in [a["href"] for a in more.select("a")]
        assert "Camp Taji: place" in text(more)
    # every incident of every place within, at any depth, is on the parent's page
    listed = set(linked_ids(soup.select_one(".idb-section")))
    todo, within = list(index.children["baghdad"]), set()
    while todo:
        place = todo.pop()
        within.add(place)
        todo.extend(index.children.get(place, []))
    for incident in index.published:
        if incident.place in within:
            assert incident.id in listed, incident.id


def test_a_place_counts_the_incidents_of_each_place_within(real_site, real):
    db, index = real
    soup = soup_of(real_site, "places/baghdad/")
    tree = soup.select_one("ul.idb-within")
    counts = {
        li.a["href"].rstrip("/").rsplit("/", 1)[-1]: int(
            li.find(string=re.compile(r"\d")).strip(": ")
        )
        for li in tree.select("li")
    }
    expected = {p: len(index.by_place.get(p, [])) for p in counts}
    assert counts == expected
    assert set(index.children["baghdad"]) <= set(counts)
    # a place's own count takes in those within it: the Green Zone and the embassy in it
    assert counts["green-zone"] >= counts["us-embassy-baghdad"] > 0
    nested = tree.select_one('a[href$="/green-zone/"]').find_parent("li")
    assert nested.select_one('a[href$="/us-embassy-baghdad/"]') is not None


def test_the_timeline_counts_each_month_the_faction_spans(real_site, real):
    db, index = real
    involved = [inv.incident for inv in index.by_faction["kataib-hezbollah"]]
    per_month = Counter((i.date.lower.year, i.date.lower.month) for i in involved)
    soup = soup_of(real_site, "factions/kataib-hezbollah/")
    rows = [(text(tr.th), text(tr.td)) for tr in soup.select("table.idb-spark-table tbody tr")]
    first, last = min(per_month), max(per_month)
    months = (last[0] - first[0]) * 12 + last[1] - first[1] + 1
    assert len(rows) == months  # from the first incident's month to the last one's
    for label, value in rows:
        month, year = label.split()
        key = (int(year), MONTHS.index(month) + 1)
        assert value == str(per_month[key]), label
    bars = soup.select(".idb-spark .idb-bar")
    assert len(bars) == months
    assert soup.select_one(".idb-spark")["role"] == "img"


def test_months_outside_the_covered_period_are_not_covered_not_zero(real):
    """One Kataib Hezbollah incident moved to after the covered period: the months between
    are 'not covered' in the table and hatched in the chart, never zero."""
    db, _ = real
    assert db.coverage is not None and db.coverage.period.upper == dt.date(2021, 3, 31)
    index = build_index(db)
    moved_id = index.by_faction["kataib-hezbollah"][0].incident.id
    moved = dataclasses.replace(
        db.incidents[moved_id],
        date=EdtfDate("2022-02-10", dt.date(2022, 2, 10), dt.date(2022, 2, 10)),
    )
    changed = dataclasses.replace(db, incidents={**db.incidents, moved_id: moved})
    page = Renderer(changed, build_index(changed)).faction("kataib-hezbollah")
    soup = BeautifulSoup(page.body, "html.parser")
    rows = {text(tr.th): text(tr.td) for tr in soup.select("table.idb-spark-table tbody tr")}
    assert rows["April 2021"] == rows["January 2022"] == "not covered"
    assert rows["February 2022"] == "1"
    assert "0" in rows.values()  # months within the covered period with no incident are zero
    bars = {b["title"].split(":")[0]: b for b in soup.select(".idb-spark .idb-bar")}
    assert "idb-bar-none" in bars["June 2021"]["class"]
    assert "idb-bar-zero" not in bars["June 2021"]["class"]
    assert "not covered" in text(soup.select_one(".idb-spark-figure .idb-chart-note"))


def test_a_long_span_is_drawn_by_quarter(real):
    db, _ = real
    index = build_index(db)
    moved_id = index.by_faction["kataib-hezbollah"][-1].incident.id
    day = dt.date(2024, 8, 1)
    moved = dataclasses.replace(db.incidents[moved_id], date=EdtfDate("2024-08-01", day, day))
    changed = dataclasses.replace(db, incidents={**db.incidents, moved_id: moved})
    soup = BeautifulSoup(
        Renderer(changed, build_index(changed)).faction("kataib-hezbollah").body, "html.parser"
    )
    labels = [text(tr.th) for tr in soup.select("table.idb-spark-table tbody tr")]
    assert labels[0].startswith("Q") and labels[-1] == "Q3 2024"
    assert len(labels) == len(set(labels)) <= 40


# --- paging: a synthesized database of 300 incidents, PAGE_SIZE to a page ---------------------


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    return paged_site(tmp_path_factory)


@pytest.mark.parametrize("kind", ["factions", "places"])
def test_every_incident_is_on_exactly_one_page_of_a_long_list(paged, kind):
    site, index = paged
    lists = index.by_faction if kind == "factions" else index.by_place
    item = biggest(lists)
    involved = lists[item]
    files = page_files(site, kind, item)
    assert len(involved) > 3 * PAGE_SIZE
    assert len(files) == math.ceil(len(involved) / PAGE_SIZE)
    assert [p.parent.name for p in files[1:]] == [str(n) for n in range(2, len(files) + 1)]
    seen: Counter = Counter()
    for number, path in enumerate(files, 1):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        on_page = set()
        for section in soup.select(".idb-section"):
            on_page.update(linked_ids(section))
        assert 0 < len(on_page) <= PAGE_SIZE, number
        seen.update(on_page)
        status = text(soup.select_one("nav.idb-pager p"))
        assert status.startswith(f"Page {number} of {len(files)}:")
    assert seen == Counter(inv.incident.id for inv in involved)  # each once, none missing
    assert set(seen.values()) == {1}


@pytest.mark.parametrize("kind", ["factions", "places"])
def test_prev_and_next_links_resolve_in_order(paged, kind):
    site, index = paged
    lists = index.by_faction if kind == "factions" else index.by_place
    item = biggest(lists)
    files = page_files(site, kind, item)
    path, visited = files[0], []
    while True:
        visited.append(path)
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        links = {
            rel: [
                (a.name, a["href"])
                for a in soup.select(f'[rel="{rel}"]')
                if a.name in ("a", "link")
            ]
            for rel in ("prev", "next")
        }
        if len(visited) > 1:
            assert {tag for tag, _ in links["prev"]} == {"a", "link"}
            targets = {(path.parent / href / "index.html").resolve() for _, href in links["prev"]}
            assert targets == {visited[-2].resolve()}
        else:
            assert links["prev"] == []
        if not links["next"]:
            break
        assert {tag for tag, _ in links["next"]} == {"a", "link"}
        targets = {(path.parent / href / "index.html").resolve() for _, href in links["next"]}
        assert len(targets) == 1
        path = targets.pop()
        assert path.exists(), path
    assert [p.resolve() for p in visited] == [p.resolve() for p in files]
    # every page number in the pager leads to its page
    soup = BeautifulSoup(files[1].read_text("utf-8"), "html.parser")
    numbered = soup.select("nav.idb-pager ol.idb-pages a")
    assert [text(a) for a in numbered] == [str(n) for n in range(1, len(files) + 1)]
    assert [(files[1].parent / a["href"] / "index.html").resolve() for a in numbered] == [
        p.resolve() for p in files
    ]
    assert numbered[1]["aria-current"] == "page"


def test_each_role_section_says_which_pages_hold_it(paged):
    site, index = paged
    item = biggest(index.by_faction)
    files = page_files(site, "factions", item)
    pages_of: dict[str, set[int]] = {}
    for number, path in enumerate(files, 1):
        for role, section in sections(
            BeautifulSoup(path.read_text("utf-8"), "html.parser")
        ).items():
            if linked_ids(section):
                pages_of.setdefault(role, set()).add(number)
    for number, path in enumerate(files, 1):
        soup = BeautifulSoup(path.read_text("utf-8"), "html.parser")
        assert set(sections(soup)) == set(pages_of)  # every role on every page, maybe empty
        for role, section in sections(soup).items():
            if not linked_ids(section):
                note = section.select_one(".idb-none-here")
                hrefs = [a["href"] for a in note.select("a")]
                assert len(hrefs) == len(pages_of[role]), (role, number)


def test_the_timeline_links_each_period_to_the_page_listing_it(paged):
    site, index = paged
    item = biggest(index.by_place)
    files = page_files(site, "places", item)
    soup = BeautifulSoup(files[0].read_text("utf-8"), "html.parser")
    rows = soup.select("table.idb-spark-table tbody tr")
    assert rows
    for tr in rows:
        link = tr.select_one("a")
        if link is None:
            assert text(tr.td) in ("0", "not covered")
            continue
        target = BeautifulSoup(
            (files[0].parent / link["href"] / "index.html").read_text("utf-8"), "html.parser"
        )
        dates = [text(s) for s in target.select(".idb-entries > li > .idb-entry-date")]
        period = text(tr.th)
        assert any(period.split()[0] in d and period.split()[-1] in d for d in dates), period


def test_later_pages_stay_out_of_the_nav_and_the_search_index(paged):
    site, index = paged
    item = biggest(index.by_place)
    second = site / "places" / item / "page" / "2" / "index.html"
    soup = BeautifulSoup(second.read_text("utf-8"), "html.parser")
    nav = [a["href"] for a in soup.select("nav.md-nav a[href]")]
    assert nav and not [h for h in nav if "/page/" in h]
    # Pagefind indexes only pages marked data-pagefind-body: the first page, not the later
    assert soup.select_one("[data-pagefind-body]") is None
    first = site / "places" / item / "index.html"
    assert BeautifulSoup(first.read_text("utf-8"), "html.parser").select_one("[data-pagefind-body]")
