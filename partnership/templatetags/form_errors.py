"""The GOV.UK error pattern, built once for every form.

A form sent back with problems shows, at the top of the main content, a summary titled
"There is a problem" that links each message to its field (``error_summary``); the page
title starts "Error: " (``error_title_prefix``, in base.html's ``title_prefix`` block);
each field carries its own message, linked by ``aria-describedby`` (Django and
crispy-bootstrap5 do that; ``templates/bootstrap5/layout/field_errors*.html`` add a
hidden "Error:" before it). ``static/js/error-summary.js`` moves focus to the summary.

    {% load form_errors %}
    {% block title_prefix %}{% error_title_prefix form %}{% endblock %}
    {% block content %}{% error_summary form %}…

Both tags take any number of forms; ``None`` and forms not sent are skipped, so a page
with several forms lists the problems of the one that was sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms, template

register = template.Library()


@dataclass(frozen=True)
class FormError:
    """One message in the summary, and the id of the input it links to ("" for the form as a whole)."""

    message: str
    target: str = ""


def _fields_in_page_order(form: forms.BaseForm) -> list[forms.BoundField]:
    """The form's fields in the order crispy lays them out (the summary follows the page), then the rest."""
    names: list[str] = []
    layout = getattr(getattr(form, "helper", None), "layout", None)
    if layout is not None:
        names = [pointer.name for pointer in layout.get_field_names() if pointer.name in form.fields]
    names += [name for name in form.fields if name not in names]
    return [form[name] for name in names]


def _first_input_id(field: forms.BoundField) -> str:
    """Where a summary link leads: the input, or the first radio or checkbox of a group (as GOV.UK does)."""
    if field.is_hidden:
        return ""
    if field.id_for_label:
        return field.id_for_label
    subwidgets = field.subwidgets
    return (subwidgets[0].id_for_label if subwidgets else "") or field.auto_id or ""


def form_errors(*candidates) -> list[FormError]:
    """Every problem of the forms that were sent, the form's own problems first, then field by field."""
    found: list[FormError] = []
    for form in candidates:
        if not isinstance(form, forms.BaseForm) or not form.is_bound or not form.errors:
            continue
        found += [FormError(str(message)) for message in form.non_field_errors()]
        for field in _fields_in_page_order(form):
            target = _first_input_id(field)
            found += [FormError(str(message), target) for message in field.errors]
    return found


@register.inclusion_tag("includes/error_summary.html")
def error_summary(*candidates) -> dict:
    return {"errors": form_errors(*candidates)}


@register.simple_tag
def error_title_prefix(*candidates) -> str:
    return "Error: " if form_errors(*candidates) else ""
