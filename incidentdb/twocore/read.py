"""Reading a big data file on two cores: the file is cut before an incident a little past
its middle (`split`); a forked child parses and checks the tail while this process does the
head, and `validate.finish` joins the two parts. None, and the caller reads the file whole."""

from __future__ import annotations

from incidentdb.data.errors import DataError
from incidentdb.data.strict_yaml import (
    MAX_BYTES,
    MAX_PROBLEMS,
    YMap,
    decode,
    load_text,
    parse,
    too_deep,
)
from incidentdb.data.tree import Part
from incidentdb.data.validate import check_part
from incidentdb.twocore import split
from incidentdb.twocore.fork import forked


def read_in_two(raw: bytes, name: str) -> list[Part] | None:
    """The file read as two shares, one in a forked child; None to read it whole."""
    cut = split.find(raw)
    if cut is None or len(raw) > MAX_BYTES:
        return None  # read whole, which reports it
    theirs = forked(lambda: _tail_part(raw, cut, name))
    if theirs is None:
        return None
    try:
        mine = _head_part(raw, cut, name)
    finally:
        tail = theirs()  # always: the child waits for its result to be read
    if mine is None or tail is None:
        return None
    # Each share's loader stops at MAX_PROBLEMS of its own; the whole file's stops at that
    # many in all. Past it, the file is read whole, so both routes report the same problems.
    if mine.loader_problems + tail.loader_problems >= MAX_PROBLEMS:
        return None
    return [mine, tail]


def _head_part(raw: bytes, cut: split.Cut, name: str) -> Part | None:
    """This process's share: everything before the cut, checked as the file's own."""
    if too_deep(raw) is not None:  # brackets are counted across the cut: on the whole file
        return None
    try:
        share = raw[: cut.at]
        decode(share, name, nesting=False)
        head = load_text(share, name)
    except DataError:  # read whole, for the exact messages
        return None
    return check_part(head) if split.holds(cut, head) else None


def _tail_part(raw: bytes, cut: split.Cut, name: str) -> Part | None:
    """The child's share: the incidents after the cut, checked as the file's own."""
    share = split.tail(raw, cut)
    decode(share, name, nesting=False)
    seq, deferred = parse(share, name, depth=1)
    if not split.tail_holds(seq, cut):
        return None
    root = YMap(seq.mark)
    root["incidents"] = seq
    root.marks["incidents"] = root.key_marks["incidents"] = seq.mark
    root.deferred = deferred
    _unfreed.append(root)  # the child leaves by os._exit: freeing its tree would take 0.1 s
    return check_part(root, {"incidents": cut.before})


_unfreed: list[YMap] = []
