"""Faction and place pages in headless Chromium: they read on a phone without sideways
scrolling, the timeline has a text equivalent a keyboard reaches, long lists page without
JavaScript, and axe finds no violation of any impact at desktop and phone sizes."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import open_page
from glossary_site import biggest, page_files, paged_site

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
GLOSSARY = ["factions/hashd/", "factions/kataib-hezbollah/", "places/baghdad/", "places/camp-taji/"]


@pytest.fixture(scope="module")
def paged(tmp_path_factory: pytest.TempPathFactory, serve: object) -> tuple[str, Path, object]:
    site, index = paged_site(tmp_path_factory)
    return serve(site), site, index


@pytest.mark.parametrize("path", GLOSSARY)
def test_a_glossary_page_reads_on_a_phone_without_sideways_scrolling(tab, base, path) -> None:
    tab.set_viewport_size(PHONE)
    open_page(tab, base, path)
    widths = tab.evaluate(
        "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], widths
    # nothing in the content spills past the screen, and every list entry is on it
    spill = tab.evaluate(
        """() => [...document.querySelectorAll('.md-content *')]
             .filter(e => e.getBoundingClientRect().right > innerWidth + 1
                          && !e.closest('.idb-locator'))
             .map(e => e.tagName + '.' + e.className)"""
    )
    assert spill == []
    entries = tab.locator(".idb-entries > li")
    assert entries.count() > 0
    assert entries.first.bounding_box()["width"] <= PHONE["width"]
    assert tab.errors == [] and tab.blocked_hosts <= {"tile.openstreetmap.org"}


@pytest.mark.parametrize("path", ["factions/kataib-hezbollah/", "places/baghdad/"])
def test_the_timeline_has_a_text_equivalent_a_keyboard_opens(tab, base, path) -> None:
    tab.set_viewport_size(PHONE)
    open_page(tab, base, path)
    chart = tab.get_by_role("img", name="Bar chart of the incidents of")
    assert chart.count() == 1
    bars = chart.locator(".idb-bar")
    assert bars.count() > 1
    heights = bars.evaluate_all("bars => bars.map(b => b.getBoundingClientRect().height)")
    assert max(heights) > 20  # drawn, not an empty box
    table = tab.locator("table.idb-spark-table")
    summary = tab.locator("details.idb-chart-data > summary")
    if not table.is_visible():  # a long timeline starts folded: open it from the keyboard
        summary.focus()
        tab.keyboard.press("Enter")
    assert table.is_visible()
    rows = table.locator("tbody tr")
    assert rows.count() == bars.count()
    titles = bars.evaluate_all("bars => bars.map(b => b.title)")
    cells = rows.evaluate_all(
        "rows => rows.map(r => r.querySelector('th').textContent + ': ' "
        "+ r.querySelector('td').textContent)"
    )
    assert cells == titles


def test_a_long_list_pages_without_javascript(browser, paged) -> None:
    url, site, index = paged
    item = biggest(index.by_place)
    pages = page_files(site, "places", item)
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        tab = context.new_page()
        tab.goto(url + f"places/{item}/")
        assert tab.locator("nav.idb-pager").is_visible()
        hrefs = "links => links.map(a => a.href)"
        first = tab.locator(".idb-entries > li > a").evaluate_all(hrefs)
        tab.get_by_role("link", name="Next page").first.click()
        tab.wait_for_url(f"**/places/{item}/page/2/")
        assert tab.locator("nav.idb-pager [aria-current=page]").inner_text() == "2"
        second = tab.locator(".idb-entries > li > a").evaluate_all(hrefs)
        assert second and not set(second) & set(first)
        tab.get_by_role("link", name=str(len(pages)), exact=True).click()
        tab.wait_for_url(f"**/places/{item}/page/{len(pages)}/")
        assert tab.get_by_role("link", name="Next page").count() == 0
        tab.get_by_role("link", name="Previous page").first.click()
        tab.wait_for_url(f"**/places/{item}/page/{len(pages) - 1}/")
    finally:
        context.close()


def _violations(tab, axe) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in axe.run(tab).response["violations"]
    ]


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", ["factions/hashd/", "places/baghdad/"])
def test_no_accessibility_violation_on_glossary_pages(tab, base, axe, path, size) -> None:
    tab.set_viewport_size(size)
    open_page(tab, base, path)
    assert _violations(tab, axe) == []


@pytest.mark.parametrize("size", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_accessibility_violation_on_a_later_page(tab, paged, axe, size) -> None:
    url, site, index = paged
    item = biggest(index.by_faction)
    tab.set_viewport_size(size)
    response = tab.goto(url + f"factions/{item}/page/2/")
    assert response.status == 200
    assert _violations(tab, axe) == []
