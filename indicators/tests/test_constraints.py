"""The database itself refuses duplicate and contradictory data, on PostgreSQL and SQLite alike."""

import datetime
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Indicator, Measurement, ReportingPeriod, Target
from partnership.models import Area, CommunityPlan, Forum
from themes.models import Theme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("partnership")]


@pytest.fixture
def indicator():
    plan = CommunityPlan.objects.create(title="P", slug="p", area="A", start_year=2004, end_year=2014, vision="v")
    forum = Forum.objects.create(plan=plan, name="F", slug="f")
    theme = Theme.objects.create(plan=plan, number=1, title="T", slug="t", vision="v", lead_forum=forum)
    return Indicator.objects.create(
        theme=theme, code="X-1", slug="x-1", title="X", definition="d", polarity="higher", source="s"
    )


@pytest.fixture
def period():
    starts, ends = ReportingPeriod.dates_for(2014, 3)
    return ReportingPeriod.objects.create(
        financial_year=2014, quarter=3, starts_on=starts, ends_on=ends, return_deadline=ends
    )


def refused(**kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        Measurement.objects.create(**kwargs)


def test_one_borough_wide_value_per_indicator_and_period(indicator, period):
    Measurement.objects.create(indicator=indicator, period=period, value=D(1))
    refused(indicator=indicator, period=period, value=D(2))


def test_one_value_per_indicator_period_and_area(indicator, period):
    area = Area.objects.create(name="Highfield", slug="highfield", code="W1")
    Measurement.objects.create(indicator=indicator, period=period, area=area, value=D(1))
    Measurement.objects.create(indicator=indicator, period=period, value=D(9))  # borough-wide is separate
    refused(indicator=indicator, period=period, area=area, value=D(2))


def test_one_yearly_target_and_one_per_quarter(indicator):
    Target.objects.create(indicator=indicator, financial_year=2014, value=D(10))
    Target.objects.create(indicator=indicator, financial_year=2014, quarter=1, value=D(2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=indicator, financial_year=2014, value=D(11))
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=indicator, financial_year=2014, quarter=1, value=D(3))


def test_percent_change_target_needs_a_comparator(indicator):
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicator=indicator, financial_year=2014, kind="percent_change", value=D(-3))


def test_period_quarter_is_one_to_four():
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportingPeriod.objects.create(
            financial_year=2014,
            quarter=5,
            starts_on=datetime.date(2015, 4, 1),
            ends_on=datetime.date(2015, 6, 30),
            return_deadline=datetime.date(2015, 7, 31),
        )


@pytest.mark.parametrize(
    ("quarter", "starts", "ends"),
    [
        (1, datetime.date(2014, 4, 1), datetime.date(2014, 6, 30)),
        (3, datetime.date(2014, 10, 1), datetime.date(2014, 12, 31)),
        (4, datetime.date(2015, 1, 1), datetime.date(2015, 3, 31)),
    ],
)
def test_financial_year_quarters_run_april_to_march(quarter, starts, ends):
    assert ReportingPeriod.dates_for(2014, quarter) == (starts, ends)
