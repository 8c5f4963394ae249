"""The annual report's charts, drawn with the portal's one chart module (``indicators.charts``).

Pure functions of the gathered content (``reports.selectors.ReportContent``): the same
content draws the same SVG, so charts need no place in the content hash.

Each chart's ``<title>`` is written to stand alone, because it is what a tagged PDF
gives screen readers as the figure's alternative text; the ``<desc>`` says more; and
the figures themselves are in the indicator table (and, in the HTML version, in a table
under each chart).
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html
from django.utils.safestring import SafeString

from indicators import charts
from indicators.formatting import format_number

from .selectors import IndicatorLine, ReportContent

CHART_WIDTH = 440
CHART_HEIGHT = 250


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.S)
_SIZE = re.compile(r'<svg[^>]* width="(\d+)" height="(\d+)"')


def as_image(svg: SafeString) -> SafeString:
    """The chart as an ``<img>`` of itself, with its title as the alternative text: what the PDF uses.

    WeasyPrint lays out an image's SVG on its own, without running the page's CSS
    cascade over every line and marker of 150 inline charts: a third less layout time.
    The tagged PDF gets a Figure whose alternative text is the chart's title.
    """
    title = _TITLE.search(svg)
    size = _SIZE.search(svg)
    return format_html(
        '<img class="chart-image" src="data:image/svg+xml;base64,{}" alt="{}" width="{}" height="{}">',
        base64.b64encode(str(svg).encode()).decode(),
        html.unescape(title.group(1)) if title else "Chart",
        size.group(1) if size else CHART_WIDTH,
        size.group(2) if size else CHART_HEIGHT,
    )


@dataclass(frozen=True)
class ReportCharts:
    glance: SafeString | None
    indicators: dict[str, SafeString] = field(default_factory=dict)  # by indicator slug

    def for_indicator(self, slug: str) -> SafeString | None:
        return self.indicators.get(slug)

    def image_for_indicator(self, slug: str) -> SafeString | None:
        svg = self.indicators.get(slug)
        return as_image(svg) if svg is not None else None

    @property
    def glance_image(self) -> SafeString | None:
        return as_image(self.glance) if self.glance is not None else None


def indicator_chart(line: IndicatorLine) -> SafeString:
    points = line.chart_points
    what = "count in each quarter" if line.cumulative else ("value each year" if line.annual else "value each quarter")
    known = [p for p in points if p.value is not None]
    if known:
        first, last = known[0], known[-1]
        span = f"{first.label} to {last.label}"
        summary = f"From {line.fmt(first.value)} in {first.label} to {line.fmt(last.value)} in {last.label}."
    else:
        span = "no figures published"
        summary = "No figures have been published for these quarters."
    target_words = "the quarter's share of the year-to-date target" if line.cumulative else "the target"
    comparison = "the same quarter last year" if not line.annual else "the year before"
    if line.annual:
        x_labels = [p.label for p in points]
    else:
        x_labels = [
            p.label.split(" ")[0] if i == 0 or p.year != points[i - 1].year else None for i, p in enumerate(points)
        ]
    return charts.line_chart(
        [(p.label, p.value) for p in points],
        title=f"Chart of {line.title}: {what}, {span}. {summary}",
        description=(
            f"Line chart of the {what} (solid line, round markers), {target_words} (dashed line, square markers) "
            f"and {comparison} (dotted line, triangles). {line.polarity_label}. {summary}"
            + (" Status is judged on the year to date, shown in the table." if line.cumulative else "")
        ),
        target_series=[p.target for p in points],
        comparison_series=[p.last_year for p in points],
        series_label="Count in the quarter" if line.cumulative else "Value",
        target_label="Target, quarter's share" if line.cumulative else "Target",
        comparison_label="Same quarter last year" if not line.annual else "Year before",
        x_labels=x_labels,
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        unit_label=line.unit_label,
        decimal_places=line.decimal_places,
        chart_id=f"report-chart-{line.slug}",
    )


def glance_chart(content: ReportContent) -> SafeString | None:
    """Share of each theme's measures with a target that are on target, against the plan as a whole."""
    themes = [theme for theme in content.themes if theme.with_target]
    if not themes:
        return None
    with_target = sum(theme.with_target for theme in themes)
    overall = Decimal(sum(theme.counts.green for theme in themes) * 100) / Decimal(with_target)
    below = [theme for theme in themes if theme.on_target_percent < overall]
    return charts.bar_chart(
        [
            charts.BarItem(f"Theme {theme.number}", theme.on_target_percent, highlighted=theme in below)
            for theme in themes
        ],
        title=(
            f"Chart of the share of measures on target by theme, {content.period_label}: "
            f"{format_number(overall, 0)}% across the plan; {len(below)} of {len(themes)} themes below that."
        ),
        description=(
            "Horizontal bar chart, one bar per theme (numbered as in the table above), of the per cent of its "
            "measures with a target that are on target. A dashed line marks the plan as a whole; themes below it "
            "are hatched. The table on the same page gives every count."
        ),
        reference_value=overall,
        reference_label="All themes",
        normal_label="At or above the plan as a whole",
        highlight_label="Below the plan as a whole",
        unit_label="Per cent of measures with a target that are on target",
        decimal_places=0,
        chart_id="report-chart-glance",
    )


def draw_charts(content: ReportContent) -> ReportCharts:
    return ReportCharts(
        glance=glance_chart(content),
        indicators={line.slug: indicator_chart(line) for theme in content.themes for line in theme.indicators},
    )
