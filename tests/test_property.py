"""Random and mutated YAML never crashes the loader: it loads, or raises a clean DataError."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidentdb.data.errors import DataError
from incidentdb.model.load import load_bytes
from incidentdb.model.records import Database

BASE = (Path(__file__).parent / "fixtures" / "hostile" / "base.yaml").read_bytes()
SMALL = (Path(__file__).parent / "fixtures" / "small.yaml").read_bytes()
LINE = re.compile(r"^data/incidents\.yaml:\d+:\d+: \S.*$|^\.\.\. and \d+ more$")

# Pieces of YAML that reach the loader's corners: indicators, tags, anchors, types, encodings.
TOKENS = [
    b"- ",
    b": ",
    b"[",
    b"]",
    b"{",
    b"}",
    b",",
    b"&a ",
    b"*a",
    b"<<: ",
    b"!!str ",
    b"! ",
    b"!x ",
    b"---\n",
    b"...\n",
    b"%YAML 1.1\n",
    b"? ",
    b"|\n",
    b">-\n",
    b"'",
    b'"',
    b"#",
    b"\n",
    b"  ",
    b"\t",
    b"\r",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff",
    b"\xe2\x80\xae",
    b"no",
    b"1:30",
    b"012",
    b"1.10",
    b"2020-02-16",
    b"~",
    b"null",
    b".inf",
    b"{{ 7*7 }}",
    b"<script>",
    b"id",
    b"sources",
    b"incidents",
    b"schema_version",
    b"nujaba",
    b"count",
    b"min",
    b"\\u0000",
    b"\xc3\xa9",
]

PRINTED = settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def outcome(raw: bytes) -> None:
    """Loads to a Database, or raises DataError whose every line has the documented form."""
    try:
        db = load_bytes(raw, "data/incidents.yaml")
    except DataError as err:
        assert err.problems, "a DataError always carries at least one problem"
        lines = err.lines()
        assert all(LINE.match(line) for line in lines), lines
        assert all("\n" not in line and "\r" not in line for line in lines)
        return
    assert isinstance(db, Database)


@PRINTED
@given(st.binary(max_size=2000))
def test_random_bytes(raw: bytes) -> None:
    outcome(raw)


@PRINTED
@given(st.lists(st.sampled_from(TOKENS), max_size=60))
def test_random_yaml_tokens(tokens: list[bytes]) -> None:
    outcome(b"".join(tokens))


@PRINTED
@given(
    st.sampled_from([BASE, SMALL]),
    st.lists(
        st.tuples(st.integers(min_value=0), st.integers(0, 8), st.sampled_from(TOKENS)),
        min_size=1,
        max_size=4,
    ),
)
def test_mutated_valid_files(base: bytes, edits: list[tuple[int, int, bytes]]) -> None:
    raw = base
    for at, cut, token in edits:
        at %= len(raw) + 1
        raw = raw[:at] + token + raw[at + cut :]
    outcome(raw)


@PRINTED
@given(st.text(max_size=300))
def test_any_text_in_a_summary(text: str) -> None:
    quoted = '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    raw = BASE.replace(b"summary: Rockets fell near the *embassy*.", b"summary: " + quoted.encode())
    outcome(raw)
