"""Comment pages are cached for anonymous visitors with their form, and the form still posts.

The page is stored with holes where the CSRF token and the form's signed timestamp were;
every visitor gets their own token (and cookie) and a timestamp of when *they* opened it.
"""

import re
import time

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.urls import reverse

from consultation.forms import _read_stamp
from consultation.models import Comment
from consultation.tests.conftest import make_comment
from partnership.cache import public_page

pytestmark = pytest.mark.django_db


def url(theme):
    return reverse("consultation:theme-comments", args=[theme.slug])


def token_and_stamp(html: str) -> tuple[str, str]:
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    stamp = re.search(r'name="started" value="([^"]+)"', html)[1]
    return token, stamp


def test_the_second_visitor_gets_the_cached_page_with_a_token_and_timestamp_of_their_own(
    tiny_plan, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    make_comment(tiny_plan.safety, display_name="Ann", body="Brighter lights on the canal path")
    first = Client().get(url(tiny_plan.safety))
    second_client = Client()
    with django_assert_num_queries(0):
        second = second_client.get(url(tiny_plan.safety))
    first_html, second_html = first.content.decode(), second.content.decode()
    assert "Brighter lights on the canal path" in second_html
    assert "\x00" not in second_html
    assert token_and_stamp(first_html)[0] != token_and_stamp(second_html)[0]
    assert second_client.cookies["csrftoken"].value  # the cookie the token belongs to
    started = _read_stamp(token_and_stamp(second_html)[1])
    assert started is not None and abs(time.time() - started) < 5
    # Apart from the holes, the page is the one the first visitor saw.
    assert re.sub(r'value="[^"]+"', "", first_html) == re.sub(r'value="[^"]+"', "", second_html)


def test_a_cached_comment_page_still_posts_with_csrf_checks_on(
    tiny_plan, settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.FORM_MIN_FILL_SECONDS = 0
    Client().get(url(tiny_plan.safety))  # fills the cache
    resident = Client(enforce_csrf_checks=True)
    token, stamp = token_and_stamp(resident.get(url(tiny_plan.safety)).content.decode())
    fields = {
        "csrfmiddlewaretoken": token,
        "started": stamp,
        "extra_comments": "",
        "display_name": "Jo",
        "email": "jo@example.org",
        "area": "",
        "body": "Please fix the bus shelter.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = resident.post(url(tiny_plan.safety), fields)
    assert response.status_code == 302
    assert Comment.objects.get().body == "Please fix the bus shelter."
    assert len(mailoutbox) == 1


def test_the_minimum_fill_time_counts_from_when_the_visitor_opened_the_cached_page(tiny_plan, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.FORM_MIN_FILL_SECONDS = 3
    Client().get(url(tiny_plan.safety))
    bot = Client()
    _token, stamp = token_and_stamp(bot.get(url(tiny_plan.safety)).content.decode())
    response = bot.post(
        url(tiny_plan.safety),
        {"started": stamp, "extra_comments": "", "display_name": "Bot", "email": "b@example.org", "body": "spam"},
    )
    assert response.status_code == 200
    assert "faster than a person could type it" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_newly_published_comment_shows_at_once_on_the_cached_page(tiny_plan, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    client = Client()
    assert "First!" not in client.get(url(tiny_plan.safety)).content.decode()
    make_comment(tiny_plan.safety, display_name="Ann", body="First!")
    assert "First!" in client.get(url(tiny_plan.safety)).content.decode()


def test_a_form_page_is_not_cached_when_its_token_is_outside_a_hole(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    calls = []

    @public_page(forms=True)
    def token_in_a_script(request):
        calls.append(1)
        return HttpResponse(f"<script>const token = '{get_token(request)}';</script>")

    @public_page(forms=True)
    def token_in_a_form(request):
        calls.append(2)
        return HttpResponse(f'<form><input type="hidden" name="csrfmiddlewaretoken" value="{get_token(request)}">')

    def anonymous(path):
        request = RequestFactory().get(path)
        request.user = AnonymousUser()
        return request

    for _ in range(2):
        token_in_a_script(anonymous("/script/"))
        token_in_a_form(anonymous("/form/"))
    assert calls == [1, 2, 1]  # the script page rendered twice, the form page once
