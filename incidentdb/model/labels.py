"""Words for values: dates with their precision, enum values, languages. Plain text out."""

from __future__ import annotations

import datetime as dt
import re

from incidentdb.model.records import EdtfDate

MONTHS = tuple(
    [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
)
LANGUAGES = {
    "en": "English",
    "fr": "French",
    "ar": "Arabic",
    "ku": "Kurdish",
    "fa": "Persian",
    "de": "German",
    "tr": "Turkish",
    "ro": "Romanian",
    "pl": "Polish",
    "ru": "Russian",
    "es": "Spanish",
    "it": "Italian",
    "id": "Indonesian",
    "vi": "Vietnamese",
    "zh": "Chinese",
}
_DAY = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

TYPE_LABELS = {
    "rocket-attack": "Rocket attack",
    "mortar-attack": "Mortar attack",
    "missile-strike": "Missile strike",
    "drone-strike": "Drone strike",
    "airstrike": "Airstrike",
    "ied": "Roadside bomb (IED)",
    "storming": "Storming",
    "small-arms": "Small-arms attack",
    "other": "Other",
}


MUNITION_LABELS = {"ied": "bomb (IED)", "unknown": "munition of unknown kind"}


def munition(value: str) -> str:
    return MUNITION_LABELS.get(value) or words(value)


def words(value: str) -> str:
    """An enum value as words: 'launch-site' → 'launch site'."""
    return TYPE_LABELS.get(value) or value.replace("-", " ").replace("_", " ")


def language(code: str) -> str:
    return LANGUAGES.get(code.split("-")[0], code)


def _single(text: str) -> str:
    qualifier = text[-1] if text[-1:] in "?~%" else ""
    core = text[:-1] if qualifier else text
    m = _DAY.match(core)
    if not m:
        return text  # unspecified digits and other rare forms: the EDTF text itself
    year, month, day = m.groups()
    if day:
        label = f"{int(day)} {MONTHS[int(month) - 1]} {year}"
    elif month:
        label = f"{MONTHS[int(month) - 1]} {year}"
    else:
        label = year
    if qualifier == "?":
        return f"{label}?"
    if qualifier == "~":
        return f"about {label}"
    if qualifier == "%":
        return f"about {label}?"
    return label


def date_label(date: EdtfDate | str | None) -> str:
    """'16 February 2020', 'February 2020', '15 March 2021?', '15 or 16 February 2021'."""
    if date is None:
        return "unknown"
    text = date.text if isinstance(date, EdtfDate) else date
    if "/" in text:
        start, end = text.split("/", 1)
        return f"between {_single(start)} and {_single(end)}"
    if text.startswith("[") and text.endswith("]"):
        items = [_single(t.strip()) for t in text[1:-1].split(",") if t.strip()]
        return " or ".join(items)
    if text.startswith("{") and text.endswith("}"):
        items = [_single(t.strip()) for t in text[1:-1].split(",") if t.strip()]
        return " and ".join(items)
    return _single(text)


def iso(day: dt.date) -> str:
    return day.isoformat()


# How the time of an account is bounded, as words before the time.
TIME_BOUND_WORDS = {"about": "around", "before": "before", "after": "after"}
CATEGORY_WORDS = {
    "attack": "Attack on US, coalition or diplomatic sites or people",
    "strike": "Strike by the US or its partners",
}


def month_label(year: int, month: int) -> str:
    return f"{MONTHS[month - 1]} {year}"


def time_label(time: str | None, zone: str | None) -> str:
    if not time:
        return ""
    if zone == "UTC":
        return f"{time} UTC"
    if zone == "local":
        return f"{time} Iraq time (UTC+3)"
    return time
