"""Upgrading: quarters residents could already see become published, so no public page goes blank.

The test database goes back to the schema before quarters were published (indicators at
``0006``, returns at ``0001``), quarters are written there as an existing deployment has them,
and the data migration ``returns/0004_publish_quarters_already_shown`` runs.
"""

import datetime
from decimal import Decimal as D

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from indicators.models import ReportingPeriod

BEFORE = [("indicators", "0010_historical_period_partnership"), ("returns", "0003_partnership_required")]

# Slow: each test migrates the database back to an old schema and forward again (make test runs
# them, make test-fast leaves them out).
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


@pytest.fixture
def before_publishing():
    yield _migrate(BEFORE)
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_quarters_with_approved_returns_or_published_values_become_published(before_publishing):
    get = before_publishing.get_model
    # Historical models know nothing of stamping: each row is given its partnership.
    owner = {"partnership": get("partnership", "Partnership").objects.create(name="P", slug="p", place="Dacorum")}
    plan = get("partnership", "CommunityPlan").objects.create(
        title="Plan", slug="plan", area="Dacorum", start_year=2004, end_year=2014, vision="v", status="adopted", **owner
    )
    forum = get("partnership", "Forum").objects.create(
        plan=plan, name="Community Safety Partnership", slug="csp", **owner
    )
    theme = get("themes", "Theme").objects.create(
        plan=plan, number=1, title="Safety", slug="safety", vision="v", lead_forum=forum, **owner
    )
    indicator = get("indicators", "Indicator").objects.create(
        theme=theme, code="CS-02", slug="crime", title="Recorded crime", definition="d", polarity="lower", source="s",
        **owner,
    )  # fmt: skip

    def period(quarter, status="closed"):
        starts, ends = ReportingPeriod.dates_for(2014, quarter)
        return get("indicators", "ReportingPeriod").objects.create(
            financial_year=2014,
            quarter=quarter,
            starts_on=starts,
            ends_on=ends,
            return_deadline=ends + datetime.timedelta(days=30),
            status=status,
            **owner,
        )

    approved_at = timezone.make_aware(datetime.datetime(2014, 7, 20, 11, 0))
    with_return, with_values, submitted_only = period(1), period(2), period(3, "open")
    period(4, "upcoming")  # untouched
    returns = get("returns", "QuarterlyReturn").objects
    returns.create(forum=forum, period=with_return, status="approved", approved_at=approved_at, **owner)
    get("indicators", "Measurement").objects.create(indicator=indicator, period=with_values, value=D(900), **owner)
    returns.create(forum=forum, period=submitted_only, status="submitted", **owner)

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    published = {p.quarter: p.published_at for p in ReportingPeriod.objects.all()}
    assert published[1] == approved_at  # as of its last approval
    assert published[2] is not None  # values without a return (past figures): as of the upgrade
    assert published[3] is None and published[4] is None  # nothing approved: not published
    # The public pages keep reporting on what they showed before the upgrade.
    from indicators.selectors import reporting_period
    from partnership.models import CommunityPlan

    assert reporting_period(CommunityPlan.objects.get()).key == (2014, 2)
