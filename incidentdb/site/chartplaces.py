"""Incidents by place for the statistics page, compared at one level at a time (province,
city or town, site): each incident's main place is rolled up its `parent` chain to the level,
and incidents the data does not place at that level (no place, only "Iraq", a province
when towns are compared) are counted apart, on their own lines, never mixed in."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from incidentdb.model.index import Index
from incidentdb.model.records import Database, Incident

TOP = 15
SITES = ("embassy", "military-base", "air-base", "airport", "facility")
# From the widest kind of place to the narrowest: what "coarser than the level" means.
ORDER = ("country", "region", "province", "district", "city", "town", "village", "zone", *SITES)
NO_PLACE = "No place given"


@dataclass(frozen=True)
class Level:
    key: str
    kinds: tuple[str, ...]
    title: str
    column: str
    noun: str  # in a sentence: "a province"


LEVELS = {
    "province": Level("by-province", ("province",), "Incidents by province", "Province",
                      "a province"),
    "town": Level("by-town", ("city", "town", "village"), "Incidents by city or town",
                  "City or town", "a city, town or village"),
    "site": Level("by-site", SITES, "Incidents by base, airport or other site", "Site",
                  "a base, airport, embassy or facility"),
}  # fmt: skip


@dataclass(frozen=True)
class Found:
    key: str
    title: str
    caption: str
    column: str
    rows: tuple[tuple[str, int], ...]
    apart: tuple[tuple[str, int], ...]
    apart_title: str


def _at_level(db: Database, index: Index, place_id: str | None, level: Level) -> str | None:
    """The place of the level that is or contains `place_id`, None when there is none."""
    if not place_id or place_id not in db.places:
        return None
    for pid in (place_id, *index.ancestors(place_id)):
        if db.places[pid].kind in level.kinds:
            return pid
    return None


def _apart_line(db: Database, place_id: str | None, level: Level) -> str:
    """Why an incident is not counted at the level: the line it is counted on instead."""
    if not place_id or place_id not in db.places:
        return NO_PLACE
    place = db.places[place_id]
    finest = min(ORDER.index(k) for k in level.kinds)
    if ORDER.index(place.kind) < finest:
        if place.kind == "country":
            return f"Placed only in {place.name} (the country)"
        return f"Placed no more precisely than a {place.kind.replace('-', ' ')}"
    return f"At a place the data puts in no {level.column.lower()}"


def by_level(db: Database, index: Index, incidents: list[Incident], level: Level) -> Found:
    counts: Counter = Counter()
    apart: Counter = Counter()
    for incident in incidents:
        found = _at_level(db, index, incident.place, level)
        if found:
            counts[found] += 1
        else:
            apart[_apart_line(db, incident.place, level)] += 1
    named = sorted(counts, key=lambda p: (-counts[p], db.places[p].name))
    rows = [(db.places[p].name, counts[p]) for p in named[:TOP]]
    if len(named) > TOP:
        others = sum(counts[p] for p in named[TOP:])
        rows.append((f"{len(named) - TOP} other {level.column.lower()}s", others))
    apart_rows = tuple(sorted(apart.items(), key=lambda kv: (kv[0] == NO_PLACE, -kv[1], kv[0])))
    caption = (
        f"Each incident counts once, in {level.noun} that is or contains its main place "
        f"({len(incidents) - sum(apart.values())} of {len(incidents)} incidents). Incidents "
        "the data does not place that precisely are not in the chart: the table counts them "
        "apart. Targets, impact points and launch sites are not counted here."
    )
    return Found(
        level.key, level.title, caption, level.column, tuple(rows), apart_rows,
        f"Not placed in {level.noun}",
    )  # fmt: skip
