"""A synthesized database of 300 incidents built with short pages, shared by the glossary tests
(built once per test session, whichever test file asks first)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from benchmarks.bench import write_synthetic
from incidentdb.model.index import Index, build_index
from incidentdb.model.load import load_database

PAGE_SIZE = 20  # small enough that 300 incidents make long lists to page
_built: dict[str, tuple[Path, Index]] = {}


def paged_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Index]:
    """The site built strictly from 300 synthesized incidents, PAGE_SIZE to a page, and the
    index of its database."""
    if "site" not in _built:
        work = tmp_path_factory.mktemp("paged")
        data = write_synthetic(ROOT / "data" / "incidents.yaml", 300, work)
        site = work / "site"
        result = mkdocs_build(site, data, env={"INCIDENTS_PAGE_SIZE": str(PAGE_SIZE)})
        assert result.returncode == 0, result.stdout + result.stderr
        _built["site"] = (site, build_index(load_database(data)))
    return _built["site"]


def biggest(lists: dict) -> str:
    """The faction or place with the longest list."""
    return max(lists, key=lambda k: (len(lists[k]), k))


def page_files(site: Path, kind: str, item: str) -> list[Path]:
    """Every page of a faction's or place's list, in order."""
    first = site / kind / item / "index.html"
    rest = sorted(
        (site / kind / item / "page").glob("*/index.html"), key=lambda p: int(p.parent.name)
    )
    return [first, *rest]
