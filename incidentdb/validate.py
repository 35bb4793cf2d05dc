"""Validation: the loaded tree against the schema, then the checks across records.

Every problem is collected, none stops the walk; the caller raises them all at once.
The result is plain typed data (dicts, lists, str, int, Decimal) for the model to build on.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from . import schema as s
from .errors import Problem, printable
from .scalars import Invalid, edtf_bounds, read_scalar, suggest
from .yamlload import Mark, Refused, YMap, YSeq

Data = dict[str, object]
_PLAIN_KEY = re.compile(r"[A-Za-z0-9_-]{1,40}")


@dataclass
class Context:
    """Where the walk is: the record being read and the problems found so far."""

    problems: list[Problem] = field(default_factory=list)
    record: str = ""
    # Every id reference met on the walk (collection, id, mark, path, record), resolved once
    # all ids are known: a second walk of the tree would cost as much as the first.
    refs: list[tuple[str, str, Mark, str, str]] = field(default_factory=list)

    def add(self, mark: Mark, path: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(mark.line, mark.col, self.record, path, message, hint))


def _kind_name(value: object) -> str:
    if isinstance(value, YMap):
        return "a mapping"
    if isinstance(value, YSeq):
        return "a list"
    return f"the text {value!r}" if len(str(value)) < 40 else "text"


def read(spec: s.Field, value: object, mark: Mark, path: str, ctx: Context) -> object:
    """Check one value against its field; return it typed, or None when it is wrong."""
    kind = spec.kind
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
        assert spec.item is not None
        return [
            read(spec.item, item, item_mark, f"{path}[{i}]", ctx)
            for i, (item, item_mark) in enumerate(zip(value, value.marks, strict=True))
        ]
    if not isinstance(value, str):
        ctx.add(mark, path, f"expected a single value, found {_kind_name(value)}")
        return None
    try:
        typed = _typed(spec, value, mark.plain)
    except Invalid as exc:
        ctx.add(mark, path, exc.message, exc.hint)
        return None
    if kind == s.RANGE:
        return {"min": typed, "best": typed, "max": typed}
    if kind == s.REF:
        ctx.refs.append((spec.ref, value, mark, path, ctx.record))
    return typed


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
    for key, item in value.items():
        sub = children.get(key)
        if sub is None:
            names = list(children)
            hint = suggest(key, names) or f"allowed: {', '.join(names)}"
            ctx.add(value.key_marks[key], f"{prefix}{shown_key(key)}", "unknown key", hint)
            continue
        out[key] = read(sub, item, value.marks[key], f"{prefix}{key}", ctx)
    for f in spec.fields:
        if f.required and f.name not in value:
            ctx.add(
                value.mark,
                f"{prefix}{f.name}",
                "required key missing",
                f"add '{f.name}:' — {f.doc.rstrip('.')}",
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


def check_database(root: YMap) -> tuple[Data, list[Problem]]:
    """Validate the whole file; return the typed data and every problem."""
    ctx = Context(problems=list(root.deferred))
    data: Data = {}
    names = [f.name for f in s.DATABASE.fields]
    for key in root:
        if s.DATABASE.child(key) is None:
            hint = suggest(key, names) or f"allowed: {', '.join(names)}"
            ctx.add(root.key_marks[key], shown_key(key), "unknown top-level key", hint)
    for f in s.DATABASE.fields:
        if f.name not in root:
            ctx.add(root.mark, f.name, "required top-level key missing", f"add '{f.name}:'")
            continue
        value, mark = root[f.name], root.marks[f.name]
        if f.kind == s.LIST:
            data[f.name] = _read_collection(f, value, mark, ctx)
        else:
            data[f.name] = read(f, value, mark, f.name, ctx)
    if data.get("schema_version") not in (None, s.SCHEMA_VERSION):
        ctx.add(
            root.marks["schema_version"],
            "schema_version",
            "unsupported version",
            f"this code reads version {s.SCHEMA_VERSION}",
        )
    from .crosscheck import cross_check

    cross_check(root, data, ctx)
    _TYPED.clear()  # a cache for one walk: the build holds on to nothing it does not need
    return data, _attribute(root, ctx.problems)


def _attribute(root: YMap, problems: list[Problem]) -> list[Problem]:
    """Give the loader's problems (duplicate keys, aliases...) the record they fall in."""
    starts = sorted(
        [(mark.line, mark.col, "") for mark in root.key_marks.values()]
        + [
            (node.mark.line, node.mark.col, record_label(collection, i, node))
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


def _read_collection(spec: s.Field, value: object, mark: Mark, ctx: Context) -> list[Data]:
    if not isinstance(value, YSeq):
        ctx.add(mark, spec.name, f"expected a list of records, found {_kind_name(value)}")
        return []
    assert spec.item is not None
    records = []
    for i, (item, item_mark) in enumerate(zip(value, value.marks, strict=True)):
        ctx.record = record_label(spec.name, i, item)
        typed = read(spec.item, item, item_mark, "", ctx)
        records.append(typed if isinstance(typed, dict) else {})
    ctx.record = ""
    return records


def shown_key(key: str) -> str:
    """A key as a field path shows it: quoted and escaped unless it is a plain word."""
    return key if _PLAIN_KEY.fullmatch(key) else printable(key)


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


def date_bounds(value: object) -> tuple | None:
    if not isinstance(value, str):
        return None
    try:
        return edtf_bounds(value)
    except Invalid:
        return None
