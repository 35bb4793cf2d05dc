"""Downloads: the data in analysis-ready forms, written from the model at build time.

Every file is deterministic: rows in the site's order (date, then id), columns in COLUMNS
order, no clock. docs/downloads.md documents every column (a test keeps them in step).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import io
import json
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from incidentdb.exports.dictionary import COLUMNS as DICTIONARY
from incidentdb.exports.dictionary import data_package
from incidentdb.exports.feed import feed_xml
from incidentdb.exports.mapdata import map_files
from incidentdb.exports.text import plain_text
from incidentdb.model import labels, present
from incidentdb.model.geo import admin_areas, incident_point
from incidentdb.model.records import EdtfDate, Incident

if TYPE_CHECKING:
    from incidentdb.model.published import Published

COLUMNS = tuple(column.name for column in DICTIONARY)
Row = dict[str, str | int | float | None]

# Spreadsheets run a cell beginning with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def exports(site: Published) -> Iterator[tuple[str, str | bytes]]:
    from incidentdb.data.jsonschema import schema_text

    rows = incident_rows(site)
    yield "downloads/incidents.schema.json", schema_text()
    yield "downloads/incidents.csv", csv_bytes(rows)
    yield "downloads/datapackage.json", data_package(site.info.site_name, site.info.site_url)
    yield "downloads/incidents.json", json_lines(rows)
    yield "downloads/incidents.geojson", geojson_text(site)
    yield "downloads/database.json", database_json(site)
    yield "feed.xml", feed_xml(site)
    yield from map_files(site)
    for incident in site.index.published:
        yield f"incidents/{incident.id}/data.json", record_json(site, incident)


def record_json(site: Published, incident: Incident) -> str:
    """One incident as the model holds it, with the sources it cites: what "view the data"
    on its page opens, at an address made of its id."""
    record = {
        "incident": _plain(incident),
        "sources": [_plain(site.db.sources[sid]) for sid in incident.sources],
        "page": present.permalink(incident, site.info.site_url),
    }
    return json.dumps(record, ensure_ascii=False, indent=1) + "\n"


# --- one flat row per published incident -------------------------------------------------


def incident_rows(site: Published) -> list[Row]:
    return [incident_row(site, incident) for incident in site.index.published]


def incident_row(site: Published, incident: Incident) -> Row:
    db, index = site.db, site.index
    point = incident_point(db, index, incident)
    admin1, country = admin_areas(db, index, incident.place)
    killed = present.casualty_range(incident, "killed")
    wounded = present.casualty_range(incident, "wounded")
    return {
        "id": incident.id,
        "url": present.permalink(incident, site.info.site_url),
        "title": incident.title,
        "category": incident.category,
        "type": incident.type,
        "event_date": incident.date.text,
        "date_start": incident.date.lower.isoformat(),
        "date_end": incident.date.upper.isoformat(),
        "time_precision": incident.date.precision,
        "place_id": incident.place or "",
        "place_name": present.place_label(db, incident.place),
        "admin1": admin1,
        "country": country,
        "latitude": point.lat if point else None,
        "longitude": point.lon if point else None,
        "geo_precision": point.geo_precision if point else None,
        "location_precision": point.location_precision if point else "",
        "killed_low": killed[0],
        "killed_high": killed[1],
        "wounded_low": wounded[0],
        "wounded_high": wounded[1],
        "casualties_disputed": int(killed[2] or wounded[2]),
        "munitions": munitions_text(incident),
        **responsibility_columns(incident),
        "actors": ";".join(_unique(f"{a.faction}:{a.role}" for a in incident.actors)),
        "sources": ";".join(incident.sources),
        "source_count": len(incident.sources),
        "discrepancies": ";".join(_unique(d.field for d in incident.discrepancies)),
        "summary": plain_text(incident.summary),
        "created": incident.created,
        "updated": incident.updated,
    }


def munitions_text(incident: Incident) -> str:
    """'rocket: at least 2; drone: 1' — each munition kind with its count when known; the
    same account given by several sources once (their figures are in database.json)."""
    return "; ".join(
        _unique(f"{m.kind}: {m.count}" if m.count else m.kind for m in incident.munitions)
    )


def responsibility_columns(incident: Incident) -> dict[str, str | int]:
    """Faction ids per stance, joined by ';', and whether any source calls it unclaimed."""
    by_stance: dict[str, list[str]] = {s: [] for s in ("claimed", "blamed", "suspected", "denied")}
    for a in incident.responsibility:
        if a.faction and a.stance in by_stance and a.faction not in by_stance[a.stance]:
            by_stance[a.stance].append(a.faction)
    return {
        "claimed_by": ";".join(by_stance["claimed"]),
        "blamed": ";".join(by_stance["blamed"]),
        "suspected": ";".join(by_stance["suspected"]),
        "denied": ";".join(by_stance["denied"]),
        "unclaimed": int(any(a.stance == "unclaimed" for a in incident.responsibility)),
    }


def _unique(items: Iterator[str]) -> list[str]:
    return list(dict.fromkeys(items))


# --- CSV and JSON of the rows ------------------------------------------------------------


def csv_cell(value: str | int | float | None) -> str | int | float:
    """A CSV cell: empty for unknown, numbers as numbers, formula-like text defused with '."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_bytes(rows: list[Row]) -> bytes:
    """RFC 4180 CSV (CRLF line ends), UTF-8 without BOM, header row first."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([csv_cell(row[name]) for name in COLUMNS])
    return out.getvalue().encode("utf-8")


def json_lines(items: list) -> str:
    """A JSON array with one item per line: compact, and diffs line by line."""
    if not items:
        return "[]\n"
    body = ",\n".join(json.dumps(item, ensure_ascii=False, sort_keys=False) for item in items)
    return "[\n" + body + "\n]\n"


# --- GeoJSON -----------------------------------------------------------------------------


def geojson_text(site: Published) -> str:
    """RFC 7946 FeatureCollection: one Point per published incident that has a point."""
    features = [f for f in (feature(site, i) for i in site.index.published) if f]
    if not features:
        return '{"type": "FeatureCollection", "features": []}\n'
    body = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    return '{"type": "FeatureCollection", "features": [\n' + body + "\n]}\n"


def feature(site: Published, incident: Incident) -> dict | None:
    point = incident_point(site.db, site.index, incident)
    if point is None:
        return None
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
        "properties": {
            "id": incident.id,
            "title": incident.title,
            "date": incident.date.text,
            "date_label": labels.date_label(incident.date),
            "year": incident.date.lower.year,
            "type": incident.type,
            "type_label": labels.words(incident.type),
            "place": incident.place,
            "place_name": present.place_label(site.db, incident.place),
            "geo_precision": point.geo_precision,
            "killed_low": present.casualty_range(incident, "killed")[0],
            "wounded_low": present.casualty_range(incident, "wounded")[0],
            "casualties": present.casualty_words(incident),
            "url": f"incidents/{incident.id}/",
        },
    }


# --- the whole database, nested ----------------------------------------------------------


def database_json(site: Published) -> str:
    """Every record with every field, as the model holds it (dates with their bounds).

    One record per line, in file order, so the file stays compact and diffs line by line.
    """
    db = site.db
    parts = [f'{{"schema_version": {json.dumps(db.schema_version)}']
    for name, records in (
        ("sources", db.sources),
        ("factions", db.factions),
        ("places", db.places),
        ("incidents", db.incidents),
    ):
        items = [_plain(record) for record in records.values()]
        parts.append(f'"{name}": {json_lines(items).rstrip()}')
    return ",\n".join(parts) + "}\n"


_PASS_THROUGH = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> object:
    """A model value as JSON: records as objects, EDTF dates as text with bounds."""
    kind = value.__class__  # dispatch on the exact class: this runs for every value
    if kind in _PASS_THROUGH:
        return value
    if kind is tuple or kind is list:
        return [_plain(v) for v in value]
    if kind is EdtfDate:
        return {
            "text": value.text,
            "lower": value.lower.isoformat(),
            "upper": value.upper.isoformat(),
            "precision": value.precision,
        }
    if kind is Decimal:
        return float(value)
    if kind is dt.date:
        return value.isoformat()
    return {name: _plain(getattr(value, name)) for name in _field_names(kind)}


@functools.cache
def _field_names(record_type: type) -> tuple[str, ...]:
    """The fields of a model record, without `line` (where it sits in the file: noise)."""
    return tuple(f.name for f in dataclasses.fields(record_type) if f.name != "line")
