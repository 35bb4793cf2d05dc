"""Validation: the loaded tree against the schema, then the checks across records.

Every problem is collected, none stops the walk; the caller raises them all at once.
The result is plain typed data (dicts, lists, str, int, Decimal) for the model to build on.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import replace

from incidentdb.data import schema as s
from incidentdb.data.crosscheck import across, record_checks
from incidentdb.data.errors import Problem, printable
from incidentdb.data.scalars import Invalid, edtf_bounds, read_scalar, suggest
from incidentdb.data.strict_yaml import Mark, Refused, YMap, YSeq
from incidentdb.data.tree import (
    Context,
    Data,
    Part,
    Ref,
    Refs,
    nodes,
    record_label,
)

_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")


def _kind_name(value: object) -> str:
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YSeq):
        return "a list"
    return f"the text {value!r}" if len(str(value)) < 40 else "text"


def read(spec: s.Field, value: object, mark: Mark, path: str, ctx: Context) -> object:
    """Check one value against its field; return it typed, or None when it is wrong."""
    kind = spec.kind
    if type(value) is str and kind != s.OBJECT and kind != s.LIST:  # most values
        try:
            typed = _typed(spec, value, bool(mark & 1))  # the low bit of a mark: written plain
        except Invalid as exc:
            ctx.add(mark, path, exc.message, exc.hint)
            return None
        if kind == s.REF:
            ctx.refs.append((spec.ref, value, mark, path, ctx.record))
        elif kind == s.RANGE:
            return {"min": typed, "best": typed, "max": typed}
        return typed
    if isinstance(value, Refused):  # the loader reported it already
        return None
    if kind == s.OBJECT or (kind == s.RANGE and isinstance(value, YMap)):
        if not isinstance(value, YMap):
            ctx.add(mark, path, f"expected a mapping of keys, found {_kind_name(value)}")
            return None
        return _read_object(spec, value, path, ctx)
    if kind == s.LIST:
        if not isinstance(value, YSeq):
            hint = "write it as a list: [a, b] or one '- item' per line"
            ctx.add(mark, path, f"expected a list, found {_kind_name(value)}", hint)
            return None
        if len(value) < spec.min_items:
            n = spec.min_items
            ctx.add(
                mark, path, f"needs at least {n} item{'s' if n > 1 else ''}, found {len(value)}"
            )
        item = spec.item
        assert item is not None
        out = [
            read(item, v, m, f"{path}[{i}]", ctx)
            for i, (v, m) in enumerate(zip(value, value.marks, strict=True))
        ]
        if spec.unique_by:
            _check_repeats(out, value, path, ctx, spec.unique_by)
        return out
    ctx.add(mark, path, f"expected a single value, found {_kind_name(value)}")
    return None


def _check_repeats(out: list, value: YSeq, path: str, ctx: Context, by: str) -> None:
    """A list whose field says so (`unique_by`) names each item once: the item itself, or
    its `by` key. Compared as readers see them: NFC-normalised and case-folded (Cafe +
    U+0301 is Café)."""
    seen: dict[str, int] = {}
    for i, (typed, mark) in enumerate(zip(out, value.marks, strict=True)):
        text = typed if by == "item" else typed.get(by) if isinstance(typed, dict) else None
        if not isinstance(text, str):
            continue
        key = unicodedata.normalize("NFC", text).casefold()
        if key in seen:
            ctx.add(
                mark,
                f"{path}[{i}]",
                f"{printable(text)} is listed twice (first at [{seen[key]}])",
                "say each once",
            )
        else:
            seen[key] = i


# Short values recur: ids, vocabulary words, dates, times, languages. Typing one is a pure
# function of (field, text, plain), so each is typed once per field and reused.
_TYPED: dict[tuple[int, str, bool], object] = {}
_SHORT = 40
_TYPED_MAX = 200_000


def _typed(spec: s.Field, value: str, plain: bool) -> object:
    if len(value) > _SHORT:
        return read_scalar(spec, value, plain)
    key = (id(spec), value, plain)
    found = _TYPED.get(key, _TYPED)
    if found is _TYPED:
        try:
            found = read_scalar(spec, value, plain)
        except Invalid as exc:
            found = exc
        if len(_TYPED) >= _TYPED_MAX:
            _TYPED.clear()
        _TYPED[key] = found
    if isinstance(found, Invalid):
        raise Invalid(found.message, found.hint)
    return found


def _read_object(spec: s.Field, value: YMap, path: str, ctx: Context) -> Data:
    out: Data = {}
    children = s.children(spec)
    prefix = f"{path}." if path else ""
    marks = value.marks
    for key, item in value.items():
        sub = children.get(key)
        if sub is None:
            names = list(children)
            hint = suggest(key, names) or f"allowed: {', '.join(names)}"
            ctx.add(value.key_marks[key], f"{prefix}{shown_key(key)}", "unknown key", hint)
            continue
        out[key] = read(sub, item, marks[key], prefix + key, ctx)
    for name in s.required(spec):
        if name not in value:
            f = children[name]
            ctx.add(
                value.mark,
                f"{prefix}{name}",
                "required key missing",
                f"add '{name}:' — {f.doc.rstrip('.')}",
            )
    if spec.kind == s.RANGE:
        _check_range(out, value.mark, path, ctx)
    return out


def _check_range(out: Data, mark: Mark, path: str, ctx: Context) -> None:
    nums = [(k, out.get(k)) for k in ("min", "best", "max")]
    given = [(k, v) for k, v in nums if isinstance(v, int)]
    if not given and all(k not in out for k, _ in nums):
        ctx.add(mark, path, "a count needs min, best or max", "leave the count out if unknown")
    for (k1, v1), (k2, v2) in zip(given, given[1:], strict=False):
        if v1 > v2:  # type: ignore[operator]
            ctx.add(
                mark,
                path,
                f"{k1} {v1} is greater than {k2} {v2}",
                "the figures must run min ≤ best ≤ max",
            )


def check_part(root: YMap, offsets: dict[str, int] | None = None) -> Part:
    """Check what one part of the file holds against the schema, record by record.

    `offsets` gives where this part's records start in their collection, so that a record
    without a valid id is still named by its place in the whole file (incidents[5012]).
    """
    offsets = offsets or {}
    ctx = Context(problems=list(root.deferred))
    data: Data = {}
    citations: list[tuple[str, Problem]] = []
    names = [f.name for f in s.DATABASE.fields]
    for key in root:
        if s.DATABASE.child(key) is None:
            hint = suggest(key, names) or f"allowed: {', '.join(names)}"
            ctx.add(root.key_marks[key], shown_key(key), "unknown top-level key", hint)
    for f in s.DATABASE.fields:
        if f.name not in root:
            continue
        value, mark = root[f.name], root.marks[f.name]
        if f.kind == s.LIST:
            offset = offsets.get(f.name, 0)
            data[f.name] = _read_collection(f, value, mark, ctx, offset, citations)
        else:
            data[f.name] = read(f, value, mark, f.name, ctx)

    ids, parents, cites, online = record_checks(root, ctx, offsets)
    _TYPED.clear()  # a cache for one walk: the build holds on to nothing it does not need
    return Part(
        data=data,
        marks=dict(root.marks),
        root=root.mark,
        ids=ids,
        refs=Refs.of(ctx.refs),
        citations=citations,
        parents=parents,
        cites=cites,
        online=online,
        lines={
            rid: node.mark.line
            for _, node in nodes(root, "incidents")
            if isinstance(rid := node.get("id"), str)
        },
        problems=_attribute(root, ctx.problems, offsets),
        loader_problems=len(root.deferred),
    )


def finish(parts: list[Part]) -> tuple[Data, list[Problem], dict[str, int]]:
    """Join the parts (in file order): the typed data, every problem, the incidents' lines."""
    ctx = Context(problems=[p for part in parts for p in part.problems])
    data: Data = {}
    marks: dict[str, Mark] = {}
    for part in parts:
        for key, value in part.data.items():
            if isinstance(value, list) and isinstance(data.get(key), list):
                data[key] = [*data[key], *value]  # type: ignore[misc]
            else:
                data[key] = value
        for key, mark in part.marks.items():
            marks.setdefault(key, mark)
    for f in s.DATABASE.fields:
        if f.required and f.name not in marks:
            where = parts[0].root
            ctx.add(where, f.name, "required top-level key missing", f"add '{f.name}:'")
    if data.get("schema_version") not in (None, s.SCHEMA_VERSION):
        ctx.add(
            marks["schema_version"],
            "schema_version",
            "unsupported version",
            f"this code reads version {s.SCHEMA_VERSION}",
        )

    across(parts, ctx)
    lines = {rid: line for part in parts for rid, line in part.lines.items()}
    return data, ctx.problems, lines


def _attribute(root: YMap, problems: list[Problem], offsets: dict[str, int]) -> list[Problem]:
    """Give the loader's problems (duplicate keys, aliases...) the record they fall in."""
    starts = sorted(
        [(mark.line, mark.col, "") for mark in root.key_marks.values()]
        + [
            (
                node.mark.line,
                node.mark.col,
                record_label(collection, i + offsets.get(collection, 0), node),
            )
            for collection in s.COLLECTIONS
            for i, node in nodes(root, collection)
        ]
    )
    lines = [line for line, _, _ in starts]
    out = []
    for p in problems:
        at = bisect_right(lines, p.line) - 1
        if not p.record and at >= 0 and starts[at][2] and p.col >= starts[at][1]:
            p = replace(p, record=starts[at][2])
        out.append(p)
    return out


def _read_collection(
    spec: s.Field,
    value: object,
    mark: Mark,
    ctx: Context,
    offset: int,
    citations: list[tuple[str, Problem]],
) -> list[Data]:
    if not isinstance(value, YSeq):
        ctx.add(mark, spec.name, f"expected a list of records, found {_kind_name(value)}")
        return []
    assert spec.item is not None
    records = []
    cites = spec.name == "incidents"
    for i, (item, item_mark) in enumerate(zip(value, value.marks, strict=True)):
        ctx.record = record_label(spec.name, i + offset, item)
        first_ref = len(ctx.refs)
        typed = read(spec.item, item, item_mark, "", ctx)
        records.append(typed if isinstance(typed, dict) else {})
        if cites and isinstance(item, YMap):
            _citations(item, ctx.refs[first_ref:], citations)
    ctx.record = ""
    return records


def _citations(node: YMap, refs: list[Ref], out: list[tuple[str, Problem]]) -> None:
    """Every source an account cites must be in the incident's own `sources` list.

    The schema walk met each citation as a reference to `sources` below the incident's top
    level; whether the source exists at all is known only once every part is read, so each
    finding waits on it (an unknown id is reported once, as unknown, by the reference check).
    """
    listed = node.get("sources")
    if not isinstance(listed, YSeq) or not listed:
        return  # reported by the schema check; every citation would repeat it
    cited = {v for v in listed if isinstance(v, str)}  # not a mapping written by mistake
    for collection, value, mark, path, record in refs:
        if collection == "sources" and value not in cited and not path.startswith("sources["):
            problem = Problem(
                mark.line,
                mark.col,
                record,
                path,
                f"source {value!r} is not in the incident's sources",
                "add it to the incident's 'sources' list",
            )
            out.append((value, problem))


def shown_key(key: str) -> str:
    """A key as a field path shows it: quoted and escaped unless it is a plain word."""
    return key if _PLAIN_KEY.fullmatch(key) else printable(key)


def date_bounds(value: object) -> tuple | None:
    if not isinstance(value, str):
        return None
    try:
        return edtf_bounds(value)
    except Invalid:
        return None
