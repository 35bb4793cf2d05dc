"""The published site in a real browser: pages, map, table, search, accessibility, privacy.

Every request that does not go to the local server is blocked and its host recorded: the only
third-party host a page may ask for is the OpenStreetMap tile server, and the map must still
draw its markers without tiles.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import TILES, open_page, soup_of

SERIOUS = ("serious", "critical")


# --- every kind of page ---------------------------------------------------------------------

KINDS = ["home", "incident", "faction", "place", "timeline", "year", "factions", "places",
         "incidents", "map", "statistics", "about", "downloads"]  # fmt: skip
WITH_MAP = {"map", "place", "incident"}  # the incident page's place has coordinates


@pytest.mark.parametrize("kind", KINDS)
def test_page_loads_without_error_or_third_party_request(tab, base, pages, kind) -> None:
    open_page(tab, base, pages[kind])
    assert tab.errors == []
    assert tab.blocked_hosts == ({TILES} if kind in WITH_MAP else set())


# --- the map ----------------------------------------------------------------------------------


def geojson_points(site: Path) -> list[dict]:
    data = json.loads((site / "downloads" / "incidents.geojson").read_text(encoding="utf-8"))
    return [f for f in data["features"] if (f.get("geometry") or {}).get("type") == "Point"]


def test_map_draws_one_marker_per_point_without_tiles(tab, base, real_site, real) -> None:
    points = geojson_points(real_site)
    open_page(tab, base, "map/")
    assert tab.locator("#idb-map path.idb-marker").count() == len(points)
    assert tab.locator(".idb-map-shown").inner_text() == (
        f"{len(points)} of {len(points)} incidents with a point shown"
    )
    # The page says the same at build time, and lists the incidents the map cannot show.
    total = len(real[1].published)
    lede = soup_of(real_site, "map/").select_one(".idb-map-page > p").get_text()
    assert lede.startswith(f"{len(points)} of the {total} published incidents have a point")
    assert len(soup_of(real_site, "map/").select("#not-on-the-map ~ table tbody tr")) == (
        total - len(points)
    )
    attribution = tab.locator(".leaflet-control-attribution a[href*='openstreetmap.org']")
    assert attribution.get_attribute("href") == "https://www.openstreetmap.org/copyright"


def test_map_year_filter_changes_the_markers_shown(tab, base, real_site) -> None:
    points = geojson_points(real_site)
    first_year = min(p["properties"]["year"] for p in points)
    in_year = sum(p["properties"]["year"] == first_year for p in points)
    open_page(tab, base, "map/")
    label = tab.locator(".idb-map-year", has_text=f"{first_year} ({in_year})")
    label.locator("input").uncheck()
    assert tab.locator("#idb-map path.idb-marker").count() == len(points) - in_year
    assert tab.locator(".idb-map-shown").inner_text() == (
        f"{len(points) - in_year} of {len(points)} incidents with a point shown"
    )
    label.locator("input").check()
    assert tab.locator("#idb-map path.idb-marker").count() == len(points)


def test_map_popup_links_to_an_incident_page(tab, base, real_site) -> None:
    open_page(tab, base, "map/")
    tab.locator("#idb-map path.idb-marker").last.click()
    link = tab.locator(".leaflet-popup-content a.idb-popup-title")
    target = urljoin(tab.url, link.get_attribute("href"))
    path = urlparse(target).path.strip("/")
    assert path.startswith("incidents/")
    assert (real_site / path / "index.html").exists()
    title = link.inner_text()
    open_page(tab, target, "")
    assert tab.locator("article h1").first.inner_text() == title


def test_place_page_draws_its_locator_marker(tab, base, pages) -> None:
    open_page(tab, base, pages["place"])
    assert tab.locator(".idb-locator path.idb-marker").count() == 1
    assert tab.blocked_hosts == {TILES}


def test_only_map_pages_load_leaflet(real_site, pages, real) -> None:
    from incidentdb.model.geo import locator_point

    def loads_leaflet(path: str) -> bool:
        return bool(soup_of(real_site, path).find("script", src=lambda s: s and "leaflet" in s))

    db, index = real
    unlocated = next(i.id for i in index.published if locator_point(db, index, i) is None)
    assert (
        loads_leaflet("map/") and loads_leaflet(pages["place"]) and loads_leaflet(pages["incident"])
    )
    assert not any(loads_leaflet(pages[k]) for k in ("home", "statistics"))
    assert not loads_leaflet(f"incidents/{unlocated}/")  # an incident page without a locator


# --- the incident table -------------------------------------------------------------------


def column(tab: object, index: int) -> list[str]:
    cells = tab.locator(f"#idb-incidents tbody tr:not([hidden]) td:nth-child({index})")
    return cells.evaluate_all("cells => cells.map(c => c.getAttribute('data-sort'))")


def test_table_sorts_by_date_both_ways(tab, base) -> None:
    open_page(tab, base, "incidents/")
    header = tab.locator("#idb-incidents th", has_text="Date")
    header.click()
    assert header.get_attribute("aria-sort") == "ascending"
    assert column(tab, 1) == sorted(column(tab, 1))
    header.click()
    assert header.get_attribute("aria-sort") == "descending"
    assert column(tab, 1) == sorted(column(tab, 1), reverse=True)


def test_table_sorts_casualties_as_numbers(tab, base) -> None:
    open_page(tab, base, "incidents/")
    tab.locator("#idb-incidents th", has_text="Killed").click()
    killed = [float(v) for v in column(tab, 5)]
    assert killed == sorted(killed)
    tab.locator("#idb-incidents th button", has_text="Wounded").press("Enter")
    wounded = column(tab, 6)
    assert [float(v) for v in wounded] == sorted(float(v) for v in wounded)
    assert wounded != sorted(wounded)  # "100" sorts before "3" as text: this data tells


def test_table_filters_by_faction(tab, base, real_site) -> None:
    rows = soup_of(real_site, "incidents/").select("#idb-incidents tbody tr")
    expected = [r for r in rows if "kataib-hezbollah" in r["data-factions"].split()]
    open_page(tab, base, "incidents/")
    tab.select_option("form.idb-filters select[name=factions]", "kataib-hezbollah")
    shown = tab.locator("#idb-incidents tbody tr:not([hidden])")
    assert shown.count() == len(expected) > 0
    factions = shown.evaluate_all("rows => rows.map(r => r.dataset.factions.split(' '))")
    assert all("kataib-hezbollah" in f for f in factions)
    assert tab.locator("form.idb-filters output").inner_text() == (
        f"{len(expected)} of {len(rows)} incidents shown"
    )


def test_table_is_plain_html_without_javascript(browser, base) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "incidents/")
        assert page.locator("#idb-incidents tbody tr").count() > 0
        assert not page.locator("form.idb-filters").is_visible()
    finally:
        context.close()


# --- search finds factions under every spelling ---------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Hachd", "factions/hashd/"), ("Hashed", "factions/hashd/"),
     ("Noujaba", "factions/nujaba/")],
)  # fmt: skip
def test_search_finds_a_faction_by_its_alias(tab, base, query, expected) -> None:
    open_page(tab, base, "")
    box = tab.locator("input.md-search__input")
    box.click()
    # Material's search worker loads its index after the page: query once it is ready.
    tab.wait_for_function(
        "!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')"
    )
    box.fill(query)
    box.press("End")  # Material searches on key events: one search, for the whole query
    first = tab.locator(".md-search-result__item > a").first
    first.wait_for()
    assert urlparse(first.get_attribute("href")).path == urlparse(base + expected).path


# --- accessibility --------------------------------------------------------------------------

AXE_PAGES = ["home", "incident", "faction", "place", "map", "statistics", "incidents"]


@pytest.mark.parametrize("kind", AXE_PAGES)
def test_no_serious_accessibility_violation(tab, base, pages, axe, kind) -> None:
    open_page(tab, base, pages[kind])
    violations = axe.run(tab).response["violations"]
    serious = [
        f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
        if v["impact"] in SERIOUS
    ]
    assert serious == []


# --- no third-party resource in any page or stylesheet ------------------------------------

FETCHED_RELS = {"stylesheet", "preload", "prefetch", "preconnect", "dns-prefetch", "icon",
                "modulepreload", "manifest"}  # fmt: skip


def external_resources(html: str) -> list[str]:
    """URLs of other hosts a page would fetch by itself (not links the reader may follow)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    found = [
        t.get("src", "")
        for t in soup.find_all(["script", "img", "iframe", "source", "video", "audio", "embed"])
    ]
    found += [
        t.get("href", "") for t in soup.find_all("link") if FETCHED_RELS & set(t.get("rel") or [])
    ]
    found += [t.get("data", "") for t in soup.find_all("object")]
    return [u for u in found if urlparse(u).netloc or u.startswith("//")]


def test_no_page_or_stylesheet_fetches_from_another_host(real_site) -> None:
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 20
    offenders = {
        str(p.relative_to(real_site)): external_resources(p.read_text("utf-8")) for p in pages
    }
    assert {p: u for p, u in offenders.items() if u} == {}
    for css in real_site.rglob("*.css"):
        text = css.read_text("utf-8")
        assert "@import url(http" not in text and "fonts.googleapis" not in text, css
        urls = [u.strip("'\" ") for u in re.findall(r"url\(([^)]*)\)", text)]
        assert [u for u in urls if "//" in u and not u.startswith("data:")] == [], css


def test_map_popups_say_no_deaths_reported_and_mark_approximate_points(tab, base, real_site):
    """Every marker's popup, opened in turn: a figure of 0 reads "no deaths reported", never
    "at least 0"; a point that stands for a whole province or town says it is approximate."""
    features = geojson_points(real_site)
    expected = {f["properties"]["title"]: f["properties"] for f in features}
    assert any(p["casualties"].startswith("no deaths reported") for p in expected.values())
    assert any(p["geo_precision"] > 1 for p in expected.values())
    open_page(tab, base, "map/")
    markers = tab.locator("#idb-map path.idb-marker")
    seen = {}
    popup = tab.locator(".leaflet-popup-content")
    for n in range(markers.count()):
        # each marker's own click, even where markers share a spot and cover each other
        markers.nth(n).dispatch_event("click")
        popup.last.wait_for(timeout=2000)
        seen[popup.last.locator("a.idb-popup-title").inner_text()] = popup.last.inner_text()
        tab.locator(".leaflet-popup-close-button").last.click()
        tab.wait_for_function("!document.querySelector('.leaflet-popup')")
    assert len(seen) >= 10, f"the popups opened: {len(seen)}"
    for title, text in seen.items():
        props = expected[title]
        assert "at least 0" not in text
        if props["casualties"]:
            assert props["casualties"] in text
        assert ("approximate" in text or "exact spot is not known" in text) == (
            props["geo_precision"] > 1
        ), title
