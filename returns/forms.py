"""Forms for the partners' side: the quarterly return and the workflow decisions."""

from __future__ import annotations

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms

from indicators.formatting import parse_number
from indicators.models import Measurement, ReportingPeriod
from indicators.services import value_text
from partnership.templatetags.form_errors import FormError
from themes.models import ProgressStatus

from .models import ReturnValue
from .selectors import ReturnForm
from .services import NARRATIVE_FIELDS, ProgressInput, ValueInput


class FlexibleDecimalField(forms.CharField):
    """A number as people type it: “1,234.5”, “ 12 ”, “-3”, “£1,250,000”, “12.5%”. Blank is allowed (a draft)."""

    default_error_messages = {"invalid": "Enter a number, like 1234 or 56.7."}

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value) -> Decimal | None:
        text = super().to_python(value).strip()
        if text == "":
            return None
        number = parse_number(text)
        if number is None or abs(number) >= Decimal("1e10"):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return number

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off", "maxlength": "30"}


class QuarterlyReturnForm(forms.Form):
    """The whole return: values (borough-wide and per area), progress and narrative.

    Field names are the keys the services file problems under (``value-<indicator>-<area>``)
    followed by the part: ``-value``, ``-note``, ``-status``, ``-quality``, ``-reason``.
    An indicator reported by area also has ``indicator-<pk>-areas-reason``: one reason for
    every area left with neither a value nor a reason of its own.
    """

    #: How the error summary names the borough-wide value of an indicator.
    WHOLE_AREA = "whole area"

    version = forms.IntegerField(widget=forms.HiddenInput)
    progress_summary = forms.CharField(
        label="Progress this quarter", required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    achievements = forms.CharField(
        label="Achievements", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    risks_and_issues = forms.CharField(
        label="Risks and issues", required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    case_study = forms.CharField(
        label="Case study",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        help_text="A short story of one person or place the partnership's work made a difference to.",
    )

    def __init__(self, *args, data_model: ReturnForm, **kwargs):
        self.data_model = data_model
        ret = data_model.quarterly_return
        initial = {"version": ret.version, **{name: getattr(ret, name) for name in NARRATIVE_FIELDS}}
        for line in data_model.value_lines:
            draft = line.draft
            initial[f"{line.key}-value"] = value_text(draft.value) if draft else ""
            initial[f"{line.key}-reason"] = draft.no_value_reason if draft else ""
            if line.area is None:
                initial[f"{line.key}-note"] = draft.note if draft else ""
                initial[f"{line.key}-status"] = draft.status if draft else Measurement.Status.FINAL
                initial[f"{line.key}-quality"] = draft.quality if draft else Measurement.Quality.GOOD
        for line in data_model.progress:
            initial[f"{line.key}-status"] = line.draft_status
            initial[f"{line.key}-note"] = line.draft_note
        super().__init__(*args, initial=initial, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

        for line in data_model.value_lines:
            label = line.area.name if line.area else f"{line.indicator.title} ({line.indicator.get_unit_display()})"
            self.fields[f"{line.key}-value"] = FlexibleDecimalField(label=label)
            self.fields[f"{line.key}-reason"] = forms.CharField(
                label="If there is no value, why" if line.area is None else f"{line.area.name}: why no value",
                required=False,
                max_length=300,
            )
            if line.area is None:
                self.fields[f"{line.key}-note"] = forms.CharField(
                    label="Note",
                    required=False,
                    max_length=2000,
                    widget=forms.Textarea(attrs={"rows": 2}),
                    help_text="Required if the value is off target (red).",
                )
                self.fields[f"{line.key}-status"] = forms.ChoiceField(
                    # Final first: it is the default, and the list should start with it.
                    label="Final or provisional",
                    choices=[(Measurement.Status.FINAL, "Final"), (Measurement.Status.PROVISIONAL, "Provisional")],
                )
                self.fields[f"{line.key}-quality"] = forms.ChoiceField(
                    label="Data quality", choices=Measurement.Quality.choices
                )
        for block in data_model.blocks:
            if block.areas:
                self.fields[self.areas_reason_name(block.indicator)] = forms.CharField(
                    label=f"Why there are no values for the {block.indicator.area_kind_plural} left empty",
                    help_text=f"Written once here, it is saved for every {block.indicator.get_area_kind_display()} "
                    "above that has no value and no reason.",
                    required=False,
                    max_length=300,
                )
        for line in data_model.progress:
            self.fields[f"{line.key}-status"] = forms.ChoiceField(
                label=f"Status: {line.label}",
                required=False,
                choices=[("", "No change"), *ProgressStatus.choices],
            )
            self.fields[f"{line.key}-note"] = forms.CharField(
                label=f"Progress note: {line.label}", required=False, max_length=2000
            )

    def clean(self):
        cleaned = super().clean()
        for line in self.data_model.value_lines:
            value = cleaned.get(f"{line.key}-value")
            indicator = line.indicator
            if value is None:
                continue
            if indicator.min_value is not None and value < indicator.min_value:
                self.add_error(f"{line.key}-value", f"Must be at least {value_text(indicator.min_value)}.")
            elif indicator.max_value is not None and value > indicator.max_value:
                self.add_error(f"{line.key}-value", f"Must be at most {value_text(indicator.max_value)}.")
        return cleaned

    @staticmethod
    def areas_reason_name(indicator) -> str:
        return f"indicator-{indicator.pk}-areas-reason"

    # For the template: each line's bound fields beside its context.

    def blocks(self) -> list[dict]:
        def parts(line, names):
            found = {"line": line}
            for name in names:
                bound = self[f"{line.key}-{name}"]
                if line.area is not None and bound.errors:
                    # The area table draws its inputs itself: tie each to the message beside it.
                    bound.field.widget.attrs["aria-describedby"] = f"{bound.auto_id}_error"
                found[name] = bound
            return found

        found = []
        for block in self.data_model.blocks:
            areas = [parts(line, ("value", "reason")) for line in block.areas]
            areas_reason = self[self.areas_reason_name(block.indicator)] if block.areas else None
            found.append(
                {
                    "indicator": block.indicator,
                    "borough": parts(block.borough, ("value", "note", "status", "quality", "reason")),
                    "areas": areas,
                    "areas_reason": areas_reason,
                    # The area values fold away; a problem inside them keeps them open.
                    "areas_open": bool(
                        (areas_reason and areas_reason.errors)
                        or any(w["value"].errors or w["reason"].errors for w in areas)
                    ),
                }
            )
        return found

    def summary_errors(self) -> list[FormError]:
        """The error summary's lines in the page's order, each value's naming its indicator and area:
        “Recorded crime — Boxmoor: enter a value, or say why there is none”."""
        if not self.is_bound or not self.errors:
            return []
        found = [FormError(str(message)) for message in self.non_field_errors()]
        listed: set[str] = set()

        def add(name: str, prefix: str = "") -> None:
            listed.add(name)
            bound = self[name]
            target = "" if bound.is_hidden else bound.id_for_label
            for message in bound.errors:
                text = f"{prefix}: {message[:1].lower()}{message[1:]}" if prefix else str(message)
                found.append(FormError(text, target))

        for block in self.data_model.blocks:
            title = block.indicator.title
            for part in ("value", "status", "quality", "note", "reason"):
                add(f"{block.borough.key}-{part}", f"{title} — {self.WHOLE_AREA}")
            if block.areas:
                add(self.areas_reason_name(block.indicator), title)
            for line in block.areas:
                for part in ("value", "reason"):
                    add(f"{line.key}-{part}", f"{title} — {line.area.name}")
        for line in self.data_model.progress:
            add(f"{line.key}-status", line.label)
            add(f"{line.key}-note", line.label)
        for name in (*NARRATIVE_FIELDS, *self.fields):  # the quarter in words, then anything else
            if name in self.fields and name not in listed:
                add(name)
        return found

    def progress_rows(self) -> list[dict]:
        return [
            {"line": line, "status": self[f"{line.key}-status"], "note": self[f"{line.key}-note"]}
            for line in self.data_model.progress
        ]

    # What the services take.

    def value_inputs(self) -> list[ValueInput]:
        data = self.cleaned_data
        inputs = []
        for line in self.data_model.value_lines:
            borough = line.area is None
            reason = data.get(f"{line.key}-reason", "")
            if not borough and data.get(f"{line.key}-value") is None and not reason.strip():
                reason = data.get(self.areas_reason_name(line.indicator), "")
            inputs.append(
                ValueInput(
                    indicator_id=line.indicator.pk,
                    area_id=line.area.pk if line.area else None,
                    value=data.get(f"{line.key}-value"),
                    no_value_reason=reason,
                    note=data.get(f"{line.key}-note", "") if borough else "",
                    status=data.get(f"{line.key}-status") or ReturnValue._meta.get_field("status").default,
                    quality=data.get(f"{line.key}-quality") or ReturnValue._meta.get_field("quality").default,
                )
            )
        return inputs

    def progress_inputs(self) -> list[ProgressInput]:
        data = self.cleaned_data
        return [
            ProgressInput(
                objective_id=line.objective.pk if line.objective else None,
                action_id=line.action.pk if line.action else None,
                status=data.get(f"{line.key}-status", ""),
                note=data.get(f"{line.key}-note", ""),
            )
            for line in self.data_model.progress
        ]

    def narrative(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name, "") for name in NARRATIVE_FIELDS}

    def add_problems(self, problems: dict[str, str]) -> None:
        """Show each of the services' problems next to its field."""
        for key, message in problems.items():
            name = key if key in self.fields else f"{key}-value"
            self.add_error(name if name in self.fields else None, message)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, label: str = "Reason", required: str = "Enter a reason", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].label = label
        self.fields["reason"].error_messages["required"] = required  # each view names it: "Enter a reason for …"
        self.helper = FormHelper()
        self.helper.form_tag = False


class BackfillForm(forms.Form):
    """Open a past quarter for back-fill: which quarter, and why (both recorded)."""

    period = forms.TypedChoiceField(
        label="Quarter to back-fill",
        coerce=int,
        error_messages={"required": "Select a quarter", "invalid_choice": "Select one of the past quarters listed"},
        help_text="A quarter whose return deadline has passed. Its returns can be written again and are never late.",
    )
    reason = forms.CharField(
        label="Why this quarter is being back-filled",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": "Enter why this quarter is being back-filled"},
        help_text="For example: a new partnership entering its past figures, or a forum's missing return.",
    )

    def __init__(self, *args, periods: list[ReportingPeriod], **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {period.pk: period for period in periods}
        self.fields["period"].choices = [("", "Select a quarter")] + [(period.pk, period.label) for period in periods]
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_period(self) -> ReportingPeriod:
        return self.periods[self.cleaned_data["period"]]


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV or Excel file",
        error_messages={"required": "Select a CSV or Excel file", "empty": "The selected file is empty"},
        help_text="Use the template: one row per indicator, and per area where the indicator is reported by area.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
