"""Reads that several apps share: quarters, RAG counts, judged figures, and one indicator's page.

The public pages (``public.selectors``), the board (``board.selectors``) and the annual
report (``reports.selectors``) build on these. Each function runs a fixed number of queries
whatever the size of the plan (the number of indicators, quarters and areas changes the
rows, never the queries) and returns plain dataclasses, so templates never touch the
database. To keep the count fixed:

* related rows are fetched with one query each, filtered through a join on the parent
  (``indicator__theme=theme``), never with ``prefetch_related`` or ``id__in=[…]``:
  Django skips those queries when the parent list is empty, which would make the count
  depend on the data;
* RAG, direction of travel, year to date and the target in the indicator's units are read
  from ``IndicatorStatus``, where the services store what ``indicators.rag.assess`` made of
  the published values and targets: pages never judge a figure themselves.

``indicator_page`` is one indicator in full: the public indicator page shows it for a
public indicator, the board's analysis page for any. ``Measurement`` holds published
values only, so no status filter is needed for them.
"""

from __future__ import annotations

from collections import Counter, namedtuple
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db import models
from django.db.models import Q
from django.utils.safestring import SafeString

from partnership.compiled import instances_compiled, run_compiled
from partnership.models import Area, CommunityPlan

from . import charts
from .formatting import UNIT_AXIS_LABELS, budget_summary, change_summary, format_value
from .models import (
    ASSESSMENT_FIELDS,
    Frequency,
    Indicator,
    IndicatorChange,
    IndicatorStatus,
    Measurement,
    ReportingPeriod,
    Unit,
    financial_year_label,
    stored_assessment,
)
from .rag import Assessment, PeriodKey, Rag, Trend

# Beyond this many areas the public indicator page leaves out the bar chart: 250 bars make a
# chart 6,600 px tall that nobody reads, and a third of a 240 KB page. The table stays.
AREA_CHART_MAX_BARS = 60

# Units whose borough value is the sum of the areas' values: an area is compared with the
# average area, not with the borough total.
ADDITIVE_UNITS = {Unit.COUNT}


# --- Periods ------------------------------------------------------------------------------------


def period_label(key: PeriodKey) -> str:
    return f"{financial_year_label(key[0])} Q{key[1]}"


def quarters_back(key: PeriodKey, count: int) -> list[PeriodKey]:
    """The ``count`` quarters ending at ``key``, oldest first."""
    year, quarter = key
    index = year * 4 + quarter - 1
    return [(i // 4, i % 4 + 1) for i in range(index - count + 1, index + 1)]


def quarters_between(first: PeriodKey, last: PeriodKey) -> list[PeriodKey]:
    """Every quarter from ``first`` to ``last`` inclusive, oldest first."""
    if last < first:
        return []
    count = (last[0] * 4 + last[1]) - (first[0] * 4 + first[1]) + 1
    return quarters_back(last, count)


def period_range(first: PeriodKey, last: PeriodKey) -> Q:
    """Rows (values, judged figures) whose period lies between two quarters, inclusive."""
    after = Q(period__financial_year__gt=first[0]) | Q(period__financial_year=first[0], period__quarter__gte=first[1])
    before = Q(period__financial_year__lt=last[0]) | Q(period__financial_year=last[0], period__quarter__lte=last[1])
    return after & before


def up_to(key: PeriodKey) -> Q:
    """Rows (values, judged figures) whose period is ``key`` or before it."""
    return Q(period__financial_year__lt=key[0]) | Q(period__financial_year=key[0], period__quarter__lte=key[1])


def reporting_period(plan: CommunityPlan | None) -> ReportingPeriod | None:
    """The quarter public pages report on: the latest quarter published with figures for the plan.

    A quarter's figures reach residents when the support group publishes it
    (``returns.services.period_publish``), never one return at a time, so one forum's early
    return cannot move every page to a quarter the others have not reported. The latest
    published quarter holding published values of the plan's public indicators (a quarter
    published with no figures at all, as the demo's after its plan's figures, moves nothing);
    ``None`` before any. Each indicator is then shown at its own latest published figure up to
    this quarter (``latest_figures``), labelled with its own quarter.
    """
    if plan is None:
        return ReportingPeriod.objects.published().order_by("-financial_year", "-quarter").first()
    # Every public page asks, for the same few plans: the statement is compiled once (``run_compiled``).
    rows = run_compiled(("reporting_period",), _latest_period_with_figures, plan.pk)
    return ReportingPeriod.from_db(ReportingPeriod.objects.db, _PERIOD_FIELDS, rows[0]) if rows else None


_PERIOD_FIELDS = [field.attname for field in ReportingPeriod._meta.concrete_fields]


def _latest_period_with_figures(plan_id: int) -> models.QuerySet:
    values = Measurement.objects.filter(
        period=models.OuterRef("pk"), indicator__theme__plan_id=plan_id, indicator__is_public=True
    )
    published = ReportingPeriod.objects.published().filter(models.Exists(values))
    return published.order_by("-financial_year", "-quarter").values_list(*_PERIOD_FIELDS)[:1]


def latest_figures(period: ReportingPeriod, *where: Q, **filters) -> models.QuerySet[IndicatorStatus]:
    """Each indicator's latest published figure for the whole area, at ``period`` or before it.

    One row per indicator (of those ``where`` and ``filters`` choose) that has a published
    value by then: the judged figure at the last quarter it had a value, so an indicator whose
    forum has not reported in the newest quarter shows its last figure, with its own quarter
    (``period__financial_year``, ``period__quarter``), rather than "no data". One query, by
    index: the services keep that figure flagged (``IndicatorStatus.is_latest``).

    ``period`` is the quarter the public pages report on (``reporting_period``): every public
    indicator's latest published figure lies at or before it. (An indicator whose latest figure
    is newer than an older ``period`` is left out; nothing asks for that.)
    Every public page reads an indicator's headline figure here.
    """
    return borough_figures(up_to(period.key), *where, is_latest=True, **filters)


def indicator_latest_period(indicator: Indicator, period: ReportingPeriod | None) -> ReportingPeriod | None:
    """The quarter of the indicator's latest published figure, at ``period`` or before; one query."""
    if period is None:
        return None
    figure = latest_figures(period, indicator=indicator).only("id", "period").first()
    return figure.period if figure is not None else None


# --- Shared building blocks ---------------------------------------------------------------------


@dataclass(frozen=True)
class RagCount:
    rag: Rag
    count: int

    @property
    def label(self) -> str:
        return self.rag.label


@dataclass(frozen=True)
class RagCounts:
    """How many indicators are at each RAG status."""

    green: int = 0
    amber: int = 0
    red: int = 0
    no_target: int = 0
    no_data: int = 0

    ORDER = (Rag.GREEN, Rag.AMBER, Rag.RED, Rag.NO_TARGET, Rag.NO_DATA)

    @classmethod
    def of(cls, rags: Iterable[str]) -> RagCounts:
        counter = Counter(str(rag) for rag in rags)
        return cls(**{str(rag): counter[str(rag)] for rag in cls.ORDER})

    @property
    def total(self) -> int:
        return self.green + self.amber + self.red + self.no_target + self.no_data

    @property
    def entries(self) -> list[RagCount]:
        return [RagCount(rag, getattr(self, str(rag))) for rag in self.ORDER]

    @property
    def summary(self) -> str:
        """In words, e.g. “3 on target, 1 near target, 1 off target, 2 no data”."""
        return ", ".join(f"{e.count} {e.label.lower()}" for e in self.entries if e.count) or "No public indicators"


def no_data(indicator: Indicator) -> Assessment:
    """The figure of a quarter with no row in ``IndicatorStatus``: nothing published, nothing judged."""
    return Assessment(
        rag=Rag.NO_DATA,
        trend=Trend.NO_DATA,
        value=None,
        target_value=None,
        last_year_value=None,
        change_percent=None,
        shortfall_percent=None,
        is_year_to_date=indicator.cumulative,
        reason="No value has been published for this period.",
    )


def judged_figures(*where: Q, **filters) -> models.QuerySet[IndicatorStatus]:
    """Judged figures with their quarter, unordered (the model's ordering joins the area)."""
    return IndicatorStatus.objects.filter(*where, **filters).select_related("period").order_by()


def borough_figures(*where: Q, **filters) -> models.QuerySet[IndicatorStatus]:
    return judged_figures(*where, area__isnull=True, **filters)


# Indicator fields the row-level pages read; anything else would be a query per row.
INDICATOR_ROW_FIELDS = (
    "id",
    "theme_id",
    "code",
    "slug",
    "title",
    "unit",
    "decimal_places",
    "polarity",
    "cumulative",
    "area_kind",
    "tolerance_percent",
    "baseline_value",
    "is_illustrative",
    "order",
    "frequency",
    "budget_id",
)


def change_line(indicator: Indicator, assessment: Assessment | None) -> str:
    """A change indicator's figures in one line, “Target −2%, year to date −6.1% (last year −3.9%)”; else ``""``.

    ``indicator`` needs its unit, decimal places and frequency.
    """
    if indicator.unit != Unit.CHANGE_PERCENT or assessment is None:
        return ""
    return change_summary(
        value=assessment.value,
        target_value=assessment.target_value,
        last_year_value=assessment.last_year_value,
        decimal_places=indicator.decimal_places,
        year_to_date=indicator.frequency != Frequency.ANNUAL,
    )


# --- Area comparisons (indicator, area and analysis pages) ------------------------------------------------


class AreaComparison(models.TextChoices):
    BETTER = "better", "Better than the borough"
    SAME = "same", "Same as the borough"
    WORSE = "worse", "Worse than the borough"
    UNKNOWN = "unknown", "Not known"


def compare_with_borough(
    indicator: Indicator, area_value: Decimal | None, comparison_value: Decimal | None
) -> AreaComparison:
    """Whether an area is better or worse than the borough, in the indicator's polarity.

    Equal at the indicator's own precision counts as the same.
    """
    if area_value is None or comparison_value is None:
        return AreaComparison.UNKNOWN
    exponent = Decimal(1).scaleb(-indicator.decimal_places)
    area, borough = area_value.quantize(exponent), comparison_value.quantize(exponent)
    if area == borough:
        return AreaComparison.SAME
    better = area > borough if indicator.polarity == "higher" else area < borough
    return AreaComparison.BETTER if better else AreaComparison.WORSE


def borough_comparison_value(indicator: Indicator, borough_value: Decimal | None, area_count: int) -> Decimal | None:
    """What an area's value is compared with: the borough's, or for counts the average area's."""
    if borough_value is None:
        return None
    if indicator.unit in ADDITIVE_UNITS:
        return borough_value / area_count if area_count else None
    return borough_value


# --- Indicator page -----------------------------------------------------------------------------


@dataclass
class PeriodRow:
    key: PeriodKey
    measurement: Measurement | None  # the quarter's own published value
    assessment: Assessment
    target_description: str  # how a % change target is set, else ""

    @property
    def label(self) -> str:
        return period_label(self.key)


@dataclass(frozen=True)
class AreaRow:
    area: Area
    value: Decimal | None  # the quarter's value, or the year to date for cumulative indicators
    comparison: AreaComparison
    is_illustrative: bool


@dataclass
class IndicatorPage:
    indicator: Indicator  # with theme, theme.plan, baseline_period
    period: ReportingPeriod | None  # the quarter the page reports on
    rows: list[PeriodRow]  # oldest first, every quarter from the first value to the period
    changes: list[IndicatorChange]
    area_rows: list[AreaRow] = field(default_factory=list)
    area_borough_value: Decimal | None = None
    area_comparison_value: Decimal | None = None
    budget_line: str = ""  # a spend or a budget of a pair: "£812,000 spent of £1,250,000 budget (65%)"

    @property
    def change_line(self) -> str:
        """For a change indicator, its latest figures in one line."""
        latest = self.latest
        return change_line(self.indicator, latest.assessment if latest else None)

    @property
    def tolerance_text(self) -> str:
        """How the amber band is set, in words."""
        tolerance = f"{self.indicator.tolerance.normalize():f}"
        if self.indicator.unit == Unit.CHANGE_PERCENT:
            points = "percentage point" if tolerance == "1" else "percentage points"
            return f"Amber when the target change is missed by no more than {tolerance} {points}."
        return f"Amber when the target is missed by no more than {tolerance}% of the target."

    @property
    def plan(self) -> CommunityPlan:
        return self.indicator.theme.plan

    @property
    def latest(self) -> PeriodRow | None:
        if self.period is None:
            return self.rows[-1] if self.rows else None
        return next((row for row in reversed(self.rows) if row.key == self.period.key), None)

    @property
    def rows_newest_first(self) -> list[PeriodRow]:
        """The table's rows: every quarter, or for annual indicators the quarters with a value."""
        return list(reversed(self.chart_rows))

    @property
    def is_illustrative(self) -> bool:
        return self.indicator.is_illustrative or any(
            row.measurement is not None and row.measurement.is_illustrative for row in self.rows
        )

    @property
    def has_provisional(self) -> bool:
        return any(row.measurement is not None and row.measurement.status == "provisional" for row in self.rows)

    @property
    def compares_with_average(self) -> bool:
        return self.indicator.unit in ADDITIVE_UNITS

    def fmt(self, value: Decimal | None) -> str:
        return format_value(value, self.indicator.unit, self.indicator.decimal_places)

    @property
    def unit_axis_label(self) -> str:
        return UNIT_AXIS_LABELS.get(self.indicator.unit, "")

    @property
    def chart_rows(self) -> list[PeriodRow]:
        """The quarters the chart plots: every quarter, or for annual indicators the quarters with a value."""
        if self.indicator.frequency == Frequency.ANNUAL:
            return [row for row in self.rows if row.measurement is not None]
        return self.rows

    def _chart_points(self) -> tuple[list, list, list]:
        """(value, target, same quarter last year) per charted quarter.

        For cumulative indicators the chart plots each quarter's own count, because a
        year-to-date line is a sawtooth nobody can read: the target line is then the
        quarter's share of the year-to-date target (this quarter's profiled target less
        the last one's), and status, judged on the year to date, is in the table.
        """
        rows = self.chart_rows
        if not self.indicator.cumulative:
            return (
                [row.assessment.value for row in rows],
                [row.assessment.target_value for row in rows],
                [row.assessment.last_year_value for row in rows],
            )
        by_key = {row.key: row for row in self.rows}
        values, targets, last_year = [], [], []
        for row in rows:
            year, quarter = row.key
            values.append(row.measurement.value if row.measurement else None)
            before = by_key.get((year, quarter - 1)) if quarter > 1 else None
            target = row.assessment.target_value
            if quarter > 1:
                target = (
                    target - before.assessment.target_value
                    if target is not None and before is not None and before.assessment.target_value is not None
                    else None
                )
            targets.append(target)
            previous = by_key.get((year - 1, quarter))
            last_year.append(previous.measurement.value if previous and previous.measurement else None)
        return values, targets, last_year

    @cached_property
    def chart(self) -> SafeString:
        indicator = self.indicator
        rows = self.chart_rows
        values, targets, last_year = self._chart_points()
        what = "count in each quarter" if indicator.cumulative else "value in each quarter"
        known = [(row, value) for row, value in zip(rows, values, strict=True) if value is not None]
        if known:
            (first_row, first), (last_row, last) = known[0], known[-1]
            summary = f"From {self.fmt(first)} in {first_row.label} to {self.fmt(last)} in {last_row.label}."
        else:
            summary = "No values have been published yet."
        target_words = (
            "the quarter's share of the year-to-date target (dashed line, square markers)"
            if indicator.cumulative
            else "the target (dashed line, square markers)"
        )
        judged = " Status is judged on the year to date, shown in the table." if indicator.cumulative else ""
        by_year = len(rows) > 12 or indicator.frequency == Frequency.ANNUAL
        x_labels = [
            (financial_year_label(row.key[0]) if i == 0 or row.key[0] != rows[i - 1].key[0] else None)
            if by_year
            else row.label
            for i, row in enumerate(rows)
        ]
        return charts.line_chart(
            [(row.label, value) for row, value in zip(rows, values, strict=True)],
            title=f"{indicator.title}: {what}, target and the same quarter last year",
            description=(
                f"Line chart of the {what} (solid line, round markers), {target_words} and the same quarter "
                f"last year (dotted line, triangles). {indicator.get_polarity_display()}. {summary}{judged} "
                "The table below gives every figure."
            ),
            target_series=targets,
            comparison_series=last_year,
            series_label="Count in the quarter" if indicator.cumulative else "Value",
            target_label="Target, quarter's share" if indicator.cumulative else "Target",
            x_labels=x_labels,
            unit_label=self.unit_axis_label,
            decimal_places=indicator.decimal_places,
            chart_id=f"chart-{indicator.slug}",
        )

    @property
    def area_chart_fits(self) -> bool:
        """Whether a bar an area makes a chart a person can read (the table always lists every area)."""
        return len(self.area_rows) <= AREA_CHART_MAX_BARS

    @property
    def area_chart_label(self) -> str:
        return f"{self.indicator.title} by {self.indicator.get_area_kind_display()}"

    @cached_property
    def area_chart(self) -> SafeString:
        indicator = self.indicator
        kind, kinds = indicator.get_area_kind_display(), indicator.area_kind_plural
        against = f"the average {kind}" if self.compares_with_average else "the borough"
        worse = sum(1 for row in self.area_rows if row.comparison == AreaComparison.WORSE)
        return charts.bar_chart(
            [
                charts.BarItem(row.area.name, row.value, highlighted=row.comparison == AreaComparison.WORSE)
                for row in self.area_rows
            ],
            title=f"{self.area_chart_label}, {self.period.label if self.period else ''}",
            description=(
                f"Bar chart of each {kind}'s value, with a dashed line at {against} "
                f"({self.fmt(self.area_comparison_value)}). {worse} of {len(self.area_rows)} {kinds} are worse "
                f"than {against}; their bars are hatched. The table gives every figure."
            ),
            reference_value=self.area_comparison_value,
            reference_label=f"Average {kind}" if self.compares_with_average else "Borough",
            normal_label=f"Same as or better than {against}",
            highlight_label=f"Worse than {against}",
            unit_label=f"{self.unit_axis_label}, year to date" if indicator.cumulative else self.unit_axis_label,
            decimal_places=indicator.decimal_places,
            chart_id=f"chart-{indicator.slug}-areas",
        )


def _borough_measurements(indicator_id: int) -> models.QuerySet:
    return (
        Measurement.objects.filter(indicator_id=indicator_id, area__isnull=True)
        .order_by()
        .values_list(
            "id",
            "period_id",
            "period__financial_year",
            "period__quarter",
            "value",
            "status",
            "quality",
            "note",
            "revision_note",
            "is_illustrative",
            "source",
        )
    )


# An indicator's judged figures with those of the budget or spend it is paired with.
_PAIRED_FIGURE_FIELDS = (
    "indicator_id",
    "indicator__is_public",
    "period__financial_year",
    "period__quarter",
    "target_description",
    *ASSESSMENT_FIELDS,
)
_PairedFigure = namedtuple("_PairedFigure", _PAIRED_FIGURE_FIELDS)


def _paired_figures(indicator_id: int, budget_id: int | None) -> models.QuerySet:
    # The indicator, its budget and its spends, chosen in the small indicator table: an OR across
    # the joins to each partner made PostgreSQL read every borough figure of every indicator.
    pair = Indicator.objects.filter(Q(pk=indicator_id) | Q(pk=budget_id) | Q(budget=indicator_id))
    return borough_figures(indicator__in=pair.values("pk")).values_list(*_PAIRED_FIGURE_FIELDS)


def indicator_page(
    indicator: Indicator, period: ReportingPeriod | None, *, with_unpublished: bool = False
) -> IndicatorPage:
    """Every published quarter of one indicator, its area breakdown at ``period``, its change log.

    ``indicator`` is public and comes with ``theme``, ``theme.plan`` and ``baseline_period``.
    Three queries (borough values for their notes, the borough's judged figures — with those of
    the budget or spend it is paired with, if any — change log), four for indicators reported by
    area (their judged figures at the period). A paired indicator not published is left out unless
    ``with_unpublished`` (the board's analysis page).
    """
    # The borough's published values, as unsaved instances holding what the page shows.
    measurements = {
        (year, quarter): Measurement(
            id=pk,
            indicator=indicator,
            period=ReportingPeriod(id=period_id, financial_year=year, quarter=quarter),
            value=value,
            status=status,
            quality=quality,
            note=note,
            revision_note=revision_note,
            is_illustrative=is_illustrative,
            source=source,
        )
        for pk, period_id, year, quarter, value, status, quality, note, revision_note, is_illustrative, source in (
            run_compiled(("indicator_measurements",), _borough_measurements, indicator.pk)
        )
    }
    figures = {}
    partner: dict[PeriodKey, Decimal | None] = {}  # the paired budget's or spend's judged values
    is_budget = False  # whether the partner is this indicator's budget (else its spend)
    for figure in map(
        _PairedFigure._make,
        run_compiled(
            ("indicator_paired_figures", indicator.budget_id),
            lambda indicator_id: _paired_figures(indicator_id, indicator.budget_id),
            indicator.pk,
        ),
    ):
        key = (figure.period__financial_year, figure.period__quarter)
        if figure.indicator_id == indicator.pk:
            figures[key] = figure
        elif figure.indicator__is_public or with_unpublished:
            partner[key] = figure.value
            is_budget = figure.indicator_id == indicator.budget_id
    changes = instances_compiled(
        IndicatorChange,
        ("indicator_changes",),
        lambda indicator_id: IndicatorChange.objects.filter(indicator_id=indicator_id).order_by("-changed_at", "-pk"),
        indicator.pk,
    )

    keys: list[PeriodKey] = []
    if measurements:
        # Up to the reporting quarter, and past it if a later value is already published.
        last = max([*measurements, period.key]) if period is not None else max(measurements)
        keys = quarters_between(min(measurements), last)
    rows = [
        PeriodRow(
            key=key,
            measurement=measurements.get(key),
            assessment=stored_assessment(figures[key]) if key in figures else no_data(indicator),
            target_description=figures[key].target_description if key in figures else "",
        )
        for key in keys
    ]
    page = IndicatorPage(indicator=indicator, period=period, rows=rows, changes=changes)
    latest = page.latest
    if partner and latest is not None and latest.key in partner:
        own = latest.assessment.value
        spend, budget = (own, partner[latest.key]) if is_budget else (partner[latest.key], own)
        page.budget_line = budget_summary(spend, budget, indicator.decimal_places)

    if indicator.by_area and period is not None:
        year, quarter = period.key
        wanted = Q(period__financial_year=year) & (
            Q(period__quarter__lte=quarter) if indicator.cumulative else Q(period__quarter=quarter)
        )
        # Every area with a value in the quarters judged (for cumulative indicators, the year so
        # far), and its judged figure at the period: the value, or the year to date.
        # Read as rows, not model instances: at 250 areas a cumulative indicator has 1,000 of them.
        area_values: dict[int, Decimal | None] = {}
        areas: dict[int, Area] = {}
        illustrative: set[int] = set()
        for area_id, name, slug, code, year, quarter, value, quarter_value, is_illustrative in run_compiled(
            ("indicator_area_figures", indicator.area_kind, indicator.cumulative, period.key),
            lambda indicator_id: (
                judged_figures(indicator_id=indicator_id, area__kind=indicator.area_kind)
                .filter(wanted)
                .values_list(
                    "area__id",
                    "area__name",
                    "area__slug",
                    "area__code",
                    "period__financial_year",
                    "period__quarter",
                    "value",
                    "quarter_value",
                    "is_illustrative",
                )
            ),
            indicator.pk,
        ):
            if (year, quarter) == period.key:
                area_values[area_id] = value
            if quarter_value is None:
                continue
            area_values.setdefault(area_id, None)
            if area_id not in areas:
                areas[area_id] = Area(id=area_id, name=name, slug=slug, code=code, kind=indicator.area_kind)
            if is_illustrative:
                illustrative.add(area_id)
        borough = figures[period.key].value if period.key in figures else None
        reporting = sum(1 for v in area_values.values() if v is not None)
        comparison_value = borough_comparison_value(indicator, borough, reporting)
        page.area_borough_value = borough
        page.area_comparison_value = comparison_value
        page.area_rows = [
            AreaRow(
                area=areas[area_id],
                value=area_values[area_id],
                comparison=compare_with_borough(indicator, area_values[area_id], comparison_value),
                is_illustrative=area_id in illustrative,
            )
            for area_id in sorted(areas, key=lambda w: areas[w].name)
        ]
    return page
