"""Annual reports in the admin: read the build record; edit each year's chair's introduction.

Builds and publication go through the support group's pages (``/reports/manage/``), which
call the services; the admin only shows the record, so that nothing bypasses them.
"""

from django.contrib import admin

from .models import AnnualReport, ReportIntroduction


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "stage", "finished_at", "published_at", "size", "attempts"]
    list_filter = ["status", "plan"]
    readonly_fields = [field.name for field in AnnualReport._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ReportIntroduction)
class ReportIntroductionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "updated_at", "updated_by"]
    list_filter = ["plan"]
    readonly_fields = ["updated_at", "updated_by"]

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
