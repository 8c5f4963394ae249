"""The partnership's public pages: partners by sector and the list of wards. No login needed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .cache import public_page
from .models import CommunityPlan
from .selectors import partners_by_sector, wards_by_town


@public_page
def partner_list(request: HttpRequest) -> HttpResponse:
    plan = CommunityPlan.objects.current()
    return render(request, "partnership/partner_list.html", {"plan": plan, "sectors": partners_by_sector(plan)})


@public_page
def ward_list(request: HttpRequest) -> HttpResponse:
    plan = CommunityPlan.objects.current()
    return render(request, "partnership/ward_list.html", {"plan": plan, "towns": wards_by_town()})
