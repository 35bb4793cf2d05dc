"""MkDocs hook: validates the data before anything is built, then adds the generated pages.

A thin adapter over the package; see site.py for the work itself.
"""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files

from incidentdb.data.errors import DataError
from incidentdb.site.build import get_site
from incidentdb.site.config import PAGE_SIZE_ENV, SettingError
from incidentdb.site.search import SearchIndexError, index_site
from incidentdb.site.static import asset_files

log = get_plugin_logger("incidentdb")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    started = time.perf_counter()
    try:
        site = get_site(config)
    except DataError as err:
        raise PluginError("invalid data, nothing built:\n" + err.report()) from None
    except SettingError as err:
        raise PluginError(f"{PAGE_SIZE_ENV} or extra.page_size: {err}") from None
    log.info(
        "%d incidents, %d pages generated in %.1f s",
        len(site.db.incidents),
        site.page_count,
        time.perf_counter() - started,
    )
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = get_site(config)
    assert site.folder is not None
    for path in site.generated:
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} would hide a generated file: remove it")
        files.append(File.generated(config, path, abs_src_path=str(site.folder / path)))
    for path, src in asset_files():
        files.append(File.generated(config, path, abs_src_path=str(src)))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    started = time.perf_counter()
    try:
        indexed = index_site(Path(config.site_dir))
    except SearchIndexError as err:
        raise PluginError(f"search index not built:\n{err}") from None
    log.info("search: %d pages indexed in %.1f s", indexed.pages, time.perf_counter() - started)
