"""The page cache keys on the path alone: a query string the visitor makes up cannot fill it.

Counted in the test cache (local memory): what each request adds to it is what it would
add to Redis.
"""

import datetime
import secrets

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from consultation.tests.conftest import make_comment
from partnership.cache import public_page

pytestmark = pytest.mark.django_db


def stored_pages() -> list[str]:
    return [key for key in cache._cache if "public-page:" in key]


def comments_url(theme) -> str:
    return reverse("consultation:theme-comments", args=[theme.slug])


def test_a_hundred_made_up_query_strings_store_nothing_beyond_the_one_clean_page(
    tiny_plan, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    make_comment(tiny_plan.safety, display_name="Ann", body="Brighter lights on the canal path")
    url = comments_url(tiny_plan.safety)
    clean = Client().get(url).content.decode()
    assert len(stored_pages()) == 1

    tokens = set()
    for _ in range(100):
        visitor = Client()
        with django_assert_num_queries(0):  # the clean page, from the cache
            html = visitor.get(url, {"utm": secrets.token_hex(8)}).content.decode()
        assert "Brighter lights on the canal path" in html
        assert "\x00" not in html  # every hole filled
        tokens.add(visitor.cookies["csrftoken"].value)
    assert len(stored_pages()) == 1
    assert len(tokens) == 100  # each visitor their own CSRF token
    assert "utm" not in clean


def test_a_page_first_asked_for_with_a_made_up_parameter_is_stored_as_the_clean_page(
    tiny_plan, settings, django_assert_num_queries
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    url = reverse("indicators:theme-detail", args=[tiny_plan.safety.slug])
    first = Client().get(url, {"utm": "campaign", "x": ["1", "2"]})
    with django_assert_num_queries(0):
        assert Client().get(url).content == first.content
    assert len(stored_pages()) == 1


def test_a_made_up_parameter_cannot_reach_the_stored_page(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300

    calls = []

    @public_page
    def echoes_its_address(request):
        calls.append(request.get_full_path())
        return HttpResponse(f"<p>{request.get_full_path()} {dict(request.GET)}</p>")

    def anonymous(path):
        request = RequestFactory().get(path)
        request.user = AnonymousUser()
        return request

    echoes_its_address(anonymous("/page/?utm=planted"))
    served = echoes_its_address(anonymous("/page/")).content.decode()
    assert calls == ["/page/"]  # made once, for the first visitor, without their parameter
    assert served == "<p>/page/ {}</p>"


def test_a_cursor_the_page_reads_still_gives_the_older_comments(tiny_plan, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    start = timezone.now() - datetime.timedelta(days=1)
    for minute in range(21):
        created = start + datetime.timedelta(minutes=minute)
        make_comment(tiny_plan.safety, body=f"Comment number {minute:02d}.", created_at=created)
    url = comments_url(tiny_plan.safety)
    newest = Client().get(url).content.decode()
    assert "Comment number 20." in newest and "Comment number 00." not in newest
    cursor = newest.split('href="?before=', 1)[1].split("#", 1)[0]

    for _ in range(3):
        older = Client().get(url, {"before": cursor, "utm": secrets.token_hex(8)}).content.decode()
        assert "Comment number 00." in older and "Comment number 20." not in older
        assert "\x00" not in older
    # Cursors are open-ended (any instant will do), so pages chosen by one are not stored.
    assert len(stored_pages()) == 1
    # An empty cursor is no cursor: the clean page, from the cache.
    assert Client().get(url, {"before": ""}).content.decode().count("Comment number 20.") == 1
    assert len(stored_pages()) == 1
