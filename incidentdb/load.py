"""Load → validate → model, in one call, with every problem reported at once."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DataError
from .model import Database, build
from .validate import check_database, nodes
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
        root = load_yaml(raw, name)
        data, problems = check_database(root)
        if problems:
            raise DataError(name, problems)
        lines = {node["id"]: node.mark.line for _, node in nodes(root, "incidents")}
        del root  # the loaded tree is the largest thing in memory: free it before the model
        return build(data, lines)


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
