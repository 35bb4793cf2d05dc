"""`make bench`: build time, memory and sizes at N synthesized incidents, against the floor.

The synthesized file is the real data multiplied under new ids (`<id>-s00042`), dates shifted
by whole months (EDTF forms kept), `related` and `merged_into` remapped within each copy,
sources, factions and places shared. It goes through the same strict loader and validator as
the real file. The floor is the same generated pages (`python -m incidentdb pages`) built as
plain Markdown with Material: no hook, no macros, no custom_dir.

    python -m benchmarks.bench [--sizes 1000 10000] [--data FILE] [--keep DIR] [--profile]
"""

from __future__ import annotations

import argparse
import calendar
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median
from typing import Any

import yaml

from benchmarks import reader
from incidentdb.data import schema as s
from incidentdb.data.scalars import Invalid, edtf_bounds
from incidentdb.data.strict_yaml import Mark, YMap, YSeq
from incidentdb.data.strict_yaml import load as load_tree
from incidentdb.model.load import load_database
from incidentdb.site.config import builder, builder_command

ROOT = Path(__file__).resolve().parent.parent
MONTHS = 60  # copies are spread over five years from the real dates
COPY_MARK = "ZZCOPYZZ"  # stands for the copy number in cached YAML text
_ID = s.INCIDENT.child("id")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"
_DATE = re.compile(r"(?<![0-9])([0-9]{4})(?:-([0-9]{2}))?(?:-([0-9]{2}))?")

# --- synthesis ---------------------------------------------------------------------------


_BaseDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_BaseDumper):
    """Safe dumper that writes numbers read plainly from the file plainly again."""


class _Plain(str):
    """A scalar the file wrote plainly (a number): emitted with its implicit tag."""


def _represent_plain(dumper: yaml.SafeDumper, value: _Plain) -> yaml.ScalarNode:
    tag = dumper.resolve(yaml.ScalarNode, str(value), (True, False))
    return dumper.represent_scalar(tag, str(value))


_Dumper.add_representer(_Plain, _represent_plain)


def _child(spec: s.Field | None, key: str) -> s.Field | None:
    return spec.child(key) if spec is not None else None


def plain_tree(spec: s.Field | None, value: object, mark: Mark, edit=None) -> object:  # noqa: ANN001
    """The loaded tree as dicts, lists and strings; `edit(spec, text)` rewrites scalars."""
    if isinstance(value, YMap):
        return {k: plain_tree(_child(spec, k), v, value.marks[k], edit) for k, v in value.items()}
    if isinstance(value, YSeq):
        item = spec.item if spec is not None else None
        return [plain_tree(item, v, m, edit) for v, m in zip(value, value.marks, strict=True)]
    text = edit(spec, value) if edit else value
    if mark.plain and _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) != _STR:
        return _Plain(text)
    return text


def shift_date(text: str, months: int) -> str:
    """An EDTF string moved by whole months, its form kept; unchanged if it would not parse."""
    if any(m.group(2) is None or int(m.group(2)) > 12 for m in _DATE.finditer(text)):
        months -= months % 12  # years or seasons: move by whole years only

    def move(m: re.Match) -> str:
        year, month, day = int(m.group(1)), m.group(2), m.group(3)
        if month is None:
            return f"{year + months // 12:04d}"
        total = year * 12 + int(month) - 1 + months
        y, mo = divmod(total, 12)
        out = f"{y:04d}-{mo + 1:02d}"
        if day is not None:
            out += f"-{min(int(day), calendar.monthrange(y, mo + 1)[1]):02d}"
        return out

    shifted = _DATE.sub(move, text)
    try:
        edtf_bounds(shifted)
    except Invalid:
        return text
    return shifted


def copy_editor(months: int, suffix: str):  # noqa: ANN201
    """The scalar rewrite for one copy: incident ids get `suffix`, EDTF dates move."""

    def edit(spec: s.Field | None, text: str) -> str:
        if spec is None:
            return text
        if spec is _ID or (spec.kind == s.REF and spec.ref == "incidents"):
            return text + suffix
        if spec.kind == s.EDTF and months:
            return shift_date(text, months)
        return text

    return edit


def _merge_depth(incidents: list[YMap]) -> dict[str, int]:
    """How many merges lead from each incident to its survivor (survivors first in a copy)."""
    target: dict[str, Any] = {str(i.get("id")): i.get("merged_into") for i in incidents}
    depth: dict[str, int] = {}
    for rid in target:
        d, seen, cur = 0, set(), rid
        while target.get(cur) and cur not in seen:
            seen.add(cur)
            cur, d = target[cur], d + 1
        depth[rid] = d
    return depth


@dataclass
class Synth:
    """The real file, ready to be multiplied."""

    header: str
    incidents: list[YMap]
    marks: list[Mark]
    cache: dict[tuple[int, int], str] = field(default_factory=dict)

    def chunk(self, index: int, months: int, keep: set[str] | None) -> str:
        """One incident of a copy as YAML text, with COPY_MARK for the copy number."""
        key = (index, months)
        if keep is None and key in self.cache:
            return self.cache[key]
        edit = copy_editor(months, "-s" + COPY_MARK)
        record: Any = plain_tree(s.INCIDENT, self.incidents[index], self.marks[index], edit)
        if keep is not None and "related" in record:
            record["related"] = [r for r in record["related"] if r["incident"] in keep]
            if not record["related"]:
                del record["related"]
        text = yaml.dump(
            [record],
            Dumper=_Dumper,
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=False,
        )
        if keep is None:
            self.cache[key] = text
        return text


def prepare(source: Path) -> Synth:
    """Read the real file with the strict loader (and validate it) for multiplying."""
    load_database(source)
    root = load_tree(source.read_bytes(), str(source))
    seq = root["incidents"]
    depth = _merge_depth(list(seq))
    order = sorted(range(len(seq)), key=lambda i: depth[seq[i].get("id")])
    rest = {
        k: plain_tree(_child(s.DATABASE, k), v, root.marks[k])
        for k, v in root.items()
        if k != "incidents"
    }
    header = yaml.dump(
        rest,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return Synth(header, [seq[i] for i in order], [seq.marks[i] for i in order])


def synthesize(source: Path, n: int) -> str:
    """YAML text of n incidents in the real schema, made from the real ones."""
    synth = prepare(source)
    base = len(synth.incidents)
    parts = [
        f"# Synthesized by benchmarks.bench: {n} incidents from {source.name}.\n",
        synth.header,
        "incidents:\n",
    ]
    for copy in range(-(-n // base)):
        take = min(base, n - copy * base)
        ids = [str(i["id"]) for i in synth.incidents[:take]]
        suffix = f"-s{copy:05d}" if copy else ""
        keep = None if take == base else {rid + "-s" + COPY_MARK for rid in ids}
        for index in range(take):
            text = synth.chunk(index, copy % MONTHS, keep)
            parts.append(text.replace("-s" + COPY_MARK, suffix))
    return "".join(parts)


def write_synthetic(source: Path, n: int, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    path = out / f"incidents-{n}.yaml"
    path.write_text(synthesize(source, n), encoding="utf-8")
    return path


# --- measuring, each run in a fresh helper process ---------------------------------------

# Runs one command and records its wall time, peak RSS and CPU time (its own and its
# children's, not the bench's).
_HELPER = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[2:]).returncode
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = usage.ru_utime + usage.ru_stime
open(sys.argv[1], "w").write(json.dumps([code, seconds, usage.ru_maxrss, cpu]))
"""

# As the build does it (site.get_site): the collector paused, and the model frozen before it
# resumes (else its first young collection would rescan every new object: 0.3 s at 10,000).
_LOAD = """
import gc, sys, time
from pathlib import Path
from incidentdb.model.load import check_bytes, paused_gc
from incidentdb.model.records import build
start = time.perf_counter()
with paused_gc():
    data, lines = check_bytes(Path(sys.argv[1]).read_bytes(), sys.argv[1])
    checked = time.perf_counter()
    db = build(data, lines)
    gc.freeze()
print(checked - start, time.perf_counter() - checked, len(db.incidents))
"""


@dataclass
class Run:
    seconds: float
    peak_kb: int
    output: str
    cpu: float = 0.0  # user + system seconds, all processes


def measured(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> Run:
    """Wall time and peak RSS of one command; RuntimeError with its output if it fails."""
    with tempfile.NamedTemporaryFile(suffix=".json") as result:
        proc = subprocess.run(
            [sys.executable, "-c", _HELPER, result.name, *cmd],
            cwd=cwd,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
            capture_output=True,
            text=True,
            check=False,
        )
        code, seconds, peak, cpu = json.loads(Path(result.name).read_text() or "[1, 0, 0, 0]")
    if code != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout}{proc.stderr}")
    return Run(seconds, peak, proc.stdout + proc.stderr, cpu)


def load_seconds(data: Path, repeat: int) -> tuple[float, float]:
    """Load and validate (read, parse, check: `load.check_bytes`), then the model, each in a
    fresh process with imports excluded: the medians of `repeat` runs, in seconds."""
    runs = [
        measured([sys.executable, "-c", _LOAD, str(data)]).output.split() for _ in range(repeat)
    ]
    return median(float(r[0]) for r in runs), median(float(r[1]) for r in runs)


def floor_config() -> str:
    """The project's mkdocs.yml without the project's own code: no hook, no macros, no theme
    overrides. Material with the site's settings (palette, features, navigation, links), its
    search plugin (for the project's Pagefind) and the Markdown extensions: the floor is the
    same site, built from plain Markdown, so the ratio measures what the project's code costs
    and nothing else."""
    project = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config = {k: v for k, v in project.items() if k not in ("hooks", "watch", "strict")}
    config["theme"] = {k: v for k, v in project["theme"].items() if k != "custom_dir"}
    # The plain way to search a Material site: its search plugin (the project uses Pagefind).
    config["plugins"] = ["search"] + [
        plugin
        for plugin in project["plugins"]
        if plugin != "macros" and not (isinstance(plugin, dict) and "macros" in plugin)
    ]
    return yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def floor_project(data: Path, work: Path) -> tuple[Path, Run]:
    """`python -m incidentdb pages` into work/docs, the hand-written pages as they are (their
    macros left as text), and the floor's mkdocs.yml."""
    run = measured(
        [sys.executable, "-m", "incidentdb", "pages", str(data), "--output", str(work / "docs")]
    )
    for page in (ROOT / "docs").glob("*.md"):
        shutil.copyfile(page, work / "docs" / page.name)
    config = work / "mkdocs.yml"
    config.write_text(floor_config(), encoding="utf-8")
    return config, run


def mkdocs(site: Path, config: Path | None = None, data: Path | None = None) -> Run:
    cmd = builder_command("build", "--clean", "--site-dir", str(site))
    cmd += ["--config-file", str(config)] if config else ["--strict"]
    env = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1700000000")}
    if data is not None:
        env["INCIDENTS_DATA"] = str(data)
    return measured(cmd, env)


# --- figures -----------------------------------------------------------------------------


@dataclass
class Figures:
    n: int
    data_mb: float
    load_s: float
    model_s: float
    builds: list[float]  # seconds, one per repeat
    floors: list[float]  # the floor built right after each build
    build_cpu: float  # median CPU seconds (user + system, both processes of a build)
    floor_cpu: float
    build_kb: int  # the highest peak RSS over the repeats
    floor_kb: int
    pages: int
    floor_pages: int
    page_kb: float
    search_kb: float  # the whole Pagefind bundle on disk; a reader downloads a few chunks
    reader: reader.ReaderFigures | None = None

    @property
    def build_s(self) -> float:
        return median(self.builds)

    @property
    def floor_s(self) -> float:
        return median(self.floors)

    @property
    def ratios(self) -> list[float]:
        """Each build against the floor built right after it, on the same machine state."""
        return [b / f for b, f in zip(self.builds, self.floors, strict=True)]

    @property
    def ratio(self) -> float:
        return median(self.ratios)


def _html_pages(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


def bench_size(
    source: Path, n: int, work: Path, sample: str, repeat: int = 3, browser: bool = True
) -> Figures:
    """Synthesize n incidents, then measure load, and `repeat` builds each with its floor.

    A shared two-core machine drifts by 10-20 % over minutes: each build is paired with the
    floor built right after it, and the verdict is on the median of the pairs' ratios.
    """
    print(f"N={n}: synthesizing", flush=True)
    data = write_synthetic(source, n, work)
    print(f"N={n}: load and validate", flush=True)
    load_s, model_s = load_seconds(data, repeat)
    config, _ = floor_project(data, work / "floor")
    builds, floors = [], []
    for k in range(1, repeat + 1):
        print(f"N={n}: real build {k}/{repeat}", flush=True)
        builds.append(mkdocs(work / "site", data=data))
        print(f"N={n}: floor build {k}/{repeat}", flush=True)
        floors.append(mkdocs(work / "floor" / "site", config=config))
    site = work / "site"
    return Figures(
        n=n,
        data_mb=data.stat().st_size / 1e6,
        load_s=load_s,
        model_s=model_s,
        builds=[run.seconds for run in builds],
        floors=[run.seconds for run in floors],
        build_cpu=median(run.cpu for run in builds),
        floor_cpu=median(run.cpu for run in floors),
        build_kb=max(run.peak_kb for run in builds),
        floor_kb=max(run.peak_kb for run in floors),
        pages=_html_pages(site),
        floor_pages=_html_pages(work / "floor" / "site"),
        page_kb=(site / "incidents" / sample / "index.html").stat().st_size / 1024,
        search_kb=sum(f.stat().st_size for f in (site / "pagefind").rglob("*") if f.is_file())
        / 1024,
        reader=reader.measure(site, reader.page_kinds(site, sample)) if browser else None,
    )


# --- report ------------------------------------------------------------------------------

ROWS = (
    ("data file (MB)", lambda f: f"{f.data_mb:.1f}"),
    ("load and validate (s)", lambda f: f"{f.load_s:.2f}"),
    ("then the model (s)", lambda f: f"{f.model_s:.2f}"),
    ("build (s, median)", lambda f: f"{f.build_s:.1f}"),
    ("floor (s, median)", lambda f: f"{f.floor_s:.1f}"),
    ("build CPU, user + system (s, median)", lambda f: f"{f.build_cpu:.1f}"),
    ("floor CPU, user + system (s, median)", lambda f: f"{f.floor_cpu:.1f}"),
    ("build / floor, each pair", lambda f: ", ".join(f"{r:.2f}" for r in f.ratios)),
    ("build / floor (median)", lambda f: f"{f.ratio:.2f}"),
    ("build per page (ms)", lambda f: f"{1000 * f.build_s / f.pages:.2f}"),
    ("build peak RSS (MB)", lambda f: f"{f.build_kb / 1024:.0f}"),
    ("floor peak RSS (MB)", lambda f: f"{f.floor_kb / 1024:.0f}"),
    ("HTML pages (build / floor)", lambda f: f"{f.pages} / {f.floor_pages}"),
    ("one incident page (KB)", lambda f: f"{f.page_kb:.1f}"),
    ("search bundle on disk (KB; a reader loads a few chunks)", lambda f: f"{f.search_kb:,.0f}"),
)


def table(figures: list[Figures]) -> str:
    """The figures as a Markdown table, one column per N."""
    head = "| N | " + " | ".join(f"{f.n:,}" for f in figures) + " |"
    lines = [head, "|---|" + "---:|" * len(figures)]
    lines += [f"| {name} | " + " | ".join(cell(f) for f in figures) + " |" for name, cell in ROWS]
    return "\n".join(lines)


def verdicts(figures: list[Figures]) -> list[tuple[str, bool]]:
    """Each target of issue 4, judged at the largest N."""
    big, small = figures[-1], figures[0]
    drift = abs(big.page_kb - small.page_kb) / small.page_kb
    return [
        (f"build ≤ 1.25 × floor at N={big.n:,}: {big.ratio:.2f}", big.ratio <= 1.25),
        (
            f"incident page size stable (±10%) from N={small.n:,} to N={big.n:,}: "
            f"{small.page_kb:.1f} → {big.page_kb:.1f} KB",
            drift <= 0.10,
        ),
        (f"peak RSS < 1 GB: {big.build_kb / 1024:.0f} MB", big.build_kb < 1024 * 1024),
        (f"load and validate ≤ 3 s: {big.load_s:.2f} s", big.load_s <= 3.0),
    ] + (reader.verdicts(big.n, big.reader) if big.reader else [])


def report(figures: list[Figures]) -> str:
    lines = [table(figures), ""]
    sized = [(f.n, f.reader) for f in figures if f.reader]
    if sized:
        lines += ["What a reader downloads and waits for (headless Chromium):", ""]
        lines += [reader.table(sized), ""]
    lines += [f"- {'PASS' if ok else 'FAIL'}: {text}" for text, ok in verdicts(figures)]
    return "\n".join(lines)


def profile(data: Path, work: Path, top: int = 30) -> str:
    """cProfile of the real build: the functions that take the most time."""
    import pstats

    out = work / "build.prof"
    cmd = [
        sys.executable,
        "-m",
        "cProfile",
        "-o",
        str(out),
        "-m",
        builder(),
        "build",
        "--strict",
        "--site-dir",
        str(work / "profile-site"),
    ]
    measured(cmd, {"INCIDENTS_DATA": str(data), "SOURCE_DATE_EPOCH": "1700000000"})
    text = []
    for key in ("cumulative", "tottime"):
        stream = io.StringIO()
        pstats.Stats(str(out), stream=stream).sort_stats(key).print_stats(top)
        text.append(stream.getvalue())
    return "\n".join(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench", description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "incidents.yaml")
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    parser.add_argument("--profile", action="store_true", help="also profile the largest build")
    parser.add_argument(
        "--no-browser", action="store_true", help="skip the reader's figures (no Chromium)"
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="builds (each with its floor) per size; medians"
    )
    args = parser.parse_args(argv)
    db = load_database(args.data)
    sample = min(i.id for i in db.incidents.values() if i.published)
    base = Path(args.keep or tempfile.mkdtemp(prefix="incidentdb-bench-"))
    figures = [
        bench_size(args.data, n, base / f"n{n}", sample, args.repeat, not args.no_browser)
        for n in sorted(args.sizes)
    ]
    print(
        f"\nincidentdb bench: {args.data.name} x {len(db.incidents)} real incidents, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}; sample page {sample}; "
        f"medians of {args.repeat} runs\n"
    )
    print(report(figures))
    if args.profile:
        print(
            "\n" + profile(base / f"n{max(args.sizes)}" / f"incidents-{max(args.sizes)}.yaml", base)
        )
    if not args.keep:
        shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
