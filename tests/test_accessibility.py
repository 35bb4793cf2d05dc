"""Accessibility of every kind of page, at desktop and phone sizes, in headless Chromium.

axe-core runs the WCAG 2.0, 2.1 and 2.2 A and AA rules (and its best practices) on each
page after its scripts have run (the map drawn, the table made sortable); any violation, of
any impact, fails. The keyboard tests walk a page as someone without a mouse would.
"""

from __future__ import annotations

import pytest
from conftest import open_page

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
KINDS = ["home", "incident", "faction", "place", "incidents", "timeline", "year", "map",
         "statistics", "factions", "places", "downloads", "about", "search"]  # fmt: skip
RULES = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def violations(tab: object, axe: object) -> list[str]:
    found = axe.run(tab, options=RULES).response["violations"]
    return [
        f"{v['impact']} {v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:4]}"
        for v in found
    ]


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", KINDS)
def test_no_accessibility_violation(tab, base, pages, axe, kind, size) -> None:
    tab.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    open_page(tab, base, {**pages, "search": "search/"}[kind])
    assert violations(tab, axe) == []


def test_the_first_tab_offers_to_skip_to_the_content(tab, base, pages) -> None:
    open_page(tab, base, pages["incident"])
    tab.keyboard.press("Tab")
    skip = tab.evaluate("document.activeElement.textContent.trim()")
    assert skip == "Skip to content"
    tab.keyboard.press("Enter")
    target = tab.evaluate("decodeURIComponent(location.hash.slice(1))")
    assert target
    assert tab.evaluate(f"document.getElementById({target!r}).closest('article') !== null")


@pytest.mark.parametrize("kind", ["home", "incident", "statistics"])
def test_every_focusable_element_shows_where_the_focus_is(tab, base, pages, kind) -> None:
    """Tab through the page: each element reached is on screen when focused and drawn with
    an outline or a changed look (no focus lost on an invisible element)."""
    open_page(tab, base, pages[kind])
    seen = 0
    for _ in range(40):
        tab.keyboard.press("Tab")
        state = tab.evaluate(
            """() => {
              const e = document.activeElement;
              if (!e || e === document.body) return null;
              const r = e.getBoundingClientRect();
              const s = getComputedStyle(e);
              return {tag: e.tagName, text: (e.textContent || e.value || '').trim().slice(0, 40),
                      visible: r.width > 0 && r.height > 0 && s.visibility !== 'hidden',
                      outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                      shadow: s.boxShadow !== 'none'};
            }"""
        )
        if state is None:
            break
        seen += 1
        assert state["visible"], state
        assert state["outline"] or state["shadow"], state
    assert seen >= 5
