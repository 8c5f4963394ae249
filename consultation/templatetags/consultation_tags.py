"""Showing residents' words the same safe way everywhere: escaped, plain text, never marked safe here."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from consultation import rendering
from consultation.models import Comment, Consultation, Suggestion

register = template.Library()


@register.filter
def comment_placeholder(comment: Comment) -> str:
    """What stands in for a comment the public no longer sees; empty for a published one."""
    if comment.status == Comment.Status.HIDDEN:
        return "Hidden while the moderators review it."
    if comment.status == Comment.Status.REMOVED:
        if comment.moderated_at is None:
            return "Deleted by its author."
        return f"Removed by the moderators on {date_format(timezone.localtime(comment.moderated_at), 'j F Y')}."
    if comment.status != Comment.Status.PUBLISHED:
        return comment.get_status_display()
    return ""


@register.filter
def posted_on(comment: Comment) -> str:
    """Where a comment was made, for lists that mix subjects: “on the objective …”."""
    if comment.objective_id:
        return f"on the objective “{comment.objective.title}”"
    if comment.indicator_id:
        return f"on the indicator “{comment.indicator.title}”"
    if comment.consultation_id:
        return f"on the consultation “{comment.consultation.title}”"
    return "on the theme"


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


@register.simple_tag(takes_context=True)
def comment_article(context, comment: Comment, level: int) -> str:
    """``{% comment_article comment 3 %}``: one comment (``consultation.rendering``), its actions as the page allows."""
    return rendering.comment_article(
        comment,
        level=int(level),
        placeholder=comment_placeholder(comment),
        open_for_replies=bool(context.get("open_for_replies")),
        can_respond=bool(context.get("can_respond")),
        can_moderate=bool(context.get("can_moderate")),
    )
