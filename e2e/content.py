"""Content the demo does not have yet, made through the apps' own services when a check needs it.

The demo plan has no comments, consultations, suggestions or annual reports. The
page-by-page checks need one of each to have a page to look at; these functions make
them on first use (idempotent: each is found again by its title) and return what a URL
needs. Each is separate, so a change in one app's services breaks only its own pages.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

E2E_TAG = "[e2e]"


def user(username: str):
    from partnership.models import User

    return User.objects.get(username=username)


def current_plan():
    from partnership.models import CommunityPlan

    return CommunityPlan.objects.current()


def theme(number: int = 1):
    from themes.models import Theme

    return Theme.objects.for_plan(current_plan()).get(number=number)


def open_period():
    from indicators.models import ReportingPeriod

    return ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).order_by("financial_year", "quarter")[0]


def period(year: int, quarter: int):
    from indicators.models import ReportingPeriod

    return ReportingPeriod.objects.get(financial_year=year, quarter=quarter)


def forum(name: str):
    from partnership.models import Forum

    return Forum.objects.get(plan=current_plan(), name=name)


def published_comment():
    """A resident's comment on theme 1, published, with an official response from the lead forum."""
    from consultation import services
    from consultation.models import Comment

    body = f"{E2E_TAG} More PCSO patrols on the Highfield estate in the evenings, please."
    found = Comment.objects.filter(body=body, parent__isnull=True).first()
    if found is not None:
        return found
    comment = services.comment_submit(
        subject=theme(1), display_name="Jo from Highfield", email="jo@example.org", body=body
    )
    services.comment_confirm(comment=comment)
    services.comment_approve(comment=comment, by=user("support"))
    comment.refresh_from_db()
    services.comment_respond(
        comment=comment,
        by=user("forumlead"),
        body="Thank you. The neighbourhood team will add two evening patrols a week from next month.",
    )
    return comment


def pending_comment():
    """A confirmed comment waiting in the moderation queue."""
    from consultation import services
    from consultation.models import Comment

    body = f"{E2E_TAG} The underpass by the station needs better lighting."
    found = Comment.objects.filter(body=body).first()
    if found is not None:
        return found
    comment = services.comment_submit(subject=theme(1), display_name="Sam", email="sam@example.org", body=body)
    return services.comment_confirm(comment=comment)


def _confirmed_suggestion(title: str, body: str, display_name: str, email: str):
    """A suggestion on theme 1, sent and confirmed by email through the services (found again if made before)."""
    from consultation import services
    from consultation.models import Suggestion

    found = Suggestion.objects.filter(title=title).first()
    if found is not None:
        return found
    item = services.suggestion_submit(theme=theme(1), title=title, body=body, display_name=display_name, email=email)
    return services.suggestion_confirm(suggestion=item)


def pending_suggestion():
    """A confirmed suggestion waiting in the moderation queue."""
    return _confirmed_suggestion(
        f"{E2E_TAG} Benches along the canal",
        "Somewhere to rest on the towpath between Boxmoor and Apsley.",
        "Pat",
        "pat@example.org",
    )


def consultation():
    """An open, published consultation on theme 1 with one question of each kind."""
    from consultation.models import Choice, Consultation, Question

    title = f"{E2E_TAG} Feeling safe in town centres"
    found = Consultation.objects.filter(title=title).first()
    if found is not None:
        return found
    now = timezone.now()
    item = Consultation.objects.create(
        plan=current_plan(),
        title=title,
        slug="e2e-feeling-safe-in-town-centres",
        summary="Tell us where you feel unsafe after dark and what would help.",
        background="The Community Safety Partnership is reviewing street lighting and patrols.",
        lead_forum=theme(1).lead_forum,
        opens_at=now - dt.timedelta(days=7),
        closes_at=now + dt.timedelta(days=30),
        is_published=True,
    )
    item.themes.set([theme(1)])
    Question.objects.create(consultation=item, order=1, kind=Question.Kind.RATING, text="How safe do you feel?")
    single = Question.objects.create(
        consultation=item, order=2, kind=Question.Kind.SINGLE, text="Which town centre do you use most?"
    )
    for order, text in enumerate(["Hemel Hempstead", "Berkhamsted", "Tring"], start=1):
        Choice.objects.create(question=single, order=order, text=text)
    multiple = Question.objects.create(
        consultation=item, order=3, kind=Question.Kind.MULTIPLE, text="What would help you feel safer?"
    )
    for order, text in enumerate(["Better lighting", "More patrols", "CCTV"], start=1):
        Choice.objects.create(question=multiple, order=order, text=text)
    Question.objects.create(
        consultation=item, order=4, kind=Question.Kind.FREE_TEXT, text="Anything else you would like to tell us?"
    )
    return item


def suggestion():
    """A confirmed suggestion on theme 1, published by the support group."""
    from consultation import services
    from consultation.models import Suggestion

    item = _confirmed_suggestion(
        f"{E2E_TAG} A youth club in Adeyfield",
        "Somewhere for teenagers to go on Friday evenings would cut anti-social behaviour.",
        "Chris",
        "chris@example.org",
    )
    if item.status != Suggestion.Status.PENDING:
        return item
    return services.suggestion_moderate(suggestion=item, by=user("support"), approve=True)


REPORT_YEAR = 2012  # the journey builds another year through the pages


def published_report():
    """The 2012/13 annual report, built (in-process) and published."""
    from reports import services
    from reports.models import AnnualReport

    plan = current_plan()
    found = AnnualReport.objects.filter(plan=plan, year=REPORT_YEAR, published_at__isnull=False).first()
    if found is not None:
        return found
    outcome = services.annual_report_request(plan=plan, year=REPORT_YEAR, requested_by=user("support"))
    report = AnnualReport.objects.get(pk=outcome.report.pk)
    if report.status != AnnualReport.Status.READY:
        services.annual_report_build(report_id=report.pk)
        report.refresh_from_db()
    return services.annual_report_publish(report=report, published_by=user("support"))
