"""The citation markers of one page: an id for each, and the way back from each source.

A page's template asks for a marker's id as it prints the marker (`mark`); its source list,
printed after every marker, asks where each source was cited (`back`) to link back there.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Citation:
    id: str  # the marker's element id: cite-1, cite-2... in page order
    where: str  # the part of the page it is in: "Casualties", "Where sources disagree"


@dataclass
class Citations:
    """Every marker printed on one page, in order, by source."""

    by_source: dict[str, list[Citation]] = field(default_factory=dict)
    count: int = 0

    def mark(self, source_id: str, where: str) -> str:
        """A new marker citing `source_id` in `where`: its id, unique on the page."""
        self.count += 1
        citation = Citation(f"cite-{self.count}", where)
        self.by_source.setdefault(source_id, []).append(citation)
        return citation.id

    def back(self, source_id: str) -> list[tuple[str, list[Citation]]]:
        """Where a source was cited, by part of the page in the order first met:
        [("Casualties", [cite-4, cite-9]), ...]."""
        groups: dict[str, list[Citation]] = {}
        for citation in self.by_source.get(source_id, []):
            groups.setdefault(citation.where, []).append(citation)
        return list(groups.items())
