"""Search: the built site indexed by Pagefind into `pagefind/`, a chunked static index.

A reader's browser downloads only the index chunks a query needs (see PERFORMANCE.md), so the
search costs a first visit nothing and a query a few kilobytes, whatever the size of the
database. Which pages are indexed is decided by the pages themselves: overrides/main.html
marks the content of every page whose front matter does not say `search: {exclude: true}`
with `data-pagefind-body`, and Pagefind leaves every page without it out of the index.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

BUNDLE = "pagefind"
# Parts of an indexed page that are not what it is about: permalink signs, edit buttons,
# citation marks, the cite box, the record's links, the lists of incidents on faction and
# place pages (a faction is found by its names and description; its incidents each have
# their own page), an incident's related incidents (their titles are theirs) and its
# sources' links back to where they are cited.
EXCLUDED = (
    ".headerlink",
    ".md-content__button",
    ".idb-cite",
    ".idb-cite-box",
    ".idb-record",
    ".idb-involvement",
    ".idb-related",
    ".idb-back",
)


class SearchIndexError(RuntimeError):
    """Pagefind failed; its own message says why."""


@dataclass(frozen=True)
class Indexed:
    pages: int
    words: int


def command(site_dir: Path) -> list[str]:
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE]
    for selector in EXCLUDED:
        cmd += ["--exclude-selectors", selector]
    return cmd


def index_site(site_dir: Path) -> Indexed:
    """Index the built site in place; raises SearchIndexError with Pagefind's output."""
    done = subprocess.run(command(site_dir), capture_output=True, text=True, check=False)
    if done.returncode != 0 or "Error" in done.stderr:
        raise SearchIndexError((done.stdout + done.stderr).strip())
    return _figures(done.stdout)


def _figures(output: str) -> Indexed:
    """Pages and words from Pagefind's summary lines ('Indexed 152 pages', 'Indexed 9 words')."""
    found = {"pages": 0, "words": 0}
    for line in output.splitlines():
        words = line.split()
        if len(words) == 3 and words[0] == "Indexed" and words[2] in found:
            found[words[2]] = int(words[1].replace(",", ""))
    return Indexed(found["pages"], found["words"])
