"""A change indicator reads in one line, and a spend beside its budget, on every page that shows figures.

The tiny plan at 2014/15 Q2, plus: crime as the police publish it, a % change on last year
(−3.9% last year, −6.1% now) against “reduce by 2%”; youth services spend (Safety) paired with
its budget (Environment): £812,000 of £1,250,000, 65%.
"""

from decimal import Decimal as D

import pytest

from indicators.models import Unit
from indicators.services import indicator_save
from reports.selectors import annual_report_content

pytestmark = pytest.mark.django_db

MINUS = "\u2212"
CHANGE_LINE = f"Target {MINUS}2%, year to date {MINUS}6.1% (last year {MINUS}3.9%)"
BUDGET_LINE = "£812,000 spent of £1,250,000 budget (65%)"


@pytest.fixture
def figures(tiny_plan, make):
    change = make.indicator(
        tiny_plan.safety, "CS-9", "Crime change on last year", unit=Unit.CHANGE_PERCENT, polarity="lower",
        decimal_places=1, order=9,
    )  # fmt: skip
    make.target(change, 2014, D(-2), kind="percent_change", comparator="last_year")
    make.measurement(change, tiny_plan.periods[(2013, 2)], D("-3.9"))
    make.measurement(change, tiny_plan.period, D("-6.1"))
    budget = make.indicator(tiny_plan.environment, "EN-9", "Youth services budget", unit=Unit.POUNDS, order=9)
    spend = make.indicator(tiny_plan.safety, "CS-8", "Youth services spend", unit=Unit.POUNDS, order=8)
    spend.budget = budget
    indicator_save(indicator=spend)
    make.measurement(budget, tiny_plan.period, D(1250000))
    make.measurement(spend, tiny_plan.period, D(812000))
    return tiny_plan, change, spend, budget


def test_theme_page_shows_the_change_line_and_the_spend_against_a_budget_of_another_theme(
    client, figures, public_page, django_assert_num_queries
):
    tiny_plan, *_ = figures
    # The same 10 queries as any theme page (see test_public_views): the budget's figure comes
    # with the theme's own judged figures, in one query.
    with django_assert_num_queries(10):
        response = client.get(tiny_plan.safety.get_absolute_url())
    html = public_page(response, "Safety — Tiny Plan")
    assert f'<span class="figure-line">{CHANGE_LINE}</span>' in html
    assert f'<span class="budget-line">{BUDGET_LINE}</span>' in html
    assert f"{MINUS}6.1%" in html and "£812,000" in html
    # The percentage beside them (feel safe, 65% → 66%) changed by points, never by a % of itself.
    assert "up 1.0 percentage point on last year" in html
    assert "+1.5%" not in html


def test_a_budget_not_published_is_not_shown_beside_its_spend(client, figures):
    tiny_plan, _, _, budget = figures
    budget.is_public = False
    indicator_save(indicator=budget)
    html = client.get(tiny_plan.safety.get_absolute_url()).content.decode()
    assert "budget (" not in html
    spend_page = client.get(figures[2].get_absolute_url())
    assert spend_page.status_code == 200 and "budget (" not in spend_page.content.decode()


def test_indicator_pages_of_a_change_a_spend_and_a_budget(client, figures, public_page, django_assert_num_queries):
    _, change, spend, budget = figures
    html = public_page(client.get(change.get_absolute_url()), "Crime change on last year — Tiny Plan")
    assert f'<p class="figure-line">{CHANGE_LINE}</p>' in html
    assert "Last year’s change" in html
    assert "Amber when the target change is missed by no more than 1 percentage point." in html
    # 1 indicator, 2 current plan, 3 reporting period, 4 borough values, 5 judged figures (with the
    # paired budget's), 6 its latest published figure, 7 change log, 8 comment count, 9 latest comments.
    with django_assert_num_queries(9):
        response = client.get(spend.get_absolute_url())
    assert f'<p class="budget-line">{BUDGET_LINE}</p>' in public_page(response, "Youth services spend — Tiny Plan")
    assert BUDGET_LINE in client.get(budget.get_absolute_url()).content.decode()


def test_the_dashboard_and_its_table_show_money_changes_and_the_budget(client, figures, personas):
    tiny_plan, *_ = figures
    client.force_login(personas["board_member"])
    html = client.get(f"/dashboard/?period={tiny_plan.period.pk}").content.decode()
    assert "Budget and spend" in html and BUDGET_LINE in html
    table = client.get(f"/dashboard/indicators/?period={tiny_plan.period.pk}").content.decode()
    assert "£812,000" in table and f"{MINUS}6.1%" in table
    # The exports keep raw numbers in their cells.
    csv = client.get(f"/dashboard/indicators/?period={tiny_plan.period.pk}&format=csv")
    text = csv.content.decode("utf-8-sig")
    assert "Youth services spend,1. Safety,Pounds (£),812000," in text
    assert "% change on last year,-6.1,-2.0,On target," in text


def test_the_annual_report_reads_a_change_indicator_in_one_line(figures):
    tiny_plan, *_ = figures
    content = annual_report_content(tiny_plan.plan, 2014)
    lines = {line.code: line for theme in content.themes for line in theme.indicators}
    assert lines["CS-9"].change_line == CHANGE_LINE
    assert lines["CS-8"].value_text == "£812,000"
    assert lines["CS-01"].change_text == "up 1.0 percentage point"  # a percentage: 65% → 66%
