"""An incident at a glance: its headline facts as the figures its sources give, whether the
sources differ, and which of the record's disagreements each fact is about.

Nothing is computed beyond the sources' own figures: a range is the list of the distinct
figures the accounts give, never a figure of ours.
"""

from __future__ import annotations

from dataclasses import dataclass

from incidentdb.data.schema import OUTCOMES, STANCES
from incidentdb.model.labels import TIME_BOUND_WORDS, date_label
from incidentdb.model.records import Count, Incident

# The facts a summary shows, and the fields of the record's disagreements each one takes.
GLANCE_FIELDS = {
    "date": ("date", "when"),
    "place": ("place", "targets"),
    "type": ("type",),
    "munitions": ("munitions",),
    "casualties": ("casualties",),
    "responsibility": ("responsibility", "actors"),
}
_SHOWN = {f for fields in GLANCE_FIELDS.values() for f in fields}


def disputes(incident: Incident, fact: str) -> list[int]:
    """The numbers (from 1, in the record's order) of the disagreements about one fact."""
    fields = GLANCE_FIELDS[fact]
    return [n for n, d in enumerate(incident.discrepancies, 1) if d.field in fields]


def other_disputes(incident: Incident) -> list[int]:
    """The numbers of the disagreements about facts the summary does not show."""
    return [n for n, d in enumerate(incident.discrepancies, 1) if d.field not in _SHOWN]


def _order(count: Count) -> tuple[int, float]:
    return count.low, float("inf") if count.max is None else count.max


def _distinct(counts: list[Count]) -> list[str]:
    """Distinct figures in words, smallest first: '15', 'at least 13', 'about 100'."""
    words: list[str] = []
    for count in sorted(counts, key=_order):
        if str(count) not in words:
            words.append(str(count))
    return words


@dataclass(frozen=True, slots=True)
class Figures:
    """What the accounts say of one kind of munition or one outcome."""

    what: str  # a munition kind or a casualty outcome
    figures: tuple[str, ...]  # distinct figures, smallest first; empty when none is given

    @property
    def differ(self) -> bool:
        return len(self.figures) > 1

    @property
    def none(self) -> bool:
        """Every account that gives a figure gives 0."""
        return self.figures == ("0",)


def munition_figures(incident: Incident) -> list[Figures]:
    """Each kind of munition once, in the record's order, with the counts accounts give."""
    counts: dict[str, list[Count]] = {}
    for m in incident.munitions:
        counts.setdefault(m.kind, []).extend([m.count] if m.count else [])
    return [Figures(kind, tuple(_distinct(found))) for kind, found in counts.items()]


def _account_words(counts: list[Count]) -> tuple[str, Count]:
    """One account's figure in words, with a Count to order it by. Several entries of one
    account are different groups and add up."""
    if len(counts) == 1:
        return str(counts[0]), counts[0]
    low = sum(c.low for c in counts)
    highs = [c.max for c in counts]
    high = None if None in highs else sum(h for h in highs if h is not None)
    total = Count(low, None, high)
    return (str(total) if high is not None else f"at least {low}"), total


def casualty_figures(incident: Incident) -> list[Figures]:
    """Each outcome the record names (killed, wounded, died later), with each account's
    total: within one source (and one party it cites) entries add up; between them they are
    alternatives."""
    accounts: dict[str, dict[tuple, list[Count]]] = {}
    for c in incident.casualties:
        groups = accounts.setdefault(c.outcome, {})
        for sid in c.sources if c.count is not None else ():
            groups.setdefault((sid, c.by), []).append(c.count)  # type: ignore[arg-type]
    out = []
    for outcome in (o for o in OUTCOMES if o in accounts):
        totals = sorted((_account_words(counts) for counts in accounts[outcome].values()),
                        key=lambda t: _order(t[1]))  # fmt: skip
        out.append(Figures(outcome, tuple(dict.fromkeys(words for words, _ in totals))))
    return out


def reported_dates(incident: Incident) -> list[str]:
    """The days the accounts of when it happened give, when one falls outside the record's
    date (a storming over two days reported on each day is no disagreement)."""
    days = sorted({w.date for w in incident.when if w.date}, key=lambda d: (d.lower, d.upper))
    span = incident.date.lower, incident.date.upper
    if all(span[0] <= d.lower and d.upper <= span[1] for d in days):
        return []
    return list(dict.fromkeys(date_label(d) for d in days))


ZONE_WORDS = {"local": "Iraq time (UTC+3)", "UTC": "UTC"}


def reported_times(incident: Incident) -> list[str]:
    """The times the accounts give, each once, by time zone:
    ['after 01:30 or after 01:45 Iraq time (UTC+3)']."""
    by_zone: dict[str, list[str]] = {}
    for w in sorted((w for w in incident.when if w.time), key=lambda w: w.time or ""):
        bound = TIME_BOUND_WORDS[w.time_bound] + " " if w.time_bound else ""
        times = by_zone.setdefault(w.zone or "", [])
        if bound + str(w.time) not in times:
            times.append(bound + str(w.time))
    return [
        " or ".join(times) + (f" {ZONE_WORDS.get(zone, zone)}" if zone else "")
        for zone, times in by_zone.items()
    ]


@dataclass(frozen=True, slots=True)
class Stance:
    """Who the accounts say claimed, was blamed for, suspected of or denied the attack."""

    stance: str
    faction: str | None
    party: str | None
    by: tuple[str, ...]  # who says so, as the sources name them


def stances(incident: Incident) -> list[Stance]:
    """Each stance towards each party once (claims first, then blame, suspicion, denials,
    reports of no claim), with everyone who is said to assert it."""
    found: dict[tuple[str, str], tuple[str | None, str | None, list[str]]] = {}
    for a in incident.responsibility:
        key = (a.stance, a.faction or (a.party or "").lower())
        faction, party, by = found.setdefault(key, (a.faction, a.party, []))
        if a.by and a.by not in by:
            by.append(a.by)
    ordered = sorted(found.items(), key=lambda item: STANCES.index(item[0][0]))
    return [Stance(stance, f, None if f else p, tuple(b)) for (stance, _), (f, p, b) in ordered]


def _who(s: Stance) -> str:
    return s.faction or (s.party or "").lower()


def stances_differ(incident: Incident) -> bool:
    """The accounts differ on who did it: a party named as responsible also denies it, or
    more than one party claims it."""
    found = stances(incident)
    asserted = {_who(s) for s in found if s.stance in ("claimed", "blamed", "suspected")}
    denied = {_who(s) for s in found if s.stance == "denied"}
    claimants = {_who(s) for s in found if s.stance == "claimed"}
    return bool(asserted & denied) or len(claimants) > 1
