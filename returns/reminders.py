"""Reminders about quarterly return deadlines, sent by a daily task.

For every open period and every theme lead forum whose return is not in (missing, a
draft, or sent back), the forum's officers and lead get at most one email per stage:

* ``BEFORE``: from ``RETURN_REMINDER_DAYS_BEFORE`` days before the deadline (on that
  day if the task runs daily; later if it missed it);
* ``ON_DEADLINE``: on the deadline day, or the day after if the task missed the day;
* ``OVERDUE``: once, after the deadline (the day after, if the deadline reminder went).

After the deadline the support group gets one ``SUPPORT_SUMMARY`` per period listing
every late forum and how many days late it is.

The task asks the database what is due each time it runs, so a missed or repeated run
does no harm: the ``ReminderSent`` row is inserted before anything is sent, inside a
transaction, and its unique constraints refuse a second one for the same forum, period
and stage, even from a concurrent run. The email goes out with ``on_commit``, so
nothing is sent for a rolled-back run.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from indicators.models import Indicator, ReportingPeriod
from partnership import scope
from partnership.links import portal_url
from partnership.models import AreaKind, CommunityPlan, Forum, Membership, Partnership, Role

from .models import QuarterlyReturn, ReminderSent

logger = logging.getLogger(__name__)

Stage = ReminderSent.Stage
DONE_STATUSES = {QuarterlyReturn.Status.SUBMITTED, QuarterlyReturn.Status.APPROVED}
FALLBACK_RETURN_PATH = "/returns/"

_FORUM_TEMPLATES = {
    Stage.BEFORE: "emails/return_reminder_before.txt",
    Stage.ON_DEADLINE: "emails/return_reminder_deadline.txt",
    Stage.OVERDUE: "emails/return_reminder_overdue.txt",
}
_SUMMARY_TEMPLATE = "emails/return_late_summary.txt"


@dataclass(frozen=True)
class DueReturn:
    """One forum's outstanding return for one period, as the emails describe it."""

    forum: Forum
    period: ReportingPeriod
    quarterly_return: QuarterlyReturn | None
    today: datetime.date
    area_kinds: tuple[str, ...] = ()  # the kinds of area its indicators are reported by

    @property
    def areas_asked(self) -> str:
        """ "ward", "ward and each policing area": after "for each", blank if it asks for none."""
        return " and each ".join(AreaKind(kind).label for kind in self.area_kinds)

    @property
    def deadline(self) -> datetime.date:
        return self.period.return_deadline

    @property
    def days_left(self) -> int:
        return (self.deadline - self.today).days

    @property
    def days_late(self) -> int:
        return self.period.days_late(today=self.today)

    @property
    def state(self) -> str:
        """Where the return stands, to follow "The return ": "has not been started", ..."""
        if self.quarterly_return is None:
            return "has not been started"
        if self.quarterly_return.status == QuarterlyReturn.Status.RETURNED:
            return "was sent back for changes"
        return "is a draft"

    @property
    def url(self) -> str:
        return portal_url(return_path(self.forum, self.period, self.quarterly_return))


def reminder_stage(
    *, deadline: datetime.date, today: datetime.date, days_before: int, deadline_reminder_sent: bool
) -> Stage | None:
    """Which reminder an outstanding return is due today, if any."""
    days_left = (deadline - today).days
    if days_left > 0:
        return Stage.BEFORE if days_left <= days_before else None
    if days_left == 0:
        return Stage.ON_DEADLINE
    if days_left == -1 and not deadline_reminder_sent:
        return Stage.ON_DEADLINE  # the task missed the deadline day: catch up, once
    return Stage.OVERDUE


def return_path(forum: Forum, period: ReportingPeriod, quarterly_return: QuarterlyReturn | None) -> str:
    """The path of the return's form; the returns list while the views are not there."""
    attempts = [[forum.pk, period.pk]]
    if quarterly_return is not None:
        attempts.append([quarterly_return.pk])
    for args in attempts:
        try:
            return reverse("returns:return-edit", args=args)
        except NoReverseMatch:
            continue
    return FALLBACK_RETURN_PATH


def reminded_forums() -> list[Forum]:
    """Theme lead forums of the adopted plan(s); of the current plan if none is adopted."""
    plans = list(CommunityPlan.objects.filter(status=CommunityPlan.Status.ADOPTED).values_list("pk", flat=True))
    if not plans:
        current = CommunityPlan.objects.current()
        plans = [current.pk] if current else []
    return list(Forum.objects.theme_leads().filter(plan__in=plans).order_by("name"))


class Recipients:
    """Who is emailed about which forum, from two queries."""

    def __init__(self, forums: list[Forum], *, exclude_user_id: int | None = None):
        memberships = list(
            Membership.objects.filter(
                is_active=True,
                user__is_active=True,
                role__in=[Role.OFFICER, Role.FORUM_LEAD, Role.SUPPORT_GROUP],
            )
            .exclude(user__email="")
            .exclude(user_id=exclude_user_id)
            .select_related("user")
            .order_by("user__email")
        )
        through = Forum.organisations.through.objects.filter(forum__in=forums).values_list(
            "forum_id", "organisation_id"
        )
        self.organisations: dict[int, set[int]] = {}
        for forum_id, organisation_id in through:
            self.organisations.setdefault(forum_id, set()).add(organisation_id)
        self.memberships = memberships

    def for_forum(self, forum: Forum) -> list[str]:
        """Officers of the forum's organisations or of the forum itself, and the forum's lead."""
        return _emails(m for m in self.memberships if self._is_officer(m, forum) or self._is_lead(m, forum))

    def officers_of(self, forum: Forum) -> list[str]:
        return _emails(m for m in self.memberships if self._is_officer(m, forum))

    def leads_of(self, forum: Forum) -> list[str]:
        return _emails(m for m in self.memberships if self._is_lead(m, forum))

    def _is_officer(self, membership: Membership, forum: Forum) -> bool:
        organisations = self.organisations.get(forum.pk, set())
        return membership.role == Role.OFFICER and (
            membership.organisation_id in organisations or membership.forum_id == forum.pk
        )

    @staticmethod
    def _is_lead(membership: Membership, forum: Forum) -> bool:
        return membership.role == Role.FORUM_LEAD and membership.forum_id == forum.pk

    def support_group(self) -> list[str]:
        return _emails(m for m in self.memberships if m.role == Role.SUPPORT_GROUP)


def _emails(memberships) -> list[str]:
    """Each address once, whatever its case, in a stable order."""
    emails: dict[str, str] = {}
    for membership in memberships:
        email = membership.user.email.strip()
        if email:
            emails.setdefault(email.casefold(), email)
    return sorted(emails.values(), key=str.casefold)


def send_return_reminders(*, today: datetime.date | None = None) -> dict[str, int]:
    """Send whatever reminders are due today; returns how many were sent per stage.

    A count is one reminder (one forum, or the support group, for one period and stage),
    however many people it went to. Safe to run any number of times a day. Run with no
    partnership active (the daily task), each partnership is reminded in turn, in its own
    scope: its quarters, its forums, its support group's summary of its own late returns.
    """
    if scope.current_id() is None:
        totals = {stage.value: 0 for stage in Stage}
        for partnership in Partnership.objects.order_by("pk"):
            with scope.using(partnership):
                for stage, sent in _send_for_partnership(today).items():
                    totals[stage] += sent
        return totals
    return _send_for_partnership(today)


def _send_for_partnership(today: datetime.date | None) -> dict[str, int]:
    today = today or timezone.localdate()
    days_before = settings.RETURN_REMINDER_DAYS_BEFORE
    counts = {stage.value: 0 for stage in Stage}
    # A quarter open for back-fill is not late: nobody is reminded or chased for it.
    open_now = ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN, backfill_opened_at__isnull=True)
    periods = list(open_now.chronological())
    forums = reminded_forums()
    if not periods or not forums:
        return counts
    returns = {
        (r.forum_id, r.period_id): r for r in QuarterlyReturn.objects.filter(period__in=periods, forum__in=forums)
    }
    already_sent = set(ReminderSent.objects.filter(period__in=periods).values_list("forum_id", "period_id", "stage"))
    recipients = Recipients(forums)
    area_kinds = _area_kinds_by_forum(forums)

    for period in periods:
        late: list[DueReturn] = []
        for forum in forums:
            quarterly_return = returns.get((forum.pk, period.pk))
            if quarterly_return is not None and quarterly_return.status in DONE_STATUSES:
                continue
            due = DueReturn(
                forum=forum,
                period=period,
                quarterly_return=quarterly_return,
                today=today,
                area_kinds=area_kinds.get(forum.pk, ()),
            )
            if due.days_late:
                late.append(due)
            stage = reminder_stage(
                deadline=period.return_deadline,
                today=today,
                days_before=days_before,
                deadline_reminder_sent=(forum.pk, period.pk, Stage.ON_DEADLINE) in already_sent,
            )
            if stage is None or (forum.pk, period.pk, stage) in already_sent:
                continue
            context = {"due": due, "stage": stage}
            sent = _record_and_send(
                forum=forum,
                period=period,
                stage=stage,
                recipients=recipients.for_forum(forum),
                subject=_subject(due, stage),
                body=render_to_string(_FORUM_TEMPLATES[stage], context),
            )
            counts[stage] += sent
        if late and (None, period.pk, Stage.SUPPORT_SUMMARY) not in already_sent:
            context = {"period": period, "late": late, "today": today}
            sent = _record_and_send(
                forum=None,
                period=period,
                stage=Stage.SUPPORT_SUMMARY,
                recipients=recipients.support_group(),
                subject=f"Late returns for {period.label}: {len(late)} forum{'s' if len(late) != 1 else ''}",
                body=render_to_string(_SUMMARY_TEMPLATE, context),
            )
            counts[Stage.SUPPORT_SUMMARY] += sent
    return counts


def _area_kinds_by_forum(forums: list[Forum]) -> dict[int, tuple[str, ...]]:
    """The kinds of area each forum's indicators are reported by, in ``AreaKind`` order. One query."""
    found: dict[int, set[str]] = {}
    for forum_id, kind in (
        Indicator.objects.filter(theme__lead_forum__in=forums)
        .by_area()
        .order_by()
        .values_list("theme__lead_forum_id", "area_kind")
        .distinct()
    ):
        found.setdefault(forum_id, set()).add(kind)
    return {forum_id: tuple(k.value for k in AreaKind if k.value in kinds) for forum_id, kinds in found.items()}


def _subject(due: DueReturn, stage: Stage) -> str:
    what = f"{due.forum.name} return for {due.period.label}"
    deadline = f"{due.deadline.day} {due.deadline:%B %Y}"
    if stage == Stage.BEFORE:
        days = f"{due.days_left} day{'s' if due.days_left != 1 else ''}"
        return f"Reminder: the {what} is due in {days} ({deadline})"
    if stage == Stage.ON_DEADLINE:
        if due.days_left == 0:
            return f"Due today: the {what}"
        return f"Due yesterday: the {what}"
    days = f"{due.days_late} day{'s' if due.days_late != 1 else ''}"
    return f"Overdue: the {what} is {days} late"


def _record_and_send(
    *, forum: Forum | None, period: ReportingPeriod, stage: Stage, recipients: list[str], subject: str, body: str
) -> int:
    """Record the reminder, then send it when the transaction commits. 1 if recorded, else 0.

    Nobody to send to: nothing is recorded, so that someone given an address later still
    gets the reminder on a later run.
    """
    if not recipients:
        logger.warning("No one with an email address to remind: %s, %s, %s", forum or "support group", period, stage)
        return 0
    try:
        with transaction.atomic():
            reminder = ReminderSent.objects.create(
                forum=forum, period=period, stage=stage, recipients=", ".join(recipients), sent_at=timezone.now()
            )
            transaction.on_commit(partial(_deliver, reminder.pk, subject, body, recipients))
    except IntegrityError:
        return 0  # another run recorded it first: it sends the email
    return 1


def _deliver(reminder_pk: int, subject: str, body: str, recipients: list[str]) -> None:
    """Send one message per person, so that nobody sees who else was reminded.

    If sending fails the reminder row is deleted, so that the next run tries again:
    someone may get a reminder twice, but nobody silently gets none.
    """
    messages = [EmailMessage(subject=subject, body=body, to=[address]) for address in recipients]
    try:
        get_connection().send_messages(messages)
    except Exception:
        logger.exception("Sending reminder %s failed; it will be sent again on the next run", reminder_pk)
        ReminderSent.objects.filter(pk=reminder_pk).delete()
