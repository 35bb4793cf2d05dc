"""Indexes over the database, built once per build: nothing per page scans all incidents."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from incidentdb.model.records import CoverageCount, Database, Incident

# How an incident involves a place, in the order pages list them.
PLACE_ROLES = ("place", "target", "impact", "launch site")
# How an incident involves a faction: responsibility's stances, then the actors' roles.
FACTION_ROLES = ("claimed", "blamed", "suspected", "denied", "target", "participant", "statement")


@dataclass(frozen=True, slots=True)
class Within:
    """A member faction (of an umbrella) or a place within (a place), as an incident names it,
    with the roles it holds there."""

    path: tuple[str, ...]  # from the direct member or child down to the one named
    roles: tuple[str, ...]

    @property
    def id(self) -> str:
        return self.path[-1]


@dataclass(frozen=True, slots=True)
class Involvement:
    """An incident as it involves a faction or place: the roles it holds itself, and those of
    the members or places within that the incident names."""

    incident: Incident
    roles: tuple[str, ...]  # held by the faction or place itself; () when only through `within`
    within: tuple[Within, ...] = ()
    by: tuple[tuple[str, str], ...] = ()  # for factions: (stance, who asserts it)

    @property
    def via(self) -> str | None:
        """The first member or place within that the incident names, if any."""
        return self.within[0].id if self.within else None

    @property
    def all_roles(self) -> tuple[str, ...]:
        """Its own roles and those held within, each once."""
        seen = dict.fromkeys(self.roles)
        for inner in self.within:
            seen.update(dict.fromkeys(inner.roles))
        return tuple(seen)


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """A count a source gives, against the records of the same kind in its period."""

    count: CoverageCount
    recorded: int  # published incidents dated wholly within the period
    overlapping: int  # dated only roughly, across the period's edge


@dataclass(frozen=True, slots=True)
class Reading:
    """One declared link between two incidents, read from one side: `forward` when this
    incident declares it, else declared by the other (read the other way round)."""

    relation: str
    forward: bool
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Related:
    """Another incident linked to this one, once, with every declared link between them."""

    incident: Incident
    readings: tuple[Reading, ...]


@dataclass
class Index:
    db: Database
    published: list[Incident] = field(default_factory=list)  # sorted by date, then id
    by_faction: dict[str, list[Involvement]] = field(default_factory=dict)
    by_place: dict[str, list[Involvement]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    related: dict[str, list[Related]] = field(default_factory=dict)  # both directions, by date
    by_year: dict[int, list[Incident]] = field(default_factory=dict)  # by earliest day
    continuing: dict[int, list[Incident]] = field(default_factory=dict)  # range began earlier
    redirects: dict[str, str] = field(default_factory=dict)  # merged id → surviving id
    places_of: dict[str, list[str]] = field(default_factory=dict)  # incident → places reached
    attributed: set[str] = field(default_factory=set)  # factions claimed, blamed or suspected
    coverage: list[CoverageRow] = field(default_factory=list)
    last_changed: str = ""  # the latest day any incident was created or changed (YYYY-MM-DD)

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
    for incident in idx.published:
        idx.by_year.setdefault(incident.date.lower.year, []).append(incident)
        for year in range(incident.date.lower.year + 1, incident.date.upper.year + 1):
            idx.continuing.setdefault(year, []).append(incident)
        _index_factions(incident, by_faction)
        idx.attributed.update(
            a.faction
            for a in incident.responsibility
            if a.faction and a.stance in ("claimed", "blamed", "suspected")
        )
        _index_places(idx, incident, by_place)
    idx.by_faction, idx.by_place = by_faction, by_place
    _roll_up_members(idx)
    idx.related = _related(idx)
    idx.coverage = _coverage(idx)
    idx.last_changed = max((i.last_changed for i in db.incidents.values()), default="")
    return idx


def _related(idx: Index) -> dict[str, list[Related]]:
    """Each published incident's related incidents, each once: the links it declares and the
    links others declare to it, merged incidents read as the record that stays."""
    found: dict[str, dict[str, list[Reading]]] = defaultdict(dict)

    def add(one: str, other: str, reading: Reading) -> None:
        readings = found[one].setdefault(other, [])
        if reading not in readings:
            readings.append(reading)

    for incident in idx.published:
        for rel in incident.related:
            other = idx.redirects.get(rel.incident, rel.incident)
            if other != incident.id and idx.db.incidents[other].published:
                add(incident.id, other, Reading(rel.relation, True, rel.note))
                add(other, incident.id, Reading(rel.relation, False, rel.note))
    return {
        iid: sorted(
            (Related(idx.db.incidents[o], tuple(r)) for o, r in others.items()),
            key=lambda rel: sort_key(rel.incident),
        )
        for iid, others in found.items()
    }


def _coverage(idx: Index) -> list[CoverageRow]:
    if not idx.db.coverage:
        return []
    rows = []
    for count in idx.db.coverage.counts:
        within = across = 0
        low, high = count.period.lower, count.period.upper
        for incident in idx.published:
            if incident.date.lower > high:
                break  # sorted by date: nothing later can fall in the period
            if incident.category != count.category or (
                count.types and incident.type not in count.types
            ):
                continue
            if incident.date.lower >= low and incident.date.upper <= high:
                within += 1
            elif incident.date.upper >= low:
                across += 1
        rows.append(CoverageRow(count, within, across))
    return rows


def _roll_up_members(idx: Index) -> None:
    """An umbrella's list takes in its members' incidents, at every depth, each incident once:
    with the umbrella's own roles when it names the umbrella too, and every member it names
    `within`, with the member's roles and the chain of membership down to it."""
    own = dict(idx.by_faction)  # each faction's own incidents, before any roll-up
    for umbrella in idx.members:
        merged: dict[str, tuple[Involvement, list[Within]]] = {
            inv.incident.id: (inv, []) for inv in own.get(umbrella, ())
        }
        for path in _member_paths(idx.members, umbrella):
            for inv in own.get(path[-1], ()):
                first, inner = merged.setdefault(
                    inv.incident.id, (Involvement(inv.incident, ()), [])
                )
                inner.append(Within(path, inv.roles))
        rolled = (replace(first, within=tuple(inner)) for first, inner in merged.values())
        idx.by_faction[umbrella] = sorted(rolled, key=lambda inv: sort_key(inv.incident))


def _member_paths(members: dict[str, list[str]], umbrella: str) -> Iterator[tuple[str, ...]]:
    """Every member of an umbrella at any depth, once, as the chain from a direct member."""
    seen = {umbrella}
    stack: list[tuple[str, ...]] = [(m,) for m in reversed(members.get(umbrella, []))]
    while stack:
        path = stack.pop()
        if path[-1] in seen:
            continue
        seen.add(path[-1])
        yield path
        stack.extend((*path, m) for m in reversed(members.get(path[-1], [])))


def _survivor(db: Database, incident_id: str) -> str:
    seen = set()
    current = db.incidents[incident_id]
    while current.merged_into and current.id not in seen:
        seen.add(current.id)
        current = db.incidents[current.merged_into]
    return current.id


def _index_factions(incident: Incident, out: dict[str, list[Involvement]]) -> None:
    roles: dict[str, list[str]] = defaultdict(list)
    by: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for assertion in incident.responsibility:
        if assertion.faction:
            if assertion.stance not in roles[assertion.faction]:
                roles[assertion.faction].append(assertion.stance)
            if assertion.by and (assertion.stance, assertion.by) not in by[assertion.faction]:
                by[assertion.faction].append((assertion.stance, assertion.by))
    for actor in incident.actors:
        if actor.role not in roles[actor.faction]:
            roles[actor.faction].append(actor.role)
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
    # Each place once per incident: the roles it plays itself, and each place within it that
    # the incident names, with the chain of places down to it and its roles.
    reached: dict[str, tuple[list[str], list[Within]]] = {}
    for place_id, roles in named.items():
        ordered = tuple(r for r in PLACE_ROLES if r in roles)
        reached.setdefault(place_id, ([], []))[0].extend(ordered)
        chain = idx.ancestors(place_id)
        for depth, ancestor in enumerate(chain):
            path = (*reversed(chain[:depth]), place_id)
            reached.setdefault(ancestor, ([], []))[1].append(Within(path, ordered))
    for place_id, (roles, within) in reached.items():
        out[place_id].append(Involvement(incident, tuple(roles), tuple(within)))
    idx.places_of[incident.id] = list(reached)


def role_counts(involvements: list[Involvement], within: bool = False) -> Counter:
    """How many of the incidents give each role: to the faction or place itself, or (within)
    to it or to any member or place within it."""
    counts: Counter = Counter()
    for inv in involvements:
        counts.update(inv.all_roles if within else inv.roles)
    return counts
