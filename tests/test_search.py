"""Search (Pagefind) on the real site: what is indexed, what a query finds and in what order,
and what it costs a reader, in headless Chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup
from conftest import open_page, soup_of

from incidentdb.site.search import EXCLUDED

HEADER = ".md-header form.idb-search"


def indexed_text(site: Path, url_path: str) -> str:
    """What Pagefind reads of a page: its data-pagefind-body, less the excluded parts."""
    body = soup_of(site, url_path).select_one("[data-pagefind-body]")
    assert body is not None, url_path
    for selector in EXCLUDED:
        for element in body.select(selector):
            element.decompose()
    return body.get_text(" ")


def printed(site: Path, url_path: str) -> str:
    """The text a reader sees in a page's article (the hidden search names left out)."""
    article = soup_of(site, url_path).select_one("article")
    for hidden in article.select("[hidden]"):
        hidden.decompose()
    return article.get_text(" ")


def search(tab: object, query: str, form: str = HEADER) -> list[str]:
    """Type a query in a search box; the result URLs' paths, in order."""
    status = tab.locator(f"{form} .idb-search__status")
    tab.locator(f"{form} .idb-search__input").fill(query)
    status.filter(has_text=f"“{query}”").wait_for()
    count = int(re.match(r"\d+|No", status.inner_text()).group().replace("No", "0"))
    links = tab.locator(f"{form} .idb-search__link")
    if count:
        links.first.wait_for()
    return [urlparse(h).path for h in links.evaluate_all("ls => ls.map(l => l.href)")]


def all_results(tab: object, base: str, query: str) -> list[str]:
    """Every result of a query, from the search page ('Show more' until none are left)."""
    open_page(tab, base, "search/")
    form = "form.idb-search--page"
    search(tab, query, form)
    more = tab.locator(f"{form} .idb-search__more")
    while more.is_visible():
        before = tab.locator(f"{form} .idb-search__link").count()
        more.click()
        tab.wait_for_function(
            f"document.querySelectorAll('{form} .idb-search__link').length > {before}"
        )
    links = tab.locator(f"{form} .idb-search__link")
    return [urlparse(h).path for h in links.evaluate_all("ls => ls.map(l => l.href)")]


def path_of(base: str, page: str) -> str:
    return urlparse(base + page).path


# --- what is indexed ------------------------------------------------------------------------


def test_records_and_pages_are_indexed_and_lists_are_not(real_site, real) -> None:
    db, index = real
    entry = json.loads((real_site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    indexed = sum(
        1
        for p in real_site.rglob("*.html")
        if BeautifulSoup(p.read_text("utf-8"), "html.parser").select_one("[data-pagefind-body]")
    )
    assert entry["languages"]["en"]["page_count"] == indexed
    for page in ("", "about/", f"incidents/{index.published[0].id}/", "factions/hashd/"):
        assert soup_of(real_site, page).select_one("[data-pagefind-body]") is not None, page
    # the list pages repeat every title: they would outrank the records they list
    for page in ("incidents/", "timeline/", f"timeline/{min(index.by_year)}/", "factions/",
                 "places/", "map/", "search/"):  # fmt: skip
        assert soup_of(real_site, page).select_one("[data-pagefind-body]") is None, page


def test_an_incident_page_carries_the_other_names_of_its_factions(real_site, real) -> None:
    db, index = real
    incident = next(i for i in index.published if any(
        a.faction == "kataib-hezbollah" for a in i.responsibility))  # fmt: skip
    soup = soup_of(real_site, f"incidents/{incident.id}/")
    names = soup.select_one("[data-pagefind-body] .idb-other-names").get_text()
    assert all(a.name in names for a in db.factions["kataib-hezbollah"].aliases)
    assert soup.select_one(".idb-other-names").has_attr("hidden")


# --- what a query finds ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Hachd", "factions/hashd/"), ("Hashed", "factions/hashd/"),
     ("Noujaba", "factions/nujaba/"), ("Hashd", "factions/hashd/")],
)  # fmt: skip
def test_a_faction_is_found_first_by_any_of_its_names(tab, base, query, expected) -> None:
    open_page(tab, base, "")
    assert search(tab, query)[0] == path_of(base, expected)


def test_the_faction_ranks_above_a_place_that_borrows_its_name(tab, base, real) -> None:
    db, _ = real
    place = db.places["baghdad-hashd-logistics-centre"]
    assert "Hashd" in place.name
    found = all_results(tab, base, "Hashd al-Shaabi")
    faction, borrower = path_of(base, "factions/hashd/"), path_of(base, f"places/{place.id}/")
    assert faction in found and borrower in found
    assert found.index(faction) < found.index(borrower)


def test_words_from_french_quotes_find_every_incident_that_quotes_them(
    tab, base, real_site, real
) -> None:
    _, index = real
    quoting = {
        path_of(base, f"incidents/{i.id}/")
        for i in index.published
        if re.search(r"\broquettes\b", indexed_text(real_site, f"incidents/{i.id}/"))
    }
    assert len(quoting) >= 3
    found = all_results(tab, base, "roquettes")
    assert quoting <= set(found)


def test_an_alias_finds_incidents_whose_page_names_only_the_canonical_name(
    tab, base, real_site, real
) -> None:
    _, index = real
    found = set(all_results(tab, base, "Kataeb"))
    blamed = [i for i in index.published if any(
        a.faction == "kataib-hezbollah" for a in i.responsibility)]  # fmt: skip
    silent = [i for i in blamed if "Kataeb" not in printed(real_site, f"incidents/{i.id}/")]
    assert silent, "every page already prints the alias: the test would prove nothing"
    assert {path_of(base, f"incidents/{i.id}/") for i in silent} <= found


@pytest.mark.parametrize("query", ["embassy", "Balad", "drone", "Taji"])
def test_results_whose_title_holds_the_query_come_first(tab, base, real_site, query) -> None:
    """Every result titled with the word ranks above every result that only mentions it."""
    found = all_results(tab, base, query)
    word = re.compile(rf"\b{query}", re.IGNORECASE)
    titled = [bool(word.search(soup_of(real_site, p.lstrip("/")).h1.get_text())) for p in found]
    assert any(titled) and not all(titled), query
    assert titled == sorted(titled, reverse=True), list(zip(found, titled, strict=True))


# --- using it -------------------------------------------------------------------------------


def test_keyboard_reaches_a_result_and_opens_it(tab, base) -> None:
    open_page(tab, base, "")
    first = search(tab, "Noujaba")[0]
    tab.locator(f"{HEADER} .idb-search__input").press("ArrowDown")
    assert tab.evaluate("document.activeElement.classList.contains('idb-search__link')")
    tab.keyboard.press("Enter")
    tab.wait_for_url(f"**{first}")
    assert tab.locator("article h1").first.inner_text() == "Harakat al-Nujaba"


def test_escape_closes_the_results(tab, base) -> None:
    open_page(tab, base, "")
    search(tab, "Balad")
    panel = tab.locator(f"{HEADER} .idb-search__panel")
    assert panel.is_visible()
    tab.locator(f"{HEADER} .idb-search__input").press("Escape")
    assert panel.is_hidden()
    assert tab.evaluate("document.activeElement.id") == "idb-search-q"


def test_the_search_page_keeps_its_query_in_the_address(tab, base) -> None:
    open_page(tab, base, "search/?q=Balad")
    status = tab.locator("form.idb-search--page .idb-search__status")
    status.filter(has_text="“Balad”").wait_for()
    assert tab.locator("form.idb-search--page .idb-search__input").input_value() == "Balad"
    tab.locator("form.idb-search--page .idb-search__input").fill("Taji")
    status.filter(has_text="“Taji”").wait_for()
    tab.wait_for_function("location.search === '?q=Taji'")


def test_on_a_phone_the_header_button_opens_the_search_page_ready_to_type(tab, base) -> None:
    tab.set_viewport_size({"width": 390, "height": 844})
    open_page(tab, base, "")
    assert tab.locator(f"{HEADER} .idb-search__input").is_hidden()
    tab.locator(f"{HEADER} .idb-search__submit").click()
    tab.wait_for_url("**/search/?q=")
    assert tab.evaluate("document.activeElement.id") == "idb-search-page-q"
    assert search(tab, "Taji", "form.idb-search--page")


def test_without_javascript_the_search_page_says_what_else_finds_things(browser, base) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base)
        action = page.locator(f"{HEADER}").get_attribute("action")
        page.goto(base + "search/?q=Balad")
        assert urlparse(page.url).path == urlparse(base + action.lstrip("./")).path
        notice = page.locator(".idb-notice")
        assert "needs JavaScript" in notice.inner_text()
        assert notice.locator("a[href='../incidents/']").count() == 1
    finally:
        context.close()


# --- what it costs ----------------------------------------------------------------------------


def test_no_page_loads_the_index_before_the_reader_searches(tab, base, pages) -> None:
    for kind in ("home", "incident", "faction"):
        open_page(tab, base, pages[kind])
        tab.wait_for_load_state("networkidle")
    assert not [u for u in tab.requests if "/pagefind/" in u]
    search(tab, "Balad")
    assert [u for u in tab.requests if u.endswith("/pagefind/pagefind.js")]
