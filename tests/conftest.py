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
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS
from incidentdb.model.index import build_index
from incidentdb.model.load import load_database
from incidentdb.site.config import builder_command

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


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


# --- the real site in a browser: shared by every browser test file ---------------------------

TILES = "tile.openstreetmap.org"


@pytest.fixture(scope="session")
def real() -> tuple:
    """The real database and its index, to name pages that exist."""
    db = load_database(ROOT / "data" / "incidents.yaml")
    return db, build_index(db)


@pytest.fixture(scope="session")
def pages(real: tuple) -> dict[str, str]:
    """One URL path for each kind of page."""
    db, index = real
    located = sorted(p.id for p in db.places.values() if p.coordinates)
    return {
        "home": "",
        "incident": f"incidents/{index.published[0].id}/",
        "faction": "factions/hashd/",
        "place": f"places/{located[0]}/",
        "timeline": "timeline/",
        "year": f"timeline/{min(index.by_year)}/",
        "factions": "factions/",
        "places": "places/",
        "incidents": "incidents/",
        "map": "map/",
        "statistics": "statistics/",
        "about": "about/",
        "downloads": "downloads/",
    }


@pytest.fixture(scope="session")
def base(real_site: Path, serve: object) -> str:
    return serve(real_site)


@pytest.fixture
def tab(page: object) -> object:
    """The conftest page, with third-party requests blocked and console errors located."""
    page.blocked_hosts = set()
    page.errors = []

    def route(route: object) -> None:
        host = urlparse(route.request.url).hostname
        if host == "127.0.0.1":
            route.continue_()
        else:
            page.blocked_hosts.add(host)
            route.abort()

    def console(message: object) -> None:
        where = urlparse(message.location.get("url") or "").hostname
        # A blocked tile is reported as a failed resource; anything else is a real error.
        if message.type == "error" and where != TILES:
            page.errors.append(message.text)

    page.route("**/*", route)
    page.on("console", console)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    return page


def open_page(tab: object, base: str, path: str) -> object:
    response = tab.goto(base + path)
    assert response.status == 200, path
    if tab.locator("#idb-map").count():
        tab.wait_for_selector("#idb-map[data-idb-markers]")
    if tab.locator(".idb-locator").count():
        tab.wait_for_selector(".idb-locator path.idb-marker")
    return tab


@pytest.fixture(scope="session")
def axe() -> object:
    from axe_playwright_python.sync_playwright import Axe

    return Axe()
