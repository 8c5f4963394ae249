"""One FilterSet per list page; the filter state lives in the URL (GET), so every view is linkable."""

from __future__ import annotations

import datetime

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Layout
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone

from partnership.forms import AreaChoiceField, area_choices
from partnership.models import CommunityPlan
from themes.models import Theme

from .models import Comment, Consultation, RequestStatus, Suggestion


def _current_themes(request=None):
    plan = CommunityPlan.objects.current()
    themes = Theme.objects.filter(plan=plan) if plan is not None else Theme.objects.none()
    return themes.order_by("number").only("id", "number", "title", "plan_id")


def _areas(request=None):
    return area_choices()


class _AreaFilter(django_filters.ModelChoiceFilter):
    field_class = AreaChoiceField


class _GetFormHelperMixin:
    """A crispy helper for a filter form: GET, inline fields, a “Show” button."""

    submit_label = "Show"

    def _add_helper(self, *fields: str) -> None:
        helper = FormHelper(self.form)
        helper.form_method = "get"
        helper.form_class = "filter-form"
        helper.layout = Layout(
            Div(*[Div(name, css_class="col-sm-6 col-lg-3") for name in fields], css_class="row g-3 align-items-end"),
            # A plain button: a named submit input would add itself to the filter's URL.
            HTML(f'<button type="submit" class="btn btn-primary">{self.submit_label}</button>'),
        )
        self.form.helper = helper


class ConsultationFilter(_GetFormHelperMixin, django_filters.FilterSet):
    state = django_filters.ChoiceFilter(
        label="Open or closed",
        choices=Consultation.State.choices,
        method="filter_state",
        empty_label="All consultations",
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="themes", queryset=_current_themes, label="Theme", empty_label="All themes"
    )
    area = _AreaFilter(field_name="areas", queryset=_areas, label="Area", empty_label="All areas")

    class Meta:
        model = Consultation
        fields = ["state", "theme", "area"]

    def __init__(self, *args, now: datetime.datetime | None = None, **kwargs):
        self.now = now or timezone.now()
        super().__init__(*args, **kwargs)
        self._add_helper("state", "theme", "area")

    def filter_state(self, queryset, name, value):
        now = self.now
        if value == Consultation.State.OPEN:
            return queryset.filter(opens_at__lte=now, closes_at__gt=now)
        if value == Consultation.State.UPCOMING:
            return queryset.filter(opens_at__gt=now)
        if value == Consultation.State.CLOSED:
            return queryset.filter(closes_at__lte=now)
        return queryset


PUBLIC_SUGGESTION_STATUSES = [
    (value, label) for value, label in Suggestion.Status.choices if value not in Suggestion.UNPUBLISHED
]


class SuggestionFilter(_GetFormHelperMixin, django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(queryset=_current_themes, label="Theme", empty_label="All themes")
    area = _AreaFilter(queryset=_areas, label="Area", empty_label="All areas")
    status = django_filters.ChoiceFilter(choices=PUBLIC_SUGGESTION_STATUSES, label="Status", empty_label="Any status")

    class Meta:
        model = Suggestion
        fields = ["theme", "area", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_helper("theme", "area", "status")


NEEDS_DECISION = "needs_decision"
QUEUE_STATUSES = [
    (NEEDS_DECISION, "Needs a decision"),
    *[(value, label) for value, label in Comment.Status.choices if value != Comment.Status.UNCONFIRMED],
]
AGE_CHOICES = [
    ("1", "Received in the last day"),
    ("7", "Received in the last week"),
    ("older_3", "Waiting more than 3 days"),
    ("older_7", "Waiting more than a week"),
]


class ModerationQueueFilter(_GetFormHelperMixin, django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(queryset=_current_themes, label="Theme", empty_label="All themes")
    status = django_filters.ChoiceFilter(
        choices=QUEUE_STATUSES, label="Status", method="filter_status", empty_label=None
    )
    age = django_filters.ChoiceFilter(choices=AGE_CHOICES, label="Age", method="filter_age", empty_label="Any age")

    class Meta:
        model = Comment
        fields = ["theme", "status", "age"]

    def __init__(self, data=None, *args, now: datetime.datetime | None = None, **kwargs):
        self.now = now or timezone.now()
        data = data.copy() if data is not None else QueryDict(mutable=True)
        data.setdefault("status", NEEDS_DECISION)
        super().__init__(data, *args, **kwargs)
        self._add_helper("theme", "status", "age")

    def filter_status(self, queryset, name, value):
        if value == NEEDS_DECISION:
            return queryset.filter(status__in=[Comment.Status.PENDING, Comment.Status.HIDDEN])
        return queryset.filter(status=value)

    def filter_age(self, queryset, name, value):
        if value in ("1", "7"):
            return queryset.filter(created_at__gte=self.now - datetime.timedelta(days=int(value)))
        if value.startswith("older_"):
            return queryset.filter(created_at__lt=self.now - datetime.timedelta(days=int(value.removeprefix("older_"))))
        return queryset


class SuggestionManageFilter(_GetFormHelperMixin, django_filters.FilterSet):
    theme = django_filters.ModelChoiceFilter(queryset=_current_themes, label="Theme", empty_label="All themes")
    status = django_filters.ChoiceFilter(choices=PUBLIC_SUGGESTION_STATUSES, label="Status", empty_label="Any status")

    class Meta:
        model = Suggestion
        fields = ["theme", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_helper("theme", "status")


class RequestFilter(_GetFormHelperMixin, django_filters.FilterSet):
    """Workshop and mailing-list requests, by status; only confirmed ones reach the queue."""

    status = django_filters.ChoiceFilter(
        choices=RequestStatus.choices, label="Status", method="filter_status", empty_label="Open (new or in progress)"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_helper("status")

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(Q(status=RequestStatus.NEW) | Q(status=RequestStatus.IN_PROGRESS))
        return queryset

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)
