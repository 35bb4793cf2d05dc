"""The map page and the locator maps in a real browser (headless Chromium), on the real site.

Every request that does not go to the local server is blocked and its host recorded (the
`tab` fixture): the only third-party host the map may ask for is the OpenStreetMap tile
server, and the markers must draw without tiles. What the map should show is read from the
GeoJSON download, which is built from the same model as the map's own data.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from conftest import TILES, open_page, soup_of

from incidentdb.model import labels

LIST_MAX = 10  # incidents named in the list of the view (idb-map.js)
CLUSTER = "#idb-map .leaflet-marker-icon.idb-cluster"
MARKER = "#idb-map .leaflet-marker-icon.idb-marker"
LEGS = "#idb-map .leaflet-overlay-pane path:not(.idb-area)"  # the lines of a spread cluster
# Resolves once a dozen frames in a row have run with no zoom, pan or cluster animation.
QUIET = """() => new Promise(resolve => { let quiet = 0; (function frame() {
  const busy = document.querySelector('.leaflet-cluster-anim, .leaflet-zoom-anim')
    || !document.querySelector('.idb-map-list[data-count]');
  quiet = busy ? 0 : quiet + 1;
  if (quiet >= 12) resolve(); else requestAnimationFrame(frame);
})(); })"""


def geojson_points(site: Path) -> list[dict]:
    data = json.loads((site / "downloads" / "incidents.geojson").read_text(encoding="utf-8"))
    return [f for f in data["features"] if (f.get("geometry") or {}).get("type") == "Point"]


def by_spot(points: list[dict]) -> dict[tuple, list[dict]]:
    spots = defaultdict(list)
    for f in points:
        spots[tuple(f["geometry"]["coordinates"])].append(f["properties"])
    return spots


def settle(tab: object) -> None:
    """Wait until no zoom or cluster animation runs."""
    tab.evaluate(QUIET)


def drawn(tab: object) -> tuple[list[int], int]:
    """(count of each cluster drawn, number of single markers drawn)."""
    settle(tab)
    counts = tab.locator(CLUSTER).evaluate_all("els => els.map(e => Number(e.dataset.count))")
    return counts, tab.locator(MARKER).count()


def spiderfy_largest(tab: object) -> int:
    """Open the largest cluster with Enter until it spreads apart; its number of incidents."""
    for _ in range(20):
        counts, _singles = drawn(tab)
        largest = tab.locator(CLUSTER).nth(counts.index(max(counts)))
        largest.focus()
        largest.press("Enter")
        settle(tab)
        if tab.locator(MARKER).count():
            return max(counts)
    raise AssertionError("no cluster spread apart")


def list_count(tab: object) -> int:
    settle(tab)
    return int(tab.locator(".idb-map-list").get_attribute("data-count"))


# --- clusters ----------------------------------------------------------------------------


def test_clusters_show_counts_that_add_up_to_the_incidents_with_a_point(
    tab, base, real_site, real
) -> None:
    points = geojson_points(real_site)
    open_page(tab, base, "map/")
    counts, singles = drawn(tab)
    # Markers that share a spot are clustered: fewer icons than incidents, their counts
    # shown in the icons, and every incident counted once.
    assert counts and len(counts) + singles < len(points)
    assert sum(counts) + singles == len(points)
    shown = tab.locator(CLUSTER).evaluate_all("els => els.map(e => e.textContent.trim())")
    assert shown == [str(c) for c in counts]
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


def test_a_cluster_spreads_apart_when_opened(tab, base, real_site) -> None:
    spots = by_spot(geojson_points(real_site))
    open_page(tab, base, "map/")
    before, _ = drawn(tab)
    opened = spiderfy_largest(tab)
    # The largest spot's incidents are spread out as single markers, one per incident.
    biggest = max(len(v) for v in spots.values())
    assert opened == biggest
    assert tab.locator(MARKER).count() == biggest
    assert tab.locator(LEGS).count() == biggest  # each joined to the spot by a line
    # A click on a cluster of several spots zooms in on them and splits it apart.
    open_page(tab, base, "map/")
    assert drawn(tab)[0] == before
    tab.locator(CLUSTER).nth(before.index(max(before))).click()
    after, singles = drawn(tab)
    assert max(after) < max(before) and len(after) + singles > 1


# --- approximate places ------------------------------------------------------------------


def test_approximate_points_are_drawn_as_areas_and_hollow_markers(tab, base, real_site) -> None:
    points = geojson_points(real_site)
    approximate = [f["properties"] for f in points if f["properties"]["geo_precision"] > 1]
    assert approximate and len(approximate) < len(points)
    open_page(tab, base, "map/")
    settle(tab)
    areas = tab.locator("#idb-map path.idb-area").evaluate_all(
        "els => els.map(e => (e.getAttribute('data-places') || '').split(' '))"
    )
    covered = {place for places in areas for place in places}
    # every approximate incident's place has its shaded area; no precise place has one
    assert {p["place"] for p in approximate} <= covered
    precise = {f["properties"]["place"] for f in points if f["properties"]["geo_precision"] == 1}
    assert not precise & covered
    # Spread out, each marker is hollow and dashed, and named approximate, exactly when its
    # point stands for an area.
    spiderfy_largest(tab)
    markers = tab.locator(MARKER)
    flags = markers.evaluate_all(
        "els => els.map(e => [e.classList.contains('idb-marker-approx'),"
        " e.getAttribute('aria-label').includes('(approximate place)')])"
    )
    spots = by_spot(points)
    spot = max(spots.values(), key=len)
    assert sorted(a for a, _ in flags) == sorted(p["geo_precision"] > 1 for p in spot)
    assert all(a == b for a, b in flags)


# --- legend ------------------------------------------------------------------------------


def test_legend_names_each_kind_and_the_approximate_areas(tab, base, real_site) -> None:
    points = geojson_points(real_site)
    kinds = {f["properties"]["type"] for f in points}
    soup = soup_of(real_site, "map/")
    legend = soup.select_one(".idb-map-legend")
    items = {li["data-kind"]: li.get_text(" ", strip=True) for li in legend.select("li[data-kind]")}
    assert set(items) >= kinds
    for kind, text in items.items():
        assert labels.words(kind) in text
    text = legend.get_text(" ", strip=True)
    assert "Approximate" in text and "Attack on US" in text and "Strike by the US" in text
    # The symbols the legend gives are those the markers draw.
    symbols = {k: t.split(":")[0].split()[-1] for k, t in items.items()}
    assert len(set(symbols.values())) == len(symbols)
    open_page(tab, base, "map/")
    assert tab.locator(".idb-map-legend").is_visible()
    spiderfy_largest(tab)
    drawn_symbols = tab.locator(MARKER).evaluate_all(
        "els => els.map(e => [[...e.classList].find(c => c.startsWith('idb-kind-')).slice(9),"
        " e.textContent.trim()])"
    )
    assert drawn_symbols and all(symbols[kind] == symbol for kind, symbol in drawn_symbols)


# --- popups ------------------------------------------------------------------------------


def test_popups_say_no_deaths_reported_and_mark_approximate_points(tab, base, real_site):
    """Every popup of the largest spot, opened in turn: a figure of 0 reads "no deaths
    reported", never "at least 0"; a point that stands for an area says it is approximate."""
    features = geojson_points(real_site)
    expected = {f["properties"]["title"]: f["properties"] for f in features}
    spot = max(by_spot(features).values(), key=len)
    assert any(p["casualties"].startswith("no deaths reported") for p in spot)
    open_page(tab, base, "map/")
    spiderfy_largest(tab)
    markers = tab.locator(MARKER)
    seen = {}
    popup = tab.locator(".leaflet-popup-content")
    for n in range(markers.count()):
        markers.nth(n).dispatch_event("click")
        popup.last.locator("a.idb-popup-title").wait_for()
        seen[popup.last.locator("a.idb-popup-title").inner_text()] = popup.last.inner_text()
    assert len(seen) == len(spot)
    for title, text in seen.items():
        props = expected[title]
        assert "at least 0" not in text
        if props["casualties"]:
            assert props["casualties"] in text
        assert ("approximate" in text or "exact spot is not known" in text) == (
            props["geo_precision"] > 1
        ), title


def test_popup_links_to_an_incident_page(tab, base, real_site) -> None:
    open_page(tab, base, "map/")
    spiderfy_largest(tab)
    tab.locator(MARKER).last.dispatch_event("click")
    link = tab.locator(".leaflet-popup-content a.idb-popup-title")
    target = urljoin(tab.url, link.get_attribute("href"))
    path = urlparse(target).path.strip("/")
    assert path.startswith("incidents/")
    assert (real_site / path / "index.html").exists()
    title = link.inner_text()
    open_page(tab, target, "")
    assert tab.locator("article h1").first.inner_text() == title


def test_tab_reaches_a_marker_and_enter_opens_its_popup(tab, base, real_site) -> None:
    titles = {f["properties"]["title"] for f in geojson_points(real_site)}
    open_page(tab, base, "map/")
    tab.locator("#idb-map").focus()
    for _ in range(200):
        tab.keyboard.press("Tab")
        kind = tab.evaluate(
            "() => { const e = document.activeElement; return !e ? '' :"
            " e.classList.contains('idb-marker') ? 'marker' :"
            " e.classList.contains('idb-cluster') ? 'cluster' :"
            " e.closest('#idb-map') ? 'map' : 'outside' }"
        )
        if kind == "marker":
            break
        if kind == "cluster" and not tab.locator(MARKER).count():
            tab.keyboard.press("Enter")  # zooms in, or spreads the cluster apart
            settle(tab)
        elif kind == "outside":
            tab.locator("#idb-map").focus()
    else:
        raise AssertionError("Tab never reached a single marker")
    label = tab.evaluate("() => document.activeElement.getAttribute('aria-label')")
    assert label and tab.evaluate("() => document.activeElement.getAttribute('role')") == "button"
    tab.keyboard.press("Enter")
    title = tab.locator(".leaflet-popup-content a.idb-popup-title")
    title.wait_for()
    assert title.inner_text() in titles


# --- the list of the view, and the year filter --------------------------------------------


def test_year_filter_changes_markers_and_the_list_of_the_view(tab, base, real_site) -> None:
    points = geojson_points(real_site)
    first_year = min(p["properties"]["year"] for p in points)
    in_year = sum(p["properties"]["year"] == first_year for p in points)
    open_page(tab, base, "map/")
    assert list_count(tab) == len(points)
    label = tab.locator(".idb-map-year", has_text=f"{first_year} ({in_year})")
    label.locator("input").uncheck()
    counts, singles = drawn(tab)
    assert sum(counts) + singles == len(points) - in_year
    assert tab.locator(".idb-map-shown").inner_text() == (
        f"{len(points) - in_year} of {len(points)} incidents with a point shown"
    )
    assert list_count(tab) == len(points) - in_year
    titles = tab.locator(".idb-map-list-items a").all_inner_texts()
    by_title = {f["properties"]["title"]: f["properties"] for f in points}
    assert titles and all(by_title[t]["year"] != first_year for t in titles)
    label.locator("input").check()
    assert list_count(tab) == len(points)
    counts, singles = drawn(tab)
    assert sum(counts) + singles == len(points)


def test_list_of_the_view_follows_the_map_and_links_to_incident_pages(tab, base, real_site) -> None:
    points = geojson_points(real_site)
    open_page(tab, base, "map/")
    total = list_count(tab)
    items = tab.locator(".idb-map-list-items li")
    assert items.count() == min(LIST_MAX, total)
    assert tab.locator(".idb-map-list-count").inner_text() == f"{total} incidents in this view:"
    assert (
        tab.locator(".idb-map-list-more")
        .inner_text()
        .startswith(f"and {total - LIST_MAX} more in this view")
    )
    for href in tab.locator(".idb-map-list-items a").evaluate_all("as => as.map(a => a.href)"):
        path = urlparse(href).path.strip("/")
        assert path.startswith("incidents/") and (real_site / path / "index.html").exists()
    first = tab.locator(".idb-map-list-items a").all_inner_texts()
    # zoom in on the largest cluster: the list holds only what is left in view
    counts, _ = drawn(tab)
    tab.locator(CLUSTER).nth(counts.index(max(counts))).click()
    zoomed = list_count(tab)
    assert 0 < zoomed < total
    assert tab.locator(".idb-map-list-items li").count() == min(LIST_MAX, zoomed)
    # zoom back out with the zoom control: the list grows again
    for _ in range(8):
        tab.locator(".leaflet-control-zoom-out").click()
        if list_count(tab) == len(points):
            break
    assert list_count(tab) == len(points)
    assert tab.locator(".idb-map-list-items a").all_inner_texts() == first


# --- without JavaScript, privacy, accessibility -------------------------------------------


def test_without_javascript_a_notice_replaces_the_map(browser, base) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(base + "map/")
        notice = page.locator(".idb-map-nojs")
        assert notice.is_visible()
        assert "needs JavaScript" in notice.inner_text()
        assert notice.locator("a[href$='incidents/']").count() == 1
        assert page.locator("#idb-map").evaluate("e => e.childElementCount") == 0
        assert not page.locator("#idb-map").is_visible()
        assert not page.locator(".idb-map-legend").is_visible()
        assert page.locator("#not-on-the-map").is_visible()
    finally:
        context.close()


def test_with_javascript_the_notice_is_not_shown(tab, base) -> None:
    open_page(tab, base, "map/")
    assert not tab.locator(".idb-map-nojs").is_visible()
    assert tab.locator("#idb-map .leaflet-marker-icon").count() > 0


def test_map_asks_no_third_party_host_but_the_tiles(tab, base) -> None:
    open_page(tab, base, "map/")
    spiderfy_largest(tab)
    tab.locator(MARKER).first.dispatch_event("click")
    tab.locator(".leaflet-popup-content a.idb-popup-title").wait_for()
    assert tab.errors == []
    assert tab.blocked_hosts == {TILES}


def test_only_the_map_page_loads_the_cluster_library(real_site, pages) -> None:
    def loads(path: str, name: str) -> bool:
        return bool(soup_of(real_site, path).find("script", src=lambda s: s and name in s))

    assert loads("map/", "leaflet") and loads(pages["place"], "leaflet")
    assert loads("map/", "markercluster") and not loads(pages["place"], "markercluster")
    # incident pages with a point load Leaflet for their locator (tests/test_browser_incident.py)
    assert not any(loads(pages[k], "leaflet") for k in ("home", "statistics", "faction"))
    assert not loads(pages["incident"], "markercluster")
    vendor = real_site / "assets" / "vendor" / "leaflet.markercluster"
    assert (vendor / "LICENSE").exists() and "1.5.3" in (vendor / "README.txt").read_text()


@pytest.mark.parametrize("size", [(1280, 800), (390, 844)], ids=["desktop", "phone"])
def test_map_page_has_no_accessibility_violation(browser, base, axe, size) -> None:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    try:
        page = context.new_page()
        page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
        page.goto(base + "map/")
        page.wait_for_selector("#idb-map[data-idb-markers]")
        settle(page)
        violations = axe.run(page).response["violations"]
        found = [
            f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in violations
        ]
        assert found == []
        # the list is beside the map, or below it on a phone
        box = page.locator("#idb-map").bounding_box()
        side = page.locator(".idb-map-list").bounding_box()
        if size[0] < 600:
            assert side["y"] >= box["y"] + box["height"]
        else:
            assert side["x"] >= box["x"] + box["width"]
    finally:
        context.close()


# --- locator maps on place pages ----------------------------------------------------------


def test_place_page_draws_its_locator_marker(tab, base, pages) -> None:
    open_page(tab, base, pages["place"])
    assert tab.locator(".idb-locator path.idb-marker").count() == 1
    assert tab.blocked_hosts == {TILES}


def test_map_data_is_compact_and_matches_the_geojson(real_site) -> None:
    points = geojson_points(real_site)
    data = json.loads((real_site / "map" / "data.json").read_text(encoding="utf-8"))
    assert len(data["incidents"]) == len(points)
    details = []
    for k in range(-(-len(points) // data["chunk"])):
        details += json.loads((real_site / "map" / "details" / f"{k}.json").read_text())
    assert [d[0] for d in details] == [f["properties"]["id"] for f in points]
    kinds = Counter(data["kinds"][row[1]][0] for row in data["incidents"])
    assert kinds == Counter(f["properties"]["type"] for f in points)
    assert (real_site / "map" / "data.json").stat().st_size < (
        real_site / "downloads" / "incidents.geojson"
    ).stat().st_size / 5
