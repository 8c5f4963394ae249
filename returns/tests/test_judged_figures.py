"""The judged figures (``IndicatorStatus``) are refreshed by every write, and equal a full rebuild.

The property test applies random sequences of the writes that change an input — approving
and reopening returns, setting and deleting targets, changing an indicator's polarity,
tolerance, baseline, year-to-date rule, unit (every measure kind) or publication, withdrawing
a value — and checks
after each sequence that the rows the services kept up to date are exactly the rows a
rebuild from scratch makes. It lives here, above both apps, because two of those writes
are the returns workflow's.
"""

import random
from decimal import Decimal as D

import pytest

from indicators import services as indicator_services
from indicators.models import Indicator, IndicatorStatus, Measurement, ReportingPeriod, Target
from indicators.tests.status import ensure_periods, stored_rows
from returns import services
from returns.models import QuarterlyReturn, ReturnValue

pytestmark = pytest.mark.django_db


def _value(rng: random.Random) -> D | None:
    return None if rng.random() < 0.15 else D(rng.randint(0, 40) * 25)


def _approve(world, rng: random.Random, periods) -> None:
    period = rng.choice(periods)
    quarterly_return, _ = QuarterlyReturn.objects.get_or_create(forum=world.safety, period=period)
    quarterly_return.values.all().delete()
    places = [(world.feel_safe, None), (world.crime, None), *((world.crime, area) for area in world.areas)]
    ReturnValue.objects.bulk_create(
        ReturnValue(quarterly_return=quarterly_return, indicator=indicator, area=area, value=_value(rng))
        for indicator, area in places
        if rng.random() < 0.85
    )
    QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(status=QuarterlyReturn.Status.SUBMITTED)
    services.return_approve(quarterly_return=quarterly_return, by=world.users["support"])


def _reopen(world, rng: random.Random, periods) -> None:
    approved = list(QuarterlyReturn.objects.filter(forum=world.safety, status=QuarterlyReturn.Status.APPROVED))
    if approved:
        services.return_reopen(quarterly_return=rng.choice(approved), by=world.users["support"], reason="Check")


def _set_target(world, rng: random.Random, periods) -> None:
    indicator = Indicator.objects.get(pk=rng.choice([world.crime.pk, world.feel_safe.pk]))
    year, quarter = rng.choice([2012, 2013, 2014]), rng.choice([None, None, 1, 2, 3, 4])
    target = Target.objects.filter(indicator=indicator, financial_year=year, quarter=quarter).first() or Target(
        indicator=indicator, financial_year=year, quarter=quarter
    )
    if rng.random() < 0.5:
        target.kind, target.comparator, target.value = "absolute", "", D(rng.randint(1, 40) * 25)
    else:
        target.kind = "percent_change"
        # A change indicator's target is a change on last year (the baseline is refused).
        target.comparator = "last_year" if indicator.unit == "change_percent" else rng.choice(["last_year", "baseline"])
        target.value = D(rng.randint(-10, 10))
    indicator_services.target_save(target=target, reason="Revised", by=world.users["support"])


def _delete_target(world, rng: random.Random, periods) -> None:
    targets = list(Target.objects.filter(indicator__theme__plan=world.plan))
    if targets:
        rng.choice(targets).delete()  # as the admin's inline does


def _change_indicator(world, rng: random.Random, periods) -> None:
    indicator = Indicator.objects.get(pk=rng.choice([world.crime.pk, world.feel_safe.pk]))
    change = rng.choice(["polarity", "tolerance", "baseline", "cumulative", "public", "definition", "unit", "unit"])
    if change == "unit":
        # Every measure kind: a level, a percentage (changes in points), a % change on last year (never cumulative).
        indicator.unit = rng.choice([unit for unit in ("count", "percent", "change_percent") if unit != indicator.unit])
        if indicator.unit == "change_percent":
            indicator.cumulative = False
    elif change == "cumulative" and indicator.unit == "change_percent":
        indicator.unit = "count"
    elif change == "polarity":
        indicator.polarity = "higher" if indicator.polarity == "lower" else "lower"
    elif change == "tolerance":
        indicator.tolerance_percent = rng.choice([None, D(1), D(10), D(25)])
    elif change == "baseline":
        indicator.baseline_value = rng.choice([None, D(500), D(900)])
    elif change == "cumulative":
        indicator.cumulative = not indicator.cumulative
    elif change == "public":
        indicator.is_public = not indicator.is_public
    else:
        indicator.definition = f"Counted another way ({rng.randint(1, 99)})."
    indicator_services.indicator_save(indicator=indicator, reason="Changed", by=world.users["support"])


def _withdraw_value(world, rng: random.Random, periods) -> None:
    published = list(Measurement.objects.filter(indicator__theme__plan=world.plan).values_list("pk", flat=True))
    if published:
        indicator_services.measurements_delete(measurements=Measurement.objects.filter(pk=rng.choice(published)))


def _publish(world, rng: random.Random, periods) -> None:
    unpublished = list(ReportingPeriod.objects.filter(published_at__isnull=True, status="closed"))
    if unpublished:
        services.period_publish(period=rng.choice(unpublished), by=world.users["support"])


def _withdraw_publication(world, rng: random.Random, periods) -> None:
    published = list(ReportingPeriod.objects.published())
    if published:
        period = rng.choice(published)
        period.published_at = None
        period.save()  # as the admin does: a quarter published by mistake


WRITES = [
    _approve,
    _approve,
    _approve,
    _reopen,
    _set_target,
    _delete_target,
    _change_indicator,
    _withdraw_value,
    _publish,
    _withdraw_publication,
]


@pytest.mark.parametrize("seed", range(4))
def test_rows_kept_by_the_writes_equal_a_full_rebuild(world, seed):
    rng = random.Random(seed)
    periods = [p for p in ensure_periods() if p.financial_year >= 2012]
    if seed % 2:  # half the runs start with crime reported as a % change on last year
        crime = Indicator.objects.get(pk=world.crime.pk)
        crime.unit, crime.cumulative = "change_percent", False
        indicator_services.indicator_save(indicator=crime, reason="The police publish the change only.")
    headlines = []  # how many headline figures (``is_latest``) each sequence left
    for _sequence in range(3):
        for _write in range(8):
            rng.choice(WRITES)(world, rng, periods)
        kept = stored_rows()
        assert kept, "the plan has judged figures"
        headlines.append(IndicatorStatus.objects.filter(is_latest=True).count())
        indicator_services.indicator_status_rebuild(indicators=Indicator.objects.all())
        assert stored_rows() == kept
    assert any(headlines), "the flag was exercised, not only compared while unset"
