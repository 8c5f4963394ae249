"""Email tasks (sent only after commit), the daily “closing soon” reminder, and the retention purge."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from consultation import services, tasks
from consultation.models import (
    Comment,
    ConsultationResponse,
    MailingListRequest,
    ModerationAction,
    RequestStatus,
    Suggestion,
    WorkshopRequest,
)
from consultation.tests.conftest import make_comment, make_response, make_suggestion

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.timedelta(days=1)


def test_nothing_is_sent_for_a_save_that_is_rolled_back(tiny_plan, mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.comment_submit(subject=tiny_plan.safety, display_name="Jo", email="jo@example.org", body="Hi")
        raise RuntimeError("something later in the request failed")
    assert not Comment.objects.exists()
    assert mailoutbox == []
    services.comment_submit(subject=tiny_plan.safety, display_name="Jo", email="jo@example.org", body="Hi")
    assert [m.to for m in mailoutbox] == [["jo@example.org"]]  # committed: sent (eagerly, no broker)


def test_closing_soon_reminders_go_once_to_those_who_asked_and_have_not_responded(site, mailoutbox):
    consultation = site.open  # closes in ten days
    now = consultation.closes_at - 2 * DAY
    MailingListRequest.objects.create(
        forum=site.tiny.safety_forum, name="A", email="list@example.org", confirmed_at=now
    )
    MailingListRequest.objects.create(forum=site.tiny.safety_forum, name="B", email="unconfirmed@example.org")
    MailingListRequest.objects.create(
        forum=site.tiny.safety_forum,
        name="C",
        email="declined@example.org",
        confirmed_at=now,
        status=RequestStatus.DECLINED,
    )
    make_comment(consultation, email="commenter@example.org")
    make_comment(consultation, email="responded@example.org")
    make_response(consultation, site.questions, email="responded@example.org")
    # Not due yet: more than three days to go.
    assert services.consultation_closing_reminders_send(now=consultation.closes_at - 4 * DAY) == []
    assert services.consultation_closing_reminders_send(now=now) == [consultation.pk]
    assert sorted(m.to[0] for m in mailoutbox) == ["commenter@example.org", "list@example.org"]
    assert all("closes on" in m.body for m in mailoutbox)
    # A second run (or the daily task) sends nothing more.
    assert services.consultation_closing_reminders_send(now=now + DAY / 2) == []
    assert tasks.send_closing_reminders_task() == []
    assert len(mailoutbox) == 2
    consultation.refresh_from_db()
    assert consultation.closing_reminder_sent_at == now


def test_closed_upcoming_and_unpublished_consultations_get_no_reminder(site, mailoutbox):
    now = timezone.now()
    assert services.consultation_closing_reminders_send(now=site.upcoming.opens_at - DAY) == []
    assert services.consultation_closing_reminders_send(now=now + 60 * DAY) == []
    assert mailoutbox == []


def test_the_purge_deletes_rejected_and_never_confirmed_items_after_the_retention_period(site, personas, settings):
    settings.CONSULTATION_RETENTION_DAYS = 90
    old = timezone.now() - 91 * DAY
    recent = timezone.now() - 10 * DAY
    t = site.tiny
    rejected_old = make_comment(t.safety, status=Comment.Status.PENDING, created_at=old)
    services.comment_reject(comment=rejected_old, by=personas["support_group"], reason="Spam", now=old)
    rejected_recent = make_comment(t.safety, status=Comment.Status.PENDING, created_at=old)
    services.comment_reject(comment=rejected_recent, by=personas["support_group"], reason="Spam", now=recent)
    make_comment(t.safety, status=Comment.Status.UNCONFIRMED, created_at=old)
    kept_unconfirmed = make_comment(t.safety, status=Comment.Status.UNCONFIRMED, created_at=recent)
    published_old = make_comment(t.safety, created_at=old)
    make_suggestion(t.safety, status=Suggestion.Status.UNCONFIRMED, created_at=old)
    kept_suggestion = make_suggestion(t.safety, status=Suggestion.Status.NOT_ADOPTED, created_at=old)
    unconfirmed_response = make_response(site.open, site.questions, email="u@example.org", confirmed=False)
    ConsultationResponse.objects.filter(pk=unconfirmed_response.pk).update(created_at=old)
    kept_response = make_response(site.open, site.questions, email="c@example.org")
    ConsultationResponse.objects.filter(pk=kept_response.pk).update(created_at=old)
    WorkshopRequest.objects.create(group_name="G", contact_name="C", email="w@example.org", created_at=old)
    MailingListRequest.objects.create(forum=t.safety_forum, name="M", email="m@example.org", created_at=old)

    out = StringIO()
    call_command("purge_consultation_data", stdout=out)
    assert "Deleted 6 in all." in out.getvalue()
    assert set(Comment.objects.values_list("pk", flat=True)) == {
        rejected_recent.pk,
        kept_unconfirmed.pk,
        published_old.pk,
    }
    assert list(Suggestion.objects.all()) == [kept_suggestion]
    assert list(ConsultationResponse.objects.all()) == [kept_response]
    assert not WorkshopRequest.objects.exists() and not MailingListRequest.objects.exists()
    assert not ModerationAction.objects.filter(comment_id=rejected_old.pk).exists()
    # The daily task does the same, and finds nothing more to do.
    assert sum(tasks.purge_consultation_data_task().values()) == 0


def test_the_purge_command_takes_a_shorter_period(site, settings):
    make_comment(site.tiny.safety, status=Comment.Status.UNCONFIRMED, created_at=timezone.now() - 5 * DAY)
    call_command("purge_consultation_data", "--days", "3", stdout=StringIO())
    assert not Comment.objects.exists()
