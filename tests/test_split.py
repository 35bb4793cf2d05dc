"""Reading a big file on two cores gives exactly what reading it whole gives.

`incidentdb.twocore.split` cuts the file before an incident near its middle; a forked child checks
the tail while this process checks the head, and `validate.finish` joins them. Every test
here compares the two routes on the same bytes: the same typed data and incident lines when
the file is valid, the same problems, to the character, when it is not, and the whole read
whenever the cut could change what the file says.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.bench import write_synthetic
from incidentdb.data.errors import DataError
from incidentdb.data.strict_yaml import MAX_PROBLEMS
from incidentdb.data.strict_yaml import load as load_yaml
from incidentdb.data.validate import check_part, finish
from incidentdb.model import load
from incidentdb.twocore import read, split

NAME = "data/incidents.yaml"
N = 80
MIN_BYTES = split.MIN_BYTES


@pytest.fixture(autouse=True)
def one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    # Other tests leave server threads running; they hold nothing the child would need.
    monkeypatch.setattr("incidentdb.twocore.fork.threading.active_count", lambda: 1)
    monkeypatch.delenv("INCIDENTS_JOBS", raising=False)
    # Cut files of a few hundred KB, not only those over 1 MB: the tests run five times faster.
    monkeypatch.setattr(split, "MIN_BYTES", 100_000)


@pytest.fixture(scope="module")
def indentless(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """80 incidents as the benchmark writes them (`- id:` at column 1), about 260 KB."""
    path = write_synthetic(ROOT / "data" / "incidents.yaml", N, tmp_path_factory.mktemp("s"))
    raw = path.read_bytes()
    assert len(raw) > 200_000
    return raw


@pytest.fixture(scope="module")
def indented(indentless: bytes) -> bytes:
    """The same incidents as the real file writes them (`  - id:`, nested lists indented)."""
    head, _, incidents = indentless.partition(b"\nincidents:\n")
    lines = [b"  " + line if line else line for line in incidents.split(b"\n")]
    return head + b"\nincidents:\n" + b"\n".join(lines)


def whole(raw: bytes) -> tuple[object, object]:
    """The file read in one process: (data, lines), or the DataError's problems."""
    try:
        root = load_yaml(raw, NAME)
    except DataError as exc:
        return "error", exc.problems
    data, problems, lines = finish([check_part(root)])
    return (data, lines) if not problems else ("error", sorted(problems))


def in_two(raw: bytes) -> tuple[object, object]:
    """The file read by `check_bytes`, which cuts it when it can."""
    try:
        return load.check_bytes(raw, NAME)
    except DataError as exc:
        return "error", exc.problems


def test_both_layouts_are_cut_a_little_past_the_middle(indentless: bytes, indented: bytes) -> None:
    for raw, indent in ((indentless, 0), (indented, 2)):
        cut = split.find(raw)
        assert cut is not None
        assert cut.indent == indent
        assert abs(cut.at - len(raw) * split.HEAD_SHARE) < len(raw) / 20
        assert raw[cut.at : cut.at + indent + 6] == b" " * indent + b"- id: "
        parts = read.read_in_two(raw, NAME)
        assert parts is not None, "the cut was confirmed and the child answered"
        counts = [len(part.data.get("incidents", [])) for part in parts]
        assert counts == [cut.before, N - cut.before]


def test_a_valid_file_reads_the_same_in_two_as_whole(indentless: bytes, indented: bytes) -> None:
    for raw in (indentless, indented):
        data, lines = in_two(raw)
        assert (data, lines) == whole(raw)
        assert len(data["incidents"]) == N  # type: ignore[index]
        assert len(lines) == N  # type: ignore[arg-type]


def lines_of(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def edit(raw: bytes, changes: dict[int, bytes]) -> bytes:
    """The file with some lines (0-based) replaced."""
    out = lines_of(raw)
    for number, text in changes.items():
        out[number] = text
    return b"\n".join(out)


def line_of(raw: bytes, needle: bytes, after: int = 0) -> int:
    """The 0-based number of the first line at or after `after` that starts with needle."""
    for number, text in enumerate(lines_of(raw)[after:], after):
        if text.startswith(needle):
            return number
    raise AssertionError(needle)


def test_problems_on_both_sides_of_the_cut_are_reported_as_whole(indented: bytes) -> None:
    cut = split.find(indented)
    assert cut is not None
    middle = cut.line - 1
    ids = [n for n, text in enumerate(lines_of(indented)) if text.startswith(b"  - id: ")]
    head_id, tail_id = ids[3], ids[ids.index(middle) + 3]
    original_head_id = lines_of(indented)[head_id]
    title = line_of(indented, b"    title: ", head_id)
    date = line_of(indented, b"    date: ", tail_id)
    source = line_of(indented, b"      - ", tail_id)
    kind = line_of(indented, b"    type: ", tail_id)
    broken = edit(
        indented,
        {
            title: b"    titel: A misspelt key in the head",
            tail_id: original_head_id,  # a duplicate id across the cut
            date: b"    date: 2021-13-45",
            source: b"      - no-such-source",
            kind: lines_of(indented)[kind].replace(b"type: ", b"type: &anchor "),
        },
    )
    assert read.read_in_two(broken, NAME) is not None, "validation problems do not stop the cut"
    kind, problems = in_two(broken)
    assert kind == "error"
    assert problems == whole(broken)[1]
    text = "\n".join(p.format(NAME) for p in problems)  # type: ignore[union-attr]
    assert "titel: unknown key" in text
    assert "duplicate id (first at line" in text
    assert "anchor &anchor not allowed" in text
    assert "unknown source id 'no-such-source'" in text


def test_a_record_without_an_id_in_the_tail_is_named_by_its_place_in_the_file(
    indentless: bytes,
) -> None:
    cut = split.find(indentless)
    assert cut is not None
    second = line_of(indentless, b"- id: ", cut.line)
    broken = edit(indentless, {second: b"- idx: oops"})
    problems = in_two(broken)[1]
    assert problems == whole(broken)[1]
    label = f"[incidents[{cut.before + 1}]]"
    assert any(label in p.format(NAME) for p in problems)  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "lines",
    [
        # A quoted text whose next line looks like an incident at the cut: libyaml reads it
        # as the text's continuation, so the cut would split a record in two.
        [b'  note: "an open quote', b'- id: not-an-incident"'],
        [b"  note: 'an open quote", b"- id: not-an-incident'"],
        [b"...", b"- id: after-the-end"],  # a document end before the cut
        [b"---", b"- id: second-document"],
        [b"sources:", b"- id: a-key-at-column-one"],
        [b"  note: [an open bracket", b"- id: inside-the-flow]"],
    ],
    ids=["double-quote", "single-quote", "document-end", "document-start", "key", "flow"],
)
def test_a_layout_the_cut_could_misread_is_read_whole(indentless: bytes, lines: list[bytes]):
    cut = split.find(indentless)
    assert cut is not None
    before = cut.line - 2  # the last line of the head, then the cut's own line
    broken = edit(indentless, {before: lines[0], before + 1: lines[1]})
    assert read.read_in_two(broken, NAME) is None
    assert in_two(broken) == whole(broken)


def test_a_file_the_cut_cannot_read_is_read_whole(indentless: bytes) -> None:
    for raw in (
        indentless.replace(b"\nincidents:\n", b"\nincidents: [\n", 1),  # flow
        indentless + b"\nsources: []\n",  # a key after the incidents
        indentless[: len(indentless) // 2] + b'\n  x: "\n' + indentless[len(indentless) // 2 :],
    ):
        assert in_two(raw) == whole(raw)


TRICKY = [
    b"- id: x",
    b"  - id: x",
    b"- ",
    b'  quote: "open',
    b"  quote: 'open",
    b"close'",
    b'close"',
    b"...",
    b"---",
    b"%YAML 1.2",
    b"incidents:",
    b"sources:",
    b"  note: |",
    b"  note: >-",
    b"[",
    b"]",
    b"  - {",
    b"  id: &a x",
    b"  id: *a",
    b"#",
    b"",
    b"\t- id: tab",
]


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    changes=st.lists(
        st.tuples(st.integers(-6, 6), st.sampled_from(TRICKY), st.booleans()),
        min_size=1,
        max_size=4,
    )
)
def test_any_edit_near_the_cut_reads_the_same_in_two_as_whole(
    indentless: bytes, changes: list[tuple[int, bytes, bool]]
) -> None:
    cut = split.find(indentless)
    assert cut is not None
    out = lines_of(indentless)
    for offset, text, insert in changes:
        at = cut.line - 1 + offset
        if insert:
            out.insert(at, text)
        else:
            out[at] = text
    raw = b"\n".join(out)
    assert in_two(raw) == whole(raw)


def test_the_real_file_is_read_whole() -> None:
    raw = (ROOT / "data" / "incidents.yaml").read_bytes()
    assert len(raw) < MIN_BYTES  # far under: one core reads it faster than two start


def test_without_a_fork_the_file_is_read_whole(indentless: bytes, monkeypatch) -> None:
    monkeypatch.setenv("INCIDENTS_JOBS", "1")
    assert read.read_in_two(indentless, NAME) is None
    assert in_two(indentless) == whole(indentless)


def test_a_file_under_the_threshold_is_read_whole(indentless: bytes, monkeypatch) -> None:
    monkeypatch.setattr(split, "MIN_BYTES", len(indentless) + 1)
    assert split.find(indentless) is None


def test_a_failing_child_costs_time_not_data(indentless: bytes, monkeypatch) -> None:
    def fails(*args: object) -> None:
        raise MemoryError("the child fails")

    monkeypatch.setattr(read, "_tail_part", fails)
    assert read.read_in_two(indentless, NAME) is None
    assert in_two(indentless) == whole(indentless)


def test_problems_past_the_loaders_cap_are_counted_as_in_one_read(indentless: bytes) -> None:
    """Each share's loader stops at MAX_PROBLEMS of its own; 150 refused anchors in each
    share are 300 in all, more than the whole file's reading reports: the file is read
    whole, and both routes report the same problems, the cap's message included."""
    cut = split.find(indentless)
    assert cut is not None
    head_lines = indentless[: cut.at].count(b"\n")
    value = re.compile(rb"^( +[a-z_]+: )([A-Za-z0-9])")
    lines = lines_of(indentless)
    anchored = {"head": 0, "tail": 0}
    for number, text in enumerate(lines):
        side = "head" if number < head_lines else "tail"
        if anchored[side] < 150 and number > 40 and value.match(text):
            lines[number] = value.sub(rb"\1&a%d \2" % number, text)
            anchored[side] += 1
    assert anchored == {"head": 150, "tail": 150}
    raw = b"\n".join(lines)
    assert split.find(raw) is not None, "the anchors leave the cut where it was"
    assert read.read_in_two(raw, NAME) is None
    kind, found = in_two(raw)
    assert (kind, found) == whole(raw)
    assert found[-1].message == f"stopped reading after {MAX_PROBLEMS} problems"  # type: ignore[index]
