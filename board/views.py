"""The board's pages: the dashboard, the indicators table (and its exports), indicator analysis.

For the LSP Board, the LSP Support Group and forum leads: anonymous visitors are sent to
sign in; anyone else signed in gets 403. Thin views: resolve the plan and the period,
call a selector in ``board.selectors``, render (or export). The dashboard also shows what
residents are saying (``consultation.page_sections``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from consultation import page_sections
from indicators.models import Indicator, ReportingPeriod
from indicators.permissions import reach_of
from partnership.cache import fragment
from partnership.models import Area, CommunityPlan
from themes.models import Theme

from . import exports
from .filters import IndicatorFilter, PeriodForm
from .selectors import (
    DEFAULT_SORT,
    PAGE_SIZE,
    SORT_CHOICES,
    SORTS,
    IndicatorTable,
    analysis_page,
    can_see_dashboard,
    dashboard_page,
    dashboard_periods,
    default_period,
    indicator_table,
    plan_indicator_queryset,
)
from .today import support_work

VALID_SORTS = {value for value, _ in SORT_CHOICES}


def _require_dashboard(request: HttpRequest) -> None:
    if not can_see_dashboard(request.user):
        raise PermissionDenied("The dashboard is for the LSP Board, the LSP Support Group and forum leads.")


def _period_asked(value: str, periods: list[ReportingPeriod]) -> tuple[ReportingPeriod | None, str]:
    """The period a ``?period=`` value names, or the monitored quarter and why not the one asked for."""
    default = default_period(periods) or (periods[0] if periods else None)
    if not value:
        return default, ""
    chosen = next((p for p in periods if str(p.pk) == value), None)
    if chosen is not None:
        return chosen, ""
    instead = f": showing {default.label} instead" if default else ""
    return default, f"There is no reporting period to show for “{value[:20]}”{instead}."


def _chosen_period(request: HttpRequest, periods: list[ReportingPeriod]) -> tuple[PeriodForm, ReportingPeriod | None]:
    """The ``?period=`` asked for, or the latest closed quarter; a bad value is said next to the field."""
    period, problem = _period_asked(request.GET.get("period", ""), periods)
    form = PeriodForm({"period": str(period.pk) if period else ""}, periods=periods)
    form.is_valid()
    if problem:
        form.add_error("period", problem)
    return form, period


def _query(request: HttpRequest, **changes: str | None) -> str:
    """The current query string with some parameters changed (``None`` removes one)."""
    query: QueryDict = request.GET.copy()
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


# What the dashboard shows besides public content: the apps raise these counters.
DASHBOARD_COUNTERS = ("returns", "comments")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _require_dashboard(request)
    plan = CommunityPlan.objects.current_or_404()
    reach, today = reach_of(request.user), timezone.localdate()

    def body() -> str:
        periods = dashboard_periods(plan)
        period_form, period = _chosen_period(request, periods)
        if period is None:
            return render_to_string("dashboard/_no_period_body.html", request=request)
        page = dashboard_page(plan, period, reach=reach, today=today)
        themes = [row.theme for row in page.themes]
        residents = page_sections.dashboard_residents(plan=plan, period=period, user=request.user, themes=themes)
        context = {
            "plan": plan,
            "period_form": period_form,
            "period": period,
            "page": page,
            "extra_sections": [residents.render(request)],
        }
        return render_to_string("dashboard/_dashboard_body.html", context, request=request)

    # The same for every viewer with the same reach on the same day: cached until approved
    # data (periods included), a return or a comment changes (the apps raise these counters).
    key = f"dashboard|{request.get_full_path()}|{today.isoformat()}|{reach.cache_key}"
    html = fragment(key, body, seconds=settings.DASHBOARD_CACHE_SECONDS, counters=DASHBOARD_COUNTERS)
    return render(request, "dashboard/dashboard.html", {"plan": plan, "body": html})


@dataclass(frozen=True)
class SortHeader:
    heading: str
    url: str  # "" for a column that does not sort
    aria_sort: str  # "ascending", "descending" or ""
    state: str  # the current order in words, e.g. "sorted worst first"
    action: str  # what following the link does, e.g. "sort best first"
    numeric: bool


def _sort_headers(request: HttpRequest, table: IndicatorTable) -> list[SortHeader]:
    headers = []
    current, descending = table.sort.lstrip("-"), table.sort.startswith("-")
    for column in table.columns:
        if not column.sort:
            headers.append(SortHeader(column.heading, "", "", "", "", column.numeric))
            continue
        ascending_words, descending_words = SORTS[column.sort]
        if column.sort == current:
            state = f"sorted {descending_words if descending else ascending_words}"
            next_sort = column.sort if descending else f"-{column.sort}"
            action = f"sort {ascending_words if descending else descending_words}"
            aria = "descending" if descending else "ascending"
        else:
            state, next_sort, action, aria = "", column.sort, f"sort {ascending_words}", ""
        url = _query(request, sort=next_sort, page=None, format=None)
        headers.append(SortHeader(column.heading, url, aria, state, action, column.numeric))
    return headers


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    """The plan's indicators, filtered, sorted and paginated; ``?format=csv`` or ``xlsx`` exports every row."""
    _require_dashboard(request)
    plan = CommunityPlan.objects.current_or_404()
    periods = dashboard_periods(plan)
    if not periods:
        return render(request, "dashboard/no_period.html", {"plan": plan, "period": None})
    themes = list(Theme.objects.for_plan(plan))
    areas = list(Area.objects.order_by("kind", "name").only("id", "name", "slug", "code", "kind"))

    period, problem = _period_asked(request.GET.get("period", ""), periods)
    data = request.GET.copy()
    data["period"] = str(period.pk)
    if data.get("sort") not in VALID_SORTS:
        data["sort"] = DEFAULT_SORT
    filterset = IndicatorFilter(
        data, queryset=plan_indicator_queryset(plan), themes=themes, areas=areas, periods=periods
    )
    filterset.is_valid()
    if problem:
        filterset.form.add_error("period", problem)
    table = indicator_table(
        filterset.qs,
        period,
        area=filterset.chosen_area,
        rag=filterset.value("rag"),
        trend=filterset.value("trend"),
        sort=filterset.value("sort") or DEFAULT_SORT,
    )

    export = request.GET.get("format")
    if export == "csv":
        return exports.csv_response(table)
    if export == "xlsx":
        return exports.xlsx_response(table)

    page = Paginator(table.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "plan": plan,
        "period": period,
        "filter": filterset,
        "table": table,
        "page_obj": page,
        "headers": _sort_headers(request, table),
        "page_urls": {
            "previous": _query(request, page=str(page.previous_page_number())) if page.has_previous() else "",
            "next": _query(request, page=str(page.next_page_number())) if page.has_next() else "",
            "first": _query(request, page=None),
            "last": _query(request, page=str(page.paginator.num_pages)),
        },
        "csv_url": _query(request, format="csv", page=None),
        "xlsx_url": _query(request, format="xlsx", page=None),
        "clear_filters_url": f"?period={period.pk}",
    }
    return render(request, "dashboard/indicator_list.html", context)


@login_required
def indicator_analysis(request: HttpRequest, slug: str) -> HttpResponse:
    """One indicator in full, public or not: its series, year to date, and areas at the period."""
    _require_dashboard(request)
    indicator = get_object_or_404(
        Indicator.objects.select_related("theme__plan", "theme__lead_forum", "baseline_period"), slug=slug
    )
    plan = indicator.theme.plan
    periods = dashboard_periods(plan)
    period_form, period = _chosen_period(request, periods)
    context = {
        "plan": plan,
        "indicator": indicator,
        "period": period,
        "period_form": period_form,
        "analysis": analysis_page(indicator, period),
    }
    return render(request, "dashboard/indicator_analysis.html", context)


@login_required
def support_today(request: HttpRequest) -> HttpResponse:
    """What the LSP Support Group has to do today: where it lands after signing in."""
    reach = reach_of(request.user)
    if not (reach.is_support or reach.is_admin):
        raise PermissionDenied("This page is the LSP Support Group's list of work.")
    return render(request, "dashboard/today.html", {"work": support_work(user=request.user)})
