"""Whatever `check` accepts, the build publishes: values the validator accepts are generated
at random, and every page, download and index is made from them without an exception; every
word of a record's prose reaches the plain-text export."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from incidentdb.data.errors import DataError
from incidentdb.exports.downloads import exports
from incidentdb.model.index import build_index
from incidentdb.model.load import load_bytes
from incidentdb.model.published import Published, SiteInfo
from incidentdb.site.render import Renderer

BASE = (Path(__file__).parent / "fixtures" / "hostile" / "base.yaml").read_text(encoding="utf-8")
INFO = SiteInfo(site_url="https://example.org/db/", site_name="Contract test")

# --- values of every kind, the awkward ones weighted in --------------------------------------

# Mostly values the model holds, with the edges and the refused forms mixed in.
YEAR = st.sampled_from(
    ["2019", "2020", "2021"] * 6 + ["1900", "2100", "0000", "1899", "2150", "9999", "20XX"]
)
MONTH = st.sampled_from(
    ["01", "02", "03", "12"] * 4 + ["13", "21", "24", "33", "41", "XX", "1X", "00"]
)
DAY = st.sampled_from(["01", "16", "28"] * 5 + ["29", "30", "31", "32", "XX", "00"])
QUALIFIER = st.sampled_from(["", "", "?", "~", "%"])


@st.composite
def edtf_dates(draw: st.DrawFn) -> str:
    one = st.one_of(
        YEAR,
        st.builds(lambda y, m: f"{y}-{m}", YEAR, MONTH),
        st.builds(lambda y, m, d: f"{y}-{m}-{d}", YEAR, MONTH, DAY),
    )
    first = draw(one) + draw(QUALIFIER)
    form = draw(st.sampled_from(["one"] * 5 + ["interval"] * 3 + ["set", "long-year", "negative"]))
    if form == "interval":
        return f"{first}/{draw(one)}"
    if form == "set":
        return f"[{first},{draw(one)}]"
    if form == "long-year":
        return f"Y{draw(st.integers(10_000, 10**12))}"
    if form == "negative":
        return f"-{first}"
    return first


WORD = st.text(
    alphabet=st.characters(categories=("Lu", "Ll", "Lo", "Nd")),
    min_size=1,
    max_size=12,
)
MARKUP = st.sampled_from(
    [
        "*",
        "**",
        "_",
        "`",
        "[",
        "]",
        "(",
        ")",
        "#",
        "> ",
        "- ",
        "1. ",
        "\n",
        "\n\n",
        "&",
        "\\",
        "|",
        "---",
        "    ",
        "https://x.org",
        "[a](https://example.org/)",
        "***",
        "~~",
        ":",
        "é",
        "e\u0301",
        "ﷺ",
        "'",
        '"',
        "—",
        ".",
        ",",
    ]
)
# What the validator refuses, now and then: references, invisible characters, lone marks,
# link definitions, raw HTML, braces.
REFUSED = st.sampled_from(
    ["&amp;", "&#x202E;", "\u200b", " \u0301", "\n[x]: https://example.org", "<b>", "{{ x }}"]
)


@st.composite
def prose(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(WORD, WORD, MARKUP, st.just(" ")), min_size=1, max_size=40))
    if draw(st.integers(0, 9)) == 0:
        parts.insert(draw(st.integers(0, len(parts))), draw(REFUSED))
    return "".join(parts)


@st.composite
def titles(draw: st.DrawFn) -> str:
    parts = draw(
        st.lists(
            st.one_of(WORD, st.sampled_from([" ", "-", "'", ",", "é", "*", "#"])),
            min_size=1,
            max_size=12,
        )
    )
    if draw(st.integers(0, 19)) == 0:
        parts.insert(0, draw(st.sampled_from(["\u0301", "—", "&", "\u200b"])))
    return "".join(parts)


def yaml_text(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a double-quoted YAML scalar


def database(date: str, title: str, summary: str, count: int, lat: str) -> bytes:
    text = BASE.replace(
        '    date: "2020-02-16"\n    place', f"    date: {yaml_text(date)}\n    place"
    )
    text = text.replace("title: Rockets near the embassy", f"title: {yaml_text(title)}")
    text = text.replace(
        "summary: Rockets fell near the *embassy*.", f"summary: {yaml_text(summary)}"
    )
    text = text.replace("count: {min: 2, max: 3}", f"count: {count}")
    text = text.replace(
        "    kind: city\n",
        f"    kind: city\n    coordinates: {{lat: {lat}, lon: 44.4, precision: exact}}\n",
    )
    return text.encode("utf-8")


def build_everything(db: object) -> dict[str, str | bytes]:
    index = build_index(db)  # type: ignore[arg-type]
    pages = {path: job().markdown() for path, job in Renderer(db, index, INFO).jobs()}  # type: ignore[arg-type]
    files = dict(exports(Published(db, index, INFO)))  # type: ignore[arg-type]
    return {**pages, **files}


WORDS = re.compile(r"[^\W_]+")


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    date=edtf_dates(),
    title=titles(),
    summary=prose(),
    count=st.one_of(st.integers(0, 1000), st.integers(0, 10**9)),
    lat=st.sampled_from(["33.3"] * 8 + ["-90", "90", "0", "-0.5", "90.5", "033.3", "180", "-91"]),
)
def test_what_check_accepts_every_renderer_and_export_takes(
    date: str, title: str, summary: str, count: int, lat: str
) -> None:
    try:
        db = load_bytes(database(date, title, summary, count, lat), "data/incidents.yaml")
    except DataError as err:
        assert err.problems and all(p.message for p in err.problems)
        event("refused: " + err.problems[0].path + " " + err.problems[0].message[:50])
        return
    event("accepted")
    built = build_everything(db)
    assert "incidents/2020-02-16-baghdad.md" in built
    rows = list(csv.DictReader(io.StringIO(built["downloads/incidents.csv"].decode("utf-8"))))
    (row,) = rows
    plain = row["summary"]
    incident = next(iter(db.incidents.values()))
    for word in WORDS.findall(incident.summary):
        if not word.startswith(("http", "www")) and word not in ("https", "example", "org"):
            assert word in plain, (word, incident.summary, plain)
