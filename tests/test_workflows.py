"""CI that a pull request cannot abuse (DESIGN.md): the workflows, issue forms and Dependabot
config are valid against GitHub's schemas, zizmor finds nothing of medium severity or more, and
the security rules hold when the YAML is read. Every check is also shown to fail on a
deliberately broken copy of ci.yml, so none of them can pass by doing nothing. All offline.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
CI = GITHUB / "workflows" / "ci.yml"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.y*ml"))
ISSUE_FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.y*ml") if p.stem != "config")
# The tools are installed next to the interpreter that runs the tests (.venv/bin).
BIN = Path(sys.executable).parent

DEPLOY_IF = "github.event_name == 'push' && github.ref == 'refs/heads/main'"
PINNED_USES = re.compile(r"^\s*(?:-\s+)?uses:\s*\S+@[0-9a-f]{40}\s+#\s*v\d+(?:\.\d+)*\s*$")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:")
SECRETS = re.compile(r"\bsecrets\s*[.\[]|\bsecrets:\s*inherit\b|\bsecrets\s*:")


def tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(
            f"{name} is not installed next to {sys.executable}: pip install -r requirements-dev.txt"
        )
    return str(path)


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)


# --- schemas ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("schema", "files"),
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.github-issue-forms", ISSUE_FORMS),
        ("vendor.github-issue-config", [GITHUB / "ISSUE_TEMPLATE" / "config.yml"]),
        ("vendor.dependabot", [GITHUB / "dependabot.yml"]),
    ],
)
def test_matches_github_schema(schema: str, files: list[Path]) -> None:
    assert files, f"no files to validate against {schema}"
    result = run(tool("check-jsonschema"), "--builtin-schema", schema, *map(str, files))
    assert result.returncode == 0, result.stdout + result.stderr


def test_expected_files_exist() -> None:
    assert CI in WORKFLOWS
    assert {p.name for p in ISSUE_FORMS} == {"report-incident.yml", "report-error.yml"}
    config = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / "config.yml").read_text())
    assert config["blank_issues_enabled"] is False
    for name in ("pull_request_template.md", "CODEOWNERS", "dependabot.yml"):
        assert (GITHUB / name).is_file(), name


def test_issue_forms_require_sources() -> None:
    for path in ISSUE_FORMS:
        form = yaml.safe_load(path.read_text())
        required = {
            item["id"] for item in form["body"] if item.get("validations", {}).get("required")
        }
        assert {"sources", "proof"} & required, f"{path.name} does not require a source"


def test_codeowners_send_data_to_editors_and_the_rest_to_maintainers() -> None:
    rules = [
        line.split()
        for line in (GITHUB / "CODEOWNERS").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    owners = {rule[0]: rule[1:] for rule in rules}
    assert owners["*"] == ["@iraq-incident-database/maintainers"]
    assert owners["/data/"] == ["@iraq-incident-database/editors"]
    assert rules[0][0] == "*", "the catch-all must come first: the last matching pattern wins"


@pytest.mark.parametrize(
    ("schema", "path", "old", "new"),
    [
        # A job without a runner.
        ("vendor.github-workflows", CI, "runs-on:", "run-on:"),
        # A form field of a type GitHub does not know.
        ("vendor.github-issue-forms", ISSUE_FORMS[0], "type: input", "type: text"),
    ],
    ids=["workflow", "issue-form"],
)
def test_schema_check_can_fail(tmp_path: Path, schema: str, path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    broken = tmp_path / path.name
    broken.write_text(text.replace(old, new, 1))
    result = run(tool("check-jsonschema"), "--builtin-schema", schema, str(broken))
    assert result.returncode != 0, result.stdout


# --- zizmor ----------------------------------------------------------------------------------


def zizmor(*inputs: Path, cwd: Path = ROOT) -> tuple[int, list[dict[str, Any]], str]:
    """Run zizmor offline and return its exit code, findings of medium severity or more, log."""
    result = run(
        tool("zizmor"),
        "--offline",  # no online audits and no network use at all
        "--strict-collection",  # a workflow zizmor cannot parse is an error, never skipped
        "--min-severity",
        "medium",
        "--format",
        "json",
        *map(str, inputs),
        cwd=cwd,
    )
    findings = json.loads(result.stdout) if result.stdout.strip() else []
    return result.returncode, findings, result.stderr


def test_zizmor_finds_nothing() -> None:
    code, findings, log = zizmor(
        GITHUB / "workflows", GITHUB / "dependabot.yml", ROOT / ".pre-commit-config.yaml"
    )
    assert findings == [], json.dumps(findings, indent=1)
    assert code == 0, log


# --- structural invariants -------------------------------------------------------------------


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as True.
    on = workflow.get("on", workflow.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def steps(workflow: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in workflow["jobs"].items():
        for step in job.get("steps", []):
            yield job_id, step


def writes(permissions: Any) -> set[str]:
    if permissions is None:
        return set()
    if isinstance(permissions, str):  # read-all, write-all
        return {"*"} if permissions != "read-all" else set()
    return {scope for scope, level in permissions.items() if level == "write"}


def bare(expression: str) -> str:
    expression = expression.strip()
    if expression.startswith("${{") and expression.endswith("}}"):
        expression = expression[3:-2]
    return " ".join(expression.split())


def problems(text: str, name: str = "ci.yml") -> list[str]:
    """Every broken rule of DESIGN.md's 'CI that a pull request cannot abuse', in one workflow."""
    found: list[str] = []
    workflow = yaml.safe_load(text)
    on = triggers(workflow)
    for dangerous in ("pull_request_target", "workflow_run"):
        if dangerous in on:
            found.append(f"trigger {dangerous} runs with write access on code from forks")
    if workflow.get("permissions") not in ({"contents": "read"}, {}):
        found.append(f"top-level permissions {workflow.get('permissions')!r}")
    for number, line in enumerate(text.splitlines(), 1):
        if USES_LINE.match(line) and not PINNED_USES.match(line):
            found.append(f"line {number}: not pinned to a 40-hex SHA with a '# vX' comment")
        if SECRETS.search(line.split("#", 1)[0]):
            found.append(f"line {number}: uses secrets")
    for job_id, job in workflow["jobs"].items():
        if "timeout-minutes" not in job:
            found.append(f"job {job_id}: no timeout-minutes")
        granted = writes(job.get("permissions"))
        if job_id == "deploy":
            if granted != {"pages", "id-token"}:
                found.append(f"job deploy: permissions {job.get('permissions')!r}")
        elif granted:
            found.append(f"job {job_id}: may write {sorted(granted)}")
    for job_id, step in steps(workflow):
        action, given = step.get("uses", "").split("@")[0], step.get("with", {})
        if action == "actions/checkout" and given.get("persist-credentials") is not False:
            found.append(f"job {job_id}: checkout without persist-credentials: false")
        if "${{" in step.get("run", ""):
            found.append(f"job {job_id}: expression in a run script (pass it through env:)")
    if name == "ci.yml":
        found += ci_problems(workflow, on)
    return found


def ci_problems(workflow: dict[str, Any], on: dict[str, Any]) -> list[str]:
    found: list[str] = []
    if set(on) != {"pull_request", "push", "schedule", "workflow_dispatch"}:
        found.append(f"triggers {sorted(on)}")
    if (on.get("push") or {}).get("branches") != ["main"]:
        found.append("push must run on main only")
    jobs = workflow["jobs"]
    if not {"check", "test", "build", "deploy"} <= set(jobs):
        return [*found, f"jobs {sorted(jobs)}"]
    deploy = jobs["deploy"]
    if bare(deploy.get("if", "")) != DEPLOY_IF:
        found.append(f"deploy runs if {deploy.get('if')!r}")
    needs = deploy.get("needs", [])
    if not {"check", "test", "build"} <= set([needs] if isinstance(needs, str) else needs):
        found.append(f"deploy needs {needs!r}: a failed check, test or build must block it")
    if deploy.get("environment") != {
        "name": "github-pages",
        "url": "${{ steps.deployment.outputs.page_url }}",
    }:
        found.append(f"deploy environment {deploy.get('environment')!r}")
    if deploy.get("concurrency") != {"group": "pages", "cancel-in-progress": False}:
        found.append(f"deploy concurrency {deploy.get('concurrency')!r}")
    if not any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"]):
        found.append("deploy does not use actions/deploy-pages")
    runs = {
        job_id: " ".join(s.get("run", "") for s in job["steps"]) for job_id, job in jobs.items()
    }
    for job_id, command in {
        "check": "make check FORMAT=github",
        "test": "make test",
        "build": "make build",
    }.items():
        if command not in runs[job_id]:
            found.append(f"job {job_id} does not run {command!r}")
    if "apt-get install -y" not in runs["test"] or "chromium" not in runs["test"]:
        found.append("job test does not install chromium")
    uploads = {s.get("uses", "").split("@")[0]: s for s in jobs["build"]["steps"]}
    pages = uploads.get("actions/upload-pages-artifact", {})
    if bare(pages.get("if", "")) != DEPLOY_IF:
        found.append(f"pages artifact uploaded if {pages.get('if')!r}")
    if "pull_request" not in bare(uploads.get("actions/upload-artifact", {}).get("if", "")):
        found.append("the built site is not uploaded for pull requests")
    for job_id, step in steps(workflow):
        action, given = step.get("uses", "").split("@")[0], step.get("with", {})
        if action == "actions/setup-python" and str(given.get("python-version")) != "3.11":
            found.append(f"job {job_id}: Python {given!r}")
        if action == "actions/checkout" and given.get("fetch-depth") != 0:
            found.append(f"job {job_id}: checkout without fetch-depth: 0")
    return found


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_keeps_the_security_rules(path: Path) -> None:
    assert problems(path.read_text(), path.name) == []


def words(node: Any) -> Iterator[str]:
    """Every key and string value in a parsed YAML document (comments are not in it)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from words(value)
    elif isinstance(node, list):
        for item in node:
            yield from words(item)
    elif isinstance(node, str):
        yield node


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_pull_request_target_anywhere(path: Path) -> None:
    assert not [w for w in words(yaml.safe_load(path.read_text())) if "pull_request_target" in w]


# --- every check above fails on a broken copy of ci.yml --------------------------------------

PR = "\n  pull_request:\n"
CHECKOUT = re.compile(r"actions/checkout@[0-9a-f]{40} # v[\d.]+")


def add_step(text: str, step: str) -> str:
    anchor = "        run: make check FORMAT=github\n"
    assert anchor in text
    return text.replace(anchor, anchor + step, 1)


def drop_line(needle: str) -> Callable[[str], str]:
    def mutate(text: str) -> str:
        lines = text.splitlines(keepends=True)
        index = next(i for i, line in enumerate(lines) if needle in line)
        return "".join(lines[:index] + lines[index + 1 :])

    return mutate


# (what breaks, how, the zizmor audit that must catch it or None, words of our own problem)
BREAKAGES: list[tuple[str, Callable[[str], str], str | None, str]] = [
    (
        "pull_request_target",
        lambda t: t.replace(PR, "\n  pull_request_target:\n", 1),
        "dangerous-triggers",
        "pull_request_target",
    ),
    (
        "workflow_run",
        lambda t: t.replace(PR, PR + "  workflow_run:\n    workflows: [x]\n", 1),
        "dangerous-triggers",
        "workflow_run",
    ),
    (
        "unpinned action",
        lambda t: CHECKOUT.sub("actions/checkout@v7", t, count=1),
        "unpinned-uses",
        "not pinned",
    ),
    (
        "SHA without version comment",
        lambda t: re.sub(r"(@[0-9a-f]{40}) # v[\d.]+", r"\1", t, count=1),
        None,
        "not pinned",
    ),
    (
        "template injection",
        lambda t: add_step(t, '      - run: echo "${{ github.event.pull_request.title }}"\n'),
        "template-injection",
        "expression in a run script",
    ),
    (
        "head_ref in a script",
        lambda t: add_step(t, '      - run: git log "${{ github.head_ref }}"\n'),
        "template-injection",
        "expression in a run script",
    ),
    (
        "credentials kept",
        drop_line("persist-credentials: false"),
        "artipacked",
        "persist-credentials",
    ),
    (
        "write-all",
        lambda t: t.replace("permissions:\n  contents: read\n", "permissions: write-all\n", 1),
        "excessive-permissions",
        "top-level permissions",
    ),
    (
        "contents: write",
        lambda t: t.replace("  contents: read\n", "  contents: write\n", 1),
        None,
        "top-level permissions",
    ),
    (
        "pages write outside deploy",
        lambda t: t.replace(
            "    timeout-minutes: 20\n",
            "    timeout-minutes: 20\n    permissions:\n      contents: read\n      pages: write\n",
            1,
        ),
        None,
        "job build: may write",
    ),
    (
        "a secret",
        lambda t: add_step(
            t,
            "      - run: make check\n        env:\n          TOKEN: ${{ secrets.DEPLOY_TOKEN }}\n",
        ),
        None,  # zizmor's secrets-outside-env is below medium severity: our own rule catches it
        "uses secrets",
    ),
    ("no timeout", drop_line("timeout-minutes: 15"), None, "no timeout-minutes"),
    (
        "deploy on pull requests",
        lambda t: t.replace(f"    if: {DEPLOY_IF}\n    needs:", "    needs:", 1),
        None,
        "deploy runs if",
    ),
    (
        "deploy without the tests",
        lambda t: t.replace("needs: [check, test, build]", "needs: [check, build]", 1),
        None,
        "deploy needs",
    ),
    (
        "deploy may be cancelled",
        lambda t: t.replace("cancel-in-progress: false", "cancel-in-progress: true", 1),
        None,
        "deploy concurrency",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "audit", "problem"),
    [pytest.param(m, a, p, id=name) for name, m, a, p in BREAKAGES],
)
def test_a_broken_workflow_is_caught(
    tmp_path: Path, mutate: Callable[[str], str], audit: str | None, problem: str
) -> None:
    original = CI.read_text()
    broken = mutate(original)
    assert broken != original, "the mutation did not apply: update it to match ci.yml"

    assert any(problem in p for p in problems(broken)), problems(broken)

    if audit is not None:
        workflows = tmp_path / ".github" / "workflows"
        workflows.mkdir(parents=True)
        (workflows / "ci.yml").write_text(broken)
        code, findings, log = zizmor(workflows, cwd=tmp_path)
        assert code != 0, log
        assert audit in {finding["ident"] for finding in findings}, json.dumps(findings)
