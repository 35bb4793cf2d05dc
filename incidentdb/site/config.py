"""What the build reads from mkdocs.yml: where the site and its data live."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path

import yaml

from incidentdb.model.published import SiteInfo

DATA_FILE = "data/incidents.yaml"
# Which program builds the site: MkDocs 1.x, or ProperDocs, its continuation, which reads the
# same mkdocs.yml and runs the same theme, plugins and hook. `make ... BUILDER=properdocs`.
BUILDER_ENV = "BUILDER"
BUILDERS = ("mkdocs", "properdocs")
# Entries on one page of a long list: a faction's or place's incidents, the incident table, a
# timeline year (mkdocs.yml `extra: page_size`; this variable overrides it, for tests that
# page a small database).
PAGE_SIZE_ENV = "INCIDENTS_PAGE_SIZE"
PAGE_SIZE = 200


class SettingError(ValueError):
    """A setting the build cannot use; its message says what to write instead."""


def site_info(config: Mapping) -> SiteInfo:
    extra = config.get("extra") or {}
    site_url = config.get("site_url") or ""
    return SiteInfo(
        site_url=site_url if site_url.endswith("/") or not site_url else site_url + "/",
        repo_url=(config.get("repo_url") or "").rstrip("/"),
        branch=extra.get("data_branch", "main"),
        data_path=DATA_FILE,
        site_name=config.get("site_name") or "",
        corrections_email=extra.get("corrections_email") or "",
        page_size=page_size(extra),
    )


def page_size(extra: Mapping | None = None, env: Mapping[str, str] | None = None) -> int:
    """Entries per listing page: INCIDENTS_PAGE_SIZE when set, else `extra: page_size`, else
    PAGE_SIZE; a whole number, 1 or more."""
    text = (os.environ if env is None else env).get(PAGE_SIZE_ENV, "").strip()
    if not text:
        text = str((extra or {}).get("page_size") or PAGE_SIZE)
    if not text.isdigit() or int(text) < 1:
        raise SettingError(f"page size {text!r}: give a whole number of entries, 1 or more")
    return int(text)


def data_path(config: Mapping) -> Path:
    """data/incidents.yaml next to mkdocs.yml (INCIDENTS_DATA overrides, for benchmarks)."""
    override = os.environ.get("INCIDENTS_DATA")
    if override:
        return Path(override)
    return Path(config["config_file_path"]).parent / DATA_FILE


def info_from_config(config_file: Path) -> SiteInfo:
    """The SiteInfo the build uses, read from mkdocs.yml (plain YAML, no custom tags)."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    return site_info(config)


def builder(env: Mapping[str, str] | None = None) -> str:
    """The builder BUILDER names in `env` (the environment; mkdocs when unset); anything
    else is refused."""
    name = (os.environ if env is None else env).get(BUILDER_ENV, "").strip() or BUILDERS[0]
    if name not in BUILDERS:
        raise ValueError(f"{BUILDER_ENV}={name!r}: use one of {', '.join(BUILDERS)}")
    return name


def builder_command(*args: str, env: Mapping[str, str] | None = None) -> list[str]:
    """The command that runs the builder with `args` in this Python: `python -m mkdocs build`."""
    return [sys.executable, "-m", builder(env), *args]
