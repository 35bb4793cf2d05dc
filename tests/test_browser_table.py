"""The incident table and the paged listings in a real browser, on the real data.

Expected rows are computed from the model (the same database the site is built from), never
written down: each filter alone and combined, sorting on every column both ways, the view
kept in the address, reset, the sticky header, the phone layout, the pages without
JavaScript, and axe on the table and a timeline year at both sizes. The paged tests build
the real data with INCIDENTS_PAGE_SIZE=40, so the table and the longest years have several
pages.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build, open_page, soup_of

from incidentdb.exports.text import plain_text
from incidentdb.model import labels, present
from incidentdb.model.published import SiteInfo
from incidentdb.site.render import Renderer
from incidentdb.site.table_data import fold

PAGE = 40
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
INCIDENT_HREF = re.compile(r"incidents/([a-z0-9-]+)/$")


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("paged") / "site"
    result = mkdocs_build(site, env={"INCIDENTS_PAGE_SIZE": str(PAGE)})
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def paged(paged_site: Path, serve: object) -> str:
    return serve(paged_site)


# --- what the data says each view shows ---------------------------------------------------


def haystack(db: object, index: object, incident: object) -> str:
    parties = [a.party for a in incident.responsibility if a.party and not a.faction]
    names = []
    for pid in index.places_of.get(incident.id, []):
        names += [db.places[pid].name, *(a.name for a in db.places[pid].aliases)]
    for fid, _ in present.attributed(incident):
        names += [db.factions[fid].name, *(a.name for a in db.factions[fid].aliases)]
    return fold(" ".join([incident.title, plain_text(incident.summary), *parties, *names]))


def expected(real: tuple, **want: object) -> list[str]:
    """Ids of the incidents a view shows, latest first: every filter must hold."""
    db, index = real
    out = []
    for i in index.published[::-1]:
        if "type" in want and i.type not in want["type"]:
            continue
        if "category" in want and i.category not in want["category"]:
            continue
        if "faction" in want and not {f for f, _ in present.attributed(i)} & set(want["faction"]):
            continue
        if "place" in want and not set(index.places_of.get(i.id, [])) & set(want["place"]):
            continue
        if "start" in want and i.date.upper < want["start"]:
            continue
        if "end" in want and i.date.lower > want["end"]:
            continue
        if "text" in want and not all(
            w in haystack(db, index, i) for w in fold(want["text"]).split()
        ):
            continue
        out.append(i.id)
    return out


def wait_view(tab: object) -> None:
    """Until the table shows the view its address names."""
    tab.wait_for_function(
        "() => { const t = document.getElementById('idb-incidents');"
        " return t && t.dataset.idbView === location.pathname + location.search; }"
    )


def shown_ids(tab: object) -> list[str]:
    hrefs = tab.locator("#idb-incidents tbody tr td:nth-child(2) a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [INCIDENT_HREF.search(h).group(1) for h in hrefs]


def count_text(tab: object) -> str:
    return tab.locator("#idb-table-filters output").inner_text()


def open_view(tab: object, base: str, query: str) -> object:
    open_page(tab, base, "incidents/" + query)
    wait_view(tab)
    return tab


def column(tab: object, index: int) -> list[str]:
    cells = tab.locator(f"#idb-incidents tbody tr td:nth-child({index})")
    return cells.evaluate_all("cells => cells.map(c => c.getAttribute('data-sort'))")


# --- sorting ------------------------------------------------------------------------------


def test_table_sorts_by_date_both_ways(tab, base) -> None:
    open_view(tab, base, "")
    header = tab.locator("#idb-incidents th", has_text="Date")
    assert header.get_attribute("aria-sort") == "descending"  # the page's own order
    header.click()
    wait_view(tab)
    assert header.get_attribute("aria-sort") == "ascending"
    assert column(tab, 1) == sorted(column(tab, 1))
    header.click()
    wait_view(tab)
    assert header.get_attribute("aria-sort") == "descending"
    assert column(tab, 1) == sorted(column(tab, 1), reverse=True)


def test_table_sorts_casualties_as_numbers(tab, base) -> None:
    open_view(tab, base, "")
    tab.locator("#idb-incidents th", has_text="Killed").click()
    wait_view(tab)
    killed = [float(v) for v in column(tab, 5)]
    assert killed == sorted(killed)
    tab.locator("#idb-incidents th button", has_text="Wounded").press("Enter")
    wait_view(tab)
    wounded = column(tab, 6)
    assert [float(v) for v in wounded] == sorted(float(v) for v in wounded)
    assert wounded != sorted(wounded)  # "100" sorts before "3" as text: this data tells


def sort_keys(real: tuple) -> dict[str, object]:
    db, index = real

    def low(i: object, outcome: str) -> int:
        value = present.casualty_range(i, outcome)[0]
        return -1 if value is None else value

    def attribution(i: object) -> str:
        return "; ".join(
            db.factions[f].name if f else p or "" for f, p, _ in present.attributions(i)
        ).casefold()

    return {
        "date": lambda i: 0,
        "title": lambda i: i.title.casefold(),
        "type": lambda i: labels.words(i.type).casefold(),
        "place": lambda i: db.places[i.place].name.casefold() if i.place else "",
        "killed": lambda i: low(i, "killed"),
        "wounded": lambda i: low(i, "wounded"),
        "attribution": attribution,
    }


@pytest.mark.parametrize(
    "key", ["date", "title", "type", "place", "killed", "wounded", "attribution"]
)
def test_every_column_sorts_both_ways_as_the_data_says(tab, base, real, key) -> None:
    _, index = real
    by = sort_keys(real)[key]
    # Ties keep the site's order (date, then id); a descending sort is the ascending reversed.
    ascending = [i.id for _, _, i in sorted((by(i), n, i) for n, i in enumerate(index.published))]
    open_view(tab, base, f"?sort={key}-asc")
    assert shown_ids(tab) == ascending
    th = tab.locator(f"#idb-incidents th[data-key={key}]")
    assert th.get_attribute("aria-sort") == "ascending"
    assert tab.locator("select[name=sort]").input_value() == f"{key}-asc"
    th.click()
    wait_view(tab)
    assert shown_ids(tab) == ascending[::-1]
    assert th.get_attribute("aria-sort") == "descending"
    assert parse_qs(urlparse(tab.url).query).get("sort") == (
        None if key == "date" else [f"{key}-desc"]
    )


# --- filters ------------------------------------------------------------------------------

FILTERS = {
    "two types": ("?type=airstrike,ied", {"type": ["airstrike", "ied"]}),
    "category": ("?category=strike", {"category": ["strike"]}),
    "two factions": (
        "?faction=kataib-hezbollah,nujaba",
        {"faction": ["kataib-hezbollah", "nujaba"]},
    ),
    "a province and what is in it": ("?place=salah-al-din", {"place": ["salah-al-din"]}),
    "from a month to a month": (
        "?from=2020-01&to=2020-03",
        {"start": dt.date(2020, 1, 1), "end": dt.date(2020, 3, 31)},
    ),
    "from a day": ("?from=2021-03-18", {"start": dt.date(2021, 3, 18)}),
    "up to a year": ("?to=2019", {"end": dt.date(2019, 12, 31)}),
    "words": ("?text=balad", {"text": "balad"}),
    "an alias in French": ("?text=Hachd", {"text": "Hachd"}),
    "accents and case": ("?text=A%C3%AFN%20AL-ASSAD", {"text": "Aïn al-Assad"}),
    "combined": (
        "?type=rocket-attack&place=baghdad&from=2020-01&to=2020-12&text=embassy",
        {
            "type": ["rocket-attack"],
            "place": ["baghdad"],
            "start": dt.date(2020, 1, 1),
            "end": dt.date(2020, 12, 31),
            "text": "embassy",
        },
    ),
}


@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_alone_and_combined_shows_the_rows_the_data_says(tab, base, real, name):
    query, want = FILTERS[name]
    ids = expected(real, **want)
    assert 0 < len(ids) < len(real[1].published), name  # a filter that filters
    open_view(tab, base, query)
    assert shown_ids(tab) == ids
    assert count_text(tab) == f"{len(ids)} of {len(real[1].published)} incidents shown"


def test_a_french_alias_finds_incidents_that_never_write_it(real) -> None:
    """ "Hachd" (AFP's French spelling) finds incidents blamed on the Hashd whose own text
    never has it: the match goes through the faction's aliases."""
    db, index = real
    found = expected(real, text="Hachd")
    own_words = {
        i.id for i in index.published if "hachd" in fold(i.title + " " + plain_text(i.summary))
    }
    assert set(found) - own_words
    through_aliases = set(found) - own_words
    assert all(
        "hashd" in {f for f, _ in present.attributed(db.incidents[i])} for i in through_aliases
    )


def test_a_range_across_years_is_shown_under_each_year(tab, base, real) -> None:
    _, index = real
    across = [i for i in index.published if i.date.upper.year > i.date.lower.year]
    assert across, "the data has an incident dated as a range across a new year"
    for year in {y for i in across for y in range(i.date.lower.year, i.date.upper.year + 1)}:
        open_view(tab, base, f"?from={year}&to={year}")
        shown = shown_ids(tab)
        for i in across:
            assert (i.id in shown) == (i.date.lower.year <= year <= i.date.upper.year)


def test_the_filters_driven_by_hand_update_the_address_and_back_restores(tab, base, real):
    open_view(tab, base, "")
    details = tab.locator("details.idb-choice", has_text="Type")
    details.locator("summary").click()
    details.get_by_label("Roadside bomb (IED)").check()
    wait_view(tab)
    assert parse_qs(urlparse(tab.url).query) == {"type": ["ied"]}
    assert shown_ids(tab) == expected(real, type=["ied"])
    assert details.locator("summary").inner_text().endswith("(1 chosen)")
    tab.locator("input[name=from]").fill("2021-01")
    tab.locator("input[name=from]").press("Tab")
    wait_view(tab)
    assert parse_qs(urlparse(tab.url).query) == {"type": ["ied"], "from": ["2021-01"]}
    assert shown_ids(tab) == expected(real, type=["ied"], start=dt.date(2021, 1, 1))
    tab.go_back()
    wait_view(tab)
    assert parse_qs(urlparse(tab.url).query) == {"type": ["ied"]}
    assert tab.locator("input[name=from]").input_value() == ""
    assert shown_ids(tab) == expected(real, type=["ied"])
    tab.go_back()
    wait_view(tab)
    assert urlparse(tab.url).query == ""
    assert not details.get_by_label("Roadside bomb (IED)").is_checked()
    assert len(shown_ids(tab)) == len(real[1].published)


def test_a_shared_address_sets_every_control_and_reset_clears_them(tab, base, real) -> None:
    query = "?type=rocket-attack,ied&faction=kataib-hezbollah&from=2020-01&to=2020-06"
    query += "&text=base&sort=killed-desc"
    open_view(tab, base, query)
    form = tab.locator("#idb-table-filters")
    checked = form.locator("input[type=checkbox]:checked").evaluate_all(
        "boxes => boxes.map(b => b.name + '=' + b.value)"
    )
    assert sorted(checked) == ["faction=kataib-hezbollah", "type=ied", "type=rocket-attack"]
    assert form.locator("input[name=text]").input_value() == "base"
    assert form.locator("input[name=from]").input_value() == "2020-01"
    assert form.locator("input[name=to]").input_value() == "2020-06"
    assert form.locator("select[name=sort]").input_value() == "killed-desc"
    assert tab.locator("th[data-key=killed]").get_attribute("aria-sort") == "descending"
    want = expected(
        real,
        type=["rocket-attack", "ied"],
        faction=["kataib-hezbollah"],
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 6, 30),
        text="base",
    )
    assert sorted(shown_ids(tab)) == sorted(want) and want
    form.get_by_role("button", name="Reset filters").click()
    wait_view(tab)
    assert urlparse(tab.url).query == ""
    assert form.locator("input[type=checkbox]:checked").count() == 0
    assert form.locator("input[name=text]").input_value() == ""
    assert form.locator("select[name=sort]").input_value() == "date-desc"
    assert shown_ids(tab) == expected(real)
    total = len(real[1].published)
    assert count_text(tab) == f"{total} of {total} incidents shown"


def test_a_date_that_names_no_day_is_marked_and_not_applied(tab, base, real) -> None:
    open_view(tab, base, "?from=2020-13")
    assert tab.locator("input[name=from]").get_attribute("aria-invalid") == "true"
    assert len(shown_ids(tab)) == len(real[1].published)


# --- loaded in pieces ---------------------------------------------------------------------


def test_a_first_visit_loads_the_index_only_and_words_load_the_text_once(tab, base) -> None:
    open_view(tab, base, "")
    data = [u for u in tab.requests if "/incidents/table/" in u]
    assert [urlparse(u).path.rsplit("/", 1)[1] for u in data] == ["index.json"]
    tab.locator("input[name=text]").fill("rocket")
    wait_view(tab)
    tab.locator("input[name=text]").fill("rockets balad")
    wait_view(tab)
    names = [urlparse(u).path.rsplit("/", 1)[1] for u in tab.requests if "/table/" in u]
    assert names.count("text.json") == 1
    assert {n for n in names if n.startswith("rows-")} == {"rows-0.json"}


# --- the header in view, the phone layout -------------------------------------------------


def test_the_header_stays_in_view_while_the_table_scrolls(browser, base) -> None:
    context = browser.new_context(viewport=DESKTOP)
    try:
        tab = context.new_page()
        tab.goto(base + "incidents/")
        tab.wait_for_selector("#idb-incidents[data-idb-view]")
        tab.evaluate(
            "() => { const t = document.getElementById('idb-incidents');"
            " window.scrollTo(0, t.getBoundingClientRect().top + scrollY + t.offsetHeight / 2); }"
        )
        table = tab.locator("#idb-incidents").bounding_box()
        assert table["y"] < 0  # the table's top has scrolled out of view
        bar = tab.locator(".md-header").bounding_box()
        for th in tab.locator("#idb-incidents thead th").all():
            box = th.bounding_box()
            assert box["y"] >= bar["y"] + bar["height"] - 1
            assert box["y"] + box["height"] <= DESKTOP["height"]
            assert th.is_visible()
        # and it is on top: what the eye sees at its middle is the header cell
        box = tab.locator("#idb-incidents thead th").first.bounding_box()
        hit = tab.evaluate(
            "([x, y]) => document.elementFromPoint(x, y).closest('th') !== null",
            [box["x"] + 5, box["y"] + box["height"] / 2],
        )
        assert hit
    finally:
        context.close()


@pytest.mark.parametrize("query", ["", "?place=baghdad&sort=title-asc"])
def test_on_a_phone_every_column_of_a_row_is_visible_and_nothing_overflows(
    browser, base, real_site, query
) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        tab = context.new_page()
        tab.goto(base + "incidents/" + query)
        wait_view(tab)
        width = tab.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"]
        headers = [
            th.get_text(strip=True)
            for th in soup_of(real_site, "incidents/").select("#idb-incidents thead th")
        ]
        for row in tab.locator("#idb-incidents tbody tr").all()[:5]:
            cells = row.locator("td").all()
            assert len(cells) == len(headers)
            for td, header in zip(cells, headers, strict=True):
                td.scroll_into_view_if_needed()
                box = td.bounding_box()
                assert box["width"] > 0 and box["height"] > 0
                assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
                label = td.evaluate("td => getComputedStyle(td, '::before').content")
                assert label == json.dumps(header)
                assert td.evaluate("td => td.scrollWidth <= td.clientWidth")
    finally:
        context.close()


# --- pages ----------------------------------------------------------------------------------


def test_without_javascript_the_pages_list_every_incident_once(browser, paged, real) -> None:
    _, index = real
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(paged + "incidents/")
        assert not tab.locator("#idb-table-filters").is_visible()
        seen, pages = [], 0
        while True:
            pages += 1
            rows = shown_ids(tab)
            assert 0 < len(rows) <= PAGE
            seen += rows
            following = tab.locator("nav.idb-pager").first.locator("a[rel=next]")
            if not following.count():
                break
            with tab.expect_navigation():
                following.click()
        assert pages == -(-len(index.published) // PAGE) > 1
        assert seen == [i.id for i in index.published[::-1]]  # each once, latest first
        with tab.expect_navigation():
            tab.locator("nav.idb-pager").first.locator("a[rel=prev]").click()
        assert urlparse(tab.url).path.endswith(f"/incidents/page/{pages - 1}/")
    finally:
        context.close()


def test_the_timeline_years_list_every_incident_once_across_their_pages(paged_site, real):
    _, index = real
    longest = 0
    for year in sorted(set(index.by_year) | set(index.continuing)):
        soup, seen, pages = soup_of(paged_site, f"timeline/{year}/"), [], 0
        while soup is not None:
            pages += 1
            events = soup.select(".idb-event")
            assert len(events) <= PAGE
            seen += [INCIDENT_HREF.search(li.select_one("strong a")["href"]).group(1)
                     for li in events]  # fmt: skip
            following = soup.select_one("nav.idb-pager a[rel=next]")
            soup = None
            if following:
                path = urlparse(f"http://x/timeline/{year}/" + following["href"]).path
                soup = soup_of(paged_site, str(Path(path).resolve()).lstrip("/") + "/")
        continuing = [i.id for i in index.continuing.get(year, [])]
        assert sorted(seen) == sorted(continuing + [i.id for i in index.by_year.get(year, [])])
        assert len(seen) == len(set(seen))
        assert seen[: len(continuing)] == continuing  # "Begun before" comes first
        longest = max(longest, pages)
    assert longest > 1


def test_the_timeline_index_links_each_month_to_the_page_it_is_on(paged_site, real) -> None:
    _, index = real
    soup = soup_of(paged_site, "timeline/")
    links = soup.select("table.idb-table")[0].select("tbody td a")
    assert links
    for a in links:
        target = urlparse("http://x/timeline/" + a["href"])
        page = soup_of(paged_site, str(Path(target.path).resolve()).lstrip("/") + "/")
        section = page.select_one(f"#{target.fragment}")
        assert section is not None, a["href"]
        assert len(section.select(".idb-event")) > 0


def test_a_month_longer_than_a_page_continues_and_keeps_its_rough_dates_last(real) -> None:
    """Pages of 5: the longest year's months are cut, each piece says it continues, and
    every incident known only roughly still comes after those known to the day."""
    db, index = real
    year = max(index.by_year, key=lambda y: len(index.by_year[y]))
    pages = {
        page.path: BeautifulSoup(page.body, "html.parser")
        for page in Renderer(db, index, SiteInfo(page_size=5)).pages()
        if page.path.startswith(f"timeline/{year}")
    }
    seen, continued, rough = [], 0, 0
    for number in range(1, len(pages) + 1):
        soup = pages[f"timeline/{year}.md" if number == 1 else f"timeline/{year}/page/{number}.md"]
        assert len(soup.select(".idb-event")) <= 5
        for section in soup.select("section.idb-month"):
            continued += "(continued)" in section.h2.get_text()
            month = [li["data-precision"] for li in section.select("li")]
            in_rough = [li["data-precision"] for li in section.select("ol.idb-events-rough li")]
            rough += len(in_rough)
            assert month[len(month) - len(in_rough) :] == in_rough  # rough ones last
            assert all(p not in ("day", "day-uncertain") for p in in_rough)
            assert all(p in ("day", "day-uncertain") for p in month[: len(month) - len(in_rough)])
            seen += [a["href"] for a in section.select("li strong a")]
    assert continued and rough
    assert len(seen) == len(set(seen)) == len(index.by_year[year])


def test_with_javascript_the_table_pages_through_a_view(tab, paged, real) -> None:
    ids = expected(real)
    open_view(tab, paged, "")
    assert shown_ids(tab) == ids[:PAGE]
    pager = tab.locator("nav.idb-js-pager").first
    assert pager.inner_text().replace("\n", " ").startswith("Page 1 of")
    pager.get_by_role("link", name="Next page").click()
    wait_view(tab)
    assert parse_qs(urlparse(tab.url).query) == {"page": ["2"]}
    assert shown_ids(tab) == ids[PAGE : 2 * PAGE]
    tab.go_back()
    wait_view(tab)
    assert shown_ids(tab) == ids[:PAGE]
    # a filtered view pages too, and a static page's own number is its default page
    open_view(tab, paged, "?type=ied,rocket-attack&page=2")
    assert shown_ids(tab) == expected(real, type=["ied", "rocket-attack"])[PAGE : 2 * PAGE]
    open_view(tab, paged, "page/3/")
    assert shown_ids(tab) == ids[2 * PAGE : 3 * PAGE]
    assert "Page 3 of" in tab.locator("nav.idb-js-pager").first.inner_text()


def test_static_pages_hold_at_most_a_page_and_link_each_other(paged_site, real) -> None:
    _, index = real
    pages = -(-len(index.published) // PAGE)
    for n in range(1, pages + 1):
        soup = soup_of(paged_site, "incidents/" if n == 1 else f"incidents/page/{n}/")
        rows = soup.select("#idb-incidents tbody tr")
        assert len(rows) == min(PAGE, len(index.published) - (n - 1) * PAGE)
        listed = soup.select(".idb-all-pages li")
        assert len(listed) == pages
        assert listed[n - 1].select_one("[aria-current=page]") is not None


# --- accessibility ----------------------------------------------------------------------------


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    "path", ["incidents/", "incidents/page/2/?type=ied", "timeline/2020/", "timeline/2020/page/2/"]
)
def test_no_accessibility_violation_of_any_impact(browser, paged, axe, path, size) -> None:
    context = browser.new_context(viewport=size)
    try:
        tab = context.new_page()
        tab.goto(paged + path)
        if path.startswith("incidents/"):
            wait_view(tab)
            for summary in tab.locator("details.idb-choice summary").all():
                summary.click()  # the lists of choices open, so axe sees them
        violations = axe.run(tab).response["violations"]
        found = [
            f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
        ]
        assert found == []
    finally:
        context.close()
