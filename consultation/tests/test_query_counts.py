"""Comment pages cost the same number of queries with 10 comments as with 10,000.

Each page's queries are listed in the test of the page itself; here the same counts are
checked on a theme (and a consultation) with 10 and with 10,000 published comments,
the first fifty of them with replies, created with ``bulk_create``.
"""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation.models import Comment, Suggestion
from consultation.selectors import Cursor

pytestmark = pytest.mark.django_db

# 10,000 comments take a second or two a test to create: a scale test, left out of make test-fast.
SIZES = [10, pytest.param(10_000, marks=pytest.mark.slow)]
REPLIED = 50


def replies(count: int) -> int:
    return min(count, REPLIED)


def bulk_comments(count: int, **where) -> list[Comment]:
    start = timezone.now() - datetime.timedelta(days=30)
    comments = Comment.objects.bulk_create(
        Comment(
            **where,
            display_name=f"Resident {i}",
            email=f"r{i}@example.org",
            body=f"Comment number {i}",
            status=Comment.Status.PUBLISHED,
            created_at=start + datetime.timedelta(seconds=i),
            published_at=start + datetime.timedelta(seconds=i),
        )
        for i in range(count)
    )
    newest = sorted(comments, key=lambda c: c.created_at)[-REPLIED:]
    Comment.objects.bulk_create(
        Comment(
            **where,
            parent=parent,
            display_name="Replier",
            body=f"Reply to {parent.pk}",
            status=Comment.Status.PUBLISHED,
            created_at=parent.created_at + datetime.timedelta(milliseconds=1),
        )
        for parent in newest
    )
    return comments


@pytest.mark.parametrize("count", SIZES)
def test_theme_comments_page_queries_do_not_grow_with_comments(client, tiny_plan, count, django_assert_num_queries):
    bulk_comments(count, theme=tiny_plan.safety)
    url = reverse("consultation:theme-comments", args=[tiny_plan.safety.slug])
    # 1 current plan, 2 the theme, 3 twenty-one comments with the count, 4 their replies, 5 areas for the form.
    with django_assert_num_queries(5):
        response = client.get(url)
    html = response.content.decode()
    assert f"({count + replies(count)} published)" in html
    shown = min(count, 20)
    assert html.count('<article class="comment" id="comment-') == 2 * shown  # each with its reply
    older = re.search(r'href="\?before=([0-9-]+)#comments">Older comments', html)
    if count <= 20:
        assert older is None
        return
    # A page deep in the list costs the same: keyset pagination, no OFFSET.
    with django_assert_num_queries(5):
        response = client.get(url, {"before": older[1]})
    assert "Newer comments" in response.content.decode()
    oldest = Comment.objects.filter(parent__isnull=True).order_by("created_at", "pk")[30]
    with django_assert_num_queries(5):
        deep = client.get(url, {"before": Cursor.of(oldest).encode()})
    assert deep.content.decode().count('<article class="comment" id="comment-') == 20
    assert "Older comments" in deep.content.decode()
    # Past the oldest, no comment carries the count: it is read alone, and no replies are.
    first = Comment.objects.filter(parent__isnull=True).order_by("created_at", "pk").first()
    with django_assert_num_queries(5):
        past = client.get(url, {"before": Cursor.of(first).encode()})
    assert '<article class="comment"' not in past.content.decode()
    assert "No more comments." in past.content.decode()
    assert "No comments yet." not in past.content.decode()
    assert f"({count + replies(count)} published)" in past.content.decode()


@pytest.mark.parametrize("count", SIZES)
def test_theme_page_sections_do_not_grow_with_comments(client, tiny_plan, count, django_assert_num_queries):
    bulk_comments(count, theme=tiny_plan.safety, objective=tiny_plan.objective)
    bulk_comments(count, theme=tiny_plan.safety)
    # The theme page's 7 queries and this app's 3 (see public/tests/test_public_views.py).
    with django_assert_num_queries(10):
        response = client.get(tiny_plan.safety.get_absolute_url())
    html = response.content.decode()
    assert f"<strong>{count + replies(count)} comment" in html
    assert f"({count + replies(count)} comment" in html  # the objective's count


@pytest.mark.parametrize("count", SIZES)
def test_consultation_page_queries_do_not_grow_with_comments(client, site, count, django_assert_num_queries):
    bulk_comments(count, consultation=site.open)
    # 1 the consultation, 2 questions, 3 choices, 4 themes, 5 areas, 6 twenty-one comments
    # with the count, 7 their replies, 8 areas for the response form.
    with django_assert_num_queries(8):
        response = client.get(site.open.get_absolute_url())
    assert response.content.decode().count('<article class="comment" id="comment-') == 2 * min(count, 20)


@pytest.mark.parametrize("count", SIZES)
def test_moderation_queue_queries_do_not_grow_with_comments(
    client, tiny_plan, personas, count, django_assert_num_queries
):
    Comment.objects.bulk_create(
        Comment(theme=tiny_plan.safety, display_name="R", body=f"Pending {i}", status=Comment.Status.PENDING)
        for i in range(count)
    )
    Suggestion.objects.bulk_create(
        Suggestion(
            theme=tiny_plan.safety,
            title=f"Idea {i}",
            body="b",
            display_name="R",
            email="r@example.org",
            status=Suggestion.Status.PENDING,
        )
        for i in range(count)
    )
    client.force_login(personas["support_group"])
    with django_assert_num_queries(8):  # listed in test_moderation.py
        response = client.get(reverse("consultation:moderation-queue"))
    assert f"{count} comments" in response.content.decode()
    assert "Suggestions waiting to be published (" in response.content.decode()
