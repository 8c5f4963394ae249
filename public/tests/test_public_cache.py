"""Public pages are cached for anonymous visitors and invalidated the moment their content changes."""

import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.urls import reverse

from partnership.cache import public_page

pytestmark = pytest.mark.django_db


def theme_url(world):
    return reverse("indicators:theme-detail", args=[world.crime.theme.slug])


def test_second_anonymous_visit_is_served_from_the_cache(client, world, django_assert_num_queries):
    first = client.get(theme_url(world))
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(theme_url(world))
    assert second.content == first.content


def test_signed_in_users_are_never_served_a_cached_page(client, world, django_assert_max_num_queries):
    client.get(theme_url(world))  # cached for anonymous visitors
    client.force_login(world.users["board"])
    response = client.get(theme_url(world))
    assert "Sign out" in response.content.decode()


def test_a_page_that_used_a_csrf_token_is_not_cached(settings):
    calls = []

    @public_page
    def view_with_form(request):
        calls.append(1)
        return HttpResponse(f"<form><input name=csrfmiddlewaretoken value={get_token(request)}></form>")

    @public_page
    def view_without_form(request):
        calls.append(2)
        return HttpResponse("<p>Read only</p>")

    factory = RequestFactory()

    def anonymous(path):
        from django.contrib.auth.models import AnonymousUser

        request = factory.get(path)
        request.user = AnonymousUser()
        return request

    view_with_form(anonymous("/form/"))
    view_with_form(anonymous("/form/"))
    view_without_form(anonymous("/read/"))
    view_without_form(anonymous("/read/"))
    assert calls == [1, 1, 2]  # the form page rendered twice, the read-only page once


def test_cache_can_be_turned_off(client, world, settings, django_assert_max_num_queries):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    client.get(theme_url(world))
    response = client.get(theme_url(world))
    assert response.status_code == 200
    from django.core.cache import cache

    assert not any(key.startswith(":1:public-page:") for key in getattr(cache, "_cache", {}))


def test_bulk_jobs_pause_invalidation_and_raise_the_version_once_at_the_end(world, django_assert_num_queries):
    from indicators.models import Measurement
    from partnership.cache import content_version, invalidation_paused

    partnership_id = world.crime.partnership_id
    before = content_version(partnership_id)
    count = Measurement.objects.count()
    assert count > 1
    with invalidation_paused():
        # No receivers: Django deletes in one statement instead of loading every row first.
        with django_assert_num_queries(1):
            Measurement.objects.all().delete()
        assert content_version(partnership_id) == before
    # A bulk job may have touched any partnership: the counter of all of them is raised.
    assert content_version(partnership_id) == (before[0] + 1, before[1])
    world.crime.title = "Recorded crime (all)"
    world.crime.save()  # the receivers are back, and raise the indicator's partnership's counter
    assert content_version(partnership_id) == (before[0] + 1, before[1] + 1)


def test_a_change_in_one_partnership_leaves_another_partnerships_cached_pages_alone(
    client, world, make, django_assert_num_queries
):
    from partnership import scope

    other = make.partnership(slug="northvale", name="Northvale Partnership")
    with scope.using(other):
        other_plan = make.plan("Northvale Plan", area="Northvale")
        lead = make.forum(other_plan, "Safer Northvale")
        other_theme = make.theme(other_plan, 1, "Safer streets", lead)
    # With two partnerships, every page is under its partnership's prefix.
    ours = f"/{world.crime.partnership.slug}" + theme_url(world)
    theirs = f"/{other.slug}/themes/{other_theme.slug}/"
    for url in (ours, theirs):
        assert client.get(url).status_code == 200
    world.crime.title = "Recorded crime (all)"
    world.crime.save()
    with django_assert_num_queries(0):
        assert client.get(theirs).status_code == 200  # still cached
    assert "Recorded crime (all)" in client.get(ours).content.decode()  # made again
