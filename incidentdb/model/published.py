"""What every output is made from: the database, its indexes, and where it is published."""

from __future__ import annotations

from dataclasses import dataclass

from incidentdb.model.index import Index
from incidentdb.model.records import Database


@dataclass(frozen=True)
class SiteInfo:
    """What pages and downloads need to know about where the site and its data live."""

    site_url: str = ""
    repo_url: str = ""
    branch: str = "main"
    data_path: str = "data/incidents.yaml"
    site_name: str = "Iraq Incident Database"
    # Where readers without a code-hosting account can send corrections (mkdocs.yml
    # extra.corrections_email). While it is empty the pages offer no address: none is
    # invented until the team names a real mailbox.
    corrections_email: str = ""
    # Entries on one page of a long list: a faction's or place's, the table, a timeline year.
    page_size: int = 200


@dataclass
class Published:
    """The database as published: its records, the indexes built once over them, and the
    site's address. Exports and pages read it; nothing changes it."""

    db: Database
    index: Index
    info: SiteInfo
