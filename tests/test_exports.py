"""Downloads, feed and citation files: what researchers get, checked against the docs."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import math
import re
from pathlib import Path

import pytest
import yaml
from conftest import soup_of
from lxml import etree

from incidentdb.exports.downloads import COLUMNS, csv_cell, exports
from incidentdb.model.geo import admin_areas, incident_point
from incidentdb.model.index import build_index
from incidentdb.model.load import load_bytes
from incidentdb.model.published import SiteInfo
from incidentdb.site.build import Site

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "tests/fixtures/small.yaml"
ATOM = "{http://www.w3.org/2005/Atom}"
FIXTURE_ID = "2020-02-16-baghdad-rockets"
GEO_PROPERTIES = {
    "id", "title", "date", "date_label", "year", "type", "type_label", "place", "place_name",
    "geo_precision", "killed_low", "wounded_low", "casualties", "url",
}  # fmt: skip


def mkdocs_setting(name: str) -> str:
    match = re.search(rf"^{name}:\s*(.+)$", (ROOT / "mkdocs.yml").read_text(), re.M)
    assert match, f"mkdocs.yml has no {name}"
    return match.group(1).strip()


SITE_URL = mkdocs_setting("site_url")


def site_of(text: str) -> Site:
    """A Site from YAML text, with the real site_url, without running MkDocs."""
    db = load_bytes(text.encode(), "test.yaml")
    info = SiteInfo(site_url=SITE_URL, site_name=mkdocs_setting("site_name"))
    return Site(db, build_index(db), info)


def files_of(site: Site) -> dict[str, bytes]:
    return {p: c if isinstance(c, bytes) else c.encode() for p, c in exports(site)}


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def documented_columns(site: Path) -> list[str]:
    """Column names of the data dictionary table on the built Downloads page, in order."""
    soup = soup_of(site, "downloads/")
    heading = soup.find(id="data-dictionary")
    table = heading.find_next("table")
    return [row.find("td").get_text() for row in table.select("tbody tr")]


def incident_pages(site: Path) -> set[str]:
    """Ids of the built incident pages, without the redirects of merged records."""
    ids = set()
    for page in (site / "incidents").glob("*/index.html"):
        if 'http-equiv="refresh"' not in page.read_text(encoding="utf-8"):
            ids.add(page.parent.name)
    return ids


def built_page(site: Path, url: str) -> Path:
    assert url.startswith(SITE_URL), url
    return site / url[len(SITE_URL) :] / "index.html"


@pytest.fixture(params=["small_site", "real_site"])
def any_site(request: pytest.FixtureRequest) -> Path:
    return request.getfixturevalue(request.param)


# --- CSV -------------------------------------------------------------------------------


def test_csv_header_is_exactly_the_documented_data_dictionary(small_site: Path) -> None:
    with (small_site / "downloads/incidents.csv").open(encoding="utf-8", newline="") as f:
        header = csv.DictReader(f).fieldnames
    assert header == documented_columns(small_site)
    assert list(COLUMNS) == documented_columns(small_site)


def test_csv_has_one_row_per_incident_page(any_site: Path) -> None:
    rows = csv_rows((any_site / "downloads/incidents.csv").read_bytes())
    assert [r["id"] for r in rows] and len(rows) == len({r["id"] for r in rows})
    assert {r["id"] for r in rows} == incident_pages(any_site)
    for row in rows:
        assert built_page(any_site, row["url"]).is_file()


def test_csv_row_of_the_fixture_incident(small_site: Path) -> None:
    (row,) = csv_rows((small_site / "downloads/incidents.csv").read_bytes())
    assert row == {
        "id": FIXTURE_ID,
        "url": f"{SITE_URL}incidents/{FIXTURE_ID}/",
        "title": "Rockets near the US embassy in Baghdad",
        "category": "attack",
        "type": "rocket-attack",
        "event_date": "2020-02-16",
        "date_start": "2020-02-16",
        "date_end": "2020-02-16",
        "time_precision": "day",
        "place_id": "baghdad",
        "place_name": "Baghdad",
        "admin1": "",
        "country": "Iraq",
        "latitude": "33.2",
        "longitude": "43.7",
        "geo_precision": "3",
        "location_precision": "parent:country",
        "killed_low": "",
        "killed_high": "",
        "wounded_low": "",
        "wounded_high": "",
        "casualties_disputed": "0",
        "munitions": "rocket: at least 2",
        "claimed_by": "",
        "blamed": "hashd-al-shaabi",
        "suspected": "",
        "denied": "",
        "unclaimed": "1",
        "actors": "",
        "sources": "afp-fr-2020-02-16;reuters-fr-2020-02-16",
        "source_count": "2",
        "discrepancies": "when",
        "summary": "Rockets fell near the embassy; see AFP (https://www.afp.com/).",
        "created": "2026-11-21",
        "updated": "",
    }


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1 rocket", "'+1 rocket"),
        ("-5 km south", "'-5 km south"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("Rockets = 3", "Rockets = 3"),
        ("", ""),
        (None, ""),
        (-5, -5),
        (43.7, 43.7),
        (0, 0),
    ],
)
def test_csv_cell_defuses_formulas_and_leaves_numbers(value: object, cell: object) -> None:
    assert csv_cell(value) == cell


def test_hostile_title_reaches_the_csv_defused_and_the_json_unchanged() -> None:
    text = SMALL.read_text().replace(
        "title: Rockets near the US embassy in Baghdad", "title: \"=cmd|' /C calc'!A0\""
    )
    files = files_of(site_of(text))
    (row,) = csv_rows(files["downloads/incidents.csv"])
    assert row["title"] == "'=cmd|' /C calc'!A0"
    assert json.loads(files["downloads/incidents.json"])[0]["title"] == "=cmd|' /C calc'!A0"


# --- JSON ------------------------------------------------------------------------------


def test_json_rows_are_the_csv_rows(any_site: Path) -> None:
    rows = json.loads((any_site / "downloads/incidents.json").read_text(encoding="utf-8"))
    csv_data = csv_rows((any_site / "downloads/incidents.csv").read_bytes())
    assert [list(r) for r in rows] == [list(COLUMNS)] * len(rows)
    as_cells = [{k: str(csv_cell(v)) for k, v in r.items()} for r in rows]
    assert as_cells == csv_data


def test_database_json_holds_every_record(small_site: Path) -> None:
    data = json.loads((small_site / "downloads/database.json").read_text(encoding="utf-8"))
    assert [s["id"] for s in data["sources"]] == ["afp-fr-2020-02-16", "reuters-fr-2020-02-16"]
    assert [p["id"] for p in data["places"]] == ["iraq", "baghdad", "union-iii"]
    merged = data["incidents"][1]
    assert (merged["status"], merged["merged_into"]) == ("merged", FIXTURE_ID)
    incident = data["incidents"][0]
    assert incident["date"] == {
        "text": "2020-02-16",
        "lower": "2020-02-16",
        "upper": "2020-02-16",
        "precision": "day",
    }
    assert incident["munitions"][0]["count"] == {"min": 2, "best": None, "max": None}
    assert incident["responsibility"][1]["by"] == "United States"
    assert incident["discrepancies"][0]["accounts"][1]["value"] == "15:24 Iraqi time"
    assert data["places"][0]["coordinates"] == {"lat": 33.2, "lon": 43.7, "precision": "centroid"}


def test_schema_download_is_a_json_schema(small_site: Path) -> None:
    schema = json.loads((small_site / "downloads/incidents.schema.json").read_text())
    assert "$schema" in schema


# --- GeoJSON ---------------------------------------------------------------------------


def test_geojson_is_a_feature_collection_of_points(any_site: Path) -> None:
    data = json.loads((any_site / "downloads/incidents.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert data["features"]
    for f in data["features"]:
        assert f["type"] == "Feature"
        assert f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]
        assert all(isinstance(v, float) and math.isfinite(v) for v in (lon, lat))
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert set(f["properties"]) == GEO_PROPERTIES
        assert f["properties"]["url"] == f"incidents/{f['properties']['id']}/"
        assert (any_site / f["properties"]["url"] / "index.html").is_file()


def test_geojson_feature_of_the_fixture_incident(small_site: Path) -> None:
    (f,) = json.loads((small_site / "downloads/incidents.geojson").read_text())["features"]
    assert f["geometry"]["coordinates"] == [43.7, 33.2]
    assert f["properties"] == {
        "id": FIXTURE_ID,
        "title": "Rockets near the US embassy in Baghdad",
        "date": "2020-02-16",
        "date_label": "16 February 2020",
        "year": 2020,
        "type": "rocket-attack",
        "type_label": "Rocket attack",
        "place": "baghdad",
        "place_name": "Baghdad",
        "geo_precision": 3,
        "killed_low": None,
        "casualties": "",
        "wounded_low": None,
        "url": f"incidents/{FIXTURE_ID}/",
    }


# --- places, precision and casualties, on a purpose-built database ------------------------

GEO_DB = """
schema_version: 1
sources:
  - {id: s1, kind: news-report, publisher: AFP, language: en, url: "https://example.org/1"}
  - {id: s2, kind: news-report, publisher: Reuters, language: en, date: "2020-03"}
factions:
  - {id: kh, name: Kataib Hezbollah, kind: militia, description: A militia.}
  - {id: nujaba, name: Harakat al-Nujaba, kind: militia, description: A militia.}
places:
  - {id: iraq, name: Iraq, kind: country, coordinates: {lat: 33.2, lon: 43.7, precision: centroid}}
  - {id: anbar, name: Anbar, kind: province, parent: iraq}
  - id: ain-al-asad
    name: Ain al-Asad
    kind: air-base
    parent: anbar
    coordinates: {lat: 33.8, lon: 42.44, precision: exact}
  - id: baghdad
    name: Baghdad
    kind: city
    parent: iraq
    coordinates: {lat: 33.31, lon: 44.36, precision: centroid}
  - {id: union-iii, name: Union III, kind: military-base, parent: baghdad}
  - id: desert
    name: Western desert
    kind: zone
    parent: anbar
    coordinates: {lat: 33.0, lon: 41.0, precision: approximate}
  - {id: nowhere, name: Somewhere, kind: zone}
incidents:
"""


def incident_yaml(
    n: int, place: str | None, created: str, extra: str = "", sources: str = "[s1]"
) -> str:
    return f"""
  - id: i{n:03d}
    title: Incident {n}
    type: rocket-attack
    date: "2020-03"
    {f"place: {place}" if place else ""}
    summary: Text {n}.
    sources: {sources}
    created: "{created}"
{extra}"""


CASUALTIES = """    casualties:
      - {outcome: killed, count: {min: 3}, sources: [s1]}
      - {outcome: wounded, count: {min: 2, max: 4}, sources: [s1]}
      - {outcome: wounded, count: {min: 1, max: 1}, sources: [s1]}
    responsibility:
      - {stance: claimed, faction: kh, sources: [s1]}
      - {stance: denied, faction: kh, sources: [s1]}
      - {stance: suspected, faction: nujaba, sources: [s1]}
      - {stance: blamed, faction: kh, sources: [s1]}
      - {stance: blamed, faction: nujaba, sources: [s1]}
"""

DISPUTED = """    casualties:
      - {outcome: killed, count: {min: 1, max: 1}, sources: [s1]}
      - {outcome: killed, count: {min: 4, max: 6}, sources: [s2]}
"""

GEO_SITE = site_of(
    GEO_DB
    + incident_yaml(1, "ain-al-asad", "2026-01-01", CASUALTIES)
    + incident_yaml(2, "union-iii", "2026-01-03")
    + incident_yaml(3, "baghdad", "2026-01-02")
    + incident_yaml(4, "desert", "2026-01-02")
    + incident_yaml(5, "anbar", "2026-01-02")
    + incident_yaml(6, "nowhere", "2026-01-02")
    + incident_yaml(7, None, "2026-01-02")
    + incident_yaml(8, "baghdad", "2026-01-02", DISPUTED, sources="[s1, s2]")
)


@pytest.mark.parametrize(
    ("incident", "point", "areas"),
    [
        ("i001", (33.8, 42.44, "ain-al-asad", "exact", 1), ("Anbar", "Iraq")),
        ("i002", (33.31, 44.36, "baghdad", "parent:city", 2), ("", "Iraq")),
        ("i003", (33.31, 44.36, "baghdad", "centroid", 1), ("", "Iraq")),
        ("i004", (33.0, 41.0, "desert", "approximate", 2), ("Anbar", "Iraq")),
        ("i005", (33.2, 43.7, "iraq", "parent:country", 3), ("Anbar", "Iraq")),
        ("i006", None, ("", "")),
        ("i007", None, ("", "")),
    ],
)
def test_incident_point_and_admin_areas(incident: str, point: tuple | None, areas: tuple) -> None:
    db, index = GEO_SITE.db, GEO_SITE.index
    found = incident_point(db, index, db.incidents[incident])
    as_tuple = found and (found.lat, found.lon, found.place, found.location_precision,
                          found.geo_precision)  # fmt: skip
    assert as_tuple == point
    assert admin_areas(db, index, db.incidents[incident].place) == areas


def test_rows_without_a_point_have_empty_coordinates_and_no_feature() -> None:
    files = files_of(GEO_SITE)
    rows = {r["id"]: r for r in csv_rows(files["downloads/incidents.csv"])}
    for name in ("latitude", "longitude", "geo_precision", "location_precision", "place_id"):
        assert rows["i007"][name] == ""
    assert rows["i006"]["place_name"] == "Somewhere"
    assert rows["i006"]["latitude"] == ""
    features = json.loads(files["downloads/incidents.geojson"])["features"]
    assert [f["properties"]["id"] for f in features] == [
        "i001",
        "i002",
        "i003",
        "i004",
        "i005",
        "i008",
    ]


def test_casualty_ranges_and_responsibility_lists() -> None:
    rows = {r["id"]: r for r in csv_rows(files_of(GEO_SITE)["downloads/incidents.csv"])}
    row = rows["i001"]
    assert (row["killed_low"], row["killed_high"]) == ("3", "")
    assert (row["wounded_low"], row["wounded_high"]) == ("3", "5")
    assert (row["claimed_by"], row["blamed"], row["suspected"], row["denied"]) == (
        "kh",
        "kh;nujaba",
        "nujaba",
        "kh",
    )
    assert (row["unclaimed"], row["casualties_disputed"]) == ("0", "0")
    assert rows["i002"]["killed_low"] == rows["i002"]["claimed_by"] == ""
    disputed = rows["i008"]
    assert (disputed["killed_low"], disputed["killed_high"]) == ("1", "6")
    assert (disputed["wounded_low"], disputed["casualties_disputed"]) == ("", "1")


# --- feed ------------------------------------------------------------------------------


def feed_entries(data: bytes) -> tuple[etree._Element, list[etree._Element]]:
    root = etree.fromstring(data)
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "link"):
        assert root.find(ATOM + tag) is not None, tag
    entries = root.findall(f"{ATOM}entry")
    for entry in entries:
        for tag in ("id", "title", "updated", "link"):
            assert entry.find(ATOM + tag) is not None, tag
    return root, entries


def test_feed_is_atom_with_entries_linking_to_built_pages(any_site: Path) -> None:
    root, entries = feed_entries((any_site / "feed.xml").read_bytes())
    assert entries
    created = [e.findtext(f"{ATOM}updated") for e in entries]
    assert created == sorted(created, reverse=True)
    assert root.findtext(f"{ATOM}updated") == created[0]
    for entry in entries:
        link = entry.find(f"{ATOM}link")
        assert link.get("rel") == "alternate"
        assert entry.findtext(f"{ATOM}id") == link.get("href")
        assert built_page(any_site, link.get("href")).is_file()


def test_feed_entry_of_the_fixture_incident(small_site: Path) -> None:
    _, (entry,) = feed_entries((small_site / "feed.xml").read_bytes())
    assert entry.findtext(f"{ATOM}title") == "Rockets near the US embassy in Baghdad"
    assert entry.findtext(f"{ATOM}published") == "2026-11-21T00:00:00Z"
    assert entry.findtext(f"{ATOM}summary") == (
        "Rockets fell near the embassy; see AFP (https://www.afp.com/)."
    )
    assert entry.find(f"{ATOM}category").get("term") == "rocket-attack"


def test_feed_drops_characters_xml_cannot_carry() -> None:
    # The validator refuses control characters; the feed must still never break if one slips by.
    site = site_of(SMALL.read_text())
    (incident,) = [i for i in site.db.incidents.values() if i.published]
    hostile = dataclasses.replace(incident, title="Rockets\x01 near\x0b Baghdad")
    db = dataclasses.replace(site.db, incidents={hostile.id: hostile})
    _, (entry,) = feed_entries(files_of(Site(db, build_index(db), site.info))["feed.xml"])
    assert entry.findtext(f"{ATOM}title") == "Rockets near Baghdad"


def test_feed_keeps_the_50_added_last_newest_first() -> None:
    day = dt.date(2026, 1, 1)
    text = GEO_DB + "".join(
        incident_yaml(n, "baghdad", (day + dt.timedelta(days=(n * 7) % 60)).isoformat())
        for n in range(60)
    )  # created days are a permutation of 60 days, unrelated to file order
    root, entries = feed_entries(files_of(site_of(text))["feed.xml"])
    stamps = [e.findtext(f"{ATOM}published") for e in entries]
    expected = [(day + dt.timedelta(days=d)).isoformat() + "T00:00:00Z" for d in range(59, 9, -1)]
    assert stamps == expected
    assert root.findtext(f"{ATOM}updated") == "2026-03-01T00:00:00Z"


# --- determinism and citation --------------------------------------------------------------


def test_exports_are_byte_identical_across_renders_and_processes(small_site: Path) -> None:
    first, second = files_of(site_of(SMALL.read_text())), files_of(site_of(SMALL.read_text()))
    assert first == second
    for path, content in first.items():
        assert (small_site / path).read_bytes() == content, path  # built in another process


def test_citation_cff_has_the_required_keys() -> None:
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for key in ("cff-version", "message", "title", "authors"):
        assert cff[key], key
    assert cff["cff-version"] == "1.2.0"
    assert cff["type"] == "dataset"
    assert cff["license"] == "CC-BY-4.0"
    assert cff["authors"] == [{"name": "Iraq Incident Database contributors"}]
    assert cff["url"] == SITE_URL


def test_the_munitions_cell_says_each_account_once(real_site: Path) -> None:
    rows = csv_rows((real_site / "downloads/incidents.csv").read_bytes())
    repeated = [
        r["id"]
        for r in rows
        if len(r["munitions"].split("; ")) != len(set(r["munitions"].split("; ")))
    ]
    assert repeated == []
    db = load_bytes((ROOT / "data" / "incidents.yaml").read_bytes(), "data/incidents.yaml")
    several = [i for i in db.incidents.values() if len({str(m.count) for m in i.munitions}) > 1]
    assert several, "the data has munitions accounts that differ"
    by_id = {r["id"]: r for r in rows}
    for incident in several:
        if incident.id in by_id:
            cell = by_id[incident.id]["munitions"]
            for m in incident.munitions:
                assert (f"{m.kind}: {m.count}" if m.count else m.kind) in cell.split("; ")
