"""Load → validate → model, in one call, with every problem reported at once."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from incidentdb.data.errors import DataError
from incidentdb.data.strict_yaml import load as load_yaml
from incidentdb.data.tree import Data
from incidentdb.data.validate import check_part, finish
from incidentdb.model.records import Database, build
from incidentdb.twocore import read_in_two

LIMIT_ENV = "INCIDENTS_LIMIT"


def load_database(path: str | Path, display_name: str | None = None) -> Database:
    """Read, validate and model the data file; raise DataError listing every problem."""
    path = Path(path)
    name = display_name or _display(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        from incidentdb.data.errors import Problem

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
    every problem. A big file is read on two cores when it can be (see `twocore`)."""
    parts = read_in_two(raw, name) or [check_part(load_yaml(raw, name))]
    # Each part's tree is gone by now: the largest thing in memory is freed before the model.
    data, problems, lines = finish(parts)
    if problems:
        raise DataError(name, problems)
    return data, lines


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
