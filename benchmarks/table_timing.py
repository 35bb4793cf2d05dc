"""How fast the incident table answers a new view in Chromium: sorting and filtering.

`time_table(site)` serves a built site, opens its incident table in headless Chromium and
times, inside the page, how long `idbTable.show(view)` takes to put each view's rows on
screen: filtering and sorting every incident in memory, fetching the rows-K.json files of
rows not seen before, and rendering the page of rows. Each view is timed `repeat` times
after a first, cold run (its files fetched); the median of the warm runs is reported, and
the cold run apart. The first view with words also fetches text.json: reported as
"words (cold)". For `make bench` (the lead wires it in):

    from benchmarks.table_timing import time_table
    print(time_table(Path("site")))
"""

from __future__ import annotations

import functools
import http.server
import statistics
import threading
from pathlib import Path

from benchmarks.chromium import CHROMIUM, CHROMIUM_ARGS

VIEWS: dict[str, dict] = {
    "sort by killed, highest first": {"sort": "killed-desc"},
    "sort by title": {"sort": "title-asc"},
    "two types": {"type": ["ied", "rocket-attack"]},
    "a place and a year": {"place": ["baghdad"], "from": "2020", "to": "2020"},
    "words": {"text": "balad rockets"},
    "everything at once": {
        "type": ["rocket-attack"],
        "from": "2020-01",
        "to": "2021-12",
        "text": "base",
        "sort": "wounded-desc",
    },
}

TIME_VIEW = """async ([spec, repeat]) => {
  const base = {text: "", from: "", to: "", sort: "date-desc", page: 1,
                type: [], category: [], faction: [], place: []};
  const times = [];
  for (let k = 0; k <= repeat; k++) {
    await window.idbTable.show(Object.assign({}, base), null);
    const view = Object.assign({}, base, spec);
    const start = performance.now();
    await window.idbTable.show(view, null);
    times.push(performance.now() - start);
  }
  return times;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def time_table(site: Path, repeat: int = 5) -> dict[str, float]:
    """Milliseconds for each view of VIEWS (median of `repeat` warm runs), and the cold
    first view with words (text.json fetched)."""
    from playwright.sync_api import sync_playwright

    server, base = _serve(site)
    results: dict[str, float] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(base + "incidents/")
            page.wait_for_selector("#idb-incidents[data-idb-view]")
            for name, spec in VIEWS.items():
                times = page.evaluate(TIME_VIEW, [spec, repeat])
                if "text" in spec and "words (cold)" not in results:
                    results["words (cold)"] = round(times[0], 1)
                results[name] = round(statistics.median(times[1:]), 1)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return results


if __name__ == "__main__":
    import sys

    for view, ms in time_table(Path(sys.argv[1])).items():
        print(f"{view:35} {ms:8.1f} ms")
