"""Incident pages in headless Chromium, on a desktop (1280 x 800) and a phone (390 x 844): the
page uses its width, the summary comes first and its "disputed" marks lead to the accounts,
the locator map draws where there are coordinates, related incidents read from both sides,
citation markers are tap-sized, name their source on hover and focus and can be returned to
from the source list, and axe finds nothing at all."""

from __future__ import annotations

import pytest
from conftest import TILES, open_page

from incidentdb.model.geo import locator_point

AIN_AL_ASAD = "incidents/2020-01-iranian-missile-strike-iraqi-base/"
EMBASSY = "incidents/2019-12-31-us-embassy-baghdad-storming/"
BALAD = "incidents/2021-03-15-balad-air-base-rocket-attack/"
SIZES = {"desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture(params=list(SIZES))
def sized(request, tab) -> object:
    """The guarded tab at one of the two window sizes."""
    width, height = SIZES[request.param]
    tab.set_viewport_size({"width": width, "height": height})
    tab.size = request.param
    return tab


def box(tab: object, selector: str) -> dict:
    return tab.locator(selector).first.bounding_box()


def unlocated(real: tuple) -> str:
    db, index = real
    return next(
        f"incidents/{i.id}/" for i in index.published if locator_point(db, index, i) is None
    )


# --- the page's width and its first screen ---------------------------------------------------


def test_no_empty_column_left_of_the_content(sized, base) -> None:
    open_page(sized, base, AIN_AL_ASAD)
    grid, content = box(sized, ".md-main__inner"), box(sized, ".md-content")
    assert content["x"] - grid["x"] < 2  # the content starts where the page's grid starts
    article = box(sized, "article")
    assert article["x"] - grid["x"] < 40  # only the content's own margin
    if sized.size == "desktop":
        assert not sized.locator(".md-sidebar--primary").is_visible()
        assert sized.locator(".md-sidebar--secondary").is_visible()  # contents stay
        assert content["width"] > 0.7 * grid["width"]
    else:  # the phone's drawer keeps the site's navigation, off screen until opened
        assert sized.locator(".md-sidebar--primary").bounding_box()["x"] < 0
        assert article["width"] > 0.9 * SIZES["phone"][0]


def test_the_summary_comes_first_and_is_on_the_first_screen(sized, base) -> None:
    open_page(sized, base, AIN_AL_ASAD)
    following = sized.evaluate(
        "() => document.querySelector('article h1').nextElementSibling.className"
    )
    assert following == "idb-glance"
    glance = box(sized, ".idb-glance")
    assert glance["y"] < SIZES[sized.size][1]
    names = sized.locator(".idb-glance dt").all_inner_texts()
    assert names[:6] == ["Date", "Place", "Type", "Munitions", "Casualties", "Responsibility"]
    assert glance["x"] + glance["width"] <= SIZES[sized.size][0]


def test_disputed_leads_to_the_accounts_side_by_side(sized, base) -> None:
    open_page(sized, base, AIN_AL_ASAD)
    row = sized.locator(".idb-glance-row", has=sized.locator("dt", has_text="Casualties"))
    assert "wounded: at least 24, about 100 or 109" in row.inner_text()
    mark = row.locator("a.idb-disputed")
    assert mark.inner_text().startswith("disputed")  # then, for screen readers, what about
    mark.click()
    target = sized.evaluate("() => location.hash")
    section = sized.locator(f"section{target}")
    assert section.locator("h3").inner_text().startswith("How many were injured")
    values = section.locator(".idb-value").all_inner_texts()
    assert any(v.startswith("Dozens") for v in values)
    assert any(v.startswith("About a hundred") for v in values)
    top = section.bounding_box()["y"]
    assert 0 <= top < SIZES[sized.size][1] / 2  # scrolled to, below the fixed header
    assert top >= box(sized, ".md-header")["height"] - 1


# --- the locator map -------------------------------------------------------------------------


def test_the_locator_map_draws_where_the_place_has_coordinates(sized, base, real) -> None:
    open_page(sized, base, BALAD)
    assert sized.locator(".idb-glance .idb-locator path.idb-marker").count() == 1
    assert sized.blocked_hosts == {TILES}
    assert sized.errors == []
    caption = sized.locator(".idb-glance-map figcaption").inner_text()
    assert caption == "Balad Air Base: 33.9402, 44.3615 (approximate)"
    map_box = box(sized, ".idb-glance .idb-locator")
    assert map_box["width"] > 150 and map_box["height"] > 150


def test_no_locator_map_where_there_are_no_coordinates(sized, base, real) -> None:
    open_page(sized, base, unlocated(real))
    assert sized.locator(".idb-locator").count() == 0
    assert sized.evaluate("() => typeof window.L") == "undefined"  # Leaflet is not loaded
    assert sized.blocked_hosts == set()
    assert sized.errors == []


def test_without_javascript_the_coordinates_are_text(browser, base) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route("**/*", lambda r: r.continue_() if "127.0.0.1" in r.request.url else r.abort())
    page.goto(base + BALAD)
    assert "33.9402, 44.3615" in page.locator(".idb-glance-map figcaption").inner_text()
    assert (
        page.locator(".idb-locator .leaflet-container, .idb-locator.leaflet-container").count() == 0
    )
    assert page.locator(".idb-glance dd").first.is_visible()
    context.close()


# --- related incidents -----------------------------------------------------------------------


def related(tab: object, other: str) -> str:
    item = tab.locator(".idb-related li", has=tab.locator(f"a[href$='/{other}/']"))
    assert item.count() == 1, other
    return item.locator(".idb-relation").inner_text()


def test_a_related_incident_is_shown_from_both_sides(sized, base) -> None:
    strikes, k1 = "2019-12-29-us-airstrikes-kataib-hezbollah", "2019-12-27-k1-rocket-attack"
    open_page(sized, base, f"incidents/{strikes}/")
    assert "in retaliation for" in related(sized, k1)
    with sized.expect_navigation():
        sized.locator(f".idb-related a[href$='/{k1}/']").click()
    assert sized.url.endswith(f"/incidents/{k1}/")
    assert "answered by" in related(sized, strikes)


# --- citation markers ------------------------------------------------------------------------


def test_citation_markers_are_at_least_24_px_square(sized, base, axe) -> None:
    open_page(sized, base, AIN_AL_ASAD)
    sizes = sized.locator(".idb-cite-m > a").evaluate_all(
        "links => links.map(a => { const r = a.getBoundingClientRect();"
        " return [r.width, r.height]; })"
    )
    assert len(sizes) > 40
    assert min(w for w, _ in sizes) >= 24 and min(h for _, h in sizes) >= 24
    result = axe.run(sized, options={"runOnly": ["target-size"]}).response
    assert result["violations"] == []


def test_markers_do_not_make_their_lines_taller(sized, base) -> None:
    """A one-line list item with a marker is as tall as the same line without it."""
    open_page(sized, base, AIN_AL_ASAD)
    heights = sized.evaluate(
        """() => {
          const li = [...document.querySelectorAll('.idb-facts-table li')]
            .find(l => l.querySelector('.idb-cite-m') && l.getClientRects().length
                       && l.getBoundingClientRect().height < 40);
          const clone = li.cloneNode(true);
          li.after(clone);
          clone.querySelectorAll('sup.idb-cite').forEach(s => s.remove());
          clone.append('x');
          const h = [li.getBoundingClientRect().height, clone.getBoundingClientRect().height];
          clone.remove();
          return h;
        }"""
    )
    assert abs(heights[0] - heights[1]) < 1.5, heights


def tip_of(tab: object, marker: object) -> tuple[str, str]:
    """(display, text) of the name a marker shows."""
    return marker.evaluate(
        "a => { const s = getComputedStyle(a.parentElement, '::after');"
        " return [s.display, s.content]; }"
    )


def test_a_marker_names_its_source_on_hover_and_on_focus(sized, base, real) -> None:
    db, _ = real
    open_page(sized, base, AIN_AL_ASAD)
    before, marker = sized.locator("#facts-casualties .idb-cite-m > a").all()[:2]
    source = db.sources[marker.get_attribute("href").removeprefix("#src-")]
    assert tip_of(sized, marker)[0] == "none"
    marker.hover()
    display, content = tip_of(sized, marker)
    assert display == "block" and content.strip('"').startswith(source.publisher + ", ")
    sized.mouse.move(0, 0)
    assert tip_of(sized, marker)[0] == "none"
    # By keyboard: Tab from the marker before onto this one shows the name; Escape hides it.
    before.focus()
    sized.keyboard.press("Tab")
    assert sized.evaluate("() => document.activeElement.id") == marker.get_attribute("id")
    display, content = tip_of(sized, marker)
    assert display == "block" and content.strip('"').startswith(source.publisher + ", ")
    described = sized.evaluate(
        "id => document.getElementById(id).textContent", marker.get_attribute("aria-describedby")
    )
    assert described.startswith(source.publisher)
    sized.keyboard.press("Escape")
    assert tip_of(sized, marker)[0] == "none"


def test_the_name_stays_inside_the_window(sized, base) -> None:
    """Every marker's name, shown in turn, lies within the window's width."""
    open_page(sized, base, AIN_AL_ASAD)
    width = SIZES[sized.size][0]
    markers = sized.locator(".idb-facts-table .idb-cite-m > a").all()
    assert len(markers) > 20
    for marker in markers:
        marker.focus()
        left, right = marker.evaluate(
            "a => { const m = a.parentElement, r = m.getBoundingClientRect();"
            " const w = parseFloat(getComputedStyle(m, '::after').width);"
            " return m.classList.contains('idb-tip-end') ? [r.right - w, r.right]"
            " : [r.left, r.left + w]; }"
        )
        assert left >= 0 and right <= width, (left, right)
    assert sized.evaluate("() => document.documentElement.scrollWidth") <= width


def test_a_source_links_back_to_where_it_was_cited(sized, base) -> None:
    open_page(sized, base, EMBASSY)
    marker = sized.locator("#facts-when .idb-cite-m > a").first
    marker_id = marker.get_attribute("id")
    marker.click()
    source = sized.locator(f"li{sized.evaluate('() => location.hash')}")
    back = source.locator(f".idb-back a[href='#{marker_id}']")
    assert back.count() == 1
    assert "When, as reported" in source.locator(".idb-back").inner_text()
    back.click()
    assert sized.evaluate("() => location.hash") == f"#{marker_id}"
    assert sized.evaluate("() => document.querySelector(':target').id") == marker_id
    top = marker.bounding_box()["y"]
    assert box(sized, ".md-header")["height"] - 1 <= top < SIZES[sized.size][1]


# --- accessibility and privacy ---------------------------------------------------------------


def every_rule(axe: object, tab: object) -> dict:
    """axe with every rule on, target-size included, but those of WCAG's AAA level (beyond
    the site's WCAG 2.2 AA)."""
    tab.evaluate(axe.axe_script)
    rules = tab.evaluate("() => axe.getRules().map(r => [r.ruleId, r.tags])")
    enabled = {rule: {"enabled": "wcag2aaa" not in tags} for rule, tags in rules}
    return {"rules": enabled, "resultTypes": ["violations"]}


@pytest.mark.parametrize("path", [AIN_AL_ASAD, EMBASSY, BALAD])
def test_axe_finds_no_violation_of_any_kind(sized, base, axe, path) -> None:
    open_page(sized, base, path)
    sized.wait_for_selector(".idb-cite-box .md-code__nav[aria-label]")
    violations = axe.run(sized, options=every_rule(axe, sized)).response["violations"]
    found = [
        f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    ]
    assert found == [], "\n".join(found)


def test_axe_on_an_incident_without_a_map(sized, base, axe, real) -> None:
    open_page(sized, base, unlocated(real))
    sized.wait_for_selector(".idb-cite-box .md-code__nav[aria-label]")
    assert axe.run(sized, options=every_rule(axe, sized)).response["violations"] == []
    assert sized.errors == []
