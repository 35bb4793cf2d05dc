"""Shared fixtures: real strict builds (built once per session), a local server, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from incidentdb.site.config import builder_command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As root and with no network, Chromium needs these to start quietly (see the env notes).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def mkdocs_build(
    site_dir: Path, data: Path | None = None, env: dict | None = None, config: Path | None = None
) -> subprocess.CompletedProcess:
    """Run a real `mkdocs build --strict` (or the builder BUILDER names); the caller checks
    the result."""
    full_env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    if data is not None:
        full_env["INCIDENTS_DATA"] = str(data)
    full_env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    cmd = builder_command("build", "--strict", "--site-dir", str(site_dir), env=full_env)
    if config is not None:
        cmd += ["--config-file", str(config)]
    return subprocess.run(
        cmd, cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=600, check=False
    )


def run_check(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """`python -m incidentdb check ARGS` in a subprocess (a crash fails the test, not pytest)."""
    return subprocess.run(
        [sys.executable, "-m", "incidentdb", "check", *args],
        cwd=cwd,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _built(tmp_path_factory: pytest.TempPathFactory, name: str, data: Path | None) -> Path:
    site = tmp_path_factory.mktemp(name) / "site"
    result = mkdocs_build(site, data)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built strictly from data/incidents.yaml."""
    return _built(tmp_path_factory, "real", None)


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site built from tests/fixtures/small.yaml."""
    return _built(tmp_path_factory, "small", FIXTURES / "small.yaml")


def soup_of(site: Path, url_path: str) -> BeautifulSoup:
    """Parse a built page by its URL path ('incidents/x/' or 'feed.xml')."""
    target = site / url_path
    if url_path.endswith("/") or url_path == "":
        target = target / "index.html"
    return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def serve() -> Iterator[callable]:
    """serve(site_dir) → base URL of a local HTTP server for that folder."""
    servers = []

    def start(site: Path) -> str:
        handler = functools.partial(_QuietHandler, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Debian Chromium driven by Playwright."""
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).exists(), (
        f"{CHROMIUM} is missing: install Debian's chromium (.ci/run does)"
    )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh page that records console errors and every request URL."""
    context = browser.new_context()
    pg = context.new_page()
    pg.console_errors = []
    pg.requests = []
    pg.on("console", lambda m: m.type == "error" and pg.console_errors.append(m.text))
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()
