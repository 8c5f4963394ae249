"""The sections this app gives the public theme and indicator pages, and the page cache."""

import pytest
from django.urls import reverse
from django.utils import timezone

from consultation import page_sections, selectors, services
from consultation.models import Comment
from consultation.tests.conftest import make_comment

pytestmark = pytest.mark.django_db


def test_the_theme_page_shows_the_count_the_latest_comments_and_each_objectives_count(client, tiny_plan):
    for i in range(5):
        make_comment(tiny_plan.safety, display_name=f"Resident {i}", body=f"Comment {i}")
    make_comment(tiny_plan.safety, body="Waiting", status=Comment.Status.PENDING)
    make_comment(tiny_plan.objective, display_name="Obi", body="About the objective")
    html = client.get(tiny_plan.safety.get_absolute_url()).content.decode()
    assert "What residents say" in html
    assert "<strong>5 comments</strong> on this theme." in html
    assert 'href="/themes/safety/comments/"' in html
    # The latest three, anywhere in the theme, newest first.
    assert "About the objective" in html and "Comment 4" in html and "Comment 3" in html
    assert "Comment 2" not in html and "Waiting" not in html
    assert "on the objective “Better relations with the police”" in html
    assert f'href="/objectives/{tiny_plan.objective.pk}/comments/">Better relations with the police</a>' in html
    assert "(1 comment)" in html


def test_the_indicator_page_shows_its_comments(client, tiny_plan):
    make_comment(tiny_plan.crime, body="Is this every area?")
    html = client.get(tiny_plan.crime.get_absolute_url()).content.decode()
    assert "<strong>1 comment</strong> on this indicator." in html
    assert "Is this every area?" in html
    assert f'href="/indicators/{tiny_plan.crime.slug}/comments/"' in html


def test_the_theme_and_indicator_pages_get_the_comments_section(tiny_plan):
    theme_sections = page_sections.theme_sections(tiny_plan.safety)
    assert [s.template for s in theme_sections] == ["consultation/sections/comments.html"]  # nothing adopted yet
    assert page_sections.indicator_sections(tiny_plan.crime)[0].context["kind"] == "indicator"


def test_a_newly_published_comment_shows_at_once_on_a_cached_theme_page(client, tiny_plan, personas, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    comment = make_comment(tiny_plan.safety, body="Fresh words", status=Comment.Status.PENDING)
    assert "Fresh words" not in client.get(tiny_plan.safety.get_absolute_url()).content.decode()
    services.comment_approve(comment=comment, by=personas["support_group"])
    assert "Fresh words" in client.get(tiny_plan.safety.get_absolute_url()).content.decode()
    services.comment_reject(comment=comment, by=personas["support_group"], reason="Policy.")
    assert "Fresh words" not in client.get(tiny_plan.safety.get_absolute_url()).content.decode()


def test_a_flood_of_unconfirmed_comments_does_not_empty_the_page_cache(client, tiny_plan, comment_fields, settings):
    from partnership.cache import content_version

    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    before = content_version(tiny_plan.safety.partnership_id)
    client.post(reverse("consultation:theme-comments", args=[tiny_plan.safety.slug]), comment_fields())
    assert Comment.objects.get().status == Comment.Status.UNCONFIRMED
    assert content_version(tiny_plan.safety.partnership_id) == before


def test_the_dashboard_counts_residents_comments_by_theme(tiny_plan, site, personas, rf, django_assert_num_queries):
    import datetime

    from django.template.loader import render_to_string

    from conftest import make_period
    from consultation import selectors

    period = make_period(2026, 2)  # July to September 2026
    during = timezone.make_aware(datetime.datetime(2026, 8, 1, 12))
    before = timezone.make_aware(datetime.datetime(2026, 5, 1, 12))
    answered = make_comment(tiny_plan.safety, created_at=during)
    make_comment(parent=answered, is_official=True, author=personas["support_group"], created_at=during)
    make_comment(tiny_plan.objective, created_at=before)  # on the safety theme's objective: counted under it
    make_comment(parent=answered, created_at=during)  # a resident's reply answers nothing
    make_comment(tiny_plan.environment, status=Comment.Status.PENDING)
    make_comment(tiny_plan.environment, status=Comment.Status.UNCONFIRMED)  # not counted anywhere
    make_comment(site.open, created_at=during)

    with django_assert_num_queries(2):
        summary = selectors.dashboard_residents(tiny_plan.plan, period)
    rows = {
        row.title.split(". ")[-1]: (row.published, row.in_period, row.pending, row.unanswered) for row in summary.rows
    }
    assert rows["Safety"] == (4, 3, 0, 1)  # the objective's comment has no response
    assert rows["Environment"] == (0, 0, 1, 0)
    assert rows["Consultations"] == (1, 1, 0, 1)
    assert (summary.total.published, summary.total.pending, summary.total.unanswered) == (5, 1, 2)

    request = rf.get("/dashboard/")
    request.user = personas["support_group"]
    html = render_to_string(
        "consultation/sections/dashboard_residents.html",
        {"summary": summary, "period": period, "can_moderate": True},
        request=request,
    )
    assert "<strong>1 awaiting moderation</strong>" in html
    assert reverse("consultation:moderation-queue") in html
    assert "2 published comments have no response from the partnership yet." in html


def test_the_theme_summary_counts_the_theme_apart_from_each_objective(tiny_plan):
    make_comment(tiny_plan.safety)
    make_comment(tiny_plan.safety, status=Comment.Status.PENDING)  # not published: not counted
    make_comment(tiny_plan.objective)
    make_comment(tiny_plan.objective)
    make_comment(tiny_plan.crime)  # an indicator of the theme: in neither count
    read_here = selectors.theme_comment_summary(tiny_plan.safety)
    given = selectors.theme_comment_summary(tiny_plan.safety, list(tiny_plan.safety.objectives.order_by("order", "pk")))
    for summary in (read_here, given):
        assert summary.count == 1
        assert [(row.objective, row.count) for row in summary.objectives] == [
            (objective, 2 if objective == tiny_plan.objective else 0)
            for objective in tiny_plan.safety.objectives.order_by("order", "pk")
        ]
