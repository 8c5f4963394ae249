"""The support group's report forms, sent back with problems, show the GOV.UK error pattern."""

from __future__ import annotations

import pytest
from django.urls import reverse

from partnership.models import CommunityPlan
from partnership.tests.error_pattern import error_page
from reports.forms import BuildReportForm


def test_an_introduction_too_long_is_named_in_the_summary_and_beside_the_box(report_world, client, personas):
    client.force_login(personas["support_group"])
    too_long = "x" * 20001
    response = client.post(reverse("reports:report-introduction", args=[2014]), {"text": too_long})
    assert response.status_code == 400
    html = error_page(response, {"id_text": "The introduction must be 20,000 characters or fewer"})
    assert html.count("<title>Error: Annual report 2014/15: status") == 1
    assert too_long in html


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["", "1999"])
def test_a_year_not_in_the_plan_says_to_select_one_of_its_years(tiny_plan, year):
    form = BuildReportForm({"year": year}, plan=CommunityPlan.objects.current())
    assert form.errors == {"year": ["Select one of the plan's years"]}
