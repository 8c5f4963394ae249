"""Read models for the board dashboard, the indicators table and the indicator analysis page.

Who sees them: LSP Board members, the LSP Support Group and forum leads (``can_see_dashboard``).
Unlike the public pages these read every indicator of the plan, public or not; pages mark
the ones residents cannot see as "not published".

Like the public pages' selectors (``indicators.selectors``, ``public.selectors``), each
function runs a fixed number of queries whatever the size of the plan, and returns plain
dataclasses so that templates never touch the database:

* related rows are read with one query each, filtered through a join or a subquery on
  the parent queryset (never ``id__in=[…]`` of a list, which Django skips when the list is
  empty, so that the count would depend on the data);
* RAG and direction of travel are read from ``IndicatorStatus`` (what the services stored
  from ``indicators.rag.assess``); filtering and sorting on them happens in Python, over
  the whole filtered set, before the table is paginated.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.db import models
from django.db.models import Count, F, FilteredRelation, Q
from django.utils import timezone
from django.utils.safestring import SafeString

from indicators import charts
from indicators.formatting import (
    UNIT_AXIS_LABELS,
    budget_summary,
    change_summary,
    format_change,
    format_number,
    format_shortfall,
    format_value,
)
from indicators.models import (
    ASSESSMENT_FIELDS,
    Frequency,
    Indicator,
    IndicatorStatus,
    ReportingPeriod,
    Unit,
    financial_year_label,
    stored_assessment,
)
from indicators.permissions import Reach, reach_of
from indicators.rag import Assessment, PeriodKey, Rag, Trend
from indicators.selectors import (
    ADDITIVE_UNITS,
    INDICATOR_ROW_FIELDS,
    AreaComparison,
    IndicatorPage,
    RagCounts,
    borough_comparison_value,
    borough_figures,
    compare_with_borough,
    indicator_page,
    no_data,
    period_label,
    period_range,
    quarters_back,
)
from partnership.models import Area, CommunityPlan, Forum
from returns.models import QuarterlyReturn
from themes.models import Theme

SPARKLINE_QUARTERS = 12
PAGE_SIZE = 25
YEAR_TO_DATE_YEARS = 3  # financial years in the analysis page's year-to-date chart


# --- Who may see the dashboard ------------------------------------------------------------------


def can_see_dashboard(user) -> bool:
    """The board, the support group and forum leads; officers and everyone else may not."""
    return reach_of(user).sees_dashboard


# --- Periods ------------------------------------------------------------------------------------


def dashboard_periods(plan: CommunityPlan) -> list[ReportingPeriod]:
    """The quarters the dashboard can report on, newest first: open or closed, from the plan's start.

    One query. No upper bound on the year, so that the quarter open for returns after the
    plan's last year still shows its return completeness.
    """
    return list(
        ReportingPeriod.objects.filter(financial_year__gte=plan.start_year)
        .exclude(status=ReportingPeriod.Status.UPCOMING)
        .order_by("-financial_year", "-quarter")
    )


def default_period(periods: Iterable[ReportingPeriod], today: datetime.date | None = None) -> ReportingPeriod | None:
    """The quarter the board monitors: the latest whose returns are due, open or closed.

    A quarter still open for returns whose deadline has passed is where the board's attention
    is (who has not reported, what came in); before its deadline, the last closed quarter.
    Taken from the list already read: no query.
    """
    today = today or timezone.localdate()
    due = [p for p in periods if p.return_deadline < today and p.status != ReportingPeriod.Status.UPCOMING]
    return max(due, key=lambda p: p.key) if due else None


def period_choices(periods: Iterable[ReportingPeriod]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Choices for a period select, grouped by financial year, newest first."""
    years: dict[int, list[tuple[str, str]]] = {}
    for period in sorted(periods, key=lambda p: p.key, reverse=True):
        suffix = " (open for returns)" if period.status == ReportingPeriod.Status.OPEN else ""
        years.setdefault(period.financial_year, []).append((str(period.pk), f"{period.label}{suffix}"))
    return [(financial_year_label(year), options) for year, options in years.items()]


# --- Shared: indicators of a plan and their assessment at a period -------------------------------


# Indicator fields the dashboard pages read (with the theme and its lead forum); anything else
# would be a query per row.
INDICATOR_FIELDS = (
    *INDICATOR_ROW_FIELDS,
    "is_public",
    "theme__id",
    "theme__number",
    "theme__title",
    "theme__slug",
    "theme__plan_id",
    "theme__lead_forum_id",
    "theme__lead_forum__id",
    "theme__lead_forum__name",
)


def plan_indicator_queryset(plan: CommunityPlan) -> models.QuerySet[Indicator]:
    """Every indicator of the plan, public or not, in the plan's order: what the FilterSet narrows."""
    return Indicator.objects.filter(theme__plan=plan).order_by("theme__number", "order", "code")


def _with_theme(indicators: models.QuerySet[Indicator]) -> models.QuerySet[Indicator]:
    return indicators.select_related("theme", "theme__lead_forum").only(*INDICATOR_FIELDS)


# What the dashboard reads of each of the plan's indicators: the row fields, and whether residents see it.
DASHBOARD_INDICATOR_FIELDS = (*INDICATOR_ROW_FIELDS, "is_public")


def plan_indicators_at(plan: CommunityPlan, period: ReportingPeriod) -> models.QuerySet:
    """Every indicator of the plan, in the plan's order, with its borough figure judged at ``period``.

    One query, of rows rather than model instances: the dashboard reads every indicator of the
    plan but lists only a few (``indicator_of``). The judged figure (``IndicatorStatus``,
    borough-wide) is joined in as ``figure__<field>`` for each of ``ASSESSMENT_FIELDS``, all
    ``None`` where nothing was judged (``assessment_of``).
    """
    figure = FilteredRelation("statuses", condition=Q(statuses__period=period, statuses__area__isnull=True))
    return (
        plan_indicator_queryset(plan)
        .annotate(figure=figure)
        .values_list(*DASHBOARD_INDICATOR_FIELDS, *(f"figure__{name}" for name in ASSESSMENT_FIELDS), named=True)
    )


class _JoinedFigure:
    """A ``plan_indicators_at`` row seen as the judged figure it joins in, for ``stored_assessment``."""

    __slots__ = ("row",)

    def __init__(self, row) -> None:
        self.row = row

    def __getattr__(self, name: str):
        return getattr(self.row, f"figure__{name}")


def assessment_of(row) -> Assessment:
    """The judged figure of a ``plan_indicators_at`` row, or "no data" where there is none."""
    return stored_assessment(_JoinedFigure(row)) if row.figure__rag is not None else no_data(row)


def loaded(model: type[models.Model], db: str, values: Mapping[str, object]) -> models.Model:
    """A ``model`` instance made of ``values`` read by attribute name, as a query would load it (no query).

    ``from_db`` takes the values in the order of the model's fields; others are deferred.
    """
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    return model.from_db(db, names, [values[name] for name in names])


def indicator_of(row, db: str) -> Indicator:
    """The ``Indicator`` of a ``plan_indicators_at`` row, with the fields read (no query)."""
    return loaded(Indicator, db, row._asdict())


# What the dashboard reads of a judged figure.
FIGURE_FIELDS = (
    "id",
    "indicator_id",
    "period__id",
    "period__financial_year",
    "period__quarter",
    "quarter_value",
    "value",
    "is_year_to_date",
    "target_value",
    "rag",
    "trend",
    "change_percent",
    "shortfall_percent",
    "change_points",
    "shortfall_points",
    "last_year_value",
    "reason",
    "is_illustrative",
)


def _fmt(indicator: Indicator, value: Decimal | None) -> str:
    return format_value(value, indicator.unit, indicator.decimal_places)


def _rounded(indicator: Indicator, value: Decimal | None) -> Decimal | None:
    """A value at the indicator's own precision, as the page prints it."""
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-indicator.decimal_places), rounding=ROUND_HALF_UP)


def _indicator_name(indicator: Indicator) -> str:
    return indicator.title if indicator.is_public else f"{indicator.title} (not published)"


def _change_line(indicator: Indicator, assessment: Assessment) -> str:
    """A change indicator's figures in one line (“Target −2%, year to date −6.1% (last year −3.9%)”), else ``""``."""
    if indicator.unit != Unit.CHANGE_PERCENT:
        return ""
    return change_summary(
        value=assessment.value,
        target_value=assessment.target_value,
        last_year_value=assessment.last_year_value,
        decimal_places=indicator.decimal_places,
        year_to_date=indicator.frequency != Frequency.ANNUAL,
    )


def shortfall_rank(indicator: Indicator, assessment: Assessment) -> Decimal | None:
    """How far off target, to sort by: in % of the target, so that levels and percentages rank
    together (a percentage's shortfall is shown in points, never as a % of it); a change
    indicator's in points (its target change may be zero). ``None`` when it cannot be measured."""
    points = assessment.shortfall_points
    if points is not None and indicator.unit == Unit.PERCENT:
        target = assessment.target_value
        return points / abs(target) * 100 if target else None
    return assessment.shortfall


@dataclass(frozen=True)
class BudgetRow:
    """A spend indicator and its budget at the period: “£812,000 spent of £1,250,000 budget (65%)”."""

    spend: Indicator
    budget: Indicator
    spend_value: Decimal | None
    budget_value: Decimal | None

    @property
    def text(self) -> str:
        return budget_summary(self.spend_value, self.budget_value, self.spend.decimal_places) or "No data"


def budget_rows(rows: Iterable, indicator: Callable[[object], Indicator]) -> list[BudgetRow]:
    """Every spend paired with a budget among ``plan_indicators_at`` rows, with both values: no query.

    ``indicator(row)`` makes the model instance of a row, for the pairs only.
    """
    by_id = {row.id: row for row in rows}
    pairs = []
    for spend in by_id.values():
        budget = by_id.get(spend.budget_id) if spend.budget_id else None
        if budget is None:
            continue
        # A row without a judged figure has no value (``None``), as "no data" has none.
        pairs.append(
            BudgetRow(
                spend=indicator(spend),
                budget=indicator(budget),
                spend_value=spend.figure__value,
                budget_value=budget.figure__value,
            )
        )
    return pairs


# --- The board dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class ThemeRag:
    theme: Theme  # with lead_forum
    counts: RagCounts


@dataclass(frozen=True)
class ExceptionRow:
    """An indicator off target, or near target and worsening, at the period."""

    indicator: Indicator  # with theme and theme.lead_forum
    assessment: Assessment

    @property
    def name(self) -> str:
        return _indicator_name(self.indicator)

    @property
    def value_text(self) -> str:
        return _fmt(self.indicator, self.assessment.value)

    @property
    def target_text(self) -> str:
        return _fmt(self.indicator, self.assessment.target_value)

    @property
    def shortfall_text(self) -> str:
        """How far off target: ``"12.5%"`` of the target, or for percentages and changes ``"2.1 percentage points"``."""
        return format_shortfall(self.assessment.shortfall_percent, self.assessment.shortfall_points)

    @property
    def change_line(self) -> str:
        return _change_line(self.indicator, self.assessment)


class ReturnState(models.TextChoices):
    """Where a forum's return for a period stands, for the board."""

    APPROVED = "approved", "Approved"
    SUBMITTED = "submitted", "Submitted, awaiting sign-off"
    RETURNED = "returned", "Returned for changes"
    LATE = "late", "Late: started, not submitted"
    MISSING = "missing", "Missing: not started"
    NOT_DUE = "not_due", "Not yet due"
    BACKFILL = "backfill", "Being back-filled: never late"


@dataclass(frozen=True)
class CompletenessRow:
    forum: Forum
    themes: list[Theme]
    quarterly_return: QuarterlyReturn | None
    state: ReturnState
    deadline: datetime.date
    days_late: int  # outstanding: today − deadline; submitted: submission date − deadline; 0 if on time
    can_open: bool  # may the user open this return's page?

    @property
    def is_outstanding(self) -> bool:
        return self.state not in (ReturnState.APPROVED, ReturnState.SUBMITTED)

    @property
    def started(self) -> bool:
        return self.quarterly_return is not None


@dataclass(frozen=True)
class StateCount:
    state: ReturnState
    count: int


@dataclass(frozen=True)
class Completeness:
    period: ReportingPeriod
    today: datetime.date
    rows: list[CompletenessRow]

    @property
    def counts(self) -> dict[str, int]:
        counts = {state.value: 0 for state in ReturnState}
        for row in self.rows:
            counts[row.state.value] += 1
        return counts

    @property
    def entries(self) -> list[StateCount]:
        """Each state with its count; "not yet due" and "being back-filled" only when there is one."""
        counts = self.counts
        return [
            StateCount(state, counts[state.value])
            for state in ReturnState
            if state not in (ReturnState.NOT_DUE, ReturnState.BACKFILL) or counts[state.value]
        ]

    @property
    def deadline_passed(self) -> bool:
        return self.today > self.period.return_deadline

    @property
    def any_outstanding(self) -> bool:
        """Whether a return is still late: only then is "due N days ago" worth saying (never in back-fill)."""
        return not self.period.is_backfill and any(row.is_outstanding for row in self.rows)

    @property
    def days_to_deadline(self) -> int:
        return (self.period.return_deadline - self.today).days

    @property
    def days_since_deadline(self) -> int:
        return max(0, -self.days_to_deadline)


def return_state(
    quarterly_return: QuarterlyReturn | None, *, period: ReportingPeriod, today: datetime.date
) -> tuple[ReturnState, int]:
    """The state of one forum's return and how many days late it is (``ReportingPeriod.days_late``).

    Submitted and approved returns are late by the days between the deadline and their
    submission; outstanding ones (sent back, a draft, or not started) by the days between
    the deadline and today. Before the deadline a draft or a return not yet started is
    "not yet due"; after it, "late" or "missing" — unless the quarter is open for back-fill,
    when it is "being back-filled" and never late.
    """
    status = quarterly_return.status if quarterly_return is not None else None
    if status in (QuarterlyReturn.Status.APPROVED, QuarterlyReturn.Status.SUBMITTED):
        submitted = quarterly_return.submitted_at
        late = period.days_late(today=today, submitted_at=submitted) if submitted else 0
        state = ReturnState.APPROVED if status == QuarterlyReturn.Status.APPROVED else ReturnState.SUBMITTED
        return state, late
    overdue = period.days_late(today=today)
    if status == QuarterlyReturn.Status.RETURNED:
        return ReturnState.RETURNED, overdue
    if period.is_backfill:
        return ReturnState.BACKFILL, 0
    if not overdue:
        return ReturnState.NOT_DUE, 0
    return (ReturnState.LATE if quarterly_return is not None else ReturnState.MISSING), overdue


@dataclass
class Dashboard:
    plan: CommunityPlan
    period: ReportingPeriod
    today: datetime.date
    themes: list[ThemeRag]
    totals: RagCounts
    exceptions: list[ExceptionRow]
    completeness: Completeness
    unpublished_count: int
    is_illustrative: bool
    budgets: list[BudgetRow] = field(default_factory=list)  # each spend against its budget at the period

    @property
    def rag_table_rows(self) -> list[tuple[Theme, list[int], int]]:
        return [(row.theme, [e.count for e in row.counts.entries], row.counts.total) for row in self.themes]

    @cached_property
    def rag_chart(self) -> SafeString:
        parts = [
            charts.StackPart("green", Rag.GREEN.label, charts.RAG_COLOURS["green"], "solid"),
            charts.StackPart("amber", Rag.AMBER.label, charts.RAG_COLOURS["amber"], "hatch"),
            charts.StackPart("red", Rag.RED.label, charts.RAG_COLOURS["red"], "cross"),
            charts.StackPart("no_target", Rag.NO_TARGET.label, charts.RAG_COLOURS["no_target"], "dots"),
            charts.StackPart("no_data", Rag.NO_DATA.label, charts.RAG_COLOURS["no_data"], "outline"),
        ]
        bars = [
            charts.StackedBar(f"{row.theme.number}. {row.theme.title}", [e.count for e in row.counts.entries])
            for row in self.themes
        ]
        t = self.totals
        return charts.stacked_bar_chart(
            bars,
            parts=parts,
            title=f"Indicators by status and theme, {self.period.label}",
            description=(
                f"Stacked bar chart: one bar per theme, split by status against target. In all, {t.green} on "
                f"target (solid), {t.amber} near target (hatched), {t.red} off target (cross-hatched), "
                f"{t.no_target} with no target (dotted) and {t.no_data} with no data (outlined). "
                "The table that follows gives every figure."
            ),
            unit_label="Number of indicators",
            chart_id="chart-rag-by-theme",
        )


# What the dashboard shows of a theme and its lead forum: the rows, the chart, the exceptions.
THEME_FIELDS = ("id", "plan_id", "number", "title", "slug", "lead_forum_id", "lead_forum__id", "lead_forum__name")
# What it reads of each lead forum's return for the period, joined to the forum as ``return_<field>``.
RETURN_FIELDS = ("id", "status", "submitted_at", "approved_at", "returned_reason", "updated_at")


def lead_forums_with_returns(plan: CommunityPlan, period: ReportingPeriod) -> models.QuerySet[Forum]:
    """The plan's theme lead forums by name, each with its return for ``period`` joined in (one query).

    The return's ``RETURN_FIELDS`` come as ``return_<field>`` attributes, all ``None`` where the
    forum has not started one; ``quarterly_return_of`` makes the return of a forum.
    """
    quarterly = FilteredRelation("returns", condition=Q(returns__period=period))
    return (
        Forum.objects.theme_leads()
        .filter(plan=plan)
        .order_by("name")
        .annotate(period_return=quarterly)
        .annotate(**{f"return_{name}": F(f"period_return__{name}") for name in RETURN_FIELDS})
    )


def quarterly_return_of(forum: Forum, period: ReportingPeriod) -> QuarterlyReturn | None:
    """The return a ``lead_forums_with_returns`` forum has started for ``period``, if any (no query)."""
    if forum.return_id is None:
        return None
    values = {"forum_id": forum.pk, "period_id": period.pk}
    values.update((name, getattr(forum, f"return_{name}")) for name in RETURN_FIELDS)
    return loaded(QuarterlyReturn, forum._state.db, values)


def dashboard_page(
    plan: CommunityPlan, period: ReportingPeriod, *, reach: Reach, today: datetime.date | None = None
) -> Dashboard:
    """RAG by theme, the exceptions, and return completeness by forum, at ``period``.

    Three queries: themes with their lead forums, the plan's indicators with their judged
    figures at the period, and the plan's theme lead forums with their returns for the period.
    """
    today = today or timezone.localdate()
    themes = list(Theme.objects.for_plan(plan).only(*THEME_FIELDS))
    themes_by_id = {theme.id: theme for theme in themes}
    # Rows, not model instances: only the exceptions and the budget pairs become ``Indicator``s
    # (with their theme from ``themes``), which spares 150 model instances a request.
    indicators = plan_indicators_at(plan, period)
    rows = list(indicators)

    def indicator(row) -> Indicator:
        made = indicator_of(row, indicators.db)
        made.theme = themes_by_id[row.theme_id]
        return made

    rags: dict[int, list[str]] = defaultdict(list)
    exceptions: list[ExceptionRow] = []
    for row in rows:
        rags[row.theme_id].append(row.figure__rag or Rag.NO_DATA)
        # Only a red or amber figure can be an exception: the others need no ``Assessment``.
        if row.figure__rag in (Rag.RED, Rag.AMBER) and (assessment := assessment_of(row)).is_exception:
            exceptions.append(ExceptionRow(indicator(row), assessment))
    # Furthest off target first; an exception without a measurable shortfall (a zero target) last.
    exceptions.sort(
        key=lambda row: (
            shortfall_rank(row.indicator, row.assessment) is None,
            -(shortfall_rank(row.indicator, row.assessment) or 0),
            row.indicator.theme.number,
            row.indicator.order,
            row.indicator.code,
        )
    )

    led: dict[int, list[Theme]] = defaultdict(list)
    for theme in themes:
        led[theme.lead_forum_id].append(theme)
    completeness = []
    for forum in lead_forums_with_returns(plan, period):
        quarterly_return = quarterly_return_of(forum, period)
        state, days_late = return_state(quarterly_return, period=period, today=today)
        completeness.append(
            CompletenessRow(
                forum=forum,
                themes=led[forum.pk],
                quarterly_return=quarterly_return,
                state=state,
                deadline=period.return_deadline,
                days_late=days_late,
                can_open=reach.sees_everything
                or forum.pk in reach.lead_forum_ids
                or forum.pk in reach.officer_forum_ids,
            )
        )

    return Dashboard(
        plan=plan,
        period=period,
        today=today,
        themes=[ThemeRag(theme, RagCounts.of(rags[theme.id])) for theme in themes],
        totals=RagCounts.of(rag for theme_rags in rags.values() for rag in theme_rags),
        exceptions=exceptions,
        completeness=Completeness(period=period, today=today, rows=completeness),
        unpublished_count=sum(1 for row in rows if not row.is_public),
        is_illustrative=any(row.is_illustrative for row in rows),
        budgets=budget_rows(rows, indicator),
    )


# --- The indicators table -----------------------------------------------------------------------

RAG_RANK = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2, Rag.NO_TARGET: 3, Rag.NO_DATA: 4}
TREND_RANK = {Trend.WORSENING: 0, Trend.STABLE: 1, Trend.IMPROVING: 2, Trend.NO_DATA: 3}

# ?sort= keys: column → (what ascending means, what descending means), in words for the page.
SORTS: dict[str, tuple[str, str]] = {
    "code": ("A to Z", "Z to A"),
    "title": ("A to Z", "Z to A"),
    "theme": ("first theme first", "last theme first"),
    "rag": ("worst first", "best first"),
    "trend": ("worst first", "best first"),
}
DEFAULT_SORT = "theme"
SORT_CHOICES = [(key, f"{key}, {words[0]}") for key, words in SORTS.items()] + [
    (f"-{key}", f"{key}, {words[1]}") for key, words in SORTS.items()
]
EXCEPTIONS = "exception"  # the RAG filter's extra choice: red, or amber and worsening


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    sort: str = ""  # the ?sort= key, if the column sorts
    numeric: bool = False


def table_columns(area: Area | None) -> list[Column]:
    """The table's columns: the page, the CSV and the Excel file all use this list."""
    columns = [
        Column("code", "Code", sort="code"),
        Column("indicator", "Indicator", sort="title"),
        Column("theme", "Theme", sort="theme"),
        Column("unit", "Unit"),
        Column("value", "Latest value", numeric=True),
        Column("target", "Target", numeric=True),
        Column("rag", "Status", sort="rag"),
        Column("trend", "Direction of travel", sort="trend"),
    ]
    if area is not None:
        columns += [
            Column("area_value", f"Value in {area.name}", numeric=True),
            Column("area_comparison", f"{area.name} compared with the borough"),
        ]
    columns.append(Column("sparkline", f"Last {SPARKLINE_QUARTERS} quarters"))
    return columns


@dataclass
class TableRow:
    indicator: Indicator  # with theme and theme.lead_forum
    assessment: Assessment
    spark_keys: list[PeriodKey]
    spark_values: list[Decimal | None]
    area_value: Decimal | None = None
    area_comparison: AreaComparison = AreaComparison.UNKNOWN

    @property
    def name(self) -> str:
        return _indicator_name(self.indicator)

    @property
    def theme_text(self) -> str:
        return f"{self.indicator.theme.number}. {self.indicator.theme.title}"

    @property
    def unit_text(self) -> str:
        unit = UNIT_AXIS_LABELS.get(self.indicator.unit, self.indicator.unit)
        return f"{unit}, year to date" if self.indicator.cumulative else unit

    # Figures without their unit: the table has a unit column, and narrow columns keep it on screen.
    # Money and changes keep theirs (“£1,250,000”, “−6.1%”): a sign or a pound is part of the figure.
    def _number(self, value: Decimal | None) -> str:
        if self.indicator.unit in (Unit.POUNDS, Unit.CHANGE_PERCENT):
            return format_value(value, self.indicator.unit, self.indicator.decimal_places)
        return format_number(value, self.indicator.decimal_places)

    @property
    def value_text(self) -> str:
        return self._number(self.assessment.value) or "No data"

    @property
    def target_text(self) -> str:
        return self._number(self.assessment.target_value) or "None set"

    @property
    def rag_text(self) -> str:
        return Rag(self.assessment.rag).label

    @property
    def trend_text(self) -> str:
        change = format_change(self.assessment.change_percent, self.assessment.change_points)
        label = Trend(self.assessment.trend).label
        return f"{label} {change} on last year" if change else label

    @property
    def area_value_text(self) -> str:
        return self._number(self.area_value) or "No data"

    @property
    def compares_with_average(self) -> bool:
        return self.indicator.unit in ADDITIVE_UNITS

    @property
    def area_comparison_text(self) -> str:
        label = AreaComparison(self.area_comparison).label
        average = f"the average {self.indicator.get_area_kind_display()}"
        return label.replace("the borough", average) if self.compares_with_average else label

    @property
    def sparkline_text(self) -> str:
        known = [(k, v) for k, v in zip(self.spark_keys, self.spark_values, strict=True) if v is not None]
        if not known:
            return f"No quarterly values in the last {SPARKLINE_QUARTERS} quarters"
        (first_key, first), (last_key, last) = known[0], known[-1]
        return (
            f"From {_fmt(self.indicator, first)} in {period_label(first_key)} "
            f"to {_fmt(self.indicator, last)} in {period_label(last_key)}"
        )

    @cached_property
    def sparkline(self) -> SafeString:
        # The label is the cell's text, as the exports give it; the row header names the indicator.
        return charts.sparkline(self.spark_values, label=self.sparkline_text)

    def cell(self, key: str) -> tuple[str, Decimal | None]:
        """(the text the page shows, the number behind it for numeric columns) for one column."""
        numbers = {
            "value": self.assessment.value,
            "target": self.assessment.target_value,
            "area_value": self.area_value,
        }
        texts = {
            "code": self.indicator.code,
            "indicator": self.name,
            "theme": self.theme_text,
            "unit": self.unit_text,
            "value": self.value_text,
            "target": self.target_text,
            "rag": self.rag_text,
            "trend": self.trend_text,
            "area_value": self.area_value_text,
            "area_comparison": self.area_comparison_text,
            "sparkline": self.sparkline_text,
        }
        return texts[key], _rounded(self.indicator, numbers.get(key))


@dataclass
class IndicatorTable:
    period: ReportingPeriod
    area: Area | None
    rows: list[TableRow]  # every filtered row, sorted; the view paginates
    sort: str
    total_indicators: int = 0  # before the RAG and trend filters
    spark_keys: list[PeriodKey] = field(default_factory=list)

    @property
    def columns(self) -> list[Column]:
        return table_columns(self.area)

    @property
    def is_illustrative(self) -> bool:
        return any(row.indicator.is_illustrative for row in self.rows)

    @property
    def sparkline_range(self) -> str:
        return f"{period_label(self.spark_keys[0])} to {period_label(self.spark_keys[-1])}" if self.spark_keys else ""


def _sort_key(name: str):
    if name == "code":
        return lambda row: row.indicator.code.casefold()
    if name == "title":
        return lambda row: (row.indicator.title.casefold(), row.indicator.code)
    if name == "rag":
        return lambda row: (
            RAG_RANK[Rag(row.assessment.rag)],
            -(shortfall_rank(row.indicator, row.assessment) or 0),
            row.indicator.theme.number,
            row.indicator.order,
            row.indicator.code,
        )
    if name == "trend":
        return lambda row: (
            TREND_RANK[Trend(row.assessment.trend)],
            row.indicator.theme.number,
            row.indicator.order,
            row.indicator.code,
        )
    return lambda row: (row.indicator.theme.number, row.indicator.order, row.indicator.code)


def _keeps(rag_filter: str, trend_filter: str):
    def keep(assessment: Assessment) -> bool:
        if rag_filter == EXCEPTIONS and not assessment.is_exception:
            return False
        if rag_filter and rag_filter != EXCEPTIONS and assessment.rag != rag_filter:
            return False
        return not trend_filter or assessment.trend == trend_filter

    return keep


def indicator_table(
    indicators: models.QuerySet[Indicator],
    period: ReportingPeriod,
    *,
    area: Area | None = None,
    rag: str = "",
    trend: str = "",
    sort: str = DEFAULT_SORT,
) -> IndicatorTable:
    """The filtered indicators at ``period``, with RAG, trend and sparkline, filtered on RAG and trend, sorted.

    ``indicators`` is the FilterSet's queryset (theme, forum, area, polarity, search). Two
    queries: the indicators, and the borough's judged figures of the last 12 quarters; two
    more with an area (its judged figures at the period, and how many areas report each
    indicator then).
    """
    listed = list(_with_theme(indicators))
    spark_keys = quarters_back(period.key, SPARKLINE_QUARTERS)
    figures: dict[int, dict[PeriodKey, IndicatorStatus]] = defaultdict(dict)
    for figure in borough_figures(
        period_range(spark_keys[0], spark_keys[-1]), indicator__in=indicators.values("pk")
    ).only(*FIGURE_FIELDS):
        figures[figure.indicator_id][figure.period.key] = figure

    area_values: Mapping[int, Decimal | None] = {}
    area_counts: dict[int, int] = {}
    if area is not None:
        area_values = dict(
            IndicatorStatus.objects.filter(period=period, area=area, indicator__in=indicators.values("pk"))
            .order_by()
            .values_list("indicator_id", "value")
        )
        area_counts = dict(
            IndicatorStatus.objects.filter(
                period=period,
                area__kind=area.kind,
                quarter_value__isnull=False,
                indicator__in=indicators.values("pk"),
            )
            .values_list("indicator_id")
            .annotate(areas=Count("area_id"))
            .order_by()
        )

    keep = _keeps(rag, trend)
    rows: list[TableRow] = []
    for indicator in listed:
        own = figures.get(indicator.id, {})
        at_period = own.get(period.key)
        assessment = at_period.assessment if at_period is not None else no_data(indicator)
        if not keep(assessment):
            continue
        row = TableRow(
            indicator=indicator,
            assessment=assessment,
            spark_keys=spark_keys,
            spark_values=[own[key].quarter_value if key in own else None for key in spark_keys],
        )
        if area is not None:
            row.area_value = area_values.get(indicator.id)
            borough = assessment.value
            comparison = borough_comparison_value(indicator, borough, area_counts.get(indicator.id, 0))
            row.area_comparison = compare_with_borough(indicator, row.area_value, comparison)
        rows.append(row)

    name = sort.lstrip("-") if sort.lstrip("-") in SORTS else DEFAULT_SORT
    descending = sort.startswith("-") and name == sort[1:]
    rows.sort(key=_sort_key(name), reverse=descending)
    return IndicatorTable(
        period=period,
        area=area,
        rows=rows,
        sort=f"-{name}" if descending else name,
        total_indicators=len(listed),
        spark_keys=spark_keys,
    )


# --- The indicator analysis page ----------------------------------------------------------------


@dataclass
class AnalysisPage:
    """The public indicator page's read model, for any indicator, plus a year-to-date chart."""

    page: IndicatorPage

    @property
    def indicator(self) -> Indicator:
        return self.page.indicator

    @cached_property
    def year_to_date_chart(self) -> SafeString | None:
        """For cumulative indicators: the year to date, its profiled target and last year's year to date."""
        indicator = self.indicator
        if not indicator.cumulative or not self.page.rows:
            return None
        # The last three financial years up to the period: over a decade the year to date is an
        # unreadable sawtooth, and the quarter-by-quarter chart already shows the long run.
        end = self.page.period.key if self.page.period is not None else self.page.rows[-1].key
        first_year = end[0] - YEAR_TO_DATE_YEARS + 1
        rows = [row for row in self.page.rows if first_year <= row.key[0] and row.key <= end]
        if not rows:
            return None
        x_labels = [row.label if row.key[1] == 1 or i == len(rows) - 1 else None for i, row in enumerate(rows)]
        known = [row for row in rows if row.assessment.value is not None]
        summary = (
            f"At {known[-1].label} the year to date is {self.page.fmt(known[-1].assessment.value)}."
            if known
            else "No complete year to date has been published yet."
        )
        return charts.line_chart(
            [(row.label, row.assessment.value) for row in rows],
            title=f"{indicator.title}: year to date, target and the same point last year",
            description=(
                f"Line chart of the year to date at each quarter from {rows[0].label} to {rows[-1].label} "
                "(solid line, round markers): it climbs through "
                "each financial year and starts again in April. The dashed line with square markers is the target "
                "profiled to the same point in the year; the dotted line with triangles is the year to date at "
                f"the same point last year. {indicator.get_polarity_display()}. {summary} "
                "The table gives every figure."
            ),
            target_series=[row.assessment.target_value for row in rows],
            comparison_series=[row.assessment.last_year_value for row in rows],
            series_label="Year to date",
            target_label="Target, year to date",
            comparison_label="Year to date last year",
            x_labels=x_labels,
            unit_label=UNIT_AXIS_LABELS.get(indicator.unit, ""),
            decimal_places=indicator.decimal_places,
            chart_id=f"chart-{indicator.slug}-ytd",
        )


def analysis_page(indicator: Indicator, period: ReportingPeriod | None) -> AnalysisPage:
    """``indicator_page`` for any indicator, public or not (the caller checks who may see it).

    ``indicator`` comes with ``theme``, ``theme.plan``, ``theme.lead_forum`` and
    ``baseline_period``. Three queries (borough values for their notes, the borough's judged
    figures, change log), four for indicators reported by area.
    """
    return AnalysisPage(indicator_page(indicator, period, with_unpublished=True))
