"""Showing residents' words the same safe way everywhere: escaped, plain text, never marked safe here."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.formats import date_format

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
