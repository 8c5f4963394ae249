"""Shared read models (quarters, the indicator page, area comparisons), on the hand-checked tiny plan.

See ``tiny_plan`` in conftest.py; the public pages' own read models are tested in
``public/tests/test_selectors.py``.
"""

from decimal import Decimal as D

import pytest

from indicators.models import ReportingPeriod
from indicators.rag import Rag
from indicators.selectors import (
    AreaComparison,
    borough_comparison_value,
    compare_with_borough,
    indicator_page,
    quarters_back,
    quarters_between,
    reporting_period,
)

pytestmark = pytest.mark.django_db


def test_quarters_back_crosses_financial_years():
    assert quarters_back((2014, 2), 4) == [(2013, 3), (2013, 4), (2014, 1), (2014, 2)]
    assert quarters_between((2013, 4), (2014, 1)) == [(2013, 4), (2014, 1)]
    assert quarters_between((2014, 2), (2014, 1)) == []


def test_reporting_period_is_the_latest_quarter_published_with_the_plans_figures(tiny_plan, make):
    assert reporting_period(tiny_plan.plan) == tiny_plan.period  # 2014/15 Q3 is open, not published
    unpublished = make.period(2015, 1, published=False)
    make.measurement(tiny_plan.asb, unpublished, 90)  # a value, but residents do not see the quarter
    assert reporting_period(tiny_plan.plan) == tiny_plan.period
    make.period(2015, 2)  # published with no figures for the plan: moves nothing
    assert reporting_period(tiny_plan.plan) == tiny_plan.period
    later = make.period(2016, 1)  # published with a figure, after the plan's years: the plan kept reporting
    make.measurement(tiny_plan.asb, later, 95)
    assert reporting_period(tiny_plan.plan) == later
    assert reporting_period(None) == later
    ReportingPeriod.objects.update(published_at=None)
    assert reporting_period(tiny_plan.plan) is None


def test_indicator_page_has_every_quarter_from_the_first_value_to_the_period(tiny_plan):
    page = indicator_page(tiny_plan.crime, tiny_plan.period)
    assert [row.key for row in page.rows] == [(2013, 1), (2013, 2), (2013, 3), (2013, 4), (2014, 1), (2014, 2)]
    assert page.rows[2].measurement is None
    assert page.rows[2].assessment.rag == Rag.NO_DATA
    assert page.latest.key == (2014, 2)
    assert page.latest.assessment.rag == Rag.GREEN
    assert [change.summary for change in page.changes] == ["Target 2014/15"]
    assert 'role="img"' in page.chart
    # Cumulative: the chart plots each quarter's own count with the quarter's share of the target.
    values, targets, last_year = page._chart_points()
    assert values[-2:] == [D(950), D(1000)]
    assert targets[-2:] == [D(1000), D(1000)]
    assert last_year[-2:] == [D(1100), D(1000)]


def test_indicator_page_compares_areas_with_the_average_area_for_counts(tiny_plan):
    page = indicator_page(tiny_plan.crime, tiny_plan.period)
    assert page.area_borough_value == D(1950)
    assert page.area_comparison_value == D(975)
    assert [(row.area.name, row.value, row.comparison) for row in page.area_rows] == [
        ("Boxmoor", D(850), AreaComparison.BETTER),
        ("Highfield", D(1100), AreaComparison.WORSE),
    ]
    assert "Highfield" in page.area_chart


def test_indicator_page_without_area_figures_has_no_area_rows(tiny_plan):
    page = indicator_page(tiny_plan.feel_safe, tiny_plan.period)
    assert page.area_rows == []
    assert page.latest.measurement.revision_note.startswith("Revised from 65.5")
    assert page.has_provisional


@pytest.mark.parametrize(
    ("polarity", "area", "borough", "expected"),
    [
        ("lower", "850", "975", AreaComparison.BETTER),
        ("lower", "1100", "975", AreaComparison.WORSE),
        ("higher", "60.1", "61.8", AreaComparison.WORSE),
        ("higher", "61.84", "61.8", AreaComparison.SAME),  # equal at one decimal place
        ("higher", None, "61.8", AreaComparison.UNKNOWN),
    ],
)
def test_compare_with_borough_respects_polarity_and_precision(tiny_plan, polarity, area, borough, expected):
    indicator = tiny_plan.feel_safe
    indicator.polarity = polarity
    result = compare_with_borough(indicator, None if area is None else D(area), D(borough))
    assert result == expected


def test_borough_comparison_value_is_the_average_area_only_for_counts(tiny_plan):
    assert borough_comparison_value(tiny_plan.crime, D(1950), 2) == D(975)
    assert borough_comparison_value(tiny_plan.crime, D(1950), 0) is None
    assert borough_comparison_value(tiny_plan.feel_safe, D("66.0"), 2) == D("66.0")
