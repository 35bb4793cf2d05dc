"""The pre-commit config: valid, pinned to exact tags, and validating the data only when data/
changes. Offline: pre-commit only reads the config here, it fetches no hook."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / ".pre-commit-config.yaml"
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


def validate(config: Path, home: Path) -> subprocess.CompletedProcess[str]:
    if not PRE_COMMIT.exists():
        pytest.fail(f"pre-commit is not installed next to {sys.executable}")
    return subprocess.run(
        [str(PRE_COMMIT), "validate-config", str(config)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={"PRE_COMMIT_HOME": str(home), "PATH": str(PRE_COMMIT.parent)},
    )


def hooks() -> dict[str, dict[str, Any]]:
    config = yaml.safe_load(CONFIG.read_text())
    found: dict[str, dict[str, Any]] = {}
    for repo in config["repos"]:
        for hook in repo["hooks"]:
            found.setdefault(hook["id"], {"repo": repo["repo"], "rev": repo.get("rev"), **hook})
    return found


def selects(hook: dict[str, Any], path: str, top_exclude: str) -> bool:
    """Whether pre-commit would pass `path` to `hook` (its files/exclude regexes)."""
    return (
        re.search(hook.get("files", ""), path) is not None
        and re.search(hook.get("exclude", "^$"), path) is None
        and re.search(top_exclude, path) is None
    )


def test_config_is_valid(tmp_path: Path) -> None:
    result = validate(CONFIG, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_validation_can_fail(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text(CONFIG.read_text().replace("- id: validate-data", "- name: no-id", 1))
    result = validate(broken, tmp_path)
    assert result.returncode != 0, result.stdout
    assert "Missing required key: id" in result.stdout


def test_validate_data_runs_only_when_data_changes() -> None:
    hook = hooks()["validate-data"]
    assert hook["repo"] == "local"
    assert hook["language"] == "system"
    assert hook["files"] == "^data/"
    assert hook["pass_filenames"] is False
    assert hook["entry"].split()[0] == "make" and hook["entry"].split()[-1] == "check"
    top_exclude = yaml.safe_load(CONFIG.read_text()).get("exclude", "^$")
    assert selects(hook, "data/incidents.yaml", top_exclude)
    for path in ("docs/index.md", "incidentdb/model/records.py", "mkdocs.yml", "tests/test_x.py"):
        assert not selects(hook, path, top_exclude), path


def test_check_yaml_leaves_the_data_file_to_the_strict_loader() -> None:
    check_yaml = hooks()["check-yaml"]
    assert "args" not in check_yaml, "the main check-yaml must load safely, not just parse"
    top_exclude = yaml.safe_load(CONFIG.read_text()).get("exclude", "^$")
    assert not selects(check_yaml, "data/incidents.yaml", top_exclude)
    for path in (".github/workflows/ci.yml", "mkdocs.yml", "data/other.yaml"):
        assert selects(check_yaml, path, top_exclude), path


def test_hooks_pinned_to_exact_tags() -> None:
    config = yaml.safe_load(CONFIG.read_text())
    for repo in config["repos"]:
        if repo["repo"] in ("local", "meta"):
            continue
        assert repo["repo"].startswith("https://"), repo["repo"]
        assert re.fullmatch(r"v\d+\.\d+\.\d+", str(repo["rev"])), repo


def test_ruff_hook_matches_pinned_ruff() -> None:
    pinned = re.search(r"^ruff==(\S+)$", (ROOT / "requirements-dev.txt").read_text(), re.M)
    assert pinned, "ruff is not pinned in requirements-dev.txt"
    ruff = hooks()["ruff-check"]
    assert ruff["repo"] == "https://github.com/astral-sh/ruff-pre-commit"
    assert ruff["rev"] == f"v{pinned.group(1)}", "update the hook and requirements-dev.txt together"
    assert {"ruff-check", "ruff-format"} <= set(hooks())
