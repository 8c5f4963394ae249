"""Quarterly returns in the admin: for administrators' repairs; forums use the returns pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import QuarterlyReturn, ReminderSent, ReturnProgress, ReturnValue


class ReturnValueInline(admin.TabularInline):
    model = ReturnValue
    extra = 0
    fields = ["indicator", "area", "value", "no_value_reason", "status", "quality", "note"]
    autocomplete_fields = ["indicator", "area"]


class ReturnProgressInline(admin.TabularInline):
    model = ReturnProgress
    extra = 0
    autocomplete_fields = ["objective", "action"]


@admin.register(QuarterlyReturn)
class QuarterlyReturnAdmin(SimpleHistoryAdmin):
    """For administrators' repairs; forums use the returns pages, which enforce the workflow."""

    inlines = [ReturnValueInline, ReturnProgressInline]
    list_display = ["forum", "period", "status", "submitted_at", "approved_at", "updated_at"]
    list_filter = ["status", "period__financial_year", "period", "forum"]
    search_fields = ["forum__name", "progress_summary", "case_study"]
    list_select_related = ["forum", "period"]
    autocomplete_fields = ["forum", "period", "submitted_by", "approved_by", "updated_by"]
    readonly_fields = ["version", "updated_at"]


@admin.register(ReminderSent)
class ReminderSentAdmin(admin.ModelAdmin):
    list_display = ["sent_at", "stage", "forum", "period"]
    list_filter = ["stage", "period"]
    list_select_related = ["forum", "period"]
    date_hierarchy = "sent_at"
