"""Rendering on small fixture data: a real strict build, assertions on the parsed HTML."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
import yaml
from conftest import FIXTURES, soup_of

from incidentdb.model import labels, present
from incidentdb.model.index import build_index
from incidentdb.model.load import load_database
from incidentdb.model.records import Count, EdtfDate
from incidentdb.site.render import Renderer, url_of

INCIDENT = "incidents/2020-02-16-baghdad-rockets/"


@pytest.fixture(scope="module")
def db():
    return load_database(FIXTURES / "small.yaml")


def text(node) -> str:
    """Visible text with whitespace normalised, as a reader sees it."""
    return re.sub(r" ([,:;.)])", r"\1", " ".join(node.get_text(" ").split()))


def test_incident_page_states_facts_with_their_sources(small_site):
    soup = soup_of(small_site, INCIDENT)
    assert soup.title.string == "Rockets near the US embassy in Baghdad - Iraq Incident Database"
    assert text(soup.select_one("article h1")) == "Rockets near the US embassy in Baghdad"
    facts = {text(tr.th): tr.td for tr in soup.select(".idb-facts-table tr")}
    assert text(facts["Date"]) == "16 February 2020 2020-02-16"
    when = [text(li) for li in facts["When, as reported"].select("li")]
    assert when == [
        "00:30 UTC vers 00H30 GMT [1]",
        "15:24 Iraq time (UTC+3) 15 h 24 (heure irakienne) [2]",
    ]
    assert text(facts["Munitions"]) == "at least 2 × rocket plusieurs roquettes [1]"
    assert [a["href"] for a in facts["Targets"].select("a")] == [
        "../../places/union-iii/",
        "#src-reuters-fr-2020-02-16",
    ]
    sources = soup.select(".idb-sources li")
    assert [li["id"] for li in sources] == ["src-afp-fr-2020-02-16", "src-reuters-fr-2020-02-16"]
    assert text(sources[1]) == (
        "Unnamed outlet — French, undated; carries Reuters (our inference). Read"
        " ↩ Cited in: When, as reported · Targets · Responsibility"
        " · Disagreement: Time of the attack"
    )
    assert sources[1].select_one("a[href]")["href"] == "https://example.org/roquettes"


def test_discrepancy_shows_both_values_side_by_side(small_site):
    soup = soup_of(small_site, INCIDENT)
    (section,) = soup.select(".idb-discrepancy")
    assert text(section.h3) == "Time of the attack (when)"
    sides = [
        (text(s.select_one(".idb-value")), text(s.select_one(".idb-by")))
        for s in section.select(".idb-side")
    ]
    assert sides == [
        ("around 00:30 GMT", "AFP, French, February 2020 [1]"),
        ("15:24 Iraqi time", "Unnamed outlet, French, undated [2]"),
    ]
    assert text(section.select_one(".idb-resolution")) == "Editors’ note: Open."


def test_responsibility_lists_each_assertion(small_site):
    soup = soup_of(small_site, INCIDENT)
    row = next(tr for tr in soup.select(".idb-facts-table tr") if text(tr.th) == "Responsibility")
    assert [text(li) for li in row.select("li")] == [
        "unclaimed [1]",
        "blamed Hashd al-Shaabi “groupes soutenus par l'Iran” — according to United States [2]",
    ]


def test_summary_markdown_is_rendered_and_sanitised(small_site):
    summary = soup_of(small_site, INCIDENT).select_one(".idb-summary")
    assert summary.em.string == "embassy"
    link = summary.a
    assert link["href"] == "https://www.afp.com/"
    assert link["rel"] == ["noopener", "noreferrer", "nofollow"]


def test_cite_box_and_edit_link(small_site):
    soup = soup_of(small_site, INCIDENT)
    bibtex = soup.select_one(".idb-bibtex").get_text()
    assert bibtex.startswith("@misc{iid-2020-02-16-baghdad-rockets,")
    assert "incidents/2020-02-16-baghdad-rockets/}" in bibtex
    links = {a.get_text(): a["href"] for a in soup.select(".idb-record a")}
    # the record by its id, next to its page (a line number would drift with every edit)
    assert links["view the data"] == "data.json"
    assert (small_site / INCIDENT / "data.json").exists()
    assert links["edit the data"].endswith("/edit/main/data/incidents.yaml")


def test_merged_incident_redirects_to_survivor(small_site):
    soup = soup_of(small_site, "incidents/2020-01-old-duplicate/")
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})
    assert refresh["content"] == "0; url=../2020-02-16-baghdad-rockets/"
    assert (
        soup.select_one(".idb-redirect a")["href"] == "../../incidents/2020-02-16-baghdad-rockets/"
    )
    # A merged record is not counted or listed as an incident.
    rows = soup_of(small_site, "incidents/").select("#idb-incidents tbody tr")
    assert len(rows) == 1


def test_faction_page_lists_aliases_and_incidents_by_role(small_site):
    soup = soup_of(small_site, "factions/hashd-al-shaabi/")
    aliases = [
        (text(tr.select("td")[0]), text(tr.select("td")[1]))
        for tr in soup.select(".idb-aliases tbody tr")
    ]
    assert aliases == [
        ("Hashd al-Shaabi", "canonical"),
        ("Hachd al-Chaabi", "French"),
        ("Hashed al-Shaabi", "French"),
    ]
    assert [a.string for a in soup.select(".idb-lede ~ p a")] == ["Harakat al-Nujaba"]
    sections = {s["data-role"]: s for s in soup.select(".idb-section")}
    assert list(sections) == ["blamed"]  # the umbrella's own incident: no member named
    rows = sections["blamed"].select(".idb-entries li")
    assert [entry(li) for li in rows] == [
        ["16 February 2020", "Rockets near the US embassy in Baghdad", "According to United States"]
    ]
    assert rows[0].a["href"] == "../../incidents/2020-02-16-baghdad-rockets/"
    assert text(soup.select_one(".idb-counts")) == (
        "1 incident (with its members'): blamed in 1. First: 16 February 2020; last: "
        "16 February 2020."
    )


def entry(li) -> list[str]:
    """An incident in a faction's or place's list: date, title, and what follows."""
    return [text(node) for node in li.find_all(recursive=False)]


def test_place_page_counts_incidents_of_places_within(small_site):
    soup = soup_of(small_site, "places/iraq/")
    rows = [entry(li) for li in soup.select(".idb-section .idb-entries li")]
    assert rows == [
        [
            "16 February 2020",
            "Rockets near the US embassy in Baghdad",
            "Baghdad: place; Baghdad › Union III: target",
        ]
    ]
    union = soup_of(small_site, "places/union-iii/")
    lede = union.select_one(".idb-lede")
    assert lede.get_text() == "military base · in Baghdad, Iraq"
    assert [a["href"] for a in lede.select("a")] == ["../../places/baghdad/", "../../places/iraq/"]
    assert entry(union.select_one(".idb-section .idb-entries li"))[2] == "Union III: target"


def test_incidents_are_not_listed_in_the_navigation(small_site):
    soup = soup_of(small_site, "")
    nav_links = [a["href"] for a in soup.select("nav.md-nav a[href]")]
    assert "incidents/" in nav_links
    assert not [h for h in nav_links if h.startswith("incidents/20")]


def test_timeline_places_incidents_by_month(small_site):
    soup = soup_of(small_site, "timeline/2020/")
    (section,) = soup.select("section#m2")
    assert text(section.h2) == "February 2020"
    assert text(section.select_one(".idb-event")) == (
        "16 February 2020 · Rockets near the US embassy in Baghdad Rocket attack · Baghdad · "
        "Hashd al-Shaabi blamed"
    )


def test_generated_pages_never_render_macros(db):
    renderer = Renderer(db, build_index(db))
    for page in renderer.pages():
        front = yaml.safe_load(page.markdown().split("---\n")[1])
        assert front["render_macros"] is False, page.path
        assert front["title"] == page.title


def test_glossary_names_weigh_most_and_lists_are_left_out_of_search(small_site):
    faction = soup_of(small_site, "factions/nujaba/")
    assert faction.select_one("[data-pagefind-body] h1")["data-pagefind-weight"] == "10"
    assert faction.select_one(".idb-aliases")["data-pagefind-weight"] == "9"
    for listing in ("incidents/", "timeline/2020/", "factions/", "places/"):
        assert soup_of(small_site, listing).select_one("[data-pagefind-body]") is None, listing


def test_home_page_macros_give_live_figures(small_site):
    soup = soup_of(small_site, "")
    assert text(soup.select_one(".idb-figures")).startswith(
        "1 incidents · 2 factions · 3 places · 2 sources"
    )
    latest = soup.select(".idb-latest li a")
    assert [a["href"] for a in latest] == ["incidents/2020-02-16-baghdad-rockets/"]


def test_about_page_field_reference_comes_from_the_schema(small_site):
    soup = soup_of(small_site, "about/")
    paths = [code.string for code in soup.select(".idb-fields tbody tr td:first-child code")]
    assert "incidents[].casualties[].count.min" in paths
    assert "factions[].aliases[].lang" in paths


@pytest.mark.parametrize(
    ("edtf", "label", "precision"),
    [
        ("2020-02-16", "16 February 2020", "day"),
        ("2020-02", "February 2020", "month"),
        ("2021-03-15?", "15 March 2021?", "day-uncertain"),
        ("2021-03-15~", "about 15 March 2021", "day-uncertain"),
        ("2019-10-28/2020-02-16", "between 28 October 2019 and 16 February 2020", "range"),
        ("[2021-02-15,2021-02-16]", "15 February 2021 or 16 February 2021", "range"),
        ("2020", "2020", "range"),
        ("2020-03-01/2020-03-15", "between 1 March 2020 and 15 March 2020", "range"),
    ],
)
def test_dates_keep_their_precision(edtf, label, precision):
    date = EdtfDate.of(edtf)
    assert labels.date_label(date) == label
    assert date.precision == precision


def test_edtf_bounds():
    date = EdtfDate.of("2020-02")
    assert (date.lower, date.upper) == (dt.date(2020, 2, 1), dt.date(2020, 2, 29))


@pytest.mark.parametrize(
    ("count", "label"),
    [
        (Count(7, 7, 7), "7"),
        (Count(min=2), "at least 2"),
        (Count(best=10), "about 10"),
        (Count(3, None, 4), "3–4"),
        (Count(min=1, best=3), "at least 1 (best 3)"),
    ],
)
def test_counts_stay_ranges(count, label):
    assert str(count) == label


def test_url_of_matches_mkdocs_directory_urls():
    assert url_of("incidents/x.md") == "incidents/x/"
    assert url_of("incidents/index.md") == "incidents/"
    assert url_of("index.md") == ""


def test_rich_text_allows_only_http_links_and_no_html():
    html = present.rich_text("*a* [b](javascript:alert(1)) <script>x</script> [c](https://e.org)")
    assert "<script" not in html and "javascript:" not in html
    assert '<a href="https://e.org" rel="noopener noreferrer nofollow">c</a>' in html


def test_an_incident_is_indexed_with_its_facts_and_quotes(small_site):
    body = soup_of(small_site, INCIDENT).select_one("[data-pagefind-body]")
    assert body.select_one("[data-pagefind-meta=kind]").get_text() == "Incident"
    assert "plusieurs roquettes" in body.get_text()  # a quote: readers search its words
    assert "embassy" in body.get_text()


def test_table_rows_carry_every_place_reached_and_only_attributed_factions(small_site):
    table = json.loads((small_site / "incidents/table/index.json").read_text(encoding="utf-8"))
    (row,) = table["r"]
    places = [table["pl"][n][0] for n in row[4]]
    assert sorted(places) == ["baghdad", "iraq", "union-iii"]
    assert [table["fa"][n][0] for n in row[5]] == ["hashd-al-shaabi"]
    soup = soup_of(small_site, "incidents/")
    options = [box["value"] for box in soup.select("input[name=faction]")]
    assert options == ["hashd-al-shaabi"]
    places = [box["value"] for box in soup.select("input[name=place]")]
    assert places == ["iraq", "baghdad", "union-iii"]  # the tree: each place before those in it


@pytest.mark.parametrize(
    "prose",
    [
        "Rockets fell near the embassy.\nNo one was hurt.\n\nA second paragraph.",
        "Rockets “fell” near the embassy; officials' count: 3.",
        "x < y & z",
        "*emphasis* and [a link](https://example.org/)",
        "1. a list\n2. more",
        "- a bullet",
    ],
)
def test_plain_prose_shortcut_renders_like_markdown(prose):
    import markdown
    from bs4 import BeautifulSoup

    full = present.nh3.clean(
        markdown.markdown(prose),
        tags={"p", "em", "strong", "a", "code", "br", "ul", "ol", "li"},
        attributes={"a": {"href"}},
        link_rel="noopener noreferrer nofollow",
    )

    def shape(html: str) -> list:
        return [(t.name, t.get_text()) for t in BeautifulSoup(html, "html.parser").find_all(True)]

    assert shape(present.rich_text(prose)) == shape(full)


def test_an_error_report_by_email_names_the_record_only_when_the_site_has_a_mailbox(db):
    from urllib.parse import parse_qs, urlsplit

    from incidentdb.model.published import SiteInfo

    incident = next(iter(db.incidents.values()))
    site = SiteInfo(site_url="https://example.org/db/", corrections_email="fix@example.org")
    mail = urlsplit(present.report_error_mail(incident, site))
    assert (mail.scheme, mail.path) == ("mailto", "fix@example.org")
    query = parse_qs(mail.query)
    assert query["subject"] == [f"Error in {incident.id}"]
    assert f"https://example.org/db/incidents/{incident.id}/" in query["body"][0]
    assert present.report_error_mail(incident, SiteInfo()) == ""
    page = Renderer(db, build_index(db), site).incident(incident).body
    assert 'href="mailto:fix@example.org?subject=' in page
    assert "mailto:" not in Renderer(db, build_index(db), SiteInfo()).incident(incident).body
