"""mkdocs-macros module: live figures and lists for the hand-written pages in docs/.

A thin adapter: the figures come from incidentdb.site.figures, over the build's shared Site.
Only pages that opt in (render_macros: true) are rendered as templates.
"""

from __future__ import annotations

from incidentdb.site import figures
from incidentdb.site.build import get_site


def define_env(env) -> None:  # noqa: ANN001 - mkdocs-macros' environment object
    def site():
        return get_site(env.conf)

    def base() -> str:
        url = env.page.url if env.page else ""
        return "../" * url.count("/")

    @env.macro
    def incident_count() -> str:
        return figures.incident_count(site())

    @env.macro
    def faction_count() -> str:
        return figures.faction_count(site())

    @env.macro
    def place_count() -> str:
        return figures.place_count(site())

    @env.macro
    def source_count() -> str:
        return figures.source_count(site())

    @env.macro
    def date_span() -> str:
        return figures.date_span(site())

    @env.macro
    def latest_incidents(limit: int = 5) -> str:
        return figures.latest_incidents(site(), base(), limit)

    @env.macro
    def example_citation() -> str:
        return figures.example_citation(site(), base())

    @env.macro
    def data_dictionary() -> str:
        return figures.data_dictionary()

    @env.macro
    def dataset_jsonld() -> str:
        return figures.dataset_jsonld(site())

    @env.macro
    def coverage() -> str:
        return figures.coverage(site(), base())

    @env.macro
    def field_reference() -> str:
        return figures.field_reference_table()
