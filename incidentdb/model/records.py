"""The model: frozen records built from validated data. No MkDocs here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from incidentdb.data.scalars import edtf_bounds

Data = dict


@dataclass(frozen=True, slots=True)
class Count:
    """A figure as a range; any bound may be unknown (None)."""

    min: int | None = None
    best: int | None = None
    max: int | None = None

    @classmethod
    def of(cls, data: Data | None) -> Count | None:
        if not data:
            return None
        return cls(data.get("min"), data.get("best"), data.get("max"))

    def __str__(self) -> str:
        low, best, high = self.min, self.best, self.max
        if low is not None and low == high:
            return str(low)
        if low is not None and high is not None:
            return f"{low}–{high}" + (f" (best {best})" if best is not None else "")
        if low is not None:
            return f"at least {low}" + (f" (best {best})" if best is not None else "")
        if high is not None:
            return f"at most {high}" + (f" (best {best})" if best is not None else "")
        return f"about {best}"

    @property
    def low(self) -> int:
        """The figure a conservative total counts."""
        for value in (self.min, self.best, self.max):
            if value is not None:
                return value
        return 0


@dataclass(frozen=True, slots=True)
class EdtfDate:
    """An EDTF date and the days it spans."""

    text: str
    lower: dt.date
    upper: dt.date

    @classmethod
    def of(cls, text: str | None) -> EdtfDate | None:
        if not text:
            return None
        low, high = edtf_bounds(text)
        return cls(text, low, high)

    @property
    def precise(self) -> bool:
        return self.lower == self.upper and not self.text.endswith(("?", "~", "%"))

    @property
    def precision(self) -> str:
        """day, month, year, or range: how exactly the date is known (ACLED-like)."""
        if self.lower == self.upper:
            return "day" if self.precise else "day-uncertain"
        if self.lower.year == self.upper.year and self.lower.month == self.upper.month:
            whole = self.lower.day == 1 and (self.upper + dt.timedelta(days=1)).day == 1
            return "month" if whole else "range"
        return "range"


@dataclass(frozen=True, slots=True)
class Alias:
    name: str
    lang: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Coordinates:
    lat: Decimal
    lon: Decimal
    precision: str


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    kind: str
    publisher: str
    language: str
    date: EdtfDate | None = None
    title: str | None = None
    author: str | None = None
    url: str | None = None
    archive_url: str | None = None
    relays: str | None = None
    relays_basis: str | None = None
    accessed: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Faction:
    id: str
    name: str
    kind: str
    description: str
    member_of: tuple[str, ...] = ()
    aliases: tuple[Alias, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Place:
    id: str
    name: str
    kind: str
    parent: str | None = None
    coordinates: Coordinates | None = None
    aliases: tuple[Alias, ...] = ()
    stationed: str | None = None
    description: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class When:
    sources: tuple[str, ...]
    date: EdtfDate | None = None
    time: str | None = None
    zone: str | None = None
    part_of_day: str | None = None
    quote: str | None = None
    time_bound: str | None = None  # about, before, after: how exact the time is


@dataclass(frozen=True, slots=True)
class Location:
    """A target, impact point or launch site: a place id or the source's words."""

    sources: tuple[str, ...]
    place: str | None = None
    text: str | None = None
    count: Count | None = None


@dataclass(frozen=True, slots=True)
class Munition:
    kind: str
    sources: tuple[str, ...]
    detail: str | None = None
    count: Count | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Casualty:
    outcome: str
    sources: tuple[str, ...]
    count: Count | None = None
    who: str | None = None
    quote: str | None = None
    by: str | None = None


@dataclass(frozen=True, slots=True)
class Damage:
    level: str
    sources: tuple[str, ...]
    text: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Assertion:
    stance: str
    sources: tuple[str, ...]
    faction: str | None = None
    party: str | None = None
    by: str | None = None
    quote: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A faction's part in an incident other than responsibility: target, participant..."""

    faction: str
    role: str
    sources: tuple[str, ...]
    party: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class SeriesCount:
    quote: str
    sources: tuple[str, ...]
    count: Count | None = None
    since: EdtfDate | None = None


@dataclass(frozen=True, slots=True)
class CoverageCount:
    """A count a source gives for a period, to set against the records."""

    of: str
    count: Count
    quote: str
    period: EdtfDate
    category: str
    sources: tuple[str, ...]
    types: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Coverage:
    period: EdtfDate
    categories: tuple[str, ...]
    scope: str
    rule: str
    counts: tuple[CoverageCount, ...] = ()


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Relation:
    incident: str
    relation: str
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Account:
    value: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Discrepancy:
    field: str
    about: str
    accounts: tuple[Account, ...]
    resolution: str | None = None


@dataclass(frozen=True, slots=True)
class Incident:
    id: str
    title: str
    type: str
    date: EdtfDate
    summary: str
    sources: tuple[str, ...]
    created: str
    updated: str | None = None
    category: str = "attack"
    status: str = "published"
    merged_into: str | None = None
    when: tuple[When, ...] = ()
    place: str | None = None
    targets: tuple[Location, ...] = ()
    impacts: tuple[Location, ...] = ()
    launch_sites: tuple[Location, ...] = ()
    munitions: tuple[Munition, ...] = ()
    casualties: tuple[Casualty, ...] = ()
    damage: tuple[Damage, ...] = ()
    responsibility: tuple[Assertion, ...] = ()
    actors: tuple[Actor, ...] = ()
    series: tuple[SeriesCount, ...] = ()
    quotes: tuple[Quote, ...] = ()
    related: tuple[Relation, ...] = ()
    discrepancies: tuple[Discrepancy, ...] = ()
    line: int = 0  # where the record starts in the data file, for "view the data" links

    @property
    def last_changed(self) -> str:
        """The day the record last changed in what it says: `updated`, else `created`."""
        return self.updated or self.created

    @property
    def published(self) -> bool:
        return self.status == "published"


@dataclass(frozen=True)
class Database:
    sources: dict[str, Source]
    factions: dict[str, Faction]
    places: dict[str, Place]
    incidents: dict[str, Incident]  # in file order
    schema_version: int = 1
    extras: dict = field(default_factory=dict)
    coverage: Coverage | None = None


# --- building from validated data --------------------------------------------------------


def _t(items: Iterable[str] | None) -> tuple:
    return tuple(items) if items else ()


def _aliases(data: Data) -> tuple[Alias, ...]:
    return tuple(Alias(**a) for a in data.get("aliases") or ())


def _loc(d: Data) -> Location:
    return Location(_t(d["sources"]), d.get("place"), d.get("text"), Count.of(d.get("count")))


def build_incident(d: Data, line: int = 0) -> Incident:
    return Incident(
        id=d["id"],
        title=d["title"],
        type=d["type"],
        date=EdtfDate.of(d["date"]),  # type: ignore[arg-type]
        summary=d["summary"],
        sources=_t(d["sources"]),
        created=d["created"],
        updated=d.get("updated"),
        category=d.get("category") or "attack",
        status=d.get("status") or "published",
        merged_into=d.get("merged_into"),
        when=tuple(
            When(
                _t(w["sources"]),
                EdtfDate.of(w.get("date")),
                w.get("time"),
                w.get("zone"),
                w.get("part_of_day"),
                w.get("quote"),
                w.get("time_bound"),
            )
            for w in d.get("when") or ()
        ),
        place=d.get("place"),
        targets=tuple(_loc(x) for x in d.get("targets") or ()),
        impacts=tuple(_loc(x) for x in d.get("impacts") or ()),
        launch_sites=tuple(_loc(x) for x in d.get("launch_sites") or ()),
        munitions=tuple(
            Munition(
                m["kind"],
                _t(m["sources"]),
                m.get("detail"),
                Count.of(m.get("count")),
                m.get("quote"),
            )
            for m in d.get("munitions") or ()
        ),
        casualties=tuple(
            Casualty(
                c["outcome"],
                _t(c["sources"]),
                Count.of(c.get("count")),
                c.get("who"),
                c.get("quote"),
                c.get("by"),
            )
            for c in d.get("casualties") or ()
        ),
        damage=tuple(
            Damage(x["level"], _t(x["sources"]), x.get("text"), x.get("quote"))
            for x in d.get("damage") or ()
        ),
        responsibility=tuple(
            Assertion(
                r["stance"],
                _t(r["sources"]),
                r.get("faction"),
                r.get("party"),
                r.get("by"),
                r.get("quote"),
            )
            for r in d.get("responsibility") or ()
        ),
        actors=tuple(
            Actor(a["faction"], a["role"], _t(a["sources"]), a.get("party"), a.get("note"))
            for a in d.get("actors") or ()
        ),
        series=tuple(
            SeriesCount(
                x["quote"], _t(x["sources"]), Count.of(x.get("count")), EdtfDate.of(x.get("since"))
            )
            for x in d.get("series") or ()
        ),
        quotes=tuple(
            Quote(q["text"], q["speaker"], _t(q["sources"])) for q in d.get("quotes") or ()
        ),
        related=tuple(
            Relation(r["incident"], r["relation"], r.get("note")) for r in d.get("related") or ()
        ),
        discrepancies=tuple(
            Discrepancy(
                x["field"],
                x["about"],
                tuple(Account(a["value"], _t(a["sources"])) for a in x["accounts"]),
                x.get("resolution"),
            )
            for x in d.get("discrepancies") or ()
        ),
        line=line,
    )


def build(data: Data, lines: dict[str, int] | None = None) -> Database:
    """The Database from validated data; `lines` maps incident ids to their line."""
    lines = lines or {}
    sources = {}
    for d in data["sources"]:
        src = dict(d)
        src["date"] = EdtfDate.of(d.get("date"))
        sources[d["id"]] = Source(**src)
    factions = {
        d["id"]: Faction(
            d["id"],
            d["name"],
            d["kind"],
            d["description"],
            _t(d.get("member_of")),
            _aliases(d),
            _t(d.get("sources")),
        )
        for d in data["factions"]
    }
    places = {}
    for d in data["places"]:
        coords = d.get("coordinates")
        places[d["id"]] = Place(
            d["id"],
            d["name"],
            d["kind"],
            d.get("parent"),
            Coordinates(**coords) if coords else None,
            _aliases(d),
            d.get("stationed"),
            d.get("description"),
            _t(d.get("sources")),
        )
    incidents = {d["id"]: build_incident(d, lines.get(d["id"], 0)) for d in data["incidents"]}
    return Database(
        sources,
        factions,
        places,
        incidents,
        data["schema_version"],
        coverage=build_coverage(data.get("coverage")),
    )


def build_coverage(d: Data | None) -> Coverage | None:
    if not d:
        return None
    counts = tuple(
        CoverageCount(
            c["of"],
            Count.of(c["count"]),  # type: ignore[arg-type]
            c["quote"],
            EdtfDate.of(c["period"]),  # type: ignore[arg-type]
            c["category"],
            _t(c["sources"]),
            _t(c.get("types")),
            c.get("note"),
        )
        for c in d.get("counts") or ()
    )
    return Coverage(
        EdtfDate.of(d["period"]),  # type: ignore[arg-type]
        _t(d["categories"]),
        d["scope"],
        d["rule"],
        counts,
    )
