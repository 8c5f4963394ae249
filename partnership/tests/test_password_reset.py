"""The password reset: rate-limited per address and per client, its email sent by a task after commit."""

import pytest
from django.urls import reverse

from partnership.models import User

pytestmark = pytest.mark.django_db

URL = "/accounts/password_reset/"


@pytest.fixture
def officer():
    return User.objects.create_user("officer", email="officer@example.org", password="the-right-password-2015")


def ask(client, email, *, capture, ip="192.0.2.1"):
    with capture(execute=True):
        return client.post(URL, {"email": email}, REMOTE_ADDR=ip)


def test_the_reset_email_is_queued_after_commit_and_still_arrives(
    client, officer, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(URL, {"email": "Officer@Example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []  # nothing was sent from the request itself
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: the task runs (eagerly, in-process, with no broker)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["officer@example.org"]
    assert "http://testserver/accounts/reset/" in message.body
    assert "officer" in message.body


def test_the_fourth_reset_for_one_address_in_the_window_sends_no_email_and_says_nothing(
    client, officer, mailoutbox, django_capture_on_commit_callbacks, settings
):
    assert settings.PASSWORD_RESET_LIMIT_PER_EMAIL == 3
    responses = [
        ask(client, "officer@example.org", capture=django_capture_on_commit_callbacks, ip=f"198.51.100.{i}")
        for i in range(4)
    ]
    assert [r.status_code for r in responses] == [302, 302, 302, 302]
    assert {r["Location"] for r in responses} == {reverse("password_reset_done")}
    assert len(mailoutbox) == 3
    # The page the over-the-limit request lands on is the one everybody sees.
    done = client.get(reverse("password_reset_done")).content.decode()
    assert "If an account uses that address" in done


def test_an_unknown_address_gets_the_same_page_and_no_email(client, mailoutbox, django_capture_on_commit_callbacks):
    response = ask(client, "nobody@example.org", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_many_addresses_from_one_client_get_a_429(
    client, officer, mailoutbox, django_capture_on_commit_callbacks, settings
):
    limit = settings.PASSWORD_RESET_LIMIT_PER_CLIENT
    for i in range(limit):
        assert ask(client, f"person{i}@example.org", capture=django_capture_on_commit_callbacks).status_code == 302
    response = ask(client, "officer@example.org", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 429
    assert response["Retry-After"] == str(settings.PASSWORD_RESET_LIMIT_SECONDS)
    html = response.content.decode()
    assert "<title>Please wait a few minutes — LSP Portal</title>" in html
    assert "try again in 60 minutes" in html
    assert mailoutbox == []
    # Someone else, elsewhere, still gets their link.
    other = ask(client, "officer@example.org", capture=django_capture_on_commit_callbacks, ip="203.0.113.9")
    assert other.status_code == 302
    assert len(mailoutbox) == 1


def test_the_client_is_read_behind_trusted_proxies(client, officer, django_capture_on_commit_callbacks, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.PASSWORD_RESET_LIMIT_PER_CLIENT = 1
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, {"email": "a@example.org"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
        other = client.post(URL, {"email": "b@example.org"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
        again = client.post(URL, {"email": "c@example.org"}, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert [first.status_code, other.status_code, again.status_code] == [302, 302, 429]
