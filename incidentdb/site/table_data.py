"""The incident table's data for the browser, written once per build from the indexes.

Three kinds of file under `incidents/table/`, so that a first visit loads only what it shows:

- `index.json`: what the table filters and sorts on, for every incident, in the site's
  order (date, then id), with short keys and numbers in place of repeated words: the
  lookups `ty` (types), `ca` (categories), `pl` (places), `fa` (factions), and one row a
  incident in `r`: [first day, days to the last, type, category, places reached, factions
  attributed, killed, wounded, title rank, attribution rank, main place]. Days count from
  1 January 1970; a casualty figure of -1 means none reported; -1 for no main place.
- `rows-K.json`: the words each row shows (id, title, date, killed, wounded, attributions),
  CHUNK rows to a file, fetched for the rows on screen only.
- `text.json`: the folded words of each incident (title, summary, parties as worded),
  fetched when a reader first types in the text filter.

Place and faction names and aliases are in the lookups: the browser matches the text filter
against them and so against every incident they belong to. Every value is JSON-encoded;
the browser puts it into the page with textContent only.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from incidentdb.exports.text import plain_text
from incidentdb.model import labels, present
from incidentdb.model.index import Index
from incidentdb.model.published import Published
from incidentdb.model.records import Database, Incident

CHUNK = 500  # rows in each rows-K.json
FOLDER = "incidents/table"
EPOCH = dt.date(1970, 1, 1)
APOSTROPHES = re.compile("['\u2018\u2019\u02bc\u02bf\u02be`]")
NOT_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Words for matching: no accents, lower case, apostrophes dropped, anything else that
    is not a letter or digit a single space ("Kata'ib Hizballah" → "kataib hizballah").
    idb-table.js folds what the reader types the same way."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return NOT_WORD.sub(" ", APOSTROPHES.sub("", bare.lower())).strip()


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")) + "\n"


@dataclass(frozen=True)
class Option:
    """A value a filter offers: its id, words, how many incidents have it, its depth
    (places: how far down the tree of places)."""

    value: str
    label: str
    count: int
    depth: int = 0


@dataclass(frozen=True)
class Options:
    """What each filter of the table offers, with counts over every published incident."""

    types: list[Option]
    categories: list[Option]
    factions: list[Option]
    places: list[Option]


def filter_options(db: Database, index: Index) -> Options:
    types = Counter(i.type for i in index.published)
    categories = Counter(i.category for i in index.published)
    factions: Counter = Counter()
    for incident in index.published:
        factions.update({fid for fid, _ in present.attributed(incident)})
    return Options(
        _by_label(Option(t, labels.words(t), n) for t, n in types.items()),
        _by_label(Option(c, labels.words(c), n) for c, n in categories.items()),
        _by_label(Option(f, db.factions[f].name, n) for f, n in factions.items()),
        _place_tree(db, index),
    )


def _by_label(options: Iterable[Option]) -> list[Option]:
    return sorted(options, key=lambda o: (o.label.casefold(), o.value))


def _place_tree(db: Database, index: Index) -> list[Option]:
    """Places with incidents, each followed by the places within it, names in order."""
    out: list[Option] = []

    def walk(place_ids: list[str], depth: int) -> None:
        for pid in sorted(place_ids, key=lambda p: db.places[p].name.casefold()):
            count = len(index.by_place.get(pid, []))
            if count:
                out.append(Option(pid, db.places[pid].name, count, depth))
                walk(index.children.get(pid, []), depth + 1)

    walk([p.id for p in db.places.values() if not p.parent], 0)
    return out


def _ranks(keys: list[str]) -> list[int]:
    """Each row's place when the rows are sorted by key (ties keep the site's order)."""
    order = sorted(range(len(keys)), key=lambda n: (keys[n], n))
    ranks = [0] * len(keys)
    for rank, row in enumerate(order):
        ranks[row] = rank
    return ranks


def _attribution_key(db: Database, incident: Incident) -> str:
    """The attributions as the table words them, for sorting."""
    return "; ".join(
        db.factions[fid].name if fid else party or ""
        for fid, party, _ in present.attributions(incident)
    ).casefold()


def _low(incident: Incident, outcome: str) -> int:
    low = present.casualty_range(incident, outcome)[0]
    return -1 if low is None else low


def table_files(site: Published) -> Iterator[tuple[str, str]]:
    """(site path, JSON text) of every file of the table's data."""
    db, index = site.db, site.index
    options = filter_options(db, index)
    # Lookups in the order of their words, so that a lookup's number sorts its rows.
    place_ids = sorted(db.places, key=lambda p: (db.places[p].name.casefold(), p))
    numbers = {
        "type": {o.value: n for n, o in enumerate(options.types)},
        "category": {o.value: n for n, o in enumerate(options.categories)},
        "place": {pid: n for n, pid in enumerate(place_ids)},
        "faction": {fid: n for n, fid in enumerate(db.factions)},
    }
    yield (
        f"{FOLDER}/index.json",
        _dumps(
            {
                "n": len(index.published),
                "ps": site.info.page_size,
                "ch": CHUNK,
                "ty": [[o.value, o.label] for o in options.types],
                "ca": [[o.value, o.label] for o in options.categories],
                "pl": [
                    [p, db.places[p].name, fold(" ".join(_names(db.places[p])))] for p in place_ids
                ],
                "fa": [[f.id, f.name, fold(" ".join(_names(f)))] for f in db.factions.values()],
                "r": _index_rows(db, index, numbers),
            }
        ),
    )
    published = index.published
    for at in range(0, len(published), CHUNK):
        chunk = [_display(numbers["faction"], i) for i in published[at : at + CHUNK]]
        yield f"{FOLDER}/rows-{at // CHUNK}.json", _dumps(chunk)
    yield f"{FOLDER}/text.json", _dumps([_text(i) for i in published])


def _index_rows(db: Database, index: Index, numbers: dict[str, dict[str, int]]) -> list[list]:
    """What each incident is filtered and sorted on, in the site's order."""
    published = index.published
    titles = _ranks([i.title.casefold() for i in published])
    attributions = _ranks([_attribution_key(db, i) for i in published])
    places, factions = numbers["place"], numbers["faction"]
    return [
        [
            (incident.date.lower - EPOCH).days,
            (incident.date.upper - incident.date.lower).days,
            numbers["type"][incident.type],
            numbers["category"][incident.category],
            [places[p] for p in index.places_of.get(incident.id, [])],
            [factions[f] for f, _ in present.attributed(incident)],
            _low(incident, "killed"),
            _low(incident, "wounded"),
            titles[n],
            attributions[n],
            places.get(incident.place or "", -1),
        ]
        for n, incident in enumerate(published)
    ]


def _names(record: object) -> list[str]:
    return [record.name, *(a.name for a in record.aliases)]  # type: ignore[attr-defined]


def _display(factions: dict[str, int], incident: Incident) -> list:
    shown = [
        [factions[fid] if fid else party or "", stance]
        for fid, party, stance in present.attributions(incident)
    ]
    return [
        incident.id,
        incident.title,
        labels.date_label(incident.date),
        present.casualty_label(incident, "killed"),
        present.casualty_label(incident, "wounded"),
        shown,
    ]


def _text(incident: Incident) -> str:
    parties = [a.party for a in incident.responsibility if a.party and not a.faction]
    return fold(" ".join([incident.title, plain_text(incident.summary), *parties]))
