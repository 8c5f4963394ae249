"""Hostile and unusual input: each gets a clear refusal, or is stored and shown safely, and nothing else breaks."""

import time

import pytest
from django.test import Client
from django.urls import reverse

from consultation.forms import form_stamp
from consultation.models import Comment, Suggestion
from consultation.tests.conftest import check_html, make_comment

pytestmark = pytest.mark.django_db


def url_for(tiny_plan):
    return reverse("consultation:theme-comments", args=[tiny_plan.safety.slug])


def test_script_tags_are_stored_as_typed_and_shown_as_text(client, tiny_plan, comment_fields):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> "quotes" & <b>bold</b>'
    client.post(url_for(tiny_plan), comment_fields(body=hostile, display_name="<i>Mallory</i>"))
    comment = Comment.objects.get()
    assert comment.body == hostile
    comment.status = Comment.Status.PUBLISHED
    comment.save()
    for url in (url_for(tiny_plan), reverse("consultation:comment-thread", args=[comment.pk]), "/themes/safety/"):
        html = client.get(url).content.decode()
        assert "<script>alert" not in html and "<img src=x" not in html and "<i>Mallory</i>" not in html
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
        check_html(html)


def test_web_addresses_are_shown_as_text_not_links(client, tiny_plan):
    make_comment(tiny_plan.safety, body="See https://spam.example/buy and javascript:alert(1)")
    html = client.get(url_for(tiny_plan)).content.decode()
    assert "https://spam.example/buy" in html
    assert 'href="https://spam.example' not in html and 'href="javascript' not in html


def test_a_one_megabyte_comment_is_refused_with_a_clear_message(client, tiny_plan, comment_fields):
    response = client.post(url_for(tiny_plan), comment_fields(body="x" * 1_048_576))
    assert response.status_code == 200
    assert "Your comment must be 5,000 characters or fewer" in response.content.decode()
    assert not Comment.objects.exists()


def test_five_thousand_characters_with_windows_line_endings_fit(client, tiny_plan, comment_fields):
    body = ("a" * 99 + "\r\n") * 50  # 5,050 characters as sent; 5,000 once line endings are \n
    assert client.post(url_for(tiny_plan), comment_fields(body=body)).status_code == 302
    assert len(Comment.objects.get().body) == 4999  # the trailing newline is stripped


def test_null_bytes_are_refused(client, tiny_plan, comment_fields):
    response = client.post(url_for(tiny_plan), comment_fields(body="before\x00after", display_name="Nul\x00l"))
    assert response.status_code == 200
    assert "Null characters are not allowed." in response.content.decode()
    assert not Comment.objects.exists()


def test_right_to_left_and_emoji_text_is_kept_and_isolated(client, tiny_plan, comment_fields):
    name = "\u202eevil\u202c مريم 👩🏽‍🦱"
    body = "שלום — نحن بحاجة إلى المزيد من الإضاءة 💡🚲 and a ZWJ family 👨‍👩‍👧"
    client.post(url_for(tiny_plan), comment_fields(display_name=name, body=body))
    comment = Comment.objects.get()
    assert (comment.display_name, comment.body) == (name, body)
    comment.status = Comment.Status.PUBLISHED
    comment.save()
    html = client.get(url_for(tiny_plan)).content.decode()
    assert f"<bdi>{name}</bdi>" in html  # a right-to-left override cannot flip the text around it
    assert f'<div class="comment-body" dir="auto">{body}</div>' in html


def test_a_thousand_posts_from_one_address_store_five_and_the_site_keeps_working(client, tiny_plan, comment_fields):
    codes = [
        client.post(url_for(tiny_plan), comment_fields(email=f"bot{i}@example.org", body=f"Spam {i}")).status_code
        for i in range(1000)
    ]
    assert codes[:5] == [302] * 5
    assert set(codes[5:]) == {429}
    assert Comment.objects.count() == 5
    assert client.get(url_for(tiny_plan)).status_code == 200
    assert client.get("/").status_code == 200
    other = client.post(url_for(tiny_plan), comment_fields(email="real@example.org"), REMOTE_ADDR="192.0.2.10")
    assert other.status_code == 302


def test_the_honeypot_refuses_and_keeps_the_text(client, tiny_plan, comment_fields):
    response = client.post(url_for(tiny_plan), comment_fields(extra_comments="http://spam.example", body="Kept text"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please leave the last box empty" in html and "Kept text" in html
    assert not Comment.objects.exists()


def test_a_form_sent_back_too_fast_is_refused_and_keeps_the_text(client, tiny_plan, comment_fields, settings):
    settings.FORM_MIN_FILL_SECONDS = 3
    response = client.post(url_for(tiny_plan), comment_fields(started=form_stamp(time.time()), body="Quick words"))
    html = response.content.decode()
    assert "faster than a person could type" in html and "Quick words" in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "stamp",
    ["", "1234", "MTc5NTMyMDgyODczMw:1xUyxY:forged-signature", form_stamp(0)],
    # Named, because the day-old stamp is signed when the module is imported: an id made from
    # it would differ between pytest-xdist workers, which must collect the same tests.
    ids=["missing", "not-a-stamp", "forged", "day-old"],
)
def test_a_missing_forged_or_day_old_timestamp_is_refused_and_replaced(client, tiny_plan, comment_fields, stamp):
    response = client.post(url_for(tiny_plan), comment_fields(started=stamp, body="Kept"))
    html = response.content.decode()
    assert "This page was open too long, or was not sent from this site." in html and "Kept" in html
    assert not Comment.objects.exists()
    assert f'value="{stamp}"' not in html or stamp == ""  # a fresh timestamp, so sending again works


def test_names_that_are_email_addresses_and_comments_that_give_your_email_are_refused(
    client, tiny_plan, comment_fields
):
    html = client.post(url_for(tiny_plan), comment_fields(display_name="jo@example.org")).content.decode()
    assert "Use a name, not an email address" in html
    html = client.post(url_for(tiny_plan), comment_fields(body="Write to me at JO@example.org")).content.decode()
    assert "Please take your email address out of your comment" in html
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "n" * 81, "Your name must be 80 characters or fewer"),
        ("email", "a" * 250 + "@example.org", "Your email address must be 254 characters or fewer"),
        ("area", "999999", "Select an area from the list"),
        ("area", "'; DROP TABLE consultation_comment; --", "Select an area from the list"),
        ("body", "   \n\t  ", "Enter your comment"),
    ],
)
def test_length_limits_and_bad_values_are_refused(client, tiny_plan, comment_fields, field, value, message):
    response = client.post(url_for(tiny_plan), comment_fields(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Comment.objects.exists()


def test_every_form_needs_its_csrf_token(tiny_plan, comment_fields, site, form_data):
    client = Client(enforce_csrf_checks=True)
    posts = [
        url_for(tiny_plan),
        reverse("consultation:suggestion-new"),
        reverse("consultation:workshop-request"),
        reverse("consultation:mailing-list-request"),
        site.open.get_absolute_url(),
    ]
    for url in posts:
        assert client.post(url, comment_fields()).status_code == 403, url
    assert not Comment.objects.exists() and not Suggestion.objects.exists()


@pytest.mark.parametrize(
    "query", ["?before=garbage", "?after=99999999999999999999-1", "?before=-1--1", "?before=1-1&after=1-1", "?page=x"]
)
def test_hostile_query_strings_give_a_normal_page(client, tiny_plan, site, query):
    make_comment(tiny_plan.safety)
    for url in (url_for(tiny_plan), site.open.get_absolute_url(), reverse("consultation:suggestion-list")):
        assert client.get(url + query).status_code == 200


def test_hostile_tokens_are_refused_cleanly(client, db):
    for token in ["x", "a" * 5000, "..", "%00", "eyJ0eXAiOiJKV1QifQ"]:
        assert client.get(f"/have-your-say/confirm/{token}/").status_code in (400, 404)
        assert client.get(f"/have-your-say/delete/{token}/").status_code in (400, 404)
