"""Residents' forms, and the small forms the support group and forum leads use.

Every public form is a ``ResidentForm``: it carries a honeypot box that people never
see (hidden from sight and from assistive technology, out of the tab order, never
autofilled) and a signed token that refuses a form sent back faster than a person
could fill it in (``FORM_MIN_FILL_SECONDS``, 3 by default). Both refuse with a message
and keep what was typed. The token also carries a random nonce, different for every
form handed out (the page cache fills in a fresh one for each visitor): the services
accept each nonce once, so the same form sent twice creates one thing and one email.
Text is plain: it is stored as typed (line endings made ``\\n``) and always escaped when
shown.
"""

from __future__ import annotations

import re
import secrets
import time
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout, Submit
from django import forms
from django.conf import settings
from django.core import signing

from partnership.forms import EMAIL_INVALID, AreaChoiceField, area_choices
from partnership.models import CommunityPlan, Forum
from themes.models import Action, Objective, Theme

from .models import BODY_MAX_LENGTH, Choice, Question, RequestStatus, Suggestion
from .selectors import RATING_LABELS
from .services import DECIDED, AnswerInput
from .tokens import FORM_MAX_AGE

STAMP_SALT = "consultation.form-started"
STAMP_MAX_AGE_SECONDS = FORM_MAX_AGE.total_seconds()
HONEYPOT = "extra_comments"


def min_fill_seconds() -> float:
    return float(settings.FORM_MIN_FILL_SECONDS)


@dataclass(frozen=True)
class FormToken:
    """When a form was handed out, and the nonce that lets it be accepted only once."""

    started: float
    nonce: str


def form_stamp(started: float | None = None) -> str:
    """A signed, one-time token: when the form was handed out, and a random nonce."""
    millis = int((time.time() if started is None else started) * 1000)
    return signing.dumps([millis, secrets.token_urlsafe(12)], salt=STAMP_SALT)


def read_form_token(value: str) -> FormToken | None:
    """The token's contents; None if it was altered, or never ours."""
    try:
        millis, nonce = signing.loads(value or "", salt=STAMP_SALT)
        if not isinstance(nonce, str) or not 0 < len(nonce) <= 32:
            return None
        return FormToken(int(millis) / 1000, nonce)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def _read_stamp(value: str) -> float | None:
    token = read_form_token(value)
    return None if token is None else token.started


# --- Fields --------------------------------------------------------------------------------------


class PlainTextField(forms.CharField):
    """Plain text as typed. Line endings become ``\\n`` before the length is checked, so a
    5,000-character limit means the same in every browser. Null characters are refused
    (Django's ``ProhibitNullCharactersValidator``)."""

    widget = forms.Textarea

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if value else value


class DisplayNameField(forms.CharField):
    """The name shown publicly: one line, spaces tidied, and not an email address."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("label", "Your name")
        kwargs.setdefault("help_text", "Shown with what you write. Your first name or a name you are known by is fine.")
        kwargs.setdefault(
            "error_messages",
            {"required": "Enter your name", "max_length": "Your name must be %(limit_value)s characters or fewer"},
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        return re.sub(r"\s+", " ", super().to_python(value) or "").strip()

    def validate(self, value):
        super().validate(value)
        if "@" in value:
            raise forms.ValidationError(
                "Use a name, not an email address: your name is shown publicly.", code="email_as_name"
            )

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "autocomplete": "nickname"}


def email_field(help_text: str) -> forms.EmailField:
    return forms.EmailField(
        label="Your email address",
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": EMAIL_INVALID,
            "max_length": "Your email address must be %(limit_value)s characters or fewer",
        },
    )


# Messages say what to do, in the field's own words ("Enter your comment"), never Django's
# "This field is required." (consultation/tests/test_form_errors.py checks every form).
def text_messages(what: str, max_length: int, required: str = "") -> dict[str, str]:
    """For a text box: what to do when it is empty, and how long ``what`` ("Your comment") may be."""
    messages = {"max_length": f"{what} must be {max_length:,} characters or fewer"}
    return {"required": required, **messages} if required else messages


def choice_messages(required: str) -> dict[str, str]:
    """A choice left empty, or one that is not on the list (a tampered form): the same words, saying what to do."""
    return {"required": required, "invalid_choice": required, "invalid_pk_value": required}


def area_field(label: str = "Your area (optional)") -> forms.ModelChoiceField:
    return AreaChoiceField(
        queryset=area_choices(),
        required=False,
        label=label,
        empty_label="Prefer not to say",
        error_messages=choice_messages("Select an area from the list, or “Prefer not to say”"),
    )


EMAIL_PRIVATE = (
    "Private: we use it only to confirm that you sent this and to tell you what happens to it. It is never shown."
)


# --- The residents' form base ---------------------------------------------------------------------


class ResidentForm(forms.Form):
    """A public form with spam checks that cost residents nothing."""

    extra_comments = forms.CharField(
        required=False,
        label="Leave this box empty",
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    started = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial["started"] = form_stamp()
        self.token: FormToken | None = None
        self.helper = FormHelper(self)
        self.helper.form_method = "post"
        self.helper.attrs = {"novalidate": ""}

    def spam_checks(self) -> list:
        """The layout pieces for the honeypot and the timestamp: always last, before the button."""
        return [
            Div(HONEYPOT, css_class="visually-hidden", aria_hidden="true"),
            Field("started"),
        ]

    def _fresh_stamp(self) -> None:
        data = self.data.copy()
        data[self.add_prefix("started")] = form_stamp()
        self.data = data

    def clean(self):
        cleaned = super().clean()
        if cleaned.get(HONEYPOT):
            raise forms.ValidationError(
                "Please leave the last box empty: it is there to catch automated spam.", code="honeypot"
            )
        token = read_form_token(cleaned.get("started", ""))
        if token is None or time.time() - token.started > STAMP_MAX_AGE_SECONDS:
            self._fresh_stamp()
            raise forms.ValidationError(
                "This page was open too long, or was not sent from this site. "
                "Your text is kept below: please check it and send it again.",
                code="stale",
            )
        if time.time() - token.started < min_fill_seconds():
            raise forms.ValidationError(
                "That was sent faster than a person could type it. Please check your text below and send it again.",
                code="too_fast",
            )
        self.token = token
        return cleaned

    @property
    def nonce(self) -> str:
        """The valid form's one-time nonce (see ``services.submission_once``)."""
        if self.token is None:
            raise ValueError("Only a valid form has a nonce.")
        return self.token.nonce


def _mentions_email(text: str, email: str) -> bool:
    return bool(email) and email.strip().lower() in text.lower()


# --- Comments -------------------------------------------------------------------------------------


class CommentForm(ResidentForm):
    display_name = DisplayNameField()
    email = email_field(EMAIL_PRIVATE)
    area = area_field()
    body = PlainTextField(
        label="Your comment",
        max_length=BODY_MAX_LENGTH,
        help_text="Plain text, up to 5,000 characters. Web addresses are shown as text, not as links.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=text_messages("Your comment", BODY_MAX_LENGTH, "Enter your comment"),
    )

    def __init__(self, *args, action: str, submit_label: str = "Send comment", **kwargs):
        super().__init__(*args, **kwargs)
        self.submit_label = submit_label
        self.helper.form_action = action
        self.helper.layout = Layout(
            "display_name",
            "email",
            "area",
            "body",
            *self.spam_checks(),
            Submit("send", submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        if _mentions_email(cleaned.get("body", ""), cleaned.get("email", "")):
            self.add_error("body", "Please take your email address out of your comment: comments are public.")
        return cleaned


class OfficialResponseForm(forms.Form):
    body = PlainTextField(
        label="Response on behalf of the partnership",
        max_length=BODY_MAX_LENGTH,
        help_text="Published at once, with your name and your forum. Plain text, up to 5,000 characters.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=text_messages("The response", BODY_MAX_LENGTH, "Enter the response"),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_action = action
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout("body", Submit("send", "Publish the response"))


REPORT_REASONS = [
    ("abusive", "It is abusive, offensive or discriminatory"),
    ("personal", "It gives someone's personal details"),
    ("spam", "It is spam or advertising"),
    ("off_topic", "It is off-topic"),
    ("other", "Something else"),
]


class ReportForm(ResidentForm):
    reason = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=REPORT_REASONS,
        widget=forms.RadioSelect,
        error_messages=choice_messages("Select what is wrong with this comment"),
    )
    details = forms.CharField(
        label="Anything else the moderators should know (optional)",
        required=False,
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=text_messages("What else the moderators should know", 400),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = action
        self.helper.layout = Layout("reason", "details", *self.spam_checks(), Submit("send", "Report this comment"))

    @property
    def reason_text(self) -> str:
        label = dict(REPORT_REASONS)[self.cleaned_data["reason"]]
        details = self.cleaned_data.get("details", "").strip()
        return f"{label}: {details}" if details else label


# --- Moderation -----------------------------------------------------------------------------------


class ModerationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve (publish, or restore)"), ("reject", "Reject (or remove, if published)")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Reason",
        required=False,
        max_length=1000,
        help_text="Needed to reject or remove. Recorded with the decision; quote the moderation policy.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages=text_messages("The reason", 1000),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_action = action
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout("decision", "reason", Submit("save", "Record the decision"))
        self.fields["decision"].error_messages.update(choice_messages(self.decision_needed))

    decision_needed = "Select approve or reject"
    reason_needed = "Enter a reason for rejecting or removing the comment"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", self.reason_needed)
        return cleaned


class SuggestionModerationForm(ModerationDecisionForm):
    """The same decision for a suggestion: publish it, or keep it off the site with a reason."""

    decision_needed = "Select whether to publish the suggestion"
    reason_needed = "Enter a reason for not publishing the suggestion"

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, action=action, **kwargs)
        self.fields["decision"].choices = [("approve", "Publish it"), ("reject", "Do not publish it")]
        self.fields["reason"].help_text = "Needed not to publish it. Recorded with the decision, never shown publicly."


class BulkModerationForm(forms.Form):
    """The queue's checkboxes and buttons; the table renders the inputs itself."""

    comments = forms.TypedMultipleChoiceField(
        coerce=int,
        choices=[],
        error_messages={
            "required": "Select at least one comment",
            "invalid_choice": "Select comments from the queue: one of them is no longer there",
        },
    )
    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Reject")],
        error_messages=choice_messages("Select approve or reject"),
    )
    reason = forms.CharField(required=False, max_length=1000, error_messages=text_messages("The reason", 1000))

    def __init__(self, *args, comment_ids: list[int], **kwargs):
        # The queue's own ids (``bulk-reason``…), so that the error summary links to its inputs.
        super().__init__(*args, auto_id="bulk-%s", **kwargs)
        self.fields["comments"].choices = [(pk, pk) for pk in comment_ids]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "reject" and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Enter a reason for rejecting or removing the comments")
        return cleaned


# --- Consultation responses -----------------------------------------------------------------------


class ConsultationResponseForm(ResidentForm):
    """The consultation's questions, one field each (``q<pk>``), and who is answering."""

    email = email_field(
        "Private: we use it to confirm your response, so that each person is counted once. It is never shown."
    )
    area = area_field()

    def __init__(self, *args, questions: list[Question], action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self._choices: dict[int, Choice] = {}
        names = []
        for number, question in enumerate(questions, start=1):
            name = f"q{question.pk}"
            self.fields[name] = self._field_for(question, number)
            names.append(name)
        self.helper.form_action = action
        self.helper.layout = Layout(
            Fieldset("Your answers", *names, css_class="question-fieldset"),
            Fieldset("About you", "email", "area"),
            *self.spam_checks(),
            Submit("send", "Send my response"),
        )

    def _field_for(self, question: Question, number: int) -> forms.Field:
        common = {
            "label": f"{number}. {question.text}",
            "required": question.required,
            "help_text": question.help_text,
        }
        if question.kind == Question.Kind.FREE_TEXT:
            return PlainTextField(
                max_length=BODY_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 4}),
                error_messages=text_messages(
                    f"Your answer to question {number}", BODY_MAX_LENGTH, f"Enter your answer to question {number}"
                ),
                **common,
            )
        if question.kind == Question.Kind.RATING:
            return forms.TypedChoiceField(
                coerce=int,
                empty_value=None,
                choices=list(RATING_LABELS.items()),
                widget=forms.RadioSelect,
                error_messages=choice_messages(f"Select a rating for question {number}"),
                **common,
            )
        choices = list(question.choices.all())
        self._choices.update({choice.pk: choice for choice in choices})
        options = [(choice.pk, choice.text) for choice in choices]
        if question.kind == Question.Kind.MULTIPLE:
            return forms.TypedMultipleChoiceField(
                coerce=int,
                choices=options,
                widget=forms.CheckboxSelectMultiple,
                error_messages=choice_messages(f"Select at least one answer to question {number}"),
                **common,
            )
        return forms.TypedChoiceField(
            coerce=int,
            empty_value=None,
            choices=options,
            widget=forms.RadioSelect,
            error_messages=choice_messages(f"Select an answer to question {number}"),
            **common,
        )

    def answers(self) -> list[AnswerInput]:
        answers = []
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if question.kind == Question.Kind.FREE_TEXT:
                answers.append(AnswerInput(question, text=value or ""))
            elif question.kind == Question.Kind.RATING:
                answers.append(AnswerInput(question, rating=value))
            elif question.kind == Question.Kind.MULTIPLE:
                answers.append(AnswerInput(question, choices=tuple(self._choices[pk] for pk in value or [])))
            else:
                answers.append(AnswerInput(question, choices=(self._choices[value],) if value else ()))
        return answers

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email", "")
        for question in self.questions:
            text = cleaned.get(f"q{question.pk}")
            if question.kind == Question.Kind.FREE_TEXT and text and _mentions_email(text, email):
                self.add_error(f"q{question.pk}", "Please take your email address out of your answer.")
        return cleaned


# --- Suggestions ----------------------------------------------------------------------------------


def _current_themes():
    plan = CommunityPlan.objects.current()
    themes = Theme.objects.filter(plan=plan) if plan is not None else Theme.objects.none()
    return themes.order_by("number").only("id", "number", "title", "slug", "lead_forum_id", "plan_id")


class SuggestionForm(ResidentForm):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        label="Which part of the plan is it about?",
        empty_label="Choose a theme",
        help_text="Your suggestion goes to the forum that leads this theme.",
        error_messages=choice_messages("Select the part of the plan your suggestion is about"),
    )
    area = area_field("Which area is it about? (optional)")
    title = forms.CharField(
        label="Your suggestion in a few words",
        max_length=200,
        error_messages=text_messages("Your suggestion in a few words", 200, "Enter your suggestion in a few words"),
    )
    body = PlainTextField(
        label="Tell us more",
        max_length=BODY_MAX_LENGTH,
        help_text="What should change, and why? Plain text, up to 5,000 characters.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=text_messages("What should change", BODY_MAX_LENGTH, "Enter what should change, and why"),
    )
    display_name = DisplayNameField()
    email = email_field(EMAIL_PRIVATE)

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = _current_themes()
        self.helper.form_action = action
        self.helper.layout = Layout(
            "theme",
            "area",
            "title",
            "body",
            "display_name",
            "email",
            *self.spam_checks(),
            Submit("send", "Send my suggestion"),
        )

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email", "")
        for name in ("title", "body"):
            if _mentions_email(cleaned.get(name, ""), email):
                self.add_error(name, "Please take your email address out: suggestions are published.")
        return cleaned


class SuggestionManageForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[(value, label) for value, label in Suggestion.Status.choices if value not in Suggestion.UNPUBLISHED],
        widget=forms.RadioSelect,
        error_messages=choice_messages("Select a status"),
    )
    response = PlainTextField(
        label="The partnership's answer",
        required=False,
        max_length=BODY_MAX_LENGTH,
        help_text="Published with the status. Needed for adopted and not adopted: say why.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=text_messages("The partnership's answer", BODY_MAX_LENGTH),
    )
    became_objective = forms.ModelChoiceField(
        queryset=Objective.objects.none(),
        required=False,
        label="It became this objective (if adopted)",
        empty_label="None",
        error_messages=choice_messages("Select one of this theme's objectives, or none"),
    )
    became_action = forms.ModelChoiceField(
        queryset=Action.objects.none(),
        required=False,
        label="Or this action (if adopted)",
        empty_label="None",
        error_messages=choice_messages("Select one of this theme's actions, or none"),
    )

    def __init__(self, *args, suggestion: Suggestion, action: str, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "status": suggestion.status,
                "response": suggestion.response,
                "became_objective": suggestion.became_objective_id,
                "became_action": suggestion.became_action_id,
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["became_objective"].queryset = Objective.objects.filter(theme_id=suggestion.theme_id).order_by(
            "order", "pk"
        )
        self.fields["became_action"].queryset = (
            Action.objects.filter(objective__theme_id=suggestion.theme_id)
            .select_related("objective")
            .order_by("objective__order", "order", "pk")
        )
        self.helper = FormHelper(self)
        self.helper.form_action = action
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout(
            "status", "response", "became_objective", "became_action", Submit("save", "Save and publish")
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") in DECIDED and not cleaned.get("response", "").strip():
            self.add_error("response", "Enter the partnership's answer: adopted and not adopted need a reason")
        return cleaned


# --- Getting involved -----------------------------------------------------------------------------


class WorkshopRequestForm(ResidentForm):
    group_name = forms.CharField(
        label="Your community group",
        max_length=200,
        error_messages=text_messages("The name of your community group", 200, "Enter the name of your community group"),
    )
    contact_name = DisplayNameField(
        label="Your name", max_length=120, help_text="So that we know whom to ask for. Not published."
    )
    email = email_field("Private: we use it to confirm your request and to arrange the workshop.")
    area = area_field("Where does the group meet? (optional)")
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        label="Which parts of the plan interest the group? (optional)",
        widget=forms.CheckboxSelectMultiple,
        error_messages=dict.fromkeys(("invalid_choice", "invalid_pk_value"), "Select themes from the list"),
    )
    message = PlainTextField(
        label="What would you like the workshop to cover? (optional)",
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=text_messages("What the workshop should cover", BODY_MAX_LENGTH),
    )
    preferred_dates = forms.CharField(
        label="Dates and times that suit the group (optional)",
        required=False,
        max_length=300,
        help_text="For example: weekday evenings in March.",
        error_messages=text_messages("The dates and times", 300),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = _current_themes()
        self.helper.form_action = action
        self.helper.layout = Layout(
            "group_name",
            "contact_name",
            "email",
            "area",
            "themes",
            "message",
            "preferred_dates",
            *self.spam_checks(),
            Submit("send", "Request a workshop"),
        )


class MailingListRequestForm(ResidentForm):
    forum = forms.ModelChoiceField(
        queryset=Forum.objects.none(),
        label="Which forum would you like to hear from?",
        empty_label="Choose a forum",
        error_messages=choice_messages("Select the forum you would like to hear from"),
    )
    name = DisplayNameField(label="Your name", max_length=120, help_text="Not published.")
    email = email_field("Private: used only for the forum's mailing list, and to confirm you asked to join it.")

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        plan = CommunityPlan.objects.current()
        forums = Forum.objects.theme_leads().filter(plan=plan) if plan else Forum.objects.none()
        self.fields["forum"].queryset = forums.order_by("name")
        self.helper.form_action = action
        self.helper.layout = Layout("forum", "name", "email", *self.spam_checks(), Submit("send", "Ask to join"))


class RequestUpdateForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=RequestStatus.choices,
        widget=forms.RadioSelect,
        error_messages=choice_messages("Select a status"),
    )
    note = forms.CharField(
        label="Note (internal)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only the support group sees this.",
        error_messages=text_messages("The note", 2000),
    )

    def __init__(self, *args, action: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.form_action = action
        self.helper.attrs = {"novalidate": ""}
        self.helper.layout = Layout("status", "note", Submit("save", "Save"))
