"""The real site, built strictly from data/incidents.yaml: every seed event states its key facts
with their sources, and every glossary page links its incidents."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, soup_of

from incidentdb.index import build_index
from incidentdb.load import load_database

# Key facts of each event the seed articles report or recall: (facts-table row, expected text
# fragment, id of a source that must be cited on that row).
SEED_EVENTS = {
    "2019-12-27-k1-rocket-attack": [
        ("Date", "27 December 2019", None),
        ("Munitions", "about 30 × rocket", "afp-en-2021-02-recap"),
        ("Casualties", "killed: 1 — American contractor", "unnamed-fr-2020-02-baghdad-roquettes"),
        ("Responsibility", "denied Kataib Hezbollah", "seed-index-k1"),
    ],
    "2019-12-29-us-airstrikes-kataib-hezbollah": [
        ("Date", "29 December 2019", None),
        ("Casualties", "killed: at least 25", "france24-en-baghdad-embassy-rockets"),
        ("Responsibility", "claimed United States", "france24-en-baghdad-embassy-rockets"),
    ],
    "2019-12-31-us-embassy-baghdad-storming": [
        ("Date", "31 December 2019", None),
        ("Targets", "US embassy in Baghdad", "france24-en-baghdad-embassy-rockets"),
    ],
    "2020-01-03-baghdad-drone-strike": [
        ("Date", "3 January 2020", None),
        ("Casualties", "Qassem Soleimani", "france24-en-baghdad-embassy-rockets"),
        ("Responsibility", "claimed United States", "afp-en-2020-02-17-baghdad-rockets"),
    ],
    "2020-01-iranian-missile-strike-iraqi-base": [
        ("Date", "January 2020", None),
        ("Casualties", "wounded: about 100", "afp-en-2020-02-17-baghdad-rockets"),
        ("Responsibility", "blamed Iran", "afp-fr-2020-02-baghdad-roquettes"),
    ],
    "2020-01-26-us-embassy-baghdad-rockets": [
        ("Date", "26 January 2020", None),
        ("Munitions", "3 × rocket", "france24-en-baghdad-embassy-rockets"),
        ("Casualties", "wounded: at least 1", "france24-en-baghdad-embassy-rockets"),
        ("Responsibility", "unclaimed", "france24-en-baghdad-embassy-rockets"),
    ],
    "2020-02-16-baghdad-green-zone-rockets": [
        ("Date", "16 February 2020", None),
        ("When, as reported", "00:30 UTC", "afp-en-2020-02-17-baghdad-rockets"),
        ("When, as reported", "15:24 Iraq time", "unnamed-fr-2020-02-baghdad-roquettes"),
        ("Targets", "Union III", "unnamed-fr-2020-02-baghdad-roquettes"),
        (
            "Targets",
            "Hashd al-Shaabi logistics support centre",
            "afp-en-2020-02-17-baghdad-rockets",
        ),
        ("Munitions", "3 × rocket", "afp-en-2020-02-17-baghdad-rockets"),
        ("Munitions", "at least 2 × rocket", "afp-fr-2020-02-baghdad-roquettes"),
        ("Responsibility", "unclaimed", "afp-fr-2020-02-baghdad-roquettes"),
        ("In a series", "19th attack", "afp-en-2020-02-17-baghdad-rockets"),
    ],
    "2020-12-convoy-bombings-during-truce": [
        ("Date", "between December 2020 and February 2021", None),
        ("Munitions", "at least 2 × bomb (IED)", "20minutes-en-balad-rockets"),
    ],
    "2021-02-15-erbil-airport-rocket-attack": [
        ("Date", "15 February 2021 or 16 February 2021", None),
        ("Casualties", "killed: 2", "20minutes-en-balad-rockets"),
    ],
    "2021-02-balad-air-base-rockets-contractor-wounded": [
        ("Casualties", "wounded: 1 — Iraqi employee", "20minutes-en-balad-rockets"),
    ],
    "2021-02-us-embassy-baghdad-rockets": [
        ("Where munitions landed", "near the US embassy", "20minutes-en-balad-rockets"),
    ],
    "2021-02-us-strike-syria-iraqi-militias": [
        (
            "Casualties",
            "killed: 22 — Iraqi militiamen (according to Syrian Observatory",
            "20minutes-en-balad-rockets",
        ),
        (
            "Casualties",
            "killed: 1 — one person (according to Pentagon)",
            "20minutes-en-balad-rockets",
        ),
    ],
    "2021-03-03-ain-al-asad-rocket-attack": [
        ("Date", "3 March 2021", None),
        (
            "Casualties",
            "died indirectly: 1 — US contractor, of a heart attack",
            "seed-index-ain-al-asad",
        ),
        ("Munitions", "about 10 × rocket", "seed-index-ain-al-asad"),
    ],
    "2021-03-15-balad-air-base-rocket-attack": [
        ("Date", "15 March 2021", None),
        ("Munitions", "7 × rocket (Katyusha-type)", "20minutes-en-balad-rockets"),
        ("Where munitions landed", "al-Bou Hassan: 5", "20minutes-en-balad-rockets"),
        ("Where munitions landed", "Balad Air Base: 5", "reuters-en-balad-rockets"),
        ("Launched from", "Diyala", "20minutes-en-balad-rockets"),
        ("Launched from", "Saadiyat al-Shat", "iraq-security-media-cell-balad-launch-site"),
    ],
}

# Disagreements the seeds carry: (incident, fragment of one side, fragment of the other).
DISCREPANCIES = [
    ("2020-02-16-baghdad-green-zone-rockets", "00:30 GMT", "15:24 Iraqi time"),
    (
        "2021-03-15-balad-air-base-rocket-attack",
        "Two inside the base, five",
        "Five on the base, two",
    ),
    ("2021-02-us-strike-syria-iraqi-militias", "22 Iraqi militiamen", "One person (Pentagon)"),
    ("2019-12-27-k1-rocket-attack", "Three US service members", "Four US service members"),
    ("2021-03-03-ain-al-asad-rocket-attack", "07:20 local time", "07:30 local time"),
    ("2021-02-15-erbil-airport-rocket-attack", "15 February 2021", "16 February 2021"),
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
    [(i, *fact) for i, facts in SEED_EVENTS.items() for fact in facts],
)
def test_seed_event_page_states_fact_with_its_source(real_site, incident, row, fragment, source):
    soup = soup_of(real_site, f"incidents/{incident}/")
    cell = fact_rows(soup)[row]
    items = cell.select("li") or [cell]
    matching = [li for li in items if fragment in text(li)]
    assert matching, f"{fragment!r} not in {row}: {[text(li) for li in items]}"
    if source:
        cited = {a["href"] for li in matching for a in li.select("sup.idb-cite a")}
        assert f"#src-{source}" in cited
        assert soup.find(id=f"src-{source}") is not None


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


@pytest.mark.parametrize(("faction", "aliases"), SEED_FACTIONS.items())
def test_faction_glossary_page_has_aliases_and_backlinks(real_site, index, faction, aliases):
    soup = soup_of(real_site, f"factions/{faction}/")
    names = [text(tr.td) for tr in soup.select(".idb-aliases tbody tr")]
    for alias in aliases:
        assert alias in names
    links = {a["href"] for a in soup.select(".idb-involvement a")}
    expected = {f"../../incidents/{inv.incident.id}/" for inv in index.by_faction.get(faction, [])}
    assert links == expected


@pytest.mark.parametrize(("place", "aliases"), SEED_PLACES.items())
def test_place_glossary_page_has_aliases_and_backlinks(real_site, index, place, aliases):
    soup = soup_of(real_site, f"places/{place}/")
    names = [text(tr.td) for tr in soup.select(".idb-aliases tbody tr")]
    for alias in aliases:
        assert alias in names
    links = {a["href"] for a in soup.select(".idb-involvement td:nth-of-type(2) a")}
    expected = {f"../../incidents/{inv.incident.id}/" for inv in index.by_place.get(place, [])}
    assert links == expected
    assert expected or place in {"syria"}, f"no incident at {place}"


def test_glossary_roles_are_named(real_site):
    soup = soup_of(real_site, "factions/kataib-hezbollah/")
    rows = {
        text(tr.select("td")[1]): text(tr.select("td")[2])
        for tr in soup.select(".idb-involvement tbody tr")
    }
    assert rows["Rocket attack on K1 base near Kirkuk kills a US contractor"] == "blamed, denied"
    balad = soup_of(real_site, "places/diyala/")
    roles = [text(tr.select("td")[2]) for tr in balad.select(".idb-involvement tbody tr")]
    assert roles == ["launch site"]


def test_umbrella_page_lists_its_member_factions(real_site):
    soup = soup_of(real_site, "factions/hashd/")
    members = {a.string for a in soup.select(".idb-glossary p a")}
    assert {"Kataib Hezbollah", "Harakat al-Nujaba"} <= members


def test_every_seed_event_is_reached_from_the_indexes(real_site, index):
    table = {a["href"] for a in soup_of(real_site, "incidents/").select("#idb-incidents a")}
    timeline = set()
    for year in index.by_year:
        timeline |= {
            a["href"] for a in soup_of(real_site, f"timeline/{year}/").select(".idb-event a")
        }
    for incident in SEED_EVENTS:
        assert f"../incidents/{incident}/" in table
        assert f"../../incidents/{incident}/" in timeline
    nav = {a["href"] for a in soup_of(real_site, "").select("nav.md-nav a[href]")}
    assert not {h for h in nav if h.startswith("incidents/20")}


def test_uncertain_dates_are_shown_as_uncertain(real_site):
    soup = soup_of(real_site, "timeline/2021/")
    dates = [text(li.select_one(".idb-date")) for li in soup.select(".idb-event")]
    assert "15 February 2021 or 16 February 2021" in dates
    assert "between February 2021 and 15 March 2021" in dates
    assert "February 2021" in dates


def test_timeline_names_who_is_blamed_even_without_a_faction_record(real_site):
    soup = soup_of(real_site, "timeline/2020/")
    event = next(
        li
        for li in soup.select(".idb-event")
        if "2020-02-16-baghdad-green-zone-rockets" in li.a["href"]
    )
    assert text(event).endswith(
        "Rocket attack · Green Zone · killed 0 · wounded 0 · “the pro-Iran armed factions” "
        "blamed; Hashd al-Shaabi blamed"
    )
