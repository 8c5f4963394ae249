"""Sign-in and password forms: Django's own, with messages that say what to do.

Each field says what to do in its own words ("Enter your username"), never Django's
"This field is required."; the pages show them with the GOV.UK error pattern
(``partnership/templatetags/form_errors.py``).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import forms as auth_forms

from .models import Area

EMAIL_INVALID = "Enter an email address in the correct format, like name@example.com"


class _SaysWhatToDo:
    """Sets each field's "required" message from ``required_messages``; a form sent back loses ``autofocus``.

    Focus then goes to the error summary, as GOV.UK's pattern asks, not to the first box.
    """

    required_messages: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, message in self.required_messages.items():
            self.fields[name].error_messages["required"] = message
        if self.is_bound:
            for field in self.fields.values():
                field.widget.attrs.pop("autofocus", None)


class SignInForm(_SaysWhatToDo, auth_forms.AuthenticationForm):
    required_messages = {"username": "Enter your username", "password": "Enter your password"}
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account is switched off. Ask the LSP Support Group to switch it on again.",
    }


class _NewPasswordMessages(_SaysWhatToDo):
    required_messages = {"new_password1": "Enter a new password", "new_password2": "Enter the new password again"}
    error_messages = {"password_mismatch": "The two new passwords are not the same. Enter the same password twice."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password2"].label = "New password again"
        self.fields["new_password2"].help_text = "The same as above, to be sure it is typed as you meant."


class SetPasswordForm(_NewPasswordMessages, auth_forms.SetPasswordForm):
    """A new password, from the link in a reset email."""


class PasswordChangeForm(_NewPasswordMessages, auth_forms.PasswordChangeForm):
    required_messages = {"old_password": "Enter your current password", **_NewPasswordMessages.required_messages}
    error_messages = {
        **_NewPasswordMessages.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = "Current password"


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": "Enter your email address",
            "invalid": EMAIL_INVALID,
            "max_length": "Your email address must be 254 characters or fewer",
        },
    )


class AreaChoiceField(forms.ModelChoiceField):
    """An area picker whose options name the kind ("Boxmoor ward", "Boxmoor parish")."""

    def label_from_instance(self, obj: Area) -> str:
        return obj.label


def area_choices():
    """The areas a picker offers, by name: just what its options show."""
    return Area.objects.order_by("name", "kind").only("id", "name", "kind")
