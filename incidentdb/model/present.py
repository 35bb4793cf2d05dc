"""Derived figures the pages and exports show: casualty ranges, attributions, source labels."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache

import markdown
import nh3

from incidentdb.model.records import Casualty, Count, Database, Incident, Source

_ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "br", "ul", "ol", "li"}
_MD = markdown.Markdown(extensions=[], output_format="html")
_BLANK_LINE = re.compile(r"\n\s*\n")


# Text with none of these is plain prose: Markdown would only wrap its paragraphs in <p>.
_MARKDOWN_SYNTAX = re.compile(r"[*_`\[\]<>&\\#!]|^\s|^[-+=]|^\d+[.)]|  $", re.MULTILINE)


@lru_cache(maxsize=8192)
def rich_text(text: str) -> str:
    """Editor text (plain or small Markdown) as sanitised HTML: http(s) links only, no raw HTML."""
    text = text.strip()
    if not _MARKDOWN_SYNTAX.search(text):  # the common case, without the Markdown parser
        paragraphs = (p.strip() for p in _BLANK_LINE.split(text))
        return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)
    _MD.reset()
    converted = _MD.convert(text)
    return nh3.clean(
        converted,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        url_relative="deny",  # no //host links, no paths: only absolute http(s) URLs
        link_rel="noopener noreferrer nofollow",
    )


def disputed(incident: Incident, field: str) -> bool:
    return any(d.field == field for d in incident.discrepancies)


def _bounds(count: Count) -> tuple[int, int | None]:
    """(low, high) of one figure; high is None when no upper bound is stated."""
    return count.low, count.max


def _per_source(incident: Incident, outcome: str) -> dict[tuple, list[Count]]:
    """The counted casualty entries of one outcome, grouped by account: each source, and
    within a source each party it attributes figures to (`by`)."""
    groups: dict[tuple, list[Count]] = {}
    for entry in incident.casualties:
        if entry.outcome == outcome and entry.count is not None:
            for sid in entry.sources:
                groups.setdefault((sid, entry.by), []).append(entry.count)
    return groups


def casualty_range(incident: Incident, outcome: str) -> tuple[int | None, int | None, bool]:
    """(low, high, disputed) for killed, wounded or died-indirectly, across the sources.

    Entries are accounts: within one source (and one party it cites) they are different groups
    and add up; between sources or parties they are alternatives. The range runs from the
    lowest account total to the highest (high is None when an account states no upper bound);
    disputed when the totals differ.
    Entries without a count ("number unknown") do not enter the figures.
    """
    groups = _per_source(incident, outcome)
    if not groups:
        return None, None, False
    totals = set()
    for counts in groups.values():
        bounds = [_bounds(c) for c in counts]
        low = sum(b[0] for b in bounds)
        highs = [b[1] for b in bounds]
        totals.add((low, None if None in highs else sum(h for h in highs if h is not None)))
    low = min(t[0] for t in totals)
    highs = [t[1] for t in totals]
    high = None if None in highs else max(h for h in highs if h is not None)
    return low, high, len(totals) > 1


def is_none(casualty: Casualty) -> bool:
    """An account that no one was killed (or wounded...): an exact count of 0, no group named."""
    count = casualty.count
    return (
        count is not None
        and count.min == 0
        and count.max == 0
        and not casualty.who
        and not casualty.by
    )


def casualty_lines(incident: Incident) -> tuple[list[Casualty], list[Casualty]]:
    """The casualty accounts a page lists one by one, and the "none" accounts it folds into
    one statement ("No one killed or wounded"), each keeping its quote and sources."""
    shown = [c for c in incident.casualties if not is_none(c)]
    folded = [c for c in incident.casualties if is_none(c)]
    return shown, folded


NONE_WORDS = {"killed": "killed", "wounded": "wounded", "died-indirectly": "died later"}


def none_accounts(folded: list[Casualty]) -> list[tuple[str, str | None, tuple[str, ...]]]:
    """The folded accounts, those with the same quote and sources told once:
    ('killed and wounded', quote, sources)."""
    groups: dict[tuple, list[str]] = {}
    for c in folded:
        groups.setdefault((c.quote, c.sources), []).append(NONE_WORDS.get(c.outcome, c.outcome))
    return [
        (" and ".join(outcomes), quote, sources) for (quote, sources), outcomes in groups.items()
    ]


def none_statement(folded: list[Casualty]) -> str:
    """'No one killed or wounded', for the outcomes the folded accounts give as none."""
    outcomes = [NONE_WORDS.get(o, o) for o in dict.fromkeys(c.outcome for c in folded)]
    words = outcomes[0] if len(outcomes) == 1 else ", ".join(outcomes[:-1]) + " or " + outcomes[-1]
    return f"No one {words}"


def account_totals(incident: Incident, outcome: str) -> list[tuple[int, int | None]]:
    """Each account's total (low, high) for one outcome, distinct and in order of size."""
    totals = set()
    for counts in _per_source(incident, outcome).values():
        bounds = [_bounds(c) for c in counts]
        highs = [b[1] for b in bounds]
        high = None if None in highs else sum(h for h in highs if h is not None)
        totals.add((sum(b[0] for b in bounds), high))
    return sorted(totals, key=lambda t: (t[0], t[1] is None, t[1] or 0))


def _total_words(total: tuple[int, int | None]) -> str:
    low, high = total
    if high is None:
        return f"at least {low}"
    return str(low) if low == high else f"{low}–{high}"


def casualty_words(incident: Incident) -> str:
    """Casualties in words for a popup or a list: 'no deaths reported, 3 wounded',
    'killed: about 100', 'wounded: 0 or at least 3 (accounts differ)'. A figure of exactly 0
    reads as none reported, never 'at least 0'; an outcome no source gives a figure for is
    left out."""
    parts = []
    for outcome, none in (("killed", "no deaths reported"), ("wounded", "no injuries reported")):
        totals = account_totals(incident, outcome)
        if not totals:
            continue
        if totals == [(0, 0)]:
            parts.append(none)
        elif len(totals) == 1:
            parts.append(f"{outcome}: {casualty_label(incident, outcome)}")
        else:
            differ = " or ".join(_account_words(incident, outcome))
            parts.append(f"{outcome}: {differ} (accounts differ)")
    return ", ".join(parts)


def _account_words(incident: Incident, outcome: str) -> list[str]:
    """Each account's figure in its own words, distinct, smallest first: an account of one
    figure reads as given ('about 100', '3–5'); several figures are summed ('at least 4')."""
    words: dict[str, tuple] = {}
    for counts in _per_source(incident, outcome).values():
        bounds = [_bounds(c) for c in counts]
        highs = [b[1] for b in bounds]
        total = (sum(b[0] for b in bounds), None if None in highs else sum(h or 0 for h in highs))
        text = str(counts[0]) if len(counts) == 1 else _total_words(total)
        words.setdefault(text, (total[0], total[1] is None, total[1] or 0))
    return sorted(words, key=lambda w: words[w])


def casualty_label(incident: Incident, outcome: str) -> str:
    """The figure for tables: '1', 'at least 25', 'about 100', or '1–22*' when sources differ."""
    groups = _per_source(incident, outcome)
    shapes = {tuple(counts) for counts in groups.values()}
    if len(shapes) == 1:
        (counts,) = shapes
        if len(counts) == 1:
            return str(counts[0])
    low, high, differ = casualty_range(incident, outcome)
    return range_label(low, high, differ)


def range_label(low: int | None, high: int | None, disputed: bool = False) -> str:
    if low is None:
        return ""
    mark = "*" if disputed else ""
    if high is None:
        return f"at least {low}{mark}"
    if low == high:
        return str(low)
    return f"{low}–{high}{mark}"


def attributed(incident: Incident) -> list[tuple[str, str]]:
    """(faction id, stance) pairs for claimed, blamed and suspected factions, in order."""
    out: list[tuple[str, str]] = []
    for a in incident.responsibility:
        if a.faction and a.stance in ("claimed", "blamed", "suspected"):
            pair = (a.faction, a.stance)
            if pair not in out:
                out.append(pair)
    return out


def attributions(incident: Incident) -> list[tuple[str | None, str | None, str]]:
    """(faction id, party wording, stance) for claims, blame and suspicion, without repeats.

    A faction id when the assertion names one; otherwise the party as the source words it.
    """
    out: list[tuple[str | None, str | None, str]] = []
    seen: set[tuple[str, str]] = set()
    for a in incident.responsibility:
        if a.stance not in ("claimed", "blamed", "suspected"):
            continue
        key = (a.faction or (a.party or "").lower(), a.stance)
        if key not in seen:
            seen.add(key)
            out.append((a.faction, None if a.faction else a.party, a.stance))
    return out


def other_names(incident: Incident, db: Database) -> list[str]:
    """The aliases of every faction the incident names (responsibility or another role), in
    order and once each: words a reader may search for that the page prints only as the
    faction's canonical name."""
    ids = [a.faction for a in incident.responsibility if a.faction]
    ids += [a.faction for a in incident.actors]
    names: dict[str, None] = {}
    for faction_id in dict.fromkeys(ids):
        faction = db.factions.get(faction_id)
        if faction is not None:
            names.update(dict.fromkeys(a.name for a in faction.aliases))
    return list(names)


def source_label(source: Source) -> str:
    """'AFP, French, February 2020' — who, in which language, when."""
    from incidentdb.model.labels import date_label, language

    parts = [source.publisher, language(source.language)]
    parts.append(date_label(source.date) if source.date else "undated")
    return ", ".join(parts)


def first_last(incidents: list[Incident]) -> tuple[Incident | None, Incident | None]:
    if not incidents:
        return None, None
    ordered = sorted(incidents, key=lambda i: (i.date.lower, i.id))
    return ordered[0], ordered[-1]


def place_label(db: Database, place_id: str | None, text: str | None = None) -> str:
    if place_id and place_id in db.places:
        return db.places[place_id].name
    return text or ""


def permalink(incident: Incident, site_url: str) -> str:
    return f"{site_url}incidents/{incident.id}/"


def report_error_url(incident: Incident, site: object) -> str:
    """The repository's "Report an error" issue form, opened with this record named (GitHub
    fills a form's fields from query parameters named by their ids)."""
    from urllib.parse import urlencode

    repo, url = getattr(site, "repo_url", ""), getattr(site, "site_url", "")
    query = urlencode(
        {
            "template": "report-error.yml",
            "title": f"[Error]: {incident.id}",
            "where": permalink(incident, url) if url else incident.id,
        }
    )
    return f"{repo}/issues/new?{query}"


# What a cite box shows for the day the reader accessed the page: the page's script writes
# today's date over it; without the script, the reader fills it in.
ACCESSED_TEXT = "day month year"
ACCESSED_ISO = "YYYY-MM-DD"


def report_error_mail(incident: Incident, site: object) -> str:
    """A mailto: link to the corrections mailbox with this record named in the subject and
    its address in the body; '' when the site names no mailbox."""
    from urllib.parse import quote

    address = getattr(site, "corrections_email", "")
    if not address:
        return ""
    url = getattr(site, "site_url", "")
    where = permalink(incident, url) if url else incident.id
    subject = quote(f"Error in {incident.id}")
    body = quote(f"Record: {where}\n\nWhat is wrong:\n\nA source that shows it:\n")
    return f"mailto:{quote(address, safe='@')}?subject={subject}&body={body}"


def citation_text(incident: Incident, site: object) -> str:
    from incidentdb.model.labels import date_label

    name, url = getattr(site, "site_name", ""), getattr(site, "site_url", "")
    return (
        f"{name}. “{incident.title}” ({date_label(incident.date)}). "
        f"Incident {incident.id}, last changed {date_label(incident.last_changed)}. "
        f"{permalink(incident, url)} (accessed {ACCESSED_TEXT})."
    )


_BIBTEX_SPECIAL = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "%": r"\%",
        "#": r"\#",
        "_": r"\_",
        "$": r"\$",
        "~": r"\~{}",
        "^": r"\^{}",
        "&": r"\&",
        "{": r"\{",
        "}": r"\}",
    }
)


def bibtex(incident: Incident, site: object) -> str:
    """A @misc BibTeX entry; every value escaped for TeX."""
    name, url = getattr(site, "site_name", ""), getattr(site, "site_url", "")

    def esc(text: str) -> str:
        return text.translate(_BIBTEX_SPECIAL)

    key = "iid-" + incident.id
    return "\n".join(
        [
            f"@misc{{{key},",
            f"  title        = {{{esc(incident.title)}}},",
            f"  author       = {{{{{esc(name)}}}}},",
            f"  howpublished = {{\\url{{{permalink(incident, url)}}}}},",
            f"  url          = {{{permalink(incident, url)}}},",
            f"  note         = {{Incident {esc(incident.id)}, dated {esc(incident.date.text)}; "
            f"record created {incident.created}, last changed {incident.last_changed}}},",
            f"  year         = {{{incident.last_changed[:4]}}},",
            f"  urldate      = {{{ACCESSED_ISO}}}",
            "}",
        ]
    )


# --- casualty figures that add up: the statistics page -------------------------------------


@dataclass(frozen=True, slots=True)
class Tally:
    """A casualty figure that can be added to others of the same kind without changing its
    meaning: a definite range (`low` to `high`, high None when no upper bound is stated) and,
    apart, the figures given only as "about N" (never read as "at least N")."""

    low: int = 0
    high: int | None = 0
    about: int = 0
    differ: bool = False  # the accounts of some incident in it give different figures

    def __add__(self, other: Tally) -> Tally:
        high = None if self.high is None or other.high is None else self.high + other.high
        about, differ = self.about + other.about, self.differ or other.differ
        return Tally(self.low + other.low, high, about, differ)

    def __str__(self) -> str:
        """'12', '12–15', 'at least 12', '0 or more', 'about 100', 'at least 3 + about 100',
        with '(accounts differ)' when they do."""
        if self.low == 0 and self.high is None:
            definite = "0 or more"  # never "at least 0"
        else:
            definite = _total_words((self.low, self.high))
        if self.about:
            zero = self.high == 0
            definite = f"about {self.about}" if zero else f"{definite} + about {self.about}"
        return definite + (" (accounts differ)" if self.differ else "")


def _count_tally(count: Count) -> Tally:
    if count.min is None and count.max is None:
        return Tally(about=count.best or 0)  # "about N": only a best figure
    return Tally(count.min or 0, count.max)


def casualty_tally(incident: Incident, outcome: str) -> Tally | None:
    """The incident's figure for one outcome as a Tally, None when no account gives one.

    Within an account entries add up. Between accounts the figure runs from the lowest
    definite total to the highest (open-ended when one is); an account giving only "about"
    figures stands as the figure when every account does so (the lowest of them), and
    otherwise leaves the range open upward when it is higher than the definite ones."""
    accounts = [
        sum((_count_tally(c) for c in counts), Tally())
        for counts in _per_source(incident, outcome).values()
    ]
    if not accounts:
        return None
    differ = len(set(accounts)) > 1
    definite = [t for t in accounts if not t.about]
    if not definite:
        lowest = min(accounts, key=lambda t: (t.about + t.low, t.high is None, t.high or 0))
        return Tally(lowest.low, lowest.high, lowest.about, differ)
    highs = [t.high for t in definite]
    high = None if None in highs else max(h for h in highs if h is not None)
    if high is not None and any(t.low + t.about > high for t in accounts if t.about):
        high = None
    return Tally(min(t.low for t in definite), high, 0, differ)


def source_tip(source: Source) -> str:
    """'AFP, 8 January 2020': the name a citation marker shows on hover and focus."""
    from incidentdb.model.labels import date_label

    return f"{source.publisher}, {date_label(source.date) if source.date else 'undated'}"


# How a link between two incidents reads from each side: (declared here, declared there).
RELATION_WORDS = {
    "retaliation-for": ("in retaliation for", "answered by"),
    "follow-up": ("follow-up to", "followed by"),
    "same-salvo": ("same salvo as", "same salvo as"),
    "part-of-series": ("same series as", "same series as"),
    "context": ("context", "context"),
}


def relation_words(readings: tuple) -> str:
    """The links between two incidents, worded from this one's side, each once:
    'answered by', 'same series as; context'."""
    words = [
        RELATION_WORDS.get(r.relation, (r.relation, r.relation))[0 if r.forward else 1]
        for r in readings
    ]
    return "; ".join(dict.fromkeys(words))


def relation_notes(readings: tuple) -> list[str]:
    """The editors' notes on the links between two incidents, each once."""
    return list(dict.fromkeys(r.note for r in readings if r.note))
