"""Statistics: counts from the index, drawn at build time as inline SVG charts with pygal.

Every chart comes with the same numbers as table rows. The SVG is cleaned so it can sit in a
page as it is: no script (pygal's tooltips load one from a CDN), no comment (pygal writes the
build date and its own URLs there), fixed ids so two builds are byte-identical, and an
accessible name (`role="img"`, `aria-label`, `<title>`). lxml escapes every label it writes.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pygal
from lxml import etree
from markupsafe import Markup
from pygal.style import Style

from incidentdb.model import labels, present
from incidentdb.model.geo import incident_point
from incidentdb.model.index import Index
from incidentdb.model.records import Database, Incident

STANCES = ("claimed", "blamed", "suspected")
TOP_PLACES = 15
FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif'
# Colours with a contrast of at least 3:1 against white, told apart by more than hue.
STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="rgba(0, 0, 0, .87)",
    foreground_strong="rgba(0, 0, 0, .87)",
    foreground_subtle="rgba(0, 0, 0, .6)",
    colors=("#3949ab", "#c62828", "#ef6c00", "#2e7d32", "#6a1b9a"),
    font_family=FONT,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    opacity="1",
    opacity_hover="1",
    transition="0s",
)
_UNWANTED = {"script", "desc"}  # desc: tooltip data for the script we drop

Row = tuple  # (label, number, number...)


@dataclass(frozen=True)
class Chart:
    """One chart: its SVG and the same numbers as a table."""

    key: str  # stable, used for ids
    title: str
    caption: str  # how the figures are counted
    columns: tuple[str, ...]
    rows: tuple[Row, ...]
    svg: Markup


def statistics(db: Database, index: Index) -> list[Chart]:
    """Every chart of the statistics page, in page order."""
    incidents = index.published
    covered = (db.coverage.period.lower, db.coverage.period.upper) if db.coverage else None
    return [
        per_month(incidents, covered),
        by_type(incidents),
        by_place(db, index, incidents),
        by_faction(db, incidents),
        casualties_per_month(incidents, covered),
    ]


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
    chart = pygal.Bar(**_config(show_legend=False), **_month_axis(months))
    chart.add("Incidents", [None if m in gaps else counts[m] for m in months])
    chart.y_labels = _ticks(max(counts.values(), default=0))
    title = "Incidents per month"
    caption = (
        "Each incident counts once, in the month of the earliest day it may have happened "
        "(for a date known only to the month or as a range, its first day). "
        "Months with no incident are shown as zero."
    ) + _month_notes(months, gaps)
    return Chart(
        "per-month", title, caption, ("Month", "Incidents"), rows, _svg(chart, "per-month", title)
    )


def by_type(incidents: list[Incident]) -> Chart:
    counts = Counter(i.type for i in incidents)
    ordered = sorted(counts, key=lambda t: (-counts[t], labels.words(t)))
    rows = tuple((labels.words(t), counts[t]) for t in ordered)
    title = "Incidents by type"
    caption = "Each incident has one type."
    chart = _horizontal(rows, "Incidents")
    return Chart(
        "by-type", title, caption, ("Type", "Incidents"), rows, _svg(chart, "by-type", title)
    )


def by_place(db: Database, index: Index, incidents: list[Incident]) -> Chart:
    counts = Counter(_province(db, index, i) for i in incidents)
    named = sorted((p for p in counts if p), key=lambda p: (-counts[p], db.places[p].name))
    rows = [(db.places[p].name, counts[p]) for p in named[:TOP_PLACES]]
    other = sum(counts[p] for p in named[TOP_PLACES:])
    if other:
        rows.append((f"{len(named) - TOP_PLACES} other places", other))
    if counts[None]:
        rows.append(("No place given", counts[None]))
    title = f"Incidents by place (top {TOP_PLACES})"
    caption = (
        "Each incident counts once, at its main place: in the province that contains it when "
        "the data places it in one, otherwise at the main place itself. Targets, impact points "
        "and launch sites are not counted here."
    )
    chart = _horizontal(rows, "Incidents")
    return Chart(
        "by-place",
        title,
        caption,
        ("Place", "Incidents"),
        tuple(rows),
        _svg(chart, "by-place", title),
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
    chart = pygal.HorizontalStackedBar(
        **_config(
            height=_bars_height(len(rows)),
            legend_at_bottom=True,
            legend_at_bottom_columns=len(STANCES),
        )
    )
    chart.x_labels = [r[0] for r in reversed(rows)]
    chart.y_labels = _ticks(max((sum(counts[(f, s)] for s in STANCES) for f in ordered), default=0))
    for n, stance in enumerate(STANCES, 1):
        chart.add(stance, [r[n] for r in reversed(rows)])
    title = "Incidents attributed to each faction"
    caption = (
        "An incident counts once per faction and stance: claimed by the faction, blamed on it "
        "by someone, or suspected. A faction both blamed and suspected for one incident counts "
        "in both bars but once in the last column. Denials are not counted."
    )
    columns = ("Faction", *(s.capitalize() for s in STANCES), "Incidents")
    return Chart("by-faction", title, caption, columns, rows, _svg(chart, "by-faction", title))


def casualties_per_month(incidents: list[Incident], covered: Covered = None) -> Chart:
    months, gaps, _ = _months(incidents, covered)
    killed: Counter = Counter()
    wounded: Counter = Counter()
    for incident in incidents:
        killed[_month(incident)] += present.casualty_range(incident, "killed")[0] or 0
        wounded[_month(incident)] += present.casualty_range(incident, "wounded")[0] or 0
    rows = tuple(
        (month_label(m), NOT_COVERED, NOT_COVERED)
        if m in gaps
        else (month_label(m), killed[m], wounded[m])
        for m in months
    )
    chart = pygal.Bar(
        **_config(legend_at_bottom=True, legend_at_bottom_columns=2), **_month_axis(months)
    )
    chart.add("Killed", [None if m in gaps else killed[m] for m in months])
    chart.add("Wounded", [None if m in gaps else wounded[m] for m in months])
    chart.y_labels = _ticks(max([*killed.values(), *wounded.values()], default=0))
    title = "Killed and wounded per month (at least)"
    caption = (
        "The lowest figure each incident reports (the low end of its range), added up by month: "
        "totals are “at least” figures. Incidents with no reported figure add nothing; deaths "
        "from indirect causes are not counted."
    ) + _month_notes(months, gaps)
    return Chart(
        "casualties",
        title,
        caption,
        ("Month", "Killed (at least)", "Wounded (at least)"),
        rows,
        _svg(chart, "casualties", title),
    )


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


def _month_axis(months: list[Month]) -> dict:
    names = [dt.date(y, m, 1).strftime("%Y-%m") for y, m in months]
    majors = [n for n, (_, m) in zip(names, months, strict=True) if m == 1] or names[:1]
    return {
        "x_labels": names,
        "x_labels_major": majors,
        "show_minor_x_labels": False,
        "x_label_rotation": 0,
        "truncate_label": -1,
    }


# --- places -----------------------------------------------------------------------------------


def _province(db: Database, index: Index, incident: Incident) -> str | None:
    """The province containing the incident's main place, else the main place (None: none)."""
    if not incident.place or incident.place not in db.places:
        return None
    for place_id in (incident.place, *index.ancestors(incident.place)):
        if db.places[place_id].kind == "province":
            return place_id
    return incident.place


# --- drawing ----------------------------------------------------------------------------------


def _config(**overrides: object) -> dict:
    config = {
        "style": STYLE,
        "js": [],
        "disable_xml_declaration": True,
        "width": 800,
        "height": 360,
        "show_y_guides": True,
        "print_values": False,
        "margin": 8,
        "legend_box_size": 14,
        "truncate_legend": -1,
        "min_scale": 1,
        "max_scale": 10,
    }
    config.update(overrides)
    return config


def _ticks(top: int) -> list[int]:
    """Whole-number axis ticks from 0 to at least `top`, about five to ten of them."""
    step, scale = 1, 1
    while True:
        for factor in (1, 2, 5):
            step = factor * scale
            if top / step <= 8:
                return list(range(0, max(top, 1) + step, step))
        scale *= 10


def _bars_height(count: int) -> int:
    return 90 + 26 * max(count, 1)


def _horizontal(rows: list[Row] | tuple[Row, ...], series: str) -> pygal.Graph:
    """One series of horizontal bars, the first row on top."""
    chart = pygal.HorizontalBar(
        **_config(show_legend=False, height=_bars_height(len(rows)), truncate_label=40)
    )
    chart.x_labels = [r[0] for r in reversed(rows)]
    chart.add(series, [r[1] for r in reversed(rows)])
    chart.y_labels = _ticks(max((r[1] for r in rows), default=0))
    return chart


def _svg(chart: pygal.Graph, key: str, name: str) -> Markup:
    """The chart as one line of inline SVG: deterministic ids, no script, an accessible name."""
    chart.uuid = f"idb-{key}"  # pygal's default is a random uuid4
    chart.add_xml_filter(_cleaner(name))
    svg = chart.render(is_unicode=True)
    return Markup(svg.replace("\n", " "))  # noqa: S704 - serialised by lxml, which escapes


def _cleaner(name: str) -> Callable:
    def clean(root: etree._Element) -> etree._Element:
        for node in list(root.iter()):
            if not isinstance(node.tag, str) or etree.QName(node).localname in _UNWANTED:
                node.getparent().remove(node)
        for node in root:
            if etree.QName(node).localname == "title":
                node.text = name
        root.set("role", "img")
        root.set("aria-label", name)
        root.set("class", "pygal-chart idb-chart-svg")
        return root

    return clean
