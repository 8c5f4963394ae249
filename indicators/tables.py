"""The rows of the widest tables on the public pages and the dashboard, written once, in Python.

A theme's indicators, a ward's figures (130 rows at 25 wards), an indicator's quarters and
wards (250 rows at 250 wards), the dashboard's exceptions: written through the template
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

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

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
        else:
            value = '<span class="text-secondary">No data</span>'
        if target_text:
            target = escape(target_text)
            if row.target_description:
                target += f'<span class="target-note">{escape(row.target_description)}</span>'
        else:
            target = '<span class="text-secondary">None set</span>'
        illustrative = ' · <span class="illustrative-tag">illustrative figures</span>' if row.is_illustrative else ""
        out.append(
            f'<tr>\n<th scope="row">\n<a href="{url(indicator)}">{escape(indicator.title)}</a>\n'
            f'<span class="indicator-meta">{escape(indicator.code)} · {_polarity(indicator)}{illustrative}</span>\n'
            f'</th>\n<td class="text-end num">\n{value}\n</td>\n<td class="text-end num">\n{target}\n</td>\n'
            f"<td>{rag_badge(assessment.rag if assessment else None)}</td>\n"
            f"<td>{trend_badge(assessment.trend, assessment.change_percent) if assessment else _NO_TREND}</td>\n"
            f"<td>{row.sparkline if row.spark_values else ''}</td>\n</tr>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


# --- Ward page: the ward against the borough -----------------------------------------------------


def ward_indicator_rows(rows: list) -> SafeString:
    """``WardIndicatorRow``s: the ward's and the borough's figure, the comparison, the ward's trend."""
    url = slug_urls(row.indicator for row in rows)
    out = []
    for row in rows:
        indicator = row.indicator
        ward_text, borough_text = row.ward_text, row.borough_text
        average = row.compares_with_average
        ward_cell = escape(ward_text) if ward_text else "No data"
        if ward_text and indicator.cumulative:
            ward_cell += '<span class="cell-note">year to date</span>'
        borough_cell = escape(borough_text) if borough_text else "No data"
        if average and (comparison_text := row.comparison_text):
            borough_cell += f'<span class="cell-note">average ward {escape(comparison_text)}</span>'
        out.append(
            f"<tr{_WORSE if row.comparison == 'worse' else ''}>\n"
            f'<th scope="row"><a href="{url(indicator)}">{escape(indicator.title)}</a>\n'
            f'<span class="indicator-meta">{escape(indicator.theme.title)} · {_polarity(indicator)}</span></th>\n'
            f'<td class="text-end num">{ward_cell}</td>\n<td class="text-end num">{borough_cell}</td>\n'
            f"<td>{_comparison(row.comparison, average)}</td>\n<td>{trend_badge(row.trend)}</td>\n</tr>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


def _comparison(comparison, average: bool) -> SafeString:
    label = comparison.label.replace("the borough", "the average ward") if average else comparison.label
    return comparison_badge(comparison.value, label)


# --- Indicator page: every quarter, and every ward -----------------------------------------------


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


def ward_value_rows(page) -> SafeString:
    """An ``IndicatorPage``'s wards at its period: the value and how it compares with the borough."""
    indicator, average = page.indicator, page.compares_with_average
    url = slug_urls(row.ward for row in page.ward_rows)
    out = []
    for row in page.ward_rows:
        ward = row.ward
        value = _fmt(row.value, indicator)
        out.append(
            f"<tr{_WORSE if row.comparison == 'worse' else ''}>\n"
            f'<th scope="row"><a href="{url(ward)}">{escape(ward.name)}</a></th>\n'
            f'<td class="text-end num">{escape(value) if value else "No data"}</td>\n'
            f"<td>{_comparison(row.comparison, average)}</td>\n</tr>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


# --- Board dashboard: the exceptions, the status counts, the returns -------------------------------


def exception_rows(rows: list, period) -> SafeString:
    """The dashboard's ``ExceptionRow``s at ``period``, each linking to its analysis page for that period."""
    url = slug_urls(
        (row.indicator for row in rows),
        reverse_one=lambda indicator: reverse("dashboard:indicator-analysis", args=[indicator.slug]),
    )
    query = f"?period={escape(str(period.pk))}"
    out = []
    for row in rows:
        indicator, assessment = row.indicator, row.assessment
        theme = indicator.theme
        meta = escape(indicator.code)
        if indicator.cumulative:
            meta += " · year to date"
        if not indicator.is_public:
            meta += ' · <span class="not-published">not published</span>'
        out.append(
            f'<tr>\n<th scope="row">\n<a href="{url(indicator)}{query}">{escape(indicator.title)}</a>\n'
            f'<span class="indicator-meta">{meta}</span>\n</th>\n'
            f'<td>{theme.number}. {escape(theme.title)}<span class="indicator-meta">{escape(theme.lead_forum.name)}'
            f'</span></td>\n<td class="text-end num">{escape(row.value_text)}</td>\n'
            f'<td class="text-end num">{escape(row.target_text)}</td>\n'
            f'<td class="text-end num">{escape(row.shortfall_text) or "—"}</td>\n'
            f"<td>{rag_badge(assessment.rag)}</td>\n"
            f"<td>{trend_badge(assessment.trend, assessment.change_percent)}</td>\n</tr>\n"
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


def rag_rows(page, period) -> SafeString:
    """The dashboard's count of indicators at each status, a row a theme, each linking to its indicators."""
    link = f"{reverse('dashboard:indicator-list')}?period={int(period.pk)}&amp;theme="
    out = []
    for theme, counts, total in page.rag_table_rows:
        cells = "".join(f'<td class="text-end num">{int(count)}</td>' for count in counts)
        out.append(
            f'<tr>\n<th scope="row"><a href="{link}{int(theme.pk)}">{int(theme.number)}. {escape(theme.title)}</a>'
            f'</th>\n{cells}\n<td class="text-end num">{int(total)}</td>\n</tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


_NONE = '<span class="text-secondary">—</span>'


def _day(moment) -> str:
    """``{{ moment|date:"j M Y" }}``: the local date."""
    return escape(date_filter(template_localtime(moment), "j M Y"))


def return_rows(rows: list, period) -> SafeString:
    """The dashboard's ``CompletenessRow``s: each lead forum's return for ``period``, how late, when signed off."""
    out = []
    for row in rows:
        forum, state, submitted = row.forum, row.state, row.quarterly_return
        name = escape(forum.name)
        if row.can_open:
            name = f'<a href="{reverse("returns:return-detail", args=[forum.pk, period.pk])}">{name}</a>'
        themes = "<br>".join(f"{int(theme.number)}. {escape(theme.title)}" for theme in row.themes)
        status = f'<span class="state state-{escape(state.value)}">{escape(state.label)}</span>'
        if state.value == "not_due":
            status += f' <span class="indicator-meta">{"draft started" if row.started else "not started"}</span>'
        late = _NONE
        if row.days_late:
            late = str(int(row.days_late))
            if not row.is_outstanding:
                late += ' <span class="cell-note">at submission</span>'
        sent = _day(submitted.submitted_at) if submitted is not None and submitted.submitted_at else _NONE
        approved = _NONE
        if submitted is not None and submitted.approved_at and state.value == "approved":
            approved = _day(submitted.approved_at)
        out.append(
            f'<tr class="return-{escape(state.value)}">\n<th scope="row">{name}</th>\n<td>{themes}</td>\n'
            f'<td>{status}</td>\n<td class="text-end num">{late}</td>\n<td>{sent}</td>\n<td>{approved}</td>\n</tr>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703
