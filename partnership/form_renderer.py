"""The form renderer: Django's own, except that a ``<select>`` is written in Python.

Django's ``select.html`` includes ``select_option.html``, which includes ``attrs.html``, for
every option: a resident's comment form lists every area, 250 in a large borough, and those
600 includes were most of the time the comment page took to render. ``FormRenderer`` writes
the same markup (``partnership/tests/test_form_renderer.py`` compares it with Django's) for a
select whose options all use Django's option template, and leaves everything else, and any
widget with its own option template, to the templates.
"""

from __future__ import annotations

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.timezone import template_localtime

SELECT_TEMPLATE = "django/forms/widgets/select.html"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


class FormRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name == SELECT_TEMPLATE:
            widget = context["widget"]
            groups = widget["optgroups"]
            if all(option["template_name"] == OPTION_TEMPLATE for _, options, _ in groups for option in options):
                return select_html(widget)
        return super().render(template_name, context, request)


def _text(value) -> str:
    """``{{ value }}``: local time, localised, escaped unless already safe."""
    value = localize(template_localtime(value))
    return conditional_escape(value if isinstance(value, str) else str(value))


def _formatted(value) -> str:
    """``{{ value|stringformat:'s' }}``: ``stringformat`` keeps a safe value safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else escape(text)


def _attrs(attrs: dict) -> str:
    """``django/forms/widgets/attrs.html``."""
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {_text(name)}" if value is True else f' {_text(name)}="{_formatted(value)}"')
    return "".join(out)


def select_html(widget: dict) -> str:
    """``django/forms/widgets/select.html`` with ``select_option.html`` for each option, as Django renders them."""
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in options:
            out.append(
                f'\n  <option value="{_formatted(option["value"])}"{_attrs(option["attrs"])}>'
                f"{_text(option['label'])}</option>\n"
            )
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return mark_safe("".join(out))  # noqa: S308 — every text went through _text or _formatted # nosec B308 B703
