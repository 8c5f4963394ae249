"""The themes app's own public page: a cross-cutting theme and the themes it joins up.

Theme pages show indicators, so they are views of the ``indicators`` app.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from partnership.cache import public_page
from partnership.models import CommunityPlan

from .models import CrossCuttingTheme, Theme


@public_page
def cross_cutting_detail(request: HttpRequest, slug: str) -> HttpResponse:
    plan = CommunityPlan.objects.current()
    if plan is None:
        raise Http404("There is no community plan yet.")
    cross_cutting = get_object_or_404(CrossCuttingTheme.objects.filter(plan=plan), slug=slug)
    themes = list(
        Theme.objects.filter(cross_cutting_themes=cross_cutting).select_related("lead_forum").order_by("number")
    )
    context = {"plan": plan, "cross_cutting": cross_cutting, "themes": themes}
    return render(request, "themes/cross_cutting_detail.html", context)
