"""``generate_synthetic``: the benchmark dataset's shape, uniqueness, refusal to overwrite, and determinism.

Scale 0.04 gives one ward: about 14,000 measurements, a second or so per run.
"""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q

from demo import synthetic
from indicators.models import Indicator, Measurement, ReportingPeriod, Target
from partnership.models import Area, AreaPlan, CommunityPlan, Forum, Membership, Organisation, Role, User
from returns.models import QuarterlyReturn
from themes.models import Action, AreaPriority, Objective, Theme

pytestmark = pytest.mark.usefixtures("partnership")

SMALL = 0.04  # one ward
PERIODS = 48  # every quarter of 2014/15 to 2025/26
INDICATORS = 150
BY_WARD = 135


def run(**options) -> str:
    out = StringIO()
    call_command("generate_synthetic", stdout=out, **options)
    return out.getvalue()


def values_digest(**filters) -> str:
    """A fingerprint of every published value, in a fixed order."""
    rows = (
        Measurement.objects.filter(**filters)
        .order_by("indicator__code", "period__financial_year", "period__quarter", "area__code")
        .values_list("indicator__code", "period__financial_year", "period__quarter", "area__code", "value")
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()


def dataset_counts() -> dict[str, int]:
    return {
        "plans": CommunityPlan.objects.filter(slug=synthetic.PLAN_SLUG).count(),
        "themes": Theme.objects.count(),
        "forums": Forum.objects.count(),
        "indicators": Indicator.objects.count(),
        "targets": Target.objects.count(),
        "wards": Area.objects.count(),
        "organisations": Organisation.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "periods": ReportingPeriod.objects.count(),
        "returns": QuarterlyReturn.objects.count(),
        "return_history": QuarterlyReturn.history.count(),
        "measurements": Measurement.objects.count(),
    }


def assert_measurements_unique() -> None:
    """One value per indicator, quarter and ward (or borough), whatever the database constraints say."""
    groups = Measurement.objects.values("indicator", "period", "area").annotate(n=Count("pk"))
    assert not groups.filter(n__gt=1).exists()
    assert groups.count() == Measurement.objects.count()


@pytest.mark.parametrize(("scale", "wards"), [(0.04, 1), (0.01, 1), (1, 25), (2.5, 62), (4, 100)])
def test_scale_multiplies_the_wards(scale, wards):
    assert synthetic.ward_count(scale) == wards


@pytest.mark.parametrize("scale", [0, -1, float("nan")])
def test_scale_must_be_positive(scale):
    with pytest.raises(CommandError, match="greater than 0"):
        call_command("generate_synthetic", scale=scale, stdout=StringIO())


@pytest.mark.slow  # builds the whole synthetic plan (3–5 s): make test, not make test-fast
@pytest.mark.django_db
def test_small_scale_builds_the_full_plan_with_one_ward():
    output = run(scale=SMALL)

    plan = CommunityPlan.objects.get(slug="synthetic-borough")
    assert (plan.title, plan.status, plan.start_year, plan.end_year) == (
        "Synthetic Borough Plan",
        CommunityPlan.Status.ADOPTED,
        2014,
        2025,
    )
    themes = list(Theme.objects.filter(plan=plan).select_related("lead_forum"))
    assert len(themes) == 9
    assert {theme.lead_forum.kind for theme in themes} == {Forum.Kind.THEME_LEAD}
    assert sorted(plan.forums.values_list("kind", flat=True)) == sorted(
        [Forum.Kind.THEME_LEAD] * 9 + [Forum.Kind.SUPPORT_GROUP, Forum.Kind.BOARD]
    )
    assert Objective.objects.filter(theme__plan=plan).count() == 60
    assert Action.objects.filter(objective__theme__plan=plan).count() == 120
    assert all(theme.outcomes.exists() and theme.achievements.exists() for theme in themes)

    indicators = Indicator.objects.filter(theme__plan=plan)
    assert indicators.count() == INDICATORS
    assert sorted(indicators.values_list("code", flat=True)) == [f"SYN-{i:03d}" for i in range(1, 151)]
    assert indicators.by_area().count() == BY_WARD
    assert indicators.filter(cumulative=True).exists()
    assert indicators.values("unit").distinct().count() == 8
    assert indicators.values("polarity").distinct().count() == 2
    assert not indicators.filter(Q(min_value__isnull=True) | Q(max_value__isnull=True)).exists()
    # Every indicator has a target for each year; both kinds are used.
    assert Target.objects.filter(indicator__theme__plan=plan).count() == INDICATORS * 12
    assert Target.objects.filter(kind=Target.Kind.ABSOLUTE).exists()
    percent_change = Target.objects.filter(kind=Target.Kind.PERCENT_CHANGE)
    assert percent_change.exists()
    assert set(percent_change.values_list("comparator", flat=True)) == {Target.Comparator.SAME_PERIOD_LAST_YEAR}

    ward = Area.objects.get()
    assert (ward.name, ward.code) == ("Synthetic Ward 01", "SYN-W001")
    assert sorted(AreaPlan.objects.values_list("year", flat=True)) == [2024, 2025]
    assert AreaPriority.objects.count() == 6
    assert not AreaPriority.objects.filter(themes=None).exists()

    closed = ReportingPeriod.objects.filter(status=ReportingPeriod.Status.CLOSED)
    assert closed.count() == PERIODS
    assert {p.financial_year for p in closed} == set(range(2014, 2026))
    assert ReportingPeriod.objects.get(status=ReportingPeriod.Status.OPEN).key == (2026, 1)

    assert Measurement.objects.filter(area=None).count() == INDICATORS * PERIODS
    assert Measurement.objects.exclude(area=None).count() == BY_WARD * PERIODS * 1
    assert not Measurement.objects.filter(period__status=ReportingPeriod.Status.OPEN).exists()
    assert_measurements_unique()
    # Values stay inside each indicator's range, percentages inside 0–100.
    assert not Measurement.objects.filter(
        Q(value__lt=F("indicator__min_value")) | Q(value__gt=F("indicator__max_value"))
    ).exists()
    assert not Measurement.objects.filter(indicator__unit="percent", value__gt=100).exists()

    # Each value comes from its theme forum's approved return for that quarter.
    assert QuarterlyReturn.objects.count() == 9 * PERIODS
    assert set(QuarterlyReturn.objects.values_list("status", flat=True)) == {QuarterlyReturn.Status.APPROVED}
    assert not Measurement.objects.filter(
        Q(quarterly_return=None)
        | ~Q(quarterly_return__forum=F("indicator__theme__lead_forum"))
        | ~Q(quarterly_return__period=F("period"))
    ).exists()
    assert QuarterlyReturn.history.count() == 9 * PERIODS

    assert Organisation.objects.count() == 50
    assert Organisation.objects.values("sector").distinct().count() == 6
    assert User.objects.count() == 300
    assert set(Membership.objects.values_list("role", flat=True)) == {
        Role.OFFICER,
        Role.FORUM_LEAD,
        Role.SUPPORT_GROUP,
        Role.BOARD,
    }
    assert not User.objects.first().has_usable_password()

    assert "13,680 measurements" in output


@pytest.mark.slow  # builds the whole synthetic plan (3–5 s): make test, not make test-fast
@pytest.mark.django_db
def test_running_again_needs_replace_which_rebuilds_the_same_data():
    unrelated_ward = Area.objects.create(name="Boxmoor", slug="boxmoor", code="E05004683")
    unrelated_org = Organisation.objects.create(name="Police", slug="police", sector="public")
    starts, ends = ReportingPeriod.dates_for(2014, 1)
    shared_period = ReportingPeriod.objects.create(
        financial_year=2014, quarter=1, starts_on=starts, ends_on=ends, return_deadline=ends, status="closed"
    )

    run(scale=SMALL, seed=3)
    first = dataset_counts()
    first_values = values_digest()

    with pytest.raises(CommandError, match="--replace"):
        run(scale=SMALL, seed=3)
    assert dataset_counts() == first

    run(scale=SMALL, seed=3, replace=True)
    assert dataset_counts() == first
    assert values_digest() == first_values
    # Periods are shared: reused, never recreated; data that is not synthetic stays.
    assert ReportingPeriod.objects.get(financial_year=2014, quarter=1).pk == shared_period.pk
    assert Area.objects.filter(pk=unrelated_ward.pk).exists()
    assert Organisation.objects.filter(pk=unrelated_org.pk).exists()


@pytest.mark.slow  # builds the whole synthetic plan (3–5 s): make test, not make test-fast
@pytest.mark.django_db
def test_a_larger_scale_only_adds_wards_and_keeps_the_borough_figures():
    synthetic.generate(scale=0.08, seed=4)
    assert Area.objects.count() == 2
    assert Indicator.objects.count() == INDICATORS
    assert Measurement.objects.count() == INDICATORS * PERIODS + BY_WARD * PERIODS * 2
    assert_measurements_unique()
    borough = values_digest(area=None)

    synthetic.generate(scale=SMALL, seed=4, replace=True)
    assert Area.objects.count() == 1
    assert values_digest(area=None) == borough


def test_the_seed_decides_the_values():
    def borough_figures(seed):
        rng = synthetic._random(seed)
        plans = synthetic._plan_indicators(rng)
        return [synthetic._borough_series(plan, seed, [(2014, 1), (2020, 3)]) for plan in plans]

    assert borough_figures(4) == borough_figures(4)
    assert borough_figures(4) != borough_figures(5)
