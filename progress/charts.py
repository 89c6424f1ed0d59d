"""Bar charts as SVG, drawn on the server with pygal (by Kozea, who also make WeasyPrint).

The SVG goes inline into the dashboard and into the summary PDF. Its labels are
`<text>` set in the app's own faces ("CPPCC Hei", declared by css/fonts.css), so
the browser and WeasyPrint draw Chinese with the vendored fonts and nothing is
fetched. pygal's output is trimmed to what the Content Security Policy allows:
no scripts (pygal's tooltips need them), no style attributes, and its one style
element carries the page's nonce.
"""

import math
import re
from collections.abc import Sequence

import pygal
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from lxml import etree
from pygal.style import Style

FONT = '"CPPCC Hei", "CPPCC Fallback", sans-serif'
PLANNED_COLOUR = "#8fa3b8"
DONE_COLOUR = "#2e7d4f"
STYLE = Style(
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    value_label_font_family=FONT,
    tooltip_font_family=FONT,
    title_font_family=FONT,
    legend_font_family=FONT,
    no_data_font_family=FONT,
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#212529",
    foreground_strong="#212529",
    foreground_subtle="#6c757d",
    colors=(PLANNED_COLOUR, DONE_COLOUR, "#c77d2e", "#8e5ea2"),
    title_font_size=18,
    legend_font_size=14,
    label_font_size=13,
    major_label_font_size=13,
    value_font_size=12,
    no_data_font_size=24,
    opacity="1",
    opacity_hover="1",
    transition="0ms",
)
WIDTH = 720
LABEL_PADDING = 12
# The part of a Chinese character's width pygal's label measure leaves out.
LATIN_SHORTFALL = 0.5
ROW_HEIGHT = 34
CHART_ID = re.compile(r"#chart-[0-9a-f-]+")
MAX_TICKS = 8


def bar_chart(
    *,
    chart_id: str,
    title: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    horizontal: bool = False,
    width: int = WIDTH,
    row_height: int = ROW_HEIGHT,
    nonce: str | None = None,
) -> SafeString:
    """A grouped bar chart of whole numbers, one bar per series for each label.

    `chart_id` names the SVG element (and scopes its CSS); a horizontal chart
    grows with the number of labels so long names stay readable.
    """
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    height = 120 + row_height * max(len(labels), 1) * len(series) if horizontal else 340
    highest = max((value for _name, values in series for value in values), default=0)
    extra = {}
    if horizontal:
        # pygal measures labels as Latin text, but a Chinese character is a full em wide.
        longest = max((len(label) for label in labels), default=0)
        extra["margin_left"] = LABEL_PADDING + round(
            longest * STYLE.label_font_size * LATIN_SHORTFALL
        )
    chart = kind(
        style=STYLE,
        width=width,
        height=height,
        js=[],
        disable_xml_declaration=True,
        legend_at_bottom=True,
        legend_at_bottom_columns=len(series),
        print_values=True,
        print_zeroes=False,
        show_y_guides=True,
        y_labels=_ticks(highest),
        value_formatter=lambda value: f"{value:.0f}",
        no_data_text=_("No data yet"),
        truncate_label=-1,
        truncate_legend=-1,
        margin=12,
        spacing=8,
        **extra,
    )
    chart.title = title
    # Horizontal bars list the first label at the bottom; reverse so it reads top-down.
    order = slice(None, None, -1) if horizontal else slice(None)
    chart.x_labels = list(labels)[order]
    for name, values in series:
        chart.add(name, list(values)[order])
    return mark_safe(_clean(chart.render_tree(), chart_id=chart_id, title=title, nonce=nonce))


def _ticks(highest: int) -> list[int]:
    """Whole-number axis labels from 0 past the highest value, at most about eight."""
    step = max(1, math.ceil(highest / MAX_TICKS))
    return list(range(0, max(highest, 1) + step, step))


def _clean(svg, *, chart_id: str, title: str, nonce: str | None) -> str:
    """Trim pygal's SVG to what the page's Content Security Policy lets through.

    pygal builds its tree without namespaces and adds them when serialising.
    """
    # Scripts and the tooltips' data (desc) serve pygal's JavaScript, which is not loaded.
    for element in list(svg.iter("script", "desc", etree.Comment)):
        element.getparent().remove(element)
    for element in list(svg.iter("g")):
        if "tooltip-overlay" in element.get("class", ""):
            element.getparent().remove(element)
    for element in svg.iter():
        if not isinstance(element.tag, str):
            continue
        element.attrib.pop("style", None)
        # Legend ids repeat in every chart: several charts on a page would share them.
        element.attrib.pop("id", None)
        if element.tag == "style":
            element.text = CHART_ID.sub(f"#{chart_id}", element.text or "")
            # Django's LazyNonce is false until first read: test for None, not truth.
            if nonce is not None:
                element.set("nonce", str(nonce))
            element.attrib.pop("type", None)
    svg.set("id", chart_id)
    svg.set("role", "img")
    svg.set("aria-label", title)
    return etree.tostring(svg, encoding="unicode")
