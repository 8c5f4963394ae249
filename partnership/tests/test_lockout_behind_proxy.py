"""Behind our proxy, a sign-in lockout counts by the client's address, never by the proxy's.

Every request reaches the portal from the proxy (``REMOTE_ADDR``); the proxy appends the
address it saw to ``X-Forwarded-For`` (nginx's ``$proxy_add_x_forwarded_for``), so with
``TRUSTED_PROXY_COUNT=1`` the client is the header's last entry, and whatever the client
wrote into the header itself is further left.
"""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from partnership.models import User

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"
CLIENT_A = "203.0.113.7"
CLIENT_B = "198.51.100.9"
PASSWORD = "the-right-password-2015"


def sign_in(client_address: str, password: str, *, sent_by_client: str = ""):
    """A sign-in as ``support`` from ``client_address`` through the proxy, with any header the client sent."""
    forwarded = f"{sent_by_client}, {client_address}" if sent_by_client else client_address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded).post(
        reverse("login"), {"username": "support", "password": password}
    )


def signed_in(response) -> bool:
    return response.status_code == 302 and response["Location"] == reverse("returns:signed-in")


@pytest.fixture
def support(db):
    return User.objects.create_user("support", password=PASSWORD)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_one_clients_failures_lock_that_client_out_and_never_another(support, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not signed_in(sign_in(CLIENT_A, "wrong"))

    locked = sign_in(CLIENT_A, PASSWORD)
    assert not signed_in(locked)
    assert "Too many sign-in attempts" in locked.content.decode()
    assert signed_in(sign_in(CLIENT_B, PASSWORD))  # the real user, elsewhere, still signs in


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_an_address_the_client_adds_to_x_forwarded_for_changes_nothing(support, settings):
    # Client A pretends each time to be someone else, B among them: every failure still
    # counts against A, and none against B.
    pretended = [CLIENT_B, "192.0.2.1", "192.0.2.2, 192.0.2.3", "::1", "not-an-address"]
    for fake in pretended[: settings.AXES_FAILURE_LIMIT]:
        assert not signed_in(sign_in(CLIENT_A, "wrong", sent_by_client=fake))

    assert not signed_in(sign_in(CLIENT_A, PASSWORD, sent_by_client="192.0.2.99"))
    assert signed_in(sign_in(CLIENT_B, PASSWORD))
