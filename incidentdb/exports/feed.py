"""The Atom feed of incidents by date added (`created`), newest first.

Written with lxml: feedgen 1.0.0 drops `rel` and `type` from entry links and stamps the
clock into `updated` by default. Deterministic: the feed's `updated` is the newest
`created`, never the clock, so two builds of the same data are byte-identical.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lxml import etree

from incidentdb.exports.text import plain_text
from incidentdb.model import labels, present
from incidentdb.model.records import Incident

if TYPE_CHECKING:
    from incidentdb.model.published import Published

ATOM = "http://www.w3.org/2005/Atom"
FEED_SIZE = 50
AUTHOR = "Iraq Incident Database contributors"
# The feed's `updated` when no incident is published yet (fixed, so builds stay identical).
EMPTY_FEED_UPDATED = "2019-01-01"
# Characters XML 1.0 cannot carry at all (C0 controls but tab and newlines, surrogates, FFFE/F).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def latest_added(incidents: list[Incident], size: int = FEED_SIZE) -> list[Incident]:
    """The `size` incidents added last: by `created`, then event date, then id, newest first."""
    return sorted(incidents, key=lambda i: (i.created, i.date.lower, i.id), reverse=True)[:size]


def timestamp(day: str) -> str:
    """A `created` day (YYYY-MM-DD) as an RFC 3339 instant: midnight UTC."""
    return f"{day}T00:00:00Z"


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attrs: str) -> etree._Element:
    clean = {name: _NOT_XML.sub("", value) for name, value in attrs.items()}
    element = etree.SubElement(parent, f"{{{ATOM}}}{tag}", clean)
    element.text = _NOT_XML.sub("", text) if text is not None else None
    return element


def feed_xml(site: Published) -> bytes:
    entries = latest_added(site.index.published)
    base = site.info.site_url
    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    feed.set("{http://www.w3.org/XML/1998/namespace}lang", "en")
    _sub(feed, "id", base or "tag:iraq-incident-database,2026:feed")
    _sub(feed, "title", f"{site.info.site_name}: new incidents")
    _sub(feed, "subtitle", "Incidents as they are added to the database, newest first.")
    _sub(feed, "updated", timestamp(entries[0].created if entries else EMPTY_FEED_UPDATED))
    _sub(_sub(feed, "author"), "name", AUTHOR)
    _sub(feed, "link", href=base or "./", rel="alternate", type="text/html")
    _sub(feed, "link", href=f"{base}feed.xml", rel="self", type="application/atom+xml")
    _sub(feed, "rights", "Data: CC BY 4.0. Code: MIT.")
    for incident in entries:
        _entry(feed, incident, base)
    return etree.tostring(feed, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _entry(feed: etree._Element, incident: Incident, base: str) -> None:

    url = present.permalink(incident, base)
    entry = _sub(feed, "entry")
    _sub(entry, "id", url if base else f"tag:iraq-incident-database,2026:incidents/{incident.id}")
    _sub(entry, "title", incident.title)
    _sub(entry, "link", href=url, rel="alternate", type="text/html")
    _sub(entry, "published", timestamp(incident.created))
    _sub(entry, "updated", timestamp(incident.created))
    _sub(entry, "summary", plain_text(incident.summary))
    _sub(entry, "category", term=incident.type, label=labels.words(incident.type))
