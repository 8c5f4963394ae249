"""The synthetic benchmark dataset behind ``python manage.py generate_synthetic --scale N``.

One Community Plan ("Synthetic Borough Plan", slug ``synthetic-borough``) with the shape
of a real one: nine themes and their forums, objectives and actions, 150 indicators
with targets, twelve years of closed quarters, approved returns, organisations and
people in every role, and a published value for every indicator, quarter and ward.

**Scale** multiplies the wards (25 × N, at least one) and nothing else, so the
measurements grow with N while a theme page shows the same indicators at every scale.

**Determinism.** Everything comes from ``random.Random`` seeded with ``seed``. Each
indicator's borough series has its own generator, so the borough figures (and so the
theme pages and the dashboard) are the same at every scale.

**Why not the services.** Writes normally go through ``services.py`` one object at a
time with ``full_clean()``; a benchmark dataset of ~170,000 values per unit of scale
cannot, so this module builds valid objects in memory and ``bulk_create``s them in
batches. It is for benchmark and development databases, never for real data.

What ``--replace`` removes, and so what the dataset owns: the plan (themes, forums,
indicators and everything under them), the wards coded ``SYN-W…``, the organisations
slugged ``synthetic-…`` and the users named ``synthetic-…``. Reporting periods are
shared with real data and are reused, never deleted.
"""

from __future__ import annotations

import datetime
import itertools
import math
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TextIO

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from indicators.models import Frequency, Indicator, Measurement, Polarity, ReportingPeriod, Target, Unit
from indicators.services import indicator_status_rebuild, indicator_status_refresh, status_refresh_paused
from partnership.cache import invalidation_paused
from partnership.models import (
    Area,
    AreaKind,
    AreaPlan,
    CommunityPlan,
    Forum,
    Membership,
    Organisation,
    Role,
    Sector,
    User,
)
from returns.models import QuarterlyReturn, ReturnProgress, ReturnValue
from themes.models import (
    Achievement,
    Action,
    AreaPriority,
    CrossCuttingTheme,
    LinkedStrategy,
    Objective,
    Outcome,
    ProgressStatus,
    Theme,
)

PLAN_SLUG = "synthetic-borough"
PLAN_TITLE = "Synthetic Borough Plan"
WARD_CODE_PREFIX = "SYN-W"
INDICATOR_CODE_PREFIX = "SYN-"
ORGANISATION_SLUG_PREFIX = "synthetic-"
USERNAME_PREFIX = "synthetic-"

FIRST_YEAR = 2014
LAST_YEAR = 2025
OPEN_PERIOD = (LAST_YEAR + 1, 1)
WARDS_AT_SCALE_1 = 25
OBJECTIVE_COUNT = 60
ACTIONS_PER_OBJECTIVE = 2
INDICATOR_COUNT = 150
ORGANISATION_COUNT = 50
USER_COUNT = 300
BATCH_SIZE = 5000

PeriodKey = tuple[int, int]  # (financial year, quarter)

# Roles of the 300 users; the rest are partner officers.
FORUM_LEADS_PER_FORUM = 2
SUPPORT_GROUP_MEMBERS = 12
BOARD_MEMBERS = 16


class SyntheticDataExists(Exception):
    """The synthetic dataset is already in the database and ``replace`` was not asked for."""


@dataclass(frozen=True)
class UnitProfile:
    """How values in one unit behave: the borough's typical level, the legal range and the noise."""

    low: float
    high: float
    decimal_places: int
    min_value: float | None
    max_value: float | None  # None: ten times the indicator's own level
    noise: float  # relative standard deviation of a quarter's value
    ward_spread: float  # how far the most and least deprived wards sit from the borough


UNIT_PROFILES: dict[str, UnitProfile] = {
    Unit.PERCENT: UnitProfile(20, 85, 1, 0, 100, 0.03, 0.25),
    Unit.COUNT: UnitProfile(60, 1500, 0, 0, None, 0.07, 0.35),
    Unit.RATE_PER_1000: UnitProfile(5, 80, 1, 0, 1000, 0.05, 0.35),
    Unit.RATE_PER_100000: UnitProfile(150, 2500, 1, 0, 100000, 0.05, 0.35),
    Unit.POUNDS: UnitProfile(250, 4000, 2, 0, None, 0.03, 0.2),
    Unit.YEARS: UnitProfile(77, 84, 1, 50, 110, 0.004, 0.04),
    Unit.DAYS: UnitProfile(6, 40, 1, 0, 365, 0.08, 0.3),
    Unit.SCORE: UnitProfile(4, 8, 1, 0, 10, 0.04, 0.2),
}

# Counts that add up over the year go up and down with the seasons (Q1 = April–June).
SEASONAL = (1.04, 1.08, 0.97, 0.91)

H, L = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER

# (title, vision, lead forum, [(indicator title, unit, polarity, cumulative, source)])
THEMES: list[tuple[str, str, str, list[tuple[str, str, str, bool, str]]]] = [
    (
        "A safe community",
        "Creating a cohesive community where people feel safe by tackling crime and disorder.",
        "Synthetic Community Safety Partnership",
        [
            ("Total recorded crime", Unit.COUNT, L, True, "Police recorded crime"),
            ("Anti-social behaviour incidents reported", Unit.COUNT, L, True, "Police incident log"),
            ("Residents who feel safe outside after dark", Unit.PERCENT, H, False, "Residents' survey"),
            ("Domestic burglaries per 1,000 households", Unit.RATE_PER_1000, L, False, "Police recorded crime"),
            ("Violent crime per 1,000 population", Unit.RATE_PER_1000, L, False, "Police recorded crime"),
            ("Repeat victims of domestic abuse", Unit.PERCENT, L, False, "Domestic abuse service"),
        ],
    ),
    (
        "A clean, safe and enjoyable environment",
        "Encouraging people and organisations to work together to tackle environmental issues.",
        "Synthetic Environmental Forum",
        [
            ("Household waste reused, recycled or composted", Unit.PERCENT, H, False, "Waste data return"),
            ("Fly-tipping incidents", Unit.COUNT, L, True, "Council street care"),
            ("Days to remove reported fly-tipping", Unit.DAYS, L, False, "Council street care"),
            ("Streets with unacceptable levels of litter", Unit.PERCENT, L, False, "Local environmental survey"),
            ("Air quality score at monitoring sites", Unit.SCORE, L, False, "Air quality monitoring"),
            ("Residual waste per household, kilograms", Unit.COUNT, L, False, "Waste data return"),
        ],
    ),
    (
        "A healthy and caring community",
        "Eliminating health and social care inequalities by working together.",
        "Synthetic Health, Care and Community Partnership",
        [
            ("Life expectancy at birth, men", Unit.YEARS, H, False, "Public health profile"),
            ("Life expectancy at birth, women", Unit.YEARS, H, False, "Public health profile"),
            ("Smokers who quit at four weeks", Unit.COUNT, H, True, "Stop smoking service"),
            ("Adults who are physically active", Unit.PERCENT, H, False, "Active lives survey"),
            ("Emergency admissions per 100,000 population", Unit.RATE_PER_100000, L, False, "Hospital episodes"),
            ("Days from referral to care package", Unit.DAYS, L, False, "Adult social care"),
        ],
    ),
    (
        "A prosperous local economy",
        "Building a flourishing and sustainable local economy for those who live and work here.",
        "Synthetic Business Network",
        [
            ("Working-age residents in employment", Unit.PERCENT, H, False, "Annual population survey"),
            ("Median gross weekly pay, full-time workers", Unit.POUNDS, H, False, "Earnings survey"),
            ("New business start-ups", Unit.COUNT, H, True, "Business register"),
            ("Out-of-work benefit claimants per 1,000 residents", Unit.RATE_PER_1000, L, False, "Benefit data"),
            ("Vacant shop units in town centres", Unit.PERCENT, L, False, "Town centre survey"),
            ("Visitor spend per visit", Unit.POUNDS, H, False, "Visitor economy model"),
        ],
    ),
    (
        "An inspired learning community",
        "Helping everyone who lives and works here to reach their full potential.",
        "Synthetic Learning Forum",
        [
            ("Pupils achieving five good GCSEs including English and maths", Unit.PERCENT, H, False, "School data"),
            ("Adults enrolled on skills for life courses", Unit.COUNT, H, True, "Adult learning service"),
            ("Young people not in education, employment or training", Unit.PERCENT, L, False, "Youth service"),
            ("Persistent absence in secondary schools", Unit.PERCENT, L, False, "School data"),
            ("Residents qualified to level 2 or above", Unit.PERCENT, H, False, "Annual population survey"),
            ("Learner satisfaction score", Unit.SCORE, H, False, "Learner survey"),
        ],
    ),
    (
        "Affordable housing for all",
        "Maximising affordable housing and the chance to live in a quality home.",
        "Synthetic Housing Forum",
        [
            ("Affordable homes delivered", Unit.COUNT, H, True, "Housing delivery return"),
            ("Households in temporary accommodation", Unit.COUNT, L, False, "Housing register"),
            ("Average days to re-let council homes", Unit.DAYS, L, False, "Housing management system"),
            ("Council homes that are not decent", Unit.PERCENT, L, False, "Stock condition survey"),
            ("Homelessness cases prevented", Unit.COUNT, H, True, "Housing options service"),
            ("House price to earnings ratio", Unit.SCORE, L, False, "Land registry and earnings survey"),
        ],
    ),
    (
        "Fun for everyone",
        "Encouraging residents and visitors to enjoy a wide range of arts, sport and leisure.",
        "Synthetic Cultural Forum",
        [
            ("Leisure centre visits per 1,000 population", Unit.RATE_PER_1000, H, False, "Leisure trust"),
            ("Adults taking part in sport three times a week", Unit.PERCENT, H, False, "Active lives survey"),
            ("Attendances at arts events", Unit.COUNT, H, True, "Arts venues"),
            ("Museum and library visits", Unit.COUNT, H, True, "Library service"),
            ("Residents satisfied with parks and open spaces", Unit.PERCENT, H, False, "Residents' survey"),
            ("Subsidy per leisure centre visit", Unit.POUNDS, L, False, "Leisure trust"),
        ],
    ),
    (
        "Strong and inclusive communities",
        "Enabling people and groups to take part in community life and shape their area.",
        "Synthetic Communities Forum",
        [
            ("Residents who feel they can influence local decisions", Unit.PERCENT, H, False, "Residents' survey"),
            ("People from different backgrounds get on well together", Unit.PERCENT, H, False, "Residents' survey"),
            ("Residents volunteering at least once a month", Unit.PERCENT, H, False, "Residents' survey"),
            ("Average grant to community groups", Unit.POUNDS, H, False, "Council grants team"),
            ("Community centre bookings", Unit.COUNT, H, True, "Community centres"),
            ("Hate incidents reported", Unit.COUNT, L, True, "Police incident log"),
        ],
    ),
    (
        "Children and young people",
        "Children and young people are healthy, safe, enjoy life and reach their potential.",
        "Synthetic Children and Young People's Partnership",
        [
            ("Children living in low-income families", Unit.PERCENT, L, False, "Child poverty statistics"),
            ("Teenage conceptions per 1,000 girls aged 15 to 17", Unit.RATE_PER_1000, L, False, "Public health"),
            ("Year 6 children who are obese", Unit.PERCENT, L, False, "Child measurement programme"),
            ("Youth justice first-time entrants per 100,000", Unit.RATE_PER_100000, L, False, "Youth justice"),
            ("Take-up of free early education places", Unit.PERCENT, H, False, "Early years service"),
            ("Days to complete child protection assessments", Unit.DAYS, L, False, "Children's services"),
        ],
    ),
]

# The same kind of measure, counted for another group: 16–17 indicators from 6 per theme.
VARIANTS = ("", " in priority neighbourhoods", " in town centres")

OUTCOME_PHRASES = (
    "partners share information and plan together",
    "residents are involved in deciding what happens",
    "services reach the people who need them most",
    "progress is measured and reported openly",
)
ACHIEVEMENT_PHRASES = (
    "A new partnership scheme reached {n} households in its first year.",
    "Partners pooled funding to open {n} new places.",
    "A joint campaign was seen by over {n} residents.",
)
PRIORITY_PHRASES = (
    "Tackle litter and fly-tipping on estates",
    "More activities for young people in the evenings",
    "Better road safety outside schools",
    "Support older residents living alone",
    "Improve the local parade of shops",
    "Reduce anti-social behaviour in the park",
    "Help residents into work and training",
    "Bring empty homes back into use",
)
TOWNS = ("Northbury", "Southam Green", "Eastleigh Vale", "Westcote")
FIRST_NAMES = ("Alex", "Sam", "Priya", "Tom", "Aisha", "Ben", "Chloe", "Dev", "Ella", "Femi", "Grace", "Hugo")
LAST_NAMES = ("Patel", "Smith", "Jones", "Khan", "Brown", "Taylor", "Wilson", "Evans", "Ahmed", "Clarke", "Green")


def ward_count(scale: float) -> int:
    """Wards at ``scale``: 25 × N, at least one (scale 0.04 gives one ward)."""
    if not math.isfinite(scale) or scale <= 0:
        raise ValueError("The scale must be a number greater than 0.")
    return max(1, round(WARDS_AT_SCALE_1 * scale))


def _random(*stream: object) -> random.Random:
    """A generator of its own for one stream of values, so that streams do not shift one another."""
    return random.Random(":".join(map(str, stream)))


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(f"{value:.{places}f}")


def _aware(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


class _Report:
    """Prints each step with its count and the time since the start."""

    def __init__(self, stdout: TextIO | None) -> None:
        self.stdout = stdout
        self.started = time.monotonic()

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def __call__(self, message: str) -> None:
        if self.stdout is not None:
            self.stdout.write(f"[{self.elapsed:6.1f}s] {message}\n")


# Finding and deleting a previous dataset ----------------------------------------------


def _synthetic_wards():
    return Area.objects.filter(code__startswith=WARD_CODE_PREFIX)


def _synthetic_organisations():
    return Organisation.objects.filter(slug__startswith=ORGANISATION_SLUG_PREFIX)


def _synthetic_users():
    return User.objects.filter(username__startswith=USERNAME_PREFIX)


def synthetic_data_exists() -> bool:
    return (
        CommunityPlan.objects.filter(slug=PLAN_SLUG).exists()
        or _synthetic_wards().exists()
        or _synthetic_organisations().exists()
        or _synthetic_users().exists()
    )


def delete_synthetic_data() -> None:
    """Remove the dataset (see the module docstring); reporting periods stay."""
    plan = CommunityPlan.objects.filter(slug=PLAN_SLUG).first()
    return_ids: list[int] = []
    wards = _synthetic_wards()
    measurements = Q(area__in=wards)
    values = Q(area__in=wards)
    if plan is not None:
        return_ids = list(QuarterlyReturn.objects.filter(forum__plan=plan).values_list("pk", flat=True))
        measurements |= Q(indicator__theme__plan=plan)
        values |= Q(quarterly_return_id__in=return_ids)
    # Measurements and drafted values first: they PROTECT the wards they are for. With the
    # cache's receivers paused, Django deletes the measurements in one statement.
    # The judged figures of the plan go with it; the rebuild at the end makes the new ones.
    with invalidation_paused(), status_refresh_paused():
        Measurement.objects.filter(measurements).delete()
    ReturnValue.objects.filter(values).delete()
    if plan is not None:
        # Themes before the plan: a theme PROTECTs its lead forum, which the plan cascades to.
        Theme.objects.filter(plan=plan).delete()
        plan.delete()
        # Deleting returns writes "deleted" history rows; a removed dataset leaves no trace.
        QuarterlyReturn.history.filter(id__in=return_ids).delete()
        ReturnValue.history.filter(quarterly_return_id__in=return_ids).delete()
        ReturnProgress.history.filter(quarterly_return_id__in=return_ids).delete()
    wards.delete()
    _synthetic_organisations().delete()
    _synthetic_users().delete()


# Building the dataset ----------------------------------------------------------------


@dataclass
class _IndicatorPlan:
    """An indicator's invented behaviour, decided before any object is built."""

    index: int
    theme_index: int
    title: str
    unit: str
    polarity: str
    cumulative: bool
    source: str
    by_ward: bool
    level: float  # expected borough value in the first quarter
    drift: float  # relative change per year; > 0 means the value rises
    target_kind: str
    target_step: float  # % change a percent-change target asks for (signed)
    stretch: float  # how far an absolute target sits beyond the trend, in the better direction
    min_value: float
    max_value: float
    profile: UnitProfile

    def expected(self, year: int, quarter: int) -> float:
        """The value the trend says, before noise; a cumulative count is the quarter's own."""
        years = (year - FIRST_YEAR) + (quarter - 1) / 4
        value = self.level * (1 + self.drift) ** years
        if self.cumulative:
            value *= SEASONAL[quarter - 1]
        return self.clamp(value)

    def clamp(self, value: float) -> float:
        return min(max(value, self.min_value), self.max_value)


def _plan_indicators(rng: random.Random) -> list[_IndicatorPlan]:
    plans = []
    per_theme = [
        INDICATOR_COUNT // len(THEMES) + (1 if i < INDICATOR_COUNT % len(THEMES) else 0) for i in range(len(THEMES))
    ]
    index = 0
    for theme_index, (_title, _vision, _forum, measures) in enumerate(THEMES):
        for slot in range(per_theme[theme_index]):
            title, unit, polarity, cumulative, source = measures[slot % len(measures)]
            title += VARIANTS[slot // len(measures)]
            profile = UNIT_PROFILES[unit]
            level = rng.uniform(profile.low, profile.high)
            # Most indicators improve, some get worse: the board's exceptions list has work to do.
            better = 1 if polarity == H else -1
            direction = better if rng.random() < 0.65 else -better
            drift = direction * rng.uniform(0.005, 0.04)
            if profile.max_value is None:
                low, high = float(profile.min_value or 0), float(10 ** math.ceil(math.log10(level * 10)))
            else:
                low, high = float(profile.min_value or 0), float(profile.max_value)
                # A bounded measure (a percentage, a score) should not run into its ceiling.
                drift = min(drift, (0.9 * high / level) ** (1 / (LAST_YEAR - FIRST_YEAR + 1)) - 1)
            percent_change = rng.random() < 0.3
            plans.append(
                _IndicatorPlan(
                    index=index,
                    theme_index=theme_index,
                    title=title,
                    unit=unit,
                    polarity=polarity,
                    cumulative=cumulative,
                    source=source,
                    by_ward=index % 10 != 9,  # 90% are reported by ward
                    level=level,
                    drift=drift,
                    target_kind=Target.Kind.PERCENT_CHANGE if percent_change else Target.Kind.ABSOLUTE,
                    target_step=better * rng.choice((1, 2, 3, 5)),
                    stretch=rng.choice((-0.06, -0.03, 0.0, 0.02, 0.04, 0.08)),
                    min_value=low,
                    max_value=high,
                    profile=profile,
                )
            )
            index += 1
    return plans


def _borough_series(plan: _IndicatorPlan, seed: int, keys: list[PeriodKey]) -> dict[PeriodKey, float]:
    rng = _random(seed, "borough", plan.index)
    return {key: plan.clamp(plan.expected(*key) * (1 + rng.gauss(0, plan.profile.noise))) for key in keys}


def _ward_values(
    plan: _IndicatorPlan, seed: int, wards: list[tuple[int, float, float]], keys: list[PeriodKey]
) -> Iterator[tuple[int, PeriodKey, float]]:
    """Each ward's series: the borough's trend, shifted by how deprived the ward is, with more noise.

    Counts are the ward's share of the borough; rates and percentages sit around the
    borough's level, worse in deprived wards whichever way is better.
    """
    rng = _random(seed, "wards", plan.index)
    worse = -1 if plan.polarity == H else 1
    noise = plan.profile.noise * 1.5
    for ward_id, share, deprivation in wards:
        factor = 1 + worse * deprivation * plan.profile.ward_spread
        if plan.unit == Unit.COUNT:
            factor *= share
        for key in keys:
            yield ward_id, key, plan.clamp(plan.expected(*key) * factor * (1 + rng.gauss(0, noise)))


def generate(
    *,
    scale: float = 1.0,
    seed: int = 0,
    replace: bool = False,
    password: str | None = None,
    stdout: TextIO | None = None,
) -> dict[str, int | float]:
    """Build the synthetic dataset and return how many of each thing it made.

    Raises ``SyntheticDataExists`` if a previous dataset is present and ``replace`` is
    false; with ``replace`` the previous one is deleted first, in the same transaction.
    ``password``, if given, is hashed once and shared by every synthetic user (for load
    tests that log in); otherwise their passwords are unusable.
    """
    n_wards = ward_count(scale)
    report = _Report(stdout)
    with transaction.atomic():
        if synthetic_data_exists():
            if not replace:
                raise SyntheticDataExists(
                    f"The synthetic dataset already exists (plan “{PLAN_SLUG}”, or wards coded "
                    f"{WARD_CODE_PREFIX}…, organisations or users named {USERNAME_PREFIX}…). "
                    "Run with --replace to delete it and generate it again."
                )
            delete_synthetic_data()
            report("Deleted the previous synthetic dataset")
        counts = _Builder(seed=seed, n_wards=n_wards, password=password, report=report).build()
    counts["scale"] = scale
    counts["seconds"] = round(report.elapsed, 1)
    report(f"Done in {counts['seconds']}s at scale {scale:g}: {counts['measurements']:,} measurements")
    return counts


class _Builder:
    """Builds the dataset step by step; each step uses what the earlier ones made."""

    def __init__(self, *, seed: int, n_wards: int, password: str | None, report: _Report) -> None:
        self.seed = seed
        self.n_wards = n_wards
        self.password = password
        self.report = report
        self.rng = _random(seed)
        self.counts: dict[str, int | float] = {}

    def build(self) -> dict[str, int | float]:
        self.periods()
        self.organisations()
        self.plan_and_forums()
        self.plan_content()
        self.wards()
        self.people()
        self.indicators()
        self.returns()
        self.measurements()
        self.statuses()
        return self.counts

    def periods(self) -> None:
        """Every quarter of the plan, closed, and the next one open: shared, so reused if present."""
        self.period_by_key: dict[PeriodKey, ReportingPeriod] = {}
        self.new_period_years: set[int] = set()
        created_count = 0
        self.closed_keys = [(year, quarter) for year in range(FIRST_YEAR, LAST_YEAR + 1) for quarter in range(1, 5)]
        for key in [*self.closed_keys, OPEN_PERIOD]:
            starts_on, ends_on = ReportingPeriod.dates_for(*key)
            status = ReportingPeriod.Status.OPEN if key == OPEN_PERIOD else ReportingPeriod.Status.CLOSED
            period, created = ReportingPeriod.objects.get_or_create(
                financial_year=key[0],
                quarter=key[1],
                defaults={
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "return_deadline": ends_on + datetime.timedelta(days=30),
                    "status": status,
                    # A closed quarter's figures are published: residents see them.
                    "published_at": timezone.now() if status == ReportingPeriod.Status.CLOSED else None,
                },
            )
            if status == ReportingPeriod.Status.CLOSED and not period.is_published:
                # Reused and not yet published (the demo's open quarter, say): the dataset's figures
                # for it are published values, so the quarter is published.
                ReportingPeriod.objects.filter(pk=period.pk).update(published_at=timezone.now())
                period.published_at = timezone.now()
            self.period_by_key[key] = period
            created_count += created
            if created:
                self.new_period_years.add(key[0])
        self.counts.update(periods=len(self.period_by_key), periods_created=created_count)
        self.report(f"{len(self.period_by_key)} reporting periods ({created_count} new, the others reused)")

    def organisations(self) -> None:
        """Fifty partners, spread evenly over the sectors."""
        sectors = list(Sector)
        self.orgs = Organisation.objects.bulk_create(
            Organisation(
                name=f"Synthetic {sectors[i % len(sectors)].label.removesuffix(' sector')} Partner {i + 1:02d}",
                slug=f"{ORGANISATION_SLUG_PREFIX}partner-{i + 1:02d}",
                sector=sectors[i % len(sectors)],
                website=f"https://partner-{i + 1:02d}.example.org/",
                description="An invented organisation in the synthetic benchmark dataset.",
            )
            for i in range(ORGANISATION_COUNT)
        )
        self.counts["organisations"] = len(self.orgs)

    def plan_and_forums(self) -> None:
        rng = self.rng
        self.plan = CommunityPlan.objects.create(
            title=PLAN_TITLE,
            slug=PLAN_SLUG,
            area="Synthetic Borough",
            start_year=FIRST_YEAR,
            end_year=LAST_YEAR,
            status=CommunityPlan.Status.ADOPTED,
            vision="An invented borough, sized like a real one, for benchmarks and development.",
            chair_name="Synthetic Chair",
            chair_introduction="Every figure in this plan is synthetic.",
            area_profile="A mixture of towns and villages, invented for testing the portal at scale.",
            monitoring_statement="Forums report every quarter; the board reviews exceptions.",
        )
        self.lead_forums = [
            Forum(plan=self.plan, name=forum_name, slug=slugify(forum_name), kind=Forum.Kind.THEME_LEAD)
            for _title, _vision, forum_name, _measures in THEMES
        ]
        self.support = Forum(
            plan=self.plan, name="Synthetic LSP Support Group", slug="support-group", kind=Forum.Kind.SUPPORT_GROUP
        )
        self.board = Forum(plan=self.plan, name="Synthetic LSP Board", slug="board", kind=Forum.Kind.BOARD)
        Forum.objects.bulk_create([*self.lead_forums, self.support, self.board])
        self.forum_orgs: dict[int, list[Organisation]] = {
            forum.pk: rng.sample(self.orgs, rng.randint(3, 6)) for forum in self.lead_forums
        }
        self.forum_orgs[self.support.pk] = self.orgs[:6]
        self.forum_orgs[self.board.pk] = self.orgs[:12]
        Forum.organisations.through.objects.bulk_create(
            Forum.organisations.through(forum_id=forum_id, organisation_id=org.pk)
            for forum_id, orgs in self.forum_orgs.items()
            for org in orgs
        )
        self.counts["forums"] = len(self.forum_orgs)

        self.themes = Theme.objects.bulk_create(
            Theme(
                plan=self.plan,
                number=number,
                title=title,
                slug=slugify(title),
                vision=vision,
                summary=f"Led by the {forum.name}.",
                lead_forum=forum,
            )
            for number, ((title, vision, _name, _measures), forum) in enumerate(
                zip(THEMES, self.lead_forums, strict=True), 1
            )
        )
        Theme.partners.through.objects.bulk_create(
            Theme.partners.through(theme_id=theme.pk, organisation_id=org.pk)
            for theme in self.themes
            for org in self.forum_orgs[theme.lead_forum_id]
        )
        self.counts["themes"] = len(self.themes)

    def plan_content(self) -> None:
        """What each theme must ensure, its objectives and actions, achievements, strategies."""
        rng, themes, orgs = self.rng, self.themes, self.orgs
        cross_cutting = CrossCuttingTheme.objects.bulk_create(
            CrossCuttingTheme(
                plan=self.plan, title=title, slug=slugify(title), description=f"{title}, across themes.", order=i
            )
            for i, title in enumerate(("Rejuvenating the town centres", "Tackling deprivation"))
        )
        CrossCuttingTheme.themes.through.objects.bulk_create(
            CrossCuttingTheme.themes.through(crosscuttingtheme_id=cross.pk, theme_id=theme.pk)
            for cross in cross_cutting
            for theme in rng.sample(themes, 4)
        )
        self.counts["outcomes"] = len(
            Outcome.objects.bulk_create(
                Outcome(theme=theme, text=f"{phrase[0].upper()}{phrase[1:]} on {theme.title.lower()}", order=i)
                for theme in themes
                for i, phrase in enumerate(OUTCOME_PHRASES)
            )
        )
        statuses = list(ProgressStatus)
        objectives = Objective.objects.bulk_create(
            Objective(
                theme=themes[i % len(themes)],
                title=f"Objective {i // len(themes) + 1} for {themes[i % len(themes)].title.lower()}",
                description="An invented objective.",
                order=i // len(themes),
                owner=rng.choice(orgs),
                due_date=datetime.date(rng.randint(FIRST_YEAR + 2, LAST_YEAR + 1), 3, 31),
                status=rng.choice(statuses),
                progress_note="Progress is reported every quarter.",
            )
            for i in range(OBJECTIVE_COUNT)
        )
        self.counts["objectives"] = len(objectives)
        self.counts["actions"] = len(
            Action.objects.bulk_create(
                Action(
                    objective=objective,
                    title=f"Action {j + 1} towards {objective.title.lower()}",
                    order=j,
                    owner=rng.choice(orgs),
                    due_date=datetime.date(rng.randint(FIRST_YEAR + 1, LAST_YEAR + 1), rng.choice((6, 9, 12)), 30),
                    status=rng.choice(statuses),
                )
                for objective in objectives
                for j in range(ACTIONS_PER_OBJECTIVE)
            )
        )
        self.objectives_by_theme: dict[int, list[Objective]] = {}
        for objective in objectives:
            self.objectives_by_theme.setdefault(objective.theme_id, []).append(objective)
        self.counts["achievements"] = len(
            Achievement.objects.bulk_create(
                Achievement(
                    theme=theme,
                    objective=self.objectives_by_theme[theme.pk][i],
                    text=phrase.format(n=rng.randint(50, 900)),
                    achieved_on=datetime.date(rng.randint(FIRST_YEAR, LAST_YEAR), rng.randint(1, 12), 15),
                    order=i,
                )
                for theme in themes
                for i, phrase in enumerate(ACHIEVEMENT_PHRASES)
            )
        )
        LinkedStrategy.objects.bulk_create(
            LinkedStrategy(theme=theme, name=f"{theme.title} strategy {FIRST_YEAR}–{LAST_YEAR}") for theme in themes
        )
        self.report(
            f"Plan, {len(themes)} themes, {self.counts['forums']} forums, {len(objectives)} objectives, "
            f"{self.counts['actions']} actions, {len(self.orgs)} organisations"
        )

    def wards(self) -> None:
        """25 × scale wards, each with a share of the population, a deprivation score and two ward plans."""
        n = self.n_wards
        name_width, code_width = max(2, len(str(n))), max(3, len(str(n)))
        rng = _random(self.seed, "wards")
        wards = Area.objects.bulk_create(
            (
                Area(
                    name=f"Synthetic Ward {i + 1:0{name_width}d}",
                    slug=f"synthetic-ward-{i + 1:0{name_width}d}",
                    code=f"{WARD_CODE_PREFIX}{i + 1:0{code_width}d}",
                    town=TOWNS[i % len(TOWNS)],
                    population=rng.randint(3000, 9000),
                    description="An invented ward.",
                )
                for i in range(n)
            ),
            batch_size=BATCH_SIZE,
        )
        population = sum(ward.population for ward in wards)
        # (ward id, share of the population, deprivation from −1 least to +1 most deprived)
        self.ward_profiles = [(ward.pk, ward.population / population, rng.uniform(-1, 1)) for ward in wards]
        ward_plans = AreaPlan.objects.bulk_create(
            (
                AreaPlan(
                    area=ward,
                    year=year,
                    summary=f"Priorities agreed with residents of {ward.name}.",
                    published_on=datetime.date(year, 6, 15),
                )
                for ward in wards
                for year in (LAST_YEAR - 1, LAST_YEAR)
            ),
            batch_size=BATCH_SIZE,
        )
        priorities = AreaPriority.objects.bulk_create(
            (
                AreaPriority(area_plan=ward_plan, title=title, order=i)
                for ward_plan in ward_plans
                for i, title in enumerate(rng.sample(PRIORITY_PHRASES, 3))
            ),
            batch_size=BATCH_SIZE,
        )
        AreaPriority.themes.through.objects.bulk_create(
            (
                AreaPriority.themes.through(areapriority_id=priority.pk, theme_id=theme.pk)
                for priority in priorities
                for theme in rng.sample(self.themes, rng.randint(1, 2))
            ),
            batch_size=BATCH_SIZE,
        )
        self.counts.update(wards=len(wards), ward_plans=len(ward_plans), ward_priorities=len(priorities))
        self.report(f"{len(wards)} wards, {len(ward_plans)} ward plans, {len(priorities)} priorities")

    def people(self) -> None:
        """300 users: two leads per theme forum, the support group, the board, and partner officers."""
        rng = self.rng
        password_hash = make_password(self.password)  # once: hashing 300 times would take minutes
        users = User.objects.bulk_create(
            User(
                username=f"{USERNAME_PREFIX}user-{i + 1:03d}",
                email=f"{USERNAME_PREFIX}user-{i + 1:03d}@example.invalid",
                first_name=FIRST_NAMES[i % len(FIRST_NAMES)],
                last_name=LAST_NAMES[(i // len(FIRST_NAMES)) % len(LAST_NAMES)],
                password=password_hash,
            )
            for i in range(USER_COUNT)
        )
        memberships: list[Membership] = []
        self.lead_of: dict[int, User] = {}
        self.officer_of: dict[int, User] = {}
        people = iter(users)
        for forum in self.lead_forums:
            for _ in range(FORUM_LEADS_PER_FORUM):
                user = next(people)
                self.lead_of.setdefault(forum.pk, user)
                org = rng.choice(self.forum_orgs[forum.pk])
                memberships.append(
                    Membership(user=user, organisation=org, forum=forum, role=Role.FORUM_LEAD, job_title="Forum lead")
                )
        for role, forum, how_many in (
            (Role.SUPPORT_GROUP, self.support, SUPPORT_GROUP_MEMBERS),
            (Role.BOARD, self.board, BOARD_MEMBERS),
        ):
            for _ in range(how_many):
                org = rng.choice(self.forum_orgs[forum.pk])
                memberships.append(Membership(user=next(people), organisation=org, forum=forum, role=role))
        for i, user in enumerate(people):
            forum = self.lead_forums[i % len(self.lead_forums)]
            self.officer_of.setdefault(forum.pk, user)
            org = rng.choice(self.forum_orgs[forum.pk])
            memberships.append(
                Membership(user=user, organisation=org, forum=forum, role=Role.OFFICER, job_title="Partner officer")
            )
        Membership.objects.bulk_create(memberships)
        self.counts.update(users=len(users), memberships=len(memberships))
        self.report(f"{len(users)} users, {len(memberships)} memberships")

    def indicators(self) -> None:
        """150 indicators with their borough series (kept for the measurements), objectives and targets."""
        rng = self.rng
        self.plans = _plan_indicators(rng)
        self.series = {p.index: _borough_series(p, self.seed, self.closed_keys) for p in self.plans}
        first_quarter, first_year_end = self.period_by_key[(FIRST_YEAR, 1)], self.period_by_key[(FIRST_YEAR, 4)]
        self.indicator_list = []
        for p in self.plans:
            places = p.profile.decimal_places
            if p.cumulative:  # an annual baseline: the first year's total, as at its last quarter
                baseline = sum(self.series[p.index][(FIRST_YEAR, q)] for q in range(1, 5))
            else:
                baseline = self.series[p.index][(FIRST_YEAR, 1)]
            code = f"{INDICATOR_CODE_PREFIX}{p.index + 1:03d}"
            self.indicator_list.append(
                Indicator(
                    theme=self.themes[p.theme_index],
                    code=code,
                    slug=slugify(f"{code} {p.title}")[:120],
                    title=p.title,
                    definition=f"{p.title}, counted the same way every quarter. Synthetic: invented for benchmarks.",
                    unit=p.unit,
                    decimal_places=places,
                    polarity=p.polarity,
                    source=p.source,
                    frequency=Frequency.QUARTERLY,
                    baseline_value=_decimal(baseline, places),
                    baseline_period=first_year_end if p.cumulative else first_quarter,
                    area_kind=AreaKind.WARD if p.by_ward else "",
                    cumulative=p.cumulative,
                    is_public=p.index % 25 != 24,  # a few internal-only indicators
                    tolerance_percent=Decimal(10) if p.index % 7 == 0 else None,
                    min_value=_decimal(p.min_value, 4),
                    max_value=_decimal(p.max_value, 4),
                    is_illustrative=True,
                    order=p.index,
                )
            )
        Indicator.objects.bulk_create(self.indicator_list)

        links = []
        for p, indicator in zip(self.plans, self.indicator_list, strict=True):
            theme_objectives = self.objectives_by_theme[self.themes[p.theme_index].pk]
            chosen = {theme_objectives[p.index % len(theme_objectives)]}
            if rng.random() < 0.2:
                chosen.add(rng.choice(theme_objectives))
            links += [Indicator.objectives.through(indicator_id=indicator.pk, objective_id=o.pk) for o in chosen]
        Indicator.objectives.through.objects.bulk_create(links)

        targets = [
            target
            for p, indicator in zip(self.plans, self.indicator_list, strict=True)
            for target in self._targets(p, indicator)
        ]
        Target.objects.bulk_create(targets, batch_size=BATCH_SIZE)
        self.counts.update(indicators=len(self.indicator_list), targets=len(targets))
        self.report(
            f"{len(self.indicator_list)} indicators ({sum(p.by_ward for p in self.plans)} by ward), "
            f"{len(targets)} targets"
        )

    def _targets(self, p: _IndicatorPlan, indicator: Indicator) -> Iterator[Target]:
        """One target a year: a % change on last year, or the trend pushed by the indicator's stretch.

        The stretch runs from a little easier than the trend to well beyond it, so with the
        noise some indicators are green, some amber and some red.
        """
        better = 1 if p.polarity == H else -1
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            if p.target_kind == Target.Kind.PERCENT_CHANGE:
                yield Target(
                    indicator=indicator,
                    financial_year=year,
                    kind=Target.Kind.PERCENT_CHANGE,
                    value=Decimal(p.target_step),
                    comparator=Target.Comparator.SAME_PERIOD_LAST_YEAR,
                )
                continue
            quarters = [p.expected(year, q) for q in range(1, 5)]
            trend = sum(quarters) if p.cumulative else sum(quarters) / 4  # cumulative: the year's total
            value = trend * (1 + better * (p.stretch + self.rng.uniform(-0.01, 0.01)))
            value = value if p.cumulative else p.clamp(value)
            yield Target(indicator=indicator, financial_year=year, value=_decimal(value, p.profile.decimal_places))

    def returns(self) -> None:
        """Every closed quarter's return from every theme forum: submitted by an officer, approved by the lead."""
        rng = self.rng
        today = timezone.localdate()
        self.return_by_key: dict[tuple[int, PeriodKey], QuarterlyReturn] = {}
        for key in self.closed_keys:
            period = self.period_by_key[key]
            submitted_on = min(period.return_deadline - datetime.timedelta(days=rng.randint(0, 10)), today)
            for forum in self.lead_forums:
                lead = self.lead_of[forum.pk]
                quarterly_return = QuarterlyReturn(
                    forum=forum,
                    period=period,
                    status=QuarterlyReturn.Status.APPROVED,
                    progress_summary=f"{forum.name}: most actions are on track this quarter.",
                    achievements="Partners delivered the quarter's planned activities.",
                    risks_and_issues="Funding for next year is not yet confirmed.",
                    case_study="A resident helped by the partnership told us what changed for them.",
                    submitted_at=_aware(submitted_on, 10),
                    submitted_by=self.officer_of[forum.pk],
                    approved_at=_aware(min(submitted_on + datetime.timedelta(days=rng.randint(1, 7)), today), 15),
                    approved_by=lead,
                    updated_by=lead,
                    version=3,  # saved as a draft, submitted, approved
                )
                # One history row per return, as at its approval, so history pages have something to show.
                quarterly_return._history_user = lead
                quarterly_return._history_date = quarterly_return.approved_at
                self.return_by_key[(forum.pk, key)] = quarterly_return
        returns = list(self.return_by_key.values())
        QuarterlyReturn.objects.bulk_create(returns, batch_size=BATCH_SIZE)
        QuarterlyReturn.history.bulk_history_create(
            returns, batch_size=BATCH_SIZE, default_change_reason="Synthetic data"
        )
        self.counts["quarterly_returns"] = len(returns)
        self.report(f"{len(returns)} approved quarterly returns")

    def measurements(self) -> None:
        """Streamed to the database in batches, so memory stays flat at any scale."""
        rows = self._measurement_rows()
        total = 0
        while batch := list(itertools.islice(rows, BATCH_SIZE)):
            Measurement.objects.bulk_create(batch)
            total += len(batch)
            if total % (BATCH_SIZE * 20) == 0:
                self.report(f"{total:,} measurements")
        self.counts["measurements"] = total

    def statuses(self) -> None:
        """The judged figures of every indicator, and of other plans' at any quarter made here."""
        mine = Indicator.objects.filter(theme__plan=self.plan)
        self.counts["indicator_statuses"] = indicator_status_rebuild(indicators=mine)
        if self.new_period_years:
            others = Indicator.objects.exclude(theme__plan=self.plan)
            indicator_status_refresh(indicators=others, years=self.new_period_years)
        self.report(f"{self.counts['indicator_statuses']:,} judged figures")

    def _measurement_rows(self) -> Iterator[Measurement]:
        """Borough-wide values for every indicator and closed quarter, then each ward's if it is by ward.

        The latest quarter is provisional; about 3% of values are flagged for data quality.
        """
        latest = self.closed_keys[-1]
        period_ids = {key: period.pk for key, period in self.period_by_key.items()}
        return_ids = {key: quarterly_return.pk for key, quarterly_return in self.return_by_key.items()}
        good, caution, poor = Measurement.Quality.GOOD, Measurement.Quality.CAUTION, Measurement.Quality.POOR
        final, provisional = Measurement.Status.FINAL, Measurement.Status.PROVISIONAL
        for p, indicator in zip(self.plans, self.indicator_list, strict=True):
            forum_id = self.themes[p.theme_index].lead_forum_id
            places = p.profile.decimal_places
            rng = _random(self.seed, "quality", p.index)
            borough = ((None, key, self.series[p.index][key]) for key in self.closed_keys)
            by_ward = _ward_values(p, self.seed, self.ward_profiles, self.closed_keys) if p.by_ward else ()
            for ward_id, key, value in itertools.chain(borough, by_ward):
                roll = rng.random()
                yield Measurement(
                    indicator_id=indicator.pk,
                    period_id=period_ids[key],
                    area_id=ward_id,
                    value=_decimal(value, places),
                    status=provisional if key == latest else final,
                    quality=poor if roll < 0.005 else caution if roll < 0.035 else good,
                    quarterly_return_id=return_ids[(forum_id, key)],
                    is_illustrative=True,
                )
