"""The map page's own data: every incident with a point, in compact files.

The GeoJSON download repeats every property name and place for every incident (5.8 MB at
10,000 incidents); the map needs far less at first. `map/data.json` is what the map page
loads: each place once (its point, precision, the radius of the area an approximate point
stands for, its name) and each incident as four small numbers, in the site's order (date,
then id):

    {"kinds": [[type, symbol, label], ...], "categories": [[category, label], ...],
     "places": [[lat, lon, geo_precision, area_radius_m, place name, place id], ...],
     "chunk": CHUNK,
     "incidents": [[year, kind index, category index, place index], ...]}

The words of each incident (id, title, date, casualties) are in `map/details/<k>.json`, CHUNK
incidents per file in the same order (incident n is row n % CHUNK of file n // CHUNK): the
page loads one only when a popup or the list of the view needs it, so the first visit stays
small however large the database grows. `legend` gives the map page the kinds of incident
it shows, with the same symbols.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING

from incidentdb.data.schema import CATEGORIES, INCIDENT_TYPES
from incidentdb.model import labels, present
from incidentdb.model.geo import Point, area_radius_m, incident_point

if TYPE_CHECKING:
    from incidentdb.model.index import Index
    from incidentdb.model.published import Published
    from incidentdb.model.records import Incident

# One letter per kind of incident, drawn in its marker and named in the legend, so that a
# marker is read without its colour.
SYMBOLS = {
    "rocket-attack": "R",
    "mortar-attack": "M",
    "missile-strike": "S",
    "drone-strike": "D",
    "airstrike": "A",
    "ied": "B",
    "storming": "X",
    "small-arms": "G",
    "other": "O",
}
MAP_DATA = "map/data.json"
CHUNK = 500


def legend(index: Index) -> list[tuple[str, str, str]]:
    """(type, symbol, label) of each kind of incident among the published, in schema order."""
    present_types = {i.type for i in index.published}
    return [(t, SYMBOLS[t], labels.words(t)) for t in INCIDENT_TYPES if t in present_types]


def map_files(site: Published) -> Iterator[tuple[str, str]]:
    """(path, JSON text) of the map's data file and of its detail files."""
    mapped = [(i, p) for i in site.index.published if (p := incident_point(site.db, site.index, i))]
    places: dict[str, int] = {}
    place_rows: list[list] = []
    rows = []
    for incident, point in mapped:
        place = incident.place or ""
        if place not in places:
            places[place] = len(place_rows)
            place_rows.append(place_row(site, place, point))
        rows.append(incident_row(incident, places[place]))
    yield MAP_DATA, map_json(place_rows, rows)
    for k in range(0, len(mapped), CHUNK):
        details = [detail_row(incident) for incident, _ in mapped[k : k + CHUNK]]
        yield f"map/details/{k // CHUNK}.json", lines(details)


def map_json(place_rows: list[list], rows: list[list]) -> str:
    head = {
        "kinds": [[t, SYMBOLS[t], labels.words(t)] for t in INCIDENT_TYPES],
        "categories": [[c, labels.CATEGORY_WORDS[c]] for c in CATEGORIES],
        "places": place_rows,
        "chunk": CHUNK,
    }
    text = json.dumps(head, ensure_ascii=False, separators=(",", ":"))
    return text[:-1] + ',"incidents":' + lines(rows) + "}\n"


def lines(rows: list[list]) -> str:
    """A JSON array, one compact row per line."""
    body = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows)
    return "[\n" + body + "\n]" if rows else "[]"


def place_row(site: Published, place: str, point: Point) -> list:
    """The point of an incident's place, how precise it is, and the place's name."""
    name = present.place_label(site.db, place)
    return [point.lat, point.lon, point.geo_precision, area_radius_m(site.db, point), name, place]


KIND = {t: n for n, t in enumerate(INCIDENT_TYPES)}
CATEGORY = {c: n for n, c in enumerate(CATEGORIES)}


def incident_row(incident: Incident, place: int) -> list:
    """What the map draws of an incident: its year, kind, category and place."""
    return [incident.date.lower.year, KIND[incident.type], CATEGORY[incident.category], place]


def detail_row(incident: Incident) -> list:
    """What its popup and its line in the list of the view say."""
    date = labels.date_label(incident.date)
    return [incident.id, incident.title, date, present.casualty_words(incident)]
