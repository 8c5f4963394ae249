"""Security properties of every response, of sign-in and of production settings."""

import json

import pytest
from django.urls import reverse

from partnership.models import User
from partnership.tests.test_settings import STRONG_KEY, run_manage

pytestmark = pytest.mark.django_db


def test_security_headers_on_a_public_page(client):
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split("; ")}
    assert directives["script-src"] == ["'self'"]  # no inline or third-party scripts
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    response = client.get(reverse("home"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_production_cookies_are_secure_and_http_only():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings as s; import json; print(json.dumps([s.SESSION_COOKIE_SECURE, "
        "s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.DEBUG]))",
        DJANGO_PRODUCTION="1",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="lsp.example.org",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [True, True, True, True, True, 31536000, False]


def test_login_locks_out_after_repeated_failures_even_with_the_right_password(client, settings):
    User.objects.create_user("officer", password="the-right-password-2015")
    login = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(login, {"username": "officer", "password": "wrong"})
        assert response.status_code in {200, 429}
    response = client.post(login, {"username": "officer", "password": "the-right-password-2015"})
    assert response.status_code in {403, 429}
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_successful_sign_in_works_and_goes_on_to_the_role_s_landing_page(client):
    User.objects.create_user("officer", password="the-right-password-2015")
    response = client.post(reverse("login"), {"username": "officer", "password": "the-right-password-2015"})
    assert response.status_code == 302
    assert response["Location"] == reverse("returns:signed-in")
    assert client.session["_auth_user_id"]


def test_admin_is_for_administrators_only(client):
    officer = User.objects.create_user("officer")
    client.force_login(officer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_health_check_reports_database_and_cache(client):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}
    assert "no-cache" in response["Cache-Control"]
