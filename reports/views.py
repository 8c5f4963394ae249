"""The annual report's pages.

Public: the list of published reports (``/reports/``), each report's HTML version
(``/reports/<year>/``) and its PDF (``/reports/<year>/annual-report.pdf``), all years kept.
Support group only (signed in): the reports page (``/reports/manage/``), each year's
status page, and the POSTs that ask for a build, publish, or set the chair's introduction.

Thin views: fetch, check, call a service, redirect.
"""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, When
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from indicators.models import financial_year_label
from partnership.files import stored_file_response
from partnership.models import CommunityPlan

from . import services
from .exceptions import ReportDataError, ReportStateError
from .forms import BuildReportForm, IntroductionForm
from .models import AnnualReport, ReportIntroduction
from .permissions import can_manage_reports


def support_required(view):
    """Signed in (else the login page), and in the LSP Support Group (else 403)."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not can_manage_reports(request.user):
            raise PermissionDenied("Only the LSP Support Group builds and publishes the annual report.")
        return view(request, *args, **kwargs)

    return wrapped


def _readable_report_or_404(request: HttpRequest, year: int) -> tuple[AnnualReport, bool]:
    """The year's report a visitor may read, and whether it is a preview (not yet published).

    The current plan's report comes first; reports of earlier plans stay readable.
    The support group may also read a built report that is not published yet.
    """
    plan = CommunityPlan.objects.current()
    reports = AnnualReport.objects.select_related("plan").filter(year=year)
    preview_allowed = can_manage_reports(request.user)
    reports = reports.exclude(file="") if preview_allowed else reports.published()
    report = reports.order_by(
        Case(When(plan=plan, then=0), default=1, output_field=IntegerField()), "-plan__start_year"
    ).first()
    if report is None:
        raise Http404(f"There is no published annual report for {financial_year_label(year)}.")
    return report, report.published_at is None


def report_list(request: HttpRequest) -> HttpResponse:
    reports = list(AnnualReport.objects.for_public_list())
    return render(
        request,
        "reports/report_list.html",
        {"plan": CommunityPlan.objects.current(), "reports": reports, "can_manage": can_manage_reports(request.user)},
    )


def report_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The HTML version, as built with the PDF: the same content, charts with their figures in tables."""
    report, is_preview = _readable_report_or_404(request, year)
    if not report.html_file:
        raise Http404("This report has no HTML version.")
    try:
        with report.html_file.open("rb") as handle:
            body = handle.read().decode()
    except FileNotFoundError as exc:
        raise Http404("The report's file is missing.") from exc
    return render(
        request,
        "reports/report_detail.html",
        {
            "plan": report.plan,
            "report": report,
            "is_preview": is_preview,
            # Our own template's output, escaped when it was rendered at build time.
            "body": mark_safe(body),  # noqa: S308 # nosec B308 B703
        },
    )


def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    """The PDF at a stable address: whatever the latest complete build of the published report is.

    Sent only after ``_readable_report_or_404``: streamed from the disk, or, with object
    storage, a redirect to a short-lived signed URL of the build (``partnership.files``).
    """
    report, is_preview = _readable_report_or_404(request, year)
    return stored_file_response(
        report.file, filename=report.download_name, content_type="application/pdf", private=is_preview
    )


# --- Support group ------------------------------------------------------------------------------


@support_required
def report_manage(request: HttpRequest) -> HttpResponse:
    plan = CommunityPlan.objects.current_or_404()
    reports = {report.year: report for report in AnnualReport.objects.filter(plan=plan)}
    years = [
        {"year": year, "label": financial_year_label(year), "report": reports.get(year)}
        for year in range(plan.end_year, plan.start_year - 1, -1)
    ]
    return render(
        request,
        "reports/report_manage.html",
        {"plan": plan, "years": years, "form": BuildReportForm(plan=plan)},
    )


@support_required
@require_POST
def report_build(request: HttpRequest) -> HttpResponse:
    plan = CommunityPlan.objects.current_or_404()
    form = BuildReportForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, "Choose one of the plan's years.")
        return redirect("reports:report-manage")
    year = form.cleaned_data["year"]
    try:
        outcome = services.annual_report_request(plan=plan, year=year, requested_by=request.user)
    except ReportDataError as exc:
        messages.error(request, str(exc))
        return redirect("reports:report-manage")
    # The build runs in the background in every set-up (a Celery worker, or the report
    # worker of the embedded default): this answers at once, with the status page.
    label = financial_year_label(year)
    if outcome.coalesced:
        messages.info(request, f"The {label} report is already {outcome.report.get_status_display().lower()}.")
    elif outcome.broker_unavailable:
        messages.warning(request, services.BROKER_DOWN_MESSAGE)
    else:
        messages.success(
            request,
            f"The {label} report is being built in the background. This page shows how it is going; "
            "you can leave it and come back.",
        )
    return redirect("reports:report-status", year=year)


def _status_page(
    request: HttpRequest, plan: CommunityPlan, year: int, introduction_form: IntroductionForm | None = None
) -> HttpResponse:
    if not plan.start_year <= year <= plan.end_year:
        raise Http404(f"{plan.title} has no year {financial_year_label(year)}.")
    report = AnnualReport.objects.filter(plan=plan, year=year).select_related("requested_by", "published_by").first()
    introduction = ReportIntroduction.objects.filter(plan=plan, year=year).first()
    if introduction_form is None:
        introduction_form = IntroductionForm(
            initial={"text": introduction.text if introduction else ""},
            action=reverse("reports:report-introduction", args=[year]),
        )
    return render(
        request,
        "reports/report_status.html",
        {
            "plan": plan,
            "year": year,
            "year_label": financial_year_label(year),
            "report": report,
            "is_stale": report is not None and services.is_stale(report),
            "waiting_long": report is not None and services.is_waiting_long(report),
            "introduction": introduction,
            "introduction_form": introduction_form,
        },
        status=400 if introduction_form.is_bound else 200,
    )


@support_required
def report_status(request: HttpRequest, year: int) -> HttpResponse:
    """Where a build is: queued, building (and its stage), ready, failed (and why), published."""
    return _status_page(request, CommunityPlan.objects.current_or_404(), year)


@support_required
@require_POST
def report_publish(request: HttpRequest, year: int) -> HttpResponse:
    plan = CommunityPlan.objects.current_or_404()
    report = AnnualReport.objects.filter(plan=plan, year=year).first()
    if report is None:
        raise Http404("There is no report for that year yet.")
    try:
        services.annual_report_publish(report=report, published_by=request.user)
    except ReportStateError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"The {report.year_label} report is published.")
    return redirect("reports:report-status", year=year)


@support_required
@require_POST
def report_introduction(request: HttpRequest, year: int) -> HttpResponse:
    plan = CommunityPlan.objects.current_or_404()
    if not plan.start_year <= year <= plan.end_year:
        raise Http404(f"{plan.title} has no year {financial_year_label(year)}.")
    form = IntroductionForm(request.POST, action=reverse("reports:report-introduction", args=[year]))
    if not form.is_valid():
        return _status_page(request, plan, year, introduction_form=form)
    services.report_introduction_set(plan=plan, year=year, text=form.cleaned_data["text"], updated_by=request.user)
    messages.success(request, "Introduction saved. Build the report again to include it.")
    return redirect("reports:report-status", year=year)
