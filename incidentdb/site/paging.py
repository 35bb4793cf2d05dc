"""Long listings cut into pages: the incident table and each year of the timeline.

Every page holds at most `size` entries, so no page grows with the database. The cuts are
computed once from the indexes (lists already in order), before any page is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass

from incidentdb.model.records import Incident

ROUGH_FREE = ("day", "day-uncertain")  # precisions listed as known to the day


def table_path(number: int) -> str:
    """The page path of page `number` of the incident table (1 is the table's own page)."""
    return "incidents/index.md" if number == 1 else f"incidents/page/{number}.md"


def table_pages(published: list[Incident], size: int) -> list[list[Incident]]:
    """The table's static pages: the latest incidents first, `size` to a page."""
    latest_first = published[::-1]
    return [latest_first[at : at + size] for at in range(0, len(latest_first), size)] or [[]]


@dataclass(frozen=True)
class Group:
    """A piece of one section of a timeline year: the incidents begun in an earlier year
    (month 0) or those of one month, dated ones first, then those known only roughly."""

    month: int  # 0: begun before the year
    dated: list[Incident]
    rough: list[Incident]
    continued: bool = False  # the section began on an earlier page

    @property
    def anchor(self) -> str:
        return "" if self.continued else ("continuing" if self.month == 0 else f"m{self.month}")


def year_path(year: int, number: int) -> str:
    return f"timeline/{year}.md" if number == 1 else f"timeline/{year}/page/{number}.md"


def _sections(
    continuing: list[Incident], incidents: list[Incident]
) -> list[tuple[int, list[Incident]]]:
    """(month, its incidents in page order): begun before the year, then month by month,
    each month's incidents known to the day before those known only roughly."""
    months: dict[int, list[Incident]] = {}
    for incident in incidents:  # sorted by date: months come in order
        months.setdefault(incident.date.lower.month, []).append(incident)
    sections = [(0, list(continuing))] if continuing else []
    for month, items in months.items():
        dated = [i for i in items if i.date.precision in ROUGH_FREE]
        sections.append((month, dated + [i for i in items if i.date.precision not in ROUGH_FREE]))
    return sections


def _group(month: int, items: list[Incident], continued: bool) -> Group:
    if month == 0:
        return Group(0, items, [], continued)
    dated = [i for i in items if i.date.precision in ROUGH_FREE]
    return Group(month, dated, [i for i in items if i.date.precision not in ROUGH_FREE], continued)


def year_pages(
    continuing: list[Incident], incidents: list[Incident], size: int
) -> list[list[Group]]:
    """A year's timeline in pages of at most `size` incidents. Whole sections are kept
    together when they fit; a section longer than a page is cut and continues on the next."""
    pages: list[list[Group]] = [[]]
    filled = 0
    for month, items in _sections(continuing, incidents):
        if filled and filled + len(items) > size:
            pages.append([])
            filled = 0
        for at in range(0, len(items), size):
            if at:
                pages.append([])
                filled = 0
            piece = items[at : at + size]
            pages[-1].append(_group(month, piece, continued=at > 0))
            filled += len(piece)
    return pages
