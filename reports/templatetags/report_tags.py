"""Tags for the annual report's templates, shared by the PDF and the HTML version.

Status is always a shape *and* words. On the web the shape is the shared inline SVG
icon (hidden from screen readers, the words are read); in the PDF it is drawn by the
print stylesheet as a background image of the label (see ``reports.rendering``), so a
tagged PDF treats it as decoration, not as a figure that would need its own alt text.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html

from indicators import charts
from indicators.formatting import format_change, format_value
from indicators.rag import Rag, Trend
from indicators.templatetags.indicator_tags import rag_badge, trend_badge

register = template.Library()


@register.simple_tag
def report_rag(rag: str, *, pdf: bool = False, count: int | None = None) -> str:
    status = Rag(rag) if rag in Rag.values else Rag.NO_DATA
    if not pdf:
        return rag_badge(status.value, count)
    if count is not None:
        return format_html(
            '<span class="rag rag-{}"><strong>{}</strong> {}</span>', status.value, count, status.label.lower()
        )
    return format_html('<span class="rag rag-{}">{}</span>', status.value, status.label)


@register.simple_tag
def report_trend(
    trend: str,
    change: Decimal | None = None,
    change_points: Decimal | None = None,
    *,
    pdf: bool = False,
    count: int | None = None,
) -> str:
    """A direction of travel with the change on last year (in percentage points for percentages and changes)."""
    status = Trend(trend) if trend in Trend.values else Trend.NO_DATA
    if not pdf:
        if count is not None:
            return format_html(
                '<span class="trend trend-{}">{}<span class="trend-label"><strong>{}</strong> {}</span></span>',
                status.value,
                charts.trend_icon(status.value),
                count,
                status.label.lower(),
            )
        return trend_badge(status.value, change, change_points)
    if count is not None:
        return format_html(
            '<span class="trend trend-{}"><strong>{}</strong> {}</span>', status.value, count, status.label.lower()
        )
    change_text = format_change(change, change_points)
    return format_html(
        '<span class="trend trend-{}">{}</span>{}',
        status.value,
        status.label,
        format_html('<span class="cell-note">{} on last year</span>', change_text) if change_text else "",
    )


@register.filter
def in_line_unit(value: Decimal | None, line) -> str:
    """``{{ point.value|in_line_unit:line }}``: a figure in the indicator's unit and decimal places."""
    return format_value(value, line.unit, line.decimal_places)


@register.filter
def chart_for(charts, slug: str):
    return charts.for_indicator(slug) if charts is not None else None


@register.filter
def chart_image_for(charts, slug: str):
    """The chart as an image, for the PDF (see ``reports.figures.as_image``)."""
    return charts.image_for_indicator(slug) if charts is not None else None
