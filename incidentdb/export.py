"""Downloads: the data in analysis-ready forms, written from the model at build time."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .site import Site


def exports(site: Site) -> Iterator[tuple[str, str | bytes]]:
    from .jsonschema import schema_text

    yield "downloads/incidents.schema.json", schema_text()
