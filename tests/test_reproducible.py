"""Two builds of the same sources are byte-identical (dates come from SOURCE_DATE_EPOCH)."""

from __future__ import annotations

from pathlib import Path

from conftest import FIXTURES, mkdocs_build


def files_of(site: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()
    }


def test_two_builds_of_the_small_site_are_byte_identical(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    first, second = tmp_path / "one", tmp_path / "two"
    for site in (first, second):
        result = mkdocs_build(site, FIXTURES / "small.yaml", env=env)
        assert result.returncode == 0, result.stdout + result.stderr
    one, two = files_of(first), files_of(second)
    assert "sitemap.xml.gz" in one
    assert sorted(one) == sorted(two)
    assert [name for name in one if one[name] != two[name]] == []
