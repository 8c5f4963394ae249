"""The residents' public pages: home, theme, indicator, area, monitoring; open data.

No login needed. Thin views: fetch the object (404 for anything not public), call a
selector, render. Non-public indicators do not exist as far as these views are concerned.
Theme and indicator pages also show what residents said (``consultation.page_sections``).
"""

from __future__ import annotations

import csv
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from consultation import page_sections
from indicators.models import Indicator
from indicators.selectors import indicator_latest_period, indicator_page, reporting_period
from partnership import views as partnership_views
from partnership.cache import public_page
from partnership.models import CommunityPlan
from partnership.spreadsheets import spreadsheet_safe

from .selectors import (
    area_page,
    area_with_parent,
    home_page,
    indicator_downloads,
    monitoring_page,
    plan_theme,
    public_indicator,
    theme_page,
)

CSV_COLUMNS = [
    "indicator_code",
    "indicator",
    "period",
    "financial_year",
    "quarter",
    "area",
    "area_code",
    "area_name",
    "value",
    "unit",
    "status",
    "quality",
    "illustrative",
    "note",
    "revision_note",
]


def _public_indicator_or_404(slug: str, *related: str) -> Indicator:
    return get_object_or_404(Indicator.objects.public().select_related(*related), slug=slug)


def home(request: HttpRequest) -> HttpResponse:
    """A partnership's home page; the portal's list of partnerships where no partnership is named."""
    if getattr(request, "partnership", None) is None:
        return partnership_views.partnership_index(request)
    return _partnership_home(request)


@public_page
def _partnership_home(request: HttpRequest) -> HttpResponse:
    plan = CommunityPlan.objects.current()
    if plan is None:
        return render(request, "indicators/home_empty.html")
    return render(request, "indicators/home.html", {"plan": plan, "page": home_page(plan, reporting_period(plan))})


@public_page
def theme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = CommunityPlan.objects.current_or_404()
    theme = plan_theme(plan, slug)
    if theme is None:
        raise Http404("No such theme in the plan.")
    page = theme_page(theme, reporting_period(plan))
    context = {
        "plan": plan,
        "theme": theme,
        "page": page,
        "extra_sections": [
            section.render(request)
            for section in page_sections.theme_sections(theme, [row.objective for row in page.objectives])
        ],
    }
    return render(request, "indicators/theme_detail.html", context)


@public_page
def indicator_detail(request: HttpRequest, slug: str) -> HttpResponse:
    indicator = public_indicator(slug)
    if indicator is None:
        raise Http404("No such public indicator.")
    plan = indicator.theme.plan
    current = CommunityPlan.objects.current()
    # At the indicator's own latest published quarter: the newest quarter may not have its figure yet.
    published = reporting_period(plan)
    page = indicator_page(indicator, indicator_latest_period(indicator, published) or published)
    context = {
        "plan": plan,
        "indicator": indicator,
        "page": page,
        "is_current_plan": current == plan,
        "extra_sections": [section.render(request) for section in page_sections.indicator_sections(indicator)],
    }
    return render(request, "indicators/indicator_detail.html", context)


@public_page
def indicator_csv(request: HttpRequest, slug: str) -> HttpResponse:
    indicator = _public_indicator_or_404(slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{indicator.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in indicator_downloads(indicator):
        writer.writerow(
            [spreadsheet_safe("yes" if row[c] is True else "no" if row[c] is False else row[c]) for c in CSV_COLUMNS]
        )
    return response


@public_page
def indicator_json(request: HttpRequest, slug: str) -> HttpResponse:
    indicator = _public_indicator_or_404(slug)
    document = {
        "indicator": {
            "code": indicator.code,
            "title": indicator.title,
            "definition": indicator.definition,
            "unit": indicator.get_unit_display(),
            "decimal_places": indicator.decimal_places,
            "polarity": indicator.get_polarity_display(),
            "source": indicator.source,
            "source_url": indicator.source_url,
            "frequency": indicator.get_frequency_display(),
            "cumulative": indicator.cumulative,
            "area_kind": indicator.area_kind,
            "illustrative": indicator.is_illustrative,
            "url": request.build_absolute_uri(indicator.get_absolute_url()),
            "csv": request.build_absolute_uri(reverse("indicators:indicator-csv", args=[indicator.slug])),
        },
        "measurements": indicator_downloads(indicator),
    }
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{indicator.slug}.json"'
    return response


@public_page
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = area_with_parent(slug)
    if area is None:
        raise Http404("No such area.")
    plan = CommunityPlan.objects.current()
    period = reporting_period(plan) if plan is not None else None
    page = area_page(area, period, plan)
    return render(request, "indicators/area_detail.html", {"plan": plan, "area": area, "page": page})


@public_page
def monitoring(request: HttpRequest) -> HttpResponse:
    plan = CommunityPlan.objects.current_or_404()
    return render(request, "indicators/monitoring.html", {"plan": plan, "page": monitoring_page(plan)})
