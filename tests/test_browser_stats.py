"""The statistics page does not mislead: its chart text is readable at every width (measured in
Chromium), month axes tick each quarter or year, no table adds different kinds of casualty or
reads "about 100" as "at least 100", places are compared at one level with unknown places
apart, the tables fit a phone, and axe finds nothing, at 1280x800 and 390x844."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, mkdocs_build, open_page, soup_of

from incidentdb.site import charts

SIZES = {"desktop": (1280, 800), "phone": (390, 844)}
MIN_PX = 11

# Every text of the drawings shown, and every text of the page around them, at its rendered
# size in CSS px: an SVG text's font size times the drawing's scale on screen.
RENDERED_SIZES = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('.idb-chart-draw svg')) {
    if (getComputedStyle(svg).display === 'none') continue;
    const scale = svg.getScreenCTM().a;
    for (const t of svg.querySelectorAll('text')) {
      if (!t.textContent.trim()) continue;
      out.push([t.textContent, parseFloat(getComputedStyle(t).fontSize) * scale]);
    }
  }
  for (const e of document.querySelectorAll(
      '.idb-statistics figcaption, .idb-statistics p, .idb-statistics summary, '
      + '.idb-statistics caption, .idb-statistics th, .idb-statistics td')) {
    out.push([e.textContent.slice(0, 40), parseFloat(getComputedStyle(e).fontSize)]);
  }
  return out;
}"""

SHOWN_DRAWINGS = """() => [...document.querySelectorAll('.idb-chart-draw')].map(d =>
  [...d.querySelectorAll('svg')].filter(s => getComputedStyle(s).display !== 'none')
    .map(s => s.getAttribute('class')))"""

# The x-axis labels of one shown drawing, left to right, with their boxes.
AXIS_LABELS = """(key) => {
  const svg = [...document.querySelectorAll(`#${key} ~ figure svg`)]
    .find(s => getComputedStyle(s).display !== 'none');
  return [...svg.querySelectorAll('.axis.x text')].map(t => {
    const r = t.getBoundingClientRect();
    return [t.textContent, r.left, r.right];
  });
}"""

TABLES_FIT = """() => {
  const width = document.documentElement.clientWidth;
  const inside = r => r.left >= -0.5 && r.right <= width + 0.5;
  return [...document.querySelectorAll('.idb-statistics table')].map(t => {
    const scroller = t.closest('.idb-stat-scroll, .idb-coverage-scroll');
    const box = (scroller || t).getBoundingClientRect();
    const cap = t.querySelector('caption');
    const capBox = cap && cap.getBoundingClientRect();
    const scrolls = scroller ? getComputedStyle(scroller).overflowX : '';
    return {id: t.id || t.className, fits: inside(t.getBoundingClientRect()),
            wrapped: !!scroller && inside(box) && (scrolls === 'auto' || scrolls === 'scroll'),
            caption: !!cap && capBox.width > 0 && capBox.height > 0 && capBox.left < width};
  });
}"""


def _stats(tab: object, base: str, size: str) -> object:
    tab.set_viewport_size(dict(zip(("width", "height"), SIZES[size], strict=True)))
    return open_page(tab, base, "statistics/")


@pytest.mark.parametrize("width", [320, 390, 560, 768, 1024, 1280, 1600])
def test_every_label_and_caption_is_at_least_11_px(tab, base, width) -> None:
    tab.set_viewport_size({"width": width, "height": 900})
    open_page(tab, base, "statistics/")
    sizes = tab.evaluate(RENDERED_SIZES)
    svg_texts = [s for s in sizes if re.fullmatch(r"\d+|[A-Z][a-z]{2}( \d{4})?|\d{4}", s[0])]
    assert len(svg_texts) > 20, "the drawings' axis labels were measured"
    small = [(text, round(px, 1)) for text, px in sizes if px < MIN_PX]
    assert not small, small[:10]


@pytest.mark.parametrize("size", SIZES)
def test_one_drawing_of_each_chart_is_shown_the_one_for_the_width(tab, base, size) -> None:
    _stats(tab, base, size)
    shown = tab.evaluate(SHOWN_DRAWINGS)
    want = "idb-chart-narrow" if size == "phone" else "idb-chart-wide"
    assert shown and all(len(s) == 1 and s[0].endswith(want) for s in shown), shown


def _quarters(months: list) -> list[str]:
    """'Oct 2019', 'Jan 2020', 'Apr', 'Jul', 'Oct', 'Jan 2021': the year on each January and
    on the first label."""
    names = ["Jan", "Apr", "Jul", "Oct"]
    starts = [(y, m) for y, m in months if m in (1, 4, 7, 10)]
    return [
        f"{names[(m - 1) // 3]} {y}" if m == 1 or n == 0 else names[(m - 1) // 3]
        for n, (y, m) in enumerate(starts)
    ]


@pytest.mark.parametrize("size", SIZES)
def test_month_axes_tick_each_quarter_or_each_year(tab, base, real, size) -> None:
    """At 1280 px every quarter has a label (Jan 2020, Apr, Jul, Oct); on a phone every year
    (2020, 2021); never a label per month crammed together, and no two labels overlap."""
    _, index = real
    months = charts.month_span(index.published)
    want = _quarters(months) if size == "desktop" else [str(y) for y, m in months if m == 1]
    assert len(want) >= 2
    _stats(tab, base, size)
    for key in ("per-month", "killed-attacks", "wounded-attacks"):
        labels = tab.evaluate(AXIS_LABELS, key)
        assert [text for text, _, _ in labels] == want, key
        for (_, _, right), (_, left, _) in zip(labels, labels[1:], strict=False):
            assert right < left, f"{key}: axis labels overlap"


@pytest.mark.parametrize("size", SIZES)
def test_no_horizontal_scroll_and_every_table_fits_or_scrolls_in_its_own_box(
    tab, base, size
) -> None:
    _stats(tab, base, size)
    width = tab.evaluate("innerWidth")
    assert tab.evaluate("document.scrollingElement.scrollWidth") <= width
    tables = tab.evaluate(TABLES_FIT)
    assert len(tables) >= 10
    for table in tables:
        assert table["fits"] or (table["wrapped"] and table["caption"]), table


@pytest.mark.parametrize("size", SIZES)
def test_axe_finds_no_violation_on_the_statistics_page(tab, base, axe, size) -> None:
    _stats(tab, base, size)
    tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    violations = axe.run(tab).response["violations"]
    assert violations == [], [(v["id"], v["impact"], len(v["nodes"])) for v in violations]


# --- the page built from tests/fixtures/stats.yaml ---------------------------------------------

STATS = FIXTURES / "stats.yaml"


@pytest.fixture(scope="module")
def stats_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("stats") / "site"
    result = mkdocs_build(site, STATS)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


def _tables(site: Path) -> dict[str, dict[str, list[str]]]:
    """Each statistics table by id: its row headers to their cells."""
    soup = soup_of(site, "statistics/")
    out = {}
    for table in soup.select(".idb-statistics table[id]"):
        out[table["id"]] = {
            tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
            for tr in table.select("tbody tr")
            if tr.th
        }
    return out


def test_strike_and_attack_casualties_are_shown_apart_never_added(stats_site) -> None:
    """The strike killed 4 of the militia, the rocket one contractor: each figure stands in
    its own table and row, and no cell anywhere on the page says 5."""
    tables = _tables(stats_site)
    assert tables["killed-attacks-table"]["January 2020"] == ["1"]
    assert tables["killed-strikes-table"]["January 2020"] == ["4"]
    totals = tables["casualty-totals-table"]
    assert totals["Killed in attacks"][0] == "at least 1 (accounts differ)"
    assert totals["Killed in strikes"][0] == "4"
    every_cell = [c for t in tables.values() for cells in t.values() for c in cells]
    assert not [c for c in every_cell if re.search(r"(?<![\d–])5(?![\d–])", c)], every_cell


def test_about_100_stays_about_100(stats_site) -> None:
    tables = _tables(stats_site)
    assert tables["wounded-attacks-table"]["March 2020"] == ["about 100"]
    assert tables["casualty-totals-table"]["Wounded in attacks"][0] == "about 100"
    soup = soup_of(stats_site, "statistics/")
    figures = [c for t in tables.values() for cells in t.values() for c in cells]
    figures += [t.get_text() for t in soup.select(".idb-statistics svg text")]
    assert not [f for f in figures if re.search(r"at least 1\d\d", f)], figures
    assert tables["casualty-totals-table"]["Wounded in strikes"][0] == "at least 10"


def test_accounts_that_differ_stay_a_range(stats_site) -> None:
    assert _tables(stats_site)["killed-attacks-table"]["April 2020"] == [
        "0 or more (accounts differ)"
    ]


def test_places_are_compared_at_one_level_with_unknown_places_apart(stats_site) -> None:
    soup = soup_of(stats_site, "statistics/")
    province = soup.select_one("#by-province-table")
    ranked = {tr.th.get_text(strip=True) for tr in province.select("tbody:not(.idb-stat-apart) tr")}
    assert ranked == {"Anbar", "Baghdad Governorate"}, "provinces only, nothing else"
    apart = {
        tr.th.get_text(strip=True): tr.td.get_text(strip=True)
        for tr in province.select("tbody.idb-stat-apart tr")
        if tr.td
    }
    assert apart == {"Placed only in Iraq (the country)": "1", "No place given": "1"}
    labels = [t.get_text() for t in soup.select("#by-province ~ figure svg .axis text")]
    assert "No place given" not in labels and not any("Iraq" in t for t in labels)
    town = {tr.th.get_text(strip=True) for tr in soup.select("#by-town-table tbody tr")}
    assert {"Baghdad", "Al-Qaim"} <= town and "Anbar" not in town and "Green Zone" not in town


def test_uncovered_months_and_the_long_gap_still_hold(stats_site) -> None:
    tables = _tables(stats_site)
    per_month = tables["per-month-table"]
    assert per_month["June 2020"] == per_month["July 2020"] == ["not covered"]
    assert per_month["February 2020"] == ["0"]
    assert "December 2020" not in per_month, "more than twelve empty months are left out"
    assert "January 2022" in per_month
    soup = soup_of(stats_site, "statistics/")
    assert soup.select_one(".idb-coverage"), "the coverage block is still there"
