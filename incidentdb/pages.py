"""`make pages`: the generated pages written as Markdown files, the same text the build uses."""

from __future__ import annotations

from pathlib import Path

import yaml

from .index import Index, build_index
from .model import Database
from .render import Renderer, SiteInfo


def info_from_config(config_file: Path) -> SiteInfo:
    """The SiteInfo the build uses, read from mkdocs.yml (plain YAML, no custom tags)."""
    from .site import site_info

    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    return site_info(config)


def write_pages(
    db: Database, out: Path, info: SiteInfo | None = None, index: Index | None = None
) -> list[str]:
    """Render and write every generated page, one at a time; return their paths."""
    written = []
    folders: set[Path] = set()
    for page in Renderer(db, index or build_index(db), info).pages():
        target = out / page.path
        if target.parent not in folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.add(target.parent)
        target.write_text(page.markdown(), encoding="utf-8")
        written.append(page.path)
    return written
