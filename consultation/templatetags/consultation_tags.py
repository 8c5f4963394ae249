"""Showing residents' words the same safe way everywhere: escaped, plain text, never marked safe here."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from consultation import rendering
from consultation.models import Comment, Consultation, Suggestion
from consultation.selectors import CommentSummary, PublicComment, Thread

register = template.Library()


@register.filter
def comment_placeholder(comment: Comment) -> str:
    """What stands in for a comment the public no longer sees; empty for a published one."""
    return rendering.placeholder(comment.status, comment.moderated_at)


@register.simple_tag
def consultation_dates(consultation: Consultation, state: str) -> str:
    """“Open until 5 March 2015, 17:00”, “Opens on …”, “Closed on …”."""
    opens = timezone.localtime(consultation.opens_at)
    closes = timezone.localtime(consultation.closes_at)
    if state == Consultation.State.UPCOMING:
        return f"Opens on {date_format(opens, 'j F Y')}, closes on {date_format(closes, 'j F Y, H:i')}"
    if state == Consultation.State.OPEN:
        return f"Open until {date_format(closes, 'j F Y, H:i')}"
    return f"Closed on {date_format(closes, 'j F Y')}"


@register.filter
def suggestion_status_class(status: str) -> str:
    return {
        Suggestion.Status.RECEIVED: "status-received",
        Suggestion.Status.UNDER_CONSIDERATION: "status-considering",
        Suggestion.Status.ADOPTED: "status-adopted",
        Suggestion.Status.NOT_ADOPTED: "status-not-adopted",
    }.get(status, "status-other")


def _actions(context) -> rendering.Actions:
    return rendering.Actions(
        open_for_replies=bool(context.get("open_for_replies")),
        can_respond=bool(context.get("can_respond")),
        can_moderate=bool(context.get("can_moderate")),
    )


@register.simple_tag(takes_context=True)
def comment_article(context, comment: Comment | PublicComment, level: int) -> str:
    """``{% comment_article comment 3 %}``: one comment (``consultation.rendering``), its actions as the page allows."""
    if isinstance(comment, Comment):
        comment = PublicComment.of(comment)
    return rendering.comment_article(comment, level=int(level), actions=_actions(context))


@register.simple_tag
def comments_section(summary: CommentSummary, kind: str) -> str:
    """``{% comments_section summary kind %}``: “What residents say” on a theme or indicator page."""
    return rendering.comments_section(summary, kind)


@register.simple_tag(takes_context=True)
def comment_threads(context, threads: list[Thread]) -> str:
    """``{% comment_threads page.threads %}``: a page's comments with their replies, in one string."""
    return rendering.comment_threads(threads, actions=_actions(context))


# An unbound comment form's markup, by what it depends on, with two markers for what differs
# between visitors. Bounded: cleared when full (a new ward list or action makes a new entry).
_UNBOUND_FORMS: dict[tuple, str] = {}
_UNBOUND_FORMS_MAX = 256
_CSRF_MARKER = "\x00csrf\x00"
_STARTED_MARKER = "\x00started\x00"


@register.simple_tag(takes_context=True)
def unbound_comment_form(context, form) -> str:
    """``{% crispy form %}`` for an empty comment form, rendered by crispy-forms once per process.

    crispy-forms took a third of a comment page's time to write the same form again for
    every visitor. The markup depends only on the form's action, button, prefix and ward
    list (the key), and on two values of each visitor's: the CSRF token and the signed
    timestamp, put back here. A bound form (answered with its errors) is rendered by
    ``{% crispy form %}`` every time.
    """
    from crispy_forms.utils import render_crispy_form
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    started = str(conditional_escape(form["started"].value()))
    # The areas are read once, as plain values (one query), for the key, and for crispy-forms to
    # render from when the key is new. Not through the field's choices: they iterate a server-side
    # cursor (DECLARE, FETCH, CLOSE) and make every option's label, which cost more than the rest.
    area = form.fields["area"]
    areas = tuple(area.queryset.values_list("pk", "name", "kind"))
    key = (type(form), form.helper.form_action, form.submit_label, form.prefix, area.empty_label, areas)
    markup = _UNBOUND_FORMS.get(key)
    if markup is None:
        empty = [("", area.empty_label)] if area.empty_label is not None else []
        model = area.queryset.model
        options = [(pk, area.label_from_instance(model(pk=pk, name=name, kind=kind))) for pk, name, kind in areas]
        area.widget.choices = empty + options
        html = render_crispy_form(form, context={"csrf_token": _CSRF_MARKER})
        if html.count(started) != 1 or html.count(_CSRF_MARKER) != 1:  # never expected: no shortcut
            return render_crispy_form(form, context=context.flatten())
        markup = html.replace(started, _STARTED_MARKER)
        if len(_UNBOUND_FORMS) >= _UNBOUND_FORMS_MAX:
            _UNBOUND_FORMS.clear()
        _UNBOUND_FORMS[key] = markup
    # As {% csrf_token %} does: the visitor's token, which also marks the response for the CSRF cookie.
    token = str(conditional_escape(context.get("csrf_token")))
    # crispy's escaped markup, with two escaped values put back
    return mark_safe(markup.replace(_CSRF_MARKER, token).replace(_STARTED_MARKER, started))  # noqa: S308 # nosec B308 B703
