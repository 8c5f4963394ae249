"""RAG status and direction of travel: one function for pages, dashboards and the report.

How UK councils report an indicator each quarter, and so how ``assess`` works:

* **RAG** compares the value with the target. Green: the target is met. Amber: missed,
  but within the tolerance (a % of the target, 5% unless the indicator sets its own).
  Red: missed by more. Polarity says which way is "met" (``lower is better`` for crime).
* A target is either an **absolute value**, or a **% change** against a comparator —
  the same period last year, or the baseline ("reduce by 3% on last year"). A % change
  target is turned into a value in the indicator's own units first, so one comparison
  serves both kinds.
* **Cumulative** indicators (crimes, new homes…) are judged on the **year to date**: the
  sum of the financial year's quarters so far. An annual absolute target is profiled
  evenly (Q2 is judged against half of it); a quarter-specific target is used as it is.
  Their direction of travel is year to date against the same point last year.
* **Direction of travel** is separate from RAG: the value against the same period last
  year — improving, stable (a change within ``stable_band`` %) or worsening.
* **What a value measures** (``MeasureKind``) decides how changes are reckoned. A *level*
  (a count, a rate, money…) changes in per cent. A *percentage* changes in percentage
  points: a "% change" target on it is a change in points ("increase by 2" takes 70% to
  72%), and its change on last year and its shortfall are stored in points, never as a
  % change of a percentage. A *change* indicator's value already is the % change on last
  year ("crime down 6.1%"): its value, last year's change and its target change ("reduce
  by 2%", whether entered as a % change on last year or as a value) are compared
  directly; its tolerance is in percentage points, and its direction of travel compares
  this year's change with last year's.
* Missing data never guesses: no value (or no year to date because a quarter is
  missing) is ``no data``; a value without a target is ``no target``; a % change target
  without its comparator value is ``no data`` with the reason said.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Protocol

from django.db import models

PeriodKey = tuple[int, int]  # (financial year, quarter)

HUNDRED = Decimal(100)
DEFAULT_STABLE_BAND = Decimal(1)


class Rag(models.TextChoices):
    GREEN = "green", "On target"
    AMBER = "amber", "Near target"
    RED = "red", "Off target"
    NO_TARGET = "no_target", "No target"
    NO_DATA = "no_data", "No data"


class Trend(models.TextChoices):
    IMPROVING = "improving", "Improving"
    STABLE = "stable", "Stable"
    WORSENING = "worsening", "Worsening"
    NO_DATA = "no_data", "Not known"


class MeasureKind(models.TextChoices):
    """What an indicator's value is, which decides how its changes are reckoned (see the module docstring)."""

    LEVEL = "level", "A level: a count, a rate, money, a score"
    PERCENTAGE = "percentage", "A percentage"
    CHANGE = "change", "A % change on last year"


# For a change indicator a blank tolerance is this many percentage points: the portal's default
# tolerance is a % of the target, which for a target change of −2% would be a band of 0.1 points.
DEFAULT_CHANGE_TOLERANCE_POINTS = Decimal(1)


class TargetLike(Protocol):
    kind: str  # "absolute" or "percent_change"
    value: Decimal
    comparator: str  # "" for absolute, "last_year" or "baseline"
    quarter: int | None


@dataclass(frozen=True)
class Assessment:
    rag: Rag
    trend: Trend
    value: Decimal | None  # what was judged: the quarter's value, or the year to date
    target_value: Decimal | None  # the target in the indicator's units, profiled for the quarter
    last_year_value: Decimal | None  # same period (or year to date) last year
    change_percent: Decimal | None  # value against last year, in % (levels only)
    shortfall_percent: Decimal | None  # how far off target, in % of the target; > 0 is worse (levels only)
    is_year_to_date: bool
    reason: str = ""
    # Percentages and changes: the same two figures in percentage points (the % ones are then None).
    change_points: Decimal | None = None
    shortfall_points: Decimal | None = None

    @property
    def shortfall(self) -> Decimal | None:
        """How far off target, in % of the target or in points: what the board sorts exceptions by."""
        return self.shortfall_percent if self.shortfall_percent is not None else self.shortfall_points

    @property
    def is_exception(self) -> bool:
        """Red, or amber and getting worse: what the board's exceptions list shows."""
        return self.rag == Rag.RED or (self.rag == Rag.AMBER and self.trend == Trend.WORSENING)


def year_to_date(series: Mapping[PeriodKey, Decimal], period: PeriodKey) -> Decimal | None:
    """Sum of the financial year's quarters up to ``period``; ``None`` if any is missing."""
    year, quarter = period
    values = [series.get((year, q)) for q in range(1, quarter + 1)]
    if any(v is None for v in values):
        return None
    return sum(values, Decimal(0))


def percent_change(value: Decimal, base: Decimal) -> Decimal | None:
    if base == 0:
        return None
    return (value - base) / abs(base) * HUNDRED


def _better(polarity: str, value: Decimal, other: Decimal) -> bool:
    return value > other if polarity == "higher" else value < other


def _target_value(
    target: TargetLike,
    *,
    last_year_value: Decimal | None,
    baseline: Decimal | None,
    cumulative: bool,
    quarter: int,
    measure: str = MeasureKind.LEVEL,
) -> tuple[Decimal | None, str]:
    if measure == MeasureKind.CHANGE:
        # The value is a change on last year: the target's change is compared with it directly.
        if target.kind == "percent_change" and target.comparator == "baseline":
            return None, (
                "The value is a change on last year, and the target is a change on the baseline: "
                "they cannot be compared."
            )
        return target.value, ""
    if target.kind == "percent_change":
        base = baseline if target.comparator == "baseline" else last_year_value
        if base is None:
            what = "baseline" if target.comparator == "baseline" else "value for the same period last year"
            return None, f"The target is a % change, and there is no {what} to compare with."
        if target.comparator == "baseline" and cumulative and target.quarter is None:
            base = base * quarter / 4  # an annual baseline, profiled like the year to date
        if measure == MeasureKind.PERCENTAGE:
            return base + target.value, ""  # a change of a percentage is in percentage points
        return base * (HUNDRED + target.value) / HUNDRED, ""
    if cumulative and target.quarter is None:
        return target.value * quarter / 4, ""
    return target.value, ""


def rag_status(
    *,
    polarity: str,
    value: Decimal,
    target_value: Decimal,
    tolerance_percent: Decimal,
    tolerance_is_points: bool = False,
) -> Rag:
    """Green when the target is met, amber when missed within tolerance, red otherwise.

    The tolerance is a % of the target, or (``tolerance_is_points``, for change indicators) a
    number of percentage points either side of the target change.
    """
    if value == target_value or _better(polarity, value, target_value):
        return Rag.GREEN
    band = tolerance_percent if tolerance_is_points else abs(target_value) * tolerance_percent / HUNDRED
    if abs(value - target_value) <= band:
        return Rag.AMBER
    return Rag.RED


def direction_of_travel(
    *,
    polarity: str,
    value: Decimal | None,
    last_year_value: Decimal | None,
    stable_band: Decimal,
    measure: str = MeasureKind.LEVEL,
) -> tuple[Trend, Decimal | None]:
    """The trend, and the change it rests on: in % for levels and percentages, in points for changes.

    A change indicator's change is compared with last year's in percentage points (a % change
    of a change means nothing, and explodes near zero); ``stable_band`` is then in points.
    """
    if value is None or last_year_value is None:
        return Trend.NO_DATA, None
    if measure == MeasureKind.CHANGE:
        points = value - last_year_value
        if abs(points) <= stable_band:
            return Trend.STABLE, points
        return (Trend.IMPROVING if _better(polarity, value, last_year_value) else Trend.WORSENING), points
    change = percent_change(value, last_year_value)
    if change is None:  # last year was zero: any move away from zero is a real change
        if value == last_year_value:
            return Trend.STABLE, None
        return (Trend.IMPROVING if _better(polarity, value, last_year_value) else Trend.WORSENING), None
    if abs(change) <= stable_band:
        return Trend.STABLE, change
    return (Trend.IMPROVING if _better(polarity, value, last_year_value) else Trend.WORSENING), change


def assess(
    *,
    polarity: str,
    series: Mapping[PeriodKey, Decimal],
    period: PeriodKey,
    target: TargetLike | None,
    cumulative: bool = False,
    tolerance_percent: Decimal = Decimal(5),
    baseline: Decimal | None = None,
    stable_band: Decimal = DEFAULT_STABLE_BAND,
    measure: str = MeasureKind.LEVEL,
) -> Assessment:
    """Judge one indicator at one period.

    ``series`` maps (financial year, quarter) to the published borough (or area) value
    for each quarter; for cumulative indicators each value is that quarter's own count.
    ``target`` is the one in force for the period (see ``target_for``). ``measure`` is what
    the values are (``MeasureKind``); a change on last year is never added up over the year.
    For changes ``tolerance_percent`` is in percentage points.
    """
    if measure == MeasureKind.CHANGE:
        cumulative = False
    in_points = measure in (MeasureKind.PERCENTAGE, MeasureKind.CHANGE)
    year, quarter = period
    last_year = (year - 1, quarter)
    if cumulative:
        value = year_to_date(series, period)
        last_year_value = year_to_date(series, last_year)
    else:
        value = series.get(period)
        last_year_value = series.get(last_year)

    trend, change = direction_of_travel(
        polarity=polarity, value=value, last_year_value=last_year_value, stable_band=stable_band, measure=measure
    )
    change_points = None
    if in_points:
        # Never a % change of a percentage: the change is in points (the trend above is unchanged).
        change_points = None if value is None or last_year_value is None else value - last_year_value
        change = None

    def result(rag: Rag, target_value: Decimal | None = None, shortfall=None, reason: str = "") -> Assessment:
        return Assessment(
            rag=rag,
            trend=trend,
            value=value,
            target_value=target_value,
            last_year_value=last_year_value,
            change_percent=change,
            shortfall_percent=None if in_points else shortfall,
            is_year_to_date=cumulative,
            reason=reason,
            change_points=change_points,
            shortfall_points=shortfall if in_points else None,
        )

    if value is None:
        reason = "A quarter of this year is missing." if cumulative and series.get(period) is not None else ""
        return result(Rag.NO_DATA, reason=reason or "No value has been published for this period.")
    if target is None:
        return result(Rag.NO_TARGET, reason="No target is set for this period.")
    target_value, why = _target_value(
        target,
        last_year_value=last_year_value,
        baseline=baseline,
        cumulative=cumulative,
        quarter=quarter,
        measure=measure,
    )
    if target_value is None:
        return result(Rag.NO_DATA, reason=why)
    rag = rag_status(
        polarity=polarity,
        value=value,
        target_value=target_value,
        tolerance_percent=tolerance_percent,
        tolerance_is_points=measure == MeasureKind.CHANGE,
    )
    gap = value - target_value if polarity == "lower" else target_value - value
    # In percentage points for percentages and changes, whatever the target (a target change may be zero).
    shortfall = gap if in_points else (gap / abs(target_value) * HUNDRED if target_value else None)
    return result(rag, target_value=target_value, shortfall=shortfall)


def target_for(targets, period: PeriodKey) -> TargetLike | None:
    """The target in force at ``period``: the quarter's own, else the year's."""
    year, quarter = period
    yearly = None
    for target in targets:
        if target.financial_year != year:
            continue
        if target.quarter == quarter:
            return target
        if target.quarter is None:
            yearly = target
    return yearly


def assess_indicator(indicator, *, series: Mapping[PeriodKey, Decimal], period: PeriodKey, targets) -> Assessment:
    """``assess`` with the polarity, tolerance, baseline, cumulative flag and measure of an ``Indicator``."""
    return assess(
        polarity=indicator.polarity,
        series=series,
        period=period,
        target=target_for(targets, period),
        cumulative=indicator.cumulative,
        tolerance_percent=indicator.tolerance,
        baseline=indicator.baseline_value,
        measure=indicator.measure_kind,
    )
