"""Where an incident happened, as a point with a stated precision, and the areas it lies in.

The point is the coordinates of the incident's main `place`, or else of the place's nearest
ancestor with coordinates. Two precisions say how far to trust it:

- `location_precision` (words): `exact`, `approximate` or `centroid` when the place has its
  own coordinates (their precision in the data); `parent:<kind>` (e.g. `parent:city`) when the
  point is that of the nearest enclosing place of that kind.
- `geo_precision` (ACLED's scale): 1 = the site itself or the town it is in; 2 = near the
  site, or somewhere within a town or district; 3 = only a province, region or country.

A point of precision 2 or 3 stands for an area, not a site: `area_radius_m` gives the rough
radius of that area, by the kind of place whose coordinates the point is, for a map to draw.
"""

from __future__ import annotations

from dataclasses import dataclass

from incidentdb.data.schema import PLACE_KINDS
from incidentdb.model.index import Index
from incidentdb.model.records import Database, Incident, Place

LARGE_KINDS = frozenset({"province", "region", "country"})
# Kinds of place whose centroid still places an event "at" it (ACLED precision 1): every
# kind but the large areas and districts.
SITE_KINDS = frozenset(PLACE_KINDS) - LARGE_KINDS - {"district"}
# Rough radius (km) of the area an approximate point stands for, by the kind of place whose
# coordinates it is: the order of size of such places in Iraq, only for drawing.
AREA_KM = {"country": 250, "region": 120, "province": 50, "district": 15, "city": 8, "town": 4}
NEAR_SITE_KM = 2  # a site whose own coordinates are only approximate


@dataclass(frozen=True, slots=True)
class Point:
    lat: float
    lon: float
    place: str  # id of the place the coordinates belong to
    location_precision: str  # exact | approximate | centroid | parent:<kind>
    geo_precision: int  # 1, 2 or 3 (ACLED)


def own_precision(place: Place) -> int:
    """ACLED precision of a place's own coordinates."""
    if place.kind in LARGE_KINDS:
        return 3
    approximate = place.coordinates is not None and place.coordinates.precision == "approximate"
    if place.kind not in SITE_KINDS or approximate:
        return 2
    return 1


def inherited_precision(ancestor: Place) -> int:
    """ACLED precision of an event placed at an enclosing place's coordinates."""
    return 3 if ancestor.kind in LARGE_KINDS else 2


def incident_point(db: Database, index: Index, incident: Incident) -> Point | None:
    """The incident's point, or None when neither its place nor any ancestor has coordinates."""
    if not incident.place or incident.place not in db.places:
        return None
    place = db.places[incident.place]
    if place.coordinates is not None:
        c = place.coordinates
        return Point(float(c.lat), float(c.lon), place.id, c.precision, own_precision(place))
    for ancestor_id in index.ancestors(place.id):
        ancestor = db.places[ancestor_id]
        if ancestor.coordinates is not None:
            c = ancestor.coordinates
            return Point(
                float(c.lat),
                float(c.lon),
                ancestor.id,
                f"parent:{ancestor.kind}",
                inherited_precision(ancestor),
            )
    return None


def area_radius_m(db: Database, point: Point) -> int:
    """Radius in metres of the area a point stands for: 0 for a point at the site itself."""
    if point.geo_precision == 1:
        return 0
    kind = db.places[point.place].kind
    return 1000 * AREA_KM.get(kind, NEAR_SITE_KM)


def admin_areas(db: Database, index: Index, place_id: str | None) -> tuple[str, str]:
    """(province name, country name) of a place: itself or its first ancestor of that kind."""
    if not place_id or place_id not in db.places:
        return "", ""
    province = country = ""
    for pid in [place_id, *index.ancestors(place_id)]:
        place = db.places[pid]
        if place.kind == "province" and not province:
            province = place.name
        elif place.kind == "country" and not country:
            country = place.name
    return province, country


def _located(db: Database, point: Point | None) -> bool:
    """A point a locator map can show: one that stands for less than a whole country."""
    return point is not None and db.places[point.place].kind != "country"


def locator_point(db: Database, index: Index, incident: Incident) -> Point | None:
    """Where a locator map puts an incident: its point, or else that of the first target
    place with coordinates of its own; None when either would stand for a whole country."""
    point = incident_point(db, index, incident)
    if _located(db, point):
        return point
    for loc in incident.targets:
        place = db.places.get(loc.place) if loc.place else None
        if place is not None and place.coordinates is not None:
            c = place.coordinates
            target = Point(float(c.lat), float(c.lon), place.id, c.precision, own_precision(place))
            if _located(db, target):
                return target
    return None


def approximate(point: Point) -> bool:
    """The point stands near the spot, or for an area: not the spot itself."""
    return point.geo_precision > 1 or point.location_precision == "approximate"


def point_words(db: Database, point: Point) -> str:
    """How far to trust a point, in words: 'approximate: the centre of Babil'."""
    name = db.places[point.place].name
    if point.location_precision.startswith("parent:"):
        return f"approximate: the point of {name}, which the place is in"
    if point.location_precision == "centroid":
        where = f"the centre of {name}"
        return f"approximate: {where}" if approximate(point) else where
    return "approximate" if approximate(point) else point.location_precision
