"""Template tags for showing indicator figures and statuses the same way on every page.

RAG, direction of travel and area comparisons are always shown as a shape *and* words,
never by colour alone.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from indicators import badges, charts
from indicators.formatting import format_value
from indicators.selectors import AreaComparison

register = template.Library()


@register.simple_tag
def icon_symbols() -> str:
    """The RAG and trend shapes the page's icons refer to (``base.html`` puts them in every page)."""
    return charts.icon_symbols()


@register.simple_tag
def rag_badge(rag: str | None, count: int | None = None) -> str:
    """A RAG status: its shape and its words, e.g. a diamond and “Off target”; with a count, “3 off target”."""
    return badges.rag_badge(rag, count)


@register.simple_tag
def trend_badge(trend: str | None, change: Decimal | None = None, change_points: Decimal | None = None) -> str:
    """A direction of travel: an arrow (up is better, whatever the polarity), its word, and the change on last
    year (in percentage points for percentages and changes)."""
    return badges.trend_badge(trend, change, change_points)


@register.simple_tag
def comparison_badge(comparison: str, *, average: bool = False, kind: str = "area") -> str:
    """An area against the borough: an arrow and words (“Worse than the borough”, “… the average ward”)."""
    status = AreaComparison(comparison) if comparison in AreaComparison.values else AreaComparison.UNKNOWN
    label = status.label.replace("the borough", f"the average {kind}") if average else status.label
    return badges.comparison_badge(status.value, label)


@register.filter
def in_unit(value: Decimal | None, indicator) -> str:
    """``{{ value|in_unit:indicator }}``: the value in the indicator's unit and decimal places."""
    return format_value(value, indicator.unit, indicator.decimal_places)


@register.filter
def polarity_words(indicator) -> str:
    if indicator.polarity == "lower":
        return "Lower is better: a fall is an improvement."
    return "Higher is better: a rise is an improvement."


@register.filter
def with_the(name: str) -> str:
    """ "the Community Safety Partnership", but "The Communities Forum" (no "the The")."""
    return name if name[:4].lower() == "the " else f"the {name}"


@register.filter
def can_see_dashboard(user) -> bool:
    """For the site header: the board dashboard link."""
    from indicators.permissions import reach_of

    return reach_of(user).sees_dashboard


@register.filter
def is_support_group(user) -> bool:
    """For the site header: moderation and the annual report's management pages."""
    from indicators.permissions import reach_of

    reach = reach_of(user)
    return reach.is_support or reach.is_admin
