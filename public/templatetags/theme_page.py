"""A theme page's objectives and their actions, written once in Python: ``{{ page.objectives|objective_items }}``.

Through the template engine each objective and action cost a tag, a date filter and a dozen
lookups. The markup is the one the template wrote, item for item: every text goes through
``escape`` (as ``{{ … }}`` does), dates through the ``date`` filter, descriptions through
``linebreaks``; each progress status is shown in words (``progress_status``).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from django import template
from django.template.defaultfilters import date, linebreaks_filter
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

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
