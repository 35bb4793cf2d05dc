"""Strict YAML loading: bytes in, a tree of strings with their positions out.

PyYAML's loaders type scalars by regex (`no` → False, `1:30` → 90, `2020-02-16` → date),
silently keep the last of duplicate keys, expand aliases (a 432-byte alias bomb walks to
hundreds of millions of nodes) and recurse on nesting. This loader reads the parser's events
itself: every scalar stays a string until the schema types it, anchors, aliases, merge keys and
tags are refused, duplicate keys are errors, and nesting is capped. Every value keeps its
line and column, so every error names `file:line:col`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from incidentdb.data.errors import DataError, Problem, printable

MAX_BYTES = 64 * 1024 * 1024  # 10,000 incidents take about 8 MB
MAX_DEPTH = 16  # the schema needs 7 levels
MAX_LINE_CHARS = 10_000

MAX_PROBLEMS = 200  # the loader stops reading after this many (an alias flood, say)

try:  # libyaml's event parser: ten times faster; its events are iterative, never recursive
    from yaml.cyaml import CParser as _Parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader  # type: ignore[misc,assignment]

# Characters refused anywhere in the file, with why.
# Characters refused anywhere in the file: controls, bidirectional overrides and isolates,
# and the invisible ones that can hide or fake text in review (zero-width space, word joiner
# and invisible operators, soft hyphen, Hangul fillers, interlinear annotation, tag
# characters). ZWNJ and ZWJ (U+200C, U+200D) and the LRM/RLM marks stay: Persian, Kurdish
# and Arabic text needs them.
_INVISIBLE = (
    "\u00ad\u115f\u1160\u180e\u200b\u2060-\u2064\u3164\uffa0\ufff9-\ufffb\U000e0000-\U000e007f"
)
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\x7f\x80-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\t"
    + _INVISIBLE
    + "]"
)
_INVISIBLE_RE = re.compile("[" + _INVISIBLE + "]")
_FORBIDDEN_NAMES = {
    "\t": ("tab character", "indent with spaces; write a tab inside text as a space"),
    "\r": ("carriage return", "save the file with Unix line endings (LF)"),
    "\ufeff": ("byte order mark", "save as UTF-8 without BOM"),
    "\u2028": ("line separator U+2028", "use an ordinary line break"),
    "\u2029": ("paragraph separator U+2029", "use an ordinary line break"),
}
_BIDI = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BRACKETS = re.compile(r"[\[\]{}]")
_BRACKETS_BYTES = re.compile(rb"[\[\]{}]")
_OPENING = ("[", "{", b"[", b"{")


class Mark(int):
    """Where a value starts (1-based line and column), and whether its scalar was written
    plain (unquoted), packed into one int: the tree holds two million of them at 10,000
    incidents, and a tuple each would double its memory."""

    __slots__ = ()

    def __new__(cls, line: int, col: int, plain: bool = False) -> Mark:
        return int.__new__(cls, (line << 21) | (min(col, 0xFFFFF) << 1) | bool(plain))

    @property
    def line(self) -> int:
        return int(self) >> 21

    @property
    def col(self) -> int:
        return (int(self) >> 1) & 0xFFFFF

    @property
    def plain(self) -> bool:
        return bool(int(self) & 1)

    def __repr__(self) -> str:
        return f"Mark({self.line}, {self.col}, {self.plain})"

    @staticmethod
    def unpack(packed: int) -> Mark:
        """The Mark an int(mark) was made from."""
        return int.__new__(Mark, packed)

    def __getnewargs__(self) -> tuple[int, int, bool]:  # type: ignore[override]
        return self.line, self.col, self.plain  # pickled by its parts, not its packed value


class Refused(str):
    """Stands in for a value the loader refused (an alias): checks skip it, already reported."""

    __slots__ = ()


class YMap(dict):
    """A mapping from the file; `marks[key]` is where each value starts.

    On the root, `deferred` holds the loader's problems that do not stop validation
    (duplicate keys, anchors, aliases, tags), so one run reports them with the rest.
    """

    __slots__ = ("mark", "key_marks", "marks", "deferred")
    deferred: list[Problem]

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.key_marks: dict[str, Mark] = {}
        self.marks: dict[str, Mark] = {}


class YSeq(list):
    """A sequence from the file; `marks[i]` is where item i starts."""

    __slots__ = ("mark", "marks")

    def __init__(self, mark: Mark) -> None:
        super().__init__()
        self.mark = mark
        self.marks: list[Mark] = []


def _mark(event: yaml.Event, plain: bool = False) -> Mark:
    m = event.start_mark
    if m is None:  # pragma: no cover - parser events always carry marks
        return Mark(1, 1, plain)
    return Mark(m.line + 1, m.column + 1, plain)


def _problem(mark: Mark, message: str, hint: str = "") -> Problem:
    return Problem(mark.line, mark.col, "", "", message, hint)


def decode(raw: bytes, filename: str, nesting: bool = True) -> str:
    """UTF-8 text of the file, or every problem that keeps it from being read safely.

    `nesting=False` leaves out the cap on brackets, which a share of the file cannot judge
    alone (the caller runs `too_deep` on the whole file).
    """
    if len(raw) > MAX_BYTES:
        raise DataError(
            filename,
            [
                _problem(
                    Mark(1, 1),
                    f"file is {len(raw):,} bytes, over the {MAX_BYTES:,}-byte limit",
                    "split the data or raise MAX_BYTES deliberately",
                )
            ],
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise DataError(
            filename,
            [
                _problem(
                    Mark(line, col),
                    f"not UTF-8: byte 0x{raw[exc.start]:02x} cannot be decoded",
                    "save the file as UTF-8",
                )
            ],
        ) from None
    problems = _scan_characters(text) + _scan_lines(text)
    deep = too_deep(text) if nesting else None
    if deep is not None:
        problems.append(
            _problem(
                _position(text, deep),
                f"nesting deeper than {MAX_DEPTH} levels",
                "the schema needs far fewer; remove the extra brackets",
            )
        )
    if problems:
        raise DataError(filename, problems)
    return text


def _position(text: str, index: int) -> Mark:
    line = text.count("\n", 0, index) + 1
    return Mark(line, index - (text.rfind("\n", 0, index) + 1) + 1)


def _scan_characters(text: str) -> list[Problem]:
    problems = []
    if "\r" in text:  # Windows line endings: one problem for the file, not one per line
        what, hint = _FORBIDDEN_NAMES["\r"]
        count = f"{text.count(chr(13)):,} in the file"
        problems.append(
            _problem(_position(text, text.index("\r")), f"{what} not allowed ({count})", hint)
        )
        text = text.replace("\r", "")
    for match in _FORBIDDEN.finditer(text):
        what, hint = describe_forbidden(match.group())
        problems.append(_problem(_position(text, match.start()), f"{what} not allowed", hint))
        if len(problems) >= 200:
            break
    return problems


def describe_forbidden(char: str) -> tuple[str, str]:
    """What a refused character is, and the fix."""
    if char in _FORBIDDEN_NAMES:
        return _FORBIDDEN_NAMES[char]
    if char in _BIDI:
        return (
            f"bidirectional control character U+{ord(char):04X}",
            "remove it: it can make text display differently from what it says",
        )
    if _INVISIBLE_RE.fullmatch(char):
        return (
            f"invisible character U+{ord(char):04X}",
            "remove it: a reader or reviewer cannot see it, and it can hide or fake text",
        )
    return f"control character U+{ord(char):04X}", "remove it"


def forbidden_in_value(value: str) -> re.Match | None:
    """A refused character in a parsed value (double-quoted escapes such as "\\x01" make them)."""
    return _FORBIDDEN.search(value)


def _scan_lines(text: str) -> list[Problem]:
    """Cap line length before the parser sees the text."""
    problems = []
    lines = text.split("\n")
    if max(map(len, lines)) <= MAX_LINE_CHARS:  # the usual case, at C speed
        lines = []
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            problems.append(
                _problem(
                    Mark(number, 1),
                    f"line is {len(line):,} characters long, over {MAX_LINE_CHARS:,}",
                    "use a folded block (>-) for long text",
                )
            )
    return problems


def too_deep(text: str | bytes) -> int | None:
    """Where brackets first nest deeper than MAX_DEPTH (an index into `text`), or None."""
    depth = 0
    brackets = _BRACKETS if isinstance(text, str) else _BRACKETS_BYTES
    for match in brackets.finditer(text):  # type: ignore[arg-type]
        depth = depth + 1 if match.group() in _OPENING else max(depth - 1, 0)
        if depth > MAX_DEPTH:
            return match.start()
    return None


def parse(source: str | bytes, filename: str, depth: int = 0) -> tuple[object, list[Problem]]:
    """The tree of decoded text (or of its checked UTF-8 bytes, which libyaml reads faster),
    and the problems that do not stop validation (duplicate keys, anchors, aliases, tags).

    Problems that leave the tree unreadable (syntax, nesting, several documents) raise at
    once. `depth` is how deep the text's top level sits in the file (for a share of it).
    """
    problems: list[Problem] = []
    deferred: list[Problem] = []
    parser = _Parser(source)
    try:
        root = _build(parser, problems, deferred, depth)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = Mark(mark.line + 1, mark.column + 1) if mark else Mark(1, 1)
        message = "YAML syntax: " + " ".join(filter(None, [exc.context, exc.problem]))
        problems.append(_problem(where, message, "check indentation, quotes and colons here"))
        root = None
    except yaml.YAMLError as exc:  # pragma: no cover - libyaml reports unmarked errors rarely
        problems.append(_problem(Mark(1, 1), f"YAML: {exc}"))
        root = None
    finally:
        dispose = getattr(parser, "dispose", None)
        if dispose:
            dispose()
    if problems:
        raise DataError(filename, problems + deferred)
    return root, deferred


def load_text(source: str | bytes, filename: str) -> YMap:
    """Parse the whole file into a YMap, refusing what strict loading forbids; the problems
    that do not stop validation travel on the root's `deferred` list."""
    root, deferred = parse(source, filename)
    if not isinstance(root, YMap):
        found = (
            "nothing"
            if root is None or root == ""
            else "a list"
            if isinstance(root, YSeq)
            else "a single value"
        )
        raise DataError(
            filename,
            deferred
            + [
                _problem(
                    Mark(1, 1),
                    f"the file must be a mapping of keys, found {found}",
                    "start with 'schema_version: 1'",
                )
            ],
        )
    root.deferred = deferred
    return root


def _build(parser: Any, problems: list[Problem], deferred: list[Problem], depth: int = 0) -> object:
    """Turn parser events into YMap/YSeq/str without recursion.

    The hot loop of loading (two million events at 10,000 incidents): event classes are
    compared by identity, the open collection and its pending key live in locals, marks are
    packed inline (lines are capped at MAX_LINE_CHARS, so a column fits its 20 bits), and the
    problem cap is checked only where a problem is added.
    """
    holder = YSeq(Mark(0, 0))  # receives the root value
    # The enclosing collections, suspended (and `depth` levels above the text's top level).
    stack: list[tuple[Any, str | None]] = [(None, None)] * depth
    top: Any = holder  # the open YMap or YSeq
    is_seq = True
    key: str | None = None  # in a mapping: the key awaiting its value ("" drops the value)
    documents = 0
    new_mark = int.__new__
    scalar_event, end_events = yaml.ScalarEvent, (yaml.MappingEndEvent, yaml.SequenceEndEvent)
    get_event = parser.get_event

    def full() -> bool:
        """At the problem cap: reading stops at the next event, unless the stream ends."""
        if len(deferred) + len(problems) < MAX_PROBLEMS:
            return False
        following = get_event()
        if following is None or following.__class__ is yaml.StreamEndEvent:
            return False
        problems.append(
            _problem(
                _mark(following),
                f"stopped reading after {MAX_PROBLEMS} problems",
                "fix these first",
            )
        )
        return True

    def take_key(parent: YMap, value: Any, mark: Mark) -> str:
        """The key a scalar (or a collection, refused) makes; "" when it is refused."""
        if value.__class__ is not str:
            problems.append(_problem(mark, "a key must be a plain word", "write key: value"))
            return ""
        if value == "<<" and mark.plain:
            deferred.append(
                _problem(mark, "merge key << not allowed", "write the keys out in full")
            )
            return ""
        if value in parent.key_marks:
            first = parent.key_marks[value]
            deferred.append(
                _problem(
                    mark,
                    f"duplicate key {printable(str(value))} (first at line {first.line})",
                    "keep one; YAML would silently drop the first",
                )
            )
            return ""
        parent.key_marks[value] = mark
        return value

    while True:
        event = get_event()
        cls = event.__class__
        if cls is scalar_event:
            if event.anchor is not None or event.tag is not None:
                _check_node(event, deferred)
                if full():
                    break
            m = event.start_mark
            mark = new_mark(
                Mark,
                ((m.line + 1) << 21)
                | ((m.column + 1) << 1)
                | (event.implicit[0] and not event.style),
            )
            value = event.value
            if is_seq:
                top.append(value)
                top.marks.append(mark)
            elif key is None:
                key = take_key(top, value, mark)
                if not key and full():
                    break
            else:
                if key:
                    top[key] = value
                    top.marks[key] = mark
                key = None
            continue
        if cls in end_events:
            top, key = stack.pop()
            is_seq = top.__class__ is YSeq
            continue
        if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
            _check_node(event, deferred)
            if len(stack) >= MAX_DEPTH:
                problems.append(
                    _problem(
                        _mark(event),
                        f"nesting deeper than {MAX_DEPTH} levels",
                        "the schema needs far fewer; remove the extra levels",
                    )
                )
                break
            if full():
                break
            node: YMap | YSeq = (
                YMap(_mark(event)) if cls is yaml.MappingStartEvent else YSeq(_mark(event))
            )
            if is_seq:
                top.append(node)
                top.marks.append(node.mark)
            elif key is None:  # a collection as a key: refused, and its value dropped
                key = take_key(top, node, node.mark)
            else:
                if key:
                    top[key] = node
                    top.marks[key] = node.mark
                key = None
            stack.append((top, key))
            top, is_seq, key = node, cls is yaml.SequenceStartEvent, None
        elif event is None or cls is yaml.StreamEndEvent:
            break
        elif cls is yaml.DocumentStartEvent:
            documents += 1
            if documents > 1:
                problems.append(
                    _problem(_mark(event), "more than one YAML document", "remove the '---'")
                )
                break
        elif cls is yaml.AliasEvent:
            deferred.append(
                _problem(
                    _mark(event),
                    f"alias *{event.anchor} not allowed",
                    "anchors and aliases are refused; repeat the value",
                )
            )
            if full():
                break
            refused, mark = Refused(), _mark(event)
            if is_seq:
                top.append(refused)
                top.marks.append(mark)
            elif key is None:
                key = take_key(top, refused, mark)
            else:
                if key:
                    top[key] = refused
                    top.marks[key] = mark
                key = None
    return holder[0] if holder else None


def _check_node(event: Any, deferred: list[Problem]) -> None:
    """Anchors and explicit tags are refused (reported with the schema's problems)."""
    if event.anchor is not None:
        deferred.append(
            _problem(
                _mark(event),
                f"anchor &{event.anchor} not allowed",
                "anchors and aliases are refused; repeat the value",
            )
        )
    if event.tag is not None:
        deferred.append(
            _problem(
                _mark(event),
                f"explicit tag {printable(event.tag)} not allowed",
                "remove it; quote the value if it must stay text",
            )
        )


def load(raw: bytes, filename: str) -> YMap:
    """Decode, pre-check and parse the data file (libyaml reads the checked bytes)."""
    decode(raw, filename)
    return load_text(raw, filename)
