"""Area pages for any kind of area: the list by kind, each page in its kind's words, fixed query counts."""

import re
from decimal import Decimal as D

import pytest
from django.urls import reverse

from indicators.models import Indicator, Measurement
from indicators.services import indicator_status_refresh
from partnership.models import Area, AreaKind, AreaPlan
from themes.models import AreaPriority

pytestmark = pytest.mark.django_db


@pytest.fixture
def policing(tiny_plan, make):
    """Two policing areas beside the tiny plan's wards, and an indicator reported by policing area."""
    town = make.area("Hemel Hempstead Town", "C14", kind=AreaKind.POLICING_AREA, town="Hemel Hempstead")
    tring = make.area("Tring", "C15", kind=AreaKind.POLICING_AREA)
    burglary = make.indicator(
        tiny_plan.safety, "CS-04", "Burglary", polarity="lower", area_kind=AreaKind.POLICING_AREA, order=4
    )
    make.measurement(burglary, tiny_plan.period, 90)
    make.measurement(burglary, tiny_plan.period, 60, area=town)
    make.measurement(burglary, tiny_plan.period, 30, area=tring)
    return town, tring, burglary


def test_the_areas_page_lists_each_kind_under_its_own_heading(
    client, tiny_plan, policing, public_page, django_assert_num_queries
):
    # 1 current plan, 2 areas.
    with django_assert_num_queries(2):
        response = client.get(reverse("partnership:area-list"))
    html = public_page(response, "Areas — Tiny Plan")
    assert html.index('<h2 id="kind-ward">Wards</h2>') < html.index('<h2 id="kind-policing_area">Policing areas</h2>')
    wards = html[html.index("kind-ward") : html.index("kind-policing_area")]
    assert "Boxmoor" in wards and "Tring" not in wards
    assert "Other policing areas" in html  # Tring has no town, Hemel Hempstead Town has one


def test_the_areas_page_query_count_does_not_grow_with_areas(client, tiny_plan, django_assert_num_queries):
    kinds = [AreaKind.WARD, AreaKind.PARISH, AreaKind.POLICING_AREA]
    Area.objects.bulk_create(
        Area(name=f"Place {n:03d}", slug=f"place-{n:03d}", kind=kinds[n % 3], town=f"Town {n % 7}", population=n)
        for n in range(300)
    )
    # 1 current plan, 2 areas: the same two queries at 302 areas as at 2.
    with django_assert_num_queries(2):
        html = client.get(reverse("partnership:area-list")).content.decode()
    assert html.count('href="/areas/place-') == 300
    assert "<h2" in html and ">Parishes</h2>" in html


def test_a_policing_area_page_speaks_of_policing_areas_and_shows_only_their_indicators(
    client, tiny_plan, policing, public_page, django_assert_num_queries
):
    town, _, _ = policing
    # 1 the area and its parent, 2 current plan, 3 reporting period, 4 area plans with their
    # priorities and the themes they serve, 5 the plan's public indicators reported by policing
    # area, 6 the quarters that are their latest published ones, 7 this area's and the borough's
    # judged figures in those quarters (the borough's say how many policing areas report each).
    with django_assert_num_queries(7):
        response = client.get(town.get_absolute_url())
    html = public_page(response, "Hemel Hempstead Town policing area — Tiny Plan")
    assert '<p class="eyebrow">Policing area · Hemel Hempstead</p>' in html
    assert "Policing area plan priorities" in html
    assert "No policing area plan has been published for Hemel Hempstead Town yet." in html
    assert "Indicators reported by policing area." in html
    assert "Burglary" in html and "Recorded crime" not in html
    assert "average policing area 45" in html  # 90 ÷ 2 policing areas


def test_a_ward_page_leaves_out_indicators_of_other_kinds(client, tiny_plan, policing, public_page):
    html = public_page(client.get(tiny_plan.boxmoor.get_absolute_url()), "Boxmoor ward — Tiny Plan")
    assert "Recorded crime" in html and "Burglary" not in html
    assert "Ward plan priorities" in html and "average ward 975" in html


def test_an_area_page_names_its_parent(client, tiny_plan, public_page):
    district = Area.objects.create(name="Dacorum", slug="dacorum", kind=AreaKind.DISTRICT, code="E07000096")
    Area.objects.filter(pk=tiny_plan.boxmoor.pk).update(parent=district)
    html = public_page(client.get(tiny_plan.boxmoor.get_absolute_url()), "Boxmoor ward — Tiny Plan")
    assert '<p class="eyebrow">Ward in Dacorum district · Hemel Hempstead</p>' in html


def test_an_area_page_keeps_its_query_count_with_many_areas_plans_and_indicators(
    client, tiny_plan, policing, make, django_assert_num_queries
):
    town, _, _ = policing
    more = Area.objects.bulk_create(
        Area(name=f"Beat {n:03d}", slug=f"beat-{n:03d}", kind=AreaKind.POLICING_AREA, code=f"B{n}") for n in range(120)
    )
    indicators = [
        make.indicator(tiny_plan.safety, f"CS-P{n}", f"Police measure {n}", area_kind=AreaKind.POLICING_AREA)
        for n in range(8)
    ]
    Measurement.objects.bulk_create(
        Measurement(indicator=indicator, period=tiny_plan.period, area=area, value=D(n))
        for indicator in indicators
        for n, area in enumerate([None, town, *more])
    )
    indicator_status_refresh(indicators=Indicator.objects.filter(pk__in=[i.pk for i in indicators]))
    for year in (2012, 2013, 2014):
        plan = AreaPlan.objects.create(area=town, year=year, summary=f"Agreed in June {year}.")
        for order in range(5):
            priority = AreaPriority.objects.create(area_plan=plan, title=f"Priority {year}-{order}", order=order)
            priority.themes.set([tiny_plan.safety, tiny_plan.environment])
    # The same seven queries as at two policing areas, one indicator and no plans.
    with django_assert_num_queries(7):
        html = client.get(town.get_absolute_url()).content.decode()
    assert len(re.findall(r"Priority 20\d\d-\d", html)) == 15
    assert all(f"Police measure {n}" in html for n in range(8))
