"""Derived figures the pages and exports show: casualty ranges, attributions, source labels."""

from __future__ import annotations

import markdown
import nh3

from .model import Count, Database, Incident, Source

_ALLOWED_TAGS = {"p", "em", "strong", "a", "code", "br", "ul", "ol", "li"}
_MD = markdown.Markdown(extensions=[], output_format="html")


def rich_text(text: str) -> str:
    """Editor text (plain or small Markdown) as sanitised HTML: http(s) links only, no raw HTML."""
    _MD.reset()
    html = _MD.convert(text)
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="noopener noreferrer nofollow",
    )


def disputed(incident: Incident, field: str) -> bool:
    return any(d.field == field for d in incident.discrepancies)


def casualty_range(incident: Incident, outcome: str) -> tuple[int | None, int | None, bool]:
    """(low, high, disputed) for killed/wounded/died-indirectly; (None, None, False) if none.

    Entries are different groups and add up, unless a discrepancy on casualties says the
    accounts compete: then the range runs from the lowest to the highest account.
    """
    counts = [c.count for c in incident.casualties if c.outcome == outcome]
    if not counts:
        return None, None, False
    known = [c for c in counts if c is not None]
    if not known:
        return None, None, False
    highs = [_high(c) for c in known]
    if disputed(incident, "casualties") and len(known) > 1:
        low = min(c.low for c in known)
        high = max(h for h in highs if h is not None) if any(h is not None for h in highs) else None
        return low, high, True
    low = sum(c.low for c in known)
    high = sum(h for h in highs if h is not None) if all(h is not None for h in highs) else None
    return low, high, False


def _high(count: Count) -> int | None:
    if count.max is not None:
        return count.max
    if count.min is None and count.best is not None:
        return None  # "about N": no upper bound stated
    return None


def range_label(low: int | None, high: int | None, disputed: bool = False) -> str:
    if low is None:
        return ""
    if high is None:
        return f"{low}+" if low else "0+"
    if low == high:
        return str(low)
    return f"{low}–{high}" + ("*" if disputed else "")


def attributed(incident: Incident) -> list[tuple[str, str]]:
    """(faction id, stance) pairs for claimed, blamed and suspected factions, in order."""
    out: list[tuple[str, str]] = []
    for a in incident.responsibility:
        if a.faction and a.stance in ("claimed", "blamed", "suspected"):
            pair = (a.faction, a.stance)
            if pair not in out:
                out.append(pair)
    return out


def source_label(source: Source) -> str:
    """'AFP, French, February 2020' — who, in which language, when."""
    from .labels import date_label, language

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


def citation_text(incident: Incident, site: object) -> str:
    from .labels import date_label

    name, url = getattr(site, "site_name", ""), getattr(site, "site_url", "")
    return (
        f"{name}. “{incident.title}” ({date_label(incident.date)}). "
        f"Incident {incident.id}. {permalink(incident, url)}"
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
            f"  note         = {{Incident {esc(incident.id)}, dated {esc(incident.date.text)}, "
            f"record created {incident.created}}},",
            f"  year         = {{{incident.date.lower.year}}}",
            "}",
        ]
    )
