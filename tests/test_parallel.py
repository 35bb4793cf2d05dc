"""Pages written on two cores are the same files as pages written on one."""

from __future__ import annotations

import os
from pathlib import Path

from conftest import FIXTURES

from incidentdb.model.load import load_database
from incidentdb.site.pages import page_jobs, write_jobs
from incidentdb.twocore.fork import JOBS_ENV, write_shared


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def into(folder: Path):
    """The pages' writer, as the build passes it: each share of jobs written into `folder`."""
    return lambda share: write_jobs(share, folder)


def recording(jobs, log: Path):
    """The jobs, each noting which process rendered it."""

    def wrap(job):
        def run():
            with log.open("a") as f:
                f.write(f"{os.getpid()}\n")
            return job()

        return run

    return [(path, wrap(job)) for path, job in jobs]


def test_two_cores_write_the_same_files_as_one(tmp_path, monkeypatch):
    # Other tests leave server threads running; they hold nothing the child would need.
    monkeypatch.setattr("incidentdb.twocore.fork.threading.active_count", lambda: 1)
    log = tmp_path / "pids"
    jobs = recording(page_jobs(load_database(FIXTURES / "small.yaml")), log)
    ran = []
    write_shared(jobs, into(tmp_path / "shared"), lambda: ran.append(os.getpid()))
    assert len(set(log.read_text().split())) == 2  # a child rendered its share
    monkeypatch.setenv(JOBS_ENV, "1")
    write_shared(jobs, into(tmp_path / "single"), lambda: ran.append(os.getpid()))
    assert ran == [os.getpid(), os.getpid()]  # the downloads are written by this process
    shared, single = files(tmp_path / "shared"), files(tmp_path / "single")
    assert sorted(shared) == sorted(path for path, _ in jobs)
    assert shared == single


def test_a_failing_child_loses_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr("incidentdb.twocore.fork.threading.active_count", lambda: 1)
    jobs = page_jobs(load_database(FIXTURES / "small.yaml"))
    parent = os.getpid()

    def fails_in_the_child(job):
        def run():
            if os.getpid() != parent:
                raise RuntimeError("the child fails")
            return job()

        return run

    broken = [(path, fails_in_the_child(job)) for path, job in jobs]
    write_shared(broken, into(tmp_path), lambda: None)
    assert sorted(files(tmp_path)) == sorted(path for path, _ in jobs)
