"""Residents' comments as a browser sees them: post, confirm by email, moderation, replies, deletion."""

import re

import pytest
from django.urls import reverse

from consultation import tokens
from consultation.models import Comment, ModerationAction
from consultation.tests.conftest import make_comment

pytestmark = pytest.mark.django_db


def theme_comments_url(theme):
    return reverse("consultation:theme-comments", args=[theme.slug])


def link_in(message, name: str) -> str:
    """The path of the first link to ``name`` (e.g. "confirm") in an email."""
    match = re.search(rf"http://[^/\s]+(/have-your-say/{name}/[^\s]+/)", message.body)
    assert match, message.body
    return match[1]


def test_theme_comments_page_shows_comments_newest_first_with_their_replies(
    client, tiny_plan, page_ok, django_assert_num_queries
):
    older = make_comment(tiny_plan.safety, display_name="Ann", body="Older comment")
    make_comment(parent=older, display_name="Bob", body="A reply")
    make_comment(tiny_plan.safety, display_name="Cat", body="Newer comment")
    make_comment(tiny_plan.safety, display_name="Dan", body="Waiting", status=Comment.Status.PENDING)
    make_comment(tiny_plan.objective, display_name="Eve", body="On the objective")
    # 1 current plan, 2 the theme, 3 a page of comments with the count of published ones,
    # 4 their replies, 5 areas for the form.
    with django_assert_num_queries(5):
        response = client.get(theme_comments_url(tiny_plan.safety))
    html = page_ok(response, "Comments on Safety")
    assert "(3 published)" in html
    assert html.index("Newer comment") < html.index("Older comment") < html.index("A reply")
    assert "Waiting" not in html
    assert "On the objective" not in html  # it has its own page
    assert 'name="extra_comments"' in html and 'name="started"' in html
    assert 'aria-hidden="true"' in html and 'tabindex="-1"' in html


def test_posting_a_comment_keeps_it_unconfirmed_and_emails_a_confirmation_link(
    client, tiny_plan, comment_fields, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(theme_comments_url(tiny_plan.safety), comment_fields(area=str(tiny_plan.boxmoor.pk)))
    assert response.status_code == 302
    assert response["Location"] == reverse("consultation:check-email") + "?sent=comment"
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.UNCONFIRMED
    assert (comment.theme, comment.objective, comment.area) == (tiny_plan.safety, None, tiny_plan.boxmoor)
    assert comment.email == "jo@example.org"
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["jo@example.org"]
    assert "Confirm your comment" in mailoutbox[0].subject
    assert "/have-your-say/delete/" in mailoutbox[0].body
    # Nobody sees it yet.
    assert "More lights, please." not in client.get(theme_comments_url(tiny_plan.safety)).content.decode()


def test_confirming_asks_first_then_sends_the_comment_to_moderation(
    client, tiny_plan, comment_fields, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(theme_comments_url(tiny_plan.safety), comment_fields())
    confirm_url = link_in(mailoutbox[0], "confirm")
    # Opening the link (as a mail scanner would) changes nothing.
    response = client.get(confirm_url)
    assert response.status_code == 200
    assert Comment.objects.get().status == Comment.Status.UNCONFIRMED
    assert '<button type="submit" class="btn btn-primary">Confirm</button>' in response.content.decode()
    response = client.post(confirm_url)
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PENDING
    assert comment.confirmed_at is not None
    html = client.get(confirm_url).content.decode()
    assert "A moderator will read it" in html
    client.post(confirm_url)  # a second click changes nothing
    assert Comment.objects.get().status == Comment.Status.PENDING


def test_with_post_moderation_a_confirmed_comment_is_published_and_its_author_told(
    client, tiny_plan, comment_fields, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_POST_MODERATION = True
    with django_capture_on_commit_callbacks(execute=True):
        client.post(theme_comments_url(tiny_plan.safety), comment_fields())
    with django_capture_on_commit_callbacks(execute=True):
        client.post(link_in(mailoutbox[0], "confirm"))
    comment = Comment.objects.get()
    assert comment.status == Comment.Status.PUBLISHED and comment.published_at
    assert [m.subject for m in mailoutbox][-1].startswith("Your comment is published")
    assert "More lights, please." in client.get(theme_comments_url(tiny_plan.safety)).content.decode()


def test_a_bad_form_says_what_is_wrong_next_to_each_field_and_keeps_what_was_typed(
    client, tiny_plan, comment_fields, page_ok
):
    response = client.post(
        theme_comments_url(tiny_plan.safety), comment_fields(email="not-an-email", body="Keep these words")
    )
    html = page_ok(response, "Error: Comments on Safety")
    assert "Keep these words" in html
    assert 'value="Jo"' in html
    assert 'value="not-an-email"' in html
    # The error is tied to its field for assistive technology.
    match = re.search(r'<input[^>]+name="email"[^>]*>', html)
    assert "is-invalid" in match[0] and 'aria-invalid="true"' in match[0]
    assert 'aria-describedby="id_email_helptext id_email_error"' in match[0]
    assert re.search(
        r'<div id="id_email_error" class="invalid-feedback">\s*<span[^>]*><strong>'
        r'<span class="visually-hidden">Error: </span>'
        r"Enter an email address in the correct format, like name@example.com<",
        html,
    )
    assert Comment.objects.count() == 0


def test_a_tampered_or_unknown_confirmation_link_is_refused(client, tiny_plan):
    comment = make_comment(tiny_plan.safety, status=Comment.Status.UNCONFIRMED)
    token = tokens.make_confirm_token(tokens.Kind.COMMENT, comment)
    response = client.get(reverse("consultation:confirm", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert "This link does not work" in response.content.decode()
    assert client.post(reverse("consultation:confirm", args=["nonsense"])).status_code == 400
    comment.delete()
    assert client.get(reverse("consultation:confirm", args=[token])).status_code == 400


def test_an_expired_confirmation_link_is_refused(client, tiny_plan, settings):
    settings.CONSULTATION_CONFIRM_DAYS = -1
    comment = make_comment(tiny_plan.safety, status=Comment.Status.UNCONFIRMED)
    token = tokens.make_confirm_token(tokens.Kind.COMMENT, comment)
    assert client.post(reverse("consultation:confirm", args=[token])).status_code == 400
    assert Comment.objects.get().status == Comment.Status.UNCONFIRMED


def test_comments_on_an_objective_or_indicator_carry_their_theme(client, tiny_plan, comment_fields, page_ok):
    response = client.get(reverse("consultation:objective-comments", args=[tiny_plan.objective.pk]))
    page_ok(response, "Objective: Better relations with the police")
    client.post(reverse("consultation:objective-comments", args=[tiny_plan.objective.pk]), comment_fields())
    client.post(
        reverse("consultation:indicator-comments", args=[tiny_plan.crime.slug]),
        comment_fields(email="other@example.org"),
    )
    on_objective, on_indicator = Comment.objects.order_by("pk")
    assert (on_objective.theme, on_objective.objective) == (tiny_plan.safety, tiny_plan.objective)
    assert (on_indicator.theme, on_indicator.indicator) == (tiny_plan.safety, tiny_plan.crime)


def test_a_non_public_indicator_has_no_comments_page(client, tiny_plan):
    assert client.get(reverse("consultation:indicator-comments", args=[tiny_plan.secret.slug])).status_code == 404


def test_replies_go_one_level_deep(client, tiny_plan, comment_fields, page_ok):
    comment = make_comment(tiny_plan.safety, display_name="Ann")
    reply = make_comment(parent=comment, display_name="Bob")
    response = client.get(reverse("consultation:comment-reply", args=[comment.pk]))
    page_ok(response, "Reply to Ann")
    client.post(reverse("consultation:comment-reply", args=[comment.pk]), comment_fields(body="Me too"))
    new = Comment.objects.get(body="Me too")
    assert new.parent == comment and new.theme == tiny_plan.safety
    # A reply cannot be replied to, and the page offers no link to.
    assert client.get(reverse("consultation:comment-reply", args=[reply.pk])).status_code == 404
    html = client.get(reverse("consultation:comment-thread", args=[comment.pk])).content.decode()
    assert f'href="/comments/{comment.pk}/reply/"' in html
    assert f'href="/comments/{reply.pk}/reply/"' not in html


def test_a_reply_link_leads_to_its_thread(client, tiny_plan):
    comment = make_comment(tiny_plan.safety)
    reply = make_comment(parent=comment)
    response = client.get(reverse("consultation:comment-thread", args=[reply.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/comments/{comment.pk}/#comment-{reply.pk}"
    pending = make_comment(tiny_plan.safety, status=Comment.Status.PENDING)
    assert client.get(reverse("consultation:comment-thread", args=[pending.pk])).status_code == 404


def test_an_official_response_is_marked_and_the_resident_is_told(
    client, tiny_plan, personas, mailoutbox, django_capture_on_commit_callbacks
):
    comment = make_comment(tiny_plan.safety, display_name="Ann", email="ann@example.org")
    client.force_login(personas["forum_lead"])
    url = reverse("consultation:comment-respond", args=[comment.pk])
    assert client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "We are on it."})
    assert response.status_code == 302
    official = Comment.objects.get(is_official=True)
    assert official.parent == comment
    assert official.responding_forum == tiny_plan.safety_forum
    assert official.author == personas["forum_lead"]
    assert official.status == Comment.Status.PUBLISHED
    client.logout()
    html = client.get(reverse("consultation:comment-thread", args=[comment.pk])).content.decode()
    assert "Response from Community Safety Partnership" in html
    assert "We are on it." in html
    assert mailoutbox[-1].to == ["ann@example.org"]
    assert "We are on it." in mailoutbox[-1].body


def test_support_group_responses_are_marked_as_from_the_support_group(client, tiny_plan, personas):
    comment = make_comment(tiny_plan.environment)
    client.force_login(personas["support_group"])
    client.post(reverse("consultation:comment-respond", args=[comment.pk]), {"body": "Thank you."})
    assert Comment.objects.get(is_official=True).responding_forum == tiny_plan.support_forum


def test_the_author_deletes_a_comment_nobody_replied_to(
    client, tiny_plan, comment_fields, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(theme_comments_url(tiny_plan.safety), comment_fields())
    delete_url = link_in(mailoutbox[0], "delete")
    response = client.get(delete_url)
    assert "More lights, please." in response.content.decode()
    assert client.post(delete_url).status_code == 302
    assert not Comment.objects.exists()
    assert "Your comment is deleted" in client.get(delete_url).content.decode()


def test_a_deleted_comment_with_replies_leaves_a_note_and_keeps_the_replies(client, tiny_plan):
    comment = make_comment(tiny_plan.safety, display_name="Ann", body="My words", email="ann@example.org")
    make_comment(parent=comment, display_name="Bob", body="Bob's reply")
    client.post(reverse("consultation:comment-delete", args=[tokens.make_delete_token(comment)]))
    comment.refresh_from_db()
    assert (comment.body, comment.display_name, comment.email, comment.area) == ("", "", "", None)
    html = client.get(theme_comments_url(tiny_plan.safety)).content.decode()
    assert "Deleted by its author." in html
    assert "My words" not in html
    assert "Bob&#x27;s reply" in html


def test_a_confirmation_link_cannot_delete_and_a_deletion_link_cannot_confirm(client, tiny_plan):
    comment = make_comment(tiny_plan.safety, status=Comment.Status.UNCONFIRMED)
    confirm_token = tokens.make_confirm_token(tokens.Kind.COMMENT, comment)
    delete_token = tokens.make_delete_token(comment)
    assert client.post(reverse("consultation:comment-delete", args=[confirm_token])).status_code == 400
    assert client.post(reverse("consultation:confirm", args=[delete_token])).status_code == 400
    assert Comment.objects.get().status == Comment.Status.UNCONFIRMED


def test_approving_a_comment_publishes_it_and_emails_its_author(
    client, tiny_plan, personas, mailoutbox, django_capture_on_commit_callbacks
):
    comment = make_comment(tiny_plan.safety, status=Comment.Status.PENDING, email="ann@example.org")
    client.force_login(personas["support_group"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("consultation:moderation-comment", args=[comment.pk]), {"decision": "approve", "reason": ""}
        )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    action = ModerationAction.objects.get()
    assert (action.kind, action.by) == (ModerationAction.Kind.APPROVE, personas["support_group"])
    assert mailoutbox[-1].to == ["ann@example.org"]
    assert "/have-your-say/delete/" in mailoutbox[-1].body


def test_consultation_comments_close_with_the_consultation(client, site, comment_fields, page_ok):
    open_url = reverse("consultation:consultation-comments", args=[site.open.slug])
    closed_url = reverse("consultation:consultation-comments", args=[site.closed.slug])
    client.post(open_url, comment_fields())
    assert Comment.objects.get().consultation == site.open
    html = page_ok(client.get(closed_url), "Comments on Town centre")
    assert "This consultation is closed to new comments." in html
    assert 'name="body"' not in html
    assert client.post(closed_url, comment_fields(email="late@example.org")).status_code == 302
    assert Comment.objects.count() == 1
    old = make_comment(site.closed)
    assert client.get(reverse("consultation:comment-reply", args=[old.pk])).status_code == 302


def test_each_visitor_gets_the_same_form_with_their_own_token_and_timestamp(client, tiny_plan):
    """The empty form's markup is rendered once per process; the per-visitor values are not."""
    url = theme_comments_url(tiny_plan.safety)
    values = r'name="(csrfmiddlewaretoken|started)" value="([^"]+)"'
    pages = []
    for _ in range(2):
        client.cookies.clear()
        response = client.get(url)
        assert "csrftoken" in response.cookies  # the token on the form came with its cookie
        pages.append(response.content.decode())
    first, second = (dict(re.findall(values, page)) for page in pages)
    assert set(first) == {"csrfmiddlewaretoken", "started"}
    assert first["csrfmiddlewaretoken"] != second["csrfmiddlewaretoken"]
    assert first["started"] != second["started"]
    assert re.sub(values, "", pages[0]) == re.sub(values, "", pages[1])
