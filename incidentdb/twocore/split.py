"""Cutting the data file in two before an incident, so that two cores can read it.

Loading is libyaml's events and a Python walk over them: two million at 10,000 incidents, on
one core. A big file is cut at an incident a little past its middle; each share is
parsed and checked on its own (one in a forked child, `parallel.forked`) and the two parts
are joined by `validate.finish`, which runs the checks that need every record.

The cut must not change what the file says, so it is only taken where the text shows a plain
block layout, and the parse of each share confirms it:

- `find` reads the text: a top-level `incidents:` key followed by a block sequence whose
  dashes sit at one indentation, no directive or document marker after the start, and
  nothing at column 1 between the key and the cut but the incidents' own dashes;
- `holds` reads the head's tree: a block mapping at column 1 whose last key is `incidents`,
  a block sequence starting at the first dash, holding exactly the incidents counted;
- the tail is parsed as that sequence's continuation (`tail`), one level deep, with its
  lines numbered as in the file; it must be a block sequence starting at the cut.

When the head parses to its end, libyaml has closed every scalar and flow collection before
the cut, so the dash at the cut continues the incidents in the whole file exactly as it
starts the tail's sequence. Anything else — a syntax error in either share, a count that
does not match, a layout the rules above do not recognise — and the file is read whole,
in one process, which also gives the exact messages for whatever is wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeGuard

from incidentdb.data.strict_yaml import YMap, YSeq

MIN_BYTES = 1 << 20  # below this (about 300 incidents), one core reads faster than two start
# The head's share of the bytes: this process reads the head while the child reads the tail
# and then pickles its part, which this process unpickles, so the head is the larger share.
HEAD_SHARE = 0.53

_KEY = re.compile(rb"^incidents:[ ]*(?:#[^\n]*)?\n", re.M)
_GAP = re.compile(rb"(?:[ ]*(?:#[^\n]*)?\n)*")  # blank and comment lines
_DASH = re.compile(rb"( *)-(?=[ \n])")
_MARKERS = re.compile(rb"\n(?:---|\.\.\.|%)")  # document markers and directives, after line 1
# A line with content at column 1 (beside the incidents' own dashes when they sit there).
_COLUMN_ONE = re.compile(rb"\n[^ \n#]")
_COLUMN_ONE_BUT_DASHES = re.compile(rb"\n(?!-[ \n])[^ \n#]")


@dataclass(frozen=True)
class Cut:
    at: int  # byte offset of the tail's first line: an incident's dash
    line: int  # that line's number (1-based)
    indent: int  # the incidents' dashes' column (0-based)
    first_line: int  # the line of the first incident's dash
    before: int  # the incidents in the head, as counted in the text


def find(raw: bytes) -> Cut | None:
    """Where to cut the file in two, or None to read it whole."""
    if len(raw) < MIN_BYTES:
        return None
    key = _KEY.search(raw)
    if key is None:
        return None
    gap = _GAP.match(raw, key.end())
    first = _DASH.match(raw, gap.end()) if gap else None
    if first is None:
        return None
    indent = first.end() - first.start() - 1
    item = re.compile(rb"\n" + b" " * indent + rb"-(?=[ \n])")
    middle = item.search(raw, max(int(len(raw) * HEAD_SHARE), first.end()))
    if middle is None:
        return None
    at = middle.start() + 1
    stray = _COLUMN_ONE if indent else _COLUMN_ONE_BUT_DASHES
    if _MARKERS.search(raw, 0, at) or stray.search(raw, key.end() - 1, middle.start()):
        return None
    return Cut(
        at=at,
        line=raw.count(b"\n", 0, at) + 1,
        indent=indent,
        first_line=raw.count(b"\n", 0, first.start()) + 1,
        before=1 + len(item.findall(raw, first.start(), middle.start())),
    )


def holds(cut: Cut, head: YMap) -> bool:
    """Whether the head's tree shows the layout the cut assumed."""
    if not head or head.mark.col != 1:
        return False
    keys = list(head.key_marks)
    first_key, last_key = head.key_marks[keys[0]], keys[-1]
    seq = head.get("incidents")
    return (
        (first_key.line, first_key.col) == (head.mark.line, head.mark.col)  # block, not {...}
        and last_key == "incidents"
        and isinstance(seq, YSeq)
        and (seq.mark.line, seq.mark.col) == (cut.first_line, cut.indent + 1)
        and len(seq) == cut.before
    )


def tail(raw: bytes, cut: Cut) -> bytes:
    """The text after the cut, its lines numbered as in the whole file."""
    return b"\n" * (cut.line - 1) + raw[cut.at :]


def tail_holds(seq: object, cut: Cut) -> TypeGuard[YSeq]:
    """Whether the tail parsed as the continuation of the incidents' block sequence."""
    return isinstance(seq, YSeq) and (seq.mark.line, seq.mark.col) == (cut.line, cut.indent + 1)
