"""Return deadline reminders: who is told what, when, and never twice."""

import datetime

import pytest
from django.db import transaction

from indicators.models import ReportingPeriod
from partnership.models import Forum, Membership, Role, User
from returns import reminders
from returns.models import QuarterlyReturn, ReminderSent
from returns.reminders import reminder_stage, send_return_reminders
from returns.tasks import send_return_reminders_task

pytestmark = pytest.mark.django_db

Stage = ReminderSent.Stage
SAFETY = ["forum_lead@example.org", "officer@example.org"]
ENVIRONMENT = ["other_lead@example.org", "other_officer@example.org"]


@pytest.fixture
def deadline(world) -> datetime.date:
    return world.period.return_deadline


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the reminders as the task does, sending what is queued for the commit."""

    def run(today: datetime.date) -> dict[str, int]:
        with django_capture_on_commit_callbacks(execute=True):
            return send_return_reminders(today=today)

    return run


def sent_to(mailoutbox, subject_start="") -> list[str]:
    return sorted(address for m in mailoutbox if m.subject.startswith(subject_start) for address in m.to)


def counts(**sent) -> dict[str, int]:
    return {"before": 0, "deadline": 0, "overdue": 0, "summary": 0, **sent}


@pytest.mark.parametrize(
    ("days_left", "deadline_reminder_sent", "stage"),
    [
        (8, False, None),
        (7, False, Stage.BEFORE),
        (3, False, Stage.BEFORE),  # the task missed the 7th day: still one BEFORE
        (1, False, Stage.BEFORE),
        (0, False, Stage.ON_DEADLINE),
        (-1, False, Stage.ON_DEADLINE),  # missed the deadline day: catch up the day after
        (-1, True, Stage.OVERDUE),
        (-2, False, Stage.OVERDUE),
        (-30, True, Stage.OVERDUE),
    ],
)
def test_stage_due_on_each_day(days_left, deadline_reminder_sent, stage):
    deadline = datetime.date(2014, 10, 31)
    today = deadline - datetime.timedelta(days=days_left)
    assert (
        reminder_stage(deadline=deadline, today=today, days_before=7, deadline_reminder_sent=deadline_reminder_sent)
        == stage
    )


def test_nothing_is_sent_before_the_reminder_window(world, deadline, run, mailoutbox):
    assert run(deadline - datetime.timedelta(days=8)) == counts()
    assert mailoutbox == []


def test_officers_and_lead_of_each_forum_are_reminded_before_the_deadline(world, deadline, run, mailoutbox):
    assert run(deadline - datetime.timedelta(days=7)) == counts(before=2)
    assert sent_to(mailoutbox) == sorted(SAFETY + ENVIRONMENT)
    assert all(len(message.to) == 1 for message in mailoutbox)  # nobody sees who else was reminded
    safety = next(m for m in mailoutbox if m.to == ["officer@example.org"])
    assert safety.subject == (
        "Reminder: the Community Safety Partnership return for 2014/15 Q2 is due in 7 days (30 September 2014)"
    )
    assert "Community Safety Partnership" in safety.body
    assert "2014/15 Q2" in safety.body
    assert "Tuesday 30 September 2014: 7 days from today" in safety.body
    assert "The return has not been started." in safety.body
    path = reminders.return_path(world.safety, world.period, None)
    assert path in safety.body
    assert "&amp;" not in safety.body  # plain text, not HTML-escaped
    reminder = ReminderSent.objects.get(forum=world.safety, stage=Stage.BEFORE)
    assert reminder.recipients == "forum_lead@example.org, officer@example.org"


def test_deadline_day_reminder(world, deadline, run, mailoutbox):
    assert run(deadline) == counts(deadline=2)
    assert sent_to(mailoutbox, "Due today:") == sorted(SAFETY + ENVIRONMENT)


def test_missed_deadline_day_is_caught_up_the_day_after_and_overdue_follows(world, deadline, run, mailoutbox):
    assert run(deadline + datetime.timedelta(days=1)) == counts(deadline=2, summary=1)
    assert sent_to(mailoutbox, "Due yesterday:") == sorted(SAFETY + ENVIRONMENT)
    assert "was due yesterday" in mailoutbox[0].body
    mailoutbox.clear()
    assert run(deadline + datetime.timedelta(days=2)) == counts(overdue=2)
    assert sent_to(mailoutbox, "Overdue:") == sorted(SAFETY + ENVIRONMENT)


def test_overdue_reminder_and_support_summary_after_the_deadline(world, deadline, run, mailoutbox):
    run(deadline)
    mailoutbox.clear()
    assert run(deadline + datetime.timedelta(days=3)) == counts(overdue=2, summary=1)
    overdue = [m for m in mailoutbox if m.subject.startswith("Overdue:")]
    assert sorted(a for m in overdue for a in m.to) == sorted(SAFETY + ENVIRONMENT)
    assert "3 days ago" in overdue[0].body
    (summary,) = [m for m in mailoutbox if m.subject.startswith("Late returns")]
    assert summary.to == ["support@example.org"]
    assert summary.subject == "Late returns for 2014/15 Q2: 2 forums"
    assert "- Community Safety Partnership: 3 days late; the return has not been started" in summary.body
    assert "- Environmental Forum: 3 days late; the return has not been started" in summary.body


def test_submitted_and_approved_forums_get_nothing_but_returned_ones_do(world, deadline, run, mailoutbox):
    QuarterlyReturn.objects.create(forum=world.safety, period=world.period, status=QuarterlyReturn.Status.SUBMITTED)
    assert run(deadline - datetime.timedelta(days=7)) == counts(before=1)
    assert sent_to(mailoutbox) == ENVIRONMENT

    mailoutbox.clear()
    QuarterlyReturn.objects.filter(forum=world.safety).update(status=QuarterlyReturn.Status.APPROVED)
    QuarterlyReturn.objects.create(forum=world.environment, period=world.period, status=QuarterlyReturn.Status.RETURNED)
    assert run(deadline + datetime.timedelta(days=2)) == counts(overdue=1, summary=1)
    assert sent_to(mailoutbox, "Overdue:") == ENVIRONMENT
    summary = next(m for m in mailoutbox if m.subject.startswith("Late returns"))
    assert "Environmental Forum: 2 days late; the return was sent back for changes" in summary.body
    assert "Community Safety" not in summary.body


def test_running_twice_sends_nothing_new(world, deadline, run, mailoutbox):
    for today in (deadline - datetime.timedelta(days=7), deadline, deadline + datetime.timedelta(days=1)):
        run(today)
        sent = len(mailoutbox)
        assert run(today) == counts()
        assert len(mailoutbox) == sent
    assert ReminderSent.objects.count() == 2 + 2 + 2 + 1


def test_a_concurrent_run_that_recorded_first_wins(world, django_capture_on_commit_callbacks, mailoutbox):
    kwargs = {
        "forum": world.safety,
        "period": world.period,
        "stage": Stage.BEFORE,
        "recipients": ["officer@example.org"],
        "subject": "s",
        "body": "b",
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders._record_and_send(**kwargs) == 1
        assert reminders._record_and_send(**kwargs) == 0  # the unique constraint refuses the second
    assert len(mailoutbox) == 1


def test_people_without_an_email_address_are_not_emailed(world, deadline, run, mailoutbox):
    User.objects.filter(username="officer").update(email="")
    run(deadline - datetime.timedelta(days=7))
    assert "officer@example.org" not in sent_to(mailoutbox)
    assert "forum_lead@example.org" in sent_to(mailoutbox)


def test_a_forum_with_nobody_to_email_is_tried_again_later(world, deadline, run, mailoutbox):
    User.objects.filter(username__in=["officer", "forum_lead"]).update(email="")
    assert run(deadline - datetime.timedelta(days=7)) == counts(before=1)
    assert not ReminderSent.objects.filter(forum=world.safety).exists()
    User.objects.filter(username="forum_lead").update(email="lead@example.org")
    mailoutbox.clear()
    assert run(deadline - datetime.timedelta(days=6)) == counts(before=1)
    assert sent_to(mailoutbox) == ["lead@example.org"]


def test_recipients_are_active_officers_of_the_forums_organisations_and_its_lead(world, deadline, run, mailoutbox):
    Membership.objects.filter(user__username="forum_lead").update(is_active=False)
    outside = User.objects.create_user("seconded", email="seconded@example.org")
    greens = world.environment.organisations.get()
    Membership.objects.create(user=outside, organisation=greens, forum=world.safety, role=Role.OFFICER)
    User.objects.create_user("retired", email="retired@example.org", is_active=False)
    run(deadline - datetime.timedelta(days=7))
    safety = ReminderSent.objects.get(forum=world.safety)
    assert safety.recipients == "officer@example.org, seconded@example.org"


def test_a_rolled_back_run_sends_nothing(world, deadline, django_capture_on_commit_callbacks, mailoutbox):
    class Abandon(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abandon),
        transaction.atomic(),
    ):
        assert send_return_reminders(today=deadline)["deadline"] == 2
        raise Abandon
    assert callbacks == []
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()


def test_a_failed_send_is_tried_again_on_the_next_run(world, deadline, run, mailoutbox, monkeypatch):
    class BrokenConnection:
        def send_messages(self, messages):
            raise ConnectionRefusedError("SMTP down")

    with monkeypatch.context() as patched:
        patched.setattr(reminders, "get_connection", BrokenConnection)
        run(deadline)
    assert mailoutbox == []
    assert not ReminderSent.objects.exists()
    assert run(deadline) == counts(deadline=2)
    assert len(mailoutbox) == 4


def test_only_open_periods_are_reminded(world, deadline, run, mailoutbox):
    ReportingPeriod.objects.filter(pk=world.period.pk).update(status=ReportingPeriod.Status.CLOSED)
    assert run(deadline) == counts()
    assert mailoutbox == []


def test_days_before_comes_from_settings(world, deadline, run, settings, mailoutbox):
    settings.RETURN_REMINDER_DAYS_BEFORE = 14
    assert run(deadline - datetime.timedelta(days=14)) == counts(before=2)
    assert "due in 14 days" in mailoutbox[0].subject


def test_the_task_is_named_for_the_beat_schedule_and_retries_on_database_errors(
    world, deadline, django_capture_on_commit_callbacks, mailoutbox, monkeypatch
):
    from django.db import OperationalError

    assert send_return_reminders_task.name == "indicators.send_return_reminders"
    assert send_return_reminders_task.autoretry_for == (OperationalError,)
    assert send_return_reminders_task.max_retries == 5
    monkeypatch.setattr(reminders.timezone, "localdate", lambda: deadline)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_return_reminders_task.apply().get() == counts(deadline=2)
    assert len(mailoutbox) == 4


def test_each_partnership_is_reminded_of_its_own_returns_only(world, deadline, run, mailoutbox, make):
    """The daily task runs with no partnership active: each is reminded in turn, in its own scope,
    with links under its own address, and no email names the other partnership."""
    from partnership import scope

    other = make.partnership("Otherfield Partnership", "otherfield", place="Otherfield")
    with scope.using(other):
        plan = make.plan("Otherfield Plan")
        council = make.organisation("Otherfield Council")
        forum = make.forum(plan, "Otherfield Streets Forum", organisations=[council])
        support = make.forum(plan, "Otherfield Support", Forum.Kind.SUPPORT_GROUP, organisations=[council])
        make.user("of-officer", Role.OFFICER, council, forum)
        make.user("of-support", Role.SUPPORT_GROUP, council, support)
        starts, ends = ReportingPeriod.dates_for(world.period.financial_year, world.period.quarter)
        ReportingPeriod.objects.create(
            financial_year=world.period.financial_year,
            quarter=world.period.quarter,
            starts_on=starts,
            ends_on=ends,
            return_deadline=deadline,
            status=ReportingPeriod.Status.OPEN,
        )

    run(deadline + datetime.timedelta(days=3))

    to_other = [m for m in mailoutbox if any(a.startswith("of-") for a in m.to)]
    to_world = [m for m in mailoutbox if m not in to_other]
    assert to_other and to_world
    for message in to_world:
        assert "Otherfield" not in message.subject + message.body, message.subject
        assert not any(a.startswith("of-") for a in message.to)
    for message in to_other:
        assert "Otherfield" in message.body or "Otherfield" in message.subject
        assert world.safety.name not in message.body
        assert "/otherfield/" in message.body
