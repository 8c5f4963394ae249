"""The GOV.UK error pattern, built once (``partnership/templatetags/form_errors.py``), and the
sign-in and password pages, which use it with messages that say what to do."""

from __future__ import annotations

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.contrib.auth.tokens import default_token_generator
from django.template import Context, Template
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from partnership.models import User
from partnership.templatetags.form_errors import FormError, form_errors
from partnership.tests.error_pattern import error_page

PASSWORD = "the-right-password-2015"


class Sample(forms.Form):
    later = forms.CharField(error_messages={"required": "Enter the later thing"})
    colour = forms.ChoiceField(
        choices=[("red", "Red"), ("blue", "Blue")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a colour"},
    )
    first = forms.CharField(error_messages={"required": "Enter the first thing"})
    version = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": "Reload the page"})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.layout = Layout("first", "colour", "later", "version")

    def clean(self):
        raise forms.ValidationError("Something about the whole form")


def test_the_summary_follows_the_page_links_radios_to_their_first_option_and_hidden_fields_nowhere():
    form = Sample({})
    assert form_errors(form) == [
        FormError("Something about the whole form"),
        FormError("Enter the first thing", "id_first"),
        FormError("Select a colour", "id_colour_0"),
        FormError("Enter the later thing", "id_later"),
        FormError("Reload the page"),
    ]


def test_forms_not_sent_and_missing_forms_add_nothing():
    assert form_errors(None, Sample(), "", Sample({"first": "a", "colour": "red", "later": "b", "version": "1"})) == [
        FormError("Something about the whole form")
    ]
    assert form_errors(None, Sample()) == []


def test_the_tags_render_the_summary_and_the_title_prefix_only_for_a_form_with_problems():
    template = Template("{% load form_errors %}<title>{% error_title_prefix a b %}Page</title>{% error_summary a b %}")
    quiet = template.render(Context({"a": Sample(), "b": None}))
    assert quiet.strip() == "<title>Page</title>"
    html = template.render(Context({"a": Sample(), "b": Sample({"first": "x"})}))
    assert html.startswith("<title>Error: Page</title>")
    assert '<div class="error-summary" id="error-summary" tabindex="-1">' in html
    assert '<h2 class="error-summary-title">There is a problem</h2>' in html
    assert "<li>Something about the whole form</li>" in html
    assert '<li><a href="#id_colour_0">Select a colour</a></li>' in html
    assert '<script src="/static/js/error-summary.js" defer></script>' in html


# --- Sign-in and passwords -------------------------------------------------------------------------


@pytest.fixture
def officer(db):
    return User.objects.create_user("officer", email="officer@example.org", password=PASSWORD)


@pytest.mark.django_db
def test_signing_in_with_nothing_typed_says_what_to_enter(client):
    response = client.post(reverse("login"), {"username": "", "password": ""})
    html = error_page(response, {"id_username": "Enter your username", "id_password": "Enter your password"})
    assert "<title>Error: Sign in — LSP Portal</title>" in html
    assert "autofocus" not in html  # focus goes to the summary, not the first box


def test_a_wrong_password_is_a_problem_with_the_form_as_a_whole(client, officer):
    response = client.post(reverse("login"), {"username": "officer", "password": "wrong"})
    error_page(response, {None: "Enter a correct username and password. Both are case-sensitive."})
    assert "Please enter a correct" not in response.content.decode()


@pytest.mark.django_db
def test_the_sign_in_page_is_unchanged_until_it_is_sent(client):
    html = client.get(reverse("login")).content.decode()
    assert "<title>Sign in — LSP Portal</title>" in html
    assert "error-summary" not in html
    assert "autofocus" in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        ("not-an-address", "Enter an email address in the correct format, like name@example.com"),
    ],
)
def test_the_password_reset_asks_for_an_email_address_in_the_right_format(client, email, message):
    response = client.post(reverse("password_reset"), {"email": email})
    html = error_page(response, {"id_email": message})
    assert "<title>Error: Reset your password — LSP Portal</title>" in html


def test_changing_the_password_says_what_each_box_needs(client, officer):
    client.force_login(officer)
    response = client.post(reverse("password_change"), {})
    error_page(
        response,
        {
            "id_old_password": "Enter your current password",
            "id_new_password1": "Enter a new password",
            "id_new_password2": "Enter the new password again",
        },
    )
    response = client.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": "a-new-password-2016", "new_password2": "another-2016"},
    )
    error_page(
        response,
        {
            "id_old_password": "Your current password is not right. Enter it again.",
            "id_new_password2": "The two new passwords are not the same. Enter the same password twice.",
        },
    )
    officer.refresh_from_db()
    assert officer.check_password(PASSWORD)


def test_choosing_a_new_password_from_the_emailed_link_says_what_each_box_needs(client, officer):
    link = reverse(
        "password_reset_confirm",
        args=[urlsafe_base64_encode(force_bytes(officer.pk)), default_token_generator.make_token(officer)],
    )
    form_url = client.get(link)["Location"]  # Django keeps the token in the session, then shows the form
    response = client.post(form_url, {"new_password1": "", "new_password2": ""})
    html = error_page(
        response, {"id_new_password1": "Enter a new password", "id_new_password2": "Enter the new password again"}
    )
    assert "<title>Error: Choose a new password — LSP Portal</title>" in html
