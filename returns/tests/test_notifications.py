"""Who is told by email when a return is submitted, sent back, approved or reopened (Django's outbox)."""

from decimal import Decimal as D

import pytest

from returns import services
from returns.services import ValueInput

pytestmark = pytest.mark.django_db


def _submit(world, by="officer"):
    ret = world.safety_return()
    values = [ValueInput(world.crime.pk, None, D(880)), ValueInput(world.feel_safe.pk, None, D(74))]
    values += [ValueInput(world.crime.pk, area.pk, D(440)) for area in world.areas]
    return services.return_submit(
        quarterly_return=ret,
        by=world.users[by],
        expected_version=ret.version,
        values=values,
        narrative={"progress_summary": "A good quarter."},
    )


def _sent(mailoutbox) -> dict[str, str]:
    return {message.to[0]: message for message in mailoutbox}


def test_submitting_tells_the_forum_lead_with_a_link_to_sign_it_off(
    world, mailoutbox, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_BASE_URL = "http://127.0.0.1:8802"
    with django_capture_on_commit_callbacks(execute=True):
        submitted = _submit(world)
    sent = _sent(mailoutbox)
    assert set(sent) == {"forum_lead@example.org"}  # not the officer who submitted, not other forums
    message = sent["forum_lead@example.org"]
    assert message.subject == "Ready for your sign-off: the Community Safety Partnership return for 2014/15 Q2"
    assert f"http://127.0.0.1:8802/returns/{submitted.forum_id}/{submitted.period_id}/" in message.body
    assert "has been submitted by officer" in message.body


def test_sending_back_tells_the_officers_why_with_a_link_to_the_form(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    submitted = _submit(world)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_send_back(
            quarterly_return=submitted, by=world.users["forum_lead"], reason="Area figures do not add up."
        )
    sent = _sent(mailoutbox)
    assert set(sent) == {"officer@example.org"}
    message = sent["officer@example.org"]
    assert message.subject.startswith("Sent back for changes: the Community Safety Partnership return")
    assert "Area figures do not add up." in message.body
    assert f"/returns/{submitted.forum_id}/{submitted.period_id}/edit/" in message.body


def test_approving_tells_the_officers_and_reopening_tells_them_why(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    submitted = _submit(world)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        approved = services.return_approve(quarterly_return=submitted, by=world.users["forum_lead"])
    assert set(_sent(mailoutbox)) == {"officer@example.org"}
    assert "Its figures are now published" in mailoutbox[0].body
    assert mailoutbox[0].subject.startswith("Approved and published:")

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_reopen(quarterly_return=approved, by=world.users["support"], reason="The police revised Q3.")
    sent = _sent(mailoutbox)
    assert set(sent) == {"officer@example.org"}
    assert "The police revised Q3." in sent["officer@example.org"].body
    assert sent["officer@example.org"].subject.startswith("Reopened:")


def test_nothing_is_sent_for_a_step_that_is_refused(world, mailoutbox, django_capture_on_commit_callbacks):
    from django.core.exceptions import PermissionDenied

    submitted = _submit(world)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(PermissionDenied):
        services.return_approve(quarterly_return=submitted, by=world.users["board"])
    assert mailoutbox == []
