"""What a reader downloads and waits for, measured in headless Chromium on a built site.

For each kind of page, a first visit in a fresh browser context (empty cache): every request
the page makes by itself until the network is idle, summed raw and gzip-compressed (level 6,
as a web server would send it; images and the search index's own compressed files counted
as they are). For search: the time from typing a query to its first result on screen, and
the bytes that query downloads (the first query also pays for the search code, which
focusing the box loads).
Requests to other hosts (map tiles) are blocked and not counted.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS
from benchmarks.table_timing import time_table

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Request, Route

QUERIES = ("drone", "Ain al-Asad", "Balad", "Kataib Hezbollah")
# Files a server sends as they are: already compressed.
STORED = (".png", ".jpg", ".jpeg", ".gif", ".woff", ".woff2", ".pf_index", ".pf_fragment",
          ".pf_meta", ".pagefind")  # fmt: skip


@dataclass
class Transfer:
    requests: int = 0
    raw: int = 0
    gzip: int = 0
    largest: str = ""
    largest_gzip: int = 0

    def add(self, path: str, raw: int, packed: int) -> None:
        self.requests += 1
        self.raw += raw
        self.gzip += packed
        if packed > self.largest_gzip:
            self.largest, self.largest_gzip = path, packed


@dataclass
class Query:
    text: str
    results: int
    ms_to_first: float
    transfer: Transfer


@dataclass
class ReaderFigures:
    pages: dict[str, Transfer] = field(default_factory=dict)  # kind → first visit
    queries: list[Query] = field(default_factory=list)
    table_ms: dict[str, float] = field(default_factory=dict)  # view → ms (table_timing)


class _Sizes:
    """Raw and gzip size of each file of the site, computed once per file."""

    def __init__(self, site: Path) -> None:
        self.site = site
        self.cache: dict[str, tuple[int, int]] = {}

    def of(self, url: str) -> tuple[str, int, int]:
        path = unquote(urlparse(url).path)
        target = self.site / path.lstrip("/")
        if target.is_dir():
            target = target / "index.html"
        if path not in self.cache:
            data = target.read_bytes() if target.is_file() else b""
            packed = len(data) if path.endswith(STORED) else len(gzip.compress(data, 6))
            self.cache[path] = (len(data), packed)
        return (path, *self.cache[path])


@contextmanager
def served(site: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _watch(page: Page, sizes: _Sizes, current: list[Transfer]) -> None:
    """Block other hosts; add each local request to the transfer last in `current`."""

    def route(route: Route) -> None:
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            route.abort()

    def finished(request: Request) -> None:
        if urlparse(request.url).hostname == "127.0.0.1":
            current[-1].add(*sizes.of(request.url))

    page.route("**/*", route)
    page.on("requestfinished", finished)


def first_visit(browser: Browser, base: str, path: str, sizes: _Sizes) -> Transfer:
    context = browser.new_context()
    try:
        page = context.new_page()
        current = [Transfer()]
        _watch(page, sizes, current)
        page.goto(base + path, wait_until="networkidle")
        return current[-1]
    finally:
        context.close()


def search_queries(browser: Browser, base: str, sizes: _Sizes) -> list[Query]:
    """Each query typed in turn into the header's box, in one page. The first query's bytes
    include what focusing the box loads (the search code and index metadata), its time does
    not (the reader is still typing); later queries download their own chunks only."""
    context = browser.new_context()
    try:
        page = context.new_page()
        current = [Transfer()]
        _watch(page, sizes, current)
        page.goto(base, wait_until="networkidle")
        out = []
        for n, text in enumerate(QUERIES):
            current.append(Transfer())
            if n == 0:  # a reader's click in the box starts loading the search code
                page.locator(".md-header .idb-search__input").focus()
                page.wait_for_load_state("networkidle")
                page.wait_for_timeout(300)
            ms = page.evaluate(_TYPE_AND_TIME, text)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(300)  # result fragments fetched after the first is shown
            status = page.locator(".md-header .idb-search__status").inner_text()
            count = int(status.split()[0].replace("No", "0"))
            out.append(Query(text, count, ms, current[-1]))
        return out
    finally:
        context.close()


# In the page: type the query as a reader would (an input event), and time until the first
# result is on screen.
_TYPE_AND_TIME = """async (text) => {
  const box = document.querySelector('.md-header .idb-search__input');
  const list = document.querySelector('.md-header .idb-search__results');
  const status = document.querySelector('.md-header .idb-search__status');
  const start = performance.now();
  box.focus();
  box.value = text;
  box.dispatchEvent(new Event('input', {bubbles: true}));
  await new Promise((resolve) => {
    const done = () => status.textContent.includes(text) &&
      (list.children.length > 0 || status.textContent.startsWith('No'));
    const poll = () => done() ? resolve() : requestAnimationFrame(poll);
    poll();
  });
  return performance.now() - start;
}"""


def measure(site: Path, pages: dict[str, str]) -> ReaderFigures:
    """First visits to each page kind (kind → URL path) and the search queries."""
    from playwright.sync_api import sync_playwright

    sizes = _Sizes(site)
    figures = ReaderFigures()
    with served(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for kind, path in pages.items():
                figures.pages[kind] = first_visit(browser, base, path, sizes)
            figures.queries = search_queries(browser, base, sizes)
        finally:
            browser.close()
    figures.table_ms = time_table(site)
    return figures


# --- which pages, and the report -----------------------------------------------------------

BUDGET_KB = 500  # a first visit, compressed, everything the page loads
FIRST_RESULT_MS = 300
TABLE_MS = 200


def _largest(site: Path, folder: str) -> str:
    """The URL path of the biggest page directly under a folder (factions/<id>/...)."""
    pages = [p for p in (site / folder).glob("*/index.html")]
    biggest = max(pages, key=lambda p: p.stat().st_size)
    return str(biggest.parent.relative_to(site)) + "/"


def page_kinds(site: Path, sample: str) -> dict[str, str]:
    """One URL path per kind of page; for factions, places and years, the biggest."""
    return {
        "home": "",
        "incident": f"incidents/{sample}/",
        "incident table": "incidents/",
        "timeline year (biggest)": _largest(site, "timeline"),
        "faction (biggest)": _largest(site, "factions"),
        "place (biggest)": _largest(site, "places"),
        "map": "map/",
        "statistics": "statistics/",
        "search page": "search/",
    }


def table(sized: list[tuple[int, ReaderFigures]]) -> str:
    """First visits and queries as Markdown tables, one column per N."""
    head = "| first visit: KB gzip (raw), requests | " + " | ".join(f"{n:,}" for n, _ in sized)
    lines = [head + " |", "|---|" + "---:|" * len(sized)]
    for kind in sized[0][1].pages:
        cells = []
        for _, figures in sized:
            t = figures.pages[kind]
            cells.append(f"{t.gzip / 1024:,.0f} ({t.raw / 1024:,.0f}), {t.requests}")
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    lines += ["", "| search: ms to first result; KB downloaded (gzip); results | "
              + " | ".join(f"{n:,}" for n, _ in sized) + " |",
              "|---|" + "---:|" * len(sized)]  # fmt: skip
    for k, query in enumerate(sized[0][1].queries):
        label = f"“{query.text}”" + (" (first: with the search code)" if k == 0 else "")
        cells = [
            f"{q.ms_to_first:.0f} ms; {q.transfer.gzip / 1024:,.0f} KB; {q.results}"
            for q in (figures.queries[k] for _, figures in sized)
        ]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    lines += ["", "| incident table: ms to show a new view (median of 5) | "
              + " | ".join(f"{n:,}" for n, _ in sized) + " |",
              "|---|" + "---:|" * len(sized)]  # fmt: skip
    for view in sized[0][1].table_ms:
        cells = [f"{figures.table_ms.get(view, float('nan')):.1f}" for _, figures in sized]
        lines.append(f"| {view} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def verdicts(n: int, figures: ReaderFigures) -> list[tuple[str, bool]]:
    worst = max(figures.pages.items(), key=lambda kv: kv[1].gzip)
    slowest = max(figures.queries, key=lambda q: q.ms_to_first)
    later = max(figures.queries[1:], key=lambda q: q.transfer.gzip)
    warm = {k: v for k, v in figures.table_ms.items() if k != "words (cold)"}
    slow_view = max(warm, key=lambda k: warm[k]) if warm else ""
    return [
        (
            f"incident table: a new view ≤ {TABLE_MS} ms at N={n:,}: slowest, {slow_view}, "
            f"{warm.get(slow_view, 0):.1f} ms",
            bool(warm) and warm[slow_view] <= TABLE_MS,
        ),
        (
            f"every first visit ≤ {BUDGET_KB} KB gzip at N={n:,}: the biggest, {worst[0]}, "
            f"{worst[1].gzip / 1024:,.0f} KB",
            worst[1].gzip <= BUDGET_KB * 1024,
        ),
        (
            f"search: first result ≤ {FIRST_RESULT_MS} ms after typing at N={n:,}: slowest "
            f"“{slowest.text}” {slowest.ms_to_first:.0f} ms",
            slowest.ms_to_first <= FIRST_RESULT_MS,
        ),
        (
            f"search: a later query downloads ≤ 100 KB gzip: the most, “{later.text}”, "
            f"{later.transfer.gzip / 1024:,.0f} KB",
            later.transfer.gzip <= 100 * 1024,
        ),
    ]
