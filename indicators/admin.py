from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from . import services
from .models import Indicator, IndicatorChange, Measurement, ReportingPeriod, Target, Unit


class IndicatorAdminForm(forms.ModelForm):
    change_reason = forms.CharField(
        label="Reason for change",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when you change a target, the baseline, the definition, the unit or the polarity: "
        "it is published in the indicator's change log.",
    )

    class Meta:
        model = Indicator
        fields = "__all__"  # noqa: DJ007 — the admin's fieldsets choose what is shown

    def clean(self):
        cleaned = super().clean()
        tracked = set(services.TRACKED_INDICATOR_FIELDS)
        if self.instance.pk and tracked & set(self.changed_data) and not cleaned.get("change_reason", "").strip():
            self.add_error("change_reason", "Say why this is changing: the reason is published in the change log.")
        return cleaned


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["financial_year", "quarter", "kind", "value", "comparator", "note"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorAdminForm
    list_display = ["code", "title", "theme", "unit", "polarity", "area_kind", "cumulative", "is_public"]
    list_filter = ["theme__plan", "theme", "polarity", "unit", "frequency", "area_kind", "cumulative", "is_public"]
    search_fields = ["code", "title", "definition", "source"]
    list_select_related = ["theme"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["objectives"]
    autocomplete_fields = ["baseline_period"]
    inlines = [TargetInline]
    fieldsets = [
        (None, {"fields": ["theme", "code", "slug", "title", "definition", "objectives", "order"]}),
        (
            "Measurement",
            {"fields": ["unit", "decimal_places", "polarity", "tolerance_percent", "min_value", "max_value"]},
        ),
        ("Source and reporting", {"fields": ["source", "source_url", "frequency", "area_kind", "cumulative"]}),
        ("Baseline", {"fields": ["baseline_value", "baseline_period"]}),
        ("Budget and spend", {"fields": ["budget"]}),
        ("Publication", {"fields": ["is_public", "is_illustrative"]}),
        ("Change log", {"fields": ["change_reason"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "budget":
            # Only money can be a budget; the model's clean() checks the rest (same plan, not itself, no chains).
            kwargs["queryset"] = Indicator.objects.filter(unit=Unit.POUNDS, budget__isnull=True).select_related("theme")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        services.indicator_save(indicator=obj, reason=form.cleaned_data.get("change_reason", ""), by=request.user)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Target:
            return super().save_formset(request, form, formset, change)
        reason = form.cleaned_data.get("change_reason", "")
        for target in formset.save(commit=False):
            try:
                services.target_save(target=target, reason=reason, by=request.user)
            except ValidationError as exc:
                # The form's clean() cannot see inline changes, so a missing reason surfaces here.
                messages.error(request, f"Target {target.period_label} not changed: {' '.join(exc.messages)}")
        for target in formset.deleted_objects:
            target.delete()


@admin.register(IndicatorChange)
class IndicatorChangeAdmin(admin.ModelAdmin):
    """Read-only: the change log is written by the services, never edited by hand."""

    list_display = ["changed_at", "indicator", "field", "summary", "old_value", "new_value", "changed_by"]
    list_filter = ["field", "indicator__theme"]
    search_fields = ["indicator__code", "indicator__title", "summary", "reason"]
    list_select_related = ["indicator", "changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "starts_on", "ends_on", "return_deadline", "status"]
    list_filter = ["status", "financial_year"]
    search_fields = ["financial_year"]
    ordering = ["-financial_year", "-quarter"]


@admin.register(Measurement)
class MeasurementAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "area", "value", "status", "quality", "is_illustrative"]
    list_filter = ["status", "quality", "is_illustrative", "period__financial_year", "indicator__theme"]
    search_fields = ["indicator__code", "indicator__title", "area__name", "note", "revision_note"]
    list_select_related = ["indicator", "period", "area"]
    autocomplete_fields = ["indicator", "period", "area", "quarterly_return"]
    show_full_result_count = False  # counting 180,000 rows on every page view is wasted work

    # Saving refreshes the judged figures through its receiver; deleting goes through the service.
    def delete_model(self, request, obj):
        services.measurements_delete(measurements=Measurement.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.measurements_delete(measurements=queryset)
