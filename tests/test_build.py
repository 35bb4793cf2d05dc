"""The real site, built strictly from data/incidents.yaml: the facts review corrected are stated
with their sources, the data meets what the coverage issue asks, and every glossary page links
every incident that involves it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from conftest import ROOT, soup_of

from incidentdb.model.index import build_index
from incidentdb.model.load import load_database

# Facts that review found wrong or missing, as the pages must now state them: (facts-table
# row, expected text fragment, id of a source that must be cited on that row).
FACTS = {
    "2019-12-31-us-embassy-baghdad-storming": [
        ("Date", "between 31 December 2019 and 1 January 2020", None),
        ("Damage", "setting fire to a reception area", "fox59-ap-en-2019-12-31-us-embassy-attack"),
        (
            "Also involved",
            "participant Kataib Hezbollah",
            "fox59-ap-en-2019-12-31-us-embassy-attack",
        ),
    ],
    "2019-12-29-us-airstrikes-kataib-hezbollah": [
        ("Category", "Strike by the US or its partners", None),
        (
            "Also involved",
            "target Kataib Hezbollah",
            "japantimes-reuters-en-2019-12-30-us-strikes-kataib-hezbollah",
        ),
    ],
    "2020-01-iranian-missile-strike-iraqi-base": [
        ("Date", "8 January 2020", None),
        ("Targets", "Ain al-Asad", "time-ap-2020-02-16-baghdad-embassy-rockets"),
        ("Casualties", "wounded: at least 24", "time-ap-2020-02-16-baghdad-embassy-rockets"),
        ("Casualties", "wounded: about 100", "afp-en-2020-02-17-baghdad-rockets"),
    ],
    "2020-01-26-us-embassy-baghdad-rockets": [
        ("When, as reported", "around 19:30", "swj-stripes-en-2020-01-embassy-rockets"),
        (
            "When, as reported",
            "(evening) sur une cafeteria à l'heure du dîner",
            "rtl-belga-fr-2020-01-26-ambassade-roquettes",
        ),
        ("In a series", "at least 15: more than fourteen", "france24-en-baghdad-embassy-rockets"),
    ],
    "2020-02-16-baghdad-green-zone-rockets": [
        ("When, as reported", "around 00:30 UTC", "afp-en-2020-02-17-baghdad-rockets"),
        ("When, as reported", "before 03:30", "time-ap-2020-02-16-baghdad-embassy-rockets"),
        ("In a series", "19: the 19th attack", "afp-en-2020-02-17-baghdad-rockets"),
    ],
    "2021-02-balad-air-base-rockets-contractor-wounded": [
        ("Date", "20 February 2021", None),
    ],
    "2021-03-15-balad-air-base-rocket-attack": [
        ("Damage", "civilian house", "rudaw-en-2021-03-15-balad-rockets"),
        ("Where munitions landed", "al-Bou Hassan: 5", "20minutes-en-balad-rockets"),
        (
            "Where munitions landed",
            "Balad Air Base: 5",
            "rudaw-en-2021-03-15-balad-rockets",
        ),
        ("Launched from", "Saadiyat al-Shat", "rudaw-en-2021-03-15-balad-rockets"),
    ],
}

# Disagreements between sources, kept side by side: (incident, one side, the other).
DISCREPANCIES = [
    (
        "2020-01-iranian-missile-strike-iraqi-base",
        "Dozens of US service members",
        "About a hundred",
    ),
    ("2020-01-26-us-embassy-baghdad-rockets", "At dinner time", "About 7:30 p.m."),
    ("2021-03-15-balad-air-base-rocket-attack", "Two inside the base", "At least five on the base"),
    ("2021-03-03-ain-al-asad-rocket-attack", "07:20 local time", "07:30 local time"),
    ("2021-02-us-strike-syria-iraqi-militias", "At least 22", "One (Kataib Hezbollah"),
    ("2019-12-27-k1-rocket-attack", "At least 30", "Two (security source"),
]

SEED_FACTIONS = {
    "hashd": ["Hachd al-Chaabi", "Hashed al-Shaabi", "Hashd", "PMF"],
    "kataib-hezbollah": ["Kataeb Hezbollah", "Kata'ib Hizballah", "brigades du Hezbollah"],
    "nujaba": ["Noujaba", "Nujaba", "Harakat Hezbollah al-Nujaba"],
    "united-states": ["Washington", "Pentagon"],
    "coalition": ["CJTF-OIR", "anti-jihadist coalition"],
    "iran": ["Tehran"],
}
SEED_PLACES = {
    "us-embassy-baghdad": [],
    "union-iii": ["Union 3"],
    "green-zone": ["International Zone", "Zone verte"],
    "baghdad": [],
    "baghdad-hashd-logistics-centre": [],
    "balad-air-base": ["Joint Base Balad"],
    "al-bou-hassan": [],
    "diyala": [],
    "saadiyat-al-shat": [],
    "salah-al-din": [],
    "ain-al-asad": ["Ain al-Assad", "Aïn al-Assad"],
    "erbil-airport": [],
    "erbil": ["Arbil", "Irbil"],
    "k1-air-base": ["K-1 Air Base"],
    "syria": [],
}


def text(node) -> str:
    """Visible text with whitespace normalised, as a reader sees it."""
    return re.sub(r" ([,:;.)])", r"\1", " ".join(node.get_text(" ").split()))


def fact_rows(soup) -> dict[str, object]:
    return {text(tr.th): tr.td for tr in soup.select(".idb-facts-table tr")}


@pytest.fixture(scope="module")
def index():
    return build_index(load_database(ROOT / "data/incidents.yaml"))


@pytest.mark.parametrize(
    ("incident", "row", "fragment", "source"),
    [(i, *fact) for i, facts in FACTS.items() for fact in facts],
)
def test_incident_page_states_fact_with_its_source(real_site, incident, row, fragment, source):
    soup = soup_of(real_site, f"incidents/{incident}/")
    cell = fact_rows(soup)[row]
    items = cell.select("li") or [cell]
    matching = [li for li in items if fragment in text(li)]
    assert matching, f"{fragment!r} not in {row}: {[text(li) for li in items]}"
    if source:
        cited = {a["href"] for li in matching for a in li.select("sup.idb-cite a")}
        assert f"#src-{source}" in cited
        assert soup.find(id=f"src-{source}") is not None


def test_the_embassy_rockets_of_26_january_are_not_at_midday(real_site):
    soup = soup_of(real_site, "incidents/2020-01-26-us-embassy-baghdad-rockets/")
    when = text(fact_rows(soup)["When, as reported"])
    assert "midday" not in when and "lunchtime" not in when


@pytest.mark.parametrize(("incident", "one", "other"), DISCREPANCIES)
def test_discrepancies_show_both_sides_with_sources(real_site, incident, one, other):
    soup = soup_of(real_site, f"incidents/{incident}/")
    sides = soup.select(".idb-discrepancy .idb-side")
    for fragment in (one, other):
        side = next((s for s in sides if fragment in text(s.select_one(".idb-value"))), None)
        assert side is not None, f"{fragment!r} not shown side by side"
        assert side.select("sup.idb-cite a[href^='#src-']")


def test_every_cited_figure_links_to_a_listed_source(real_site, index):
    for incident in index.published:
        soup = soup_of(real_site, f"incidents/{incident.id}/")
        listed = {li["id"] for li in soup.select(".idb-sources li")}
        assert listed == {f"src-{s}" for s in incident.sources}
        for a in soup.select("sup.idb-cite a"):
            assert a["href"][1:] in listed, (incident.id, a["href"])
        for li in soup.select(".idb-facts-table li"):
            assert li.select("sup.idb-cite a"), (incident.id, text(li))


# --- what the "done when" asks of the data ---------------------------------------


def test_the_campaign_is_covered_with_sources_a_reader_can_open(index):
    db = index.db
    period = [
        i
        for i in index.published
        if dt.date(2019, 10, 28) <= i.date.lower and i.date.upper <= dt.date(2021, 3, 31)
    ]
    assert len(period) >= 60
    for incident in period:
        assert any(db.sources[s].url for s in incident.sources), incident.id
    series = [i for i in period if i.category == "attack" and i.date.upper <= dt.date(2020, 2, 16)]
    assert len(series) >= 19  # AFP: the 19th attack on US interests since 28 October


def test_every_source_is_one_a_reader_can_find(index):
    for source in index.db.sources.values():
        assert source.publisher and source.date, source.id
        public = " ".join(filter(None, (source.publisher, source.title, source.note)))
        assert "seed" not in public.lower(), source.id
        assert not re.search(r"\d{3}_[0-9a-f]{8,}", public), source.id


def test_a_faction_page_lists_every_incident_it_takes_any_role_in(real_site, index):
    db = index.db
    involved: dict[str, set[str]] = {f: set() for f in db.factions}
    for incident in index.published:
        named = {a.faction for a in incident.responsibility if a.faction}
        named |= {a.faction for a in incident.actors}
        for faction in named:
            involved[faction].add(incident.id)
            todo = list(db.factions[faction].member_of)
            while todo:  # and every umbrella above it
                umbrella = todo.pop()
                involved[umbrella].add(incident.id)
                todo.extend(db.factions[umbrella].member_of)
    assert involved["hashd"] > involved["kataib-hezbollah"]  # the umbrella takes its members'
    for faction, ids in involved.items():
        soup = soup_of(real_site, f"factions/{faction}/")
        links = {a["href"] for a in soup.select(".idb-section .idb-entries li > a")}
        assert links == {f"../../incidents/{i}/" for i in ids}, faction


@pytest.mark.parametrize(("faction", "aliases"), SEED_FACTIONS.items())
def test_faction_glossary_page_has_aliases(real_site, faction, aliases):
    soup = soup_of(real_site, f"factions/{faction}/")
    names = [text(tr.td) for tr in soup.select(".idb-aliases tbody tr")]
    for alias in aliases:
        assert alias in names


@pytest.mark.parametrize(("place", "aliases"), SEED_PLACES.items())
def test_place_glossary_page_has_aliases_and_backlinks(real_site, index, place, aliases):
    soup = soup_of(real_site, f"places/{place}/")
    names = [text(tr.td) for tr in soup.select(".idb-aliases tbody tr")]
    for alias in aliases:
        assert alias in names
    links = {a["href"] for a in soup.select(".idb-section .idb-entries li > a")}
    expected = {f"../../incidents/{inv.incident.id}/" for inv in index.by_place.get(place, [])}
    assert links == expected
    assert expected or place in {"syria"}, f"no incident at {place}"


def test_glossary_roles_are_named(real_site):
    soup = soup_of(real_site, "factions/kataib-hezbollah/")
    roles = {section["data-role"] for section in soup.select(".idb-section")}
    assert {"blamed", "suspected", "target", "participant", "statement"} <= roles
    diyala = soup_of(real_site, "places/diyala/")
    roles = {text(span) for span in diyala.select(".idb-entries .idb-stance")}
    assert "launch site" in roles


def test_umbrella_page_lists_its_member_factions(real_site):
    soup = soup_of(real_site, "factions/hashd/")
    members = {a.string for a in soup.select(".idb-glossary p a")}
    assert {"Kataib Hezbollah", "Harakat al-Nujaba"} <= members


def test_every_incident_is_reached_from_the_indexes(real_site, index):
    table = {a["href"] for a in soup_of(real_site, "incidents/").select("#idb-incidents a")}
    timeline = set()
    for year in index.by_year:
        timeline |= {
            a["href"] for a in soup_of(real_site, f"timeline/{year}/").select(".idb-event a")
        }
    for incident in index.published:
        assert f"../incidents/{incident.id}/" in table
        assert f"../../incidents/{incident.id}/" in timeline
    nav = {a["href"] for a in soup_of(real_site, "").select("nav.md-nav a[href]")}
    assert not {h for h in nav if h.startswith("incidents/20")}


def test_uncertain_dates_are_shown_as_uncertain(real_site):
    soup = soup_of(real_site, "timeline/2020/")
    dates = [text(li.select_one(".idb-date")) for li in soup.select(".idb-event")]
    assert "20 January 2020 or 21 January 2020" in dates
    soup = soup_of(real_site, "timeline/2019/")
    dates = [text(li.select_one(".idb-date")) for li in soup.select(".idb-event")]
    assert "between 31 December 2019 and 1 January 2020" in dates


def test_the_coverage_statement_sets_afp_s_count_against_the_records(real_site, index):
    soup = soup_of(real_site, "statistics/")
    rows = [
        [text(td) for td in tr.select("td")] for tr in soup.select(".idb-coverage-table tbody tr")
    ]
    afp = next(r for r in rows if "the 19th attack on American interests" in r[2])
    assert afp[1] == "between 28 October 2019 and 16 February 2020"
    recorded = sum(
        1
        for i in index.published
        if i.category == "attack"
        and i.date.lower >= dt.date(2019, 10, 28)
        and i.date.upper <= dt.date(2020, 2, 16)
    )
    assert afp[3].startswith(str(recorded))


def test_a_page_size_the_build_cannot_use_stops_it_with_one_clear_line(tmp_path) -> None:
    from conftest import FIXTURES, mkdocs_build

    result = mkdocs_build(
        tmp_path / "site", FIXTURES / "small.yaml", {"INCIDENTS_PAGE_SIZE": "ten"}
    )
    assert result.returncode != 0
    assert "page size 'ten': give a whole number of entries, 1 or more" in result.stderr
    assert "Traceback" not in result.stdout + result.stderr
