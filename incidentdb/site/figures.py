"""Figures and lists for hand-written pages (called through macros.py). HTML out, escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

from incidentdb.data.schema import DATABASE, field_reference
from incidentdb.model import labels
from incidentdb.site.build import Site


def incident_count(site: Site) -> str:
    return f"{len(site.index.published):,}"


def faction_count(site: Site) -> str:
    return f"{len(site.db.factions):,}"


def place_count(site: Site) -> str:
    return f"{len(site.db.places):,}"


def source_count(site: Site) -> str:
    return f"{len(site.db.sources):,}"


def date_span(site: Site) -> str:
    published = site.index.published
    if not published:
        return "no incidents yet"
    return f"{labels.date_label(published[0].date)} to {labels.date_label(published[-1].date)}"


def latest_incidents(site: Site, base: str, limit: int = 5) -> Markup:
    """The most recent incidents by event date, as a list linking to their pages."""
    items = []
    for i in reversed(site.index.published[-limit:]):
        items.append(
            Markup(
                '<li><span class="idb-date">{}</span> · <a href="{}incidents/{}/">{}</a> · {}</li>'
            ).format(labels.date_label(i.date), base, i.id, i.title, labels.words(i.type))
        )
    return Markup('<ul class="idb-latest">\n{}\n</ul>').format(Markup("\n").join(items))


def example_citation(site: Site, base: str) -> Markup:
    """How to cite one incident, shown with a real one: the record with the most sources
    (ties by id), linked to its page so the example always resolves."""
    from incidentdb.model import present

    published = site.index.published
    if not published:
        return Markup("")
    incident = min(published, key=lambda i: (-len(i.sources), i.id))
    return Markup('> {}\n>\n> (<a href="{}incidents/{}/">the page cited</a>)').format(
        present.citation_text(incident, site.info), base, incident.id
    )


def data_dictionary() -> Markup:
    """The columns of the CSV, from their one declaration (which datapackage.json shares)."""
    from incidentdb.exports.dictionary import dictionary_markdown

    return Markup(dictionary_markdown())  # noqa: S704 - our own declaration, not data


def dataset_jsonld(site: Site) -> Markup:
    """schema.org Dataset metadata for search engines and data catalogues, as JSON-LD."""
    import json

    info, index = site.info, site.index
    files = [
        ("incidents.csv", "text/csv"),
        ("incidents.json", "application/json"),
        ("incidents.geojson", "application/geo+json"),
        ("database.json", "application/json"),
        ("datapackage.json", "application/json"),
    ]
    cov = site.db.coverage
    dataset = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": info.site_name,
        "description": (
            "Attacks on US, coalition and diplomatic sites in Iraq and the strikes around "
            "them, each fact cited to public reports, disagreements between sources kept."
        ),
        "url": info.site_url,
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "isAccessibleForFree": True,
        "creator": {"@type": "Organization", "name": f"{info.site_name} contributors"},
        "spatialCoverage": {"@type": "Place", "name": "Iraq"},
        "dateModified": index.last_changed,
        "distribution": [
            {
                "@type": "DataDownload",
                "encodingFormat": kind,
                "contentUrl": f"{info.site_url}downloads/{name}",
            }
            for name, kind in files
        ],
    }
    if cov:
        dataset["temporalCoverage"] = cov.period.text
    text = json.dumps(dataset, ensure_ascii=False, indent=1).replace("</", "<\\/")
    return Markup('<script type="application/ld+json">\n{}\n</script>').format(Markup(text))  # noqa: S704 - JSON with every "</" escaped


def coverage(site: Site, base: str) -> Markup:
    """The coverage statement and the sources' counts against the records, as HTML."""
    from incidentdb.site.render import Renderer

    html = Renderer(site.db, site.index, site.info).fragment("coverage.html.j2", base)
    return Markup(html)  # noqa: S704 - rendered with autoescape from the data


def field_reference_table() -> Markup:
    """The field reference of the data file, generated from the schema."""
    rows = []
    for row in field_reference(DATABASE):
        choices = (
            Markup("<br>One of: ")
            + Markup(", ").join(Markup("<code>{}</code>").format(c) for c in row.choices)
            if row.choices
            else ""
        )
        rows.append(
            Markup("<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}{}</td></tr>").format(
                row.path, row.kind, "yes" if row.required else "", row.doc, choices
            )
        )
    head = Markup(
        '<table class="idb-fields"><thead><tr><th scope="col">Field</th>'
        '<th scope="col">Kind</th><th scope="col">Required</th><th scope="col">Meaning</th>'
        "</tr></thead><tbody>"
    )
    return head + Markup("\n").join(rows) + Markup("</tbody></table>")


__all__ = ["escape"]
