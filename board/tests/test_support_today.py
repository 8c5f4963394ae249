"""The LSP Support Group's "what needs doing today": what it lists, who may see it, its queries."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from board.today import CLOSING_SOON_DAYS, support_work
from consultation.models import Comment, MailingListRequest, Suggestion, WorkshopRequest
from consultation.tests.conftest import make_comment, make_consultation, make_suggestion
from returns.models import QuarterlyReturn

pytestmark = pytest.mark.django_db

URL = "/dashboard/today/"


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _submitted(world, forum):
    return QuarterlyReturn.objects.create(
        forum=forum, period=world.period, status=QuarterlyReturn.Status.SUBMITTED, submitted_at=timezone.now()
    )


def test_the_url_is_the_support_groups_today_page():
    assert reverse("dashboard:support-today") == URL


def test_before_the_deadline_nothing_is_late_and_a_submitted_return_waits_for_sign_off(world):
    _submitted(world, world.safety)
    work = support_work(now=_at(world.period.return_deadline))  # the deadline day itself: not late
    assert [(row.forum, row.days_late) for row in work.awaiting_approval] == [(world.safety, 0)]
    assert work.late == []


def test_after_the_deadline_every_return_not_yet_in_is_late_by_the_days_since_the_deadline(world):
    world.safety_return()  # a draft
    work = support_work(now=_at(world.period.return_deadline + datetime.timedelta(days=12)))
    assert [(row.forum, row.status_label, row.days_late) for row in work.late] == [
        (world.safety, "Draft", 12),
        (world.environment, "Not started", 12),  # the forums in the order of their names, latest first
    ]
    assert work.late[0].url == reverse("returns:return-detail", args=[world.safety.pk, world.period.pk])


def test_a_submitted_or_approved_return_is_not_late(world):
    _submitted(world, world.safety)
    QuarterlyReturn.objects.create(forum=world.environment, period=world.period, status=QuarterlyReturn.Status.APPROVED)
    work = support_work(now=_at(world.period.return_deadline + datetime.timedelta(days=3)))
    assert work.late == []
    assert [(row.forum, row.days_late) for row in work.awaiting_approval] == [(world.safety, 3)]


def test_it_counts_what_waits_for_moderation(world):
    theme = world.crime.theme
    make_comment(theme, status=Comment.Status.PENDING)
    make_comment(theme, status=Comment.Status.HIDDEN)
    make_comment(theme, status=Comment.Status.PUBLISHED)
    make_comment(theme, status=Comment.Status.UNCONFIRMED)
    make_suggestion(theme, status=Suggestion.Status.PENDING)
    make_suggestion(theme, status=Suggestion.Status.UNCONFIRMED)
    now = timezone.now()
    WorkshopRequest.objects.create(group_name="Scouts", contact_name="A", email="a@example.org", confirmed_at=now)
    MailingListRequest.objects.create(forum=world.safety, name="B", email="b@example.org", confirmed_at=now)
    MailingListRequest.objects.create(forum=world.safety, name="C", email="c@example.org")  # not confirmed
    work = support_work()
    assert (work.comments_to_moderate, work.suggestions_to_moderate, work.requests_to_handle) == (2, 1, 2)


def test_it_lists_open_consultations_closing_soon_the_soonest_first(world):
    now = timezone.now()
    day = datetime.timedelta(days=1)
    later = make_consultation(world.plan, "later", opens_at=now - day, closes_at=now + 10 * day)
    sooner = make_consultation(world.plan, "sooner", opens_at=now - day, closes_at=now + 2 * day)
    make_consultation(world.plan, "far-off", opens_at=now - day, closes_at=now + (CLOSING_SOON_DAYS + 2) * day)
    make_consultation(world.plan, "closed", opens_at=now - 9 * day, closes_at=now - day)
    make_consultation(world.plan, "unpublished", opens_at=now - day, closes_at=now + day, is_published=False)
    work = support_work(now=now)
    assert [(item.consultation, item.days_left) for item in work.closing_soon] == [(sooner, 2), (later, 10)]


def test_the_page_shows_each_list_with_links(client, world):
    _submitted(world, world.safety)
    make_comment(world.crime.theme, status=Comment.Status.PENDING)
    client.force_login(world.users["support"])
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>What needs doing today — " in html
    detail = reverse("returns:return-detail", args=[world.safety.pk, world.period.pk])
    assert f'<a href="{detail}">Community Safety Partnership — {world.period.label}</a>' in html
    late_by = (timezone.localdate() - world.period.return_deadline).days  # the world's open quarter is long past
    assert f"<td>{late_by}</td>" in html  # the Environmental Forum's, not started
    assert f'<a href="{reverse("consultation:moderation-queue")}">1 comment</a> waiting for a decision' in html
    assert reverse("reports:report-manage") in html
    # The header's menu has it, marked as the page the support group is on.
    assert f'<a href="{URL}" aria-current="page">Today\'s work</a>' in html


def test_the_page_runs_a_fixed_number_of_queries(client, world, django_assert_num_queries):
    for forum in (world.safety, world.environment):
        _submitted(world, forum)
    for _ in range(3):
        make_comment(world.crime.theme, status=Comment.Status.PENDING)
    client.force_login(world.users["support"])
    # 1 session, 2 user, 3 memberships (reach), 4 open quarters, 5 forums, 6 returns with forum and quarter,
    # 7 comments, 8 suggestions, 9 requests (one count of both tables), 10 consultations closing soon.
    with django_assert_num_queries(10):
        assert client.get(URL).status_code == 200


def test_the_query_count_holds_with_many_forums_returns_and_comments(client, world, django_assert_num_queries):
    from partnership.models import Forum

    for n in range(30):
        forum = Forum.objects.create(plan=world.plan, name=f"Forum {n:02}", slug=f"forum-{n}")
        if n % 2:
            _submitted(world, forum)
    for _ in range(40):
        make_comment(world.crime.theme, status=Comment.Status.PENDING)
        make_suggestion(world.crime.theme, status=Suggestion.Status.PENDING)
    client.force_login(world.users["support"])
    with django_assert_num_queries(10):  # as above
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= 16  # the late returns' table: 16 not in, and its header


@pytest.mark.parametrize(
    ("role", "status"),
    [("support", 200), ("admin", 200), ("officer", 403), ("forum_lead", 403), ("board", 403), ("outsider", 403)],
)
def test_only_the_support_group_sees_it(client, world, role, status):
    client.force_login(world.users[role])
    assert client.get(URL).status_code == status


def test_anonymous_visitors_are_sent_to_sign_in(client, world):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_menu_offers_it_to_the_support_group_only(client, world):
    for role, shown in [("support", True), ("officer", False), ("board", False)]:
        client.force_login(world.users[role])
        assert (f'href="{URL}"' in client.get(reverse("returns:my-returns")).content.decode()) is shown, role


def test_the_support_group_lands_on_it_after_signing_in(client, world):
    user = world.users["support"]
    user.set_password("the-right-password-2015")
    user.save()
    response = client.post(
        reverse("login"), {"username": user.username, "password": "the-right-password-2015"}, follow=True
    )
    assert response.redirect_chain[-1][0] == URL
    assert response.status_code == 200


def test_a_return_the_viewer_submitted_says_another_member_must_approve_it(client, world):
    support = world.users["support"]
    mine = _submitted(world, world.safety)
    mine.submitted_by = support
    mine.save()
    _submitted(world, world.environment)  # someone else's: the viewer may approve it
    work = support_work(user=support)
    assert [(row.forum, row.needs_another_approver) for row in work.awaiting_approval] == [
        (world.safety, True),
        (world.environment, False),
    ]
    client.force_login(support)
    html = client.get(URL).content.decode()
    assert html.count("another member must approve it") == 1
    assert "by you: <strong>another member must approve it</strong>" in html
