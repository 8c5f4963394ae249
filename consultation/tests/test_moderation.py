"""Moderation: the queue, decisions one by one and in bulk, placeholders, reports, the record of who did what."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consultation import services
from consultation.models import Comment, CommentReport, ModerationAction
from consultation.tests.conftest import make_comment
from partnership.tests.error_pattern import error_page

pytestmark = pytest.mark.django_db

Status = Comment.Status


@pytest.fixture
def support_client(client, personas):
    client.force_login(personas["support_group"])
    return client


def test_the_queue_shows_what_needs_a_decision_oldest_first(support_client, tiny_plan, page_ok):
    now = timezone.now()
    old = make_comment(
        tiny_plan.safety, body="Old one", status=Status.PENDING, created_at=now - datetime.timedelta(days=5)
    )
    make_comment(tiny_plan.environment, body="New one", status=Status.PENDING)
    make_comment(tiny_plan.safety, body="Hidden one", status=Status.HIDDEN, report_count=3)
    make_comment(tiny_plan.safety, body="Published one")
    make_comment(tiny_plan.safety, body="Unconfirmed one", status=Status.UNCONFIRMED)
    html = page_ok(support_client.get(reverse("consultation:moderation-queue")), "Moderation queue")
    assert html.index("Old one") < html.index("New one")
    assert "Hidden one" in html and "3 reports" in html
    assert "Published one" not in html and "Unconfirmed one" not in html
    assert f'name="comments" value="{old.pk}"' in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ({"theme": "safety"}, ["Old safety"], ["New environment"]),
        ({"status": "published"}, ["Published one"], ["Old safety", "New environment"]),
        ({"age": "older_3"}, ["Old safety"], ["New environment"]),
        ({"age": "1"}, ["New environment"], ["Old safety"]),
    ],
)
def test_the_queue_filters_by_theme_status_and_age(support_client, tiny_plan, query, shown, hidden):
    now = timezone.now()
    make_comment(
        tiny_plan.safety, body="Old safety", status=Status.PENDING, created_at=now - datetime.timedelta(days=5)
    )
    make_comment(tiny_plan.environment, body="New environment", status=Status.PENDING)
    make_comment(tiny_plan.safety, body="Published one", created_at=now - datetime.timedelta(days=2))
    if "theme" in query:
        query = {"theme": getattr(tiny_plan, query["theme"]).pk}
    html = support_client.get(reverse("consultation:moderation-queue"), query).content.decode()
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html


def test_the_queue_needs_a_fixed_number_of_queries(support_client, tiny_plan, django_assert_num_queries):
    for i in range(30):
        make_comment(tiny_plan.objective if i % 2 else tiny_plan.crime, body=f"C{i}", status=Status.PENDING)
    # 1 session, 2 user, 3 memberships (reach), 4 current plan (theme filter), 5 themes for the
    # filter, 6 count, 7 a page of comments with their subjects, 8 suggestions awaiting moderation.
    with django_assert_num_queries(8):
        support_client.get(reverse("consultation:moderation-queue"))


def test_rejecting_needs_a_reason_and_records_the_decision(support_client, tiny_plan, personas, page_ok):
    comment = make_comment(tiny_plan.safety, status=Status.PENDING)
    url = reverse("consultation:moderation-comment", args=[comment.pk])
    response = support_client.post(url, {"decision": "reject", "reason": ""})
    html = page_ok(response, f"Error: Moderate comment {comment.pk}")
    assert "Enter a reason for rejecting or removing the comment" in html
    assert Comment.objects.get().status == Status.PENDING
    support_client.post(url, {"decision": "reject", "reason": "Gives a neighbour's address."})
    comment.refresh_from_db()
    assert comment.status == Status.REJECTED and comment.moderated_at
    action = ModerationAction.objects.get()
    assert (action.kind, action.reason, action.by) == (
        ModerationAction.Kind.REJECT,
        "Gives a neighbour's address.",
        personas["support_group"],
    )
    # The moderator sees the record.
    assert "Gives a neighbour&#x27;s address." in support_client.get(url).content.decode()


def test_removing_a_published_comment_leaves_a_dated_placeholder_and_keeps_its_replies(client, tiny_plan, personas):
    comment = make_comment(tiny_plan.safety, display_name="Ann", body="Rude words")
    make_comment(parent=comment, display_name="Bob", body="A calm reply")
    when = timezone.make_aware(datetime.datetime(2015, 3, 3, 10, 0))
    services.comment_reject(comment=comment, by=personas["support_group"], reason="Abusive.", now=when)
    comment.refresh_from_db()
    assert comment.status == Status.REMOVED
    assert ModerationAction.objects.get().kind == ModerationAction.Kind.REMOVE
    for url in (
        reverse("consultation:theme-comments", args=[tiny_plan.safety.slug]),
        reverse("consultation:comment-thread", args=[comment.pk]),
    ):
        html = client.get(url).content.decode()
        assert "Removed by the moderators on 3 March 2015." in html
        assert "Rude words" not in html and not re.search(r"\bAnn\b", html)  # "Annual reports" is in the nav
        assert "A calm reply" in html
    # The count is of published comments only.
    assert (
        "(1 published)"
        in client.get(reverse("consultation:theme-comments", args=[tiny_plan.safety.slug])).content.decode()
    )


def test_a_removed_comment_can_be_restored(tiny_plan, personas):
    comment = make_comment(tiny_plan.safety)
    services.comment_reject(comment=comment, by=personas["support_group"], reason="Mistake?")
    services.comment_approve(comment=comment, by=personas["support_group"], reason="It was fair comment.")
    comment.refresh_from_db()
    assert comment.status == Status.PUBLISHED
    assert [a.kind for a in ModerationAction.objects.order_by("at", "pk")] == ["remove", "restore"]


def test_bulk_approve_and_reject(support_client, tiny_plan):
    first, second, third = (make_comment(tiny_plan.safety, body=f"C{i}", status=Status.PENDING) for i in range(3))
    url = reverse("consultation:moderation-queue")
    support_client.post(url, {"comments": [first.pk, second.pk], "decision": "approve", "reason": ""}, follow=True)
    assert set(Comment.objects.filter(status=Status.PUBLISHED).values_list("pk", flat=True)) == {first.pk, second.pk}
    # Rejecting in bulk needs a reason too: the queue comes back with the problem, the tick kept.
    response = support_client.post(url, {"comments": [third.pk], "decision": "reject", "reason": " "})
    assert response.status_code == 400
    html = error_page(response, {"bulk-reason": "Enter a reason for rejecting or removing the comments"})
    assert re.search(rf'value="{third.pk}" id="[^"]+" checked', html)
    assert Comment.objects.get(pk=third.pk).status == Status.PENDING
    support_client.post(url, {"comments": [third.pk, first.pk], "decision": "reject", "reason": "Off-topic."})
    assert Comment.objects.get(pk=third.pk).status == Status.REJECTED
    assert Comment.objects.get(pk=first.pk).status == Status.REMOVED
    assert ModerationAction.objects.filter(reason="Off-topic.").count() == 2


def test_bulk_decision_with_nothing_ticked_links_the_summary_to_the_first_box(support_client, tiny_plan):
    make_comment(tiny_plan.safety, body="Waiting", status=Status.PENDING)
    response = support_client.post(reverse("consultation:moderation-queue"), {"decision": "approve", "reason": ""})
    assert response.status_code == 400
    error_page(response, {"bulk-comments": "Select at least one comment"})


def test_bulk_skips_comments_that_cannot_take_the_decision(tiny_plan, personas):
    ok = make_comment(tiny_plan.safety, status=Status.PENDING)
    unconfirmed = make_comment(tiny_plan.safety, status=Status.UNCONFIRMED)
    outcome = services.comment_moderate_many(comments=[ok, unconfirmed], approve=True, by=personas["support_group"])
    assert outcome.changed == 1
    assert [c.pk for c, _ in outcome.skipped] == [unconfirmed.pk]


def test_reports_one_per_reporter_and_enough_of_them_hide_the_comment(client, tiny_plan, form_data, settings):
    settings.COMMENT_REPORTS_TO_HIDE = 2
    comment = make_comment(tiny_plan.safety, body="Contested")
    make_comment(parent=comment, body="Kept reply")
    url = reverse("consultation:comment-report", args=[comment.pk])
    data = form_data(reason="abusive", details="Name-calling")
    client.post(url, data, REMOTE_ADDR="10.0.0.1")
    client.post(url, data, REMOTE_ADDR="10.0.0.1")  # the same person again: not counted
    comment.refresh_from_db()
    assert (comment.status, comment.report_count) == (Status.PUBLISHED, 1)
    report = CommentReport.objects.get()
    assert report.reason == "It is abusive, offensive or discriminatory: Name-calling"
    assert "10.0.0.1" not in report.reporter_fingerprint and len(report.reporter_fingerprint) == 64
    client.post(url, data, REMOTE_ADDR="10.0.0.2")
    comment.refresh_from_db()
    assert (comment.status, comment.report_count) == (Status.HIDDEN, 2)
    assert ModerationAction.objects.get().kind == ModerationAction.Kind.AUTO_HIDE
    html = client.get(reverse("consultation:theme-comments", args=[tiny_plan.safety.slug])).content.decode()
    assert "Hidden while the moderators review it." in html
    assert "Contested" not in html and "Kept reply" in html


def test_official_responses_cannot_be_reported(client, tiny_plan, personas):
    comment = make_comment(tiny_plan.safety)
    response = services.comment_respond(comment=comment, by=personas["forum_lead"], body="Our answer.")
    assert client.get(reverse("consultation:comment-report", args=[response.pk])).status_code == 404
    with pytest.raises(ValidationError):
        services.comment_report(comment=response, reason="x", fingerprint="f")


def test_moderators_cannot_restore_what_its_author_deleted(tiny_plan, personas):
    comment = make_comment(tiny_plan.safety)
    make_comment(parent=comment)
    services.comment_delete_by_author(comment=comment)
    with pytest.raises(ValidationError):
        services.comment_approve(comment=comment, by=personas["support_group"])


def test_the_moderation_policy_is_published(client, tiny_plan, page_ok, settings):
    html = page_ok(client.get(reverse("consultation:moderation-policy")), "Moderation policy")
    assert "read by the LSP Support Group before it is published" in html
    assert "When 3 people have reported" in html
    settings.COMMENTS_POST_MODERATION = True
    assert "published as soon as" in client.get(reverse("consultation:moderation-policy")).content.decode()
