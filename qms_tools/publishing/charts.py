"""Bar charts as inline SVG that every reader can use: the chart is an image named by
its caption (``role="img"``, ``aria-labelledby``) and described by the table of the same
numbers beside it (``aria-describedby``), which is what a screen reader, a phone held
upright and a printout read. The table is made from the very values the bars are drawn
from; tests/publishing/test_charts.py reads the bars back from the SVG's geometry alone
and compares them with the table.

Colours come from the theme's classes (``qms-chart__bar--…`` in pages.css), so the dark
scheme and forced colours apply; each bar also carries its value in a ``<title>`` for a
pointer.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 360
HEIGHT = 200
LEFT = 36
RIGHT = 8
TOP = 12
BOTTOM = 28
"""The plot area inside the view box; the axis labels use the margins."""


@dataclass(frozen=True)
class Series:
    name: str
    """What the bars count, as the legend and the table's column say it."""
    kind: str
    """The class suffix that gives the bars their colour."""
    values: tuple[float, ...]


def axis_top(largest: float) -> int:
    """The smallest 1, 2 or 5 times a power of ten at or above ``largest`` (at least 1),
    so the axis reads in round numbers."""
    if largest <= 1:
        return 1
    power = 10 ** math.floor(math.log10(largest))
    return next(step * power for step in (1, 2, 5, 10) if step * power >= largest)


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def bar_chart(chart_id: str, caption: str, categories: list[str], series: list[Series],
              category_heading: str, whole: int | None = None) -> Markup:
    """A ``<figure>`` with the grouped bars of ``series`` per category and the table of
    the same numbers; one block of raw HTML without blank lines, as Markdown keeps it.
    ``whole``, when the values are parts of a known whole (the requirements a regulation
    counts), is the axis's top: a full bar is all of it, and charts of one whole can be
    compared by eye."""
    largest = max((value for one in series for value in one.values), default=0)
    top = whole if whole is not None and whole >= max(largest, 1) else axis_top(largest)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    baseline = TOP + plot_height
    group = plot_width / max(len(categories), 1)
    bar = group * 0.8 / max(len(series), 1)
    parts = [f'<line class="qms-chart__axis" x1="{LEFT}" y1="{baseline}" x2="{WIDTH - RIGHT}" y2="{baseline}"></line>']
    for tick in (0, top / 2, top):
        y = baseline - plot_height * tick / top
        parts.append(f'<text class="qms-chart__tick" x="{LEFT - 4}" y="{y + 3:.2f}" text-anchor="end">'
                     f'{_number(tick)}</text>')
        if tick:
            parts.append(f'<line class="qms-chart__grid" x1="{LEFT}" y1="{y:.2f}" x2="{WIDTH - RIGHT}" '
                         f'y2="{y:.2f}"></line>')
    for index, category in enumerate(categories):
        left = LEFT + group * index + group * 0.1
        for position, one in enumerate(series):
            value = one.values[index]
            height = plot_height * value / top
            parts.append(f'<rect class="qms-chart__bar qms-chart__bar--{escape(one.kind)}" '
                         f'x="{left + bar * position:.2f}" y="{baseline - height:.2f}" width="{bar:.2f}" '
                         f'height="{height:.2f}"><title>{escape(category)}, {escape(one.name)}: '
                         f'{_number(value)}</title></rect>')
        parts.append(f'<text class="qms-chart__label" x="{LEFT + group * index + group / 2:.2f}" '
                     f'y="{HEIGHT - 10}" text-anchor="middle">{escape(category)}</text>')
    legend = "".join(f'<li><span class="qms-chart__swatch qms-chart__bar--{escape(one.kind)}"></span>'
                     f'{escape(one.name)}</li>' for one in series)
    head = "".join(f'<th scope="col">{escape(one.name)}</th>' for one in series)
    rows = "".join(f'<tr><th scope="row">{escape(category)}</th>'
                   + "".join(f"<td>{_number(one.values[index])}</td>" for one in series) + "</tr>"
                   for index, category in enumerate(categories))
    return Markup(
        f'<figure class="qms-figure" id="{chart_id}">\n'
        f'<figcaption id="{chart_id}-rubrik">{escape(caption)}</figcaption>\n'
        f'<div class="qms-figure__chart">\n'
        f'<ul class="qms-chart__legend" aria-hidden="true">{legend}</ul>\n'
        f'<svg class="qms-chart__svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" focusable="false" '
        f'aria-labelledby="{chart_id}-rubrik" aria-describedby="{chart_id}-tabell">{"".join(parts)}</svg>\n'
        f'</div>\n'
        f'<table class="qms-figure__table" id="{chart_id}-tabell">'
        f'<caption>Siffrorna i diagrammet</caption>'
        f'<thead><tr><th scope="col">{escape(category_heading)}</th>{head}</tr></thead>'
        f'<tbody>{rows}</tbody></table>\n'
        f'</figure>')
