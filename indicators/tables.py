"""The rows of the widest tables on the public pages, written once, in Python.

A theme's indicators, an area's figures (130 rows at 25 areas), an indicator's quarters and
areas (250 rows at 250 areas) (the dashboard's rows are ``board.tables``): written through the template
engine these cost a tag, a filter and a URL reversal per cell, most of a page's time. Here
each row is one string.
The markup is the same as the templates wrote it: the tables' headings, captions and
everything around them stay in the templates, which put these rows in their ``<tbody>``
(``{% load indicator_tables %}``).

Every piece of text goes through ``escape`` (as ``{{ … }}`` does); badges and sparklines
are already-escaped markup. Statuses are shown as a shape and words (``indicators.badges``),
never by colour alone.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .badges import comparison_badge, rag_badge, trend_badge
from .formatting import format_value
from .models import Measurement, Polarity

_POLARITY_WORDS = {value: label.lower() for value, label in Polarity.choices}
_MEASUREMENT_STATUS = dict(Measurement.Status.choices)
_QUALITY_WORDS = {value: label.lower() for value, label in Measurement.Quality.choices}
_SLUG = re.compile(r"[-A-Za-z0-9_]+")
_WORSE = ' class="row-worse"'


def slug_urls(objects: Iterable, reverse_one: Callable[[object], str] | None = None) -> Callable[[object], str]:
    """The URL of each of ``objects``, whose URLs differ only by their slug: reversed once, not per row.

    ``reverse_one(obj)`` is the URL of one object (by default ``obj.get_absolute_url()``). The
    first object's URL is split around its slug; an object whose slug is not plain ASCII
    (which ``reverse`` would percent-encode) is reversed on its own.
    """
    one = reverse_one or (lambda obj: obj.get_absolute_url())
    first = next(iter(objects), None)
    if first is None or not _SLUG.fullmatch(first.slug):
        return one
    head, found, tail = one(first).rpartition(f"/{first.slug}")
    if not found:
        return one
    return lambda obj: f"{head}/{obj.slug}{tail}" if _SLUG.fullmatch(obj.slug) else one(obj)


_NO_TREND = trend_badge(None)


def _polarity(indicator) -> str:
    return _POLARITY_WORDS.get(indicator.polarity, escape(str(indicator.polarity)).lower())


def _trend(assessment) -> SafeString:
    return trend_badge(assessment.trend, assessment.change_percent, assessment.change_points)


def _fmt(value, indicator) -> str:
    return format_value(value, indicator.unit, indicator.decimal_places)


# --- Theme page: the theme's indicators ----------------------------------------------------------


def theme_indicator_rows(rows: list) -> SafeString:
    """``IndicatorRow``s: value, target, status, direction of travel and sparkline of each indicator."""
    url = slug_urls(row.indicator for row in rows)
    out = []
    for row in rows:
        indicator, assessment = row.indicator, row.assessment
        value_text, target_text = row.value_text, row.target_text
        if value_text:
            value = escape(value_text)
            if indicator.cumulative:
                value += '<span class="cell-note">year to date</span>'
            if row.latest is not None and row.latest.status == "provisional":
                value += '<span class="cell-note">provisional</span>'
            if row.as_at is not None:
                value += f'<span class="cell-note">{escape(row.as_at_label)}</span>'
        else:
            value = '<span class="text-secondary">No data</span>'
        if target_text:
            target = escape(target_text)
            if row.target_description:
                target += f'<span class="target-note">{escape(row.target_description)}</span>'
        else:
            target = '<span class="text-secondary">None set</span>'
        illustrative = ' · <span class="illustrative-tag">illustrative figures</span>' if row.is_illustrative else ""
        lines = ""
        if change_line := row.change_line:
            lines += f'<span class="figure-line">{escape(change_line)}</span>\n'
        if row.budget_line:
            lines += f'<span class="budget-line">{escape(row.budget_line)}</span>\n'
        out.append(
            f'<tr>\n<th scope="row">\n<a href="{url(indicator)}">{escape(indicator.title)}</a>\n'
            f'<span class="indicator-meta">{escape(indicator.code)} · {_polarity(indicator)}{illustrative}</span>\n'
            f'{lines}</th>\n<td class="text-end num">\n{value}\n</td>\n<td class="text-end num">\n{target}\n</td>\n'
            f"<td>{rag_badge(assessment.rag if assessment else None)}</td>\n"
            f"<td>{_trend(assessment) if assessment else _NO_TREND}</td>\n"
            f"<td>{row.sparkline if row.spark_values else ''}</td>\n</tr>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


# --- Area page: the area against the borough -----------------------------------------------------


def area_indicator_rows(rows: list) -> SafeString:
    """``AreaIndicatorRow``s: the area's and the borough's figure, the comparison, the area's trend."""
    url = slug_urls(row.indicator for row in rows)
    # What many rows share (their kind of area, theme, quarter, comparison and trend) is written once.
    kinds: dict[str, str] = {}
    themes: dict[int, str] = {}
    quarters: dict[tuple, str] = {}
    comparisons: dict[tuple, SafeString] = {}
    trends: dict[str, SafeString] = {}
    out = []
    for row in rows:
        indicator = row.indicator
        kind = kinds.get(indicator.area_kind)
        if kind is None:
            kind = kinds[indicator.area_kind] = indicator.get_area_kind_display()
        area_text, borough_text = row.area_text, row.borough_text
        average = row.compares_with_average
        area_cell = escape(area_text) if area_text else "No data"
        if area_text and indicator.cumulative:
            area_cell += '<span class="cell-note">year to date</span>'
        borough_cell = escape(borough_text) if borough_text else "No data"
        if average and (comparison_text := row.comparison_text):
            borough_cell += f'<span class="cell-note">average {escape(kind)} {escape(comparison_text)}</span>'
        if row.as_at is not None:
            as_at = quarters.get(row.as_at)
            if as_at is None:
                as_at = quarters[row.as_at] = f'<span class="cell-note">{escape(row.as_at_label)}</span>'
            borough_cell += as_at
        theme = themes.get(indicator.theme_id)
        if theme is None:
            theme = themes[indicator.theme_id] = escape(indicator.theme.title)
        comparison = comparisons.get((row.comparison, average, kind))
        if comparison is None:
            comparison = comparisons[(row.comparison, average, kind)] = _comparison(row.comparison, average, kind)
        trend = trends.get(row.trend)
        if trend is None:
            trend = trends[row.trend] = trend_badge(row.trend)
        out.append(
            f"<tr{_WORSE if row.comparison == 'worse' else ''}>\n"
            f'<th scope="row"><a href="{url(indicator)}">{escape(indicator.title)}</a>\n'
            f'<span class="indicator-meta">{theme} · {_polarity(indicator)}</span></th>\n'
            f'<td class="text-end num">{area_cell}</td>\n<td class="text-end num">{borough_cell}</td>\n'
            f"<td>{comparison}</td>\n"
            f"<td>{trend}</td>\n</tr>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


def _comparison(comparison, average: bool, kind: str) -> SafeString:
    label = comparison.label.replace("the borough", f"the average {kind}") if average else comparison.label
    return comparison_badge(comparison.value, label)


# --- Indicator page: every quarter, and every area -----------------------------------------------


def period_rows(page) -> SafeString:
    """An ``IndicatorPage``'s quarters, newest first: value (and year to date), target, status, notes."""
    indicator = page.indicator
    out = []
    for row in page.rows_newest_first:
        measurement, assessment = row.measurement, row.assessment
        if measurement is not None:
            value = escape(_fmt(measurement.value, indicator))
            status = escape(_MEASUREMENT_STATUS.get(measurement.status, measurement.status))
            notes = _notes(measurement)
        else:
            value, status, notes = '<span class="text-secondary">No data</span>', "", ""
        year_to_date = (
            f'<td class="text-end num">{escape(_fmt(assessment.value, indicator))}</td>\n'
            if indicator.cumulative
            else ""
        )
        out.append(
            f'<tr>\n<th scope="row">{escape(row.label)}</th>\n<td class="text-end num">{value}</td>\n{year_to_date}'
            f'<td class="text-end num">{escape(_fmt(assessment.target_value, indicator))}</td>\n'
            f"<td>{rag_badge(assessment.rag)}</td>\n<td>{trend_badge(assessment.trend)}</td>\n"
            f'<td>{status}</td>\n<td class="notes">{notes}</td>\n</tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


def _notes(measurement) -> str:
    parts = []
    if measurement.note:
        parts.append(escape(measurement.note))
    if measurement.revision_note:
        parts.append(f"<strong>Revised:</strong> {escape(measurement.revision_note)}")
    if measurement.quality and measurement.quality != "good":
        words = _QUALITY_WORDS.get(measurement.quality, escape(str(measurement.quality)).lower())
        parts.append(f"Data quality: {words}")
    return "<br>".join(parts)


def area_value_rows(page) -> SafeString:
    """An ``IndicatorPage``'s areas at its period: the value and how it compares with the borough."""
    indicator, average = page.indicator, page.compares_with_average
    url = slug_urls(row.area for row in page.area_rows)
    kind = indicator.get_area_kind_display()
    comparisons: dict[str, SafeString] = {}  # one badge a comparison, not one a row
    out = []
    for row in page.area_rows:
        area = row.area
        value = _fmt(row.value, indicator)
        comparison = comparisons.get(row.comparison)
        if comparison is None:
            comparison = comparisons[row.comparison] = _comparison(row.comparison, average, kind)
        out.append(
            f"<tr{_WORSE if row.comparison == 'worse' else ''}>\n"
            f'<th scope="row"><a href="{url(area)}">{escape(area.name)}</a></th>\n'
            f'<td class="text-end num">{escape(value) if value else "No data"}</td>\n'
            f"<td>{comparison}</td>\n</tr>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703
