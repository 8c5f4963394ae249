"""The public pages' read models, on the hand-checked tiny plan (see ``tiny_plan`` in conftest.py)."""

from decimal import Decimal as D

import pytest

from indicators import services
from indicators.models import Indicator
from indicators.rag import Rag, Trend
from indicators.selectors import AreaComparison, RagCounts
from public.selectors import (
    SPARKLINE_QUARTERS,
    area_page,
    home_page,
    indicator_downloads,
    monitoring_page,
    theme_page,
    theme_summaries,
)

pytestmark = pytest.mark.django_db


def test_theme_summaries_count_each_rag_status_of_public_indicators(tiny_plan):
    safety, environment = theme_summaries(tiny_plan.plan, tiny_plan.period)
    assert safety.theme == tiny_plan.safety
    # The secret indicator (not public) is not counted.
    assert safety.counts == RagCounts(green=1, amber=1, red=1)
    # Recycling has no value at the period: its last published one (2013/14 Q2, when it had no
    # target) stands, with its own quarter, rather than "no data".
    assert environment.counts == RagCounts(no_target=2)
    assert safety.counts.summary == "1 on target, 1 near target, 1 off target"


def test_home_page_totals_cross_cutting_themes_and_no_period(tiny_plan):
    page = home_page(tiny_plan.plan, tiny_plan.period)
    assert page.totals == RagCounts(green=1, amber=1, red=1, no_target=2)
    assert [(c.cross_cutting_theme.title, [t.title for t in c.themes]) for c in page.cross_cutting] == [
        ("Rejuvenating Tinyborough", ["Safety", "Environment"])
    ]
    assert page.vision_paragraphs == ["A borough to be proud of.", "Working together to make a difference."]
    assert not page.is_illustrative
    without_period = home_page(tiny_plan.plan, None)
    assert without_period.totals == RagCounts(no_data=5)


def test_home_page_says_when_figures_are_illustrative(tiny_plan):
    tiny_plan.litter.measurements.update(is_illustrative=True)
    # A bulk update sends no signal: judge again, as the bulk jobs that set the flag do.
    services.indicator_status_refresh(indicators=Indicator.objects.filter(pk=tiny_plan.litter.pk))
    assert home_page(tiny_plan.plan, tiny_plan.period).is_illustrative


def test_theme_page_rows_assess_each_public_indicator(tiny_plan):
    page = theme_page(tiny_plan.safety, tiny_plan.period)
    rows = {row.indicator.code: row for row in page.indicators}
    assert list(rows) == ["CS-01", "CS-02", "CS-03"]  # by order; CS-99 is not public
    crime = rows["CS-02"]
    assert crime.assessment.rag == Rag.GREEN
    assert crime.assessment.value == D(1950)  # year to date
    assert crime.assessment.target_value == D(2000)
    assert crime.assessment.trend == Trend.IMPROVING
    assert crime.value_text == "1,950"
    assert rows["CS-01"].assessment.rag == Rag.RED
    assert rows["CS-01"].latest.status == "provisional"
    assert rows["CS-01"].value_text == "66.0%"
    assert rows["CS-03"].assessment.rag == Rag.AMBER
    assert page.counts == RagCounts(green=1, amber=1, red=1)
    assert [o.objective for o in page.objectives] == [tiny_plan.objective]
    assert page.objectives[0].actions == [tiny_plan.action]
    assert page.partners == [tiny_plan.council, tiny_plan.police]
    assert [c.title for c in page.cross_cutting] == ["Rejuvenating Tinyborough"]


def test_theme_page_sparklines_cover_only_the_last_twelve_quarters(tiny_plan, make):
    old = make.period(2011, 2)  # thirteen quarters before 2014/15 Q2
    make.measurement(tiny_plan.crime, old, 5000)
    row = next(r for r in theme_page(tiny_plan.safety, tiny_plan.period).indicators if r.indicator == tiny_plan.crime)
    assert len(row.spark_values) == SPARKLINE_QUARTERS
    assert row.spark_keys[0] == (2011, 3)
    assert D(5000) not in row.spark_values
    assert row.spark_values[-6:] == [D(1100), D(1000), None, None, D(950), D(1000)]
    assert "from 1,100 to 1,000" in row.sparkline


def test_area_page_compares_the_area_with_the_borough(tiny_plan):
    page = area_page(tiny_plan.boxmoor, tiny_plan.period, tiny_plan.plan)
    assert [row.area_plan.year for row in page.area_plans] == [2014, 2013]
    priority = page.area_plans[0].priorities[0]
    assert priority.priority.title == "Tackle anti-social behaviour"
    assert priority.themes == [tiny_plan.safety]
    (crime,) = page.indicators  # the only public by-area indicator
    assert crime.area_value == D(850)
    assert crime.borough_value == D(1950)
    assert crime.comparison_value == D(975)
    assert crime.comparison == AreaComparison.BETTER
    assert crime.trend == Trend.IMPROVING  # 850 against 1,000 a year before


def test_area_page_without_a_plan_still_shows_area_plans(tiny_plan):
    page = area_page(tiny_plan.boxmoor, None, None)
    assert len(page.area_plans) == 2
    assert page.indicators == []


def test_downloads_hold_every_published_value_and_nothing_internal(tiny_plan):
    rows = indicator_downloads(tiny_plan.crime)
    assert len(rows) == 4 + 8  # borough and two areas
    assert set(rows[0]) == {
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
    }
    assert rows[0]["period"] == "2013/14 Q1"
    assert {row["area"] for row in rows} == {"borough", "ward"}


def test_monitoring_page_sorts_forums_by_role(tiny_plan):
    page = monitoring_page(tiny_plan.plan)
    assert [row.forum.name for row in page.lead_forums] == ["Community Safety Partnership", "Environmental Forum"]
    assert page.lead_forums[0].themes == [tiny_plan.safety]
    assert page.lead_forums[0].organisations == [tiny_plan.council, tiny_plan.police]
    assert [row.forum.name for row in page.support_groups] == ["LSP Support Group"]
    assert [row.forum.name for row in page.boards] == ["LSP Board"]
    assert [year.label for year in page.years] == ["2014/15", "2013/14"]
    assert page.next_deadline == tiny_plan.open_period
