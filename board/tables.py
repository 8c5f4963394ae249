"""The dashboard's widest rows, written once in Python, as ``indicators.tables`` writes the public pages'.

The exceptions, the status counts a theme and the returns of a quarter, with the markup the
templates wrote (``{% load board_tables %}``). Every piece of text goes through ``escape``.
"""

from __future__ import annotations

from html import escape

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

from indicators.badges import rag_badge, trend_badge
from indicators.tables import slug_urls


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
        if change_line := row.change_line:
            meta += f'<span class="figure-line">{escape(change_line)}</span>'
        out.append(
            f'<tr>\n<th scope="row">\n<a href="{url(indicator)}{query}">{escape(indicator.title)}</a>\n'
            f'<span class="indicator-meta">{meta}</span>\n</th>\n'
            f'<td>{theme.number}. {escape(theme.title)}<span class="indicator-meta">{escape(theme.lead_forum.name)}'
            f'</span></td>\n<td class="text-end num">{escape(row.value_text)}</td>\n'
            f'<td class="text-end num">{escape(row.target_text)}</td>\n'
            f'<td class="text-end num">{escape(row.shortfall_text) or "—"}</td>\n'
            f"<td>{rag_badge(assessment.rag)}</td>\n"
            f"<td>{trend_badge(assessment.trend, assessment.change_percent, assessment.change_points)}</td>\n</tr>\n"
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
