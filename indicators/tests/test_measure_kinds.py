"""What a value measures — a level, a percentage, a % change on last year — and how its changes are judged and shown.

Property tests run ``assess`` over measure kind × polarity × random values (seeded, so a failure
repeats) and check the rules: a change indicator is compared directly with its target change and
last year's change; a percentage's changes and shortfalls are in percentage points; no % change of
a percentage (or of a change) is ever stored or shown.
"""

import random
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from indicators import services
from indicators.formatting import (
    budget_summary,
    change_summary,
    format_change,
    format_shortfall,
    format_value,
    parse_number,
)
from indicators.models import IndicatorStatus, Target, Unit, measure_kind_of
from indicators.rag import MeasureKind, Rag, Trend, assess

MINUS = "\u2212"
KINDS = [MeasureKind.LEVEL, MeasureKind.PERCENTAGE, MeasureKind.CHANGE]
POLARITIES = ["higher", "lower"]


def _target(value, kind="percent_change", comparator="last_year"):
    return SimpleNamespace(kind=kind, value=D(value), comparator=comparator if kind == "percent_change" else "")


def _random_case(rng: random.Random, measure: str):
    if measure == MeasureKind.CHANGE:
        this, last = D(rng.randint(-300, 300)) / 10, D(rng.randint(-300, 300)) / 10
    elif measure == MeasureKind.PERCENTAGE:
        this, last = D(rng.randint(0, 1000)) / 10, D(rng.randint(0, 1000)) / 10
    else:
        this, last = D(rng.randint(0, 5000)), D(rng.randint(1, 5000))
    kind = rng.choice(["absolute", "percent_change"])
    target = (
        _target(rng.randint(-10, 10), kind) if kind == "percent_change" else _target(this + rng.randint(-20, 20), kind)
    )
    return this, last, target


@pytest.mark.parametrize("measure", KINDS)
@pytest.mark.parametrize("polarity", POLARITIES)
def test_changes_and_shortfalls_are_in_points_for_percentages_and_changes_and_in_percent_for_levels(measure, polarity):
    rng = random.Random(f"{measure}-{polarity}")
    for _ in range(300):
        this, last, target = _random_case(rng, measure)
        judged = assess(
            polarity=polarity,
            series={(2013, 2): last, (2014, 2): this},
            period=(2014, 2),
            target=target,
            tolerance_percent=D(5),
            measure=measure,
        )
        assert judged.value == this and judged.last_year_value == last
        if measure == MeasureKind.LEVEL:
            assert judged.change_points is None and judged.shortfall_points is None
            assert judged.change_percent == (this - last) / abs(last) * 100
        else:
            # Never a % change of a percentage, nor of a change: only points are kept.
            assert judged.change_percent is None and judged.shortfall_percent is None
            assert judged.change_points == this - last
            gap = this - judged.target_value if polarity == "lower" else judged.target_value - this
            assert judged.shortfall_points == gap
            assert "%" not in format_change(judged.change_percent, judged.change_points)
            assert "%" not in format_shortfall(judged.shortfall_percent, judged.shortfall_points)


@pytest.mark.parametrize("polarity", POLARITIES)
def test_a_change_is_judged_directly_against_its_target_change_with_a_tolerance_in_points(polarity):
    rng = random.Random(polarity)
    better = (lambda a, b: a > b) if polarity == "higher" else (lambda a, b: a < b)
    for _ in range(500):
        this, last = D(rng.randint(-200, 200)) / 10, D(rng.randint(-200, 200)) / 10
        wanted = D(rng.randint(-100, 100)) / 10
        tolerance = D(rng.choice([0, 1, 2, 5]))
        # "Reduce by 2%" the same whether set as a % change on last year or as the value −2.
        for target in (_target(wanted), _target(wanted, "absolute")):
            judged = assess(
                polarity=polarity,
                series={(2013, 3): last, (2014, 3): this},
                period=(2014, 3),
                target=target,
                tolerance_percent=tolerance,
                measure=MeasureKind.CHANGE,
            )
            assert judged.target_value == wanted
            if this == wanted or better(this, wanted):
                assert judged.rag == Rag.GREEN
            elif abs(this - wanted) <= tolerance:
                assert judged.rag == Rag.AMBER
            else:
                assert judged.rag == Rag.RED
            # Direction of travel: this year's change against last year's, within 1 point is stable.
            if abs(this - last) <= 1:
                assert judged.trend == Trend.STABLE
            else:
                assert judged.trend == (Trend.IMPROVING if better(this, last) else Trend.WORSENING)


def test_the_police_example_reads_in_one_line():
    """“Crime down 6.1% on last year”, against “reduce by 2%”, with last year's change −3.9%."""
    judged = assess(
        polarity="lower",
        series={(2013, 2): D("-3.9"), (2014, 2): D("-6.1")},
        period=(2014, 2),
        target=_target(-2),
        cumulative=True,  # a change never adds up over the year, whatever the flag says
        tolerance_percent=D(1),
        measure=MeasureKind.CHANGE,
    )
    assert (judged.rag, judged.trend, judged.is_year_to_date) == (Rag.GREEN, Trend.IMPROVING, False)
    line = change_summary(value=judged.value, target_value=judged.target_value, last_year_value=judged.last_year_value)
    assert line == f"Target {MINUS}2%, year to date {MINUS}6.1% (last year {MINUS}3.9%)"
    assert format_change(judged.change_percent, judged.change_points) == "down 2.2 percentage points"


def test_a_change_target_against_the_baseline_cannot_judge_a_change():
    judged = assess(
        polarity="lower",
        series={(2014, 1): D(-5)},
        period=(2014, 1),
        target=_target(-2, comparator="baseline"),
        baseline=D(100),
        measure=MeasureKind.CHANGE,
    )
    assert judged.rag == Rag.NO_DATA and "cannot be compared" in judged.reason


def test_a_percent_change_target_on_a_percentage_is_in_points_not_a_percent_of_it():
    """The reported bug: “reduce by 3%” on 10% became a target of 9.7%. In points it is 7%."""
    judged = assess(
        polarity="lower",
        series={(2013, 1): D(10), (2014, 1): D("7.5")},
        period=(2014, 1),
        target=_target(-3),
        tolerance_percent=D(10),
        measure=MeasureKind.PERCENTAGE,
    )
    assert judged.target_value == D(7)
    assert judged.shortfall_points == D("0.5") and judged.shortfall_percent is None
    assert format_shortfall(judged.shortfall_percent, judged.shortfall_points) == "0.5 percentage points"
    assert format_change(judged.change_percent, judged.change_points) == "down 2.5 percentage points"
    assert judged.rag == Rag.AMBER  # 0.5 off a target of 7 is within 10% of it


def test_units_map_to_measure_kinds():
    assert measure_kind_of(Unit.PERCENT) == MeasureKind.PERCENTAGE
    assert measure_kind_of(Unit.CHANGE_PERCENT) == MeasureKind.CHANGE
    assert {measure_kind_of(u) for u in (Unit.COUNT, Unit.POUNDS, Unit.RATE_PER_1000, Unit.SCORE)} == {
        MeasureKind.LEVEL
    }


def test_figures_are_written_with_a_true_minus_and_money_with_pounds_and_commas():
    assert format_value(D("-6.1"), Unit.CHANGE_PERCENT, 1) == f"{MINUS}6.1%"
    assert format_value(D("1.5"), Unit.CHANGE_PERCENT, 1) == "+1.5%"
    assert format_value(D(0), Unit.CHANGE_PERCENT, 1) == "0.0%"
    assert format_value(D(1250000), Unit.POUNDS) == "£1,250,000"
    assert format_change(D("3.21")) == "+3.2%"
    assert format_change(None, D("0.04")) == "no change"
    assert format_change(None, D(1)) == "up 1.0 percentage point"
    assert budget_summary(D(812000), D(1250000)) == "£812,000 spent of £1,250,000 budget (65%)"
    assert budget_summary(D(5), D(0)) == "£5 spent of £0 budget"
    assert budget_summary(None, D(10)) == ""
    # What the portal writes, it reads back.
    assert parse_number(f"{MINUS}6.1%") == D("-6.1")
    assert parse_number("£1,250,000") == parse_number("1,250,000") == D(1250000)


def test_change_summary_says_what_is_missing_and_uses_this_year_for_annual_figures():
    assert change_summary(value=D("2.5"), target_value=None, last_year_value=None, year_to_date=False) == (
        "No target, this year +2.5% (last year not known)"
    )
    assert change_summary(value=None, target_value=D("-2.5"), last_year_value=D(1)) == (
        f"Target {MINUS}2.5%, year to date no data (last year +1.0%)"
    )


# --- Targets and indicators as stored -------------------------------------------------------------


def test_targets_describe_themselves_in_the_indicators_terms():
    def described(unit, **fields):
        return Target(financial_year=2014, **fields).describe(unit)

    change = {"kind": "percent_change", "value": D(-3), "comparator": "last_year"}
    assert described(Unit.COUNT, **change) == "reduction of 3% on the same period last year"
    assert described(Unit.PERCENT, **change) == "reduction of 3 percentage points on the same period last year"
    assert described(Unit.CHANGE_PERCENT, kind="absolute", value=D(-2)) == f"{MINUS}2%"
    assert described(Unit.POUNDS, kind="absolute", value=D(1250000)) == "£1,250,000"
    assert described(None, kind="absolute", value=D("12.50")) == "12.5"


@pytest.mark.django_db
def test_a_change_indicator_cannot_add_up_over_the_year_nor_take_a_target_against_the_baseline(tiny_plan):
    indicator = tiny_plan.asb
    indicator.unit = Unit.CHANGE_PERCENT
    indicator.cumulative = True
    with pytest.raises(ValidationError) as raised:
        indicator.full_clean()
    assert "does not add up over the year" in str(raised.value.message_dict["cumulative"])

    indicator.cumulative = False
    services.indicator_save(indicator=indicator, reason="The police now publish only the change.")
    target = Target(indicator=indicator, financial_year=2014, kind="percent_change", value=-2, comparator="baseline")
    with pytest.raises(ValidationError) as raised:
        target.full_clean()
    assert "set its target as a change on the same period last year" in str(raised.value.message_dict["comparator"])


@pytest.mark.django_db
def test_a_spend_is_paired_with_a_budget_only_in_money_in_the_same_plan_without_chains(make, tiny_plan):
    theme = tiny_plan.safety
    spend = make.indicator(theme, "M1", "Spend", unit=Unit.POUNDS)
    budget = make.indicator(theme, "M2", "Budget", unit=Unit.POUNDS)
    count = make.indicator(theme, "M3", "Visits", unit=Unit.COUNT)
    elsewhere_plan = make.plan("Other Plan")
    elsewhere_theme = make.theme(elsewhere_plan, 1, "Other", make.forum(elsewhere_plan, "Other Forum"))
    elsewhere = make.indicator(elsewhere_theme, "X1", "Other budget", unit=Unit.POUNDS)

    def problems(indicator, budget_indicator) -> dict:
        indicator.budget = budget_indicator
        try:
            indicator.full_clean()
        except ValidationError as error:
            return error.message_dict
        return {}

    assert problems(spend, budget) == {}
    assert "not in pounds" in problems(spend, count)["budget"][0]
    assert "same plan" in problems(spend, elsewhere)["budget"][0]
    assert "its own budget" in problems(spend, spend)["budget"][0]
    assert "money" in problems(count, budget)["unit"][0]
    spend.budget = budget
    services.indicator_save(indicator=spend)
    # No chains: the budget cannot be a spend, nor a spend another's budget; one spend per budget.
    other = make.indicator(theme, "M4", "Other spend", unit=Unit.POUNDS)
    assert "budget of another" in problems(budget, other)["budget"][0]
    assert "itself a spend" in problems(other, spend)["budget"][0]
    assert "already paired" in problems(other, budget)["budget"][0]


@pytest.mark.django_db
def test_the_read_model_stores_a_change_indicators_figures_in_points(world):
    crime = world.crime
    crime.unit, crime.cumulative, crime.decimal_places = Unit.CHANGE_PERCENT, False, 1
    services.indicator_save(indicator=crime, reason="The police publish the change only.")
    stored = IndicatorStatus.objects.get(indicator=crime, area=None, period=world.last_period)
    # 950 is now read as "+950%": what matters is how it is judged, directly against the −3 target.
    assert stored.target_value == D(-3) and stored.target_description == ""
    assert stored.change_percent is None and stored.change_points == D(950) - D(1000)
    assert stored.shortfall_percent is None and stored.shortfall_points == D(950) - D(-3)
    assert stored.rag == Rag.RED and stored.trend == Trend.IMPROVING
