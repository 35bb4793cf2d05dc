"""The columns of incidents.csv and incidents.json: one declaration, from which the Downloads
page's data dictionary and the Frictionless data package (datapackage.json) are both made."""

from __future__ import annotations

import json
from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, list, date, number, integer, flag
    meaning: str
    empty_when: str


# The Table Schema type of each kind: lists are text with "; " between items, flags 0 or 1.
TABLE_TYPES = {
    "text": "string",
    "list": "string",
    "date": "date",
    "number": "number",
    "integer": "integer",
    "flag": "integer",
}

COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        "text",
        "Permanent id of the incident (the last part of its page address).",
        "never",
    ),
    Column(
        "url",
        "text",
        "Absolute address of the incident's page.",
        "never",
    ),
    Column(
        "title",
        "text",
        "Short title in our words.",
        "never",
    ),
    Column(
        "category",
        "text",
        (
            "`attack` (on US, coalition or diplomatic sites or people) or `strike` (by the US or "
            "its "
            "partners, in reply to the attacks or around them)."
        ),
        "never",
    ),
    Column(
        "type",
        "text",
        (
            "Event type: `rocket-attack`, `mortar-attack`, `missile-strike`, `drone-strike`, "
            "`airstrike`, `ied`, `storming`, `small-arms` or `other`."
        ),
        "never",
    ),
    Column(
        "event_date",
        "text",
        (
            "The date as recorded, in EDTF with its precision: `2020-02-16`, `2020-02` (the "
            "month), "
            "`2021-03-15?` (uncertain), `2019-10-28/2020-02-16` (sometime in the interval), "
            "`[2021-02-15,2021-02-16]` (one of those days)."
        ),
        "never",
    ),
    Column(
        "date_start",
        "date",
        "Earliest day `event_date` allows (YYYY-MM-DD).",
        "never",
    ),
    Column(
        "date_end",
        "date",
        "Latest day `event_date` allows (YYYY-MM-DD); equals `date_start` for a known day.",
        "never",
    ),
    Column(
        "time_precision",
        "text",
        (
            "How exactly the date is known: `day`, `day-uncertain` (one day, marked uncertain or "
            "approximate), `month` (a whole calendar month), `range` (any other span)."
        ),
        "never",
    ),
    Column(
        "place_id",
        "text",
        "Id of the incident's main place (see `database.json` for the place hierarchy).",
        "no main place is recorded",
    ),
    Column(
        "place_name",
        "text",
        "Name of the main place.",
        "no main place is recorded",
    ),
    Column(
        "admin1",
        "text",
        "Province (governorate) that contains the main place, or the place itself if it is one.",
        "the main place is not within a recorded province",
    ),
    Column(
        "country",
        "text",
        "Country that contains the main place.",
        "the main place is not within a recorded country",
    ),
    Column(
        "latitude",
        "number",
        "WGS 84 latitude of the point (see `location_precision`).",
        "neither the main place nor any place containing it has public coordinates",
    ),
    Column(
        "longitude",
        "number",
        "WGS 84 longitude of the point.",
        "as `latitude`",
    ),
    Column(
        "geo_precision",
        "integer",
        (
            "How close the point is to where it happened, on ACLED's scale: `1` the site itself or "
            "the town it is in; `2` near the site, or only somewhere in a town or district; `3` "
            "only "
            "a province, region or country."
        ),
        "as `latitude`",
    ),
    Column(
        "location_precision",
        "text",
        (
            "Where the point comes from: `exact`, `approximate` or `centroid` — the main place's "
            "own "
            "coordinates, with their precision in the data; `parent:KIND` (e.g. `parent:city`, "
            "`parent:country`) — the main place has no public coordinates, and the point is that "
            "of "
            "the nearest place of that kind containing it."
        ),
        "as `latitude`",
    ),
    Column(
        "killed_low",
        "integer",
        (
            "Number of people killed: the lowest total any account gives (a conservative figure). "
            "Groups within one account add up; different sources, or different parties a source "
            "cites, are alternative accounts."
        ),
        "no source gives a number killed",
    ),
    Column(
        "killed_high",
        "integer",
        "Number killed: the highest total any account gives.",
        'no number killed is given, or an account states no upper bound ("at least 3", "about 10")',
    ),
    Column(
        "wounded_low",
        "integer",
        "Number of people wounded: the lowest total any account gives.",
        "no source gives a number wounded",
    ),
    Column(
        "wounded_high",
        "integer",
        "Number wounded: the highest total any account gives.",
        "no number wounded is given, or an account states no upper bound",
    ),
    Column(
        "casualties_disputed",
        "flag",
        (
            "`1` when accounts give different totals of killed or of wounded, so the low–high "
            "range "
            "spans competing accounts rather than one account's uncertainty."
        ),
        "never",
    ),
    Column(
        "munitions",
        "text",
        (
            "Munition kinds with their counts, `; `-separated: `rocket: at least 2; drone: 1`. "
            "Counts are ranges (`2–3`, `at least 2`, `about 10`). Where sources give different "
            "counts, each appears (`rocket: 3; rocket: 4`); the same account from several "
            "sources appears once."
        ),
        "no munition is recorded",
    ),
    Column(
        "claimed_by",
        "list",
        "Ids of factions said to have claimed the attack.",
        "no claim is recorded",
    ),
    Column(
        "blamed",
        "list",
        "Ids of factions some party blamed (who blamed them is in `database.json`).",
        "no faction is blamed",
    ),
    Column(
        "suspected",
        "list",
        "Ids of factions named as suspects.",
        "no faction is suspected",
    ),
    Column(
        "denied",
        "list",
        "Ids of factions said to have denied involvement.",
        "no denial is recorded",
    ),
    Column(
        "unclaimed",
        "flag",
        "`1` when a source states that no one claimed the attack.",
        "never",
    ),
    Column(
        "actors",
        "list",
        (
            "Factions in other roles than responsibility, each as `faction:role`, the role one of "
            "`target` (it was struck), `participant` (it took part) or `statement` (its statement"
            " is "
            "reported): `kataib-hezbollah:target`."
        ),
        "no faction is recorded in such a role",
    ),
    Column(
        "sources",
        "list",
        "Ids of every source cited for the incident (details in `database.json`).",
        "never",
    ),
    Column(
        "source_count",
        "integer",
        "Number of sources cited.",
        "never",
    ),
    Column(
        "discrepancies",
        "list",
        (
            "Fields on which sources disagree (`when`, `casualties`, `place`...); the accounts "
            "are on"
            " the incident page and in `database.json`."
        ),
        "sources agree",
    ),
    Column(
        "summary",
        "text",
        (
            "Summary in our words, as plain text on one line; a link appears as its words "
            "followed by"
            " its address in brackets."
        ),
        "never",
    ),
    Column(
        "created",
        "date",
        "Day the record was added to the database (YYYY-MM-DD).",
        "never",
    ),
    Column(
        "updated",
        "date",
        "Day the record last changed in what it says (YYYY-MM-DD).",
        "the record has not changed since it was added",
    ),
)


def table_field(column: Column) -> dict:
    field: dict[str, object] = {
        "name": column.name,
        "type": TABLE_TYPES[column.kind],
        "description": column.meaning,
    }
    if column.kind == "flag":
        field["constraints"] = {"required": True, "enum": [0, 1]}
    elif column.empty_when == "never":
        field["constraints"] = {"required": True}
    return field


def data_package(site_name: str, site_url: str) -> str:
    """datapackage.json (Frictionless Data Package, v1): the CSV with its Table Schema, every
    column typed and described, `id` the primary key, an empty cell a missing value."""
    package = {
        "profile": "tabular-data-package",
        "name": "iraq-incident-database",
        "title": site_name,
        "homepage": site_url,
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "title": "Creative Commons Attribution 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "incidents",
                "path": "incidents.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": [table_field(c) for c in COLUMNS],
                    "primaryKey": ["id"],
                    "missingValues": [""],
                },
            }
        ],
    }
    return json.dumps(package, ensure_ascii=False, indent=1) + "\n"


def dictionary_markdown() -> str:
    """The data dictionary as the Downloads page shows it: a Markdown table."""
    rows = ["| Column | Type | Meaning | Empty when |", "|---|---|---|---|"]
    rows += [f"| `{c.name}` | {c.kind} | {c.meaning} | {c.empty_when} |" for c in COLUMNS]
    return "\n".join(rows)
