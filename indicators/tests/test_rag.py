"""Every case of the RAG-and-trend function, as UK councils report indicators."""

from dataclasses import dataclass
from decimal import Decimal as D

import pytest

from indicators.rag import Rag, Trend, assess, target_for, year_to_date


@dataclass
class T:
    """A target as ``assess`` sees it (the model has the same attributes)."""

    value: D
    kind: str = "absolute"
    comparator: str = ""
    quarter: int | None = None
    financial_year: int = 2014


def pct(value, comparator="last_year", **kw):
    return T(D(value), kind="percent_change", comparator=comparator, **kw)


Q3 = (2014, 3)


def quarterly(this_year, last_year=None):
    series = {(2014, 3): D(this_year)}
    if last_year is not None:
        series[(2013, 3)] = D(last_year)
    return series


# --- RAG against absolute targets -------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "value", "target", "expected"),
    [
        ("higher", "80", "75", Rag.GREEN),  # above target
        ("higher", "75", "75", Rag.GREEN),  # exactly on target counts as met
        ("higher", "72", "75", Rag.AMBER),  # 4% short, within 5% tolerance
        ("higher", "71.25", "75", Rag.AMBER),  # exactly at the tolerance edge
        ("higher", "71.24", "75", Rag.RED),  # just past it
        ("higher", "60", "75", Rag.RED),
        ("lower", "90", "100", Rag.GREEN),  # lower is better: under target is met
        ("lower", "104", "100", Rag.AMBER),
        ("lower", "105", "100", Rag.AMBER),
        ("lower", "105.01", "100", Rag.RED),
        ("lower", "130", "100", Rag.RED),
    ],
)
def test_rag_against_absolute_target_respects_polarity_and_tolerance(polarity, value, target, expected):
    result = assess(polarity=polarity, series=quarterly(value), period=Q3, target=T(D(target)))
    assert result.rag == expected


def test_indicator_tolerance_overrides_default():
    series = quarterly("72")
    assert (
        assess(polarity="higher", series=series, period=Q3, target=T(D(75)), tolerance_percent=D(10)).rag == Rag.AMBER
    )
    assert assess(polarity="higher", series=series, period=Q3, target=T(D(75)), tolerance_percent=D(0)).rag == Rag.RED


def test_zero_target_has_no_amber_band():
    assert assess(polarity="lower", series=quarterly("0"), period=Q3, target=T(D(0))).rag == Rag.GREEN
    assert assess(polarity="lower", series=quarterly("1"), period=Q3, target=T(D(0))).rag == Rag.RED


def test_shortfall_is_positive_when_worse_than_target_for_either_polarity():
    higher = assess(polarity="higher", series=quarterly("60"), period=Q3, target=T(D(80)))
    lower = assess(polarity="lower", series=quarterly("120"), period=Q3, target=T(D(100)))
    met = assess(polarity="lower", series=quarterly("90"), period=Q3, target=T(D(100)))
    assert higher.shortfall_percent == D(25)
    assert lower.shortfall_percent == D(20)
    assert met.shortfall_percent == D(-10)


# --- % change targets -------------------------------------------------------------------------


def test_percent_change_target_against_same_period_last_year():
    # Reduce by 3% on last year: 1000 last year → target 970.
    green = assess(polarity="lower", series=quarterly("960", "1000"), period=Q3, target=pct("-3"))
    amber = assess(polarity="lower", series=quarterly("990", "1000"), period=Q3, target=pct("-3"))
    red = assess(polarity="lower", series=quarterly("1050", "1000"), period=Q3, target=pct("-3"))
    assert green.target_value == D(970)
    assert (green.rag, amber.rag, red.rag) == (Rag.GREEN, Rag.AMBER, Rag.RED)


def test_percent_increase_target_for_higher_is_better():
    result = assess(polarity="higher", series=quarterly("110", "100"), period=Q3, target=pct("5"))
    assert result.target_value == D(105)
    assert result.rag == Rag.GREEN


def test_percent_change_target_against_baseline():
    result = assess(polarity="higher", series=quarterly("57"), period=Q3, target=pct("10", "baseline"), baseline=D(50))
    assert result.target_value == D(55)
    assert result.rag == Rag.GREEN


def test_percent_change_target_without_last_year_value_is_no_data_with_reason():
    result = assess(polarity="lower", series=quarterly("960"), period=Q3, target=pct("-3"))
    assert result.rag == Rag.NO_DATA
    assert "same period last year" in result.reason


def test_percent_change_target_against_missing_baseline_is_no_data():
    result = assess(polarity="lower", series=quarterly("960"), period=Q3, target=pct("-3", "baseline"))
    assert result.rag == Rag.NO_DATA
    assert "baseline" in result.reason


# --- Cumulative (year-to-date) indicators -----------------------------------------------------


def crime_series():
    """Recorded crime, a quarter's own count each quarter, over three years.

    2012/13 to Q3: 3,151 + 3,100 + 3,250 = 9,501
    2013/14 to Q3: 3,000 + 2,950 + 3,095 = 9,045   (−4.8% on 2012/13)
    2014/15 to Q3: 2,800 + 2,750 + 2,835 = 8,385   (−7.3% on 2013/14)
    """
    return {
        (2012, 1): D(3151),
        (2012, 2): D(3100),
        (2012, 3): D(3250),
        (2013, 1): D(3000),
        (2013, 2): D(2950),
        (2013, 3): D(3095),
        (2014, 1): D(2800),
        (2014, 2): D(2750),
        (2014, 3): D(2835),
    }


def test_community_safety_target_reduction_3_percent_year_to_date_minus_7_3():
    """“Target reduction −3%, year to date −7.3% (last year −4.8%)”: on target and improving."""
    series = crime_series()
    this_year = assess(polarity="lower", series=series, period=(2014, 3), target=pct("-3"), cumulative=True)
    last_year = assess(polarity="lower", series=series, period=(2013, 3), target=pct("-3"), cumulative=True)

    assert this_year.is_year_to_date
    assert this_year.value == D(8385)
    assert this_year.last_year_value == D(9045)
    assert round(this_year.change_percent, 1) == D("-7.3")
    assert this_year.target_value == D(9045) * D("0.97")
    assert this_year.rag == Rag.GREEN
    assert this_year.trend == Trend.IMPROVING
    assert round(last_year.change_percent, 1) == D("-4.8")
    assert last_year.rag == Rag.GREEN


def test_cumulative_annual_absolute_target_is_profiled_by_quarter():
    # 400 new homes a year: by Q2 the target is 200.
    series = {(2014, 1): D(90), (2014, 2): D(100)}
    result = assess(polarity="higher", series=series, period=(2014, 2), target=T(D(400)), cumulative=True)
    assert result.value == D(190)
    assert result.target_value == D(200)
    assert result.rag == Rag.AMBER


def test_cumulative_quarter_specific_target_is_used_as_given():
    series = {(2014, 1): D(90), (2014, 2): D(100)}
    result = assess(polarity="higher", series=series, period=(2014, 2), target=T(D(180), quarter=2), cumulative=True)
    assert result.target_value == D(180)
    assert result.rag == Rag.GREEN


def test_cumulative_with_a_missing_quarter_is_no_data_not_a_smaller_total():
    series = {(2014, 1): D(90), (2014, 3): D(100)}
    result = assess(polarity="higher", series=series, period=(2014, 3), target=T(D(400)), cumulative=True)
    assert result.rag == Rag.NO_DATA
    assert result.value is None
    assert "missing" in result.reason


def test_year_to_date_sums_only_this_financial_year():
    series = {(2013, 4): D(999), (2014, 1): D(1), (2014, 2): D(2)}
    assert year_to_date(series, (2014, 2)) == D(3)
    assert year_to_date(series, (2014, 3)) is None


# --- Missing data and targets -----------------------------------------------------------------


def test_no_value_is_no_data_whatever_the_target():
    result = assess(polarity="higher", series={}, period=Q3, target=T(D(10)))
    assert result.rag == Rag.NO_DATA
    assert result.trend == Trend.NO_DATA
    assert result.value is None


def test_value_without_target_is_no_target_but_still_has_a_trend():
    result = assess(polarity="higher", series=quarterly("80", "70"), period=Q3, target=None)
    assert result.rag == Rag.NO_TARGET
    assert result.trend == Trend.IMPROVING


# --- Direction of travel ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("polarity", "this_year", "last_year", "expected"),
    [
        ("higher", "80", "70", Trend.IMPROVING),
        ("higher", "60", "70", Trend.WORSENING),
        ("higher", "70.5", "70", Trend.STABLE),  # +0.7%: within the 1% band
        ("lower", "60", "70", Trend.IMPROVING),
        ("lower", "80", "70", Trend.WORSENING),
        ("lower", "69.5", "70", Trend.STABLE),
        ("lower", "5", "0", Trend.WORSENING),  # from zero: any rise is worse
        ("higher", "5", "0", Trend.IMPROVING),
        ("higher", "0", "0", Trend.STABLE),
    ],
)
def test_direction_of_travel_against_same_period_last_year(polarity, this_year, last_year, expected):
    result = assess(polarity=polarity, series=quarterly(this_year, last_year), period=Q3, target=None)
    assert result.trend == expected


def test_direction_of_travel_without_last_year_is_not_known():
    assert assess(polarity="higher", series=quarterly("80"), period=Q3, target=None).trend == Trend.NO_DATA


def test_trend_is_independent_of_rag():
    # Off target, yet better than last year: red and improving.
    result = assess(polarity="higher", series=quarterly("60", "50"), period=Q3, target=T(D(80)))
    assert (result.rag, result.trend) == (Rag.RED, Trend.IMPROVING)
    assert not assess(polarity="higher", series=quarterly("78", "70"), period=Q3, target=T(D(80))).is_exception


def test_exceptions_are_red_or_amber_and_worsening():
    red = assess(polarity="higher", series=quarterly("60", "50"), period=Q3, target=T(D(80)))
    amber_worse = assess(polarity="higher", series=quarterly("78", "85"), period=Q3, target=T(D(80)))
    amber_better = assess(polarity="higher", series=quarterly("78", "70"), period=Q3, target=T(D(80)))
    assert red.is_exception
    assert amber_worse.is_exception
    assert not amber_better.is_exception


# --- Which target is in force ------------------------------------------------------------------


def test_target_for_prefers_the_quarters_own_target_over_the_years():
    yearly, q3 = T(D(100)), T(D(75), quarter=3)
    other_year = T(D(1), financial_year=2013)
    assert target_for([yearly, q3, other_year], (2014, 3)) is q3
    assert target_for([yearly, q3, other_year], (2014, 2)) is yearly
    assert target_for([yearly, q3], (2015, 1)) is None
