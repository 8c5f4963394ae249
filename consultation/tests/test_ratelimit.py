"""Rate limits per address and per email, answered with a friendly 429; the client address behind proxies."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from consultation import ratelimit
from consultation.models import Comment, Suggestion

pytestmark = pytest.mark.django_db


def url_for(tiny_plan):
    return reverse("consultation:theme-comments", args=[tiny_plan.safety.slug])


def test_the_sixth_comment_in_ten_minutes_from_one_address_gets_a_friendly_429(client, tiny_plan, comment_fields):
    for i in range(5):
        response = client.post(url_for(tiny_plan), comment_fields(email=f"r{i}@example.org"))
        assert response.status_code == 302
    response = client.post(url_for(tiny_plan), comment_fields(email="r6@example.org", body="Sixth secret words"))
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    html = response.content.decode()
    assert "<title>Please wait a few minutes — LSP Portal</title>" in html
    assert "try again in 10 minutes" in html
    # Nothing of what was sent comes back, and nothing was kept.
    assert "Sixth secret words" not in html and "r6@example.org" not in html
    assert Comment.objects.count() == 5
    # Someone else, elsewhere, is not affected.
    other = client.post(url_for(tiny_plan), comment_fields(email="else@example.org"), REMOTE_ADDR="10.9.9.9")
    assert other.status_code == 302


def test_one_email_is_limited_whatever_address_it_comes_from(client, tiny_plan, comment_fields):
    for i in range(5):
        client.post(url_for(tiny_plan), comment_fields(email="same@example.org"), REMOTE_ADDR=f"10.0.0.{i}")
    response = client.post(url_for(tiny_plan), comment_fields(email="SAME@example.org"), REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 429


def test_forms_with_errors_do_not_use_up_the_limit(client, tiny_plan, comment_fields):
    for _ in range(8):
        assert client.post(url_for(tiny_plan), comment_fields(email="bad")).status_code == 200
    assert client.post(url_for(tiny_plan), comment_fields()).status_code == 302


def test_limits_are_configurable_per_kind_of_form(client, tiny_plan, form_data, settings):
    settings.CONSULTATION_RATE_LIMITS = {"suggestion": (1, 60)}
    data = form_data(
        theme=tiny_plan.safety.pk, title="Idea", body="Text", display_name="Jo", email="jo@example.org", area=""
    )
    assert client.post(reverse("consultation:suggestion-new"), data).status_code == 302
    response = client.post(reverse("consultation:suggestion-new"), {**data, "email": "x@example.org"})
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert Suggestion.objects.count() == 1


def test_reports_are_limited_too(client, tiny_plan, form_data, settings):
    settings.CONSULTATION_RATE_LIMITS = {"report": (2, 600)}
    comments = [
        Comment.objects.create(theme=tiny_plan.safety, display_name="A", body="B", status="published") for _ in range(3)
    ]
    codes = [
        client.post(reverse("consultation:comment-report", args=[c.pk]), form_data(reason="spam")).status_code
        for c in comments
    ]
    assert codes == [302, 302, 429]


def test_hits_count_atomically_within_the_window(settings):
    settings.CONSULTATION_RATE_LIMITS = {"comment": (3, 600)}
    results = [ratelimit.hit("comment", "ip:1.2.3.4") for _ in range(5)]
    assert results == [True, True, True, False, False]
    assert ratelimit.hit("comment", "ip:5.6.7.8")


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "6.6.6.6", "10.0.0.1"),  # no proxies of ours: the header is the client's to forge
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),  # one proxy: the last entry is what it saw
        (2, "6.6.6.6, 203.0.113.7, 10.1.1.1", "203.0.113.7"),  # counted from the right
        (2, "203.0.113.7", "10.0.0.1"),  # fewer entries than proxies: not through them all
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert ratelimit.client_ip(request) == expected


def test_the_reporter_fingerprint_is_a_hash_not_the_address(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.44")
    fingerprint = ratelimit.fingerprint(request)
    assert len(fingerprint) == 64 and "192.0.2.44" not in fingerprint
    settings.SECRET_KEY = "another-key-for-this-test-only-0123456789-abcdefghij"
    assert ratelimit.fingerprint(request) != fingerprint
