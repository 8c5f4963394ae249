"""The emails residents get: confirm, published, responded, answered, closing soon.

Each function takes an id, loads what it needs and sends plain-text mail, one message
per person (never a shared To: line). Subjects carry only text the partnership wrote,
never a resident's. Links are absolute, built on ``PORTAL_BASE_URL``. Called by the
Celery tasks in ``tasks.py``, which the services queue with ``on_commit``.
"""

from __future__ import annotations

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse

from partnership.links import portal_url

from .models import (
    Comment,
    Consultation,
    ConsultationResponse,
    MailingListRequest,
    RequestStatus,
    Suggestion,
    WorkshopRequest,
)
from .tokens import Kind, confirm_days, make_confirm_token, make_delete_token

MODELS = {
    Kind.COMMENT: Comment,
    Kind.SUGGESTION: Suggestion,
    Kind.RESPONSE: ConsultationResponse,
    Kind.WORKSHOP: WorkshopRequest,
    Kind.MAILING_LIST: MailingListRequest,
}

CONFIRM_SUBJECTS = {
    Kind.COMMENT: "Confirm your comment",
    Kind.SUGGESTION: "Confirm your suggestion",
    Kind.RESPONSE: "Confirm your consultation response",
    Kind.WORKSHOP: "Confirm your workshop request",
    Kind.MAILING_LIST: "Confirm you want to join the mailing list",
}


def _message(to: str, subject: str, template: str, context: dict) -> EmailMessage:
    body = render_to_string(template, {"site_name": "LSP Portal", **context})
    return EmailMessage(subject=f"{subject} — LSP Portal", body=body, to=[to])


def comment_url(comment: Comment) -> str:
    top = comment.parent_id or comment.pk
    return portal_url(reverse("consultation:comment-thread", args=[top]))


def is_confirmed(kind: Kind, obj) -> bool:
    if kind == Kind.COMMENT:
        return obj.status != Comment.Status.UNCONFIRMED
    if kind == Kind.SUGGESTION:
        return obj.status != Suggestion.Status.UNCONFIRMED
    return obj.confirmed_at is not None


def send_confirmation(kind: str, pk: int) -> bool:
    """The link that proves the email is theirs. Nothing is sent for something already confirmed,
    except to someone who responds to a consultation twice: they are told their first response counts."""
    kind = Kind(kind)
    obj = MODELS[kind].objects.filter(pk=pk).first()
    if obj is None or not obj.email:
        return False
    if is_confirmed(kind, obj):
        if kind != Kind.RESPONSE:
            return False
        message = _message(
            obj.email,
            "You have already responded",
            "consultation/emails/already_responded.txt",
            {"consultation": obj.consultation, "url": portal_url(obj.consultation.get_absolute_url())},
        )
        return bool(message.send())
    context = {
        "kind": kind.value,
        "item": obj,
        "confirm_url": portal_url(reverse("consultation:confirm", args=[make_confirm_token(kind, obj)])),
        "days": confirm_days(),
        "privacy_url": portal_url(reverse("consultation:privacy")),
    }
    if kind == Kind.COMMENT:
        context["delete_url"] = portal_url(reverse("consultation:comment-delete", args=[make_delete_token(obj)]))
    if kind == Kind.RESPONSE:
        context["consultation"] = obj.consultation
    message = _message(obj.email, CONFIRM_SUBJECTS[kind], "consultation/emails/confirm.txt", context)
    return bool(message.send())


def send_comment_published(pk: int) -> bool:
    comment = Comment.objects.filter(pk=pk, status=Comment.Status.PUBLISHED).exclude(email="").first()
    if comment is None:
        return False
    context = {
        "comment": comment,
        "url": comment_url(comment),
        "delete_url": portal_url(reverse("consultation:comment-delete", args=[make_delete_token(comment)])),
    }
    return bool(
        _message(comment.email, "Your comment is published", "consultation/emails/published.txt", context).send()
    )


def send_comment_responded(response_pk: int) -> bool:
    response = (
        Comment.objects.filter(pk=response_pk, is_official=True, status=Comment.Status.PUBLISHED)
        .select_related("parent", "responding_forum")
        .first()
    )
    if response is None or response.parent is None or not response.parent.email:
        return False
    comment = response.parent
    context = {"comment": comment, "response": response, "url": comment_url(comment)}
    return bool(
        _message(
            comment.email, "The partnership has responded to your comment", "consultation/emails/responded.txt", context
        ).send()
    )


def send_suggestion_answered(pk: int) -> bool:
    suggestion = Suggestion.objects.filter(pk=pk).select_related("theme").first()
    if suggestion is None or suggestion.status not in (Suggestion.Status.ADOPTED, Suggestion.Status.NOT_ADOPTED):
        return False
    context = {
        "suggestion": suggestion,
        "url": portal_url(reverse("consultation:suggestion-detail", args=[suggestion.pk])),
    }
    return bool(
        _message(
            suggestion.email, "An answer to your suggestion", "consultation/emails/suggestion_answered.txt", context
        ).send()
    )


def closing_soon_recipients(consultation: Consultation) -> list[str]:
    """People who asked to hear from the lead forum, and those who commented on the consultation,
    less anyone whose response is already counted."""
    emails: set[str] = set()
    if consultation.lead_forum_id:
        emails |= set(
            MailingListRequest.objects.filter(forum_id=consultation.lead_forum_id, confirmed_at__isnull=False)
            .exclude(status=RequestStatus.DECLINED)
            .values_list("email", flat=True)
        )
    emails |= set(
        Comment.objects.filter(consultation=consultation, confirmed_at__isnull=False)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    responded = set(
        ConsultationResponse.objects.filter(consultation=consultation, confirmed_at__isnull=False).values_list(
            "email", flat=True
        )
    )
    return sorted({email.lower() for email in emails} - {email.lower() for email in responded})


def send_closing_soon(consultation_pk: int) -> int:
    consultation = Consultation.objects.filter(pk=consultation_pk, is_published=True).first()
    if consultation is None:
        return 0
    context = {"consultation": consultation, "url": portal_url(consultation.get_absolute_url())}
    messages = [
        _message(email, "A consultation closes soon", "consultation/emails/closing_soon.txt", context)
        for email in closing_soon_recipients(consultation)
    ]
    if not messages:
        return 0
    with get_connection() as connection:
        return connection.send_messages(messages) or 0
