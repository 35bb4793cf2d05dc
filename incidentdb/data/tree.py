"""What the checks share: the typed data, where the walk is, and what a checked part of the
file holds (its ids, references and citations) for the checks across records."""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field

from incidentdb.data.errors import Problem
from incidentdb.data.strict_yaml import Mark, YMap, YSeq

Data = dict[str, object]
Ref = tuple[str, str, Mark, str, str]  # collection, id, where, field path, record
Ids = dict[str, list[tuple[str, Mark, str]]]
Parents = dict[str, list[tuple[str, list[str], Mark]]]
Cites = list[tuple[str, Mark, tuple[str, ...]]]  # incident label, its sources key, their ids


@dataclass
class Context:
    """Where the walk is: the record being read and the problems found so far."""

    problems: list[Problem] = field(default_factory=list)
    record: str = ""
    # Every id reference met on the walk (collection, id, mark, path, record), resolved once
    # all ids are known: a second walk of the tree would cost as much as the first.
    refs: list[Ref] = field(default_factory=list)

    def add(self, mark: Mark, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(mark.line, mark.col, self.record, path, message, hint))


@dataclass
class Refs:
    """A part's id references as columns, marks packed in an array: a forked child sends
    a hundred thousand of them in a few milliseconds rather than a third of a second."""

    collections: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    marks: array = field(default_factory=lambda: array("q"))
    paths: tuple[str, ...] = ()
    records: tuple[str, ...] = ()

    @classmethod
    def of(cls, refs: list[Ref]) -> Refs:
        if not refs:
            return cls()
        collections, values, marks, paths, records = zip(*refs, strict=True)
        return cls(collections, values, array("q", marks), paths, records)

    def __iter__(self) -> Iterator[Ref]:
        for collection, value, mark, path, record in zip(
            self.collections, self.values, self.marks, self.paths, self.records, strict=True
        ):
            yield collection, value, Mark.unpack(mark), path, record


@dataclass
class Part:
    """What checking one part of the file found: the whole file, or (loading on two cores)
    one share of its incidents. `finish` joins the parts; the checks that need every record
    (unique ids, references, citations of known sources, cycles) run there."""

    data: Data
    marks: dict[str, Mark]  # the top-level keys this part holds, and where their values start
    root: Mark
    ids: Ids  # per collection: id, where, record label
    refs: Refs
    citations: list[tuple[str, Problem]]  # a problem if that source exists (else: unknown id)
    parents: Parents  # per collection: id, member_of / parent, where (for cycles)
    cites: Cites  # each incident's own sources list (is one of them online?)
    online: set[str]  # ids of sources with a URL
    lines: dict[str, int]  # incident id → line
    problems: list[Problem]
    loader_problems: int = 0  # of `problems`, how many the YAML loader found (it stops at a cap)


def record_label(collection: str, index: int, item: object) -> str:
    """The record's id when it has a valid one, else its position: incidents[3]."""
    if isinstance(item, YMap):
        rid = item.get("id")
        if isinstance(rid, str) and rid and len(rid) <= 80 and rid.isascii() and rid.isprintable():
            return rid
    return f"{collection}[{index}]"


def nodes(root: YMap, collection: str) -> Iterator[tuple[int, YMap]]:
    """The records of a collection as loaded, with their positions."""
    seq = root.get(collection)
    if isinstance(seq, YSeq):
        for i, item in enumerate(seq):
            if isinstance(item, YMap):
                yield i, item
