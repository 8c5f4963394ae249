"""The judged figures (``IndicatorStatus``): what a row holds, which rows exist, and the rebuild.

That the writes keep them equal to a full rebuild, including approving and reopening returns,
is checked from the app above: ``returns/tests/test_judged_figures.py``.
"""

import io
from dataclasses import replace
from decimal import ROUND_HALF_EVEN
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from indicators import services
from indicators.models import Indicator, IndicatorStatus, Measurement, ReportingPeriod
from indicators.rag import Rag, assess_indicator
from indicators.tests.status import ensure_periods, stored_rows

pytestmark = pytest.mark.django_db


def test_a_row_holds_what_assess_makes_of_the_values_and_targets(world):
    stored = IndicatorStatus.objects.get(indicator=world.crime, period=world.last_period, area=None)
    series = {
        m.period.key: m.value
        for m in Measurement.objects.filter(indicator=world.crime, area=None).select_related("period")
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


def test_every_quarter_has_a_borough_row_and_areas_only_where_they_have_values(world):
    area = world.areas[0]
    Measurement.objects.create(indicator=world.crime, period=world.last_period, area=area, value=D(10))
    borough = IndicatorStatus.objects.filter(indicator=world.crime, area=None).count()
    assert borough == ReportingPeriod.objects.count()
    area_rows = IndicatorStatus.objects.filter(indicator=world.crime, area=area)
    assert [row.period.key for row in area_rows] == [(2014, 1)]  # no 2015/16 quarters exist for next year's row
    # The whole area's row counts the areas with a value at its quarter (the area page's average).
    reporting = Measurement.objects.filter(indicator=world.crime, period=world.last_period, area__isnull=False)
    borough_row = IndicatorStatus.objects.get(indicator=world.crime, period=world.last_period, area=None)
    assert borough_row.areas_reported == reporting.count() >= 1
    assert area_rows.get().areas_reported == 0


def test_a_value_moved_to_another_quarter_is_judged_again_where_it_was_and_where_it_went(world):
    earlier = ensure_periods()[2]  # 2012/13 Q3: another financial year
    moved = Measurement.objects.get(indicator=world.crime, period=world.last_period, area=None)
    moved.period = earlier
    moved.save()  # as the admin saves a correction to the quarter
    kept = stored_rows()
    was = IndicatorStatus.objects.get(indicator=world.crime, period=world.last_period, area=None)
    assert (was.quarter_value, was.rag) == (None, Rag.NO_DATA)
    services.indicator_status_rebuild(indicators=Indicator.objects.all())
    assert stored_rows() == kept


def _latest(indicator) -> list[tuple]:
    return [
        (row.period.key, row.quarter_value)
        for row in IndicatorStatus.objects.filter(indicator=indicator, is_latest=True).select_related("period")
    ]


def test_the_latest_published_figure_is_flagged_and_follows_values_and_publication(world):
    assert _latest(world.crime) == [((2014, 1), D(950))]  # the newest published quarter with a value
    assert _latest(world.feel_safe) == []  # no value published yet
    # A value in a quarter not yet published (the open one) leaves the headline where it was…
    Measurement.objects.create(indicator=world.crime, period=world.period, value=D(900))
    assert _latest(world.crime) == [((2014, 1), D(950))]
    # …until the quarter is published (here by the admin; ``period_publish`` in the workflow).
    world.period.published_at = world.last_period.published_at
    world.period.save()
    assert _latest(world.crime) == [((2014, 2), D(900))]
    # A value withdrawn: the quarter before leads again.
    services.measurements_delete(measurements=Measurement.objects.filter(indicator=world.crime, period=world.period))
    assert _latest(world.crime) == [((2014, 1), D(950))]
    # A quarter's publication withdrawn: its figure no longer leads.
    world.last_period.published_at = None
    world.last_period.save()
    assert _latest(world.crime) == [((2013, 2), D(1000))]
    # Area rows are never the headline.
    area = world.areas[0]
    Measurement.objects.create(indicator=world.crime, period=world.period, area=area, value=D(10))
    assert IndicatorStatus.objects.filter(area=area, is_latest=True).count() == 0


def test_the_command_rebuilds_what_was_lost(world):
    kept = stored_rows()
    IndicatorStatus.objects.all().delete()
    call_command("refresh_indicator_status", "--plan", world.plan.slug, stdout=io.StringIO())
    assert stored_rows() == kept
    IndicatorStatus.objects.all().delete()
    call_command("refresh_indicator_status", stdout=io.StringIO())
    assert stored_rows() == kept


def test_the_command_refuses_an_unknown_plan(world):
    with pytest.raises(CommandError, match="No plan"):
        call_command("refresh_indicator_status", "--plan", "nowhere")


@pytest.mark.slow  # loads the demo and builds the synthetic plan (about 7 s)
def test_the_demo_loader_and_the_synthetic_dataset_end_with_every_figure_judged():
    from demo.loader import load_demo
    from demo.synthetic import generate

    load_demo()
    generate(scale=0.04, seed=1)  # one area; it makes no new quarter the demo lacks
    kept = stored_rows()
    assert IndicatorStatus.objects.filter(indicator__theme__plan__slug="synthetic-borough").exists()
    assert IndicatorStatus.objects.filter(area__isnull=False).exists()
    services.indicator_status_rebuild(indicators=Indicator.objects.all())
    assert stored_rows() == kept
