"""Who may moderate and respond, as a matrix: roles × approve / reject / respond, in services and pages.

The personas (root conftest): the officer works for the police, a partner of the safety
forum; the forum lead leads the safety forum; support group, board member and admin
are partnership-wide. The comment is on the safety theme.
"""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from consultation import permissions, services
from consultation.models import Comment
from consultation.tests.conftest import make_comment, make_suggestion

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "officer", "forum_lead", "support_group", "board_member", "admin"]
#                      approve  reject  respond
MATRIX = {
    "anonymous": (False, False, False),
    "resident": (False, False, False),
    "officer": (False, False, False),
    "forum_lead": (False, False, True),
    "support_group": (True, True, True),
    "board_member": (False, False, False),
    "admin": (True, True, False),
}


@pytest.mark.parametrize("role", ROLES)
def test_services_allow_each_role_exactly_what_the_matrix_says(tiny_plan, personas, role):
    user = personas[role]
    may_approve, may_reject, may_respond = MATRIX[role]
    pending = make_comment(tiny_plan.safety, status=Comment.Status.PENDING)
    published = make_comment(tiny_plan.safety)
    cases = [
        (may_approve, lambda: services.comment_approve(comment=pending, by=user)),
        (may_reject, lambda: services.comment_reject(comment=published, by=user, reason="Policy.")),
        (may_respond, lambda: services.comment_respond(comment=make_comment(tiny_plan.safety), by=user, body="Hi")),
    ]
    for allowed, act in cases:
        if allowed:
            act()
        else:
            with pytest.raises(PermissionDenied):
                act()
    assert permissions.can_moderate(user) == may_approve


@pytest.mark.parametrize("role", ROLES)
def test_pages_allow_each_role_exactly_what_the_matrix_says(client, tiny_plan, personas, role):
    may_moderate, _, may_respond = MATRIX[role]
    if role != "anonymous":
        client.force_login(personas[role])
    comment = make_comment(tiny_plan.safety, status=Comment.Status.PENDING)
    published = make_comment(tiny_plan.safety)
    pages = {
        reverse("consultation:moderation-queue"): may_moderate,
        reverse("consultation:moderation-comment", args=[comment.pk]): may_moderate,
        reverse("consultation:comment-respond", args=[published.pk]): may_respond,
    }
    for url, allowed in pages.items():
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        else:
            assert response.status_code == (200 if allowed else 403), (url, role)
    # A refused decision changes nothing.
    response = client.post(
        reverse("consultation:moderation-comment", args=[comment.pk]), {"decision": "approve", "reason": ""}
    )
    comment.refresh_from_db()
    assert (comment.status == Comment.Status.PUBLISHED) == may_moderate
    # The public page offers the links only to those who may use them.
    html = client.get(reverse("consultation:theme-comments", args=[tiny_plan.safety.slug])).content.decode()
    assert (f'href="/comments/{published.pk}/respond/"' in html) == may_respond
    assert (f'href="/moderation/comments/{published.pk}/"' in html) == may_moderate


def test_a_forum_lead_responds_only_on_their_own_forums_themes(client, tiny_plan, personas):
    on_environment = make_comment(tiny_plan.environment)
    with pytest.raises(PermissionDenied):
        services.comment_respond(comment=on_environment, by=personas["forum_lead"], body="Not ours")
    client.force_login(personas["forum_lead"])
    assert client.get(reverse("consultation:comment-respond", args=[on_environment.pk])).status_code == 403


def test_a_forum_lead_responds_on_consultations_their_forum_leads(site, personas):
    comment = make_comment(site.open)
    response = services.comment_respond(comment=comment, by=personas["forum_lead"], body="Thanks")
    assert response.responding_forum == site.tiny.safety_forum
    other = make_comment(site.upcoming, status=Comment.Status.PUBLISHED)  # no lead forum
    with pytest.raises(PermissionDenied):
        services.comment_respond(comment=other, by=personas["forum_lead"], body="No")


@pytest.mark.parametrize(
    ("role", "sees_list", "manages_safety", "manages_environment"),
    [
        ("officer", 403, 404, 404),
        ("forum_lead", 200, 200, 404),
        ("support_group", 200, 200, 200),
        ("board_member", 403, 404, 404),
        ("admin", 200, 200, 200),
    ],
)
def test_who_answers_suggestions(client, tiny_plan, personas, role, sees_list, manages_safety, manages_environment):
    client.force_login(personas[role])
    safety = make_suggestion(tiny_plan.safety)
    environment = make_suggestion(tiny_plan.environment)
    assert client.get(reverse("consultation:suggestion-manage-list")).status_code == sees_list
    assert client.get(reverse("consultation:suggestion-manage", args=[safety.pk])).status_code == manages_safety
    assert client.get(reverse("consultation:suggestion-manage", args=[environment.pk])).status_code == (
        manages_environment
    )


@pytest.mark.parametrize(
    ("role", "status"),
    [("officer", 403), ("forum_lead", 403), ("support_group", 200), ("board_member", 403), ("admin", 200)],
)
def test_who_handles_workshop_and_mailing_list_requests(client, tiny_plan, personas, role, status):
    client.force_login(personas[role])
    assert client.get(reverse("consultation:request-queue")).status_code == status
