"""Using the second core: a forked child writes a share of the generated pages while this
process writes the rest and the downloads. Plain `mkdocs build` only; anything unusual and
the work is simply done here, in order."""

from __future__ import annotations

import gc
import os
import threading
from collections.abc import Callable

from .pages import Job, write_jobs

JOBS_ENV = "INCIDENTS_JOBS"  # INCIDENTS_JOBS=1 turns the fork off


def _fork() -> int | None:
    """A child's pid (0 in the child), or None when forking is not safe or not useful."""
    if not hasattr(os, "fork") or os.environ.get(JOBS_ENV, "").strip() == "1":
        return None
    # With other threads running (mkdocs serve's server and watcher), a fork could inherit a
    # lock some thread holds; with one core there is nothing to gain.
    if threading.active_count() > 1 or (os.cpu_count() or 1) < 2:
        return None
    return os.fork()


def write_shared(jobs: list[Job], out: str | os.PathLike, then: Callable[[], None]) -> None:
    """Write every page of `jobs` into `out` and run `then`, on two cores when possible."""
    theirs = [job for n, job in enumerate(jobs) if n % 3]  # two thirds: `then` is ours
    mine = jobs[::3]
    pid = _fork()
    if pid is None:
        write_jobs(jobs, out)
        then()
        return
    if pid == 0:  # the child: write its share, then leave without running any cleanup
        gc.disable()  # a collection would touch, and so copy, every inherited object
        code = 1
        try:
            write_jobs(theirs, out)
            code = 0
        finally:
            os._exit(code)
    write_jobs(mine, out)
    then()
    _, status = os.waitpid(pid, 0)
    if status != 0:  # the child failed: its share is written here, and nothing is lost
        write_jobs(theirs, out)
