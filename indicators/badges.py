"""RAG, direction-of-travel and area-comparison badges: a shape and words, never colour alone.

The template tags (``{% rag_badge %}`` …) and the table rows built in ``indicators.tables``
both use these. A badge depends only on a status and a count or a change in words, so each
one is built once per process and remembered: an area's page shows 260 of them.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from . import charts
from .formatting import format_change
from .rag import Rag, Trend

_RAGS = frozenset(Rag.values)  # Rag.values builds a new list on every use
_TRENDS = frozenset(Trend.values)
# Area comparison → the arrow it is drawn with (better is up, as for direction of travel).
COMPARISON_SHAPES = {"better": "improving", "same": "stable", "worse": "worsening", "unknown": "no_data"}


@lru_cache(maxsize=256)
def rag_badge(rag: str | None, count: int | None = None) -> SafeString:
    """A RAG status: its shape and its words, e.g. a diamond and “Off target”; with a count, “3 off target”."""
    status = Rag(rag) if rag in _RAGS else Rag.NO_DATA
    if count is not None:
        return format_html(
            '<span class="rag rag-{}">{}<span class="rag-label"><strong>{}</strong> {}</span></span>',
            status.value,
            charts.rag_icon(status.value),
            count,
            status.label.lower(),
        )
    return format_html(
        '<span class="rag rag-{}">{}<span class="rag-label">{}</span></span>',
        status.value,
        charts.rag_icon(status.value),
        status.label,
    )


def trend_badge(trend: str | None, change: Decimal | None = None, change_points: Decimal | None = None) -> SafeString:
    """A direction of travel: an arrow (up is better, whatever the polarity), its word, and the change on
    last year: in % for a level, in percentage points for a percentage or a change (``format_change``)."""
    return _trend_badge(trend if trend in _TRENDS else Trend.NO_DATA.value, format_change(change, change_points))


@lru_cache(maxsize=1024)
def _trend_badge(trend: str, change_text: str) -> SafeString:
    status = Trend(trend)
    return format_html(
        '<span class="trend trend-{}">{}<span class="trend-label">{}</span></span>{}',
        status.value,
        charts.trend_icon(status.value),
        status.label,
        format_html(' <span class="trend-change">{} on last year</span>', change_text) if change_text else "",
    )


@lru_cache(maxsize=64)
def comparison_badge(comparison: str, label: str) -> SafeString:
    """An area against the borough: an arrow and words; ``comparison`` is a ``AreaComparison`` value."""
    key = comparison if comparison in COMPARISON_SHAPES else "unknown"
    return format_html(
        '<span class="comparison comparison-{}">{}<span>{}</span></span>',
        key,
        charts.trend_icon(COMPARISON_SHAPES[key]),
        label,
    )


def rag_counts(counts) -> SafeString:
    """How many indicators are at each status (a ``RagCounts``), as a list of badges with counts."""
    if not counts.total:
        return mark_safe('<p class="rag-counts-empty">No public indicators yet.</p>\n')  # nosec B308 B703
    items = "".join(f"<li>{rag_badge(entry.rag, entry.count)}</li>" for entry in counts.entries if entry.count)
    return mark_safe(f'<ul class="rag-counts list-unstyled">\n{items}\n</ul>\n')  # noqa: S308 — badges only # nosec B308 B703
