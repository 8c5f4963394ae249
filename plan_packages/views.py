"""The administrators' upload page: preview a plan package (counts or every problem), then import it."""

from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render

from .forms import PackageUploadForm, _sheets
from .services import (
    PlanPackageInvalid,
    package_upload_discard,
    package_upload_stash,
    package_upload_unstash,
    plan_package_import,
)

SESSION_KEY = "plan_package_upload"


def package_import(request):
    """Upload → dry run shown as a preview; "Import" confirms, importing the same file, all or nothing.

    For whoever may use this partnership's admin (``PortalAdminSite.has_permission``): the
    plan joins the partnership in the path.
    """
    if not admin.site.has_permission(request):
        return redirect_to_login(request.get_full_path(), "admin:login")
    if request.method == "POST" and "confirm" in request.POST:
        stashed = request.session.pop(SESSION_KEY, None)
        content = package_upload_unstash(stashed) if isinstance(stashed, dict) else None
        if content is None:
            messages.error(request, "Upload the package again: the preview has expired.")
            return redirect("plan_packages:import")
        try:
            result = plan_package_import(sheets=_sheets(content), by=request.user)
        except PlanPackageInvalid as invalid:
            messages.error(request, f"Nothing was imported: {len(invalid.problems)} problem(s). Upload it again.")
            return redirect("plan_packages:import")
        messages.success(request, f"Imported the plan “{result.slug}”.")
        return redirect("admin:index")
    form = PackageUploadForm(request.POST or None, request.FILES or None)
    preview, rows = None, []
    if request.method == "POST" and form.is_valid():
        previous = request.session.get(SESSION_KEY)
        if isinstance(previous, dict):  # previewed again: only the latest upload waits
            package_upload_discard(previous)
        request.session[SESSION_KEY] = package_upload_stash(content=form.cleaned_data["package"])
        preview = form.result
        rows = [(sheet, count, preview.reused.get(sheet)) for sheet, count in preview.counts.items()]
    return render(request, "plan_packages/import.html", {"form": form, "preview": preview, "rows": rows})
