"""The annual report's content: one selector for the PDF and the HTML version alike.

``annual_report_content(plan, year)`` reads everything the report says about one
financial year of a plan, in a fixed number of queries whatever the size of the plan,
and returns plain frozen dataclasses of strings, numbers and ``Decimal`` values — no
model instances — so that:

* templates never touch the database;
* the content can be hashed (``content_hash``): the same figures give the same hash, which
  is what makes a re-run that changes nothing skip rendering.

What it reads, and why:

* indicators are the plan's **public** ones; figures are ``IndicatorStatus`` rows, judged
  from published (approved) values only — a forum's draft figures live in its return and
  never reach this module;
* narrative (achievements, case studies, objective progress) comes only from the year's
  **approved** returns, up to the quarter reported on;
* RAG and direction of travel are what ``indicators.rag.assess``, the one function every
  page relies on, made of them when the services stored them;
* "What you told us" reads the consultation app defensively: if its tables cannot be read
  the section says so rather than failing the build.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import DatabaseError, OperationalError
from django.db.models import Count, Q, Sum
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from indicators.formatting import UNIT_AXIS_LABELS, change_summary, format_change, format_value
from indicators.models import (
    Frequency,
    Indicator,
    IndicatorStatus,
    Measurement,
    ReportingPeriod,
    Unit,
    financial_year_label,
)
from indicators.rag import PeriodKey, Trend
from indicators.selectors import RagCounts, borough_figures, no_data, period_label, quarters_back
from partnership.links import portal_url
from partnership.models import Area, AreaKind, AreaPlan, CommunityPlan, Forum
from partnership.selectors import partners_by_sector
from returns.models import QuarterlyReturn, ReturnProgress
from themes.models import Achievement, Action, AreaPriority, Objective, Outcome, ProgressStatus, Theme

from .exceptions import ReportDataError
from .models import ReportIntroduction

# Raise when the templates or the stylesheet change in a way that should rebuild every
# report even though its figures have not changed: it is part of the content hash.
LAYOUT_VERSION = 2  # 2: changes in percentage points, change indicators' one-line figures

CHART_QUARTERS = 12  # quarterly indicators: the last three years
CHART_YEARS_ANNUAL = 6  # annual indicators: the last six yearly values


# --- Small helpers ------------------------------------------------------------------------------


def paragraphs(text: str) -> tuple[str, ...]:
    """Text split at blank lines, each paragraph's line breaks kept as spaces."""
    blocks = text.replace("\r\n", "\n").split("\n\n")
    return tuple(
        " ".join(line.strip() for line in block.split("\n") if line.strip()) for block in blocks if block.strip()
    )


_BULLET = re.compile(r"^[-•*–]\s+")


@dataclass(frozen=True)
class Block:
    """A piece of a long text field as it should print: a paragraph, a short heading, or a list."""

    kind: str  # "paragraph", "heading" or "list"
    text: str = ""
    items: tuple[str, ...] = ()


def text_blocks(text: str, *, keep_lines: bool = False) -> tuple[Block, ...]:
    """A plan's long text (introduction, profile, contact details) as paragraphs, headings and lists.

    People type these fields as they would a letter: blank lines between paragraphs, a
    short line on its own as a heading (“Demographics”), lines starting with a dash as a
    list. ``keep_lines`` keeps a paragraph's line breaks (an address).
    """
    found: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        chunk_lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        if not chunk_lines:
            continue
        if (
            not keep_lines
            and len(chunk_lines) == 1
            and len(chunk_lines[0]) <= 60
            and not _BULLET.match(chunk_lines[0])
            and not chunk_lines[0].endswith((".", ",", ":", ";", "!", "?", "”", '"', "’", ")"))
        ):
            found.append(Block("heading", chunk_lines[0]))
            continue
        prose: list[str] = []
        items: list[str] = []
        for line in [*chunk_lines, None]:
            if line is not None and _BULLET.match(line):
                if prose:
                    found.append(Block("paragraph", ("\n" if keep_lines else " ").join(prose)))
                    prose = []
                items.append(_BULLET.sub("", line))
                continue
            if items:
                found.append(Block("list", items=tuple(items)))
                items = []
            if line is not None:
                prose.append(line)
        if prose:
            found.append(Block("paragraph", ("\n" if keep_lines else " ").join(prose)))
    return tuple(found)


def lines(text: str) -> tuple[str, ...]:
    """A narrative field as separate points: one per line, bullets stripped."""
    return tuple(_BULLET.sub("", line.strip()) for line in text.replace("\r\n", "\n").split("\n") if line.strip())


def financial_year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a UK financial year: 1 April to 31 March."""
    return datetime.date(year, 4, 1), datetime.date(year + 1, 3, 31)


def _aware_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The financial year as [start, end) moments in the portal's time zone."""
    zone = timezone.get_default_timezone()
    return (
        datetime.datetime(year, 4, 1, tzinfo=zone),
        datetime.datetime(year + 1, 4, 1, tzinfo=zone),
    )


def _day(moment: datetime.date) -> str:
    return f"{moment.day} {moment:%B %Y}"


def _absolute(url_name: str, *args) -> str:
    try:
        path = reverse(url_name, args=args)
    except NoReverseMatch:
        return ""
    return portal_url(path)


# --- The content --------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrendCounts:
    improving: int = 0
    stable: int = 0
    worsening: int = 0
    no_data: int = 0

    ORDER = (Trend.IMPROVING, Trend.STABLE, Trend.WORSENING, Trend.NO_DATA)

    @classmethod
    def of(cls, trends) -> TrendCounts:
        counter = Counter(str(trend) for trend in trends)
        return cls(**{str(trend): counter[str(trend)] for trend in cls.ORDER})

    @property
    def entries(self) -> list[tuple[str, str, int]]:
        """(trend, label, count) for the trends that occur."""
        return [(str(t), t.label, getattr(self, str(t))) for t in self.ORDER if getattr(self, str(t))]


@dataclass(frozen=True)
class ChartPoint:
    label: str  # "2014/15 Q3", or "2014/15" for annual indicators
    year: int
    value: Decimal | None
    target: Decimal | None
    last_year: Decimal | None


@dataclass(frozen=True)
class IndicatorLine:
    """One indicator in a theme's table and chart."""

    code: str
    slug: str
    title: str
    unit: str
    decimal_places: int
    polarity: str
    polarity_label: str
    cumulative: bool
    annual: bool
    is_illustrative: bool
    as_at: str  # the quarter the value is for
    as_at_earlier: bool  # True when no value at the report's quarter, so an earlier one is shown
    value: Decimal | None
    target: Decimal | None
    target_description: str
    last_year: Decimal | None
    change_percent: Decimal | None
    change_points: Decimal | None  # percentages and changes: the change in percentage points
    rag: str
    trend: str
    provisional: bool
    chart_points: tuple[ChartPoint, ...]

    def fmt(self, value: Decimal | None) -> str:
        return format_value(value, self.unit, self.decimal_places)

    @property
    def value_text(self) -> str:
        return self.fmt(self.value)

    @property
    def target_text(self) -> str:
        return self.fmt(self.target)

    @property
    def last_year_text(self) -> str:
        return self.fmt(self.last_year)

    @property
    def change_text(self) -> str:
        return format_change(self.change_percent, self.change_points)

    @property
    def change_line(self) -> str:
        """A change indicator's figures in one line: “Target −2%, year to date −6.1% (last year −3.9%)”."""
        if self.unit != Unit.CHANGE_PERCENT:
            return ""
        return change_summary(
            value=self.value,
            target_value=self.target,
            last_year_value=self.last_year,
            decimal_places=self.decimal_places,
            year_to_date=not self.annual,
        )

    @property
    def unit_label(self) -> str:
        return UNIT_AXIS_LABELS.get(self.unit, "")

    @property
    def chart_rows(self) -> tuple[ChartPoint, ...]:
        """The chart's figures newest first, for the table that goes with it."""
        return tuple(reversed(self.chart_points))


@dataclass(frozen=True)
class ActionLine:
    title: str
    status: str
    status_label: str
    owner: str
    due: str
    note: str


@dataclass(frozen=True)
class ObjectiveLine:
    title: str
    status: str
    status_label: str
    owner: str
    due: str
    note: str
    reported_in: str  # the quarter whose return gave the status; "" for the objective's own record
    actions: tuple[ActionLine, ...]


@dataclass(frozen=True)
class AchievementLine:
    text: str
    when: str  # "2014/15 Q3" for a return's, "June 2014" for a dated achievement


@dataclass(frozen=True)
class CaseStudy:
    text: tuple[str, ...]  # paragraphs
    period: str


@dataclass(frozen=True)
class ThemeChapter:
    number: int
    title: str
    slug: str
    vision: str
    lead_forum: str
    lead_forum_website: str
    outcomes: tuple[str, ...]
    achievements: tuple[AchievementLine, ...]
    objectives: tuple[ObjectiveLine, ...]
    indicators: tuple[IndicatorLine, ...]
    counts: RagCounts
    trends: TrendCounts
    case_study: CaseStudy | None

    @property
    def anchor(self) -> str:
        return f"theme-{self.number}"

    @property
    def has_cumulative(self) -> bool:
        return any(line.cumulative for line in self.indicators)

    @property
    def indicator_pairs(self) -> list[tuple[IndicatorLine, ...]]:
        """The indicators two by two: a row of charts on the printed page."""
        return [self.indicators[i : i + 2] for i in range(0, len(self.indicators), 2)]

    @property
    def with_target(self) -> int:
        return self.counts.green + self.counts.amber + self.counts.red

    @property
    def on_target_percent(self) -> Decimal | None:
        if not self.with_target:
            return None
        return Decimal(self.counts.green * 100) / Decimal(self.with_target)


@dataclass(frozen=True)
class AreaPriorityLine:
    title: str
    themes: tuple[int, ...]  # the numbers of the plan's themes it serves


@dataclass(frozen=True)
class AreaHighlight:
    area: str
    kind: str  # "ward", "policing area"
    town: str
    summary: str
    priorities: tuple[AreaPriorityLine, ...]


@dataclass(frozen=True)
class ThemeCommentCount:
    number: int
    title: str
    count: int


@dataclass(frozen=True)
class ConsultationLine:
    title: str
    closed: str
    summary: str
    responses: int
    you_said_we_did: tuple[str, ...]


@dataclass(frozen=True)
class SuggestionLine:
    title: str
    theme: str
    response: tuple[str, ...]


@dataclass(frozen=True)
class WhatYouToldUs:
    comments_by_theme: tuple[ThemeCommentCount, ...]
    consultations: tuple[ConsultationLine, ...]
    suggestions: tuple[SuggestionLine, ...]

    @property
    def total_comments(self) -> int:
        return sum(row.count for row in self.comments_by_theme)

    @property
    def is_empty(self) -> bool:
        return not (self.total_comments or self.consultations or self.suggestions)


@dataclass(frozen=True)
class PartnerLine:
    name: str
    website: str


@dataclass(frozen=True)
class SectorLine:
    label: str
    partners: tuple[PartnerLine, ...]


@dataclass(frozen=True)
class ForumLine:
    name: str
    website: str
    themes: tuple[str, ...]


@dataclass(frozen=True)
class ReportContent:
    """Everything one year's annual report says. Hashable content: no dates of building, no models."""

    layout_version: int
    plan_title: str
    plan_slug: str
    area: str
    plan_period: str
    year: int
    year_label: str
    period_label: str  # the quarter reported on, "2014/15 Q4"
    is_full_year: bool
    vision: tuple[Block, ...]
    chair_name: str
    chair_introduction: tuple[Block, ...]
    area_profile: tuple[Block, ...]
    area_counts: tuple[
        tuple[int, str], ...
    ]  # (25, "ward"), (5, "policing_area"): count and kind, in ``AreaKind`` order
    population: int | None
    monitoring_statement: tuple[Block, ...]
    themes: tuple[ThemeChapter, ...]
    totals: RagCounts
    trend_totals: TrendCounts
    is_illustrative: bool
    area_highlights: tuple[AreaHighlight, ...]
    what_you_told_us: WhatYouToldUs
    partners: tuple[SectorLine, ...]
    forums: tuple[ForumLine, ...]
    contact_details: tuple[Block, ...]
    portal_url: str
    reports_url: str

    @property
    def title(self) -> str:
        return f"{self.area} annual community report {self.year_label}"

    @property
    def area_count_text(self) -> str:
        """ "25 wards and 5 policing areas"; blank without areas."""
        parts = [
            f"{count} {AreaKind(kind).label if count == 1 else AreaKind(kind).plural}"
            for count, kind in self.area_counts
        ]
        return " and ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)

    @property
    def area_plan_kind(self) -> str:
        """ "ward" when every area plan of the year is a ward's; "area" otherwise."""
        kinds = {highlight.kind for highlight in self.area_highlights}
        return kinds.pop() if len(kinds) == 1 else "area"

    @property
    def indicator_count(self) -> int:
        return sum(len(theme.indicators) for theme in self.themes)


def content_hash(content: ReportContent) -> str:
    """sha256 of the content in a canonical form: the same figures always give the same hash."""
    canonical = json.dumps(dataclasses.asdict(content), sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


# --- Reading ------------------------------------------------------------------------------------


def report_period(year: int) -> ReportingPeriod:
    """The quarter a year's report is at: the year's latest published quarter (Q4 once the year is published)."""
    period = ReportingPeriod.objects.published().filter(financial_year=year).order_by("-quarter").first()
    if period is None:
        raise ReportDataError(
            f"No quarter of {financial_year_label(year)} has been published yet, so there are no published figures "
            "to report. Publish at least one quarter (Reporting periods), then build the report again."
        )
    return period


def _check_year(plan: CommunityPlan, year: int) -> None:
    if not plan.start_year <= year <= plan.end_year:
        raise ReportDataError(
            f"{plan.title} runs from {financial_year_label(plan.start_year)} to "
            f"{financial_year_label(plan.end_year)}: there is no {financial_year_label(year)} in it."
        )


def _indicator_lines(plan: CommunityPlan, period: ReportingPeriod) -> dict[int, list[IndicatorLine]]:
    """Each theme's public indicators at the report's quarter, with their chart figures. Two queries.

    Figures are the judged ones the services stored (``IndicatorStatus``): the report judges nothing.
    """
    year, quarter = key = period.key
    first_year = year - CHART_YEARS_ANNUAL
    indicators = list(
        Indicator.objects.public()
        .filter(theme__plan=plan)
        .order_by("theme__number", "order", "code")
        .only(
            "id",
            "theme_id",
            "code",
            "slug",
            "title",
            "unit",
            "decimal_places",
            "polarity",
            "cumulative",
            "frequency",
            "tolerance_percent",
            "baseline_value",
            "is_illustrative",
            "order",
        )
    )
    up_to_report = Q(period__financial_year__lt=year) | Q(period__financial_year=year, period__quarter__lte=quarter)
    figures: dict[int, dict[PeriodKey, IndicatorStatus]] = defaultdict(dict)
    for figure in borough_figures(
        up_to_report, indicator__theme__plan=plan, indicator__is_public=True, period__financial_year__gte=first_year
    ):
        figures[figure.indicator_id][figure.period.key] = figure

    by_theme: dict[int, list[IndicatorLine]] = defaultdict(list)
    for indicator in indicators:
        own = figures.get(indicator.id, {})
        published = {k: f for k, f in own.items() if f.quarter_value is not None}
        # Its latest published figure, with its own quarter (as every public page shows it): an
        # indicator published less often than quarterly, or whose forum missed the quarter.
        as_at = max(published, default=key)
        figure = own.get(as_at)
        assessment = figure.assessment if figure is not None else no_data(indicator)
        by_theme[indicator.theme_id].append(
            IndicatorLine(
                code=indicator.code,
                slug=indicator.slug,
                title=indicator.title,
                unit=indicator.unit,
                decimal_places=indicator.decimal_places,
                polarity=indicator.polarity,
                polarity_label=indicator.get_polarity_display(),
                cumulative=indicator.cumulative,
                annual=indicator.frequency == Frequency.ANNUAL,
                is_illustrative=indicator.is_illustrative or any(f.is_illustrative for f in published.values()),
                as_at=period_label(as_at),
                as_at_earlier=as_at != key,
                value=assessment.value,
                target=assessment.target_value,
                target_description=figure.target_description if figure is not None else "",
                last_year=assessment.last_year_value,
                change_percent=assessment.change_percent,
                change_points=assessment.change_points,
                rag=str(assessment.rag),
                trend=str(assessment.trend),
                provisional=as_at in published and published[as_at].status == Measurement.Status.PROVISIONAL,
                chart_points=_chart_points(indicator, own, key),
            )
        )
    return by_theme


def _chart_points(
    indicator: Indicator, figures: dict[PeriodKey, IndicatorStatus], key: PeriodKey
) -> tuple[ChartPoint, ...]:
    """What an indicator's chart plots, oldest first, from its judged figures.

    Quarterly indicators: the last 12 quarters. Annual ones: their last six yearly values.
    Cumulative indicators plot each quarter's own count (a year-to-date line is a sawtooth
    nobody can read) against the quarter's share of the profiled target, as the
    indicator's own page does; their status, judged on the year to date, is in the table.
    """

    def judged(k: PeriodKey):
        return figures[k].assessment if k in figures else no_data(indicator)

    def quarter_value(k: PeriodKey) -> Decimal | None:
        return figures[k].quarter_value if k in figures else None

    if indicator.frequency == Frequency.ANNUAL:
        keys = [
            k
            for k in sorted(figures)
            if quarter_value(k) is not None and k <= key and k[0] > key[0] - CHART_YEARS_ANNUAL
        ]
        points = []
        for k in keys:
            a = judged(k)
            points.append(ChartPoint(financial_year_label(k[0]), k[0], a.value, a.target_value, a.last_year_value))
        return tuple(points)
    points = []
    for k in quarters_back(key, CHART_QUARTERS):
        a = judged(k)
        if not indicator.cumulative:
            points.append(ChartPoint(period_label(k), k[0], a.value, a.target_value, a.last_year_value))
            continue
        year, quarter = k
        share = a.target_value
        if quarter > 1:
            before = judged((year, quarter - 1))
            share = share - before.target_value if share is not None and before.target_value is not None else None
        points.append(ChartPoint(period_label(k), year, quarter_value(k), share, quarter_value((year - 1, quarter))))
    return tuple(points)


def _objective_lines(plan: CommunityPlan, period: ReportingPeriod) -> dict[int, list[ObjectiveLine]]:
    """Objectives and actions, with the progress the year's latest approved return gave. Three queries."""
    year, quarter = period.key
    reported_objectives: dict[int, tuple[str, str, str]] = {}
    reported_actions: dict[int, tuple[str, str, str]] = {}
    for objective_id, action_id, status, note, row_quarter in (
        ReturnProgress.objects.filter(
            quarterly_return__forum__plan=plan,
            quarterly_return__status=QuarterlyReturn.Status.APPROVED,
            quarterly_return__period__financial_year=year,
            quarterly_return__period__quarter__lte=quarter,
        )
        .exclude(status="")
        .order_by("quarterly_return__period__quarter", "pk")
        .values_list("objective_id", "action_id", "status", "note", "quarterly_return__period__quarter")
    ):
        # Later quarters overwrite earlier ones: the year ends with the latest word.
        entry = (status, note, period_label((year, row_quarter)))
        if objective_id:
            reported_objectives[objective_id] = entry
        else:
            reported_actions[action_id] = entry

    def progress(obj, reported) -> tuple[str, str, str]:
        if obj.id in reported:
            return reported[obj.id]
        return obj.status, obj.progress_note, ""

    actions: dict[int, list[ActionLine]] = defaultdict(list)
    for action in Action.objects.filter(objective__theme__plan=plan).select_related("owner").order_by("order", "pk"):
        status, note, _ = progress(action, reported_actions)
        actions[action.objective_id].append(
            ActionLine(
                title=action.title,
                status=status,
                status_label=ProgressStatus(status).label,
                owner=action.owner.name if action.owner else "",
                due=action.due_date.strftime("%B %Y") if action.due_date else "",
                note=note,
            )
        )
    by_theme: dict[int, list[ObjectiveLine]] = defaultdict(list)
    for objective in (
        Objective.objects.filter(theme__plan=plan).select_related("owner").order_by("theme__number", "order", "pk")
    ):
        status, note, reported_in = progress(objective, reported_objectives)
        by_theme[objective.theme_id].append(
            ObjectiveLine(
                title=objective.title,
                status=status,
                status_label=ProgressStatus(status).label,
                owner=objective.owner.name if objective.owner else "",
                due=objective.due_date.strftime("%B %Y") if objective.due_date else "",
                note=note,
                reported_in=reported_in,
                actions=tuple(actions[objective.id]),
            )
        )
    return by_theme


def _narrative(
    plan: CommunityPlan, period: ReportingPeriod, themes: list[Theme]
) -> tuple[dict[int, list[AchievementLine]], dict[int, CaseStudy]]:
    """Achievements and case studies from the year's approved returns, and dated achievements. Two queries."""
    year, quarter = period.key
    led_by: dict[int, list[int]] = defaultdict(list)
    for theme in themes:
        led_by[theme.lead_forum_id].append(theme.id)
    # Text -> the quarters it was reported in: a forum repeating an achievement is one achievement.
    reported: dict[int, dict[str, list[int]]] = defaultdict(dict)
    case_studies: dict[int, CaseStudy] = {}
    returns = (
        QuarterlyReturn.objects.filter(
            forum__plan=plan,
            status=QuarterlyReturn.Status.APPROVED,
            period__financial_year=year,
            period__quarter__lte=quarter,
        )
        .order_by("period__quarter", "pk")
        .values_list("forum_id", "period__quarter", "achievements", "case_study")
    )
    for forum_id, row_quarter, achieved, case_study in returns:
        for theme_id in led_by.get(forum_id, []):
            for text in lines(achieved):
                quarters = reported[theme_id].setdefault(text, [])
                if row_quarter not in quarters:
                    quarters.append(row_quarter)
            if case_study.strip():
                # The latest quarter's case study is the one the report tells.
                case_studies[theme_id] = CaseStudy(paragraphs(case_study), period_label((year, row_quarter)))
    achievements: dict[int, list[AchievementLine]] = defaultdict(list)
    for theme_id, texts in reported.items():
        for text, quarters in texts.items():
            when = f"{financial_year_label(year)} " + ", ".join(f"Q{q}" for q in quarters)
            achievements[theme_id].append(AchievementLine(text, when))
    starts, ends = financial_year_bounds(year)
    for achievement in Achievement.objects.filter(
        theme__plan=plan, achieved_on__gte=starts, achieved_on__lte=ends
    ).order_by("achieved_on", "order", "pk"):
        achievements[achievement.theme_id].append(
            AchievementLine(achievement.text, achievement.achieved_on.strftime("%B %Y"))
        )
    return achievements, case_studies


def _area_highlights(plan: CommunityPlan, year: int) -> tuple[AreaHighlight, ...]:
    """The year's area plans and their priorities, with the plan's themes each serves. Three queries."""
    area_plans = list(AreaPlan.objects.filter(year=year).select_related("area").order_by("area__name"))
    priorities: dict[int, list[AreaPriority]] = defaultdict(list)
    for priority in AreaPriority.objects.filter(area_plan__year=year).order_by("order", "pk"):
        priorities[priority.area_plan_id].append(priority)
    themes: dict[int, list[int]] = defaultdict(list)
    for priority_id, number in (
        AreaPriority.themes.through.objects.filter(areapriority__area_plan__year=year, theme__plan=plan)
        .order_by("theme__number")
        .values_list("areapriority_id", "theme__number")
    ):
        themes[priority_id].append(number)
    return tuple(
        AreaHighlight(
            area=area_plan.area.name,
            kind=area_plan.area.kind_label,
            town=area_plan.area.town,
            summary=area_plan.summary,
            priorities=tuple(AreaPriorityLine(p.title, tuple(themes[p.id])) for p in priorities[area_plan.id]),
        )
        for area_plan in area_plans
    )


def _what_you_told_us(plan: CommunityPlan, year: int, themes: list[Theme]) -> WhatYouToldUs:
    """Published comments by theme, consultations with a published "you said, we did", adopted suggestions.

    Three queries. A section that cannot be read stops the build with a message (never a
    report published without it); a database that is only unavailable for now
    (``OperationalError``) is left to the build's retries.
    """
    from consultation.models import Comment, Consultation, Suggestion

    starts, ends = _aware_bounds(year)

    def comments():
        return dict(
            Comment.objects.published()
            .filter(theme__plan=plan, created_at__gte=starts, created_at__lt=ends)
            .values_list("theme_id")
            .annotate(count=Count("id"))
            .order_by()
        )

    def consultations():
        return list(
            Consultation.objects.published()
            .filter(plan=plan, results_published=True, closes_at__gte=starts, closes_at__lt=ends)
            .exclude(you_said_we_did="")
            .annotate(confirmed=Count("responses", filter=Q(responses__confirmed_at__isnull=False)))
            .order_by("closes_at", "pk")
            .values_list("title", "closes_at", "summary", "confirmed", "you_said_we_did")
        )

    def suggestions():
        return list(
            Suggestion.objects.filter(
                theme__plan=plan,
                status=Suggestion.Status.ADOPTED,
                status_changed_at__gte=starts,
                status_changed_at__lt=ends,
            )
            .order_by("status_changed_at", "pk")
            .values_list("title", "theme__number", "theme__title", "response")
        )

    try:
        counts, consultation_rows, suggestion_rows = comments(), consultations(), suggestions()
    except OperationalError:
        raise
    except DatabaseError as exc:
        raise ReportDataError(
            "The residents' section (comments, consultations and suggestions) could not be read "
            f"({exc.__class__.__name__}), so the report was not built without it. Ask the site's administrators."
        ) from exc
    zone = timezone.get_default_timezone()
    return WhatYouToldUs(
        comments_by_theme=tuple(
            ThemeCommentCount(theme.number, theme.title, counts.get(theme.id, 0)) for theme in themes
        ),
        consultations=tuple(
            ConsultationLine(
                title=title,
                closed=_day(closes_at.astimezone(zone)),
                summary=summary,
                responses=confirmed,
                you_said_we_did=paragraphs(you_said_we_did),
            )
            for title, closes_at, summary, confirmed, you_said_we_did in consultation_rows
        ),
        suggestions=tuple(
            SuggestionLine(title, f"{number}. {theme_title}", paragraphs(response))
            for title, number, theme_title, response in suggestion_rows
        ),
    )


def annual_report_content(plan: CommunityPlan, year: int) -> ReportContent:
    """Everything the annual report for ``year`` (2014 for 2014/15) says. Raises ``ReportDataError``.

    A fixed number of queries (about 25) whatever the size of the plan.
    """
    _check_year(plan, year)
    period = report_period(year)
    themes = list(Theme.objects.for_plan(plan))
    if not themes:
        raise ReportDataError(f"{plan.title} has no themes yet: add them before building a report.")

    outcomes: dict[int, list[str]] = defaultdict(list)
    for theme_id, text in (
        Outcome.objects.filter(theme__plan=plan).order_by("order", "pk").values_list("theme_id", "text")
    ):
        outcomes[theme_id].append(text)
    indicator_lines = _indicator_lines(plan, period)
    objective_lines = _objective_lines(plan, period)
    achievements, case_studies = _narrative(plan, period, themes)

    chapters = []
    for theme in themes:
        own = indicator_lines.get(theme.id, [])
        chapters.append(
            ThemeChapter(
                number=theme.number,
                title=theme.title,
                slug=theme.slug,
                vision=theme.vision,
                lead_forum=theme.lead_forum.name,
                lead_forum_website=theme.lead_forum.website,
                outcomes=tuple(outcomes[theme.id]),
                achievements=tuple(achievements.get(theme.id, [])),
                objectives=tuple(objective_lines.get(theme.id, [])),
                indicators=tuple(own),
                counts=RagCounts.of(line.rag for line in own),
                trends=TrendCounts.of(line.trend for line in own),
                case_study=case_studies.get(theme.id),
            )
        )
    all_lines = [line for chapter in chapters for line in chapter.indicators]

    introduction = ReportIntroduction.objects.filter(plan=plan, year=year).values_list("text", flat=True).first()
    by_kind = {
        row["kind"]: row
        for row in Area.objects.values("kind").annotate(count=Count("id"), population=Sum("population"))
    }
    area_counts = tuple((by_kind[kind.value]["count"], kind.value) for kind in AreaKind if kind.value in by_kind)
    # Each kind covers the borough once (its wards, or its policing areas): the largest is the population.
    population = max((row["population"] for row in by_kind.values() if row["population"]), default=None)
    forums = [
        ForumLine(
            forum.name,
            forum.website,
            tuple(f"{t.number}. {t.title}" for t in themes if t.lead_forum_id == forum.id),
        )
        for forum in Forum.objects.filter(plan=plan).order_by("name")
    ]
    forums.sort(key=lambda f: (0 if f.themes else 1, f.themes[0] if f.themes else "", f.name))
    partners = tuple(
        SectorLine(
            group.label,
            tuple(PartnerLine(row.organisation.name, row.organisation.website) for row in group.partners),
        )
        for group in partners_by_sector(plan)
    )
    return ReportContent(
        layout_version=LAYOUT_VERSION,
        plan_title=plan.title,
        plan_slug=plan.slug,
        area=plan.area,
        plan_period=plan.period_label,
        year=year,
        year_label=financial_year_label(year),
        period_label=period.label,
        is_full_year=period.quarter == 4,
        vision=text_blocks(plan.vision),
        chair_name=plan.chair_name,
        chair_introduction=text_blocks(introduction if introduction is not None else plan.chair_introduction),
        area_profile=text_blocks(plan.area_profile),
        area_counts=area_counts,
        population=population,
        monitoring_statement=text_blocks(plan.monitoring_statement),
        themes=tuple(chapters),
        totals=RagCounts.of(line.rag for line in all_lines),
        trend_totals=TrendCounts.of(line.trend for line in all_lines),
        is_illustrative=any(line.is_illustrative for line in all_lines),
        area_highlights=_area_highlights(plan, year),
        what_you_told_us=_what_you_told_us(plan, year, themes),
        partners=partners,
        forums=tuple(f for f in forums if f.themes or f.website),
        contact_details=text_blocks(plan.contact_details, keep_lines=True),
        portal_url=_absolute("home"),
        reports_url=_absolute("reports:report-list"),
    )
