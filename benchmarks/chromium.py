"""Debian's Chromium as the benchmarks and the browser tests start it (CHROMIUM overrides the
path). As root and with no network, it needs these flags to start quietly (see the env notes)."""

from __future__ import annotations

import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
