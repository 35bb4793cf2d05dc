"""Incident pages of the real site, as built: the summary at a glance, the locator map, related
incidents read from both sides, citation markers and the way back to them, and every link the
site prints leading somewhere that exists."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup
from conftest import ROOT

from incidentdb.model.geo import locator_point

AIN_AL_ASAD = "2020-01-iranian-missile-strike-iraqi-base"
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
SITE_URL = CONFIG["site_url"]
BASE_PATH = urlsplit(SITE_URL).path  # /iraq-incident-database/


_SOUPS: dict[tuple[Path, str], BeautifulSoup] = {}


def page_of(site: Path, incident_id: str) -> BeautifulSoup:
    """An incident page, parsed once (lxml) for every test of this file."""
    key = (site, incident_id)
    if key not in _SOUPS:
        html = (site / "incidents" / incident_id / "index.html").read_text(encoding="utf-8")
        _SOUPS[key] = BeautifulSoup(html, "lxml")
    return _SOUPS[key]


def text(node) -> str:
    return " ".join(node.get_text(" ", strip=True).split())


def glance_rows(soup: BeautifulSoup) -> dict[str, object]:
    return {text(row.dt): row.dd for row in soup.select(".idb-glance .idb-glance-row")}


# --- every link the site prints resolves ---------------------------------------------------

_IDS: dict[Path, set[str]] = {}


def ids_in(page: Path) -> set[str]:
    if page not in _IDS:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        _IDS[page] = {t["id"] for t in soup.find_all(id=True)}
    return _IDS[page]


def target_of(site: Path, page: Path, href: str) -> tuple[Path, str] | None:
    """The file and anchor an href of `page` leads to, or None when it leaves the site.
    Links that name the published site (its URL, or its path from the server's root, as the
    404 page must) are read as the site's own."""
    if href.startswith(SITE_URL):
        href = "/" + href[len(SITE_URL) :]
    elif href.startswith(BASE_PATH):
        href = "/" + href[len(BASE_PATH) :]
    parts = urlsplit(urljoin("http://site/" + page.relative_to(site).as_posix(), href))
    if parts.scheme != "http" or parts.netloc != "site":
        return None
    path = site / unquote(parts.path).lstrip("/")
    if parts.path.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def internal_links(site: Path) -> list[tuple[Path, str]]:
    """(page, href) for every href and src of every built HTML page, and every address of the
    published site written in any page, feed, sitemap or download."""
    found = []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for tag in soup.find_all(["a", "link", "script", "img", "source", "area", "iframe"]):
            href = tag.get("href") or tag.get("src")
            if href:
                found.append((page, href))
    printed = re.compile(re.escape(SITE_URL) + r"[^\s\"'<>(){}\[\],\\]*")
    for ext in ("html", "xml", "json", "geojson", "csv"):
        for file in sorted(site.rglob(f"*.{ext}")):
            if file.parent.name == "search":
                continue  # the search index repeats the pages' own text
            for url in printed.findall(file.read_text(encoding="utf-8")):
                found.append((file, url.rstrip(".,;")))
    return found


def test_every_link_the_site_prints_resolves(real_site: Path) -> None:
    links = internal_links(real_site)
    assert len(links) > 10_000, "the walk finds the site's links"
    broken = []
    for page, href in links:
        target = target_of(real_site, page, href)
        if target is None:
            continue
        path, anchor = target
        if not path.exists():
            broken.append((page.relative_to(real_site).as_posix(), href, "no such file"))
        elif anchor and path.suffix == ".html" and anchor not in ids_in(path):
            broken.append((page.relative_to(real_site).as_posix(), href, "no such anchor"))
    assert broken == []


def test_the_link_check_finds_a_broken_link_and_a_broken_anchor(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<p id="here"><a href="#here">ok</a> <a href="#gone">bad anchor</a>'
        ' <a href="../b/">no page</a> <a href="https://example.org/">away</a></p>'
    )
    page = tmp_path / "a" / "index.html"
    results = [target_of(tmp_path, page, h) for h in ("#here", "#gone", "../b/", "https://x/")]
    assert results[0] == (page, "here") and "here" in ids_in(page)
    assert results[1] == (page, "gone") and "gone" not in ids_in(page)
    assert results[2] == (tmp_path / "b" / "index.html", "") and not results[2][0].exists()
    assert results[3] is None
    assert target_of(tmp_path, page, SITE_URL + "a/#here") == (page, "here")


# --- the page's layout -----------------------------------------------------------------------


def test_incident_pages_have_no_navigation_column_but_keep_their_contents(real_site, real):
    _, index = real
    for incident in index.published[:20]:
        soup = page_of(real_site, incident.id)
        assert soup.select_one(".md-sidebar--primary").has_attr("hidden"), incident.id
        assert not soup.select_one(".md-sidebar--secondary").has_attr("hidden"), incident.id


def test_the_summary_box_comes_first_with_every_headline_fact(real_site, real):
    _, index = real
    for incident in index.published:
        soup = page_of(real_site, incident.id)
        h1 = soup.select_one("article h1")
        box = h1.find_next_sibling()
        assert box.name == "section" and "idb-glance" in box["class"], incident.id
        names = list(glance_rows(soup))
        assert names[:6] == ["Date", "Place", "Type", "Munitions", "Casualties", "Responsibility"]
        assert names[6:] in ([], ["Also disputed"]), incident.id


def test_the_summary_gives_the_sources_figures_and_marks_the_dispute(real_site, real):
    db, _ = real
    incident = db.incidents[AIN_AL_ASAD]
    soup = page_of(real_site, AIN_AL_ASAD)
    rows = glance_rows(soup)
    casualties = rows["Casualties"]
    lines = [text(line) for line in casualties.select(".idb-glance-line")]
    assert lines == ["killed: none reported", "wounded: at least 24, about 100 or 109"]
    (mark,) = casualties.select("a.idb-disputed")
    assert mark.get_text(" ", strip=True).startswith("disputed")
    section = soup.find(id=mark["href"][1:])
    assert section is not None and "idb-discrepancy" in section["class"]
    assert text(section.h3).startswith("How many were injured")
    sides = [text(s.select_one(".idb-value")) for s in section.select(".idb-side")]
    assert any(s.startswith("Dozens") for s in sides)
    assert any(s.startswith("About a hundred") for s in sides)
    # The munition counts are the sources' own, each once.
    counts = {str(m.count) for m in incident.munitions if m.count}
    (line,) = rows["Munitions"].select(".idb-glance-line")
    shown = text(line).removeprefix("ballistic missile: ").replace(" or ", ", ").split(", ")
    assert set(shown) == counts and len(shown) == len(counts)


def test_every_disagreement_is_reached_from_the_summary(real_site, real):
    _, index = real
    with_disputes = [i for i in index.published if i.discrepancies]
    assert len(with_disputes) > 50
    for incident in with_disputes:
        soup = page_of(real_site, incident.id)
        box = soup.select_one(".idb-glance")
        linked = {a["href"] for a in box.select("a[href^='#disagreement-']")}
        assert linked == {f"#disagreement-{n}" for n in range(1, len(incident.discrepancies) + 1)}
        for a in box.select("a[href^='#']"):
            assert soup.find(id=a["href"][1:]) is not None, (incident.id, a["href"])


def test_the_summary_invents_nothing_where_the_sources_say_nothing(real_site, real):
    _, index = real
    silent = [i for i in index.published if not i.munitions]
    assert silent
    for incident in silent:
        rows = glance_rows(page_of(real_site, incident.id))
        assert text(rows["Munitions"]) == "not stated in the sources"
    for incident in index.published:
        rows = glance_rows(page_of(real_site, incident.id))
        for line in rows["Casualties"].select(".idb-glance-line"):
            outcome = text(line).split(":")[0]
            assert outcome in {c.outcome.replace("-", " ") for c in incident.casualties}


# --- the locator map -------------------------------------------------------------------------


def test_a_locator_map_where_the_place_has_coordinates_and_none_elsewhere(real_site, real):
    db, index = real
    located = unlocated = 0
    for incident in index.published:
        soup = page_of(real_site, incident.id)
        point = locator_point(db, index, incident)
        locator = soup.select_one(".idb-glance .idb-locator")
        leaflet = soup.find("script", src=lambda s: s and "leaflet" in s)
        if point is None:
            unlocated += 1
            assert locator is None and leaflet is None, incident.id
            continue
        located += 1
        assert leaflet is not None, incident.id
        assert (float(locator["data-lat"]), float(locator["data-lon"])) == (point.lat, point.lon)
        caption = soup.select_one(".idb-glance-map figcaption").get_text()
        assert f"{point.lat}, {point.lon}" in caption  # the coordinates as text, without JS
        if point.geo_precision > 1 or point.location_precision == "approximate":
            assert "approximate" in caption, incident.id
    assert located > 50 and unlocated > 10


# --- related incidents -----------------------------------------------------------------------


def related_links(real_site: Path, incident_id: str) -> dict[str, str]:
    """Related incident id → the relation's words, as the page lists them (each once)."""
    soup = page_of(real_site, incident_id)
    found: dict[str, str] = {}
    for li in soup.select(".idb-related li"):
        other = li.a["href"].rstrip("/").rsplit("/", 1)[-1]
        assert other not in found, f"{other} listed twice on {incident_id}"
        found[other] = text(li.select_one(".idb-relation"))
    return found


def test_related_incidents_are_listed_once_from_both_sides(real_site, real):
    _, index = real
    pairs = [(i.id, r.incident) for i in index.published for r in i.related]
    assert len(pairs) > 50
    for one, other in pairs:
        assert other in related_links(real_site, one), (one, other)
        assert one in related_links(real_site, other), (other, one)


def test_a_retaliation_reads_as_answered_by_from_the_other_side(real_site):
    # The US strikes of 29 December 2019 declare themselves retaliation for the K1 attack.
    strikes, k1 = "2019-12-29-us-airstrikes-kataib-hezbollah", "2019-12-27-k1-rocket-attack"
    assert "in retaliation for" in related_links(real_site, strikes)[k1]
    assert "answered by" in related_links(real_site, k1)[strikes]
    # Two records that declare the same link to each other show it once on each page.
    a, b = "2020-01-04-balad-air-base-rockets", "2020-01-04-baghdad-green-zone-jadriya-rockets"
    assert related_links(real_site, a)[b] == "same salvo as"
    assert related_links(real_site, b)[a] == "same salvo as"


# --- citation markers and the way back -------------------------------------------------------


def test_every_marker_has_its_own_id_a_name_and_a_way_back(real_site, real):
    db, index = real
    for incident in index.published:
        soup = page_of(real_site, incident.id)
        markers = soup.select("sup.idb-cite .idb-cite-m > a")
        ids = [a["id"] for a in markers]
        assert len(ids) == len(set(ids)), incident.id
        back = {}
        for li in soup.select(".idb-sources > ol > li"):
            for a in li.select(".idb-back a"):
                assert a["href"] not in back, (incident.id, a["href"])
                back[a["href"]] = li["id"]
        for a in markers:
            sid = a["href"].removeprefix("#src-")
            assert back.get(f"#{a['id']}") == f"src-{sid}", (incident.id, a["id"])
            about = soup.find(id=a["aria-describedby"])
            assert about is not None and about.find_parent("li")["id"] == f"src-{sid}"
            assert a.parent["data-tip"].startswith(db.sources[sid].publisher + ", ")
        assert len(back) == len(markers), incident.id
