"""The validator, record by record: good records load, bad ones get the exact problem line.

Every case starts from tests/fixtures/hostile/base.yaml (a minimal valid file) and changes one
thing. The expected lines are exactly what an editor sees from `make check`:
`FILE:LINE:COL: [record] field.path: problem (hint)`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from incidentdb.data.errors import DataError
from incidentdb.model.load import load_bytes

BASE = (Path(__file__).parent / "fixtures" / "hostile" / "base.yaml").read_text(encoding="utf-8")
NAME = "data/incidents.yaml"
INC = f"{NAME}:{{}}: [2020-02-16-baghdad]"  # the incident's prefix, format with LINE:COL


def mutate(old: str, new: str) -> str:
    """The base file with one change; the change must apply exactly once."""
    assert BASE.count(old) == 1, f"{old!r} must occur once in base.yaml"
    return BASE.replace(old, new)


def problems(text: str) -> list[str]:
    """The problem lines `make check` prints for this file, or [] when it loads."""
    try:
        load_bytes(text.encode("utf-8"), NAME)
    except DataError as err:
        return err.lines()
    return []


def test_the_base_file_is_valid() -> None:
    db = load_bytes(BASE.encode(), NAME)
    assert list(db.incidents) == ["2020-02-16-baghdad"]
    assert str(db.incidents["2020-02-16-baghdad"].munitions[0].count) == "2–3"


GOOD = [
    pytest.param("count: {min: 2, max: 3}", "count: 3", id="count-as-a-plain-number"),
    pytest.param("count: {min: 2, max: 3}", "count: {best: 10}", id="count-about-ten"),
    pytest.param("count: {min: 2, max: 3}", "count: {min: 0, best: 0, max: 0}", id="count-zero"),
    pytest.param('date: "2020-02-16"', 'date: "2020-02"', id="date-month-precision"),
    pytest.param('date: "2020-02-16"', 'date: "2021-03-15?"', id="date-uncertain"),
    pytest.param('date: "2020-02-16"', 'date: "2019-10-28/2020-02-16"', id="date-interval"),
    pytest.param('date: "2020-02-16"', 'date: "[2021-02-15,2021-02-16]"', id="date-one-of"),
    pytest.param('time: "00:30"', 'time: "23:59"', id="time-last-minute"),
    pytest.param("zone: UTC", "zone: local", id="zone-local"),
    pytest.param(
        "summary: Rockets fell near the *embassy*.",
        "summary: See [AFP](https://www.afp.com/fr) and [this](http://example.org/a?b=c#d).",
        id="summary-with-http-links",
    ),
    pytest.param(
        "summary: Rockets fell near the *embassy*.",
        "summary: >-\n      Two lines of prose,\n      folded into one.",
        id="summary-folded-block",
    ),
    pytest.param(
        "title: Rockets near the embassy",
        "title: L'attaque « près » de l'ambassade — 2 roquettes, 100 % sûr",
        id="title-with-quotes-dashes-and-percent",
    ),
    pytest.param("title: Rockets near the embassy", 'title: "yes"', id="title-yes-quoted"),
    pytest.param("title: Rockets near the embassy", "title: '1:30'", id="title-1-30-quoted"),
    pytest.param(
        "      - stance: blamed\n        faction: nujaba\n        by: United States\n",
        "      - stance: unclaimed\n",
        id="unclaimed-names-nobody",
    ),
    pytest.param(
        "        faction: nujaba\n",
        "        party: pro-Iran factions\n",
        id="party-in-the-source-words",
    ),
    pytest.param(
        "    url: https://www.afp.com/fr/dispatch",
        "    url: http://www.afp.com:8080/fr/dispatch?id=1&x=%7B#top\n"
        "    archive_url: https://web.archive.org/web/2020/https://www.afp.com/",
        id="urls-with-port-query-and-archive",
    ),
    pytest.param(
        "    description: A militia.",
        "    description: A militia.\n"
        "    aliases:\n"
        "      - {name: Noujaba, lang: fr}\n"
        "      - {name: النجباء, lang: ar, note: Arabic spelling}",
        id="aliases-in-other-scripts",
    ),
    pytest.param(
        '    created: "2026-11-21"',
        '    created: "2026-11-21"\n'
        "    discrepancies:\n"
        "      - field: when\n"
        "        about: Time of the attack\n"
        "        accounts:\n"
        "          - {value: 00:30 GMT, sources: [afp-2020-02-16]}\n"
        "          - {value: 15:24 local, sources: [reuters-2020-02-16]}",
        id="discrepancy-with-two-accounts",
    ),
    pytest.param(
        "    kind: city",
        "    kind: city\n    coordinates: {lat: 33.3152, lon: -44.3661, precision: approximate}",
        id="coordinates-decimal",
    ),
    pytest.param(
        "    type: rocket-attack",
        "    category: strike\n    type: rocket-attack",
        id="category-strike",
    ),
    pytest.param(
        "        zone: UTC",
        "        zone: UTC\n        time_bound: about",
        id="time-around",
    ),
    pytest.param(
        "    summary: Rockets fell",
        "    actors:\n      - {faction: nujaba, role: target, sources: [afp-2020-02-16]}\n"
        "    summary: Rockets fell",
        id="faction-as-target",
    ),
    pytest.param(
        "schema_version: 1\n",
        "schema_version: 1\ncoverage:\n  period: 2020-01/2020-03\n  categories: [attack]\n"
        "  scope: Attacks.\n  rule: One per attack.\n  counts:\n"
        "    - {of: attacks, count: {min: 15}, quote: more than fourteen, period: 2019-09/2020-01,"
        " category: attack, sources: [afp-2020-02-16]}\n",
        id="coverage-statement",
    ),
]


@pytest.mark.parametrize(("old", "new"), GOOD)
def test_good_records_load(old: str, new: str) -> None:
    assert problems(mutate(old, new)) == []


BAD = [
    # --- the schema: keys, kinds, enums ------------------------------------------------------
    pytest.param(
        "    title: Rockets near the embassy\n",
        "",
        [
            f"{INC.format('24:5')} title: required key missing "
            "(add 'title:' — A short factual title in our own words)"
        ],
        id="missing-required-key",
    ),
    pytest.param(
        "    title: Rockets",
        "    titel: Rockets",
        [
            f"{INC.format('24:5')} title: required key missing "
            "(add 'title:' — A short factual title in our own words)",
            f"{INC.format('25:5')} titel: unknown key (did you mean 'title'?)",
        ],
        id="misspelt-key",
    ),
    pytest.param(
        "    place: baghdad\n",
        "    place: baghdad\n    colour: red\n",
        [
            f"{INC.format('29:5')} colour: unknown key (allowed: id, status, merged_into, title, "
            "category, type, date, when, place, targets, impacts, launch_sites, munitions, "
            "casualties, damage, responsibility, actors, series, quotes, related, summary, "
            "discrepancies, sources, created, updated)"
        ],
        id="unknown-key-lists-the-allowed-ones",
    ),
    pytest.param(
        "type: rocket-attack",
        "type: rockets",
        [
            f"{INC.format('26:11')} type: 'rockets' is not one of rocket-attack, mortar-attack, "
            "missile-strike, drone-strike, airstrike, ied, storming, small-arms, other "
            "(did you mean 'rocket-attack'?)"
        ],
        id="enum-near-miss",
    ),
    pytest.param(
        "    place: baghdad",
        "    place: [baghdad]",
        [f"{INC.format('28:12')} place: expected a single value, found a list"],
        id="list-where-a-value-belongs",
    ),
    pytest.param(
        "    sources: [afp-2020-02-16, reuters-2020-02-16]",
        "    sources: afp-2020-02-16",
        [
            f"{INC.format('43:14')} sources: expected a list, found the text 'afp-2020-02-16' "
            "(write it as a list: [a, b] or one '- item' per line)"
        ],
        id="value-where-a-list-belongs",
    ),
    pytest.param(
        "    sources: [afp-2020-02-16, reuters-2020-02-16]",
        "    sources: []",
        [f"{INC.format('43:14')} sources: needs at least 1 item, found 0"],
        id="no-source-at-all",
    ),
    pytest.param(
        "  - id: 2020-02-16-baghdad",
        "  - id: 2020_02_16",
        [
            f"{NAME}:24:9: [2020_02_16] id: '2020_02_16' is not a valid id "
            "(lower-case a-z, 0-9 and single hyphens)"
        ],
        id="id-with-underscores",
    ),
    pytest.param(
        "    language: en",
        "    language: English",
        [
            f"{NAME}:13:15: [reuters-2020-02-16] language: 'English' is not a language tag "
            "(e.g. en, fr, ar, ku)"
        ],
        id="language-not-a-tag",
    ),
    pytest.param(
        "schema_version: 1",
        "schema_version: 2",
        [
            f"{NAME}:3:17: schema_version: unsupported version (this code reads version 1)",
        ],
        id="schema-version-from-the-future",
    ),
    pytest.param(
        "places:",
        "placs: []\nplaces:",
        [f"{NAME}:19:1: placs: unknown top-level key (did you mean 'places'?)"],
        id="unknown-top-level-key",
    ),
    # --- dates and times ---------------------------------------------------------------------
    pytest.param(
        'date: "2020-02-16"',
        "date: 2020-02-16",
        [
            f"{INC.format('27:11')} date: '2020-02-16' unquoted would be read as a date by YAML "
            'tools (quote it: "2020-02-16")'
        ],
        id="unquoted-date",
    ),
    pytest.param(
        'date: "2020-02-16"',
        'date: "16/02/2020"',
        [
            f"{INC.format('27:11')} date: '16/02/2020' is not an EDTF date (e.g. '2020-02-16', "
            "'2020-02', '2021-03-15?', '2019-10-28/2020-02-16')"
        ],
        id="date-in-day-month-year-order",
    ),
    pytest.param(
        'date: "2020-02-16"',
        'date: "2020-02-16/2020-01-01"',
        [
            f"{INC.format('27:11')} date: '2020-02-16/2020-01-01' ends before it starts "
            "(put the earlier date first)"
        ],
        id="interval-out-of-order",
    ),
    pytest.param(
        'date: "2020-02-16"',
        'date: "2020-02-16/.."',
        [
            f"{INC.format('27:11')} date: '2020-02-16/..' is an open-ended date "
            "(give both ends of the interval)"
        ],
        id="open-ended-interval",
    ),
    pytest.param(
        'date: "2020-02-16"',
        'date: "2020-02-30"',
        [
            f"{INC.format('27:11')} date: '2020-02-30' is not an EDTF date (e.g. '2020-02-16', "
            "'2020-02', '2021-03-15?', '2019-10-28/2020-02-16')"
        ],
        id="no-thirtieth-of-february",
    ),
    pytest.param(
        'time: "00:30"',
        "time: 1:30",
        [
            f"{INC.format('30:15')} when[0].time: '1:30' unquoted would be read as a number by "
            'YAML tools (quote it and write HH:MM: "01:30")'
        ],
        id="time-1-30-hint-gives-a-valid-fix",
    ),
    pytest.param(
        'time: "00:30"',
        "time: 12:30",
        [
            f"{INC.format('30:15')} when[0].time: '12:30' unquoted would be read as a number by "
            'YAML tools (quote it: "12:30")'
        ],
        id="time-unquoted",
    ),
    pytest.param(
        'time: "00:30"',
        'time: "24:10"',
        [
            f"{INC.format('30:15')} when[0].time: '24:10' is not a time of day "
            "(write HH:MM, e.g. '00:30', '15:24')"
        ],
        id="time-out-of-range",
    ),
    pytest.param(
        'created: "2026-11-21"',
        'created: "2026-13-01"',
        [
            f"{INC.format('44:14')} created: '2026-13-01' is not a date "
            "(write YYYY-MM-DD, e.g. '2026-11-21')"
        ],
        id="created-month-13",
    ),
    # --- counts ------------------------------------------------------------------------------
    pytest.param(
        "count: {min: 2, max: 3}",
        "count: {min: 3, max: 2}",
        [
            f"{INC.format('35:16')} munitions[0].count: min 3 is greater than max 2 "
            "(the figures must run min ≤ best ≤ max)"
        ],
        id="min-above-max",
    ),
    pytest.param(
        "count: {min: 2, max: 3}",
        "count: {min: 2, best: 5, max: 3}",
        [
            f"{INC.format('35:16')} munitions[0].count: best 5 is greater than max 3 "
            "(the figures must run min ≤ best ≤ max)"
        ],
        id="best-above-max",
    ),
    pytest.param(
        "count: {min: 2, max: 3}",
        "count: {}",
        [
            f"{INC.format('35:16')} munitions[0].count: a count needs min, best or max "
            "(leave the count out if unknown)"
        ],
        id="empty-count",
    ),
    pytest.param(
        "count: {min: 2, max: 3}",
        'count: "3"',
        [f"{INC.format('35:16')} munitions[0].count: '3' is quoted (write numbers without quotes)"],
        id="quoted-number",
    ),
    pytest.param(
        "count: {min: 2, max: 3}",
        "count: {min: 012}",
        [
            f"{INC.format('35:22')} munitions[0].count.min: '012' is written with a leading "
            "zero (write it without)"
        ],
        id="leading-zero",
    ),
    pytest.param(
        "count: {min: 2, max: 3}",
        "count: -3",
        [f"{INC.format('35:16')} munitions[0].count: '-3' is not a whole number (e.g. 0, 7, 30)"],
        id="negative-count",
    ),
    # --- scalars YAML tools would convert ----------------------------------------------------
    pytest.param(
        "title: Rockets near the embassy",
        "title: no",
        [
            f"{INC.format('25:12')} title: 'no' unquoted would be read as a boolean by YAML tools "
            '(quote it: "no")'
        ],
        id="title-no",
    ),
    pytest.param(
        "title: Rockets near the embassy",
        "title: 1.10",
        [
            f"{INC.format('25:12')} title: '1.10' unquoted would be read as a number by YAML "
            'tools (quote it: "1.10")'
        ],
        id="title-1-10",
    ),
    pytest.param(
        "title: Rockets near the embassy",
        "title: 1e3",
        [
            f"{INC.format('25:12')} title: '1e3' unquoted would be read as a number by YAML "
            'tools (quote it: "1e3")'
        ],
        id="title-1e3-a-number-in-yaml-1-2",
    ),
    pytest.param(
        "title: Rockets near the embassy",
        "title:",
        [f"{INC.format('25:11')} title: empty value (leave the key out when the value is unknown)"],
        id="title-empty",
    ),
    pytest.param(
        "    kind: militia",
        "    kind: on",
        [
            f"{NAME}:17:11: [nujaba] kind: 'on' is not one of umbrella, militia, front-group, "
            "state-force, government, coalition, political-movement"
        ],
        id="enum-on-wrong-even-quoted",
    ),
    # --- references and citations ------------------------------------------------------------
    pytest.param(
        "    place: baghdad",
        "    place: bagdad",
        [f"{INC.format('28:12')} place: unknown place id 'bagdad' (did you mean 'baghdad'?)"],
        id="unknown-place-near-miss",
    ),
    pytest.param(
        "        faction: nujaba",
        "        faction: kataib-hezbollah",
        [
            f"{INC.format('39:18')} responsibility[0].faction: unknown faction id "
            "'kataib-hezbollah' (add it to factions first)"
        ],
        id="unknown-faction-no-near-miss",
    ),
    pytest.param(
        "        sources: [reuters-2020-02-16]",
        "        sources: [reuters-2020-02-61]",
        [
            f"{INC.format('41:19')} responsibility[0].sources[0]: unknown source id "
            "'reuters-2020-02-61' (did you mean 'reuters-2020-02-16'?)"
        ],
        id="unknown-source-in-an-account-reported-once",
    ),
    pytest.param(
        "    sources: [afp-2020-02-16, reuters-2020-02-16]",
        "    sources: [afp-2020-02-16]",
        [
            f"{INC.format('41:19')} responsibility[0].sources[0]: source 'reuters-2020-02-16' "
            "is not in the incident's sources (add it to the incident's 'sources' list)"
        ],
        id="cited-source-not-listed",
    ),
    pytest.param(
        "    kind: city",
        "    kind: city\n  - id: baghdad\n    name: Baghdad again\n    kind: city",
        [
            f"{NAME}:23:9: [baghdad] id: duplicate id (first at line 20) "
            "(ids are permanent and unique: choose another)"
        ],
        id="duplicate-id",
    ),
    pytest.param(
        "    kind: city",
        "    kind: city\n    parent: baghdad",
        [
            f"{NAME}:23:13: [baghdad] parent: parent leads back to 'baghdad' (a cycle) "
            "(a place cannot lie inside itself, directly or through others)"
        ],
        id="place-inside-itself",
    ),
    # --- rules across fields -----------------------------------------------------------------
    pytest.param(
        "        faction: nujaba\n        by: United States\n",
        "",
        [
            f"{INC.format('38:9')} responsibility[0]: a 'blamed' entry needs a faction or party "
            "(add 'faction: <id>' or 'party: <as worded>')"
        ],
        id="blamed-names-nobody",
    ),
    pytest.param(
        "      - stance: blamed",
        "      - stance: unclaimed",
        [
            f"{INC.format('38:9')} responsibility[0]: an 'unclaimed' entry names no faction or "
            "party (use stance blamed or suspected for who is accused)"
        ],
        id="unclaimed-names-a-faction",
    ),
    pytest.param(
        "    title: Rockets",
        "    status: merged\n    title: Rockets",
        [
            f"{INC.format('24:5')} merged_into: a merged incident needs 'merged_into' "
            "(name the incident that replaces it)"
        ],
        id="merged-without-target",
    ),
    pytest.param(
        "    place: baghdad\n",
        "    place: baghdad\n    targets:\n"
        "      - {place: baghdad, text: the city, sources: [afp-2020-02-16]}\n",
        [
            f"{INC.format('30:9')} targets[0]: give either 'place' (an id) or 'text', not both "
            "(use 'place' when the place has a record)"
        ],
        id="target-with-place-and-text",
    ),
    pytest.param(
        '    created: "2026-11-21"',
        '    created: "2026-11-21"\n'
        "    related:\n"
        "      - {incident: 2020-02-16-baghdad, relation: follow-up}",
        [f"{INC.format('46:9')} related[0].incident: an incident cannot relate to itself"],
        id="related-to-itself",
    ),
    pytest.param(
        '    created: "2026-11-21"',
        '    created: "2026-11-21"\n'
        "    discrepancies:\n"
        "      - field: hour\n"
        "        about: Time of the attack\n"
        "        accounts:\n"
        "          - {value: 00:30 GMT, sources: [afp-2020-02-16]}",
        [
            f"{INC.format('46:16')} discrepancies[0].field: unknown field 'hour' (one of date, "
            "place, type, when, targets, impacts, launch_sites, munitions, casualties, damage, "
            "responsibility, actors, series, quotes)",
            f"{INC.format('49:11')} discrepancies[0].accounts: needs at least 2 items, found 1",
        ],
        id="discrepancy-one-sided-and-unknown-field",
    ),
    # --- URLs ----------------------------------------------------------------------------------
    pytest.param(
        "url: https://www.afp.com/fr/dispatch",
        "url: https://editor:secret@www.afp.com/fr/dispatch",
        [
            f"{NAME}:9:10: [afp-2020-02-16] url: URL contains credentials "
            "(user@ or user:password@) (remove that part)"
        ],
        id="url-with-credentials",
    ),
    pytest.param(
        "url: https://www.afp.com/fr/dispatch",
        "url: ftp://www.afp.com/fr/dispatch",
        [
            f"{NAME}:9:10: [afp-2020-02-16] url: 'ftp://www.afp.com/fr/dispatch' is not an "
            "http(s) URL (write the full https://... address)"
        ],
        id="url-ftp",
    ),
    pytest.param(
        "url: https://www.afp.com/fr/dispatch",
        "url: www.afp.com/fr/dispatch",
        [
            f"{NAME}:9:10: [afp-2020-02-16] url: 'www.afp.com/fr/dispatch' is not an http(s) "
            "URL (write the full https://... address)"
        ],
        id="url-without-scheme",
    ),
    pytest.param(
        "url: https://www.afp.com/fr/dispatch",
        "url: https://www.afp.com/fr/une dépêche",
        [
            f"{NAME}:9:10: [afp-2020-02-16] url: URL contains ' ', which must be "
            "percent-encoded (copy the address from the browser's address bar)"
        ],
        id="url-with-a-space",
    ),
    pytest.param(
        "    sources: [afp-2020-02-16, reuters-2020-02-16]",
        "    sources: [afp-2020-02-16, {id: reuters-2020-02-16}]",
        [
            # the account that cites Reuters is checked against the ids that are listed
            f"{INC.format('41:19')} responsibility[0].sources[0]: source 'reuters-2020-02-16' "
            "is not in the incident's sources (add it to the incident's 'sources' list)",
            f"{INC.format('43:31')} sources[1]: expected a single value, found a mapping",
        ],
        id="incident-source-written-as-a-mapping",
    ),
    # --- sources a reader can find, public text, quotes (the editorial rules) ---------------
    pytest.param(
        '    language: en, date: "2020-02-17"}',
        "    language: en}",
        [
            f"{NAME}:10:5: [reuters-2020-02-16] url: a source with neither URL nor date cannot "
            "be found by a reader (add the report's 'url' as its page gives it, or its "
            "publication 'date')"
        ],
        id="source-without-url-or-date",
    ),
    pytest.param(
        "    sources: [afp-2020-02-16, reuters-2020-02-16]",
        "    sources: [reuters-2020-02-16]",
        [
            f"{INC.format('32:19')} when[0].sources[0]: source 'afp-2020-02-16' is not in the "
            "incident's sources (add it to the incident's 'sources' list)",
            f"{INC.format('36:19')} munitions[0].sources[0]: source 'afp-2020-02-16' is not in "
            "the incident's sources (add it to the incident's 'sources' list)",
            f"{INC.format('43:14')} sources: no source of this incident has a URL (cite at "
            "least one report a reader can open, with its 'url')",
        ],
        id="incident-with-no-source-online",
    ),
    pytest.param(
        "    description: A militia.",
        "    description: Listed in seeds/001_ab12cd34ef.txt of the research.",
        [
            f"{NAME}:18:18: [nujaba] description: names internal material ('seeds') (public "
            "text describes a source as a reader finds it: publisher, date, headline)"
        ],
        id="internal-file-in-public-text",
    ),
    pytest.param(
        "        zone: UTC\n",
        "        zone: UTC\n        quote: " + " ".join(["mot"] * 21) + "\n",
        [
            f"{INC.format('32:16')} when[0].quote: a quote of 21 words, over 20 (quote only the "
            "words that matter (about fifteen) and summarise the rest)"
        ],
        id="quote-over-the-word-limit",
    ),
    pytest.param(
        "        zone: UTC\n",
        "        zone: UTC\n        time_bound: roughly\n",
        [f"{INC.format('32:21')} when[0].time_bound: 'roughly' is not one of about, before, after"],
        id="time-bound-unknown",
    ),
    pytest.param(
        "    summary: Rockets fell",
        "    actors:\n      - {faction: nujab, role: target, sources: [afp-2020-02-16]}\n"
        "    summary: Rockets fell",
        [
            f"{INC.format('43:19')} actors[0].faction: unknown faction id 'nujab' "
            "(did you mean 'nujaba'?)"
        ],
        id="actor-unknown-faction",
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), BAD)
def test_bad_records_get_the_exact_problem(old: str, new: str, expected: list[str]) -> None:
    assert problems(mutate(old, new)) == expected


def test_every_problem_is_reported_in_one_run() -> None:
    text = mutate("type: rocket-attack", "type: rockets")
    text = text.replace("    place: baghdad", "    place: bagdad")
    text = text.replace('date: "2020-02-16"', "date: 2020-02-16")
    text = text.replace("    title: Rockets near the embassy", "    title: Rockets\n    title: x")
    assert problems(text) == [
        # found by the loader, reported with the schema's problems, in line order
        f"{INC.format('26:5')} duplicate key 'title' (first at line 25) "
        "(keep one; YAML would silently drop the first)",
        f"{INC.format('27:11')} type: 'rockets' is not one of rocket-attack, mortar-attack, "
        "missile-strike, drone-strike, airstrike, ied, storming, small-arms, other "
        "(did you mean 'rocket-attack'?)",
        f"{INC.format('28:11')} date: '2020-02-16' unquoted would be read as a date by YAML "
        'tools (quote it: "2020-02-16")',
        f"{INC.format('29:12')} place: unknown place id 'bagdad' (did you mean 'baghdad'?)",
    ]
