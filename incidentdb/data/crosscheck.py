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


# The keys that point a record at another of its collection: they must not loop, and the
# chains they make are short (each page shows its record's ancestors).
CONTAINERS = {"factions": "member_of", "places": "parent", "incidents": "merged_into"}
MAX_GUESSES = 50  # unknown ids given a "did you mean" hint
MAX_DEPTH = 8  # country, province, district, city, quarter, site... and umbrellas of umbrellas
_CYCLE_HINTS = {
    "member_of": "a faction cannot belong to itself, directly or through others",
    "parent": "a place cannot lie inside itself, directly or through others",
    "merged_into": "merge each record into the one that stays, which is not itself merged",
}


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
                target = node.get("merged_into")
                if isinstance(rid, str) and isinstance(target, str):
                    mark = node.marks.get("merged_into", node.mark)
                    parents.setdefault(collection, []).append((rid, [target], mark))
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
    guesses = 0
    for collection, value, mark, path, record in refs:
        if value in ids[collection] or not SLUG_RE.fullmatch(value):
            continue  # an invalid id is reported by the schema check
        # "did you mean" compares with every id: worth it for the first few unknown ids only,
        # so that thousands of them cost a linear pass, not one per pair
        guesses += 1
        close = suggest(value, list(ids[collection])) if guesses <= MAX_GUESSES else ""
        hint = close or f"add it to {collection} first"
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
    created, updated = node.get("created"), node.get("updated")
    if isinstance(created, str) and isinstance(updated, str) and updated < created:
        ctx.add(
            node.marks["updated"],
            "updated",
            f"{updated} is before the record was created ({created})",
            "give the day of the last change, or leave 'updated' out",
        )
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
    """Every loop reported once, at the record where the walk meets it again, and every
    chain longer than MAX_DEPTH; one pass over the records (a depth-first walk that keeps
    each record's colour and depth), so a long chain costs no more than its length."""
    parents = {rid: ups for rid, ups, _ in found}
    marks = {rid: mark for rid, _, mark in found}
    depth: dict[str, int] = {}  # done: the longest chain above the record
    on_path: set[str] = set()
    deep: list[str] = []
    for start in parents:
        if start in depth:
            continue
        stack = [(start, iter(parents[start]))]
        on_path.add(start)
        while stack:
            node, ups = stack[-1]
            up = next(ups, None)
            if up is None:
                stack.pop()
                on_path.discard(node)
                depth[node] = 1 + max((depth.get(u, 0) for u in parents.get(node, ())), default=0)
                if depth[node] == MAX_DEPTH + 1:
                    deep.append(node)
                continue
            if up in on_path:
                ctx.record = node
                ctx.add(
                    marks[node],
                    key,
                    f"{key} leads back to {up!r} (a cycle)",
                    _CYCLE_HINTS[key],
                )
                depth.setdefault(up, 0)
            elif up not in depth and up in parents:
                on_path.add(up)
                stack.append((up, iter(parents[up])))
    if key != "merged_into":
        for rid in deep:
            ctx.record = rid
            ctx.add(
                marks[rid],
                key,
                f"{key} makes a chain of more than {MAX_DEPTH} levels",
                "link it to a nearer container: pages show every level above a record",
            )
    ctx.record = ""
