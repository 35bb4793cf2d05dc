"""Drawing the statistics charts with pygal: the two widths a chart is drawn at, its style,
axis ticks, and the SVG cleaned to sit inline in a page (no script, fixed ids, a name)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pygal
from lxml import etree
from markupsafe import Markup
from pygal.style import Style

FONT = '-apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif'
COLOURS = ("#3949ab", "#c62828", "#ef6c00", "#2e7d32", "#6a1b9a")
_UNWANTED = {"script", "desc"}  # desc: tooltip data for the script we drop


def _style(font: int, colours: tuple[str, ...] = COLOURS) -> Style:
    """Colours with a contrast of at least 3:1 against white, told apart by more than hue;
    every text at the one size `font`."""
    return Style(
        background="transparent",
        plot_background="transparent",
        foreground="rgba(0, 0, 0, .87)",
        foreground_strong="rgba(0, 0, 0, .87)",
        foreground_subtle="rgba(0, 0, 0, .6)",
        colors=colours,
        font_family=FONT,
        label_font_size=font,
        major_label_font_size=font,
        legend_font_size=font,
        value_font_size=font,
        title_font_size=font,
        tooltip_font_size=font,
        no_data_font_size=font,
        opacity="1",
        opacity_hover="1",
        transition="0s",
    )


@dataclass(frozen=True)
class Layout:
    """One width a chart is drawn at. The page shows the narrow drawing in a column narrower
    than `chartcss.BREAK` CSS pixels (a phone), the wide one otherwise; each is scaled by at
    most about 0.8 there, so a font of `font` units is read at 11 px or more."""

    name: str
    width: int
    height: int
    font: int
    truncate: int  # characters of a bar's label before it is cut (the table has it whole)
    max_ticks: int  # month labels that fit along the axis
    quarters: bool  # whether a month axis may label each quarter
    legend_columns: int

    def config(self, colours: tuple[str, ...] = COLOURS, **overrides: object) -> dict:
        config = {
            "style": _style(self.font, colours),
            "js": [],
            "disable_xml_declaration": True,
            "width": self.width,
            "height": self.height,
            "show_y_guides": True,
            "print_values": False,
            "margin": 8,
            "margin_right": 8 + self.font,  # room for the last axis label's second half
            "legend_box_size": self.font,
            "truncate_legend": -1,
            "min_scale": 1,
            "max_scale": 10,
        }
        config.update(overrides)
        return config

    def cut(self, label: str) -> str:
        """A bar's label cut to fit beside the bars ('United States (governm…'); the table
        beside the chart has it whole."""
        return label if len(label) <= self.truncate else label[: self.truncate - 1] + "…"

    def bars_height(self, count: int) -> int:
        return 40 + 6 * self.font + int(2.1 * self.font) * max(count, 1)


# Shown below 560 CSS px of column (a 288 px column on a 320 px phone: scale 0.8, 14 → 11.2 px);
# the wide one from 560 px (scale 0.875 or more: 13 → 11.4 px).
NARROW = Layout("narrow", 360, 300, 14, 18, 8, False, 1)
WIDE = Layout("wide", 640, 340, 13, 34, 10, True, 2)


def ticks(top: int) -> list[int]:
    """Whole-number axis ticks from 0 to at least `top`, about five to eight of them."""
    step, scale = 1, 1
    while True:
        for factor in (1, 2, 5):
            step = factor * scale
            if top / step <= 6:
                return list(range(0, max(top, 1) + step, step))
        scale *= 10


def horizontal(rows: tuple, series: str, layout: Layout) -> pygal.Graph:
    """One series of horizontal bars, the first row on top."""
    chart = pygal.HorizontalBar(
        **layout.config(
            show_legend=False,
            height=layout.bars_height(len(rows)),
            truncate_label=-1,
        )
    )
    chart.x_labels = [layout.cut(r[0]) for r in reversed(rows)]
    chart.add(series, [r[1] for r in reversed(rows)])
    chart.y_labels = ticks(max((r[1] for r in rows), default=0))
    return chart


def svg(chart: pygal.Graph, key: str, name: str, layout: Layout, relabel: dict[str, str]) -> Markup:
    """The chart as one line of inline SVG: deterministic ids, no script, an accessible name;
    axis labels in `relabel` (a month's key) are written as it says ('2020-04' → 'Apr')."""
    chart.uuid = f"idb-{key}"  # pygal's default is a random uuid4
    chart.add_xml_filter(_cleaner(name, relabel, layout.name))
    text = chart.render(is_unicode=True)
    return Markup(text.replace("\n", " "))  # noqa: S704 - serialised by lxml, which escapes


def _cleaner(name: str, relabel: dict[str, str], variant: str) -> Callable:
    def clean(root: etree._Element) -> etree._Element:
        for node in list(root.iter()):
            if not isinstance(node.tag, str) or etree.QName(node).localname in _UNWANTED:
                node.getparent().remove(node)
            elif etree.QName(node).localname == "text" and node.text in relabel:
                node.text = relabel[node.text]
        for node in root:
            if etree.QName(node).localname == "title":
                node.text = name
        root.set("role", "img")
        root.set("aria-label", name)
        root.set("class", f"pygal-chart idb-chart-svg idb-chart-{variant}")
        return root

    return clean
