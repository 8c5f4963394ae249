"""The partnership's public pages: partners by sector and the list of areas."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_partners_page_groups_organisations_by_sector_with_their_forums(
    client, tiny_plan, public_page, django_assert_num_queries
):
    # 1 current plan, 2 which of its forums each organisation sits on, 3 organisations.
    with django_assert_num_queries(3):
        response = client.get(reverse("partnership:partner-list"))
    html = public_page(response, "Partners by sector — Tiny Plan")
    assert html.index('id="sector-public-heading">Public sector') < html.index("Local authority sector</h2>")
    assert '<a href="https://police.example.org" rel="external noopener">Police</a>' in html
    assert "Sits on: Community Safety Partnership; LSP Board" in html
    assert "Business and environment sector" in html
    assert "Not A Member" not in html  # not an LSP member and on no forum


def test_areas_page_lists_areas_by_town(client, tiny_plan, public_page, django_assert_num_queries):
    # 1 current plan, 2 areas.
    with django_assert_num_queries(2):
        response = client.get(reverse("partnership:area-list"))
    html = public_page(response, "Areas — Tiny Plan")
    assert '<h2 id="kind-ward">Wards</h2>' in html
    assert '<h3 class="h5" id="town-ward-1">Hemel Hempstead</h3>' in html
    assert '<a href="/areas/boxmoor/">Boxmoor</a>' in html
    assert "(population 6,000)" in html


def test_partnership_pages_work_before_any_plan_exists(client, partnership, public_page):
    public_page(client.get(reverse("partnership:partner-list")), "Partners by sector")
    public_page(client.get(reverse("partnership:area-list")), "Areas")
