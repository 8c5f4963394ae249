"""Read models for the partners' pages: what a user owes this quarter, and a return's form lines.

Each function runs a fixed number of queries whatever the number of forums, indicators
or areas, and returns plain dataclasses so that templates never touch the database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from indicators.models import Indicator, Measurement, ReportingPeriod, Target
from indicators.rag import Assessment, assess_indicator, target_for
from partnership.models import Area, Forum
from partnership.selectors import areas_of_kinds
from themes.models import Action, Objective

from . import permissions
from .models import QuarterlyReturn, ReturnValue
from .services import return_indicators, value_key


@dataclass
class ReturnRow:
    """One forum's return for one period, as the user's home page lists it."""

    forum: Forum
    period: ReportingPeriod
    quarterly_return: QuarterlyReturn | None
    can_edit: bool
    can_review: bool
    needs_another_approver: bool = False  # submitted by this user: someone else signs it off

    @property
    def status_label(self) -> str:
        return self.quarterly_return.status_label if self.quarterly_return else "Not started"

    @property
    def status(self) -> str:
        return self.quarterly_return.status_key if self.quarterly_return else "missing"

    @property
    def is_done(self) -> bool:
        return self.status in {QuarterlyReturn.Status.SUBMITTED, QuarterlyReturn.Status.APPROVED}

    @property
    def days_to_deadline(self) -> int:
        """Positive: days left; negative: days late (never in a quarter open for back-fill)."""
        if self.period.is_backfill:
            return 0
        return (self.period.return_deadline - timezone.localdate()).days

    @property
    def days_late(self) -> int:
        return self.period.days_late(today=timezone.localdate())


@dataclass
class MyReturns:
    periods: list[ReportingPeriod]
    rows: list[ReturnRow] = field(default_factory=list)  # every return the user is concerned with
    to_review: list[ReturnRow] = field(default_factory=list)  # submitted, awaiting the user's sign-off
    # submitted by the user, who would otherwise sign it off: another member must approve it
    awaiting_another: list[ReturnRow] = field(default_factory=list)


def my_returns(user) -> MyReturns:
    """The returns the user owes, or must review, for every open period."""
    reach = permissions.reach_of(user)
    periods = list(
        ReportingPeriod.objects.filter(status=ReportingPeriod.Status.OPEN).order_by("-financial_year", "-quarter")
    )
    result = MyReturns(periods=periods)
    if not periods or not reach.has_any_role:
        return result
    forums = Forum.objects.theme_leads().order_by("name")
    if not reach.sees_everything:
        forums = forums.filter(pk__in=reach.officer_forum_ids | reach.lead_forum_ids)
    forums = list(forums)
    existing = {
        (r.forum_id, r.period_id): r
        for r in QuarterlyReturn.objects.filter(period__in=periods, forum__in=forums).select_related("period")
    }
    for period in periods:
        for forum in forums:
            ret = existing.get((forum.pk, period.pk))
            writable = permissions.may_edit_forum(user, forum.pk)
            reviewer = reach.is_support or forum.pk in reach.lead_forum_ids
            waiting = reviewer and ret is not None and ret.status == QuarterlyReturn.Status.SUBMITTED
            own = waiting and permissions.submitted_it(user, ret)
            row = ReturnRow(
                forum=forum,
                period=period,
                quarterly_return=ret,
                can_edit=writable and (ret is None or ret.is_editable),
                can_review=waiting and not own,
                needs_another_approver=own,
            )
            result.rows.append(row)
            if row.can_review:
                result.to_review.append(row)
            elif own:
                result.awaiting_another.append(row)
    # What needs doing first: not yet submitted, earliest deadline.
    result.rows.sort(key=lambda r: (r.is_done, r.period.return_deadline, r.forum.name))
    return result


@dataclass
class ValueLine:
    """One input of the return form: an indicator, borough-wide or for one area."""

    key: str
    indicator: Indicator
    area: Area | None
    draft: ReturnValue | None
    previous_value: Decimal | None
    target_text: str
    assessment: Assessment | None  # RAG of the saved draft value (borough lines only)


@dataclass
class IndicatorBlock:
    indicator: Indicator
    borough: ValueLine
    areas: list[ValueLine]


@dataclass
class ProgressLine:
    key: str
    label: str
    objective: Objective | None
    action: Action | None
    current_status: str
    draft_status: str
    draft_note: str


@dataclass
class ReturnForm:
    quarterly_return: QuarterlyReturn
    blocks: list[IndicatorBlock]
    progress: list[ProgressLine]

    @property
    def value_lines(self) -> list[ValueLine]:
        return [line for block in self.blocks for line in (block.borough, *block.areas)]


def _previous_key(period: ReportingPeriod) -> tuple[int, int]:
    year, quarter = period.key
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def return_form_data(quarterly_return: QuarterlyReturn) -> ReturnForm:
    """Everything the return form shows beside its inputs, in a fixed number of queries.

    ``quarterly_return`` may be unsaved (a return not yet started): it has no drafts.
    """
    period = quarterly_return.period
    indicators = return_indicators(quarterly_return)
    indicator_ids = [i.pk for i in indicators]
    areas = areas_of_kinds(i.area_kind for i in indicators)
    drafts = {(v.indicator_id, v.area_id): v for v in quarterly_return.values.all()} if quarterly_return.pk else {}
    previous = _previous_key(period)
    years = {period.financial_year - 1, period.financial_year, previous[0]}
    series: dict[tuple[int, int | None], dict] = {}
    for indicator_id, area_id, year, quarter, value in Measurement.objects.filter(
        indicator_id__in=indicator_ids, period__financial_year__in=years
    ).values_list("indicator_id", "area_id", "period__financial_year", "period__quarter", "value"):
        series.setdefault((indicator_id, area_id), {})[(year, quarter)] = value
    targets: dict[int, list[Target]] = {}
    for target in Target.objects.filter(indicator_id__in=indicator_ids, financial_year=period.financial_year):
        targets.setdefault(target.indicator_id, []).append(target)

    blocks = []
    for indicator in indicators:
        target = target_for(targets.get(indicator.pk, []), period.key)

        def line(area, indicator=indicator, target=target):
            draft = drafts.get((indicator.pk, area.pk if area else None))
            history = series.get((indicator.pk, area.pk if area else None), {})
            assessment = None
            if area is None and draft is not None and draft.value is not None:
                assessment = assess_indicator(
                    indicator,
                    series={**history, period.key: draft.value},
                    period=period.key,
                    targets=targets.get(indicator.pk, []),
                )
            return ValueLine(
                key=value_key(indicator.pk, area.pk if area else None),
                indicator=indicator,
                area=area,
                draft=draft,
                previous_value=history.get(previous),
                target_text=target.describe(indicator.unit) if (target and area is None) else "",
                assessment=assessment,
            )

        blocks.append(
            IndicatorBlock(
                indicator=indicator,
                borough=line(None),
                areas=[line(area) for area in areas.get(indicator.area_kind, [])],
            )
        )

    progress_drafts = (
        {(p.objective_id, p.action_id): p for p in quarterly_return.progress.all()} if quarterly_return.pk else {}
    )
    progress = []
    objectives = Objective.objects.filter(theme__lead_forum_id=quarterly_return.forum_id).order_by(
        "theme__number", "order", "pk"
    )
    actions_by_objective: dict[int, list[Action]] = {}
    for action in Action.objects.filter(objective__in=objectives).order_by("order", "pk"):
        actions_by_objective.setdefault(action.objective_id, []).append(action)
    for objective in objectives:
        draft = progress_drafts.get((objective.pk, None))
        progress.append(
            ProgressLine(
                key=f"objective-{objective.pk}",
                label=objective.title,
                objective=objective,
                action=None,
                current_status=objective.status,
                draft_status=draft.status if draft else "",
                draft_note=draft.note if draft else "",
            )
        )
        for action in actions_by_objective.get(objective.pk, []):
            draft = progress_drafts.get((None, action.pk))
            progress.append(
                ProgressLine(
                    key=f"action-{action.pk}",
                    label=action.title,
                    objective=None,
                    action=action,
                    current_status=action.status,
                    draft_status=draft.status if draft else "",
                    draft_note=draft.note if draft else "",
                )
            )
    return ReturnForm(quarterly_return=quarterly_return, blocks=blocks, progress=progress)
