"""Filters for the lists people search or narrow: the dashboard's indicators table.

All state lives in the URL (a GET form), so a filtered, sorted page can be bookmarked,
shared and exported. Choices come from lists the view has already read, so validating
and rendering the form costs no queries of its own.

``rag`` and ``trend`` are derived (``indicators.rag.assess``), not columns: the FilterSet
only validates them, and ``board.selectors.indicator_table`` applies them in Python
over the whole filtered set.
"""

from __future__ import annotations

from collections.abc import Iterable

import django_filters
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Layout, Row
from django import forms
from django.db.models import Q, QuerySet

from indicators.models import Indicator, Polarity, ReportingPeriod
from indicators.rag import Rag, Trend
from partnership.models import Area, Forum
from themes.models import Theme

from .selectors import EXCEPTIONS, SORT_CHOICES, period_choices

RAG_CHOICES = [(EXCEPTIONS, "Exceptions"), *Rag.choices]

_BUTTONS = HTML(
    '<div class="filter-actions"><button type="submit" class="btn btn-primary">Apply filters</button> '
    '<a href="{{ clear_filters_url }}" class="btn btn-link">Clear filters</a></div>'
)


class IndicatorFilterForm(forms.Form):
    """The filter bar: a GET form whose layout is set here, not in the template."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "filter-form"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("q", css_class="col-md-6 col-lg-4"),
                Column("theme", css_class="col-md-6 col-lg-4"),
                Column("forum", css_class="col-md-6 col-lg-4"),
                Column("area", css_class="col-md-6 col-lg-3"),
                Column("polarity", css_class="col-md-6 col-lg-3"),
                Column("rag", css_class="col-md-6 col-lg-3"),
                Column("trend", css_class="col-md-6 col-lg-3"),
                Column("period", css_class="col-md-6 col-lg-3"),
            ),
            "sort",
            _BUTTONS,
        )


class IndicatorFilter(django_filters.FilterSet):
    """The indicators table: theme, lead forum, area, polarity, RAG, trend, search, period and sort."""

    q = django_filters.CharFilter(
        method="filter_search",
        label="Search",
        help_text="Words in the code, title or definition.",
        max_length=100,
    )
    theme = django_filters.ChoiceFilter(field_name="theme_id", label="Theme", empty_label="Every theme")
    forum = django_filters.ChoiceFilter(
        field_name="theme__lead_forum_id", label="Lead forum", empty_label="Every lead forum"
    )
    area = django_filters.ChoiceFilter(
        method="filter_area",
        label="Area",
        empty_label="Borough only",
        help_text="Indicators reported by its kind of area, with the area's value.",
    )
    polarity = django_filters.ChoiceFilter(
        choices=Polarity.choices, label="Which way is better", empty_label="Either way"
    )
    rag = django_filters.ChoiceFilter(
        choices=RAG_CHOICES,
        method="filter_derived",
        label="Status",
        empty_label="Any status",
        help_text="Exceptions: off target, or near target and worse than a year ago.",
    )
    trend = django_filters.ChoiceFilter(
        choices=Trend.choices, method="filter_derived", label="Direction of travel", empty_label="Any direction"
    )
    period = django_filters.ChoiceFilter(method="filter_derived", label="Reporting period", empty_label=None)
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_derived", widget=forms.HiddenInput, empty_label=None
    )

    class Meta:
        model = Indicator
        fields: list[str] = []
        form = IndicatorFilterForm

    def __init__(
        self,
        data=None,
        *,
        queryset: QuerySet[Indicator],
        themes: Iterable[Theme],
        areas: Iterable[Area],
        periods: Iterable[ReportingPeriod],
    ):
        super().__init__(data, queryset=queryset)
        themes = list(themes)
        forums: dict[int, Forum] = {theme.lead_forum_id: theme.lead_forum for theme in themes}
        self.filters["theme"].extra["choices"] = [(str(t.pk), f"{t.number}. {t.title}") for t in themes]
        self.filters["forum"].extra["choices"] = [
            (str(f.pk), f.name) for f in sorted(forums.values(), key=lambda f: f.name)
        ]
        self.areas = {str(w.pk): w for w in areas}
        self.filters["area"].extra["choices"] = [(pk, w.label) for pk, w in self.areas.items()]
        self.filters["period"].extra["choices"] = period_choices(periods)

    def filter_search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(code__icontains=word) | Q(title__icontains=word) | Q(definition__icontains=word)
            )
        return queryset

    def filter_area(self, queryset, name, value):
        return queryset.filter(area_kind=self.areas[value].kind)

    def filter_derived(self, queryset, name, value):
        """Validated here, applied elsewhere: RAG and trend after ``assess``, the period and sort by the view."""
        return queryset

    @property
    def chosen_area(self) -> Area | None:
        return self.areas.get(self.value("area"))

    def value(self, name: str) -> str:
        """A field's cleaned value, or "" if it was not given or not valid."""
        self.is_valid()
        return self.form.cleaned_data.get(name) or ""


class PeriodForm(forms.Form):
    """The dashboard's period picker: the same ``period`` field as the indicators table's filter."""

    period = forms.ChoiceField(label="Reporting period", required=False)

    def __init__(self, *args, periods: Iterable[ReportingPeriod], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(periods)
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "period-form"
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Row(
                Column("period", css_class="col-sm-auto"),
                Column(
                    HTML('<button type="submit" class="btn btn-primary">Show this quarter</button>'),
                    css_class="col-sm-auto period-form-button",
                ),
            )
        )
