"""What the LSP Support Group has to do today: the page it lands on after signing in.

Returns waiting for sign-off or late, what residents sent that waits for moderation, and
consultations about to close. It reads returns and consultation, so it lives here, in
``board``, above both (the annual report's builds are ``reports``, board's sibling: the page
links to the report's management page rather than reading them). A fixed number of queries,
whatever the number of forums, returns, comments or consultations.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from consultation.models import Comment, Consultation, MailingListRequest, RequestStatus, Suggestion, WorkshopRequest
from indicators.models import ReportingPeriod
from partnership.models import Forum
from returns.models import QuarterlyReturn
from returns.permissions import submitted_it

#: A consultation closing within this many days is listed.
CLOSING_SOON_DAYS = 14


@dataclass(frozen=True)
class ReturnToChase:
    """A forum's return for a quarter: waiting for sign-off, or late (``quarterly_return`` None: not started)."""

    forum: Forum
    period: ReportingPeriod
    quarterly_return: QuarterlyReturn | None
    days_late: int
    # The viewer submitted it: another member must approve it (separation of duties).
    needs_another_approver: bool = False

    @property
    def status_label(self) -> str:
        return self.quarterly_return.status_label if self.quarterly_return else "Not started"

    @property
    def url(self) -> str:
        return reverse("returns:return-detail", args=[self.forum.pk, self.period.pk])


@dataclass(frozen=True)
class ClosingConsultation:
    consultation: Consultation
    days_left: int


@dataclass
class SupportToday:
    today: datetime.date
    awaiting_approval: list[ReturnToChase] = field(default_factory=list)
    late: list[ReturnToChase] = field(default_factory=list)
    comments_to_moderate: int = 0
    suggestions_to_moderate: int = 0
    requests_to_handle: int = 0
    closing_soon: list[ClosingConsultation] = field(default_factory=list)

    @property
    def nothing_to_do(self) -> bool:
        return not (
            self.awaiting_approval
            or self.late
            or self.comments_to_moderate
            or self.suggestions_to_moderate
            or self.requests_to_handle
            or self.closing_soon
        )


def support_work(*, user=None, now: datetime.datetime | None = None) -> SupportToday:
    """Everything on the support group's list today, in seven queries:

    1. the open quarters; 2. the forums that write returns; 3. the returns of the open
    quarters and every return waiting for sign-off, with forum and quarter (a return ``user``
    submitted is marked: another member must approve it); 4. comments and
    5. suggestions waiting for a decision (counts); 6. requests not yet handled (one count of
    two tables); 7. published consultations open now and closing within ``CLOSING_SOON_DAYS``.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    page = SupportToday(today=today)

    open_periods = list(
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).order_by("return_deadline", "pk")
    )
    forums = list(Forum.objects.theme_leads().order_by("name"))
    returns = list(
        QuarterlyReturn.objects.filter(Q(period__in=open_periods) | Q(status=QuarterlyReturn.Status.SUBMITTED))
        .select_related("forum", "period")
        .order_by("period__return_deadline", "forum__name")
    )
    by_key = {(r.forum_id, r.period_id): r for r in returns}

    for ret in returns:
        if ret.status == QuarterlyReturn.Status.SUBMITTED:
            own = user is not None and submitted_it(user, ret)
            page.awaiting_approval.append(
                ReturnToChase(ret.forum, ret.period, ret, ret.period.days_late(today=today), own)
            )
    done = {QuarterlyReturn.Status.SUBMITTED, QuarterlyReturn.Status.APPROVED}
    for period in open_periods:
        if period.return_deadline >= today or period.is_backfill:
            continue  # not due yet, or being back-filled: never late
        for forum in forums:
            ret = by_key.get((forum.pk, period.pk))
            if ret is None or ret.status not in done:
                page.late.append(ReturnToChase(forum, period, ret, period.days_late(today=today)))
    page.late.sort(key=lambda row: (-row.days_late, row.forum.name))

    page.comments_to_moderate = Comment.objects.filter(
        status__in=[Comment.Status.PENDING, Comment.Status.HIDDEN]
    ).count()
    page.suggestions_to_moderate = Suggestion.objects.awaiting_moderation().count()
    new_requests = {"status": RequestStatus.NEW, "confirmed_at__isnull": False}
    page.requests_to_handle = (
        WorkshopRequest.objects.filter(**new_requests)
        .order_by()
        .values("pk")
        .union(MailingListRequest.objects.filter(**new_requests).order_by().values("pk"), all=True)
        .count()
    )
    closing = Consultation.objects.published().filter(
        opens_at__lte=now, closes_at__gt=now, closes_at__lte=now + datetime.timedelta(days=CLOSING_SOON_DAYS)
    )
    page.closing_soon = [
        ClosingConsultation(c, (timezone.localdate(c.closes_at) - today).days) for c in closing.order_by("closes_at")
    ]
    return page
