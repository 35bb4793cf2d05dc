"""Statistics: counts from the index, drawn at build time as inline SVG charts with pygal.

Every chart comes with the same numbers as table rows. Each chart is drawn twice, at the two
widths it is shown at (a phone's column and a wider page), so its text is never scaled below
a readable size; the page's stylesheet shows the one that fits. The SVG is cleaned so it can
sit in a page as it is: no script (pygal's tooltips load one from a CDN), no comment (pygal
writes the build date and its own URLs there), fixed ids so two builds are byte-identical,
and an accessible name (`role="img"`, `aria-label`, `<title>`). lxml escapes every label.

Nothing here adds figures of different kinds: incidents are counted as incidents, people
killed and wounded by outcome and by category (attacks and strikes apart), and figures given
only as "about" are kept apart from the definite ones (`present.Tally`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pygal
from markupsafe import Markup

from incidentdb.model import labels, present
from incidentdb.model.geo import incident_point
from incidentdb.model.index import Index
from incidentdb.model.records import Database, Incident
from incidentdb.site import chartdraw
from incidentdb.site.chartdraw import Layout
from incidentdb.site.chartplaces import LEVELS, by_level

STANCES = ("claimed", "blamed", "suspected")
OUTCOMES = ("killed", "wounded")
KINDS = {"attack": "attacks", "strike": "strikes"}
CATEGORIES = {
    "attack": "attacks on US, coalition and diplomatic sites",
    "strike": "strikes by the US and its partners",
}

Row = tuple  # (label, number, number...)


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG at each width it is shown at, and the same numbers as a table.

    `apart` rows are figures the chart leaves out on purpose (places not known to the level
    compared); the table lists them under their own heading."""

    key: str  # stable, used for ids
    title: str
    caption: str  # how the figures are counted
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    svg: Markup | None  # the wide drawing; None for a table without a chart
    narrow: Markup | None = None  # the drawing for a phone's column
    apart: tuple[Row, ...] = ()
    apart_title: str = ""


Draw = Callable[[Layout], pygal.Graph]


def _drawn(draw: Draw, key: str, title: str, months: list[Month] | None = None) -> dict:
    """The chart drawn at both widths; a month axis gets its labels ('2020', 'Apr')."""
    wide, narrow = chartdraw.WIDE, chartdraw.NARROW
    return {
        "svg": chartdraw.svg(draw(wide), key, title, wide, month_ticks(months or [], wide)),
        "narrow": chartdraw.svg(
            draw(narrow), f"{key}-narrow", title, narrow, month_ticks(months or [], narrow)
        ),
    }


def statistics(db: Database, index: Index) -> list[Chart]:
    """Every chart of the statistics page, in page order."""
    incidents = index.published
    covered = (db.coverage.period.lower, db.coverage.period.upper) if db.coverage else None
    out = [per_month(incidents, covered), by_type(incidents)]
    out += [by_place(db, index, incidents, level) for level in LEVELS]
    out += [by_faction(db, incidents), casualty_totals(incidents)]
    for category in CATEGORIES:
        chosen = [i for i in incidents if i.category == category]
        if chosen:
            out += [casualties_per_month(chosen, o, category, covered) for o in OUTCOMES]
    return out


Covered = tuple[dt.date, dt.date] | None
NOT_COVERED = "not covered"
NOT_COVERED_NOTE = (
    " Months outside the period the database covers are marked “not covered”, not zero: no "
    "research was done there, so an empty month says nothing."
)


def _outside(month: Month, covered: Covered) -> bool:
    """The whole month lies outside the covered period (so a zero there would mislead)."""
    if covered is None:
        return False
    first = dt.date(month[0], month[1], 1)
    last = dt.date(*_next(month), 1) - dt.timedelta(days=1)
    return last < covered[0] or first > covered[1]


def unmapped(db: Database, index: Index) -> list[Incident]:
    """Published incidents the map cannot show: no place, or no coordinates up its place tree."""
    return [i for i in index.published if incident_point(db, index, i) is None]


# --- the charts -------------------------------------------------------------------------------


def _months(incidents: list[Incident], covered: Covered) -> tuple[list[Month], set[Month], Counter]:
    """The months a chart shows, those of them not covered (no incident, outside the covered
    period), and the incidents per month."""
    counts = Counter(_month(i) for i in incidents)
    months = month_span(incidents)
    return months, {m for m in months if _outside(m, covered) and not counts[m]}, counts


def _month_notes(months: list[Month], gaps: set[Month]) -> str:
    """What a month chart's caption adds when months are left out or not covered."""
    return (GAP_NOTE if has_long_gap(months) else "") + (NOT_COVERED_NOTE if gaps else "")


def per_month(incidents: list[Incident], covered: Covered = None) -> Chart:
    months, gaps, counts = _months(incidents, covered)
    rows = tuple((month_label(m), NOT_COVERED if m in gaps else counts[m]) for m in months)

    def draw(layout: Layout) -> pygal.Graph:
        chart = pygal.Bar(**layout.config(show_legend=False), **_month_axis(months, layout))
        chart.add("Incidents", [None if m in gaps else counts[m] for m in months])
        chart.y_labels = chartdraw.ticks(max(counts.values(), default=0))
        return chart

    title = "Incidents per month"
    caption = (
        "Each incident counts once, in the month of the earliest day it may have happened "
        "(for a date known only to the month or as a range, its first day). "
        "Months with no incident are shown as zero."
    ) + _month_notes(months, gaps)
    columns = ("Month", "Incidents")
    return Chart(
        "per-month", title, caption, columns, rows, **_drawn(draw, "per-month", title, months)
    )


def by_type(incidents: list[Incident]) -> Chart:
    counts = Counter(i.type for i in incidents)
    ordered = sorted(counts, key=lambda t: (-counts[t], labels.words(t)))
    rows = tuple((labels.words(t), counts[t]) for t in ordered)
    title = "Incidents by type"
    caption = "Each incident has one type."
    return Chart(
        "by-type",
        title,
        caption,
        ("Type", "Incidents"),
        rows,
        **_drawn(lambda layout: chartdraw.horizontal(rows, "Incidents", layout), "by-type", title),
    )


def by_place(db: Database, index: Index, incidents: list[Incident], level: str) -> Chart:
    """Incidents at one level of place (province, city or town, site), the rest apart."""
    found = by_level(db, index, incidents, LEVELS[level])
    rows = found.rows
    return Chart(
        found.key,
        found.title,
        found.caption,
        (found.column, "Incidents"),
        rows,
        **_drawn(lambda lay: chartdraw.horizontal(rows, "Incidents", lay), found.key, found.title),
        apart=found.apart,
        apart_title=found.apart_title,
    )


def by_faction(db: Database, incidents: list[Incident]) -> Chart:
    counts: Counter = Counter()
    anyhow: Counter = Counter()
    for incident in incidents:
        pairs = present.attributed(incident)
        counts.update(pairs)
        anyhow.update({fid for fid, _ in pairs})
    ordered = sorted(anyhow, key=lambda f: (-anyhow[f], db.factions[f].name))
    rows = tuple(
        (db.factions[f].name, *(counts[(f, s)] for s in STANCES), anyhow[f]) for f in ordered
    )
    top = max((sum(counts[(f, s)] for s in STANCES) for f in ordered), default=0)

    def draw(layout: Layout) -> pygal.Graph:
        chart = pygal.HorizontalStackedBar(
            **layout.config(
                height=layout.bars_height(len(rows)),
                legend_at_bottom=True,
                legend_at_bottom_columns=len(STANCES) if layout.quarters else 1,
                truncate_label=-1,
            )
        )
        chart.x_labels = [layout.cut(str(r[0])) for r in reversed(rows)]
        chart.y_labels = chartdraw.ticks(top)
        for n, stance in enumerate(STANCES, 1):
            chart.add(stance, [r[n] for r in reversed(rows)])
        return chart

    title = "Incidents attributed to each faction"
    caption = (
        "An incident counts once per faction and stance: claimed by the faction, blamed on it "
        "by someone, or suspected. A faction both blamed and suspected for one incident counts "
        "in both bars but once in the last column. Denials are not counted."
    )
    columns = ("Faction", *(s.capitalize() for s in STANCES), "Incidents")
    return Chart("by-faction", title, caption, columns, rows, **_drawn(draw, "by-faction", title))


# --- casualties ---------------------------------------------------------------------------------

OUTCOME_WORDS = {"killed": "Killed", "wounded": "Wounded", "died-indirectly": "Died later"}
NO_FIGURE = "no figure given"
NO_INCIDENT = "no incident"


def _tallies(incidents: Iterable[Incident], outcome: str) -> tuple[present.Tally, int]:
    """The figures of the incidents that give one for the outcome, added up, and how many."""
    found = [t for i in incidents if (t := present.casualty_tally(i, outcome)) is not None]
    return sum(found, present.Tally()), len(found)


def casualty_totals(incidents: list[Incident]) -> Chart:
    """Killed, wounded and died later, each in attacks and in strikes apart: never one total."""
    rows = []
    for category in CATEGORIES:
        chosen = [i for i in incidents if i.category == category]
        kind = KINDS[category]
        for outcome, words in OUTCOME_WORDS.items():
            total, n = _tallies(chosen, outcome)
            figure = str(total) if n else NO_FIGURE
            rows.append((f"{words} in {kind}", figure, f"{n} of {len(chosen)}"))
    caption = (
        "People reported killed and wounded, counted apart for attacks on US, coalition and "
        "diplomatic sites and for strikes by the US and its partners, and never added across "
        "the two. Within each, a figure is the range the accounts give, added up: “at least” "
        "when some account states no upper bound, and figures given only as “about” kept apart "
        "(“about 100” is not “at least 100”). The data records who the people were only in "
        "words (service members, contractors, Iraqi forces, civilians, sometimes attackers), "
        "so these totals count everyone reported; each incident's page says who."
    )
    columns = ("Outcome", "People", "Incidents giving a figure")
    title = "Killed and wounded, by category"
    return Chart("casualty-totals", title, caption, columns, tuple(rows), None)


def casualties_per_month(
    incidents: list[Incident], outcome: str, category: str, covered: Covered = None
) -> Chart:
    """People killed (or wounded) per month in one category of incident, as ranges."""
    months, gaps, _ = _months(incidents, covered)
    by_month: dict[Month, list[Incident]] = {}
    for incident in incidents:
        by_month.setdefault(_month(incident), []).append(incident)
    found = {m: _tallies(by_month.get(m, ()), outcome) for m in months}
    totals = {m: total for m, (total, _) in found.items()}

    def cell(m: Month) -> str:
        if m in gaps:
            return NOT_COVERED
        if not by_month.get(m):
            return NO_INCIDENT
        return str(totals[m]) if found[m][1] else NO_FIGURE

    rows = tuple((month_label(m), cell(m)) for m in months)

    def draw(layout: Layout) -> pygal.Graph:
        chart = pygal.StackedBar(
            **layout.config(
                legend_at_bottom=True,
                legend_at_bottom_columns=layout.legend_columns,
                colours=(chartdraw.COLOURS[0], chartdraw.COLOURS[2]),
            ),
            **_month_axis(months, layout),
        )
        chart.add("Lowest figure given", [None if m in gaps else totals[m].low for m in months])
        chart.add("Given only as “about”", [None if m in gaps else totals[m].about for m in months])
        chart.y_labels = chartdraw.ticks(max((t.low + t.about for t in totals.values()), default=0))
        return chart

    kind = KINDS[category]
    key = f"{outcome}-{kind}"
    title = f"{OUTCOME_WORDS[outcome]} in {kind}, per month"
    caption = (
        f"People reported {outcome} in {CATEGORIES[category]}, by the month of the incident. "
        "The table gives each month's range: the accounts' lowest and highest figures added up "
        "(“at least” when an account states no upper bound), with figures given only as "
        "“about” added apart. A bar shows the lowest figures, topped in orange by the “about” "
        "figures; it is not a count of everyone hurt. Incidents with no figure add nothing; a "
        "month with no incident of the kind says “no incident”."
    ) + _month_notes(months, gaps)
    columns = ("Month", OUTCOME_WORDS[outcome])
    return Chart(key, title, caption, columns, rows, **_drawn(draw, key, title, months))


# --- months -----------------------------------------------------------------------------------

Month = tuple[int, int]


def _month(incident: Incident) -> Month:
    return incident.date.lower.year, incident.date.lower.month


MAX_GAP = 12  # a longer run of empty months is left out, so one stray date far from the
# others cannot make the page list every month in between


def _next(month: Month) -> Month:
    year, m = month
    return (year + 1, 1) if m == 12 else (year, m + 1)


def month_span(incidents: Iterable[Incident]) -> list[Month]:
    """Every month from the first incident's to the last one's, empty months included, but
    for runs of more than MAX_GAP empty months: at most MAX_GAP + 1 months per incident."""
    out: list[Month] = []
    for month in sorted({_month(i) for i in incidents}):
        if out:
            run: list[Month] = []
            following = _next(out[-1])
            while following < month and len(run) <= MAX_GAP:
                run.append(following)
                following = _next(following)
            if following == month:
                out.extend(run)
        out.append(month)
    return out


def has_long_gap(months: list[Month]) -> bool:
    return any(_next(a) != b for a, b in zip(months, months[1:], strict=False))


GAP_NOTE = (
    " Runs of more than twelve months without any incident are left out of the chart and table."
)


def month_label(month: Month) -> str:
    return f"{labels.MONTHS[month[1] - 1]} {month[0]}"


def month_ticks(months: list[Month], layout: Layout) -> dict[str, str]:
    """The months that get an axis label, and the label: each quarter ('Oct 2019',
    'Jan 2020', 'Apr', 'Jul', 'Oct') when they fit, else each year ('2020'), else every
    second or fifth year."""
    quarters = [m for m in months if m[1] in (1, 4, 7, 10)]
    if not months:
        return {}
    if len(quarters) <= layout.max_ticks and layout.quarters:
        return {_key(m): _quarter_label(m, n == 0) for n, m in enumerate(quarters)}
    years = [m for m in months if m[1] == 1] or months[:1]
    step = next(s for s in (1, 2, 5, 10, 20, 50, 100) if len(years) / s <= layout.max_ticks)
    return {_key(m): str(m[0]) for m in years if m[0] % step == 0 or step == 1}


def _key(month: Month) -> str:
    return f"{month[0]:04d}-{month[1]:02d}"


def _quarter_label(month: Month, first: bool) -> str:
    """'Jan 2020', then 'Apr', 'Jul', 'Oct': the year on January and on the first label."""
    short = labels.MONTHS[month[1] - 1][:3]
    return f"{short} {month[0]}" if month[1] == 1 or first else short


def _month_axis(months: list[Month], layout: Layout) -> dict:
    ticks = month_ticks(months, layout)
    return {
        "x_labels": [_key(m) for m in months],
        "x_labels_major": list(ticks) or [_key(m) for m in months[:1]],
        "show_minor_x_labels": False,
        "x_label_rotation": 0,
        "truncate_label": -1,
    }
