"""Checks across records: unique ids, references that resolve, citations, consistency."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from . import schema as s
from .errors import Problem, printable
from .scalars import SLUG_RE, suggest
from .yamlload import Mark, YMap, YSeq

if TYPE_CHECKING:
    from .validate import Context, Data

# Incident fields whose items cite sources, and which a discrepancy may name.
ACCOUNT_FIELDS = tuple(
    f.name
    for f in s.INCIDENT.fields
    if f.kind == s.LIST and f.item is not None and f.item.child("sources") is not None
)
DISCREPANCY_FIELDS = ("date", "place", "type", *ACCOUNT_FIELDS)


def cross_check(root: YMap, data: Data, ctx: Context) -> None:
    from .validate import nodes, record_label

    ids: dict[str, dict[str, Mark]] = {}
    for collection in s.COLLECTIONS:
        seen: dict[str, Mark] = {}
        for i, node in nodes(root, collection):
            rid = node.get("id")
            if not isinstance(rid, str):
                continue
            ctx.record = record_label(collection, i, node)
            if rid in seen:
                ctx.add(
                    node.marks["id"],
                    "id",
                    f"duplicate id (first at line {seen[rid].line})",
                    "ids are permanent and unique: choose another",
                )
            else:
                seen[rid] = node.marks["id"]
        ids[collection] = seen

    known_sources = set(ids["sources"])
    for collection in s.COLLECTIONS:
        for i, node in nodes(root, collection):
            ctx.record = record_label(collection, i, node)
            if collection == "incidents":
                _check_incident(node, known_sources, ctx)
    ctx.record = ""
    _check_refs(ids, ctx)
    _check_cycles(root, "factions", "member_of", ctx)
    _check_cycles(root, "places", "parent", ctx)


def _check_refs(ids: dict[str, dict[str, Mark]], ctx: Context) -> None:
    """Every id met on the schema walk must name a record of its collection."""
    for collection, value, mark, path, record in ctx.refs:
        if value in ids[collection] or not SLUG_RE.fullmatch(value):
            continue  # an invalid id is reported by the schema check
        hint = suggest(value, list(ids[collection])) or f"add it to {collection} first"
        message = f"unknown {collection[:-1]} id {printable(value)}"
        ctx.problems.append(Problem(mark.line, mark.col, record, path, message, hint))


def _get(node: object, key: str) -> tuple[object, Mark | None]:
    if isinstance(node, YMap) and key in node:
        return node[key], node.marks[key]
    return None, None


def _items(node: YMap, key: str) -> Iterator[tuple[int, YMap, Mark]]:
    seq = node.get(key)
    if isinstance(seq, YSeq):
        for i, (item, mark) in enumerate(zip(seq, seq.marks, strict=True)):
            if isinstance(item, YMap):
                yield i, item, mark


def _check_citations(node: YMap, known: set[str], ctx: Context) -> None:
    """Every source an account cites is listed in the incident's own `sources`."""
    listed = node.get("sources")
    if not isinstance(listed, YSeq) or not listed:
        return  # reported by the schema check; every citation would repeat it
    cited = set(listed)

    def check_cited(value: object, path: str) -> None:
        for j, (src, mark) in enumerate(_pairs(value)):
            # An unknown id is reported once, as unknown, by the reference check.
            if isinstance(src, str) and src in known and src not in cited:
                ctx.add(
                    mark,
                    f"{path}.sources[{j}]",
                    f"source {src!r} is not in the incident's sources",
                    "add it to the incident's 'sources' list",
                )

    for name in ACCOUNT_FIELDS:
        for i, item, _ in _items(node, name):
            check_cited(item.get("sources"), f"{name}[{i}]")
    for i, item, _ in _items(node, "discrepancies"):
        for j, acc, _ in _items(item, "accounts"):
            check_cited(acc.get("sources"), f"discrepancies[{i}].accounts[{j}]")


def _check_incident(node: YMap, known: set[str], ctx: Context) -> None:
    _check_citations(node, known, ctx)
    for i, item, mark in _items(node, "discrepancies"):
        fname, fmark = _get(item, "field")
        if isinstance(fname, str) and fname not in DISCREPANCY_FIELDS:
            ctx.add(
                fmark or mark,
                f"discrepancies[{i}].field",
                f"unknown field {printable(fname)}",
                suggest(fname, DISCREPANCY_FIELDS) or f"one of {', '.join(DISCREPANCY_FIELDS)}",
            )
    for name in ("targets", "impacts", "launch_sites"):
        for i, item, mark in _items(node, name):
            if ("place" in item) == ("text" in item):
                ctx.add(
                    mark,
                    f"{name}[{i}]",
                    "give either 'place' (an id) or 'text', not both",
                    "use 'place' when the place has a record",
                )
    for i, item, mark in _items(node, "responsibility"):
        stance = item.get("stance")
        named = "faction" in item or "party" in item
        if stance == "unclaimed" and named:
            ctx.add(
                mark,
                f"responsibility[{i}]",
                "an 'unclaimed' entry names no faction or party",
                "use stance blamed or suspected for who is accused",
            )
        elif isinstance(stance, str) and stance != "unclaimed" and not named:
            ctx.add(
                mark,
                f"responsibility[{i}]",
                f"a {stance!r} entry needs a faction or party",
                "add 'faction: <id>' or 'party: <as worded>'",
            )
    _check_status(node, ctx)
    for i, item, mark in _items(node, "related"):
        if item.get("incident") == node.get("id"):
            ctx.add(mark, f"related[{i}].incident", "an incident cannot relate to itself")


def _check_status(node: YMap, ctx: Context) -> None:
    status = node.get("status", "published")
    target, mark = _get(node, "merged_into")
    if status == "merged" and target is None:
        ctx.add(
            node.mark,
            "merged_into",
            "a merged incident needs 'merged_into'",
            "name the incident that replaces it",
        )
    elif status != "merged" and target is not None and mark is not None:
        ctx.add(
            mark,
            "merged_into",
            "only a merged incident has 'merged_into'",
            "add 'status: merged' or remove it",
        )
    elif target is not None and target == node.get("id") and mark is not None:
        ctx.add(mark, "merged_into", "an incident cannot be merged into itself")


def _pairs(value: object) -> Iterator[tuple[object, Mark]]:
    if isinstance(value, YSeq):
        yield from zip(value, value.marks, strict=True)


def _check_cycles(root: YMap, collection: str, key: str, ctx: Context) -> None:
    from .validate import nodes

    parents: dict[str, list[str]] = {}
    marks: dict[str, Mark] = {}
    for _, node in nodes(root, collection):
        rid, value = node.get("id"), node.get(key)
        if not isinstance(rid, str):
            continue
        ups = list(value) if isinstance(value, YSeq) else [value] if value else []
        parents[rid] = [u for u in ups if isinstance(u, str)]
        marks[rid] = node.marks.get(key, node.mark)
    for start in parents:
        seen, todo = set(), list(parents[start])
        while todo:
            current = todo.pop()
            if current == start:
                ctx.record = start
                ctx.add(
                    marks[start],
                    key,
                    f"{key} leads back to {start!r} (a cycle)",
                    "a place or faction cannot contain itself",
                )
                break
            if current not in seen:
                seen.add(current)
                todo.extend(parents.get(current, []))
    ctx.record = ""
