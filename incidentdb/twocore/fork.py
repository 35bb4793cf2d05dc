"""A forked child does a share of the work while this process does the rest: `forked` runs
one call in a child and brings back its result; `write_shared` splits a list of jobs.
Plain `mkdocs build` and the command line only; anything unusual and the work is simply
done here, in order. Nothing here knows what the work is."""

from __future__ import annotations

import gc
import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

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


T = TypeVar("T")
J = TypeVar("J")


def forked(work: Callable[[], T]) -> Callable[[], T | None] | None:
    """Start `work` in a forked child; return a call that waits for its result (None if the
    child failed), or None when forking is not possible (then the caller does the work)."""
    read_end, write_end = os.pipe()
    pid = _fork()
    if pid is None:
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: send the pickled result, then leave without any cleanup
        gc.disable()  # a collection would touch, and so copy, every inherited object
        code = 1  # any failure (a DataError too): the parent does the work itself
        try:
            os.close(read_end)
            payload = pickle.dumps(work(), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(write_end, "wb") as out:
                out.write(payload)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)

    def result() -> T | None:
        with os.fdopen(read_end, "rb") as pipe:
            payload = pipe.read()  # before waiting: the child blocks until its result is read
        _, status = os.waitpid(pid, 0)
        if status != 0 or not payload:
            return None
        return pickle.loads(payload)  # noqa: S301 - our own child's result, through our pipe

    return result


def write_shared(jobs: list[J], write: Callable[[list[J]], None], then: Callable[[], None]) -> None:
    """`write` every job of `jobs` and run `then`, on two cores when possible: the child
    writes two thirds of the jobs, this process the rest and `then`."""
    theirs = [job for n, job in enumerate(jobs) if n % 3]  # two thirds: `then` is ours
    mine = jobs[::3]

    def write_theirs() -> bool:
        write(theirs)
        return True  # a result, so that a failed child (None) is told apart

    wait = forked(write_theirs)
    if wait is None:
        write(jobs)
        then()
        return
    write(mine)
    then()
    if wait() is None:  # the child failed: its share is written here, and nothing is lost
        write(theirs)
