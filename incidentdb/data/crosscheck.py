"""Checks across records: unique ids, references that resolve, citations, consistency."""

from __future__ import annotations

from collections.abc import Iterator

from incidentdb.data import schema as s
from incidentdb.data.errors import Problem, printable
from incidentdb.data.scalars import SLUG_RE, suggest
from incidentdb.data.strict_yaml import Mark, YMap, YSeq
from incidentdb.data.tree import Cites, Context, Ids, Parents, Part, Refs, nodes, record_label

# Incident fields whose items cite sources, and which a discrepancy may name.
ACCOUNT_FIELDS = tuple(
    f.name
    for f in s.INCIDENT.fields
    if f.kind == s.LIST and f.item is not None and f.item.child("sources") is not None
)
DISCREPANCY_FIELDS = ("date", "place", "type", *ACCOUNT_FIELDS)


# The keys that place a record inside another of its collection: they must not loop.
CONTAINERS = {"factions": "member_of", "places": "parent"}


def record_checks(
    root: YMap, ctx: Context, offsets: dict[str, int]
) -> tuple[Ids, Parents, Cites, set[str]]:
    """The checks one part of the file allows on its own: each record's consistency. Also
    gathers what `across` needs from the part: ids with their places, containers, and each
    incident's sources, and the sources with a URL (a `url` key counts even if its value
    was refused: that value has its own message, and one fix answers both)."""
    ids: Ids = {}
    parents: Parents = {}
    cites: Cites = []
    online: set[str] = set()
    for collection in s.COLLECTIONS:
        found: list[tuple[str, Mark, str]] = []
        ids[collection] = found
        key = CONTAINERS.get(collection)
        for i, node in nodes(root, collection):
            label = record_label(collection, i + offsets.get(collection, 0), node)
            rid = node.get("id")
            if isinstance(rid, str):
                found.append((rid, node.marks["id"], label))
            if collection == "incidents":
                ctx.record = label
                _check_incident(node, ctx)
                listed = node.get("sources")
                # a merged record only redirects: its survivor's sources are the ones read
                if isinstance(listed, YSeq) and listed and node.get("status") != "merged":
                    named = tuple(v for v in listed if isinstance(v, str))
                    cites.append((label, node.marks["sources"], named))
            elif collection == "sources":
                ctx.record = label
                _check_source(node, ctx)
                if node.get("url") is not None and isinstance(rid, str):
                    online.add(rid)
            elif key and isinstance(rid, str):
                value = node.get(key)
                ups = list(value) if isinstance(value, YSeq) else [value] if value else []
                mark = node.marks.get(key, node.mark)
                parents.setdefault(collection, []).append(
                    (rid, [u for u in ups if isinstance(u, str)], mark)
                )
    ctx.record = ""
    return ids, parents, cites, online


def across(parts: list[Part], ctx: Context) -> None:
    """The checks that need every record: unique ids, references, citations, cycles."""
    ids: dict[str, dict[str, Mark]] = {}
    for collection in s.COLLECTIONS:
        seen: dict[str, Mark] = {}
        ids[collection] = seen
        for part in parts:
            for rid, mark, label in part.ids.get(collection, ()):
                if rid in seen:
                    ctx.record = label
                    ctx.add(
                        mark,
                        "id",
                        f"duplicate id (first at line {seen[rid].line})",
                        "ids are permanent and unique: choose another",
                    )
                else:
                    seen[rid] = mark
    ctx.record = ""
    known_sources = ids["sources"]
    for part in parts:
        ctx.problems.extend(p for src, p in part.citations if src in known_sources)
        _check_refs(ids, part.refs, ctx)
    for collection, key in CONTAINERS.items():
        found = [entry for part in parts for entry in part.parents.get(collection, ())]
        _check_cycles(found, key, ctx)
    online = {rid for part in parts for rid in part.online}
    for part in parts:
        for label, mark, named in part.cites:
            if not online.intersection(named) and set(named) <= set(known_sources):
                ctx.record = label
                ctx.add(
                    mark,
                    "sources",
                    "no source of this incident has a URL",
                    "cite at least one report a reader can open, with its 'url'",
                )
    ctx.record = ""


def _check_source(node: YMap, ctx: Context) -> None:
    if "url" not in node and "date" not in node:
        ctx.add(
            node.mark,
            "url",
            "a source with neither URL nor date cannot be found by a reader",
            "add the report's 'url' as its page gives it, or its publication 'date'",
        )


def _check_refs(ids: dict[str, dict[str, Mark]], refs: Refs, ctx: Context) -> None:
    """Every id met on the schema walk must name a record of its collection."""
    for collection, value, mark, path, record in refs:
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


def _check_incident(node: YMap, ctx: Context) -> None:
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


def _check_cycles(found: list[tuple[str, list[str], Mark]], key: str, ctx: Context) -> None:
    parents = {rid: ups for rid, ups, _ in found}
    marks = {rid: mark for rid, _, mark in found}
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
