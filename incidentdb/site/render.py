"""Rendering: the generated pages as Markdown text, from Jinja templates in files.

Every data value is HTML-escaped by the template engine (autoescape) inside raw HTML blocks,
so Markdown never interprets it; editor prose goes through `rich_text` (Markdown subset,
sanitised). Titles go into front matter through a safe YAML dumper, never an f-string.
Pages carry `render_macros: false`: their text is never template source for mkdocs-macros.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from urllib.parse import urlsplit

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from incidentdb.exports import mapdata
from incidentdb.model import geo, glance, labels, present
from incidentdb.model.index import FACTION_ROLES, PLACE_ROLES, Index
from incidentdb.model.published import SiteInfo
from incidentdb.model.records import Database, Incident
from incidentdb.site import charts, glossary, paging, table_data
from incidentdb.site.citations import Citations

DESCRIPTION_CHARS = 200


def page_description(markdown_text: str) -> str:
    """The start of a text as plain words, cut at a word before DESCRIPTION_CHARS."""
    from incidentdb.exports.text import plain_text

    text = plain_text(markdown_text)
    if len(text) <= DESCRIPTION_CHARS:
        return text
    cut = text[:DESCRIPTION_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


# libyaml's emitter when present (a tenth of the time of the pure-Python one); both are safe.
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


# Listings that take the width of the navigation and contents: the map, every table page.
WIDE_TEMPLATES = frozenset({"map.md.j2", "incidents_index.md.j2"})


@dataclass
class Page:
    path: str  # relative to docs/, e.g. incidents/<id>.md
    title: str
    body: str
    meta: dict = field(default_factory=dict)
    description: str = ""  # plain text for search results and link previews

    def markdown(self) -> str:
        # Material prints page titles unescaped (nav, header, footer, search results): the
        # title is stored as HTML text; overrides/main.html prints it as such in <title>.
        # The description lands in attributes (<meta content="...">), so quotes are escaped too.
        front = {"title": html.escape(self.title, quote=False), "render_macros": False, **self.meta}
        if self.description:
            front["description"] = html.escape(self.description, quote=True)
        return (
            "---\n"
            + yaml.dump(front, Dumper=_SafeDumper, allow_unicode=True, sort_keys=True)
            + "---\n\n"
            + self.body
        )


def url_of(path: str) -> str:
    """The directory URL MkDocs gives a page path: incidents/x.md → incidents/x/."""
    stem = path[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def month_links(cuts: dict[int, list[list[paging.Group]]]) -> dict[int, dict[int, str]]:
    """For each year of the timeline, where each month begins: its page's URL and anchor."""
    return {
        year: {
            g.month: f"{url_of(paging.year_path(year, n))}#{g.anchor}"
            for n, groups in enumerate(cut, 1)
            for g in groups
            if g.anchor
        }
        for year, cut in cuts.items()
    }


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("incidentdb.site", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(
        date=labels.date_label,
        words=labels.words,
        munition=labels.munition,
        language=labels.language,
        rich=lambda text: _markup(present.rich_text(text)),
        time=labels.time_label,
        http_url=http_url,
    )
    return env


def http_url(value: str | None) -> str:
    """The URL when it is an absolute http(s) URL, else '' (templates then print no link)."""
    parts = urlsplit(value or "")
    return value if value and parts.scheme in ("http", "https") and parts.netloc else ""


def _markup(html: str) -> object:
    from markupsafe import Markup

    return Markup(html)  # noqa: S704 - sanitised by nh3 in present.rich_text


class Renderer:
    """Renders every generated page from one database and its index."""

    def __init__(self, db: Database, index: Index, site: SiteInfo | None = None) -> None:
        self.db, self.index, self.site = db, index, site or SiteInfo()
        self.env = _environment()
        self._listings: dict[tuple[str, str], glossary.Listing] = {}
        coverage = db.coverage
        self._covered = (coverage.period.lower, coverage.period.upper) if coverage else None
        self.env.globals.update(
            db=db,
            index=index,
            site=site or SiteInfo(),
            present=present,
            glance=glance,
            geo=geo,
            labels=labels,
            FACTION_ROLES=FACTION_ROLES,
            PLACE_ROLES=PLACE_ROLES,
            charts=charts,
            glossary=glossary,
            mapdata=mapdata,
        )

    def _render(self, template: str, path: str, **context: object) -> str:
        depth = url_of(path).count("/")
        base = "../" * depth
        return self.env.get_template(template).render(base=base, path=path, **context)

    def fragment(self, template: str, base: str, **context: object) -> str:
        """A piece of HTML for a hand-written page (through macros.py), from a template."""
        return self.env.get_template(template).render(base=base, path="", **context)

    def incident(self, incident: Incident) -> Page:
        path = f"incidents/{incident.id}.md"
        numbers = {sid: n for n, sid in enumerate(incident.sources, 1)}
        body = self._render(
            "incident.md.j2",
            path,
            i=incident,
            numbers=numbers,
            cites=Citations(),
            point=geo.locator_point(self.db, self.index, incident),
        )
        # No left navigation column: an incident page is in no section's list (see mkdocs.yml).
        meta = {
            "hide": ["navigation"],
            "kind": "Incident",
            "when": labels.date_label(incident.date),
            "other_names": present.other_names(incident, self.db),
        }
        return Page(path, incident.title, body, meta, page_description(incident.summary))

    def redirect(self, old: str, new: str) -> Page:
        path = f"incidents/{old}.md"
        body = self._render("redirect.md.j2", path, old=old, new=self.db.incidents[new])
        return Page(
            path,
            f"Merged: {self.db.incidents[new].title}",
            body,
            {"search": {"exclude": True}, "redirect_to": f"../{new}/"},
        )

    def _listing(self, kind: str, item_id: str) -> glossary.Listing:
        """A faction's or place's incidents, counted once for all its pages."""
        key = (kind, item_id)
        if key not in self._listings:
            if kind == "factions":
                involved, within = self.index.by_faction.get(item_id, []), False
            else:
                involved, within = self.index.by_place.get(item_id, []), True
            self._listings[key] = glossary.listing(
                involved, self._covered, self.site.page_size, within
            )
        return self._listings[key]

    def _paging(
        self, kind: str, item_id: str, number: int
    ) -> tuple[glossary.Listing, glossary.Paging]:
        found = self._listing(kind, item_id)
        paging = glossary.Paging(
            kind, item_id, number, found.pages, found.size, len(found.involved)
        )
        return found, paging

    def _glossary_page(
        self, kind: str, item_id: str, number: int, title: str, **context: object
    ) -> tuple[str, str, str, dict]:
        """The path, title, body and front matter of one page of a faction's or place's list."""
        found, paging = self._paging(kind, item_id, number)
        path = glossary.page_path(kind, item_id, number)
        page_title = (
            title if number == 1 else f"{title}: incidents, page {number} of {paging.count}"
        )
        body = self._render(
            f"{kind[:-1]}.md.j2",
            path,
            found=found,
            paging=paging,
            shown=found.involved[paging.start : paging.stop],
            page_title=page_title,
            **context,
        )
        label = "Faction" if kind == "factions" else "Place"
        meta: dict = {"kind": label} if number == 1 else {"search": {"exclude": True}}
        depth = "../" * url_of(path).count("/")
        for rel, url in (("prev", paging.prev), ("next", paging.next)):
            if url:
                meta[f"pager_{rel}"] = depth + url
        return path, page_title, body, meta

    def faction(self, faction_id: str, number: int = 1) -> Page:
        f = self.db.factions[faction_id]
        path, title, body, meta = self._glossary_page(
            "factions", f.id, number, f.name, f=f, members=self.index.members.get(f.id, [])
        )
        described = page_description(f.description) if f.description and number == 1 else ""
        return Page(path, title, body, meta, described)

    def place(self, place_id: str, number: int = 1) -> Page:
        p = self.db.places[place_id]
        path, title, body, meta = self._glossary_page(
            "places",
            p.id,
            number,
            p.name,
            p=p,
            children=self.index.children.get(p.id, []),
            tree=glossary.within_tree(self.index, p.id) if number == 1 else [],
            ancestors=self.index.ancestors(p.id),
        )
        what = labels.words(p.kind).lower()
        count = len(self.index.by_place.get(p.id, []))
        summary = f"{p.name} ({what}): {count} incidents recorded at or around it"
        return Page(path, title, body, meta, summary + ", with their sources.")

    def listing(self, template: str, path: str, title: str, **context: object) -> Page:
        body = self._render(template, path, **context)
        meta: dict = {"search": {"exclude": True}}
        if template in WIDE_TEMPLATES:
            meta["hide"] = ["navigation", "toc"]
        return Page(path, title, body, meta)

    def jobs(self) -> Iterator[tuple[str, Callable[[], Page]]]:
        """Every generated page as (path, how to render it), in a stable order: the path is
        known before the page is rendered, so the work can be shared between processes."""
        idx = self.index
        for incident in idx.published:
            yield f"incidents/{incident.id}.md", partial(self.incident, incident)
        for old, new in sorted(idx.redirects.items()):
            yield f"incidents/{old}.md", partial(self.redirect, old, new)
        size = self.site.page_size
        for faction_id in sorted(self.db.factions):
            pages = glossary.page_count(len(idx.by_faction.get(faction_id, ())), size)
            for number in range(1, pages + 1):
                path = glossary.page_path("factions", faction_id, number)
                yield path, partial(self.faction, faction_id, number)
        for place_id in sorted(self.db.places):
            pages = glossary.page_count(len(idx.by_place.get(place_id, ())), size)
            for number in range(1, pages + 1):
                path = glossary.page_path("places", place_id, number)
                yield path, partial(self.place, place_id, number)
        listings = self._table_listings() + self._timeline_listings()
        listings += [
            ("factions_index.md.j2", "factions/index.md", "Factions", {}),
            ("places_index.md.j2", "places/index.md", "Places", {}),
            ("statistics.md.j2", "statistics.md", "Statistics", {}),
            ("map.md.j2", "map.md", "Map", {}),
        ]
        for template, path, title, context in listings:
            yield path, partial(self.listing, template, path, title, **context)

    def _table_listings(self) -> list[tuple[str, str, str, dict]]:
        """The incident table's static pages, latest first, each with the filters' options."""
        cut = paging.table_pages(self.index.published, self.site.page_size)
        options = table_data.filter_options(self.db, self.index)
        spans = [(url_of(paging.table_path(n)), rows) for n, rows in enumerate(cut, 1)]
        out = []
        for number, rows in enumerate(cut, 1):
            title = "Incidents" if number == 1 else f"Incidents, page {number} of {len(cut)}"
            context = {"rows": rows, "number": number, "spans": spans, "options": options}
            out.append(("incidents_index.md.j2", paging.table_path(number), title, context))
        return out

    def _timeline_listings(self) -> list[tuple[str, str, str, dict]]:
        """The timeline's index and each year's pages (a long year is cut into pages)."""
        idx, size = self.index, self.site.page_size
        years = sorted(set(idx.by_year) | set(idx.continuing))
        cuts = {
            y: paging.year_pages(idx.continuing.get(y, []), idx.by_year.get(y, []), size)
            for y in years
        }
        out: list[tuple[str, str, str, dict]] = [
            (
                "timeline_index.md.j2",
                "timeline/index.md",
                "Timeline",
                {"years": years, "month_links": month_links(cuts)},
            )
        ]
        for year, cut in cuts.items():
            spans = [(url_of(paging.year_path(year, n)), g) for n, g in enumerate(cut, 1)]
            for number, groups in enumerate(cut, 1):
                context = {"year": year, "years": years, "groups": groups, "number": number}
                context["parts_of"] = spans
                title = f"Timeline {year}"
                if len(cut) > 1:
                    title += f", page {number} of {len(cut)}"
                out.append(("timeline_year.md.j2", paging.year_path(year, number), title, context))
        return out

    def pages(self) -> Iterator[Page]:
        """Every generated page, rendered, in a stable order."""
        for _, job in self.jobs():
            yield job()
