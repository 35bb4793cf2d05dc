"""Load → validate → model, in one call, with every problem reported at once."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import split
from .errors import DataError
from .model import Database, build
from .parallel import forked
from .validate import Data, Part, check_part, finish
from .yamlload import MAX_BYTES, YMap, decode, load_text, parse, too_deep
from .yamlload import load as load_yaml

LIMIT_ENV = "INCIDENTS_LIMIT"


def load_database(path: str | Path, display_name: str | None = None) -> Database:
    """Read, validate and model the data file; raise DataError listing every problem."""
    path = Path(path)
    name = display_name or _display(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        from .errors import Problem

        raise DataError(name, [Problem(1, 1, "", "", f"cannot read: {exc.strerror}")]) from None
    return load_bytes(raw, name)


def load_bytes(raw: bytes, name: str) -> Database:
    # Millions of small containers, none of them cyclic: the cyclic garbage collector would
    # rescan them again and again (a third of the load time at 10,000 incidents).
    with paused_gc():
        data, lines = check_bytes(raw, name)
        return build(data, lines)


def check_bytes(raw: bytes, name: str) -> tuple[Data, dict[str, int]]:
    """Load and validate: the typed data and each incident's line, or DataError listing
    every problem. A big file is read on two cores when it can be (see `split`)."""
    parts = _in_two(raw, name) or [check_part(load_yaml(raw, name))]
    # Each part's tree is gone by now: the largest thing in memory is freed before the model.
    data, problems, lines = finish(parts)
    if problems:
        raise DataError(name, problems)
    return data, lines


def _in_two(raw: bytes, name: str) -> list[Part] | None:
    """The file read as two shares, one in a forked child; None to read it whole."""
    cut = split.find(raw)
    if cut is None or len(raw) > MAX_BYTES:
        return None  # read whole, which reports it
    theirs = forked(lambda: _tail_part(raw, cut, name))
    if theirs is None:
        return None
    try:
        mine = _head_part(raw, cut, name)
    finally:
        tail = theirs()  # always: the child waits for its result to be read
    return [mine, tail] if mine is not None and tail is not None else None


def _head_part(raw: bytes, cut: split.Cut, name: str) -> Part | None:
    """This process's share: everything before the cut, checked as the file's own."""
    if too_deep(raw) is not None:  # brackets are counted across the cut: on the whole file
        return None
    try:
        share = raw[: cut.at]
        decode(share, name, nesting=False)
        head = load_text(share, name)
    except DataError:  # read whole, for the exact messages
        return None
    return check_part(head) if split.holds(cut, head) else None


def _tail_part(raw: bytes, cut: split.Cut, name: str) -> Part | None:
    """The child's share: the incidents after the cut, checked as the file's own."""
    share = split.tail(raw, cut)
    decode(share, name, nesting=False)
    seq, deferred = parse(share, name, depth=1)
    if not split.tail_holds(seq, cut):
        return None
    root = YMap(seq.mark)
    root["incidents"] = seq
    root.marks["incidents"] = root.key_marks["incidents"] = seq.mark
    root.deferred = deferred
    _unfreed.append(root)  # the child leaves by os._exit: freeing its tree would take 0.1 s
    return check_part(root, {"incidents": cut.before})


_unfreed: list[YMap] = []


@contextmanager
def paused_gc() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def limited(db: Database, limit: int | None = None) -> Database:
    """Keep only the latest `limit` incidents (INCIDENTS_LIMIT), for quick previews."""
    if limit is None:
        value = os.environ.get(LIMIT_ENV, "").strip()
        if not value:
            return db
        limit = int(value)
    latest = sorted(db.incidents.values(), key=lambda i: (i.date.lower, i.id))[-limit:]
    keep = {i.id for i in latest}
    # Relations to dropped incidents are dropped with them, so every link still resolves.
    from dataclasses import replace

    incidents = {
        i.id: replace(
            i,
            related=tuple(r for r in i.related if r.incident in keep),
            merged_into=i.merged_into if i.merged_into in keep else None,
            status=i.status if i.merged_into in keep or not i.merged_into else "published",
        )
        for i in db.incidents.values()
        if i.id in keep
    }
    return replace(db, incidents=incidents)


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
