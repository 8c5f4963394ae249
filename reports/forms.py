"""Forms for the support group's annual report pages."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms

from indicators.models import financial_year_label
from partnership.models import CommunityPlan


class BuildReportForm(forms.Form):
    """Which year to build: the plan's years, newest first."""

    year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        error_messages=dict.fromkeys(("required", "invalid_choice"), "Select one of the plan's years"),
    )

    def __init__(self, *args, plan: CommunityPlan, **kwargs):
        super().__init__(*args, **kwargs)
        years = range(plan.end_year, plan.start_year - 1, -1)
        self.fields["year"].choices = [(year, financial_year_label(year)) for year in years]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class IntroductionForm(forms.Form):
    text = forms.CharField(
        label="Chair's introduction for this year",
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"max_length": "The introduction must be 20,000 characters or fewer"},
        help_text=(
            "Leave a blank line between paragraphs; a line starting with a dash is a list item. "
            "Leave it empty to use the plan's own introduction. Build the report again to include a change."
        ),
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_action = action
        self.helper.add_input(Submit("save", "Save the introduction"))
