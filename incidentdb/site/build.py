"""One build's state, computed once and shared by the MkDocs hook and the macros module."""

from __future__ import annotations

import gc
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

from incidentdb.exports.downloads import exports
from incidentdb.model.index import build_index
from incidentdb.model.load import LIMIT_ENV, limited, load_database, paused_gc
from incidentdb.model.published import Published
from incidentdb.site.config import DATA_FILE, data_path, site_info
from incidentdb.site.pages import page_jobs, write_jobs
from incidentdb.site.table_data import table_files
from incidentdb.twocore import write_shared


@dataclass
class Site(Published):
    """The published database and the files generated from it for this build."""

    # Generated pages and downloads, written once into a temporary folder: MkDocs reads each
    # file when it builds that page, so 10,000 pages are never all held in memory.
    folder: Path | None = None
    generated: list[str] = field(default_factory=list)  # their paths, relative to folder
    page_count: int = 0
    _tmp: tempfile.TemporaryDirectory | None = field(default=None, repr=False)


_cache: dict[tuple, Site] = {}


def get_site(config: Mapping) -> Site:
    """Load, validate, index, render and export once per data file version; DataError if
    the data is invalid."""
    path = data_path(config)
    stat = path.stat() if path.exists() else None
    info = site_info(config)
    key = (
        str(path),
        stat and stat.st_mtime_ns,
        stat and stat.st_size,
        os.environ.get(LIMIT_ENV, ""),
        info,
    )
    if key not in _cache:
        for old in _cache.values():  # mkdocs serve: the previous version goes
            if old._tmp is not None:
                old._tmp.cleanup()
        _cache.clear()
        gc.unfreeze()
        display = DATA_FILE if "INCIDENTS_DATA" not in os.environ else None
        # Indexing and rendering make millions of short-lived objects and no cycles to speak
        # of: full collections there cost a second at 10,000 incidents and free nothing.
        with paused_gc():
            db = limited(load_database(path, display))
            site = Site(db, build_index(db), info)
            # The model lives for the whole build: keep the collector from rescanning it at
            # every collection while MkDocs processes thousands of pages (and, in the child
            # process that renders pages, from touching every object and so copying its memory).
            gc.freeze()
            write_generated(site)
        _cache[key] = site
    return _cache[key]


def write_generated(site: Site) -> None:
    """Render every page and download into a fresh temporary folder."""
    site._tmp = tempfile.TemporaryDirectory(prefix="incidentdb-")
    folder = Path(site._tmp.name)
    site.folder = folder
    jobs = page_jobs(site.db, site.info, site.index)
    site.generated = [path for path, _ in jobs]
    site.page_count = len(jobs)

    def write_downloads() -> None:
        for rel, content in chain(exports(site), table_files(site)):
            target = folder / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            target.write_bytes(data)
            site.generated.append(rel)

    write_shared(jobs, lambda share: write_jobs(share, folder), write_downloads)
