"""Problems found in the data file, in the form an editor can act on."""

from __future__ import annotations

from dataclasses import dataclass

MAX_REPORTED = 500


@dataclass(frozen=True, order=True)
class Problem:
    """One problem: where, which record, which field, what is wrong, and the fix."""

    line: int  # 1-based
    col: int  # 1-based
    record: str  # the record's id, or its position ("incidents[3]"), or "" for the file
    path: str  # dotted field path within the record
    message: str
    hint: str = ""

    def format(self, filename: str) -> str:
        where = f"{filename}:{self.line}:{self.col}:"
        record = f" [{self.record}]" if self.record else ""
        path = f" {self.path}:" if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{where}{record}{path} {self.message}{hint}"

    def github(self, filename: str) -> str:
        """A GitHub Actions annotation; data cannot forge another one (% CR LF escaped)."""
        record = f"[{self.record}] " if self.record else ""
        path = f"{self.path}: " if self.path else ""
        hint = f" ({self.hint})" if self.hint else ""
        text = escape_annotation(f"{record}{path}{self.message}{hint}")
        name = escape_annotation(filename, prop=True)
        return f"::error file={name},line={self.line},col={self.col}::{text}"


def escape_annotation(text: str, *, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def printable(value: str, limit: int = 60) -> str:
    """A value quoted for a message: control characters shown escaped, long values cut."""
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    return repr(shown)


class DataError(Exception):
    """The data file cannot be used; carries every problem found."""

    def __init__(self, filename: str, problems: list[Problem]) -> None:
        self.filename = filename
        self.problems = sorted(problems)
        super().__init__(self.report())

    def lines(self) -> list[str]:
        shown = [p.format(self.filename) for p in self.problems[:MAX_REPORTED]]
        extra = len(self.problems) - MAX_REPORTED
        if extra > 0:
            shown.append(f"... and {extra} more")
        return shown

    def summary(self) -> str:
        n = len(self.problems)
        return f"{n} error{'s' if n != 1 else ''} in {self.filename}"

    def report(self) -> str:
        return "\n".join([*self.lines(), self.summary()])
