"""The admin pages open, and status changes made there go through the services."""

import pytest
from django.urls import reverse

from consultation.models import Comment, Suggestion
from consultation.tests.conftest import make_comment, make_suggestion

pytestmark = pytest.mark.django_db

MODELS = [
    "consultation",
    "question",
    "comment",
    "commentreport",
    "moderationaction",
    "suggestion",
    "workshoprequest",
    "mailinglistrequest",
]


def test_every_admin_list_and_the_consultation_form_open(admin_client, site):
    make_comment(site.tiny.safety)
    make_suggestion(site.tiny.safety)
    for model in MODELS:
        assert admin_client.get(reverse(f"admin:consultation_{model}_changelist")).status_code == 200, model
    assert admin_client.get(reverse("admin:consultation_consultation_change", args=[site.open.pk])).status_code == 200
    assert admin_client.get(reverse("admin:consultation_consultation_add")).status_code == 200


def test_the_approve_action_records_the_decision(admin_client, tiny_plan):
    comment = make_comment(tiny_plan.safety, status=Comment.Status.PENDING)
    admin_client.post(
        reverse("admin:consultation_comment_changelist"),
        {"action": "approve_comments", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.status == Comment.Status.PUBLISHED
    assert comment.moderation_actions.get().kind == "approve"


def test_a_decision_in_the_admin_needs_its_reason(admin_client, tiny_plan):
    suggestion = make_suggestion(tiny_plan.safety)
    url = reverse("admin:consultation_suggestion_change", args=[suggestion.pk])
    admin_client.post(url, {"status": "adopted", "response": "", "became_objective": "", "became_action": ""})
    assert Suggestion.objects.get().status == Suggestion.Status.RECEIVED
    admin_client.post(url, {"status": "adopted", "response": "Good idea.", "became_objective": "", "became_action": ""})
    assert Suggestion.objects.get().status == Suggestion.Status.ADOPTED
