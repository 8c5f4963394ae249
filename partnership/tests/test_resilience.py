"""When Redis is down, reading still works and everything else answers a clear 503, never a 500."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from redis.exceptions import ConnectionError as RedisConnectionError

from partnership.middleware import ServiceUnavailableMiddleware

pytestmark = pytest.mark.django_db

DEAD_REDIS = {"default": {"BACKEND": "partnership.redis_cache.RedisCache", "LOCATION": "redis://127.0.0.1:9/0"}}


def test_public_pages_are_served_uncached_when_the_cache_is_unreachable(client, tiny_plan, settings):
    settings.CACHES = DEAD_REDIS
    response = client.get(reverse("indicators:theme-detail", args=[tiny_plan.safety.slug]))
    assert response.status_code == 200
    assert "Safety" in response.content.decode()


def test_health_check_says_the_cache_is_failing(client, settings):
    settings.CACHES = DEAD_REDIS
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "failing"


def test_redis_errors_become_a_clear_503_page():
    def view(request):
        raise RedisConnectionError("Connection refused")

    middleware = ServiceUnavailableMiddleware(lambda request: HttpResponse())
    request = RequestFactory().post("/themes/safety/comments/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = middleware.process_exception(request, RedisConnectionError("Connection refused"))
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Nothing you sent has been saved" in response.content.decode()
    assert middleware.process_exception(request, ValueError("a bug")) is None  # real bugs stay 500s
