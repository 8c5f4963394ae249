"""The judged figures (``IndicatorStatus``): refreshed by every write, equal to a full rebuild.

The property test applies random sequences of the writes that change an input — approving
and reopening returns, setting and deleting targets, changing an indicator's polarity,
tolerance, baseline, year-to-date rule or publication, withdrawing a value — and checks
after each sequence that the rows the services kept up to date are exactly the rows a
rebuild from scratch makes.
"""

import io
import random
from dataclasses import replace
from decimal import ROUND_HALF_EVEN
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from indicators import services
from indicators.models import Indicator, IndicatorStatus, Measurement, ReportingPeriod, Target
from indicators.rag import Rag, assess_indicator
from returns.models import QuarterlyReturn, ReturnValue

pytestmark = pytest.mark.django_db

STORED_FIELDS = [
    field.attname for field in IndicatorStatus._meta.concrete_fields if field.attname not in ("id", "judged_at")
]


def _rows() -> list[tuple]:
    return sorted(IndicatorStatus.objects.values_list(*STORED_FIELDS), key=repr)


def _ensure_periods() -> list[ReportingPeriod]:
    for year in (2012, 2013, 2014):
        for quarter in (1, 2, 3, 4):
            starts, ends = ReportingPeriod.dates_for(year, quarter)
            ReportingPeriod.objects.get_or_create(
                financial_year=year,
                quarter=quarter,
                defaults={"starts_on": starts, "ends_on": ends, "return_deadline": ends, "status": "closed"},
            )
    return list(ReportingPeriod.objects.order_by("financial_year", "quarter"))


def _value(rng: random.Random) -> D | None:
    return None if rng.random() < 0.15 else D(rng.randint(0, 40) * 25)


def _approve(world, rng: random.Random, periods) -> None:
    period = rng.choice(periods)
    quarterly_return, _ = QuarterlyReturn.objects.get_or_create(forum=world.safety, period=period)
    quarterly_return.values.all().delete()
    places = [(world.feel_safe, None), (world.crime, None), *((world.crime, ward) for ward in world.wards)]
    ReturnValue.objects.bulk_create(
        ReturnValue(quarterly_return=quarterly_return, indicator=indicator, ward=ward, value=_value(rng))
        for indicator, ward in places
        if rng.random() < 0.85
    )
    QuarterlyReturn.objects.filter(pk=quarterly_return.pk).update(status=QuarterlyReturn.Status.SUBMITTED)
    services.return_approve(quarterly_return=quarterly_return, by=world.users["support"])


def _reopen(world, rng: random.Random, periods) -> None:
    approved = list(QuarterlyReturn.objects.filter(forum=world.safety, status=QuarterlyReturn.Status.APPROVED))
    if approved:
        services.return_reopen(quarterly_return=rng.choice(approved), by=world.users["support"], reason="Check")


def _set_target(world, rng: random.Random, periods) -> None:
    indicator = rng.choice([world.crime, world.feel_safe])
    year, quarter = rng.choice([2012, 2013, 2014]), rng.choice([None, None, 1, 2, 3, 4])
    target = Target.objects.filter(indicator=indicator, financial_year=year, quarter=quarter).first() or Target(
        indicator=indicator, financial_year=year, quarter=quarter
    )
    if rng.random() < 0.5:
        target.kind, target.comparator, target.value = "absolute", "", D(rng.randint(1, 40) * 25)
    else:
        target.kind = "percent_change"
        target.comparator = rng.choice(["last_year", "baseline"])
        target.value = D(rng.randint(-10, 10))
    services.target_save(target=target, reason="Revised", by=world.users["support"])


def _delete_target(world, rng: random.Random, periods) -> None:
    targets = list(Target.objects.filter(indicator__theme__plan=world.plan))
    if targets:
        rng.choice(targets).delete()  # as the admin's inline does


def _change_indicator(world, rng: random.Random, periods) -> None:
    indicator = Indicator.objects.get(pk=rng.choice([world.crime.pk, world.feel_safe.pk]))
    change = rng.choice(["polarity", "tolerance", "baseline", "cumulative", "public", "definition"])
    if change == "polarity":
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
    services.indicator_save(indicator=indicator, reason="Changed", by=world.users["support"])


def _withdraw_value(world, rng: random.Random, periods) -> None:
    published = list(Measurement.objects.filter(indicator__theme__plan=world.plan).values_list("pk", flat=True))
    if published:
        services.measurements_delete(measurements=Measurement.objects.filter(pk=rng.choice(published)))


WRITES = [_approve, _approve, _approve, _reopen, _set_target, _delete_target, _change_indicator, _withdraw_value]


@pytest.mark.parametrize("seed", range(4))
def test_rows_kept_by_the_writes_equal_a_full_rebuild(world, seed):
    rng = random.Random(seed)
    periods = [p for p in _ensure_periods() if p.financial_year >= 2012]
    for _sequence in range(3):
        for _write in range(8):
            rng.choice(WRITES)(world, rng, periods)
        kept = _rows()
        assert kept, "the plan has judged figures"
        services.indicator_status_rebuild(indicators=Indicator.objects.all())
        assert _rows() == kept


def test_a_row_holds_what_assess_makes_of_the_values_and_targets(world):
    stored = IndicatorStatus.objects.get(indicator=world.crime, period=world.last_period, ward=None)
    series = {
        m.period.key: m.value
        for m in Measurement.objects.filter(indicator=world.crime, ward=None).select_related("period")
    }
    expected = assess_indicator(
        world.crime, series=series, period=world.last_period.key, targets=list(world.crime.targets.all())
    )
    # Stored to ten decimal places: far finer than any page prints.
    assert stored.assessment == replace(
        expected, shortfall_percent=expected.shortfall_percent.quantize(D("1e-10"), rounding=ROUND_HALF_EVEN)
    )
    assert stored.rag == Rag.GREEN  # 950 crimes against 970 (3% fewer than 1,000 last year)
    assert stored.target_value == D(970)
    assert stored.target_description == "reduction of 3% on the same period last year"
    assert (stored.quarter_value, stored.status) == (D(950), Measurement.Status.FINAL)


def test_every_quarter_has_a_borough_row_and_wards_only_where_they_have_values(world):
    ward = world.wards[0]
    Measurement.objects.create(indicator=world.crime, period=world.last_period, ward=ward, value=D(10))
    borough = IndicatorStatus.objects.filter(indicator=world.crime, ward=None).count()
    assert borough == ReportingPeriod.objects.count()
    ward_rows = IndicatorStatus.objects.filter(indicator=world.crime, ward=ward)
    assert [row.period.key for row in ward_rows] == [(2014, 1)]  # no 2015/16 quarters exist for next year's row


def test_a_value_moved_to_another_quarter_is_judged_again_where_it_was_and_where_it_went(world):
    earlier = _ensure_periods()[2]  # 2012/13 Q3: another financial year
    moved = Measurement.objects.get(indicator=world.crime, period=world.last_period, ward=None)
    moved.period = earlier
    moved.save()  # as the admin saves a correction to the quarter
    kept = _rows()
    was = IndicatorStatus.objects.get(indicator=world.crime, period=world.last_period, ward=None)
    assert (was.quarter_value, was.rag) == (None, Rag.NO_DATA)
    services.indicator_status_rebuild(indicators=Indicator.objects.all())
    assert _rows() == kept


def test_the_command_rebuilds_what_was_lost(world):
    kept = _rows()
    IndicatorStatus.objects.all().delete()
    call_command("refresh_indicator_status", "--plan", world.plan.slug, stdout=io.StringIO())
    assert _rows() == kept
    IndicatorStatus.objects.all().delete()
    call_command("refresh_indicator_status", stdout=io.StringIO())
    assert _rows() == kept


def test_the_command_refuses_an_unknown_plan(world):
    with pytest.raises(CommandError, match="No plan"):
        call_command("refresh_indicator_status", "--plan", "nowhere")


def test_the_demo_loader_and_the_synthetic_dataset_end_with_every_figure_judged():
    from demo.loader import load_demo
    from demo.synthetic import generate

    load_demo()
    generate(scale=0.04, seed=1)  # one ward; it makes no new quarter the demo lacks
    kept = _rows()
    assert IndicatorStatus.objects.filter(indicator__theme__plan__slug="synthetic-borough").exists()
    assert IndicatorStatus.objects.filter(ward__isnull=False).exists()
    services.indicator_status_rebuild(indicators=Indicator.objects.all())
    assert _rows() == kept
