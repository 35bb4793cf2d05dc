"""MkDocs and ProperDocs (its continuation) build the same site from the same mkdocs.yml:
the same files, byte for byte, except the generator named in each page's <meta>."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import mkdocs_build

from incidentdb.site.config import BUILDERS

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name in BUILDERS:
        site = tmp_path_factory.mktemp(name) / "site"
        result = mkdocs_build(site, env={"BUILDER": name})
        assert result.returncode == 0, result.stdout + result.stderr
        out[name] = site
    return out


def files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_each_builder_names_itself(sites: dict[str, Path]):
    for name, site in sites.items():
        tags = GENERATOR.findall((site / "index.html").read_bytes())
        assert len(tags) == 1 and name.lower().encode() in tags[0].lower(), (name, tags)


def test_both_builders_publish_the_same_files(sites: dict[str, Path]):
    first, second = (files(sites[name]) for name in BUILDERS)
    assert len(first) > 150 and first.keys() == second.keys()
    differ = [
        path
        for path, content in first.items()
        if GENERATOR.sub(b"", content) != GENERATOR.sub(b"", second[path])
    ]
    assert differ == []


def test_an_unknown_builder_is_refused(monkeypatch: pytest.MonkeyPatch):
    from incidentdb.site.config import builder

    monkeypatch.setenv("BUILDER", "sphinx")
    with pytest.raises(ValueError, match="use one of mkdocs, properdocs"):
        builder()
