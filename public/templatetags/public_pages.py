"""The repeated parts of the home and theme pages, written once in Python.

``{{ page|theme_cards }}`` and ``{{ page|cross_cutting_cards }}`` (home),
``{{ page.objectives|objective_items }}`` (theme page), ``{{ page|area_plan_sections:plan }}``
(area page). Through the template engine each
card, objective and action cost tags, filters, URL reversals and a dozen lookups. The
markup is the one the template wrote, item for item: every text goes through ``escape``
(as ``{{ … }}`` does), dates through the ``date`` filter, descriptions through
``linebreaks``, visions through ``truncatewords``; each progress status and RAG count is
shown in words (``progress_status``, ``rag_counts``).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django import template
from django.template.defaultfilters import date, linebreaks_filter, truncatewords
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from indicators.badges import rag_counts
from indicators.tables import slug_urls
from themes.templatetags.theme_tags import progress_status

register = template.Library()


# A status's words and a date's text depend on nothing else (and the language): made once per process.
@lru_cache(maxsize=64)
def _status_text(model: type, status: str, language: str | None) -> str:
    return progress_status(model(status=status))


@lru_cache(maxsize=1024)
def _date_text(day, format_string: str, language: str | None) -> str:
    return escape(date(day, format_string))


@register.filter
def objective_items(rows: list) -> SafeString:
    """``ObjectiveRow``s as the ``<li>`` items of the theme page's list of objectives."""
    language = get_language()

    def status_of(item) -> str:
        return _status_text(type(item), item.status, language) if item.status else progress_status(item)

    def date_of(day, format_string: str) -> str:
        return _date_text(day, format_string, language)

    out = []
    for row in rows:
        objective = row.objective
        meta = status_of(objective)
        if objective.owner:
            meta += f" · Owner: {escape(objective.owner.name)}"
        if objective.due_date:
            meta += f" · Due {date_of(objective.due_date, 'j F Y')}"
        description = linebreaks_filter(objective.description, autoescape=True) if objective.description else ""
        note = (
            f'<p class="progress-note"><strong>Progress:</strong> {escape(objective.progress_note)}</p>'
            if objective.progress_note
            else ""
        )
        actions = ""
        if row.actions:
            items = []
            for action in row.actions:
                action_meta = status_of(action)
                if action.owner:
                    action_meta += f" · {escape(action.owner.name)}"
                if action.due_date:
                    action_meta += f" · due {date_of(action.due_date, 'M Y')}"
                action_note = (
                    f'<span class="progress-note d-block">{escape(action.progress_note)}</span>'
                    if action.progress_note
                    else ""
                )
                items.append(
                    f"\n        <li>\n          {escape(action.title)}\n"
                    f'          <span class="action-meta">{action_meta}</span>\n'
                    f"          {action_note}\n        </li>\n        "
                )
            actions = (
                f'\n      <h4 class="h6">Actions</h4>\n      <ul class="action-list">\n        {"".join(items)}'
                "\n      </ul>\n      "
            )
        out.append(
            f'\n    <li class="objective">\n      <h3 class="h5 objective-title">{escape(objective.title)}</h3>\n'
            f'      <p class="objective-meta">{meta}</p>\n      {description}\n      {note}\n      {actions}\n'
            "    </li>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


@register.filter
def theme_cards(page) -> SafeString:
    """A ``HomePage``'s themes as the ``<li>`` cards of its list: title, vision, lead forum, RAG counts."""
    url = slug_urls(summary.theme for summary in page.themes)
    up_to = f" up to {escape(page.period.label)}" if page.period else ""
    out = []
    for summary in page.themes:
        theme, count = summary.theme, summary.indicator_count
        slug = escape(theme.slug)
        out.append(
            f'\n    <li class="col-md-6 col-xl-4">\n'
            f'      <article class="theme-card h-100" aria-labelledby="theme-{slug}">\n'
            f'        <h3 class="h5" id="theme-{slug}"><a href="{escape(url(theme))}"><span class="theme-number">'
            f"{theme.number}.</span> {escape(theme.title)}</a></h3>\n"
            f'        <p class="theme-vision">{escape(truncatewords(theme.vision, 28))}</p>\n'
            f'        <p class="theme-lead">Lead forum: {escape(theme.lead_forum.name)}</p>\n'
            f'        <h4 class="visually-hidden">{count} indicator{"" if count == 1 else "s"}{up_to}</h4>\n'
            f"        {rag_counts(summary.counts)}\n      </article>\n    </li>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


@register.filter
def cross_cutting_cards(page) -> SafeString:
    """A ``HomePage``'s cross-cutting themes as cards: title, description and the themes each joins up."""
    items = page.cross_cutting
    url = slug_urls(
        (item.cross_cutting_theme for item in items),
        lambda cross_cutting: reverse("themes:cross-cutting-detail", args=[cross_cutting.slug]),
    )
    theme_url = slug_urls(theme for item in items for theme in item.themes)
    out = []
    for item in items:
        cross_cutting = item.cross_cutting_theme
        slug = escape(cross_cutting.slug)
        themes = ""
        if item.themes:
            links = "; ".join(
                f'<a href="{escape(theme_url(theme))}">{escape(theme.title)}</a>' for theme in item.themes
            )
            themes = f'\n        <p class="small mb-0">Joins up:\n          {links}</p>\n        '
        out.append(
            f'\n    <div class="col-md-4">\n'
            f'      <section class="cross-cutting-card h-100" aria-labelledby="ctt-{slug}">\n'
            f'        <h3 class="h5" id="ctt-{slug}"><a href="{escape(url(cross_cutting))}">'
            f"{escape(cross_cutting.title)}</a></h3>\n"
            f"        <p>{escape(truncatewords(cross_cutting.description, 30))}</p>\n"
            f"        {themes}\n      </section>\n    </div>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703


@register.filter
def area_plan_sections(page, plan) -> SafeString:
    """An ``AreaPage``'s plans, newest first, each a ``<section>`` with its priorities and the themes
    they serve: linked where the theme is ``plan``'s (the current plan), named otherwise."""
    language = get_language()
    url = slug_urls(theme for row in page.area_plans for item in row.priorities for theme in item.themes)
    out = []
    for row in page.area_plans:
        area_plan = row.area_plan
        published = (
            f' <span class="text-secondary small">(published {_date_text(area_plan.published_on, "j F Y", language)})'
            "</span>"
            if area_plan.published_on
            else ""
        )
        summary = linebreaks_filter(area_plan.summary, autoescape=True) if area_plan.summary else ""
        if row.priorities:
            items = []
            for item in row.priorities:
                priority = item.priority
                description = (
                    f'<span class="d-block">{escape(priority.description)}</span>' if priority.description else ""
                )
                themes = ""
                if item.themes:
                    names = "; ".join(
                        f'<a href="{escape(url(theme))}">{escape(theme.title)}</a>'
                        if plan and theme.plan_id == plan.pk
                        else escape(theme.title)
                        for theme in item.themes
                    )
                    themes = f'<span class="d-block small">Themes:\n            {names}</span>'
                items.append(
                    f"\n        <li>\n          <strong>{escape(priority.title)}</strong>\n"
                    f"          {description}\n          {themes}\n        </li>\n        "
                )
            priorities = f'\n      <ol class="priority-list">\n        {"".join(items)}\n      </ol>\n      '
        else:
            priorities = "<p>No priorities recorded for this year.</p>"
        year = area_plan.year
        out.append(
            f'\n    <section class="area-plan" aria-labelledby="area-plan-{year}">\n'
            f'      <h3 class="h5" id="area-plan-{year}">{escape(row.year_label)}{published}</h3>\n'
            f"      {summary}\n      {priorities}\n    </section>\n    "
        )
    return mark_safe("".join(out))  # noqa: S308 — every text went through escape # nosec B308 B703
