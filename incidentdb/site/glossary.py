"""Faction and place pages: their incidents by role, a small timeline, and paging at scale.

Everything here reads one faction's or place's list from the index (built once), never all
incidents: a page of a long list is a slice of it. One `Listing` per faction or place is made
once and shared by all its pages.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from incidentdb.model import labels
from incidentdb.model.index import FACTION_ROLES, Index, Involvement, role_counts
from incidentdb.model.records import Incident

MEMBERS = "members"  # the section of an umbrella's page for its members' incidents

# What each section of a faction's page holds, in a few words.
SECTION_NOTES = {
    "claimed": "Incidents this faction claimed.",
    "blamed": "Incidents someone blamed on this faction; who, when the source says so.",
    "suspected": "Incidents this faction was suspected of; by whom, when the source says so.",
    "denied": "Incidents this faction denied; as reported by whom, when the source says so.",
    "target": "Incidents in which this faction was the target.",
    "participant": "Incidents in which this faction took part (a crowd, a force).",
    "statement": "Incidents on which a statement by this faction is reported.",
    MEMBERS: "Incidents that name one of its members (at any depth), with the member named.",
}
STANCE_ROLES = ("claimed", "blamed", "suspected", "denied")


# --- paging -----------------------------------------------------------------------------------


def page_count(total: int, size: int) -> int:
    return max(1, math.ceil(total / max(size, 1)))


def page_path(kind: str, item_id: str, number: int) -> str:
    """The source path of a page of a list: factions/x.md, then factions/x/page/2.md..."""
    return f"{kind}/{item_id}.md" if number == 1 else f"{kind}/{item_id}/page/{number}.md"


def page_url(kind: str, item_id: str, number: int) -> str:
    """The same page's URL from the site's root."""
    return f"{kind}/{item_id}/" if number == 1 else f"{kind}/{item_id}/page/{number}/"


@dataclass(frozen=True)
class Paging:
    """Where one page sits in a list: its number, how many pages, which slice it shows."""

    kind: str
    item_id: str
    number: int
    count: int
    size: int
    total: int

    @property
    def start(self) -> int:
        return (self.number - 1) * self.size

    @property
    def stop(self) -> int:
        return min(self.start + self.size, self.total)

    def url(self, number: int) -> str:
        return page_url(self.kind, self.item_id, number)

    @property
    def prev(self) -> str | None:
        return self.url(self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return self.url(self.number + 1) if self.number < self.count else None


# --- the small timeline -----------------------------------------------------------------------

Period = tuple[int, int]  # (year, month 1-12 | quarter 1-4 | 0 for a whole year)
MAX_MONTHS = 36  # a longer span is drawn by quarter
MAX_QUARTERS = 40  # and a longer one still by year
UNIT_SIZE = {"month": 12, "quarter": 4, "year": 1}


@dataclass(frozen=True)
class Bin:
    period: Period
    label: str
    count: int | None  # None: not covered (outside the data's period, and no incident)
    height: int  # percent of the tallest bar
    first: int  # the position in the list of the period's first incident


@dataclass(frozen=True)
class Timeline:
    unit: str  # month, quarter or year
    bins: tuple[Bin, ...]
    peak: int

    @property
    def not_covered(self) -> bool:
        return any(b.count is None for b in self.bins)

    @property
    def peak_bins(self) -> list[Bin]:
        return [b for b in self.bins if self.peak and b.count == self.peak]


def _period(day: dt.date, unit: str) -> Period:
    if unit == "month":
        return day.year, day.month
    if unit == "quarter":
        return day.year, (day.month - 1) // 3 + 1
    return day.year, 0


def _following(period: Period, unit: str) -> Period:
    year, n = period
    if unit == "year":
        return year + 1, 0
    return (year + 1, 1) if n == UNIT_SIZE[unit] else (year, n + 1)


def _bounds(period: Period, unit: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a period."""
    year, n = period
    first_month = {"month": n, "quarter": 3 * n - 2, "year": 1}[unit]
    first = dt.date(year, first_month, 1)
    after = _following(period, unit)
    after_month = {"month": after[1], "quarter": 3 * after[1] - 2, "year": 1}[unit]
    return first, dt.date(after[0], after_month, 1) - dt.timedelta(days=1)


def _label(period: Period, unit: str) -> str:
    year, n = period
    if unit == "month":
        return labels.month_label(year, n)
    if unit == "quarter":
        return f"Q{n} {year}"
    return str(year)


def _unit(first: dt.date, last: dt.date) -> str:
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if months <= MAX_MONTHS:
        return "month"
    return "quarter" if math.ceil(months / 3) <= MAX_QUARTERS else "year"


def timeline(incidents: list[Incident], covered: tuple[dt.date, dt.date] | None) -> Timeline:
    """Incidents per month (per quarter or year over a long span), from the first incident's
    period to the last one's; a period wholly outside the covered one with no incident is
    not covered, never zero. Each incident counts once, in the period of its earliest day.
    `incidents` are in date order (earliest day first), as the index lists them."""
    if not incidents:
        return Timeline("month", (), 0)
    days = [i.date.lower for i in incidents]
    unit = _unit(min(days), max(days))
    counts = Counter(_period(day, unit) for day in days)
    peak = max(counts.values())
    bins: list[Bin] = []
    period, last = _period(min(days), unit), _period(max(days), unit)
    before = 0  # incidents in earlier periods: the list is in date order
    while period <= last:
        count: int | None = counts[period]
        if not count and covered and _outside(_bounds(period, unit), covered):
            count = None
        height = round(100 * count / peak) if count else 0
        bins.append(Bin(period, _label(period, unit), count, height, before))
        before += counts[period]
        period = _following(period, unit)
    return Timeline(unit, tuple(bins), peak)


def _outside(bounds: tuple[dt.date, dt.date], covered: tuple[dt.date, dt.date]) -> bool:
    return bounds[1] < covered[0] or bounds[0] > covered[1]


# --- what a faction's or place's pages show ---------------------------------------------------


@dataclass
class Branch:
    """A place within, with how many incidents it and the places within it have."""

    place: str
    count: int
    children: list[Branch] = field(default_factory=list)


def within_tree(index: Index, place_id: str, seen: frozenset[str] = frozenset()) -> list[Branch]:
    """The places within a place at every depth, the busiest first, with their counts."""
    seen = seen | {place_id}
    branches = [
        Branch(child, len(index.by_place.get(child, ())), within_tree(index, child, seen))
        for child in index.children.get(place_id, ())
        if child not in seen
    ]
    names = index.db.places
    return sorted(branches, key=lambda b: (-b.count, names[b.place].name))


@dataclass
class Listing:
    """One faction's or place's incidents, counted once for all its pages."""

    involved: list[Involvement]
    counts: Counter  # role → incidents
    timeline: Timeline
    size: int
    pages_with: dict[str, list[int]]  # section → the pages that hold some of it
    itself: int  # incidents that name the faction or place itself

    @property
    def pages(self) -> int:
        return page_count(len(self.involved), self.size)

    @property
    def span(self) -> tuple[Incident, Incident] | None:
        """The first and last incident (the index lists them by earliest day)."""
        if not self.involved:
            return None
        return self.involved[0].incident, self.involved[-1].incident

    def page_of(self, position: int) -> int:
        """The page that holds the list's item at `position` (0-based)."""
        return position // max(self.size, 1) + 1


def listing(
    involved: list[Involvement],
    covered: tuple[dt.date, dt.date] | None,
    size: int,
    within: bool = False,
) -> Listing:
    """Counts per role (per own role for a faction, with its members' incidents counted
    under MEMBERS; every role held here or within for a place), the timeline, and which
    pages hold each section."""
    counts = role_counts(involved, within=within)
    pages_with: dict[str, list[int]] = {}
    for position, inv in enumerate(involved):
        number = position // max(size, 1) + 1  # as Listing.page_of
        sections = inv.all_roles if within else inv.roles + ((MEMBERS,) if inv.within else ())
        for section in sections:
            have = pages_with.setdefault(section, [])
            if not have or have[-1] != number:
                have.append(number)
    if not within:
        counts[MEMBERS] = sum(1 for inv in involved if inv.within)
    itself = sum(1 for inv in involved if inv.roles)
    incidents = [inv.incident for inv in involved]
    return Listing(involved, counts, timeline(incidents, covered), size, pages_with, itself)


def sections(involved: list[Involvement], counts: Counter) -> list[tuple[str, list[Involvement]]]:
    """A faction's page: each role it holds anywhere in its list, with this page's incidents
    in that role (possibly none), then its members' incidents."""
    out = [(role, [inv for inv in involved if role in inv.roles]) for role in FACTION_ROLES]
    out.append((MEMBERS, [inv for inv in involved if inv.within]))
    return [(role, invs) for role, invs in out if counts[role]]


def said_by(inv: Involvement, stance: str) -> list[str]:
    """Who asserts the faction's stance in this incident, as the record names them."""
    return [who for s, who in inv.by if s == stance]
