"""One build's state, computed once and shared by the MkDocs hook and the macros module."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .index import Index, build_index
from .load import LIMIT_ENV, limited, load_database
from .model import Database
from .render import Page, Renderer, SiteInfo

DATA_FILE = "data/incidents.yaml"


@dataclass
class Site:
    db: Database
    index: Index
    info: SiteInfo
    pages: list[Page]


_cache: dict[tuple, Site] = {}


def site_info(config: Mapping) -> SiteInfo:
    extra = config.get("extra") or {}
    site_url = config.get("site_url") or ""
    return SiteInfo(
        site_url=site_url if site_url.endswith("/") or not site_url else site_url + "/",
        repo_url=(config.get("repo_url") or "").rstrip("/"),
        branch=extra.get("data_branch", "main"),
        data_path=DATA_FILE,
        site_name=config.get("site_name") or "",
    )


def data_path(config: Mapping) -> Path:
    """data/incidents.yaml next to mkdocs.yml (INCIDENTS_DATA overrides, for benchmarks)."""
    override = os.environ.get("INCIDENTS_DATA")
    if override:
        return Path(override)
    return Path(config["config_file_path"]).parent / DATA_FILE


def get_site(config: Mapping) -> Site:
    """Load, validate, index and render once per data file version; DataError if invalid."""
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
        _cache.clear()
        db = limited(load_database(path, DATA_FILE if "INCIDENTS_DATA" not in os.environ else None))
        index = build_index(db)
        pages = list(Renderer(db, index, info).pages())
        _cache[key] = Site(db, index, info, pages)
    return _cache[key]
