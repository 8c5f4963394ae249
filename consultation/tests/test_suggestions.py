"""Suggestions for service changes: submitted, confirmed, routed, answered, and traced to what they became."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultation import services
from consultation.models import Suggestion
from consultation.tests.conftest import make_suggestion
from themes.models import Achievement

pytestmark = pytest.mark.django_db

Status = Suggestion.Status


def test_a_suggestion_is_confirmed_by_email_then_moderated_then_routed_to_the_themes_lead_forum(
    client, tiny_plan, personas, form_data, mailoutbox, django_capture_on_commit_callbacks, page_ok
):
    page_ok(client.get(reverse("consultation:suggestion-new")), "Make a suggestion")
    data = form_data(
        theme=tiny_plan.safety.pk,
        area=tiny_plan.highfield.pk,
        title="Light the alley",
        body="By the station.",
        display_name="Jo",
        email="jo@example.org",
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("consultation:suggestion-new"), data).status_code == 302
    suggestion = Suggestion.objects.get()
    assert suggestion.status == Status.UNCONFIRMED
    assert suggestion.routed_to == tiny_plan.safety_forum
    assert "Light the alley" not in client.get(reverse("consultation:suggestion-list")).content.decode()
    client.post(re.search(r"(/have-your-say/confirm/[^\s]+/)", mailoutbox[0].body)[1])
    suggestion.refresh_from_db()
    # Confirmed, it waits for a moderator, like a comment: nobody else sees it yet.
    assert suggestion.status == Status.PENDING and suggestion.confirmed_at
    assert "Light the alley" not in client.get(reverse("consultation:suggestion-list")).content.decode()
    assert client.get(reverse("consultation:suggestion-detail", args=[suggestion.pk])).status_code == 404
    services.suggestion_moderate(suggestion=suggestion, by=personas["support_group"], approve=True)
    suggestion.refresh_from_db()
    assert suggestion.status == Status.RECEIVED and suggestion.moderated_at
    html = client.get(reverse("consultation:suggestion-list")).content.decode()
    assert "Light the alley" in html


def test_the_public_list_filters_by_theme_area_and_status(client, tiny_plan, page_ok, django_assert_num_queries):
    make_suggestion(tiny_plan.safety, title="Safety idea", area=tiny_plan.boxmoor)
    make_suggestion(tiny_plan.environment, title="Environment idea", status=Status.ADOPTED)
    make_suggestion(tiny_plan.safety, title="Unconfirmed idea", status=Status.UNCONFIRMED)
    url = reverse("consultation:suggestion-list")
    # 1 current plan (for the filter's themes), 2 count, 3 a page of suggestions, 4 current plan
    # (header), 5 themes and 6 areas for the filter form.
    with django_assert_num_queries(6):
        response = client.get(url)
    html = page_ok(response, "Suggestions for service changes")
    assert "Safety idea" in html and "Environment idea" in html and "Unconfirmed idea" not in html
    assert "Environment idea" not in client.get(url, {"theme": tiny_plan.safety.pk}).content.decode()
    assert "Environment idea" not in client.get(url, {"area": tiny_plan.boxmoor.pk}).content.decode()
    html = client.get(url, {"status": "adopted"}).content.decode()
    assert "Environment idea" in html and "Safety idea" not in html


def test_the_forum_lead_answers_and_the_resident_is_told(
    client, tiny_plan, personas, mailoutbox, django_capture_on_commit_callbacks
):
    suggestion = make_suggestion(tiny_plan.safety, email="jo@example.org")
    client.force_login(personas["forum_lead"])
    url = reverse("consultation:suggestion-manage", args=[suggestion.pk])
    html = client.post(url, {"status": "not_adopted", "response": ""}).content.decode()
    assert "Enter the partnership&#x27;s answer: adopted and not adopted need a reason" in html
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"status": "not_adopted", "response": "The council has no budget for it this year."})
    suggestion.refresh_from_db()
    assert suggestion.status == Status.NOT_ADOPTED and suggestion.status_changed_at
    assert mailoutbox[-1].to == ["jo@example.org"]
    assert "not adopted" in mailoutbox[-1].body
    client.logout()
    html = client.get(reverse("consultation:suggestion-detail", args=[suggestion.pk])).content.decode()
    assert "The council has no budget for it this year." in html and "Not adopted" in html


def test_an_adopted_suggestion_links_to_the_objective_it_became_on_both_sides(client, tiny_plan, personas, page_ok):
    suggestion = make_suggestion(tiny_plan.safety, title="Police at area panels")
    Achievement.objects.create(theme=tiny_plan.safety, objective=tiny_plan.objective, text="Panels held in every area")
    services.suggestion_update(
        suggestion=suggestion,
        by=personas["support_group"],
        status=Status.ADOPTED,
        response="Adopted as an objective.",
        became_action=tiny_plan.action,
    )
    suggestion.refresh_from_db()
    assert (suggestion.became_objective, suggestion.became_action) == (tiny_plan.objective, tiny_plan.action)
    objective_url = reverse("consultation:objective-comments", args=[tiny_plan.objective.pk])
    # The suggestion's page leads to the objective and what it achieved ...
    html = page_ok(
        client.get(reverse("consultation:suggestion-detail", args=[suggestion.pk])), "Suggestion: Police at area panels"
    )
    assert f'href="{objective_url}"' in html
    assert "Panels held in every area" in html
    # ... and the theme's and objective's pages lead back to the resident's words.
    for url in (tiny_plan.safety.get_absolute_url(), objective_url):
        html = client.get(url).content.decode()
        assert "You said, we did" in html
        assert "came from a resident's suggestion" in html
        assert f'href="/suggestions/{suggestion.pk}/"' in html
        assert "Panels held in every area" in html


def test_what_a_suggestion_became_must_be_in_its_theme(tiny_plan, personas):
    suggestion = make_suggestion(tiny_plan.environment)
    with pytest.raises(ValidationError) as raised:
        services.suggestion_update(
            suggestion=suggestion,
            by=personas["support_group"],
            status=Status.ADOPTED,
            response="Yes.",
            became_objective=tiny_plan.objective,
        )
    assert "became_objective" in raised.value.message_dict


def test_only_an_adopted_suggestion_keeps_its_link(tiny_plan, personas):
    suggestion = make_suggestion(tiny_plan.safety)
    services.suggestion_update(
        suggestion=suggestion,
        by=personas["support_group"],
        status=Status.UNDER_CONSIDERATION,
        became_objective=tiny_plan.objective,
    )
    suggestion.refresh_from_db()
    assert suggestion.became_objective is None


def test_an_unconfirmed_suggestion_is_not_public_and_cannot_be_answered(client, tiny_plan, personas):
    suggestion = make_suggestion(tiny_plan.safety, status=Status.UNCONFIRMED)
    assert client.get(reverse("consultation:suggestion-detail", args=[suggestion.pk])).status_code == 404
    client.force_login(personas["support_group"])
    assert client.get(reverse("consultation:suggestion-manage", args=[suggestion.pk])).status_code == 404


# --- Moderation: suggestions wait for the LSP Support Group, like comments --------------------


def test_the_support_group_publishes_or_keeps_off_a_suggestion_from_the_moderation_queue(
    client, tiny_plan, personas, page_ok
):
    pending = make_suggestion(tiny_plan.safety, title="Bins on Fridays", status=Status.PENDING)
    spam = make_suggestion(tiny_plan.safety, title="Cheap watches here", status=Status.PENDING)
    client.force_login(personas["support_group"])

    queue = client.get(reverse("consultation:moderation-queue")).content.decode()
    assert "Suggestions waiting to be published (2)" in queue
    assert "Bins on Fridays" in queue and "Cheap watches here" in queue
    page = reverse("consultation:moderation-suggestion", args=[spam.pk])
    page_ok(client.get(page), "Moderate a suggestion")

    # Not publishing needs a reason, said next to the field; nothing changes.
    response = client.post(page, {"decision": "reject", "reason": ""})
    assert response.status_code == 200
    assert "Enter a reason for not publishing the suggestion" in response.content.decode()
    spam.refresh_from_db()
    assert spam.status == Status.PENDING

    assert client.post(page, {"decision": "reject", "reason": "Advertising."}).status_code == 302
    url = reverse("consultation:moderation-suggestion", args=[pending.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 302
    spam.refresh_from_db()
    pending.refresh_from_db()
    assert (spam.status, spam.moderation_reason, spam.moderated_by) == (
        Status.REJECTED,
        "Advertising.",
        personas["support_group"],
    )
    assert pending.status == Status.RECEIVED

    client.logout()
    listed = client.get(reverse("consultation:suggestion-list")).content.decode()
    assert "Bins on Fridays" in listed
    assert "Cheap watches" not in listed and "Advertising." not in listed
    assert client.get(reverse("consultation:suggestion-detail", args=[spam.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["forum_lead", "officer", "board_member", "resident"])
def test_only_the_support_group_moderates_suggestions(client, tiny_plan, personas, persona):
    pending = make_suggestion(tiny_plan.safety, status=Status.PENDING)
    client.force_login(personas[persona])
    url = reverse("consultation:moderation-suggestion", args=[pending.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403
    with pytest.raises(PermissionDenied):
        services.suggestion_moderate(suggestion=pending, by=personas[persona], approve=True)
    pending.refresh_from_db()
    assert pending.status == Status.PENDING


def test_a_suggestion_waiting_for_moderation_cannot_be_answered_yet(tiny_plan, personas):
    pending = make_suggestion(tiny_plan.safety, status=Status.PENDING)
    with pytest.raises(ValidationError, match="moderates it first"):
        services.suggestion_update(suggestion=pending, by=personas["support_group"], status=Status.UNDER_CONSIDERATION)


def test_a_decided_suggestion_is_not_moderated_twice(tiny_plan, personas):
    published = make_suggestion(tiny_plan.safety, status=Status.RECEIVED)
    with pytest.raises(ValidationError, match="not waiting for moderation"):
        services.suggestion_moderate(suggestion=published, by=personas["support_group"], approve=False, reason="x")


def test_with_post_moderation_a_confirmed_suggestion_is_published_at_once(tiny_plan, settings):
    settings.COMMENTS_POST_MODERATION = True
    suggestion = make_suggestion(tiny_plan.safety, status=Status.UNCONFIRMED)
    assert services.suggestion_confirm(suggestion=suggestion).status == Status.RECEIVED
