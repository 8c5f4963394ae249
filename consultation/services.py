"""Writes for residents having their say: comments and their moderation, consultation
responses, suggestions, requests, reminders and retention.

Views, admin actions, management commands, Celery tasks and the demo all go through
these functions. Each is keyword-only, atomic, validates with ``full_clean()`` and records
who acted. Email is queued with ``transaction.on_commit`` so that nothing is sent for a
save that is rolled back.

A comment's life::

    unconfirmed ─confirm (email link)→ pending ─approve→ published ─reject→ removed (placeholder kept)
                                         │                 │  ↑ approve     ↑
                                         └─reject→ rejected└─ reports → hidden ─reject┘

With ``COMMENTS_POST_MODERATION`` a confirmed comment is published at once and the
moderators remove what breaks the policy afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from indicators.models import Indicator
from partnership.models import Area, Forum
from themes.models import Action, Objective, Theme

from . import permissions
from .models import (
    Answer,
    Choice,
    Comment,
    CommentReport,
    Consultation,
    ConsultationResponse,
    MailingListRequest,
    ModerationAction,
    Question,
    RequestStatus,
    SubmissionReceipt,
    Suggestion,
    WorkshopRequest,
)
from .tokens import FORM_MAX_AGE, Kind

Subject = Theme | Objective | Indicator | Consultation
Status = Comment.Status


class AlreadyReported(Exception):
    """This reporter has already reported this comment."""


class AlreadySubmitted(Exception):
    """This form was already accepted; ``kind`` is what it sent the first time."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


Created = TypeVar("Created")


# --- Settings ------------------------------------------------------------------------------------


def post_moderation() -> bool:
    return settings.COMMENTS_POST_MODERATION


def reports_to_hide() -> int:
    return settings.COMMENT_REPORTS_TO_HIDE


def retention_days() -> int:
    return settings.CONSULTATION_RETENTION_DAYS


def closing_soon_days() -> int:
    return settings.CONSULTATION_CLOSING_SOON_DAYS


def _queue(task_name: str, *args) -> None:
    """Send a task once the transaction commits (eagerly, in-process, when no broker is configured)."""
    from . import tasks  # tasks import this module

    task = getattr(tasks, task_name)
    transaction.on_commit(lambda: task.delay(*args))


def _normalise_email(email: str) -> str:
    return email.strip().lower()


# --- One submission per form --------------------------------------------------------------------


@transaction.atomic
def submission_once(
    *, nonce: str, kind: str, submit: Callable[..., Created], now: datetime.datetime | None = None, **fields
) -> Created:
    """``submit(**fields)``, unless the form with this one-time ``nonce`` was already accepted.

    The receipt is written in the same transaction as what ``submit`` creates: if that is
    refused (``ValidationError``) the receipt goes too, and the corrected form can be sent
    again. A form sent twice at once: the second insert waits on the unique nonce until the
    first commits, then fails. Either way a repeat raises ``AlreadySubmitted`` with the
    first submission's kind, and creates and emails nothing.
    """
    receipt = SubmissionReceipt(nonce=nonce, kind=kind, created_at=now or timezone.now())
    receipt.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            receipt.save()
    except IntegrityError:
        first = SubmissionReceipt.objects.filter(nonce=nonce).values_list("kind", flat=True).first()
        raise AlreadySubmitted(first or kind) from None
    return submit(**fields)


# --- Comments ------------------------------------------------------------------------------------


def subject_fields(subject: Subject) -> dict[str, object]:
    """The comment fields that point at ``subject``; objectives and indicators carry their theme too."""
    if isinstance(subject, Objective):
        return {"theme_id": subject.theme_id, "objective": subject}
    if isinstance(subject, Indicator):
        return {"theme_id": subject.theme_id, "indicator": subject}
    if isinstance(subject, Theme):
        return {"theme": subject}
    if isinstance(subject, Consultation):
        return {"consultation": subject}
    raise TypeError(f"Residents cannot comment on a {type(subject).__name__}.")


def consultation_is_open(consultation: Consultation, now: datetime.datetime | None = None) -> bool:
    return consultation.is_published and consultation.state_at(now) == Consultation.State.OPEN


@transaction.atomic
def comment_submit(
    *,
    display_name: str,
    email: str,
    body: str,
    subject: Subject | None = None,
    parent: Comment | None = None,
    area: Area | None = None,
    now: datetime.datetime | None = None,
) -> Comment:
    """A resident's comment, or reply to a published comment; it waits for its email to be confirmed."""
    now = now or timezone.now()
    if parent is not None:
        if parent.parent_id is not None:
            raise ValidationError("Replies go one level deep: reply to the comment itself.")
        if parent.status != Status.PUBLISHED:
            raise ValidationError("This comment is not open for replies.")
        fields: dict[str, object] = {
            f"{name}_id": getattr(parent, f"{name}_id") for name in ("theme", "objective", "indicator", "consultation")
        }
        consultation = parent.consultation if parent.consultation_id else None
    elif subject is not None:
        fields = subject_fields(subject)
        consultation = subject if isinstance(subject, Consultation) else None
    else:
        raise ValidationError("A comment needs a subject.")
    if consultation is not None and not consultation_is_open(consultation, now):
        raise ValidationError("This consultation is closed to new comments.")
    comment = Comment(
        **fields,
        parent=parent,
        display_name=display_name.strip(),
        email=_normalise_email(email),
        body=body,
        area=area,
        status=Status.UNCONFIRMED,
        created_at=now,
    )
    comment.full_clean()
    comment.save()
    _queue("send_confirmation_task", Kind.COMMENT.value, comment.pk)
    return comment


def _publish(comment: Comment, now: datetime.datetime) -> None:
    first_time = comment.published_at is None
    comment.status = Status.PUBLISHED
    comment.published_at = comment.published_at or now
    if first_time and comment.email and not comment.is_official:
        _queue("send_comment_published_task", comment.pk)


@transaction.atomic
def comment_confirm(*, comment: Comment, now: datetime.datetime | None = None) -> Comment:
    """The resident followed the emailed link: into the moderation queue (or published, with post-moderation)."""
    now = now or timezone.now()
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != Status.UNCONFIRMED:
        return comment  # a second click changes nothing
    comment.confirmed_at = now
    if post_moderation():
        _publish(comment, now)
    else:
        comment.status = Status.PENDING
    comment.save(update_fields=["status", "confirmed_at", "published_at"])
    return comment


def _require_moderator(user) -> None:
    if not permissions.can_moderate(user):
        raise PermissionDenied("Only the LSP Support Group moderates comments.")


def _record(comment: Comment, kind: str, *, by, reason: str, now: datetime.datetime) -> ModerationAction:
    action = ModerationAction(comment=comment, kind=kind, reason=reason.strip(), by=by, at=now)
    action.full_clean()
    action.save()
    return action


def removed_by_author(comment: Comment) -> bool:
    """A comment its author deleted but which others replied to: its words are gone, the thread stays."""
    return comment.status == Status.REMOVED and comment.moderated_at is None


@transaction.atomic
def comment_approve(*, comment: Comment, by, reason: str = "", now: datetime.datetime | None = None) -> Comment:
    """Publish a pending comment, or restore one that was hidden, removed or rejected."""
    _require_moderator(by)
    now = now or timezone.now()
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status == Status.PUBLISHED:
        return comment
    if comment.status == Status.UNCONFIRMED:
        raise ValidationError("This comment's email address has not been confirmed yet.")
    if removed_by_author(comment):
        raise ValidationError("Its author deleted this comment; it cannot be restored.")
    kind = (
        ModerationAction.Kind.RESTORE
        if comment.status in (Status.REMOVED, Status.HIDDEN)
        else ModerationAction.Kind.APPROVE
    )
    _publish(comment, now)
    comment.moderated_at = now
    comment.save(update_fields=["status", "published_at", "moderated_at"])
    _record(comment, kind, by=by, reason=reason, now=now)
    return comment


@transaction.atomic
def comment_reject(*, comment: Comment, by, reason: str, now: datetime.datetime | None = None) -> Comment:
    """Reject a comment waiting for moderation, or remove a published (or hidden) one.

    A removed comment stays in its thread as “Removed by the moderators on <date>”, so
    that its replies still make sense; a rejected one was never public and is purged
    after the retention period.
    """
    _require_moderator(by)
    if not reason.strip():
        raise ValidationError({"reason": "Give a reason: it is recorded with the decision."})
    now = now or timezone.now()
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status in (Status.PUBLISHED, Status.HIDDEN):
        comment.status, kind = Status.REMOVED, ModerationAction.Kind.REMOVE
    elif comment.status in (Status.PENDING, Status.UNCONFIRMED):
        comment.status, kind = Status.REJECTED, ModerationAction.Kind.REJECT
    else:
        return comment  # already rejected or removed
    comment.moderated_at = now
    comment.save(update_fields=["status", "moderated_at"])
    _record(comment, kind, by=by, reason=reason, now=now)
    return comment


@dataclass(frozen=True)
class BulkOutcome:
    changed: int
    skipped: list[tuple[Comment, str]]


@transaction.atomic
def comment_moderate_many(
    *, comments: Iterable[Comment], approve: bool, by, reason: str = "", now: datetime.datetime | None = None
) -> BulkOutcome:
    """Approve or reject several comments with one reason; those that cannot take the decision are skipped."""
    _require_moderator(by)
    if not approve and not reason.strip():
        raise ValidationError({"reason": "Give a reason: it is recorded with each decision."})
    now = now or timezone.now()
    changed, skipped = 0, []
    for comment in comments:
        before = comment.status
        try:
            with transaction.atomic():
                if approve:
                    after = comment_approve(comment=comment, by=by, reason=reason, now=now)
                else:
                    after = comment_reject(comment=comment, by=by, reason=reason, now=now)
        except ValidationError as exc:
            skipped.append((comment, " ".join(exc.messages)))
            continue
        changed += after.status != before
    return BulkOutcome(changed, skipped)


@transaction.atomic
def comment_respond(*, comment: Comment, by, body: str, now: datetime.datetime | None = None) -> Comment:
    """An official response, marked “Response from <forum>”, published at once under the comment."""
    now = now or timezone.now()
    top = comment.parent if comment.parent_id else comment
    if not permissions.can_respond(by, top):
        raise PermissionDenied("Only the theme's lead forum or the LSP Support Group responds for the partnership.")
    if top.status != Status.PUBLISHED:
        raise ValidationError("You can respond only to a published comment.")
    forum = permissions.responding_forum(by, top)
    response = Comment(
        theme_id=top.theme_id,
        objective_id=top.objective_id,
        indicator_id=top.indicator_id,
        consultation_id=top.consultation_id,
        parent=top,
        display_name=(by.get_full_name() or by.get_username())[:80],
        email="",
        body=body,
        status=Status.PUBLISHED,
        is_official=True,
        responding_forum=forum,
        author=by,
        created_at=now,
        confirmed_at=now,
        published_at=now,
    )
    response.full_clean()
    response.save()
    if top.email and not top.is_official:
        _queue("send_comment_responded_task", response.pk)
    return response


@transaction.atomic
def comment_report(*, comment: Comment, reason: str, fingerprint: str, now: datetime.datetime | None = None) -> bool:
    """A resident flags a comment; enough reports hide it until a moderator decides. True if it is now hidden."""
    now = now or timezone.now()
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.status != Status.PUBLISHED or comment.is_official:
        raise ValidationError("This comment cannot be reported.")
    report = CommentReport(
        comment=comment, reason=reason.strip()[:500], reporter_fingerprint=fingerprint, created_at=now
    )
    report.full_clean(validate_constraints=False)
    if CommentReport.objects.filter(comment=comment, reporter_fingerprint=fingerprint).exists():
        raise AlreadyReported
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # the same reporter, twice at once
        raise AlreadyReported from exc
    Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
    comment.refresh_from_db(fields=["report_count"])
    threshold = reports_to_hide()
    if comment.report_count < threshold:
        return False
    comment.status = Status.HIDDEN
    comment.moderated_at = now
    comment.save(update_fields=["status", "moderated_at"])
    _record(
        comment,
        ModerationAction.Kind.AUTO_HIDE,
        by=None,
        reason=f"Hidden automatically after {comment.report_count} reports.",
        now=now,
    )
    return True


@transaction.atomic
def comment_delete_by_author(*, comment: Comment) -> None:
    """The resident's own deletion, from their emailed link.

    A comment nobody replied to is deleted outright. One with replies keeps its place in
    the thread with its words, name, email and area erased, so the replies still read in
    order; it shows as deleted by its author.
    """
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.is_official:
        raise ValidationError("Official responses are removed by the moderators.")
    if not comment.replies.exists():
        comment.delete()
        return
    comment.body = ""
    comment.display_name = ""
    comment.email = ""
    comment.area = None
    comment.status = Status.REMOVED
    comment.moderated_at = None
    comment.save(update_fields=["body", "display_name", "email", "area", "status", "moderated_at"])
    comment.reports.all().delete()


# --- Consultation responses ---------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerInput:
    question: Question
    text: str = ""
    rating: int | None = None
    choices: tuple[Choice, ...] = ()

    @property
    def is_blank(self) -> bool:
        return not self.text.strip() and self.rating is None and not self.choices


def _check_answers(consultation: Consultation, answers: Sequence[AnswerInput]) -> None:
    errors: dict[str, list[str]] = {}
    questions = {q.pk: q for q in consultation.questions.all()}
    given = {a.question.pk: a for a in answers}
    for pk, question in questions.items():
        answer = given.get(pk)
        if question.required and (answer is None or answer.is_blank):
            errors.setdefault(f"q{pk}", []).append("Answer this question.")
    for answer in answers:
        question = questions.get(answer.question.pk)
        if question is None:
            raise ValidationError("An answer is for a question this consultation does not ask.")
        key = f"q{question.pk}"
        if any(choice.question_id != question.pk for choice in answer.choices):
            errors.setdefault(key, []).append("Choose from the options given.")
        if question.kind == Question.Kind.SINGLE and len(answer.choices) > 1:
            errors.setdefault(key, []).append("Choose one option.")
        if answer.rating is not None and not 1 <= answer.rating <= 5:
            errors.setdefault(key, []).append("Choose a rating from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    if all(answer.is_blank for answer in answers):
        raise ValidationError("Answer at least one question.")


@transaction.atomic
def response_submit(
    *,
    consultation: Consultation,
    email: str,
    answers: Sequence[AnswerInput],
    area: Area | None = None,
    now: datetime.datetime | None = None,
) -> ConsultationResponse:
    """One person's answers, counted once they confirm by email; one response per email.

    Sending again before confirming replaces the unconfirmed answers (and the earlier
    link stops working). If the email has already confirmed a response, nothing changes
    and they are told so by email: the page says the same either way, so it never
    reveals who has responded.
    """
    now = now or timezone.now()
    if not consultation_is_open(consultation, now):
        raise ValidationError("This consultation is not open for responses.")
    _check_answers(consultation, answers)
    email = _normalise_email(email)
    existing = ConsultationResponse.objects.select_for_update().filter(consultation=consultation, email=email).first()
    if existing is not None and existing.confirmed_at is not None:
        _queue("send_confirmation_task", Kind.RESPONSE.value, existing.pk)
        return existing
    if existing is not None:
        existing.answers.all().delete()
        existing.created_at = now
        existing.area = area
        existing.full_clean(validate_constraints=False)
        existing.save(update_fields=["created_at", "area"])
        response = existing
    else:
        response = ConsultationResponse(consultation=consultation, email=email, area=area, created_at=now)
        response.full_clean(validate_constraints=False)
        try:
            with transaction.atomic():
                response.save()
        except IntegrityError:  # the same email, twice at once: keep the first
            return ConsultationResponse.objects.get(consultation=consultation, email=email)
    kept = [answer for answer in answers if not answer.is_blank]
    rows = [
        Answer(response=response, question=a.question, text=a.text.strip(), rating=a.rating)
        for a in kept
        if a.question.kind != Question.Kind.MULTIPLE or a.choices
    ]
    for row in rows:
        row.full_clean(exclude=["response"], validate_constraints=False)
    saved = {row.question_id: row for row in Answer.objects.bulk_create(rows)}
    links = [
        Answer.choices.through(answer_id=saved[a.question.pk].pk, choice_id=choice.pk)
        for a in kept
        for choice in a.choices
        if a.question.pk in saved
    ]
    Answer.choices.through.objects.bulk_create(links)
    _queue("send_confirmation_task", Kind.RESPONSE.value, response.pk)
    return response


@transaction.atomic
def response_confirm(*, response: ConsultationResponse, now: datetime.datetime | None = None) -> ConsultationResponse:
    """Count the response. One sent before the close date counts even if confirmed just after it."""
    now = now or timezone.now()
    response = ConsultationResponse.objects.select_for_update().get(pk=response.pk)
    if response.confirmed_at is None:
        response.confirmed_at = now
        response.save(update_fields=["confirmed_at"])
    return response


# --- Suggestions --------------------------------------------------------------------------------


@transaction.atomic
def suggestion_submit(
    *,
    theme: Theme,
    title: str,
    body: str,
    display_name: str,
    email: str,
    area: Area | None = None,
    now: datetime.datetime | None = None,
) -> Suggestion:
    """A resident's idea for a service change, routed to the theme's lead forum once confirmed."""
    now = now or timezone.now()
    suggestion = Suggestion(
        theme=theme,
        area=area,
        routed_to_id=theme.lead_forum_id,
        title=title.strip(),
        body=body,
        display_name=display_name.strip(),
        email=_normalise_email(email),
        status=Suggestion.Status.UNCONFIRMED,
        created_at=now,
    )
    suggestion.full_clean()
    suggestion.save()
    _queue("send_confirmation_task", Kind.SUGGESTION.value, suggestion.pk)
    return suggestion


@transaction.atomic
def suggestion_confirm(*, suggestion: Suggestion, now: datetime.datetime | None = None) -> Suggestion:
    now = now or timezone.now()
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status == Suggestion.Status.UNCONFIRMED:
        # Like a comment: a moderator lets it through first, unless moderation comes afterwards.
        suggestion.status = Suggestion.Status.RECEIVED if post_moderation() else Suggestion.Status.PENDING
        suggestion.confirmed_at = now
        suggestion.status_changed_at = now
        suggestion.save(update_fields=["status", "confirmed_at", "status_changed_at"])
    return suggestion


@transaction.atomic
def suggestion_moderate(
    *, suggestion: Suggestion, by, approve: bool, reason: str = "", now: datetime.datetime | None = None
) -> Suggestion:
    """The LSP Support Group publishes a confirmed suggestion, or keeps it off the site with a reason."""
    if not permissions.can_moderate(by):
        raise PermissionDenied("Only the LSP Support Group moderates suggestions.")
    now = now or timezone.now()
    suggestion = Suggestion.objects.select_for_update().get(pk=suggestion.pk)
    if suggestion.status != Suggestion.Status.PENDING:
        raise ValidationError(
            f"This suggestion is not waiting for moderation: it is {suggestion.get_status_display()}."
        )
    if not approve and not reason.strip():
        raise ValidationError({"reason": "Enter a reason for not publishing the suggestion."})
    suggestion.status = Suggestion.Status.RECEIVED if approve else Suggestion.Status.REJECTED
    suggestion.status_changed_at = now
    suggestion.moderated_at = now
    suggestion.moderated_by = by
    suggestion.moderation_reason = "" if approve else reason.strip()
    suggestion.save(update_fields=["status", "status_changed_at", "moderated_at", "moderated_by", "moderation_reason"])
    return suggestion


DECIDED = {Suggestion.Status.ADOPTED, Suggestion.Status.NOT_ADOPTED}


@transaction.atomic
def suggestion_update(
    *,
    suggestion: Suggestion,
    by,
    status: str,
    response: str = "",
    became_objective: Objective | None = None,
    became_action: Action | None = None,
    now: datetime.datetime | None = None,
) -> Suggestion:
    """The partnership's answer: a status, its reason, and for an adopted idea what it became."""
    if not permissions.can_manage_suggestion(by, suggestion):
        raise PermissionDenied("Only the theme's lead forum or the LSP Support Group answers suggestions.")
    now = now or timezone.now()
    suggestion = Suggestion.objects.select_for_update().select_related("theme").get(pk=suggestion.pk)
    if suggestion.status == Suggestion.Status.UNCONFIRMED:
        raise ValidationError("This suggestion's email address has not been confirmed yet.")
    if suggestion.status in Suggestion.UNPUBLISHED:
        raise ValidationError("This suggestion is not published: the LSP Support Group moderates it first.")
    errors: dict[str, str] = {}
    if status in Suggestion.UNPUBLISHED or status not in Suggestion.Status.values:
        errors["status"] = "Choose received, under consideration, adopted or not adopted."
    if status in DECIDED and not response.strip():
        errors["response"] = "Give the partnership's reason: it is published with the decision."
    if status != Suggestion.Status.ADOPTED:
        became_objective = became_action = None
    if became_objective is not None and became_objective.theme_id != suggestion.theme_id:
        errors["became_objective"] = "Choose an objective of this suggestion's theme."
    if became_action is not None and became_action.objective.theme_id != suggestion.theme_id:
        errors["became_action"] = "Choose an action of this suggestion's theme."
    if errors:
        raise ValidationError(errors)
    if became_action is not None and became_objective is None:
        became_objective = became_action.objective
    if status != suggestion.status:
        suggestion.status_changed_at = now
        if status in DECIDED:
            _queue("send_suggestion_answered_task", suggestion.pk)
    suggestion.status = status
    suggestion.response = response.strip()
    suggestion.became_objective = became_objective
    suggestion.became_action = became_action
    suggestion.full_clean()
    suggestion.save()
    return suggestion


# --- Workshop and mailing-list requests --------------------------------------------------------


@transaction.atomic
def workshop_request_submit(
    *,
    group_name: str,
    contact_name: str,
    email: str,
    area: Area | None = None,
    themes: Iterable[Theme] = (),
    message: str = "",
    preferred_dates: str = "",
    now: datetime.datetime | None = None,
) -> WorkshopRequest:
    now = now or timezone.now()
    request = WorkshopRequest(
        group_name=group_name.strip(),
        contact_name=contact_name.strip(),
        email=_normalise_email(email),
        area=area,
        message=message,
        preferred_dates=preferred_dates.strip(),
        created_at=now,
    )
    request.full_clean()
    request.save()
    request.themes.set(list(themes))
    _queue("send_confirmation_task", Kind.WORKSHOP.value, request.pk)
    return request


@transaction.atomic
def mailing_list_request_submit(
    *, forum: Forum, name: str, email: str, now: datetime.datetime | None = None
) -> MailingListRequest:
    """Ask to join a forum's mailing list. Asking again before confirming sends a fresh link."""
    now = now or timezone.now()
    if forum.kind != Forum.Kind.THEME_LEAD:
        raise ValidationError({"forum": "Choose one of the theme forums."})
    email = _normalise_email(email)
    request = MailingListRequest.objects.select_for_update().filter(forum=forum, email=email).first()
    if request is not None and request.confirmed_at is not None:
        return request  # already asked and confirmed: nothing to do, and nothing revealed
    if request is None:
        request = MailingListRequest(forum=forum, email=email)
    request.name = name.strip()
    request.created_at = now
    request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        return MailingListRequest.objects.get(forum=forum, email=email)
    _queue("send_confirmation_task", Kind.MAILING_LIST.value, request.pk)
    return request


@transaction.atomic
def request_confirm(
    *, item: WorkshopRequest | MailingListRequest, now: datetime.datetime | None = None
) -> WorkshopRequest | MailingListRequest:
    now = now or timezone.now()
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if item.confirmed_at is None:
        item.confirmed_at = now
        item.save(update_fields=["confirmed_at"])
    return item


@transaction.atomic
def request_update(
    *, item: WorkshopRequest | MailingListRequest, by, status: str, note: str = ""
) -> WorkshopRequest | MailingListRequest:
    if not permissions.can_handle_request(by, item):
        raise PermissionDenied("Only the LSP Support Group handles requests.")
    item = type(item).objects.select_for_update().get(pk=item.pk)
    if status not in RequestStatus.values:
        raise ValidationError({"status": "Choose a status from the list."})
    item.status = status
    item.note = note.strip()
    item.full_clean(validate_constraints=False)
    item.save(update_fields=["status", "note"])
    return item


# --- Reminders and retention --------------------------------------------------------------------


def consultation_closing_reminders_send(*, now: datetime.datetime | None = None) -> list[int]:
    """Queue one “closing soon” email run per consultation closing within the next few days.

    Idempotent: the conditional update of ``closing_reminder_sent_at`` is what claims a
    consultation, so a second run, or two at once, queue nothing more.
    """
    now = now or timezone.now()
    due = Consultation.objects.filter(
        is_published=True,
        opens_at__lte=now,
        closes_at__gt=now,
        closes_at__lte=now + datetime.timedelta(days=closing_soon_days()),
        closing_reminder_sent_at__isnull=True,
    ).values_list("pk", flat=True)
    claimed = []
    for pk in list(due):
        with transaction.atomic():
            if Consultation.objects.filter(pk=pk, closing_reminder_sent_at__isnull=True).update(
                closing_reminder_sent_at=now
            ):
                _queue("send_closing_soon_task", pk)
                claimed.append(pk)
    return claimed


@transaction.atomic
def consultation_data_purge(*, now: datetime.datetime | None = None, days: int | None = None) -> dict[str, int]:
    """Delete what residents sent that was rejected, or never confirmed, more than ``days`` ago
    (and the receipts of forms too old to be sent again)."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=retention_days() if days is None else days)
    never_confirmed = Q(confirmed_at__isnull=True, created_at__lt=cutoff)
    deleted = {
        "rejected_comments": Comment.objects.filter(status=Status.REJECTED).filter(
            Q(moderated_at__lt=cutoff) | Q(moderated_at__isnull=True, created_at__lt=cutoff)
        ),
        "unconfirmed_comments": Comment.objects.filter(status=Status.UNCONFIRMED, created_at__lt=cutoff),
        "unconfirmed_suggestions": Suggestion.objects.filter(
            status=Suggestion.Status.UNCONFIRMED, created_at__lt=cutoff
        ),
        "rejected_suggestions": Suggestion.objects.filter(status=Suggestion.Status.REJECTED, moderated_at__lt=cutoff),
        "unconfirmed_responses": ConsultationResponse.objects.filter(never_confirmed),
        "unconfirmed_workshop_requests": WorkshopRequest.objects.filter(never_confirmed),
        "declined_workshop_requests": WorkshopRequest.objects.filter(
            status=RequestStatus.DECLINED, created_at__lt=cutoff
        ),
        "unconfirmed_mailing_list_requests": MailingListRequest.objects.filter(never_confirmed),
        "declined_mailing_list_requests": MailingListRequest.objects.filter(
            status=RequestStatus.DECLINED, created_at__lt=cutoff
        ),
    }
    # A form older than this can no longer be sent, so its receipt has nothing left to refuse.
    deleted["expired_form_receipts"] = SubmissionReceipt.objects.filter(created_at__lt=now - FORM_MAX_AGE)
    counts = {}
    for name, queryset in deleted.items():
        _, per_model = queryset.delete()
        counts[name] = per_model.get(queryset.model._meta.label, 0)
    return counts
