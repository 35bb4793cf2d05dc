"""`make pages`: the generated pages written as Markdown files, the same text the build uses."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from incidentdb.model.index import Index, build_index
from incidentdb.model.published import SiteInfo
from incidentdb.model.records import Database
from incidentdb.site.render import Page, Renderer

Job = tuple[str, Callable[[], Page]]


def page_jobs(db: Database, info: SiteInfo | None = None, index: Index | None = None) -> list[Job]:
    return list(Renderer(db, index or build_index(db), info).jobs())


def write_jobs(jobs: list[Job], out: str | os.PathLike) -> None:
    """Render and write pages one at a time (never all in memory)."""
    folders: set[Path] = set()
    for path, job in jobs:
        target = Path(out) / path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_text(job().markdown(), encoding="utf-8")


def write_pages(
    db: Database, out: Path, info: SiteInfo | None = None, index: Index | None = None
) -> list[str]:
    """Render and write every generated page; return their paths."""
    jobs = page_jobs(db, info, index)
    write_jobs(jobs, out)
    return [path for path, _ in jobs]
