"""The benchmark's synthesizer, the preview knob INCIDENTS_LIMIT, and `make pages`.

The benchmark itself (`make bench`) is not a test; these check that what it measures is real:
a synthesized file in the real schema that the strict loader accepts, with unique ids and
relations that resolve within each copy.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, mkdocs_build, soup_of

from benchmarks.bench import shift_date, write_synthetic
from incidentdb.model.load import load_database
from incidentdb.model.records import Database

REAL = ROOT / "data" / "incidents.yaml"
SMALL = FIXTURES / "small.yaml"
COPY = re.compile(r"^(?P<base>.+?)(?:-s(?P<copy>[0-9]{5}))?$")


@pytest.fixture(scope="module")
def real() -> Database:
    return load_database(REAL)


@pytest.fixture(scope="module")
def n(real: Database) -> int:
    """Two and a half times the real file: every real incident, copied twice, and a partial copy."""
    return 2 * len(real.incidents) + len(real.incidents) // 2


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory, n: int) -> Database:
    """n incidents made from the real ones, read back by the strict loader."""
    path = write_synthetic(REAL, n, tmp_path_factory.mktemp("synth"))
    return load_database(path)


def _split(incident_id: str) -> tuple[str, int]:
    m = COPY.match(incident_id)
    assert m is not None
    return m["base"], int(m["copy"] or 0)


def test_the_synthesized_file_passes_the_strict_loader_with_n_incidents(synth: Database, n: int):
    assert len(synth.incidents) == n


def test_every_synthesized_id_is_a_real_id_with_its_copy_number(
    synth: Database, real: Database, n: int
):
    copies = len(range(0, n, len(real.incidents)))
    assert copies == 3
    for incident_id in synth.incidents:
        base, copy = _split(incident_id)
        assert base in real.incidents
        assert 0 <= copy < copies
    assert {i for i in synth.incidents if _split(i)[1] == 0} == set(real.incidents)


def test_relations_resolve_within_their_own_copy(synth: Database):
    links = [(i.id, r.incident) for i in synth.incidents.values() for r in i.related]
    links += [(i.id, i.merged_into) for i in synth.incidents.values() if i.merged_into]
    assert links, "the real data has related incidents to remap"
    for source, target in links:
        assert target in synth.incidents
        assert _split(target)[1] == _split(source)[1]


def test_copies_share_sources_factions_and_places(synth: Database, real: Database):
    assert synth.sources.keys() == real.sources.keys()
    assert synth.factions.keys() == real.factions.keys()
    assert synth.places.keys() == real.places.keys()


def test_copy_k_is_dated_k_months_later_with_the_same_precision(synth: Database, real: Database):
    for incident in synth.incidents.values():
        base, copy = _split(incident.id)
        original = real.incidents[base]
        assert incident.date.precision == original.date.precision
        assert incident.date.text == shift_date(original.date.text, copy)


@pytest.mark.parametrize(
    ("text", "months", "shifted"),
    [
        ("2019-12-27", 1, "2020-01-27"),
        ("2020-01-31", 1, "2020-02-29"),
        ("2021-01-31", 1, "2021-02-28"),
        ("2020-02", 11, "2021-01"),
        ("2021-03-15?", 2, "2021-05-15?"),
        ("2019-10-28/2020-02-16", 3, "2020-01-28/2020-05-16"),
        ("[2021-02-15,2021-02-16]", 12, "[2022-02-15,2022-02-16]"),
        ("2020", 13, "2021"),  # a year alone moves by whole years
        ("2019/2020-02", 5, "2019/2020-02"),  # mixed with a year: whole years only
    ],
)
def test_dates_move_by_whole_months_and_keep_their_edtf_form(text, months, shifted):
    assert shift_date(text, months) == shifted


def test_a_partial_copy_keeps_merged_incidents_with_their_survivor(tmp_path):
    # small.yaml: one published incident and one merged into it; 3 = 2 + the survivor's copy.
    path = write_synthetic(SMALL, 3, tmp_path)
    assert len(load_database(path).incidents) == 3
    text = path.read_text(encoding="utf-8")
    incidents = text.split("\nincidents:\n")[1]
    ids = re.findall(r"^- id: (\S+)$", incidents, re.MULTILINE)
    assert ids == [
        "2020-02-16-baghdad-rockets",
        "2020-01-old-duplicate",
        "2020-02-16-baghdad-rockets-s00001",
    ]


# --- INCIDENTS_LIMIT: quick previews of a big database ------------------------------------


def _incident_pages(site: Path) -> set[str]:
    return {p.parent.name for p in (site / "incidents").glob("*/index.html")}


def test_a_build_with_incidents_limit_1_has_exactly_one_incident_page(tmp_path, small_site):
    assert _incident_pages(small_site) == {"2020-02-16-baghdad-rockets", "2020-01-old-duplicate"}
    site = tmp_path / "site"
    result = mkdocs_build(site, data=SMALL, env={"INCIDENTS_LIMIT": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert _incident_pages(site) == {"2020-02-16-baghdad-rockets"}
    rows = soup_of(site, "incidents/").select("#idb-incidents tbody tr")
    assert len(rows) == 1
    assert (
        rows[0]
        .select_one("a[href*='incidents/']")["href"]
        .endswith("incidents/2020-02-16-baghdad-rockets/")
    )


# --- make pages: the generated pages as Markdown, the floor of the benchmark ---------------


def _make_pages(out: Path) -> subprocess.CompletedProcess:
    # -o: never (re)build .venv from a test; the pages target runs the package's CLI.
    return subprocess.run(
        ["make", "-s", "-o", ".venv/.installed", "pages", f"OUT={out}", f"DATA={SMALL}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _build_pages(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The Markdown the build adds to the site, page path → text."""
    from mkdocs.config import load_config

    from incidentdb.site.build import get_site

    monkeypatch.setenv("INCIDENTS_DATA", str(SMALL))
    monkeypatch.delenv("INCIDENTS_LIMIT", raising=False)
    config = load_config(str(ROOT / "mkdocs.yml"))
    site = get_site(config)
    assert site.folder is not None
    return {
        path: (site.folder / path).read_text(encoding="utf-8")
        for path in site.generated
        if path.endswith(".md")
    }


def test_make_pages_writes_exactly_the_pages_the_build_generates(tmp_path, monkeypatch):
    out = tmp_path / "pages"
    result = _make_pages(out)
    assert result.returncode == 0, result.stdout + result.stderr
    written = {str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()}
    assert written == set(_build_pages(monkeypatch))
    assert "incidents/2020-02-16-baghdad-rockets.md" in written


def test_make_pages_writes_the_same_text_the_build_uses(tmp_path, monkeypatch):
    out = tmp_path / "pages"
    assert _make_pages(out).returncode == 0
    for path, text in _build_pages(monkeypatch).items():
        assert (out / path).read_text(encoding="utf-8") == text, path


_MEASURE = """
import dataclasses, json, sys
from pathlib import Path
from benchmarks.reader import measure
figures = measure(Path(sys.argv[1]), {"home": "", "table": "incidents/"})
print(json.dumps(dataclasses.asdict(figures)))
"""


def test_the_reader_figures_count_what_a_first_visit_and_a_query_really_fetch(real_site):
    """`make bench`'s browser figures on the real site: a first visit counts the page and its
    assets but nothing of the search index; each query downloads index chunks and finds
    results; the table answers each view. (In its own process: the bench drives its own
    browser, and the session's Playwright owns this one's event loop.)"""
    import json
    import sys

    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(real_site)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout)
    home, table = figures["pages"]["home"], figures["pages"]["table"]
    html = (real_site / "index.html").stat().st_size
    assert home["requests"] >= 5 and home["raw"] > html and 0 < home["gzip"] < home["raw"]
    assert table["raw"] > (real_site / "incidents" / "table" / "index.json").stat().st_size
    queries = figures["queries"]
    assert [q["results"] > 0 for q in queries] == [True] * len(queries)
    assert all(q["transfer"]["requests"] > 0 and q["ms_to_first"] > 0 for q in queries)
    assert queries[0]["transfer"]["gzip"] > queries[1]["transfer"]["gzip"]  # the search code
    assert figures["table_ms"] and all(ms > 0 for ms in figures["table_ms"].values())
