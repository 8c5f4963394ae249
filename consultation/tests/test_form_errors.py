"""Every residents' and moderators' form sent back with problems shows the GOV.UK error pattern:
the summary first, "Error: " in the title, each message beside its field in the field's own
words (``partnership/tests/error_pattern.py`` says exactly what is checked)."""

from __future__ import annotations

import pytest
from django import forms
from django.urls import reverse

from consultation.forms import (
    BulkModerationForm,
    CommentForm,
    ConsultationResponseForm,
    MailingListRequestForm,
    ModerationDecisionForm,
    OfficialResponseForm,
    ReportForm,
    RequestUpdateForm,
    SuggestionForm,
    SuggestionManageForm,
    SuggestionModerationForm,
    WorkshopRequestForm,
)
from consultation.models import Comment, Suggestion, WorkshopRequest
from consultation.tests.conftest import make_comment, make_suggestion
from partnership.tests.error_pattern import error_page

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Enter your name", "Enter your email address"


def test_an_empty_comment_names_each_box_to_fill_in(client, tiny_plan, form_data):
    response = client.post(reverse("consultation:theme-comments", args=[tiny_plan.safety.slug]), form_data())
    html = error_page(response, {"id_display_name": NAME, "id_email": EMAIL, "id_body": "Enter your comment"})
    assert "<title>Error: Comments on Safety — LSP Portal</title>" in html
    assert not Comment.objects.exists()


def test_a_comment_with_a_bad_email_address_says_what_the_right_format_is(client, tiny_plan, comment_fields):
    response = client.post(
        reverse("consultation:objective-comments", args=[tiny_plan.objective.pk]), comment_fields(email="jo@")
    )
    error_page(response, {"id_email": "Enter an email address in the correct format, like name@example.com"})


def test_an_empty_reply(client, tiny_plan, form_data):
    comment = make_comment(tiny_plan.safety)
    response = client.post(reverse("consultation:comment-reply", args=[comment.pk]), form_data())
    html = error_page(response, {"id_display_name": NAME, "id_email": EMAIL, "id_body": "Enter your comment"})
    assert "<title>Error: Reply to Resident — LSP Portal</title>" in html


def test_a_report_with_no_reason_chosen_links_to_the_first_reason(client, tiny_plan, form_data):
    comment = make_comment(tiny_plan.safety)
    response = client.post(reverse("consultation:comment-report", args=[comment.pk]), form_data())
    error_page(response, {"id_reason_0": "Select what is wrong with this comment"})


def test_a_form_sent_without_its_token_says_so_without_a_link_and_still_names_the_fields(client, tiny_plan):
    comment = make_comment(tiny_plan.safety)
    response = client.post(reverse("consultation:comment-report", args=[comment.pk]), {"details": ""})
    error_page(
        response,
        {
            None: "This page was open too long, or was not sent from this site. "
            "Your text is kept below: please check it and send it again.",
            "id_reason_0": "Select what is wrong with this comment",
        },
    )


def test_an_empty_official_response(client, tiny_plan, personas):
    comment = make_comment(tiny_plan.safety)
    client.force_login(personas["forum_lead"])
    response = client.post(reverse("consultation:comment-respond", args=[comment.pk]), {"body": "  "})
    error_page(response, {"id_body": "Enter the response"})


def test_an_empty_suggestion(client, tiny_plan, form_data):
    response = client.post(reverse("consultation:suggestion-new"), form_data())
    error_page(
        response,
        {
            "id_theme": "Select the part of the plan your suggestion is about",
            "id_title": "Enter your suggestion in a few words",
            "id_body": "Enter what should change, and why",
            "id_display_name": NAME,
            "id_email": EMAIL,
        },
    )
    assert not Suggestion.objects.exists()


def test_an_empty_workshop_request(client, tiny_plan, form_data):
    response = client.post(reverse("consultation:workshop-request"), form_data())
    error_page(
        response,
        {"id_group_name": "Enter the name of your community group", "id_contact_name": NAME, "id_email": EMAIL},
    )


def test_an_empty_mailing_list_request(client, tiny_plan, form_data):
    response = client.post(reverse("consultation:mailing-list-request"), form_data())
    error_page(
        response,
        {"id_forum": "Select the forum you would like to hear from", "id_name": NAME, "id_email": EMAIL},
    )


def test_an_empty_consultation_response_names_the_required_question_by_its_number(client, site, form_data):
    single = site.questions["single"]  # "Do you feel safe?", the second question, the one required
    response = client.post(site.open.get_absolute_url(), form_data())
    error_page(response, {f"id_q{single.pk}_0": "Select an answer to question 2", "id_email": EMAIL})


def test_moderating_a_comment_with_nothing_chosen_then_rejecting_without_a_reason(client, tiny_plan, personas):
    comment = make_comment(tiny_plan.safety, status=Comment.Status.PENDING)
    client.force_login(personas["support_group"])
    url = reverse("consultation:moderation-comment", args=[comment.pk])
    # (A browser always sends something: its CSRF token. An empty POST is a form not sent.)
    error_page(client.post(url, {"reason": ""}), {"id_decision_0": "Select approve or reject"})
    error_page(
        client.post(url, {"decision": "reject", "reason": ""}),
        {"id_reason": "Enter a reason for rejecting or removing the comment"},
    )


def test_moderating_a_suggestion_with_nothing_chosen(client, tiny_plan, personas):
    suggestion = make_suggestion(tiny_plan.safety, status=Suggestion.Status.PENDING)
    client.force_login(personas["support_group"])
    url = reverse("consultation:moderation-suggestion", args=[suggestion.pk])
    response = client.post(url, {"reason": ""})
    html = error_page(response, {"id_decision_0": "Select whether to publish the suggestion"})
    assert "<title>Error: Moderate a suggestion — LSP Portal</title>" in html


def test_answering_a_suggestion_needs_a_status_and_a_reason_for_a_decision(client, tiny_plan, personas):
    suggestion = make_suggestion(tiny_plan.safety)
    client.force_login(personas["forum_lead"])
    url = reverse("consultation:suggestion-manage", args=[suggestion.pk])
    error_page(client.post(url, {"status": ""}), {"id_status_0": "Select a status"})
    error_page(
        client.post(url, {"status": "adopted", "response": " "}),
        {"id_response": "Enter the partnership's answer: adopted and not adopted need a reason"},
    )


def test_updating_a_request_needs_a_status(client, tiny_plan, personas):
    request = WorkshopRequest.objects.create(
        group_name="Bowls club", contact_name="Val", email="val@example.org", confirmed_at="2015-01-05T10:00Z"
    )
    client.force_login(personas["support_group"])
    response = client.post(reverse("consultation:request-detail", args=["workshop", request.pk]), {"status": ""})
    error_page(response, {"id_status_0": "Select a status"})


def test_a_filter_given_a_value_not_on_its_list_shows_the_summary_too(client, tiny_plan):
    response = client.get(reverse("consultation:consultation-list") + "?state=sometime")
    html = error_page(response, {"id_state": "Select a valid choice. sometime is not one of the available choices."})
    assert "<title>Error: Consultations — LSP Portal</title>" in html


def test_the_form_pages_are_unchanged_until_a_form_is_sent(client, tiny_plan):
    for url in (
        reverse("consultation:theme-comments", args=[tiny_plan.safety.slug]),
        reverse("consultation:suggestion-new"),
        reverse("consultation:workshop-request"),
        reverse("consultation:mailing-list-request"),
        reverse("consultation:consultation-list"),
    ):
        html = client.get(url).content.decode()
        assert "error-summary" not in html and "<title>Error:" not in html, url


# Django's own words, which say what is wrong but not what to do.
GENERIC = {
    str(forms.Field.default_error_messages["required"]),
    str(forms.ChoiceField.default_error_messages["invalid_choice"]),
    str(forms.EmailField.default_validators[0].message),
}


def _messages(form: forms.BaseForm) -> set[str]:
    assert not form.is_valid()
    return {str(message) for messages in form.errors.values() for message in messages}


def test_no_form_falls_back_on_djangos_generic_messages(tiny_plan, site):
    suggestion = make_suggestion(tiny_plan.safety)
    bad_choices = {
        "area": "999999",
        "forum": "999999",
        "theme": "999999",
        "reason": "nonsense",
        "decision": "nonsense",
        "status": "nonsense",
        "email": "jo@",
        "became_objective": "999999",
        "became_action": "999999",
    }
    questions = list(site.questions.values())
    made = [
        lambda data: CommentForm(data, action="/"),
        lambda data: OfficialResponseForm(data, action="/"),
        lambda data: ReportForm(data, action="/"),
        lambda data: ModerationDecisionForm(data, action="/"),
        lambda data: SuggestionModerationForm(data, action="/"),
        lambda data: BulkModerationForm(data, comment_ids=[1]),
        lambda data: ConsultationResponseForm(data, questions=questions, action="/"),
        lambda data: SuggestionForm(data, action="/"),
        lambda data: SuggestionManageForm(data, suggestion=suggestion, action="/"),
        lambda data: WorkshopRequestForm(data, action="/"),
        lambda data: MailingListRequestForm(data, action="/"),
        lambda data: RequestUpdateForm(data, action="/"),
    ]
    for make in made:
        for data in ({}, bad_choices):
            messages = _messages(make(data))
            generic = {m for m in messages if m in GENERIC or m.startswith("Select a valid choice")}
            assert not generic, (type(make(data)).__name__, generic)
