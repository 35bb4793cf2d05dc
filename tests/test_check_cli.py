"""`make check` (python -m incidentdb check) and the build's own check, as an editor meets them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from conftest import FIXTURES, ROOT, mkdocs_build
from conftest import run_check as check

CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
BAD_LINES = [
    # one problem of each layer: loader (duplicate key), schema (enum, unquoted date), references
    "{name}:50:11: [2020-02-16-baghdad-rockets] date: '2020-02-16' unquoted would be read as a "
    'date by YAML tools (quote it: "2020-02-16")',
    "{name}:51:12: [2020-02-16-baghdad-rockets] place: unknown place id 'bagdad' "
    "(did you mean 'baghdad'?)",
    "{name}:94:5: [2020-01-old-duplicate] duplicate key 'type' (first at line 93) "
    "(keep one; YAML would silently drop the first)",
    "3 errors in {name}",
]


def bad_file(folder: Path) -> Path:
    """tests/fixtures/small.yaml with three mistakes."""
    text = (FIXTURES / "small.yaml").read_text(encoding="utf-8")
    text = text.replace(
        'date: "2020-02-16"\n    place: baghdad', "date: 2020-02-16\n    place: bagdad"
    )
    text = text.replace(
        '    type: rocket-attack\n    date: "2020-02"',
        '    type: rocket-attack\n    type: other\n    date: "2020-02"',
    )
    path = folder / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_valid_file_gets_one_ok_line() -> None:
    result = check("tests/fixtures/small.yaml")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout == (
        "tests/fixtures/small.yaml: OK: 2 incidents, 2 factions, 3 places, 2 sources\n"
    )


def test_every_problem_then_the_count_then_exit_1(tmp_path: Path) -> None:
    bad_file(tmp_path)
    result = check("bad.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout.splitlines() == [line.format(name="bad.yaml") for line in BAD_LINES]


def test_github_format_gives_one_annotation_per_problem(tmp_path: Path) -> None:
    bad_file(tmp_path)
    result = check("bad.yaml", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "::error file=bad.yaml,line=50,col=11::[2020-02-16-baghdad-rockets] date: '2020-02-16' "
        'unquoted would be read as a date by YAML tools (quote it: "2020-02-16")',
        "::error file=bad.yaml,line=51,col=12::[2020-02-16-baghdad-rockets] place: unknown place "
        "id 'bagdad' (did you mean 'baghdad'?)",
        "::error file=bad.yaml,line=94,col=5::[2020-01-old-duplicate] duplicate key 'type' "
        "(first at line 93) (keep one; YAML would silently drop the first)",
        "3 errors in bad.yaml",
    ]


def test_a_missing_file_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    result = check("nowhere.yaml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (1, "")
    assert result.stdout == (
        "nowhere.yaml:1:1: cannot read: No such file or directory\n1 error in nowhere.yaml\n"
    )


def test_the_build_refuses_bad_data_with_the_full_report(tmp_path: Path) -> None:
    data = bad_file(tmp_path)
    result = mkdocs_build(tmp_path / "site", data)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    for line in BAD_LINES:
        assert line.format(name=str(data)) in output
    assert "Traceback" not in output
    assert not (tmp_path / "site" / "index.html").exists()


def _fenced(language: str, after: str) -> str:
    """The first ```language block after the given text in CONTRIBUTING.md."""
    start = CONTRIBUTING.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(CONTRIBUTING, start)
    assert match, f"no ```{language} block after {after!r}"
    return match.group(1)


def test_the_contributing_example_prints_exactly_what_the_guide_shows(tmp_path: Path) -> None:
    assert "cp tests/fixtures/small.yaml practice.yaml" in _fenced("sh", "To see what a report")
    snippet = _fenced("yaml", "To see what a report")
    shown = _fenced("text", "check practice.yaml")
    practice = tmp_path / "practice.yaml"
    shutil.copy(FIXTURES / "small.yaml", practice)
    with practice.open("a", encoding="utf-8") as out:
        out.write(snippet)
    result = check("practice.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == shown
    assert "3 errors in practice.yaml" in shown  # the guide says "it has three mistakes"
