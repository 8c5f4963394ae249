"""Indicators, their targets, reporting periods and the measurements themselves.

``Measurement`` holds published figures only: the approved values that public pages,
dashboards and reports read. Values a forum is still drafting belong to its quarterly
return (the ``returns`` app) and become measurements when the return is approved, so a
draft can never leak to the public by a forgotten filter.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from partnership.models import Area, AreaKind
from partnership.owned import PartnershipOwned, PartnershipQuerySet, owned_manager
from themes.models import Objective, Theme

from .rag import DEFAULT_CHANGE_TOLERANCE_POINTS, Assessment, MeasureKind, Rag, Trend


def financial_year_label(year: int) -> str:
    """``2014`` → ``"2014/15"``."""
    return f"{year}/{(year + 1) % 100:02d}"


class ReportingPeriodQuerySet(PartnershipQuerySet):
    def chronological(self):
        return self.order_by("financial_year", "quarter")

    def latest_closed(self) -> "ReportingPeriod | None":
        return self.filter(status=ReportingPeriod.Status.CLOSED).order_by("-financial_year", "-quarter").first()

    def published(self):
        """Quarters the support group has published: the only ones whose figures residents see."""
        return self.filter(published_at__isnull=False)


class ReportingPeriod(PartnershipOwned):
    """A UK financial-year quarter: Q1 is April–June, Q4 is January–March.

    Two things happen to a quarter besides opening and closing for returns (``status``), each
    recorded with who and when, and kept in its history: the support group **publishes** it
    (``published_at``), after which residents see its figures (``returns.services.period_publish``);
    and it may be opened for **back-fill** (``backfill_opened_at``, with a reason), a stated mode
    for entering a past quarter's returns, which are then never counted late (``days_late``).
    """

    class Status(models.TextChoices):
        UPCOMING = "upcoming", "Upcoming"
        OPEN = "open", "Open for returns"
        CLOSED = "closed", "Closed"

    financial_year = models.PositiveSmallIntegerField(help_text="The year the financial year starts: 2014 for 2014/15.")
    quarter = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(4)])
    starts_on = models.DateField()
    ends_on = models.DateField()
    return_deadline = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.UPCOMING)
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When the support group published the quarter's figures; empty: not yet."
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    backfill_opened_at = models.DateTimeField(
        null=True, blank=True, help_text="When the quarter was opened for back-fill; returns since are never late."
    )
    backfill_opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    backfill_reason = models.TextField(blank=True, help_text="Why the quarter was opened for back-fill.")

    objects = owned_manager(ReportingPeriodQuerySet)
    history = HistoricalRecords(excluded_fields=["starts_on", "ends_on"])

    class Meta:
        ordering = ["financial_year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "financial_year", "quarter"], name="period_unique_per_partnership"
            ),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="period_quarter_1_to_4"),
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="period_dates_in_order"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{financial_year_label(self.financial_year)} Q{self.quarter}"

    @property
    def year_label(self) -> str:
        return financial_year_label(self.financial_year)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def is_backfill(self) -> bool:
        return self.backfill_opened_at is not None

    def days_late(self, *, today: datetime.date, submitted_at: datetime.datetime | None = None) -> int:
        """How late a return of this quarter is: submitted ``submitted_at``, or still outstanding ``today``.

        0 when on time, and always 0 for a return made in back-fill mode (outstanding while
        the quarter is open for back-fill, or submitted after it was opened): entering a past
        quarter's figures is not lateness. Every page, list and reminder that says "N days
        late" asks here.
        """
        if self.backfill_opened_at is not None and (submitted_at is None or submitted_at >= self.backfill_opened_at):
            return 0
        day = timezone.localdate(submitted_at) if submitted_at is not None else today
        return max(0, (day - self.return_deadline).days)

    @property
    def key(self) -> tuple[int, int]:
        return (self.financial_year, self.quarter)

    @staticmethod
    def dates_for(financial_year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
        """First and last day of a financial-year quarter."""
        start_month = 4 + 3 * (quarter - 1)
        year = financial_year + (start_month - 1) // 12
        month = (start_month - 1) % 12 + 1
        starts_on = datetime.date(year, month, 1)
        next_month = month + 3
        next_start = datetime.date(year + (next_month - 1) // 12, (next_month - 1) % 12 + 1, 1)
        return starts_on, next_start - datetime.timedelta(days=1)


class Unit(models.TextChoices):
    COUNT = "count", "Number"
    PERCENT = "percent", "Percentage"
    RATE_PER_1000 = "rate_1000", "Rate per 1,000 population"
    RATE_PER_100000 = "rate_100000", "Rate per 100,000 population"
    POUNDS = "pounds", "Pounds (£)"
    YEARS = "years", "Years"
    DAYS = "days", "Days"
    SCORE = "score", "Score"
    # The value is itself the % change on the same period last year ("crime down 6.1%"), as some
    # partners publish it: compared directly with last year's change and a target change.
    CHANGE_PERCENT = "change_percent", "% change on last year"


# What each unit's values are, for judging and showing their changes (``indicators.rag.MeasureKind``).
MEASURE_KINDS: dict[str, MeasureKind] = {
    Unit.PERCENT: MeasureKind.PERCENTAGE,
    Unit.CHANGE_PERCENT: MeasureKind.CHANGE,
}


def measure_kind_of(unit: str) -> MeasureKind:
    """``Unit.PERCENT`` → a percentage, ``Unit.CHANGE_PERCENT`` → a change, anything else a level."""
    return MEASURE_KINDS.get(unit, MeasureKind.LEVEL)


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher", "Higher is better"
    LOWER_IS_BETTER = "lower", "Lower is better"


class Frequency(models.TextChoices):
    QUARTERLY = "quarterly", "Quarterly"
    ANNUAL = "annual", "Annual"


class IndicatorQuerySet(PartnershipQuerySet):
    def public(self):
        return self.filter(is_public=True)

    def by_area(self):
        """The indicators reported by a kind of area, besides the whole area."""
        return self.exclude(area_kind="")


class Indicator(PartnershipOwned):
    """A “measuring our success” item: what is counted, how, and which way is better."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="indicators")
    objectives = models.ManyToManyField(Objective, related_name="indicators", blank=True)
    code = models.CharField(max_length=20, help_text="Short reference used in returns and imports.")
    slug = models.SlugField(max_length=120)
    title = models.CharField(max_length=300)
    definition = models.TextField(help_text="Exactly what is counted, so that every quarter counts the same thing.")
    unit = models.CharField(
        max_length=20,
        choices=Unit.choices,
        default=Unit.COUNT,
        help_text="“% change on last year” when the source publishes only the change (“crime down 6.1%”): "
        "targets are then a change too (−2 for “reduce by 2%”). A % change target on a percentage is in "
        "percentage points.",
    )
    decimal_places = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(4)])
    polarity = models.CharField(max_length=10, choices=Polarity.choices)
    source = models.CharField(max_length=300)
    source_url = models.URLField(blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY)
    baseline_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    area_kind = models.CharField(
        max_length=20,
        choices=AreaKind.choices,
        blank=True,
        verbose_name="reported by",
        help_text="The kind of area it is reported by, besides the whole area. Blank: the whole area only.",
    )
    cumulative = models.BooleanField(
        default=False, help_text="Quarterly values add up over the year; RAG is judged on the year to date."
    )
    is_public = models.BooleanField(default=True, verbose_name="public")
    tolerance_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Amber band, as a % of the target (in percentage points for a “% change on last year”). "
        "Blank: the portal default (1 point for a change).",
    )
    min_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    max_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    is_illustrative = models.BooleanField(
        default=False, help_text="Values are synthetic, made for the demonstration: pages say so."
    )
    order = models.PositiveSmallIntegerField(default=0)
    budget = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="spend",
        error_messages={"unique": "That budget is already paired with another spend indicator."},
        help_text="For a spend indicator: the budget it is spent against (both in pounds, in the same plan). "
        "Pages show them together: “£812,000 spent of £1,250,000 budget (65%)”.",
    )

    objects = owned_manager(IndicatorQuerySet)
    partnership_from = "theme"

    class Meta:
        ordering = ["theme__number", "order", "code"]
        indexes = [models.Index(fields=["theme", "order"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_value__isnull=True)
                | models.Q(max_value__isnull=True)
                | models.Q(min_value__lte=models.F("max_value")),
                name="indicator_range_in_order",
            ),
            models.UniqueConstraint(fields=["partnership", "code"], name="indicator_code_unique_per_partnership"),
            models.UniqueConstraint(fields=["partnership", "slug"], name="indicator_slug_unique_per_partnership"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("indicators:indicator-detail", args=[self.slug])

    @property
    def by_area(self) -> bool:
        """Reported by a kind of area (``area_kind``) besides the whole area."""
        return bool(self.area_kind)

    @property
    def area_kind_plural(self) -> str:
        """ "wards", "policing areas": the areas it is reported by, for headings and counts."""
        return AreaKind(self.area_kind).plural if self.area_kind else "areas"

    @property
    def measure_kind(self) -> MeasureKind:
        return measure_kind_of(self.unit)

    @property
    def tolerance(self) -> Decimal:
        """The amber band: a % of the target, or for a change indicator percentage points."""
        if self.tolerance_percent is not None:
            return self.tolerance_percent
        if self.measure_kind == MeasureKind.CHANGE:
            return DEFAULT_CHANGE_TOLERANCE_POINTS
        return Decimal(settings.RAG_DEFAULT_TOLERANCE_PERCENT)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.measure_kind == MeasureKind.CHANGE and self.cumulative:
            errors["cumulative"] = (
                "A % change on last year does not add up over the year: untick “cumulative”, "
                "or record the counts themselves."
            )
        if self.budget_id is not None:
            errors.update(self._budget_problems())
        if errors:
            raise ValidationError(errors)

    def _budget_problems(self) -> dict[str, str]:
        """Why the budget this spend points at cannot be its budget, if it cannot."""
        if self.pk is not None and self.budget_id == self.pk:
            return {"budget": "An indicator cannot be its own budget: choose the budget indicator."}
        budget = Indicator.objects.filter(pk=self.budget_id).select_related("theme").first()
        if budget is None:
            return {"budget": "Choose a budget indicator."}
        if self.unit != Unit.POUNDS:
            return {"unit": "A spend paired with a budget is money: set the unit to pounds (£)."}
        if budget.unit != Unit.POUNDS:
            return {"budget": f"The budget must be money: {budget.code} is not in pounds (£)."}
        if self.theme_id is not None and budget.theme.plan_id != self.theme.plan_id:
            return {"budget": f"The budget must be in the same plan: {budget.code} is in another plan."}
        if budget.budget_id is not None:
            return {"budget": f"{budget.code} is itself a spend against a budget: choose the budget."}
        if self.pk is not None and Indicator.objects.filter(budget_id=self.pk).exists():
            return {"budget": "This indicator is the budget of another: a budget cannot also be a spend."}
        return {}


class Target(models.Model):
    """What an indicator should reach in a year (or one quarter of it).

    Either an absolute value, or a change in per cent against a comparator — the
    same period last year or the baseline — as in “reduce by 3% on last year”.
    """

    class Kind(models.TextChoices):
        ABSOLUTE = "absolute", "Absolute value"
        PERCENT_CHANGE = "percent_change", "% change"

    class Comparator(models.TextChoices):
        SAME_PERIOD_LAST_YEAR = "last_year", "the same period last year"
        BASELINE = "baseline", "the baseline"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    financial_year = models.PositiveSmallIntegerField()
    quarter = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text="Blank: the whole year.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ABSOLUTE)
    value = models.DecimalField(
        max_digits=14, decimal_places=4, help_text="The value, or the % change (−3 for “reduce by 3%”)."
    )
    comparator = models.CharField(max_length=20, choices=Comparator.choices, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["indicator", "financial_year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "financial_year"],
                condition=models.Q(quarter__isnull=True),
                name="target_unique_per_year",
            ),
            models.UniqueConstraint(
                fields=["indicator", "financial_year", "quarter"],
                condition=models.Q(quarter__isnull=False),
                name="target_unique_per_quarter",
            ),
            models.CheckConstraint(
                condition=(models.Q(kind="absolute") & models.Q(comparator=""))
                | (models.Q(kind="percent_change") & ~models.Q(comparator="")),
                name="target_comparator_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}: {self.describe()}"

    @property
    def period_label(self) -> str:
        label = financial_year_label(self.financial_year)
        return f"{label} Q{self.quarter}" if self.quarter else label

    def describe(self, unit: str | None = None) -> str:
        """The target in words, e.g. “reduction of 3% on the same period last year”.

        ``unit`` is the indicator's (read from the indicator when it is already loaded): a change
        of a percentage is in percentage points, money is in pounds, and a change indicator's
        target is its change (“−2%”).
        """
        if unit is None and self.indicator_id is not None and Target.indicator.is_cached(self):
            unit = self.indicator.unit
        number = f"{abs(self.value).normalize():f}"
        if self.kind == self.Kind.PERCENT_CHANGE:
            verb = "increase" if self.value > 0 else "reduction"
            if unit == Unit.PERCENT:
                points = "percentage point" if abs(self.value) == 1 else "percentage points"
                return f"{verb} of {number} {points} on {self.get_comparator_display()}"
            return f"{verb} of {number}% on {self.get_comparator_display()}"
        if unit == Unit.CHANGE_PERCENT:
            sign = "+" if self.value > 0 else "\u2212" if self.value < 0 else ""
            return f"{sign}{number}%"
        if unit == Unit.POUNDS:
            return f"{'-' if self.value < 0 else ''}£{abs(self.value).normalize():,f}"
        return f"{self.value.normalize():f}"

    def clean(self) -> None:
        super().clean()
        if (
            self.kind == self.Kind.PERCENT_CHANGE
            and self.comparator == self.Comparator.BASELINE
            and self.indicator_id is not None
            and Indicator.objects.filter(pk=self.indicator_id, unit=Unit.CHANGE_PERCENT).exists()
        ):
            raise ValidationError(
                {
                    "comparator": "This indicator's values are changes on last year: set its target as a change "
                    "on the same period last year."
                }
            )


class IndicatorChange(models.Model):
    """The public change log: every change to a target, baseline or definition, with date and reason."""

    class Field(models.TextChoices):
        TARGET = "target", "Target"
        BASELINE = "baseline", "Baseline"
        DEFINITION = "definition", "Definition"
        UNIT = "unit", "Unit or polarity"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=20, choices=Field.choices)
    summary = models.CharField(max_length=300, help_text="What changed, e.g. “Target 2014/15”.")
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField()
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["indicator", "-changed_at", "-pk"]
        indexes = [models.Index(fields=["indicator", "-changed_at"])]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.summary} ({self.changed_at:%d %b %Y})"


class MeasurementQuerySet(PartnershipQuerySet):
    def borough(self):
        return self.filter(area__isnull=True)


class Measurement(PartnershipOwned):
    """A published value: one indicator, one quarter, borough-wide or one area."""

    class Status(models.TextChoices):
        PROVISIONAL = "provisional", "Provisional"
        FINAL = "final", "Final"

    class Quality(models.TextChoices):
        GOOD = "good", "Good"
        CAUTION = "caution", "Use with caution"
        POOR = "poor", "Poor"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="measurements")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="measurements")
    value = models.DecimalField(max_digits=14, decimal_places=4)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.FINAL)
    quality = models.CharField(max_length=10, choices=Quality.choices, default=Quality.GOOD)
    source = models.CharField(max_length=300, blank=True, help_text="Blank: the indicator's source.")
    note = models.TextField(blank=True)
    revision_note = models.TextField(blank=True, help_text="Why a published value was revised.")
    # The return that published the value. Named by string: the returns app sits above this
    # one, and this column (and its table) predates the move of returns into their own app.
    quarterly_return = models.ForeignKey(
        "returns.QuarterlyReturn", on_delete=models.SET_NULL, null=True, blank=True, related_name="measurements"
    )
    is_illustrative = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = owned_manager(MeasurementQuerySet)
    partnership_from = "indicator"

    class Meta:
        ordering = ["indicator", "period__financial_year", "period__quarter", "area__name"]
        constraints = [
            # Borough-wide values have no area: two partial constraints make (indicator, period,
            # area) unique with NULL counted as one value, on PostgreSQL and SQLite alike.
            models.UniqueConstraint(
                fields=["indicator", "period", "area"],
                condition=models.Q(area__isnull=False),
                name="measurement_unique_per_area",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=models.Q(area__isnull=True),
                name="measurement_unique_borough",
            ),
        ]
        indexes = [models.Index(fields=["period", "indicator"])]

    def __str__(self) -> str:
        where = self.area.name if self.area_id else "borough"
        return f"{self.indicator.code} {self.period} {where}: {self.value}"


class IndicatorStatusQuerySet(PartnershipQuerySet):
    def borough(self):
        return self.filter(area__isnull=True)

    def public(self):
        return self.filter(indicator__is_public=True)

    def at(self, period: ReportingPeriod):
        return self.filter(period=period)


class IndicatorStatus(PartnershipOwned):
    """The judged figure of one indicator at one quarter, borough-wide or for one area.

    The read model every page, the dashboard, the annual report and the return form read
    instead of judging raw values and targets on each request. It stores the output of
    ``indicators.rag.assess`` (the one place RAG and direction of travel are decided) and
    is refreshed by ``indicators.status.indicator_status_refresh``, called by every service
    that changes an input, in the same transaction. A row exists where the place has a
    published value at the quarter or at the same quarter last year; a quarter without a
    row is "no data". Area rows are judged without a target: targets are borough-wide.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="statuses")
    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+")
    area = models.ForeignKey(Area, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    quarter_value = models.DecimalField(
        max_digits=14, decimal_places=4, null=True, blank=True, help_text="The quarter's own published value."
    )
    value = models.DecimalField(
        max_digits=18, decimal_places=4, null=True, blank=True, help_text="What was judged: the value or year to date."
    )
    is_year_to_date = models.BooleanField(default=False)
    target_value = models.DecimalField(max_digits=28, decimal_places=10, null=True, blank=True)
    target_description = models.CharField(
        max_length=200, blank=True, help_text="How a % change target is set, e.g. “reduction of 3% on …”."
    )
    rag = models.CharField(max_length=10, choices=Rag.choices)
    trend = models.CharField(max_length=10, choices=Trend.choices)
    change_percent = models.DecimalField(max_digits=28, decimal_places=10, null=True, blank=True)
    shortfall_percent = models.DecimalField(max_digits=28, decimal_places=10, null=True, blank=True)
    change_points = models.DecimalField(
        max_digits=28,
        decimal_places=10,
        null=True,
        blank=True,
        help_text="Percentages and changes: the change on last year in percentage points (never a % of a %).",
    )
    shortfall_points = models.DecimalField(
        max_digits=28, decimal_places=10, null=True, blank=True, help_text="As change_points, how far off target."
    )
    last_year_value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    reason = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=12, choices=Measurement.Status.choices, blank=True, help_text="Blank: no value this quarter."
    )
    is_illustrative = models.BooleanField(default=False, help_text="The quarter's value is synthetic.")
    areas_reported = models.PositiveIntegerField(
        default=0,
        help_text="On the whole area's row: how many areas have a published value this quarter "
        "(an area is compared with their average).",
    )
    is_latest = models.BooleanField(
        default=False,
        help_text="The indicator's latest published figure for the whole area: a value in the newest "
        "published quarter that has one. The headline figure the public pages show.",
    )
    judged_at = models.DateTimeField()

    objects = owned_manager(IndicatorStatusQuerySet)
    partnership_from = "indicator"

    class Meta:
        verbose_name_plural = "indicator statuses"
        ordering = ["indicator", "period__financial_year", "period__quarter", "area__name"]
        constraints = [
            # As for Measurement: NULL (the whole area) counts as one place.
            models.UniqueConstraint(
                fields=["indicator", "period", "area"],
                condition=models.Q(area__isnull=False),
                name="indicator_status_unique_per_area",
            ),
            models.UniqueConstraint(
                fields=["indicator", "period"],
                condition=models.Q(area__isnull=True),
                name="indicator_status_unique_borough",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "indicator"]),
            # An area's and the whole area's figures at a quarter (the area page), without reading
            # every other area's: 285 rows, not 34,000, at 250 wards.
            models.Index(fields=["period", "area"], name="indicator_status_period_area"),
            # The public pages' headline figures: one row per indicator, read by this index.
            models.Index(fields=["indicator"], condition=models.Q(is_latest=True), name="indicator_status_latest"),
        ]

    def __str__(self) -> str:
        where = self.area.name if self.area_id else "borough"
        return f"{self.indicator.code} {self.period} {where}: {self.rag}"

    @property
    def assessment(self) -> Assessment:
        return stored_assessment(self)


# The fields of a judged figure that make its ``Assessment``: a page that reads figures with
# ``values_list(*ASSESSMENT_FIELDS, …, named=True)`` (no model instances) passes its rows to
# ``stored_assessment`` as it would an ``IndicatorStatus``.
ASSESSMENT_FIELDS = (
    "rag",
    "trend",
    "value",
    "target_value",
    "last_year_value",
    "change_percent",
    "shortfall_percent",
    "is_year_to_date",
    "reason",
    "change_points",
    "shortfall_points",
)


def stored_assessment(figure) -> Assessment:
    """The ``Assessment`` a judged figure stores: an ``IndicatorStatus``, or a row with its ``ASSESSMENT_FIELDS``."""
    return Assessment(
        rag=Rag(figure.rag),
        trend=Trend(figure.trend),
        value=figure.value,
        target_value=figure.target_value,
        last_year_value=figure.last_year_value,
        change_percent=figure.change_percent,
        shortfall_percent=figure.shortfall_percent,
        is_year_to_date=figure.is_year_to_date,
        reason=figure.reason,
        change_points=figure.change_points,
        shortfall_points=figure.shortfall_points,
    )
