"""Indexes over the database, built once per build: nothing per page scans all incidents."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from .model import Database, Incident

# How an incident involves a place, in the order pages list them.
PLACE_ROLES = ("place", "target", "impact", "launch site")
FACTION_ROLES = ("claimed", "blamed", "suspected", "denied")


@dataclass(frozen=True, slots=True)
class Involvement:
    """An incident as it involves a faction or place: its roles, and through which child."""

    incident: Incident
    roles: tuple[str, ...]
    via: str | None = None  # for places: the child place named in the incident
    by: tuple[str, ...] = ()  # for factions: who asserts it


@dataclass
class Index:
    db: Database
    published: list[Incident] = field(default_factory=list)  # sorted by date, then id
    by_faction: dict[str, list[Involvement]] = field(default_factory=dict)
    by_place: dict[str, list[Involvement]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    related_from: dict[str, list[tuple[Incident, str]]] = field(default_factory=dict)
    by_year: dict[int, list[Incident]] = field(default_factory=dict)
    redirects: dict[str, str] = field(default_factory=dict)  # merged id → surviving id
    places_of: dict[str, list[str]] = field(default_factory=dict)  # incident → places reached
    attributed: set[str] = field(default_factory=set)  # factions claimed, blamed or suspected

    def ancestors(self, place_id: str) -> list[str]:
        chain, seen = [], set()
        current = self.db.places[place_id].parent if place_id in self.db.places else None
        while current and current not in seen:
            seen.add(current)
            chain.append(current)
            current = self.db.places[current].parent
        return chain


def sort_key(incident: Incident) -> tuple:
    return (incident.date.lower, incident.date.upper, incident.id)


def build_index(db: Database) -> Index:
    idx = Index(db)
    idx.published = sorted((i for i in db.incidents.values() if i.published), key=sort_key)
    for place in db.places.values():
        if place.parent:
            idx.children.setdefault(place.parent, []).append(place.id)
    for faction in db.factions.values():
        for umbrella in faction.member_of:
            idx.members.setdefault(umbrella, []).append(faction.id)
    for incident in db.incidents.values():
        if not incident.published and incident.merged_into:
            idx.redirects[incident.id] = _survivor(db, incident.id)
    by_faction: dict[str, list[Involvement]] = defaultdict(list)
    by_place: dict[str, list[Involvement]] = defaultdict(list)
    related_from: dict[str, list[tuple[Incident, str]]] = defaultdict(list)
    for incident in idx.published:
        idx.by_year.setdefault(incident.date.lower.year, []).append(incident)
        _index_factions(incident, by_faction)
        idx.attributed.update(
            a.faction
            for a in incident.responsibility
            if a.faction and a.stance in ("claimed", "blamed", "suspected")
        )
        _index_places(idx, incident, by_place)
        for rel in incident.related:
            related_from[rel.incident].append((incident, rel.relation))
    idx.by_faction, idx.by_place, idx.related_from = by_faction, by_place, related_from
    return idx


def _survivor(db: Database, incident_id: str) -> str:
    seen = set()
    current = db.incidents[incident_id]
    while current.merged_into and current.id not in seen:
        seen.add(current.id)
        current = db.incidents[current.merged_into]
    return current.id


def _index_factions(incident: Incident, out: dict[str, list[Involvement]]) -> None:
    roles: dict[str, list[str]] = defaultdict(list)
    by: dict[str, list[str]] = defaultdict(list)
    for assertion in incident.responsibility:
        if assertion.faction:
            if assertion.stance not in roles[assertion.faction]:
                roles[assertion.faction].append(assertion.stance)
            if assertion.by and assertion.by not in by[assertion.faction]:
                by[assertion.faction].append(assertion.by)
    for faction_id, stances in roles.items():
        ordered = tuple(r for r in FACTION_ROLES if r in stances)
        out[faction_id].append(Involvement(incident, ordered, by=tuple(by[faction_id])))


def _index_places(idx: Index, incident: Incident, out: dict[str, list[Involvement]]) -> None:
    named: dict[str, list[str]] = defaultdict(list)
    if incident.place:
        named[incident.place].append("place")
    for role, locations in (
        ("target", incident.targets),
        ("impact", incident.impacts),
        ("launch site", incident.launch_sites),
    ):
        for loc in locations:
            if loc.place and role not in named[loc.place]:
                named[loc.place].append(role)
    # Each place once per incident, with every role it or the places within it play.
    reached: dict[str, tuple[list[str], str | None]] = {}
    for place_id, roles in named.items():
        reached[place_id] = (list(roles), None)
    for place_id, roles in named.items():
        for ancestor in idx.ancestors(place_id):
            have, via = reached.setdefault(ancestor, ([], place_id))
            have.extend(r for r in roles if r not in have)
    for place_id, (roles, via) in reached.items():
        ordered = tuple(r for r in PLACE_ROLES if r in roles)
        out[place_id].append(Involvement(incident, ordered, via))
    idx.places_of[incident.id] = list(reached)


def role_counts(involvements: list[Involvement]) -> Counter:
    counts: Counter = Counter()
    for inv in involvements:
        counts.update(inv.roles)
    return counts
