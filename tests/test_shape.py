"""The package's shape: folders in pipeline order, imports only downward, no cycle, short
docstrings a reader takes in at a glance, and the README's drawing naming the real folders."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "incidentdb"
# Pipeline order: a folder may import from itself and from those before it, never after.
LAYERS = ("data", "twocore", "model", "exports", "site")
TOP = len(LAYERS)  # incidentdb/__init__.py and __main__.py: the command line, over everything


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every incidentdb module `path` imports, at any depth of the file (functions and
    TYPE_CHECKING blocks too): `from incidentdb.model import labels` is incidentdb.model.labels."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "incidentdb")
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, f"{path}: relative import; write incidentdb.… in full"
            base = node.module or ""
            if base.split(".")[0] != "incidentdb":
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                found.add(sub if sub in known else base)
    return found


def graph() -> dict[str, set[str]]:
    mods = modules()
    return {name: imports_of(path, set(mods)) - {name} for name, path in mods.items()}


def layer(module: str) -> int:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else TOP


def upward(edges: dict[str, set[str]]) -> list[tuple[str, str]]:
    return sorted((a, b) for a, deps in edges.items() for b in deps if layer(b) > layer(a))


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Each cycle found by a depth-first walk, as the path that closes it."""
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for dep in sorted(edges.get(node, ())):
            if state.get(dep) == 1:
                found.append([*path[path.index(dep) :], dep])
            elif dep not in state:
                visit(dep, [*path, dep])
        state[node] = 2

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    return found


def test_every_module_lives_in_a_pipeline_folder():
    loose = [
        m for m in modules() if layer(m) == TOP and m not in ("incidentdb", "incidentdb.__main__")
    ]
    assert loose == []
    folders = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    assert folders == set(LAYERS)


def test_no_folder_imports_from_a_later_stage():
    assert upward(graph()) == []


def test_the_import_graph_has_no_cycle():
    edges = graph()
    assert len(edges) > 30 and sum(map(len, edges.values())) > 60, "the walk finds the imports"
    assert cycles(edges) == []


def test_the_checks_catch_what_they_are_for():
    """The two checks on a made-up graph: an upward import and a cycle are both reported."""
    edges = {
        "incidentdb.data.a": {"incidentdb.site.b"},
        "incidentdb.site.b": {"incidentdb.model.c"},
        "incidentdb.model.c": {"incidentdb.site.b"},
    }
    assert upward(edges) == [
        ("incidentdb.data.a", "incidentdb.site.b"),
        ("incidentdb.model.c", "incidentdb.site.b"),
    ]
    assert cycles(edges) == [["incidentdb.site.b", "incidentdb.model.c", "incidentdb.site.b"]]


def test_the_shipped_package_never_imports_the_benchmark():
    for name, path in modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.split(".")[0] == "benchmarks" for n in names), name


@pytest.mark.parametrize("folder", ["", *LAYERS])
def test_each_folder_says_what_it_holds_in_a_few_lines(folder: str):
    init = PACKAGE / folder / "__init__.py"
    doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
    assert doc, f"{init} has no docstring"
    assert len(doc.splitlines()) <= 12
    modules_here = {p.stem for p in init.parent.glob("*.py") if p.stem != "__init__"}
    if folder:  # each folder's docstring names each of its modules
        named = set(re.findall(r"`(\w+)`", doc))
        assert modules_here <= named, sorted(modules_here - named)


def test_the_readme_drawing_names_the_folders_and_modules_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    drawing = readme.split("## How it is built", 1)[1].split("```", 2)[1]
    named = set(re.findall(r"\b(\w+)/(\w+)\.py\b", drawing)) | {
        (folder, "") for folder in re.findall(r"\b(\w+)/(?=\s|$)", drawing)
    }
    for folder in LAYERS:
        assert (folder, "") in named or any(f == folder for f, _ in named), folder
    for folder, module in named:
        if folder in LAYERS and module:
            assert (PACKAGE / folder / f"{module}.py").exists(), f"{folder}/{module}.py"
