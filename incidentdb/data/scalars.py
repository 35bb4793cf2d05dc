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
INT_RE = re.compile(r"0|[1-9][0-9]*")
DECIMAL_RE = re.compile(r"-?(?:0|[1-9][0-9]{0,2})(?:\.[0-9]{1,7})?")
DAY_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

# Markup refused in data, with the hint shown to the editor.
_LINE_MARKUP = re.compile(r"[<>{}`&]")
_HTML_TAG = re.compile(r"<\s*[A-Za-z!/?]")
_BRACES = re.compile(r"[{}]")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)")
_MD_REF_DEF = re.compile(r"^ {0,3}\[[^\]]+\]:", re.MULTILINE)
_MD_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_MD_IMAGE = re.compile(r"!\[")
# A character reference (&eacute; &#x202E;) is text the reader receives decoded: it could
# bring what the character rules refuse. The character itself is written instead.
_CHAR_REF = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
# A combining mark with nothing before it to sit on (start of text or after a space) shows
# on its own or on the neighbouring character: Latin, Cyrillic, Hebrew, Arabic, Syriac and
# symbol marks.
_LONE_MARK = re.compile(
    "(?:^|(?<=\\s))[\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f"
    "\u0670\u06d6-\u06ed\u0711\u0730-\u074a\u20d0-\u20ff\ufe20-\ufe2f]"
)
# Markup characters: what is left once they are gone is what a reader sees.
_MARKUP_CHARS = re.compile(r"[*_~#>\-+=|\\`\[\]()!:.\s]+")
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
    except (ValueError, OverflowError):
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


# EDTF forms the model does not hold, refused before either parser sees them: seasons and
# quarters (month 21-41), unspecified digits (X), long and negative years, exponents.
_SEASON = re.compile(r"(?<![0-9])[0-9]{4}-(2[1-9]|3[0-9]|4[01])(?![0-9])")
_UNSPECIFIED = re.compile(r"[XxuU]")
_LONG_YEAR = re.compile(r"[YES]|(?:^|[/\[,.{])\s*-")


def _refuse_unsupported(value: str) -> None:
    if _SEASON.search(value):
        raise Invalid(
            f"{printable(value)} names a season or quarter, which the database does not use",
            "write the months it covers as an interval, e.g. '2020-03/2020-05'",
        )
    if _UNSPECIFIED.search(value):
        raise Invalid(
            f"{printable(value)} has unspecified digits (X), which the database does not use",
            "write what is known: '2020' (some day in 2020) or an interval '2020-01/2020-06'",
        )
    if _LONG_YEAR.search(value):
        raise Invalid(
            f"{printable(value)} has a year the database cannot hold",
            f"years run from {s.YEARS[0]} to {s.YEARS[1]}, written with four digits",
        )


def _check_years(value: str, low: dt.date, high: dt.date) -> None:
    first, last = s.YEARS
    for day in (low, high):
        if not first <= day.year <= last:
            raise Invalid(
                f"{printable(value)} names the year {day.year}, outside {first} to {last}",
                "check the year: the database holds events and reports from 1900 to 2100",
            )


@lru_cache(maxsize=65536)
def edtf_bounds(value: str) -> tuple[dt.date, dt.date]:
    """The earliest and latest day an EDTF string can mean; Invalid when it does not parse
    or names a form or a year the model does not hold."""
    bounds = fast_edtf_bounds(value)
    if bounds is None:
        _refuse_unsupported(value)
        bounds = _full_edtf_bounds(value)
    low, high = bounds
    _check_years(value, low, high)
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
    try:
        low = dt.date(lower.tm_year, lower.tm_mon, lower.tm_mday)
        high = dt.date(upper.tm_year, upper.tm_mon, upper.tm_mday)
    except ValueError:  # a year Python's calendar cannot hold (0, negative, over 9999)
        raise Invalid(
            f"{printable(value)} has a year the database cannot hold",
            f"years run from {s.YEARS[0]} to {s.YEARS[1]}",
        ) from None
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


def check_visible(value: str) -> None:
    """Refuse text a reader would not see as written: character references, combining marks
    with nothing to sit on, and text with no letter or digit at all."""
    ref = _CHAR_REF.search(value) if "&" in value else None
    if ref:
        raise Invalid(
            f"character reference {printable(ref.group())} is not allowed",
            "write the character itself (é, —, ’); a lone & is fine",
        )
    if not value.isascii() and _LONE_MARK.search(value):  # no mark is ASCII
        raise Invalid(
            "a combining mark with no letter before it",
            "remove it, or join it to its letter",
        )
    if not any(ch.isalnum() for ch in value):
        raise Invalid(
            "has no letter or digit that a reader would see",
            "write the words, or leave the key out",
        )


def check_text(value: str, kind: str) -> None:
    check_visible(value)
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
        if _MD_REF_DEF.search(value):
            raise Invalid(
                "a line that reads as a link definition ([name]: address) is hidden by Markdown",
                "write the link inline: [name](https://...)",
            )
        # words only inside link addresses: "[](https://...)" (without a link, the letter
        # check above already holds)
        if "](" in value and not _MARKUP_CHARS.sub("", _MD_LINK_TARGET.sub("", value)).strip():
            raise Invalid(
                "nothing but markup: a reader would see no words",
                "write the words, or leave the key out",
            )
        for target in _MD_LINK.findall(value):
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
        return _read_number(field, value, plain)
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
        if kind == s.SLUG and value == "index":
            raise Invalid("the id 'index' is the address of the list page", "choose another id")
        if len(value) > s.MAX_ID:
            raise Invalid(
                f"an id of {len(value)} characters, over {s.MAX_ID}",
                "ids become page addresses: keep the date and a few words",
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
        check_visible(value)
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
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise Invalid(
            f"{printable(value)} is not a date", "write YYYY-MM-DD, e.g. '2026-11-21'"
        ) from None
    _check_years(value, day, day)
    return day


def _read_number(field: s.Field, value: str, plain: bool) -> object:
    if not plain:
        raise Invalid(f"{printable(value)} is quoted", "write numbers without quotes")
    digits = value.lstrip("-").split(".")[0]
    if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
        raise Invalid(f"{printable(value)} is written with a leading zero", "write it without")
    if field.kind == s.DECIMAL:
        if not DECIMAL_RE.fullmatch(value):
            raise Invalid(f"{printable(value)} is not a decimal number", "e.g. 33.2983")
        number = Decimal(value)
        if field.bounds and not field.bounds[0] <= number <= field.bounds[1]:
            low, high = field.bounds
            raise Invalid(f"{value} is outside {low} to {high}", f"{field.doc} Check the sign")
        return number
    if not INT_RE.fullmatch(value):
        raise Invalid(f"{printable(value)} is not a whole number", "e.g. 0, 7, 30")
    if len(value) > s.MAX_DIGITS:
        raise Invalid(
            f"{printable(value)} has {len(value)} digits, over {s.MAX_DIGITS}",
            "counts go up to 9,999,999",
        )
    return int(value)


def suggest(value: str, choices: tuple[str, ...] | list[str]) -> str:
    from difflib import get_close_matches

    close = get_close_matches(value, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else ""
