"""The published site in a real browser: pages, map, table, search, accessibility, privacy.

Every request that does not go to the local server is blocked and its host recorded: the only
third-party host a page may ask for is the OpenStreetMap tile server, and the map must still
draw its markers without tiles.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from conftest import TILES, open_page

# --- every kind of page ---------------------------------------------------------------------

KINDS = ["home", "incident", "faction", "place", "timeline", "year", "factions", "places",
         "incidents", "map", "statistics", "about", "downloads"]  # fmt: skip
WITH_MAP = {"map", "place", "incident"}  # the incident page's place has coordinates


@pytest.mark.parametrize("kind", KINDS)
def test_page_loads_without_error_or_third_party_request(tab, base, pages, kind) -> None:
    open_page(tab, base, pages[kind])
    tab.wait_for_load_state("networkidle")
    assert tab.errors == []
    assert tab.blocked_hosts == ({TILES} if kind in WITH_MAP else set())
    # Material fetches the sitemap for a link whose rel is exactly "alternate": none may be
    assert [u for u in tab.requests if u.endswith("sitemap.xml")] == []
    feed = soup_of_page(tab).select('head link[type="application/atom+xml"]')
    assert len(feed) == 1 and "alternate" in feed[0]["rel"]


def soup_of_page(tab: object) -> object:
    from bs4 import BeautifulSoup

    return BeautifulSoup(tab.content(), "html.parser")


# The map and the locator maps: tests/test_browser_map.py.


# --- the incident table: tests/test_browser_table.py ---------------------------------------


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
