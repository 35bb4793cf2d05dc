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

from incidentdb.site import charts
from incidentdb.site.citations import Citations
from incidentdb.model import geo, glance, labels, present
from incidentdb.model.index import FACTION_ROLES, PLACE_ROLES, Index, role_counts
from incidentdb.model.published import SiteInfo
from incidentdb.model.records import Database, Incident


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
        meta = {"hide": ["navigation"]}
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

    def faction(self, faction_id: str) -> Page:
        f = self.db.factions[faction_id]
        path = f"factions/{f.id}.md"
        involved = self.index.by_faction.get(f.id, [])
        body = self._render(
            "faction.md.j2",
            path,
            f=f,
            involved=involved,
            counts=role_counts(involved),
            members=self.index.members.get(f.id, []),
            span=present.first_last([inv.incident for inv in involved]),
        )
        described = page_description(f.description) if f.description else ""
        return Page(path, f.name, body, {"search": {"boost": 8}}, described)

    def place(self, place_id: str) -> Page:
        p = self.db.places[place_id]
        path = f"places/{p.id}.md"
        involved = self.index.by_place.get(p.id, [])
        body = self._render(
            "place.md.j2",
            path,
            p=p,
            involved=involved,
            counts=role_counts(involved),
            children=self.index.children.get(p.id, []),
            ancestors=self.index.ancestors(p.id),
            span=present.first_last([inv.incident for inv in involved]),
        )
        what = labels.words(p.kind).lower()
        summary = f"{p.name} ({what}): {len(involved)} incidents recorded at or around it"
        return Page(path, p.name, body, {"search": {"boost": 8}}, summary + ", with their sources.")

    def listing(self, template: str, path: str, title: str, **context: object) -> Page:
        body = self._render(template, path, **context)
        return Page(path, title, body, {"search": {"exclude": True}})

    def jobs(self) -> Iterator[tuple[str, Callable[[], Page]]]:
        """Every generated page as (path, how to render it), in a stable order: the path is
        known before the page is rendered, so the work can be shared between processes."""
        idx = self.index
        for incident in idx.published:
            yield f"incidents/{incident.id}.md", partial(self.incident, incident)
        for old, new in sorted(idx.redirects.items()):
            yield f"incidents/{old}.md", partial(self.redirect, old, new)
        for faction_id in sorted(self.db.factions):
            yield f"factions/{faction_id}.md", partial(self.faction, faction_id)
        for place_id in sorted(self.db.places):
            yield f"places/{place_id}.md", partial(self.place, place_id)
        listings: list[tuple[str, str, str, dict]] = [
            ("incidents_index.md.j2", "incidents/index.md", "Incidents", {}),
            (
                "timeline_index.md.j2",
                "timeline/index.md",
                "Timeline",
                {"years": sorted(set(idx.by_year) | set(idx.continuing))},
            ),
        ]
        years = sorted(set(idx.by_year) | set(idx.continuing))
        for year in years:
            context = {
                "year": year,
                "incidents": idx.by_year.get(year, []),
                "continuing": idx.continuing.get(year, []),
                "years": years,
            }
            listings.append(
                ("timeline_year.md.j2", f"timeline/{year}.md", f"Timeline {year}", context)
            )
        listings += [
            ("factions_index.md.j2", "factions/index.md", "Factions", {}),
            ("places_index.md.j2", "places/index.md", "Places", {}),
            ("statistics.md.j2", "statistics.md", "Statistics", {}),
            ("map.md.j2", "map.md", "Map", {}),
        ]
        for template, path, title, context in listings:
            yield path, partial(self.listing, template, path, title, **context)

    def pages(self) -> Iterator[Page]:
        """Every generated page, rendered, in a stable order."""
        for _, job in self.jobs():
            yield job()
