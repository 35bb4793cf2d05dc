"""What a reader gets around each record (issue 11, points 1, 3 and 9), on the real site:
when the data last changed, a cite box with the record's address, last change and access
date, a "report an error" form that names the record, and the record's data by its id."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from conftest import ROOT, soup_of

from incidentdb.model import present
from incidentdb.model.index import build_index
from incidentdb.model.load import load_database

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
SITE_URL = CONFIG["site_url"]
REPO_URL = CONFIG["repo_url"]


@pytest.fixture(scope="module")
def real() -> tuple:
    db = load_database(ROOT / "data" / "incidents.yaml")
    return db, build_index(db)


@pytest.fixture(scope="module")
def changed(real: tuple) -> object:
    """A record changed after it was created, and whose event is years before the change."""
    db, index = real
    found = [i for i in index.published if i.updated and i.updated[:4] != str(i.date.lower.year)]
    assert found, "the data has records changed since they were created"
    return found[0]


def long_date(day: str) -> str:
    d = dt.date.fromisoformat(day)
    return f"{d.day} {d.strftime('%B')} {d.year}"


@pytest.mark.parametrize("path", ["", "statistics/", "timeline/"])
def test_home_statistics_and_timeline_say_when_the_data_last_changed(real_site: Path, real, path):
    _, index = real
    text = soup_of(real_site, path).select_one(".idb-coverage").get_text(" ", strip=True)
    assert f"Data last changed: {long_date(index.last_changed)}." in text
    assert index.last_changed == max(i.last_changed for i in real[0].incidents.values())


def test_the_record_says_when_it_was_created_and_last_changed(real_site: Path, changed):
    record = soup_of(real_site, f"incidents/{changed.id}/").select_one(".idb-record")
    text = record.get_text(" ", strip=True)
    assert f"created {long_date(changed.created)}" in text
    assert f"last changed {long_date(changed.updated)}" in text


def test_the_cite_box_gives_the_address_the_last_change_and_a_place_for_the_access_date(
    real_site: Path, changed
):
    soup = soup_of(real_site, f"incidents/{changed.id}/")
    text = soup.select_one(".idb-citation").get_text()
    assert f"{SITE_URL}incidents/{changed.id}/" in text
    assert f"last changed {long_date(changed.updated)}" in text
    assert "(accessed day month year)" in text
    bibtex = soup.select_one(".idb-bibtex").get_text()
    assert f"year         = {{{changed.updated[:4]}}}," in bibtex
    assert f"year         = {{{changed.date.lower.year}}}" not in bibtex
    assert f"url          = {{{SITE_URL}incidents/{changed.id}/}}" in bibtex
    assert "urldate      = {YYYY-MM-DD}" in bibtex


def test_report_an_error_opens_the_form_with_the_record_named(real_site: Path, changed):
    soup = soup_of(real_site, f"incidents/{changed.id}/")
    link = soup.select_one(".idb-report a")
    parts = urlsplit(link["href"])
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{REPO_URL}/issues/new"
    query = parse_qs(parts.query)
    assert query["template"] == ["report-error.yml"]
    assert query["title"] == [f"[Error]: {changed.id}"]
    assert query["where"] == [f"{SITE_URL}incidents/{changed.id}/"]
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "report-error.yml").read_text())
    ids = {item.get("id") for item in form["body"]}
    assert "where" in ids, "the query fills the form's own field"


def test_view_the_data_opens_the_record_by_its_id(real_site: Path, real):
    _, index = real
    for incident in index.published:
        soup = soup_of(real_site, f"incidents/{incident.id}/")
        (link,) = [a for a in soup.select(".idb-record a") if a.get_text() == "view the data"]
        assert link["href"] == "data.json"
        record = json.loads((real_site / "incidents" / incident.id / "data.json").read_text())
        assert record["incident"]["id"] == incident.id
        assert [s["id"] for s in record["sources"]] == list(incident.sources)
        assert record["page"] == f"{SITE_URL}incidents/{incident.id}/"
    assert "#L" not in soup_of(real_site, f"incidents/{index.published[0].id}/").decode()


def test_the_downloads_page_cites_a_record_that_exists(real_site: Path):
    soup = soup_of(real_site, "downloads/")
    (example,) = [q for q in soup.select("blockquote") if ". Incident 20" in q.get_text()]
    link = example.select_one("a")
    target = (real_site / "downloads" / link["href"]).resolve() / "index.html"
    assert target.exists(), link["href"]
    cited = link["href"].rstrip("/").rsplit("/", 1)[-1]
    assert f"{SITE_URL}incidents/{cited}/" in example.get_text()


def test_the_access_date_is_today_in_the_browser(real_site: Path, serve, page, changed):
    base = serve(real_site)
    page.goto(f"{base}incidents/{changed.id}/")
    page.wait_for_selector(".idb-cite-box[data-idb-ready]")
    today = dt.date.today()
    text = page.locator(".idb-citation").inner_text()
    assert f"(accessed {today.day} {today.strftime('%B')} {today.year})" in text
    assert f"urldate      = {{{today.isoformat()}}}" in page.locator(".idb-bibtex").inner_text()


def test_the_timeline_lists_rough_dates_after_the_dated_events_of_their_month(real_site, real):
    _, index = real
    rough = [i for i in index.published if i.date.lower != i.date.upper]
    assert rough, "the data has incidents known only roughly"
    for incident in rough:
        year, month = incident.date.lower.year, incident.date.lower.month
        section = soup_of(real_site, f"timeline/{year}/").select_one(f"#m{month}")
        lists = section.select("ol.idb-events")
        in_rough = [a["href"] for a in section.select("ol.idb-events-rough a[href*='/incidents/']")]
        assert any(incident.id in href for href in in_rough), incident.id
        assert lists[-1].get("class") == ["idb-events", "idb-events-rough"]
        dated = lists[0].select("li") if len(lists) > 1 else []
        assert all(li["data-precision"] in ("day", "day-uncertain") for li in dated)


def test_a_range_across_years_is_on_each_years_timeline_and_filter(real_site, real):
    _, index = real
    across = [i for i in index.published if i.date.upper.year > i.date.lower.year]
    for incident in across:
        later = soup_of(real_site, f"timeline/{incident.date.upper.year}/").select_one(
            "#continuing"
        )
        assert later is not None and incident.id in later.decode(), incident.id
    # The table's data keeps each incident's whole range (first day, days to the last), so
    # its date filter finds it under each year (tests/test_browser_table.py drives it).
    table = json.loads((real_site / "incidents/table/index.json").read_text(encoding="utf-8"))
    epoch = dt.date(1970, 1, 1)
    for incident, row in zip(index.published, table["r"], strict=True):
        assert epoch + dt.timedelta(days=row[0]) == incident.date.lower
        assert epoch + dt.timedelta(days=row[0] + row[1]) == incident.date.upper


def test_accounts_of_no_casualties_fold_into_one_statement_with_their_sources(real_site, real):
    _, index = real
    folding = [i for i in index.published if sum(present.is_none(c) for c in i.casualties) >= 2]
    assert folding, "the data has incidents with several 'none' accounts"
    for incident in folding:
        soup = soup_of(real_site, f"incidents/{incident.id}/")
        (row,) = [tr for tr in soup.select("tr") if tr.th and tr.th.get_text() == "Casualties"]
        items = [li.get_text(" ", strip=True) for li in row.select("li")]
        assert not any(re.match(r"(Killed|Wounded): 0\b", t) for t in items), items
        (folded,) = row.select("li.idb-none")
        assert folded.get_text().startswith("No one ")
        cited = {a["href"] for a in folded.select("sup.idb-cite a")}
        for c in incident.casualties:
            if present.is_none(c):
                assert {f"#src-{s}" for s in c.sources} <= cited
                if c.quote:
                    assert c.quote in folded.get_text()


def test_the_data_package_describes_the_csv_and_frictionless_validates_it(real_site: Path):
    import csv as csv_module

    from frictionless import validate

    downloads = real_site / "downloads"
    package = json.loads((downloads / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = package["resources"]
    header = next(csv_module.reader((downloads / "incidents.csv").open(encoding="utf-8")))
    assert [f["name"] for f in resource["schema"]["fields"]] == header
    assert resource["schema"]["primaryKey"] == ["id"]
    assert all(f["description"] for f in resource["schema"]["fields"])
    report = validate(str(downloads / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_a_broken_csv_fails_the_data_package(real_site: Path, tmp_path: Path):
    """The validation above can fail: one cell of the wrong type is reported."""
    import csv as csv_module
    import shutil

    from frictionless import validate

    shutil.copy(real_site / "downloads" / "datapackage.json", tmp_path / "datapackage.json")
    with (real_site / "downloads" / "incidents.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv_module.DictReader(f))
    rows[0]["date_start"] = "not-a-date"
    with (tmp_path / "incidents.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv_module.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    errors = report.flatten(["rowNumber", "fieldName", "type"])
    assert errors == [[2, "date_start", "type-error"]], errors


def test_the_downloads_page_carries_dataset_metadata(real_site: Path, real):
    _, index = real
    soup = soup_of(real_site, "downloads/")
    (script,) = soup.select('script[type="application/ld+json"]')
    dataset = json.loads(script.string)
    assert dataset["@type"] == "Dataset" and dataset["url"] == SITE_URL
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["dateModified"] == index.last_changed
    assert dataset["temporalCoverage"] == "2019-10-28/2021-03-31"
    for item in dataset["distribution"]:
        name = item["contentUrl"].removeprefix(f"{SITE_URL}downloads/")
        assert (real_site / "downloads" / name).exists(), name


@pytest.mark.parametrize("kind", ["incident", "faction", "place", "home"])
def test_each_page_has_its_own_description_and_link_preview(real_site: Path, real, kind):
    from incidentdb.site.render import page_description

    db, index = real
    incident = index.published[0]
    path, expected = {
        "incident": (f"incidents/{incident.id}/", page_description(incident.summary)),
        "faction": ("factions/hashd/", page_description(db.factions["hashd"].description)),
        "place": ("places/balad-air-base/", None),
        "home": ("", CONFIG["site_description"]),
    }[kind]
    soup = soup_of(real_site, path)
    (meta,) = soup.find_all("meta", attrs={"name": "description"})
    og = {m["property"]: m["content"] for m in soup.find_all("meta", attrs={"property": True})}
    assert og["og:description"] == meta["content"]
    assert og["og:url"] == SITE_URL + path
    assert og["og:title"] and og["og:site_name"] == CONFIG["site_name"]
    if expected is not None:
        assert meta["content"] == expected
    else:
        assert meta["content"].startswith(db.places["balad-air-base"].name)
    assert meta["content"] != CONFIG["site_description"] or kind == "home"
    head = soup.head
    assert head.find("link", attrs={"type": "application/atom+xml"})["href"].endswith("feed.xml")
