"""The data file's schema, declared once.

Validation (validate.py), the JSON Schema for editors (jsonschema.py) and the field reference
on the "About the data" page are all derived from these declarations.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

# --- value kinds -------------------------------------------------------------------------
# Each kind names how a YAML scalar is read; scalars stay strings until typed here.
SLUG = "slug"  # permanent lower-case ASCII id: a-z, 0-9, single hyphens
LINE = "line"  # one line of plain text, no markup (titles, names)
TEXT = "text"  # prose: plain text or a small Markdown subset (emphasis, http(s) links)
QUOTE = "quote"  # a short verbatim phrase from a source (at most 300 characters)
EDTF = "edtf"  # an EDTF date (ISO 8601-2): 2020-02-16, 2020-02, 2021-03-15?, 2019-10/2020-02
DAY = "day"  # a full calendar date, YYYY-MM-DD
TIME = "time"  # a time of day, HH:MM (24 h)
INT = "int"  # a non-negative whole number written plainly: 0, 7, 30
DECIMAL = "decimal"  # a decimal number written plainly: 33.2983, -44.1
URL = "url"  # an absolute http(s) URL without credentials
LANG = "lang"  # a BCP 47 language tag: en, fr, ar, ku
ENUM = "enum"  # one of a fixed list of words
REF = "ref"  # the id of a record in another collection
RANGE = "range"  # a count: a plain number, or {min, best, max}
LIST = "list"
OBJECT = "object"

SCALAR_KINDS = (SLUG, LINE, TEXT, QUOTE, EDTF, DAY, TIME, INT, DECIMAL, URL, LANG, ENUM, REF)

MAX_LINE = 160
MAX_QUOTE = 300
# Quotes only where the wording matters: about fifteen words; the check allows a little over.
MAX_QUOTE_WORDS = 20
MAX_TEXT = 2000
MAX_ID = 80  # an id is a folder name of the site: short enough for every file system
MAX_DIGITS = 7  # counts up to 9,999,999
# The years a date may name: events from 2019 on and the reports of them, with room either
# side; anything else is a typo, and would stretch every chart and list by the year.
YEARS = (1900, 2100)


@dataclass(frozen=True)
class Field:
    """One key of a record: how its value is read, and what it means."""

    name: str
    kind: str
    doc: str
    required: bool = False
    choices: tuple[str, ...] = ()  # ENUM
    ref: str = ""  # REF: the collection the id points into
    item: Field | None = None  # LIST: the field describing each item
    fields: tuple[Field, ...] = ()  # OBJECT: its keys
    min_items: int = 0  # LIST
    example: str = ""
    bounds: tuple[int, int] | None = None  # DECIMAL: the smallest and largest value allowed
    # LIST: what must not repeat — "item" (the value itself, for lists of ids) or the key of
    # each item that must differ ("name"); compared NFC-normalised and case-folded
    unique_by: str = ""

    def child(self, name: str) -> Field | None:
        return children(self).get(name)


_CHILDREN: dict[int, dict[str, Field]] = {}


def children(spec: Field) -> dict[str, Field]:
    """A field's keys by name, computed once per field (the validator asks millions of times)."""
    found = _CHILDREN.get(id(spec))
    if found is None:
        found = _CHILDREN[id(spec)] = {f.name: f for f in spec.fields}
    return found


_REQUIRED: dict[int, tuple[str, ...]] = {}


def required(spec: Field) -> tuple[str, ...]:
    """The names of a field's required keys, computed once per field."""
    found = _REQUIRED.get(id(spec))
    if found is None:
        found = _REQUIRED[id(spec)] = tuple(f.name for f in spec.fields if f.required)
    return found


def obj(name: str, doc: str, *fields: Field, required: bool = False) -> Field:
    return Field(name, OBJECT, doc, required=required, fields=fields)


def listof(
    name: str,
    doc: str,
    item: Field,
    *,
    required: bool = False,
    min_items: int = 0,
    unique_by: str = "",
) -> Field:
    """A list; a list of ids never names the same id twice."""
    unique = unique_by or ("item" if item.kind == REF else "")
    return Field(
        name, LIST, doc, required=required, item=item, min_items=min_items, unique_by=unique
    )


def enum(name: str, doc: str, choices: tuple[str, ...], *, required: bool = False) -> Field:
    return Field(name, ENUM, doc, required=required, choices=choices)


def ref(name: str, doc: str, collection: str, *, required: bool = False) -> Field:
    return Field(name, REF, doc, required=required, ref=collection)


# --- controlled vocabularies --------------------------------------------------------------
INCIDENT_TYPES = (
    "rocket-attack",
    "mortar-attack",
    "missile-strike",
    "drone-strike",
    "airstrike",
    "ied",
    "storming",
    "small-arms",
    "other",
)
# Attacks on US, coalition or diplomatic sites and people; strikes by them around the campaign.
CATEGORIES = ("attack", "strike")
INCIDENT_STATUSES = ("published", "merged")
SOURCE_KINDS = (
    "news-report",
    "agency-dispatch",
    "official-statement",
    "claim",
    "monitor-report",
    "social-media",
)
FACTION_KINDS = (
    "umbrella",
    "militia",
    "front-group",
    "state-force",
    "government",
    "coalition",
    "political-movement",
)
PLACE_KINDS = (
    "country",
    "region",
    "province",
    "district",
    "city",
    "town",
    "village",
    "zone",
    "embassy",
    "military-base",
    "air-base",
    "airport",
    "facility",
)
COORD_PRECISIONS = ("exact", "approximate", "centroid")
STANCES = ("claimed", "blamed", "suspected", "denied", "unclaimed")
OUTCOMES = ("killed", "wounded", "died-indirectly")
DAMAGE_LEVELS = ("none", "minor", "major", "unknown")
MUNITION_KINDS = (
    "rocket",
    "mortar",
    "ballistic-missile",
    "cruise-missile",
    "drone",
    "air-delivered-munition",
    "ied",
    "small-arms",
    "unknown",
)
ZONES = ("UTC", "local")
PARTS_OF_DAY = ("early-morning", "morning", "midday", "afternoon", "evening", "night")
TIME_BOUNDS = ("about", "before", "after")
# How a faction takes part in an incident besides responsibility (claimed, blamed...).
ACTOR_ROLES = ("target", "participant", "statement")
RELATIONS = ("retaliation-for", "same-salvo", "follow-up", "part-of-series", "context")
BASES = ("stated", "inferred")

# --- building blocks ----------------------------------------------------------------------
SOURCES_CITED = listof(
    "sources",
    "Ids of the sources that report this, each listed in the incident's `sources`.",
    Field("source", REF, "A source id.", ref="sources"),
    required=True,
    min_items=1,
)

COUNT = Field(
    "count",
    RANGE,
    "A count as a range: `min`, `best`, `max`, each optional, min ≤ best ≤ max. "
    "Exact: all three equal, or write the number alone (`count: 7`). "
    "'Several' is `{min: 2}`; 'about ten' is `{best: 10}`; 'at least one' is `{min: 1}`.",
    fields=(
        Field("min", INT, "Lowest figure reported."),
        Field("best", INT, "Most likely figure, when a source gives one."),
        Field("max", INT, "Highest figure reported."),
    ),
)

ALIAS = obj(
    "alias",
    "A spelling met in sources.",
    Field("name", LINE, "The spelling, as written.", required=True, example="Hachd al-Chaabi"),
    Field("lang", LANG, "Language of the spelling (BCP 47).", required=True, example="fr"),
    Field("note", LINE, "Where it is used or what it stands for."),
)
ALIASES = listof(
    "aliases", "Every other spelling met in sources, with its language.", ALIAS, unique_by="name"
)


def place_or_text(name: str, doc: str, *extra: Field) -> Field:
    return listof(
        name,
        doc,
        obj(
            name,
            doc,
            ref("place", "A place id, when the place has a record.", "places"),
            Field("text", LINE, "The place as the source words it, when it has no record."),
            *extra,
            SOURCES_CITED,
        ),
    )


# --- the three collections and the sources they cite --------------------------------------
SOURCE = obj(
    "source",
    "A published account: an article, a dispatch, a statement. One source may cover several "
    "incidents.",
    Field("id", SLUG, "Permanent id.", required=True, example="afp-fr-2020-02-16"),
    enum("kind", "What sort of account it is.", SOURCE_KINDS, required=True),
    Field("publisher", LINE, "Who published it.", required=True, example="AFP"),
    Field("language", LANG, "Language of the text (BCP 47).", required=True, example="fr"),
    Field(
        "date",
        EDTF,
        "Publication date as the source gives it; leave out when it gives none.",
        example="2020-02",
    ),
    Field("title", LINE, "Headline or title."),
    Field("author", LINE, "Byline, when signed."),
    Field("url", URL, "Where it was read (http or https)."),
    Field("archive_url", URL, "An archived copy, against link rot."),
    Field("relays", LINE, "The news agency whose dispatch it carries.", example="AFP"),
    enum("relays_basis", "Whether the text names that agency or we infer it.", BASES),
    Field("accessed", DAY, "When an editor last read it."),
    Field("note", TEXT, "What an editor should know about this source."),
)

FACTION = obj(
    "faction",
    "An armed group, umbrella, state force or government that attacks, is blamed, or asserts.",
    Field("id", SLUG, "Permanent id; the glossary page URL.", required=True, example="nujaba"),
    Field("name", LINE, "Canonical name.", required=True, example="Harakat al-Nujaba"),
    enum("kind", "What sort of actor it is.", FACTION_KINDS, required=True),
    listof(
        "member_of",
        "Umbrellas or coalitions it belongs to.",
        Field("faction", REF, "A faction id.", ref="factions"),
    ),
    ALIASES,
    Field("description", TEXT, "A short description in our own words.", required=True),
    listof("sources", "Sources for the description.", Field("source", REF, "", ref="sources")),
)

PLACE = obj(
    "place",
    "A site, settlement or area where incidents happen, are aimed or are launched from.",
    Field("id", SLUG, "Permanent id; the glossary page URL.", required=True, example="union-iii"),
    Field("name", LINE, "Canonical name.", required=True, example="Union III"),
    enum("kind", "What sort of place it is.", PLACE_KINDS, required=True),
    ref("parent", "The place that contains it (Union III → Green Zone → Baghdad).", "places"),
    obj(
        "coordinates",
        "Public coordinates (WGS 84); leave out when not public.",
        Field("lat", DECIMAL, "Latitude, −90 to 90.", required=True, bounds=(-90, 90)),
        Field("lon", DECIMAL, "Longitude, −180 to 180.", required=True, bounds=(-180, 180)),
        enum("precision", "How exact they are.", COORD_PRECISIONS, required=True),
    ),
    ALIASES,
    Field("stationed", TEXT, "Who is stationed or based there."),
    Field("description", TEXT, "A short description in our own words."),
    listof("sources", "Sources for the description.", Field("source", REF, "", ref="sources")),
)

INCIDENT = obj(
    "incident",
    "One attack or strike. Every figure carries the ids of the sources that give it.",
    Field("id", SLUG, "Permanent id; the page URL. Never reused.", required=True),
    enum("status", "`merged` keeps the id of a duplicate and redirects.", INCIDENT_STATUSES),
    ref("merged_into", "With status `merged`: the surviving incident.", "incidents"),
    Field("title", LINE, "A short factual title in our own words.", required=True),
    enum(
        "category",
        "`attack` (left out: the default): on US, coalition or diplomatic sites or people, "
        "the database's scope; `strike`: by the US or its partners, in reply to the attacks "
        "or around them.",
        CATEGORIES,
    ),
    enum("type", "What kind of attack or strike.", INCIDENT_TYPES, required=True),
    Field(
        "date",
        EDTF,
        "When it happened, with its precision: `2020-02-16`, `2020-02`, `2021-03-15?` "
        "(uncertain), `2019-10-28/2020-02-16` (interval), `[2021-02-15,2021-02-16]` (one of).",
        required=True,
        example="2020-02-16",
    ),
    listof(
        "when",
        "How each source words the date and time.",
        obj(
            "when",
            "One source's account of when.",
            Field("date", EDTF, "The date this account gives."),
            Field("time", TIME, "Time of day, HH:MM."),
            enum(
                "time_bound",
                "How exact the time is: `about` ('around 00:30'), `before` ('just before "
                "3:30'), `after` ('after midnight'). Left out: the time as given.",
                TIME_BOUNDS,
            ),
            enum("zone", "`UTC`, or `local` (Iraq, UTC+3).", ZONES),
            enum("part_of_day", "A coarse part of the day, when no time is given.", PARTS_OF_DAY),
            Field("quote", QUOTE, "The source's own words.", example="vers 00H30 GMT"),
            SOURCES_CITED,
        ),
    ),
    ref("place", "The main place: the most precise place every account agrees on.", "places"),
    place_or_text("targets", "Sites targeted or hit."),
    place_or_text("impacts", "Where munitions landed, with how many.", COUNT),
    place_or_text("launch_sites", "Where the munitions were fired or launched from."),
    listof(
        "munitions",
        "What was used, and how much.",
        obj(
            "munition",
            "One account of the munitions.",
            enum("kind", "Munition kind.", MUNITION_KINDS, required=True),
            Field("detail", LINE, "Model or detail.", example="Katyusha-type"),
            COUNT,
            Field("quote", QUOTE, "The source's own words.", example="plusieurs roquettes"),
            SOURCES_CITED,
        ),
    ),
    listof(
        "casualties",
        "Killed and wounded as reported, one entry per group and source account. "
        "Deaths not caused by the weapons themselves are `died-indirectly`.",
        obj(
            "casualty",
            "One account of one group of casualties.",
            enum("outcome", "What happened to them.", OUTCOMES, required=True),
            COUNT,
            Field("who", LINE, "Who they were (nationality, role), as reported."),
            Field(
                "by",
                LINE,
                "Who gives the figure, when the source attributes it to someone "
                "(a monitor, a ministry); accounts by different parties are alternatives.",
                example="Syrian Observatory for Human Rights",
            ),
            Field("quote", QUOTE, "The source's own words."),
            SOURCES_CITED,
        ),
    ),
    listof(
        "damage",
        "Material damage as reported.",
        obj(
            "damage",
            "One account of damage.",
            enum("level", "How much.", DAMAGE_LEVELS, required=True),
            Field("text", LINE, "What was damaged."),
            Field("quote", QUOTE, "The source's own words."),
            SOURCES_CITED,
        ),
    ),
    listof(
        "responsibility",
        "Who claims it, is blamed, suspected or denies, and who says so. "
        "`unclaimed` records that no one claimed it.",
        obj(
            "assertion",
            "One assertion of responsibility.",
            enum(
                "stance",
                "claimed, blamed, suspected, denied, or unclaimed.",
                STANCES,
                required=True,
            ),
            ref("faction", "The faction the assertion is about.", "factions"),
            Field("party", LINE, "The party as the source words it.", example="pro-Iran factions"),
            Field("by", LINE, "Who asserts it.", example="US State Department"),
            Field("quote", QUOTE, "The assertion in the source's words."),
            SOURCES_CITED,
        ),
    ),
    listof(
        "actors",
        "Factions in other roles than responsibility: the target of a strike, the crowd or "
        "force that took part, a group whose statement on the incident is reported.",
        obj(
            "actor",
            "One faction's part in the incident.",
            ref("faction", "The faction's id.", "factions", required=True),
            enum(
                "role",
                "`target`: it was struck; `participant`: it took part (a crowd, a force); "
                "`statement`: its statement on the incident is reported.",
                ACTOR_ROLES,
                required=True,
            ),
            Field("party", LINE, "The faction as the source words it.", example="supporters"),
            Field("note", LINE, "What it did, in a few words of our own."),
            SOURCES_CITED,
        ),
    ),
    listof(
        "series",
        "Running counts as reported ('19th attack since 28 October').",
        obj(
            "series",
            "One reported running count.",
            Field("quote", QUOTE, "The count in the source's words.", required=True),
            replace(
                COUNT, doc="The number in it, as a range: 'more than fourteen' is `{min: 15}`."
            ),
            Field("since", EDTF, "The start of the count."),
            SOURCES_CITED,
        ),
    ),
    listof(
        "quotes",
        "Short quotations, attributed.",
        obj(
            "quote",
            "A short quotation.",
            Field("text", QUOTE, "The words, verbatim.", required=True),
            Field("speaker", LINE, "Who said it.", required=True),
            SOURCES_CITED,
        ),
    ),
    listof(
        "related",
        "Other incidents this one is linked to.",
        obj(
            "relation",
            "A link to another incident.",
            ref("incident", "The other incident's id.", "incidents", required=True),
            enum("relation", "How they are linked.", RELATIONS, required=True),
            Field("note", LINE, "Why, in a few words."),
        ),
    ),
    Field("summary", TEXT, "What happened, in our own words.", required=True),
    listof(
        "discrepancies",
        "Where sources disagree: the values side by side, never resolved silently.",
        obj(
            "discrepancy",
            "One disagreement between sources.",
            Field("field", LINE, "The field concerned.", required=True, example="when"),
            Field("about", LINE, "What the disagreement is about.", required=True),
            listof(
                "accounts",
                "Each value and the sources that give it.",
                obj(
                    "account",
                    "One side.",
                    Field("value", LINE, "The value as this side gives it.", required=True),
                    SOURCES_CITED,
                ),
                required=True,
                min_items=2,
            ),
            Field("resolution", TEXT, "The editors' reading, or why it stays open."),
        ),
    ),
    listof(
        "sources",
        "Every source about this incident (at least one).",
        Field("source", REF, "A source id.", ref="sources"),
        required=True,
        min_items=1,
    ),
    Field("created", DAY, "When the entry was created.", required=True),
    Field(
        "updated",
        DAY,
        "When the entry last changed in what it says (a fact, a source, a correction); left out "
        "until it does. Cite boxes and the site's 'last changed' date read it.",
    ),
)

COVERAGE = obj(
    "coverage",
    "What the database covers, and the counts sources give to compare it with.",
    Field(
        "period",
        EDTF,
        "The period in scope, as an EDTF interval.",
        required=True,
        example="2019-10-28/2021-03-31",
    ),
    listof(
        "categories",
        "The categories of incident in scope.",
        enum("category", "A category.", CATEGORIES),
        required=True,
        min_items=1,
    ),
    Field("scope", TEXT, "The kinds of incident in scope, in plain words.", required=True),
    Field("rule", TEXT, "The inclusion rule: what makes one record.", required=True),
    listof(
        "counts",
        "Counts that sources give for a period ('19 attacks since 28 October'): the site "
        "shows each next to how many the database records.",
        obj(
            "count",
            "One count, as a source gives it.",
            Field("of", LINE, "What is counted, in our words.", required=True),
            replace(
                COUNT,
                doc="The count as a range: 'more than fourteen' is `{min: 15}`.",
                required=True,
            ),
            Field("quote", QUOTE, "The count in the source's words.", required=True),
            Field("period", EDTF, "The period it covers.", required=True),
            enum("category", "The category of incident it counts.", CATEGORIES, required=True),
            listof(
                "types",
                "When it counts only some types of incident (convoy bombs: `ied`).",
                enum("type", "An incident type.", INCIDENT_TYPES),
            ),
            Field("note", TEXT, "What a reader should know to compare it with the records."),
            listof(
                "sources",
                "The sources that give it.",
                Field("source", REF, "A source id.", ref="sources"),
                required=True,
                min_items=1,
            ),
        ),
    ),
)

DATABASE = obj(
    "database",
    "The whole file.",
    Field("schema_version", INT, "The schema version this file follows.", required=True),
    COVERAGE,
    listof("sources", "Published accounts the incidents cite.", SOURCE, required=True),
    listof("factions", "Armed groups and other actors.", FACTION, required=True),
    listof("places", "Sites and areas.", PLACE, required=True),
    listof("incidents", "Attacks and strikes.", INCIDENT, required=True),
)

SCHEMA_VERSION = 1
COLLECTIONS = ("sources", "factions", "places", "incidents")


def walk(spec: Field, prefix: str = "") -> list[tuple[str, Field]]:
    """Every field under spec as (dotted path, field), for the docs' field reference."""
    out: list[tuple[str, Field]] = []
    for f in spec.fields:
        path = f"{prefix}{f.name}"
        out.append((path, f))
        target = f.item if f.kind == LIST and f.item else f
        if target.kind in (OBJECT, RANGE):
            out.extend(walk(target, f"{path}[]." if f.kind == LIST else f"{path}."))
    return out


@dataclass(frozen=True)
class FieldRow:
    """A row of the field reference table."""

    path: str
    kind: str
    required: bool
    doc: str
    choices: tuple[str, ...] = field(default=())


def field_reference(spec: Field) -> list[FieldRow]:
    rows = []
    for path, f in walk(spec):
        kind = f.kind
        if f.kind == LIST and f.item is not None:
            kind = f"list of {f.item.kind if f.item.kind != REF else 'ids'}"
        elif f.kind == REF:
            kind = f"id in {f.ref}"
        rows.append(FieldRow(path, kind, f.required, f.doc, f.choices))
    return rows
