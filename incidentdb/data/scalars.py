"""Reading one scalar of a given kind: every check returns the typed value or a problem text."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import lru_cache
from urllib.parse import urlsplit

import yaml
from edtf import parse_edtf

from incidentdb.data import schema as s
from incidentdb.data.errors import printable
from incidentdb.data.strict_yaml import describe_forbidden, forbidden_in_value

MAX_URL = 2000

SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LANG_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")
TIME_RE = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]")
INT_RE = re.compile(r"0|[1-9][0-9]{0,6}")
DECIMAL_RE = re.compile(r"-?[0-9]{1,3}(?:\.[0-9]{1,7})?")
DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Markup refused in data, with the hint shown to the editor.
_LINE_MARKUP = re.compile(r"[<>{}`&]")
_HTML_TAG = re.compile(r"<\s*[A-Za-z!/?]")
_BRACES = re.compile(r"[{}]")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_MD_REF_DEF = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S*?)>?(?:\s|$)", re.MULTILINE)
_MD_IMAGE = re.compile(r"!\[")
_URL_UNSAFE = re.compile(r'[\s<>"{}|\\^`]')
# YAML 1.2 numbers (yaml-language-server, JavaScript and Go tools) that YAML 1.1 reads as text.
_YAML12_NUMBER = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|0o[0-7]+|0x[0-9a-fA-F]+"
)
_SHORT_TIME = re.compile(r"[0-9]:[0-5][0-9]")

_RESOLVER = yaml.resolver.Resolver()
_TYPE_NAMES = {
    "tag:yaml.org,2002:bool": "a boolean",
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:null": "null",
}


class Invalid(Exception):
    """A value is not what its field expects: message and hint for the editor."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def ambiguous(value: str) -> str:
    """What YAML 1.1 tools would read a plain scalar as, or '' when they read a string."""
    if value and value[0] not in "0123456789+-.~nNyYtTfFoO":
        return ""
    tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if tag == "tag:yaml.org,2002:str" and _YAML12_NUMBER.fullmatch(value):
        return "a number"
    return _TYPE_NAMES.get(tag, "")


# The EDTF forms the data uses nearly always: a year, month or day with an optional
# qualifier, an interval of two of them, or a one-of set. Parsing those takes microseconds;
# the edtf package's full grammar (pyparsing) takes about 18 ms a date, too slow for 10,000
# incidents, so it reads everything else. Tests check both agree on the common forms.
_EDTF_SIMPLE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?[?~%]?")


def _simple_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    match = _EDTF_SIMPLE.fullmatch(text)
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    assert year is not None
    try:
        if day is not None and month is not None:
            return dt.date(year, month, day), dt.date(year, month, day)
        if month is not None:
            first = dt.date(year, month, 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            return first, last - dt.timedelta(days=1)
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    except ValueError:
        return None  # an impossible date: the full parser reports it


def fast_edtf_bounds(value: str) -> tuple[dt.date, dt.date] | None:
    """Bounds of the common EDTF forms, or None to leave the text to the full parser."""
    if "/" in value:
        start, _, end = value.partition("/")
        first, last = _simple_bounds(start), _simple_bounds(end)
        return (first[0], last[1]) if first and last else None
    if value.startswith("[") and value.endswith("]") and ".." not in value:
        parts = [_simple_bounds(p.strip()) for p in value[1:-1].split(",")]
        if len(parts) < 2 or None in parts:
            return None
        return min(p[0] for p in parts if p), max(p[1] for p in parts if p)
    return _simple_bounds(value)


@lru_cache(maxsize=65536)
def edtf_bounds(value: str) -> tuple[dt.date, dt.date]:
    """The earliest and latest day an EDTF string can mean; Invalid when it does not parse."""
    bounds = fast_edtf_bounds(value)
    if bounds is None:
        bounds = _full_edtf_bounds(value)
    low, high = bounds
    if low > high:
        raise Invalid(f"{printable(value)} ends before it starts", "put the earlier date first")
    return low, high


def _full_edtf_bounds(value: str) -> tuple[dt.date, dt.date]:
    try:
        parsed = parse_edtf(value)
        lower, upper = parsed.lower_strict(), parsed.upper_strict()
    except Exception as exc:  # the edtf package raises several kinds  # noqa: BLE001
        raise Invalid(
            f"{printable(value)} is not an EDTF date",
            "e.g. '2020-02-16', '2020-02', '2021-03-15?', '2019-10-28/2020-02-16'",
        ) from exc
    if not hasattr(lower, "tm_year") or not hasattr(upper, "tm_year"):  # None or ±infinity
        raise Invalid(f"{printable(value)} is an open-ended date", "give both ends of the interval")
    low = dt.date(lower.tm_year, lower.tm_mon, lower.tm_mday)
    high = dt.date(upper.tm_year, upper.tm_mon, upper.tm_mday)
    return low, high


# Public text must not name the project's internal files or working material: seed files
# (000_d0672ccb0342d07a.txt), a file with an extension, or the "seed" material itself.
_INTERNAL = re.compile(
    r"\b\d{3}_[0-9a-f]{8,}\b"
    r"|\bseeds?\b"
    r"|(?<![\w.-])[\w/-]*\w\.(?:txt|ya?ml|json|csv|py|md|j2|docx?|odt|log)\b",
    re.IGNORECASE,
)
_ADDRESS = re.compile(r"\]\([^)]*\)|<?https?://\S+")


def check_public(value: str) -> None:
    """Refuse public text that names internal files or working notes (links aside)."""
    found = _INTERNAL.search(_ADDRESS.sub(" ", value))
    if found:
        raise Invalid(
            f"names internal material ({printable(found.group())})",
            "public text describes a source as a reader finds it: publisher, date, headline",
        )


def quote_words(value: str) -> int:
    return len(value.split())


def check_text(value: str, kind: str) -> None:
    if _HTML_TAG.search(value):
        raise Invalid(
            "raw HTML is not allowed",
            "write plain text; *emphasis* and [links](https://...) are allowed",
        )
    if _BRACES.search(value):
        raise Invalid(
            "braces { } are not allowed in text",
            "they could be read as template or attribute syntax; use ( )",
        )
    if kind == s.TEXT:
        if _MD_IMAGE.search(value):
            raise Invalid(
                "images are not allowed", "link to it instead: [what it shows](https://...)"
            )
        for target in _MD_LINK.findall(value) + _MD_REF_DEF.findall(value):
            if not target.lower().startswith(("http://", "https://")):
                raise Invalid(
                    f"link to {printable(target)} is not an http(s) URL",
                    "links must be absolute: [text](https://...)",
                )
    check_public(value)
    if kind == s.QUOTE and quote_words(value) > s.MAX_QUOTE_WORDS:
        raise Invalid(
            f"a quote of {quote_words(value)} words, over {s.MAX_QUOTE_WORDS}",
            "quote only the words that matter (about fifteen) and summarise the rest",
        )
    limit = s.MAX_QUOTE if kind == s.QUOTE else s.MAX_TEXT
    if len(value) > limit:
        raise Invalid(
            f"{len(value)} characters, over {limit}",
            "quote a shorter phrase" if kind == s.QUOTE else "summarise more briefly",
        )


def check_url(value: str) -> str:
    if len(value) > MAX_URL:
        raise Invalid(
            f"URL is {len(value)} characters long, over {MAX_URL}", "link a shorter address"
        )
    unsafe = _URL_UNSAFE.search(value)
    if unsafe:
        raise Invalid(
            f"URL contains {printable(unsafe.group())}, which must be percent-encoded",
            "copy the address from the browser's address bar",
        )
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        raise Invalid(
            f"{printable(value)} is not a valid URL", "copy the address exactly"
        ) from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(
            f"{printable(value)} is not an http(s) URL", "write the full https://... address"
        )
    if "@" in parts.netloc:
        raise Invalid("URL contains credentials (user@ or user:password@)", "remove that part")
    return value


def read_scalar(field: s.Field, value: str, plain: bool) -> object:
    """Type one scalar for its field; raise Invalid with a message and a hint."""
    kind = field.kind
    if kind in (s.INT, s.DECIMAL, s.RANGE):
        return _read_number(kind, value, plain)
    bad = forbidden_in_value(value)
    if bad:
        what, hint = describe_forbidden(bad.group())
        raise Invalid(f"{what} not allowed (written as an escape)", hint)
    if plain:
        what = ambiguous(value)
        if what == "null":
            raise Invalid("empty value", "leave the key out when the value is unknown")
        if what:
            raise _unquoted(field, value, what)
    if kind == s.SLUG or kind == s.REF:
        if not SLUG_RE.fullmatch(value):
            raise Invalid(
                f"{printable(value)} is not a valid id", "lower-case a-z, 0-9 and single hyphens"
            )
    elif kind == s.LINE:
        if "\n" in value:
            raise Invalid("line breaks are not allowed here", "write it on one line")
        markup = _LINE_MARKUP.search(value)
        if markup:
            raise Invalid(
                f"{printable(markup.group())} is not allowed in a name or title",
                "plain text only, without < > { } ` &; write 'and' for &",
            )
        if not value.strip() or len(value) > s.MAX_LINE:
            raise Invalid(f"must be 1 to {s.MAX_LINE} characters", "shorten it")
        check_public(value)
    elif kind in (s.TEXT, s.QUOTE):
        if not value.strip():
            raise Invalid("empty text", "leave the key out when there is nothing to say")
        check_text(value, kind)
    elif kind == s.EDTF:
        edtf_bounds(value)
    elif kind == s.DAY:
        _read_day(value)
    elif kind == s.TIME:
        if not TIME_RE.fullmatch(value):
            raise Invalid(
                f"{printable(value)} is not a time of day", "write HH:MM, e.g. '00:30', '15:24'"
            )
    elif kind == s.URL:
        check_url(value)
    elif kind == s.LANG:
        if not LANG_RE.fullmatch(value):
            raise Invalid(f"{printable(value)} is not a language tag", "e.g. en, fr, ar, ku")
    elif kind == s.ENUM and value not in field.choices:
        raise Invalid(
            f"{printable(value)} is not one of {', '.join(field.choices)}",
            suggest(value, field.choices),
        )
    return value


def _unquoted(field: s.Field, value: str, what: str) -> Invalid:
    """The problem with a plain scalar YAML tools would type: the fix that makes it valid."""
    message = f"{printable(value)} unquoted would be read as {what} by YAML tools"
    if field.kind == s.TIME and _SHORT_TIME.fullmatch(value):
        return Invalid(message, f'quote it and write HH:MM: "0{value}"')
    try:
        read_scalar(field, value, plain=False)
    except Invalid as wrong_even_quoted:
        return wrong_even_quoted
    return Invalid(message, f'quote it: "{value}"')


def _read_day(value: str) -> dt.date:
    try:
        if not DAY_RE.fullmatch(value):
            raise ValueError
        return dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(
            f"{printable(value)} is not a date", "write YYYY-MM-DD, e.g. '2026-11-21'"
        ) from None


def _read_number(kind: str, value: str, plain: bool) -> object:
    if not plain:
        raise Invalid(f"{printable(value)} is quoted", "write numbers without quotes")
    if kind == s.DECIMAL:
        if not DECIMAL_RE.fullmatch(value):
            raise Invalid(f"{printable(value)} is not a decimal number", "e.g. 33.2983")
        return Decimal(value)
    if not INT_RE.fullmatch(value):
        hint = "no leading zeros" if value[:1] == "0" and value.isdigit() else "e.g. 0, 7, 30"
        raise Invalid(f"{printable(value)} is not a whole number", hint)
    return int(value)


def suggest(value: str, choices: tuple[str, ...] | list[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""
