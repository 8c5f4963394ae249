"""Write the Dacorum 2015 demo (read by ``demo.plan`` from ``demo/data/dacorum-2015/``) to the database.

Idempotent: every row has a natural key, existing rows are read in one query per table,
missing rows are created, and rows are written only where a value differs — so a
second run writes nothing, and adds no history records. The illustrative values come
from a ``random.Random`` seeded per indicator, so they are the same on every run.

The loader uses the ORM directly rather than the services: it sets up a finished
history (approved returns, published values) that the services could only reach by
replaying eleven years of quarterly workflow.

**The demo's calendar runs to today; its figures stay in their years.** The plan's
illustrative figures cover its quarters, 2004/05 Q1 to 2014/15 Q4. Reporting periods run
on from there to the quarter holding ``today`` (``DemoCalendar``), as a partnership that
kept reporting would have them: that quarter is open for returns; the one before it is
open too while its returns come in (some approved, some awaiting sign-off, one sent back,
one a draft, one not started: late by days, not years); every earlier quarter is closed
with its returns approved. Returns after the plan's figures carry no values, only the
reason (``NO_FIGURES_REASON``), so public pages keep showing the latest quarter with
figures. Targets are rolled forward, unchanged, to the current year. Only what happened
before ``today`` is loaded, so a run is the same at any hour of the day; a later day may
add the next quarter. Returns of open quarters are created when missing and never
changed afterwards: what people do with them in the demo is kept.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import Any, TextIO

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators import rag, services
from indicators.models import (
    Frequency,
    Indicator,
    IndicatorChange,
    Measurement,
    Polarity,
    ReportingPeriod,
    Target,
    financial_year_label,
)
from partnership import scope
from partnership.models import (
    Area,
    AreaKind,
    AreaPlan,
    CommunityPlan,
    Forum,
    Membership,
    Organisation,
    Partnership,
    User,
)
from returns.models import QuarterlyReturn, ReturnValue
from themes.models import (
    Achievement,
    Action,
    AreaPriority,
    CrossCuttingTheme,
    LinkedStrategy,
    Objective,
    Outcome,
    Theme,
)

from . import plan as data

PeriodKey = tuple[int, int]  # (financial year, quarter)

FIRST_YEAR = data.PLAN_START_YEAR  # 2004/05 Q1 is the first quarter with figures
LAST_CLOSED = (data.PLAN_END_YEAR, 4)  # 2014/15 Q4: the last quarter with figures, its values provisional
RETURN_DEADLINE_DAYS = 30
PROVISIONAL_NOTE = "Provisional: to be confirmed in the 2015/16 Q1 return."
DEFAULT_OFF_TARGET_NOTE = "Off target this quarter; the forum's action plan sets out the steps to recover."
NO_FIGURES_REASON = "No figure in the demonstration: the Dacorum 2015 plan's illustrative figures end with 2014/15 Q4."
# Days after a quarter's end the demo's support group published it: after the last sign-off (41 days).
PUBLISHED_DAYS = 42
SENT_BACK_REASON = (
    "The progress summary does not say what happened to the actions due this quarter: please add a line on each."
)


def load_demo(*, today: dt.date | None = None, stdout: TextIO | None = None) -> dict[str, int]:
    """Load (or refresh) the Dacorum 2015 demo as of ``today`` (default: today). Returns row counts,
    and ``rows_written`` for this run."""
    calendar = DemoCalendar.for_day(today or timezone.localdate())
    with transaction.atomic():
        partnership, _ = Partnership.objects.get_or_create(
            slug=data.PARTNERSHIP_SLUG,
            defaults={"name": data.PARTNERSHIP_NAME, "place": data.PLAN_AREA, "website": data.PARTNERSHIP_WEBSITE},
        )
        with scope.using(partnership):
            loader = _Loader(calendar)
            loader.run()
            counts = loader.counts()
    if stdout is not None:
        _print_calendar(stdout, calendar)
        _print_summary(stdout, counts)
    return counts


# --- The demo's calendar -------------------------------------------------------------------------


def quarter_of(day: dt.date) -> PeriodKey:
    """The financial-year quarter a day falls in: 29 November 2026 is in 2026/27 Q3."""
    year = day.year if day.month >= 4 else day.year - 1
    return year, (day.month - 4) % 12 // 3 + 1


def next_quarter(key: PeriodKey) -> PeriodKey:
    year, quarter = key
    return (year, quarter + 1) if quarter < 4 else (year + 1, 1)


def previous_quarter(key: PeriodKey) -> PeriodKey:
    year, quarter = key
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


@dataclass(frozen=True)
class DemoCalendar:
    """Which quarters exist on ``today`` and which are open: the plan's figures stay in their years.

    The current quarter is open; so is the one before it, while its returns come in, if
    it is after the plan's figures. A day before the end of the figures counts as the
    quarter after them (the figures are never in the future).
    """

    today: dt.date
    current: PeriodKey

    @classmethod
    def for_day(cls, today: dt.date) -> DemoCalendar:
        return cls(today=today, current=max(quarter_of(today), next_quarter(LAST_CLOSED)))

    @property
    def keys(self) -> list[PeriodKey]:
        """Every quarter, the first with figures to the current one."""
        keys, key = [], (FIRST_YEAR, 1)
        while key <= self.current:
            keys.append(key)
            key = next_quarter(key)
        return keys

    @property
    def open_keys(self) -> list[PeriodKey]:
        before = previous_quarter(self.current)
        return [before, self.current] if before > LAST_CLOSED else [self.current]

    @property
    def closed_after_figures(self) -> list[PeriodKey]:
        """Closed quarters after the plan's figures: returns approved, with no values."""
        return [key for key in self.keys if key > LAST_CLOSED and key not in self.open_keys]

    @property
    def cutoff(self) -> dt.datetime:
        """Only what happened before this moment (the start of ``today``) is loaded."""
        return _aware(dt.datetime.combine(self.today, dt.time.min))


# --- Generic idempotent writers ------------------------------------------------------------------


def _sync_rows(
    model: type[models.Model],
    key: tuple[str, ...],
    rows: list[dict[str, Any]],
    *,
    existing: Iterable[models.Model],
    written: Counter,
) -> dict[tuple, models.Model]:
    """Create the rows that are missing and update fields that differ; nothing else.

    ``key`` names the fields (attnames, e.g. ``theme_id``) that identify a row;
    ``existing`` is the queryset the rows may already be in.
    """
    by_key = {tuple(getattr(obj, name) for name in key): obj for obj in existing}
    result: dict[tuple, models.Model] = {}
    to_create = []
    for row in rows:
        row_key = tuple(row[name] for name in key)
        obj = by_key.get(row_key)
        if obj is None:
            obj = model(**row)
            to_create.append(obj)
        else:
            changed = [name for name, value in row.items() if getattr(obj, name) != value]
            if changed:
                for name in changed:
                    setattr(obj, name, row[name])
                obj.save(update_fields=changed)
                written[model._meta.label] += 1
        result[row_key] = obj
    if to_create:
        model._default_manager.bulk_create(to_create)
        written[model._meta.label] += len(to_create)
    return result


def _sync_links(field: Any, desired: dict[int, set[int]], *, written: Counter) -> None:
    """Make a many-to-many field hold exactly ``desired`` (source id → target ids), in bulk."""
    through = field.through
    source = field.field.m2m_field_name()
    target = field.field.m2m_reverse_field_name()
    current: dict[int, set[int]] = {}
    for source_id, target_id in through.objects.filter(**{f"{source}_id__in": list(desired)}).values_list(
        f"{source}_id", f"{target}_id"
    ):
        current.setdefault(source_id, set()).add(target_id)
    missing = [
        through(**{f"{source}_id": source_id, f"{target}_id": target_id})
        for source_id, targets in desired.items()
        for target_id in sorted(targets - current.get(source_id, set()))
    ]
    extra = [
        (source_id, target_id)
        for source_id, targets in current.items()
        for target_id in targets - desired.get(source_id, set())
    ]
    if missing:
        through.objects.bulk_create(missing)
    for source_id, target_id in extra:
        through.objects.filter(**{f"{source}_id": source_id, f"{target}_id": target_id}).delete()
    if missing or extra:
        written[through._meta.label] += len(missing) + len(extra)


# --- Illustrative numbers ------------------------------------------------------------------------


def _level(levels: dict[int, float], t: float) -> float:
    """Straight lines between the given years; flat before the first and after the last."""
    years = sorted(levels)
    if t <= years[0]:
        return levels[years[0]]
    if t >= years[-1]:
        return levels[years[-1]]
    for left, right in pairwise(years):
        if left <= t <= right:
            share = (t - left) / (right - left)
            return levels[left] + share * (levels[right] - levels[left])
    raise AssertionError("unreachable")


def _quantize(value: float | Decimal, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _clamp(value: float, spec: data.IndicatorData) -> float:
    if spec.min_value is not None:
        value = max(value, float(spec.min_value))
    if spec.max_value is not None:
        value = min(value, float(spec.max_value))
    return value


def _split(total: int, weights: list[float]) -> list[int]:
    """Share a whole number out by weight, largest remainder first, so the parts add up to it exactly."""
    whole = sum(weights)
    raw = [total * w / whole for w in weights]
    parts = [int(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _periods() -> list[tuple[int, int]]:
    return [(year, quarter) for year in range(FIRST_YEAR, LAST_CLOSED[0] + 1) for quarter in (1, 2, 3, 4)]


@dataclass
class _Series:
    borough: dict[tuple[int, int], Decimal]
    wards: dict[tuple[int, int], dict[str, Decimal]]  # period → ward code → value


def generate_series(spec: data.IndicatorData, wards: tuple[data.WardData, ...] = data.WARDS) -> _Series:
    """The indicator's illustrative values: borough-wide, and per ward if it is reported by ward."""
    rng = random.Random(f"dacorum-2015:{spec.code}")
    plan = spec.series
    places = spec.decimal_places
    borough: dict[tuple[int, int], Decimal] = {}
    if spec.cumulative:
        for year in range(FIRST_YEAR, LAST_CLOSED[0] + 1):
            total = _level(plan.levels, year)
            if not (plan.exact_totals and year in plan.levels):
                total *= 1 + rng.gauss(0, plan.noise)
            weights = [max(0.05, s * (1 + rng.gauss(0, plan.noise))) for s in plan.seasonality]
            for quarter, part in enumerate(_split(round(_clamp(total, spec)), weights), start=1):
                borough[(year, quarter)] = Decimal(part)
    elif spec.frequency == Frequency.ANNUAL:
        for year in range(FIRST_YEAR, LAST_CLOSED[0] + 1):
            value = _level(plan.levels, year) * (1 + rng.gauss(0, plan.noise))
            borough[(year, 4)] = _quantize(_clamp(value, spec), places)
    else:
        for year, quarter in _periods():
            t = year + (quarter - 1) / 4
            value = _level(plan.levels, t) * plan.seasonality[quarter - 1] * (1 + rng.gauss(0, plan.noise))
            borough[(year, quarter)] = _quantize(_clamp(value, spec), places)

    ward_values: dict[tuple[int, int], dict[str, Decimal]] = {}
    if spec.by_ward:
        population = sum(w.population for w in wards)
        mean_need = sum(w.need * w.population for w in wards) / population
        for period, value in borough.items():
            if spec.cumulative:
                weights = [
                    max(
                        0.05,
                        w.population
                        * (1 + plan.ward_gradient * (w.need - mean_need))
                        * (plan.town_centre if w.is_town_centre else 1)
                        * (1 + rng.gauss(0, plan.ward_noise)),
                    )
                    for w in wards
                ]
                parts = _split(int(value), weights)
                ward_values[period] = {w.code: Decimal(p) for w, p in zip(wards, parts, strict=True)}
            else:
                # Needier wards come out worse, whichever way is better; scaled so that the
                # population-weighted mean of the wards is the borough value.
                worse = 1 if spec.polarity == Polarity.LOWER_IS_BETTER else -1
                factors = [
                    max(0.05, 1 + worse * plan.ward_gradient * (w.need - mean_need))
                    * (1 + rng.gauss(0, plan.ward_noise))
                    for w in wards
                ]
                mean_factor = sum(f * w.population for f, w in zip(factors, wards, strict=True)) / population
                ward_values[period] = {
                    w.code: _quantize(_clamp(float(value) * f / mean_factor, spec), places)
                    for w, f in zip(wards, factors, strict=True)
                }
    return _Series(borough=borough, wards=ward_values)


@dataclass(frozen=True)
class _TargetRow:
    """A target as the loader computes it: enough for ``rag.assess`` and for the ``Target`` row."""

    financial_year: int
    kind: str
    value: Decimal
    comparator: str
    quarter: int | None = None


def target_rows(spec: data.IndicatorData, last_year: int) -> list[_TargetRow]:
    plan = spec.targets
    if not plan.absolute and FIRST_YEAR not in plan.percent_change:
        raise ValueError(f"{spec.code}: the first year needs an absolute target or a % change")
    rows = []
    # Targets run on after the plan's years, rolled forward unchanged to the open year
    # (``last_year``), so that an open quarter's return is judged against a target.
    for year in range(FIRST_YEAR, last_year + 1):
        in_force = [y for y in plan.percent_change if y <= year]
        if in_force:
            value = Decimal(str(plan.percent_change[max(in_force)]))
            rows.append(_TargetRow(year, Target.Kind.PERCENT_CHANGE, value, Target.Comparator.SAME_PERIOD_LAST_YEAR))
        else:
            value = _quantize(_level(plan.absolute, year), spec.decimal_places)
            rows.append(_TargetRow(year, Target.Kind.ABSOLUTE, value, ""))
    return rows


def _aware(moment: dt.datetime) -> dt.datetime:
    return timezone.make_aware(moment, timezone.get_default_timezone())


# --- The loader ----------------------------------------------------------------------------------


class _Loader:
    def __init__(self, calendar: DemoCalendar) -> None:
        self.calendar = calendar
        self.written: Counter = Counter()

    def run(self) -> None:
        self.load_plan()
        self.load_organisations()
        self.load_forums()
        self.load_themes()
        self.load_cross_cutting_themes()
        self.load_wards()
        self.load_ward_plans()
        self.load_periods()
        self.load_users()
        self.record_publisher()
        self.load_indicators()
        self.load_targets()
        self.load_indicator_changes()
        self.load_returns()
        self.load_open_returns()
        self.load_measurements()
        self.load_no_value_reasons()
        self.load_statuses()

    def load_statuses(self) -> None:
        """Judge the plan's indicators afresh; other plans' too at any quarter this run made."""
        services.indicator_status_rebuild(indicators=Indicator.objects.filter(theme__plan=self.plan))
        if self.new_period_years:
            services.indicator_status_refresh(
                indicators=Indicator.objects.exclude(theme__plan=self.plan), years=self.new_period_years
            )

    # The partnership ---------------------------------------------------------------------------

    def load_plan(self) -> None:
        row = {
            "slug": data.PLAN_SLUG,
            "title": data.PLAN_TITLE,
            "area": data.PLAN_AREA,
            "start_year": data.PLAN_START_YEAR,
            "end_year": data.PLAN_END_YEAR,
            "vision": data.PLAN_VISION,
            "chair_name": data.CHAIR_NAME,
            "chair_introduction": data.CHAIR_INTRODUCTION,
            "area_profile": data.AREA_PROFILE,
            "monitoring_statement": data.MONITORING_STATEMENT,
            "contact_details": data.CONTACT_DETAILS,
            "status": CommunityPlan.Status.ADOPTED,
        }
        plans = _sync_rows(
            CommunityPlan,
            ("slug",),
            [row],
            existing=CommunityPlan.objects.filter(slug=data.PLAN_SLUG),
            written=self.written,
        )
        self.plan = plans[(data.PLAN_SLUG,)]

    def load_organisations(self) -> None:
        rows = [
            {
                "slug": slugify(org.name),
                "name": org.name,
                "sector": org.sector,
                "description": org.description,
                "website": org.website,
                "is_lsp_member": org.is_lsp_member,
            }
            for org in data.ORGANISATIONS
        ]
        synced = _sync_rows(
            Organisation,
            ("slug",),
            rows,
            existing=Organisation.objects.filter(slug__in=[r["slug"] for r in rows]),
            written=self.written,
        )
        self.organisations: dict[str, Organisation] = {org.name: org for org in synced.values()}

    def org_id(self, name: str) -> int:
        try:
            return self.organisations[name].pk
        except KeyError:
            raise ValueError(f"Unknown organisation in the demo data: {name!r}") from None

    def load_forums(self) -> None:
        rows = [
            {
                "plan_id": self.plan.pk,
                "slug": slugify(forum.name),
                "name": forum.name,
                "kind": forum.kind,
                "description": forum.description,
                "website": forum.website,
            }
            for forum in data.FORUMS
        ]
        synced = _sync_rows(
            Forum, ("plan_id", "slug"), rows, existing=Forum.objects.filter(plan=self.plan), written=self.written
        )
        self.forums: dict[str, Forum] = {forum.name: forum for forum in synced.values()}
        _sync_links(
            Forum.organisations,
            {self.forums[f.name].pk: {self.org_id(name) for name in f.organisations} for f in data.FORUMS},
            written=self.written,
        )

    # Themes and their content ------------------------------------------------------------------

    def load_themes(self) -> None:
        rows = [
            {
                "plan_id": self.plan.pk,
                "number": theme.number,
                "title": theme.title,
                "slug": theme.slug,
                "vision": theme.vision,
                "summary": theme.summary,
                "lead_forum_id": self.forums[theme.lead_forum].pk,
            }
            for theme in data.THEMES
        ]
        synced = _sync_rows(
            Theme, ("plan_id", "number"), rows, existing=Theme.objects.filter(plan=self.plan), written=self.written
        )
        self.themes: dict[int, Theme] = {number: theme for (_, number), theme in synced.items()}
        _sync_links(
            Theme.partners,
            {self.themes[t.number].pk: {self.org_id(name) for name in t.partners} for t in data.THEMES},
            written=self.written,
        )
        in_plan = {"theme__plan": self.plan}

        def sync_children(model, make_rows):
            rows = [row for theme in data.THEMES for row in make_rows(theme, self.themes[theme.number].pk)]
            return _sync_rows(
                model, ("theme_id", "order"), rows, existing=model.objects.filter(**in_plan), written=self.written
            )

        sync_children(
            Outcome,
            lambda theme, theme_id: [
                {"theme_id": theme_id, "order": i, "text": text} for i, text in enumerate(theme.outcomes, start=1)
            ],
        )
        sync_children(
            Achievement,
            lambda theme, theme_id: [
                {"theme_id": theme_id, "order": i, "text": a.text, "achieved_on": a.achieved_on}
                for i, a in enumerate(theme.achievements, start=1)
            ],
        )
        sync_children(
            LinkedStrategy,
            lambda theme, theme_id: [
                {"theme_id": theme_id, "order": i, "name": s.name, "description": s.description, "url": s.url}
                for i, s in enumerate(theme.strategies, start=1)
            ],
        )
        objectives = sync_children(
            Objective,
            lambda theme, theme_id: [
                {
                    "theme_id": theme_id,
                    "order": i,
                    "title": o.title,
                    "description": o.description,
                    "owner_id": self.org_id(o.owner),
                    "due_date": o.due,
                    "status": o.status,
                    "progress_note": o.progress_note,
                }
                for i, o in enumerate(theme.objectives, start=1)
            ],
        )
        self.objectives: dict[tuple[int, int], Objective] = {
            (self.theme_number(theme_id), order): obj for (theme_id, order), obj in objectives.items()
        }
        action_rows = [
            {
                "objective_id": self.objectives[(theme.number, i)].pk,
                "order": j,
                "title": a.title,
                "owner_id": self.org_id(a.owner),
                "due_date": a.due,
                "status": a.status,
                "progress_note": a.note,
            }
            for theme in data.THEMES
            for i, objective in enumerate(theme.objectives, start=1)
            for j, a in enumerate(objective.actions, start=1)
        ]
        _sync_rows(
            Action,
            ("objective_id", "order"),
            action_rows,
            existing=Action.objects.filter(objective__theme__plan=self.plan),
            written=self.written,
        )

    def theme_number(self, theme_id: int) -> int:
        return next(number for number, theme in self.themes.items() if theme.pk == theme_id)

    def load_cross_cutting_themes(self) -> None:
        rows = [
            {"plan_id": self.plan.pk, "slug": c.slug, "title": c.title, "description": c.description, "order": i}
            for i, c in enumerate(data.CROSS_CUTTING_THEMES, start=1)
        ]
        synced = _sync_rows(
            CrossCuttingTheme,
            ("plan_id", "slug"),
            rows,
            existing=CrossCuttingTheme.objects.filter(plan=self.plan),
            written=self.written,
        )
        _sync_links(
            CrossCuttingTheme.themes,
            {
                synced[(self.plan.pk, c.slug)].pk: {self.themes[n].pk for n in c.themes}
                for c in data.CROSS_CUTTING_THEMES
            },
            written=self.written,
        )

    # Wards -------------------------------------------------------------------------------------

    def load_wards(self) -> None:
        rows = [
            {
                "slug": slugify(w.name),
                "kind": AreaKind.WARD,
                "name": w.name,
                "code": w.code,
                "town": w.town,
                "population": w.population,
                "description": w.description,
            }
            for w in data.WARDS
        ]
        synced = _sync_rows(
            Area,
            ("slug",),
            rows,
            existing=Area.objects.filter(slug__in=[r["slug"] for r in rows]),
            written=self.written,
        )
        self.wards: dict[str, Area] = {ward.code: ward for ward in synced.values()}
        self.ward_by_name: dict[str, Area] = {ward.name: ward for ward in synced.values()}

    def load_ward_plans(self) -> None:
        plan_rows = [
            {
                "area_id": self.ward_by_name[name].pk,
                "year": year,
                "summary": f"{name}'s priorities for {year}/{(year + 1) % 100:02d}, agreed at the ward panel in June "
                f"{year} by ward councillors, the Safer Neighbourhood Team, partners and residents.",
                "published_on": dt.date(year, 6, 30),
            }
            for name, by_year in data.WARD_PLAN_PRIORITIES.items()
            for year in data.WARD_PLAN_YEARS
            if year in by_year
        ]
        ward_plans = _sync_rows(
            AreaPlan,
            ("area_id", "year"),
            plan_rows,
            existing=AreaPlan.objects.filter(area__in=self.wards.values()),
            written=self.written,
        )
        priority_rows, priority_themes = [], {}
        for name, by_year in data.WARD_PLAN_PRIORITIES.items():
            for year, keys in by_year.items():
                ward_plan = ward_plans[(self.ward_by_name[name].pk, year)]
                for order, key in enumerate(keys, start=1):
                    priority = data.WARD_PRIORITIES[key]
                    priority_rows.append(
                        {
                            "area_plan_id": ward_plan.pk,
                            "order": order,
                            "title": priority.title,
                            "description": priority.description,
                        }
                    )
                    priority_themes[(ward_plan.pk, order)] = priority.themes
        priorities = _sync_rows(
            AreaPriority,
            ("area_plan_id", "order"),
            priority_rows,
            existing=AreaPriority.objects.filter(area_plan__in=ward_plans.values()),
            written=self.written,
        )
        _sync_links(
            AreaPriority.themes,
            {
                priorities[key].pk: {self.themes[number].pk for number in numbers}
                for key, numbers in priority_themes.items()
            },
            written=self.written,
        )

    # Reporting periods and people --------------------------------------------------------------

    def load_periods(self) -> None:
        keys = self.calendar.keys
        known = set(ReportingPeriod.objects.values_list("financial_year", "quarter"))
        self.new_period_years = {year for year, quarter in keys if (year, quarter) not in known}
        rows = []
        for year, quarter in keys:
            starts_on, ends_on = ReportingPeriod.dates_for(year, quarter)
            is_open = (year, quarter) in self.calendar.open_keys
            row = {
                "financial_year": year,
                "quarter": quarter,
                "starts_on": starts_on,
                "ends_on": ends_on,
                "return_deadline": ends_on + dt.timedelta(days=RETURN_DEADLINE_DAYS),
                "status": ReportingPeriod.Status.OPEN if is_open else ReportingPeriod.Status.CLOSED,
            }
            if not is_open:
                # A quarter the demo considers done is published, after its last sign-off (by
                # then the 41st day after it ends). The open quarters are left as people leave
                # them: unpublished until the support group publishes one.
                row["published_at"] = _aware(
                    dt.datetime.combine(ends_on + dt.timedelta(days=PUBLISHED_DAYS), dt.time(9))
                )
            rows.append(row)
        synced = _sync_rows(
            ReportingPeriod,
            ("financial_year", "quarter"),
            rows,
            existing=ReportingPeriod.objects.filter(
                financial_year__gte=FIRST_YEAR, financial_year__lte=self.calendar.current[0]
            ),
            written=self.written,
        )
        self.periods: dict[PeriodKey, ReportingPeriod] = {key: synced[key] for key in keys}

    def record_publisher(self) -> None:
        """The demo support group published the quarters the demo publishes (once: never rewritten)."""
        ReportingPeriod.objects.filter(
            pk__in=[p.pk for p in self.periods.values()], published_at__isnull=False, published_by__isnull=True
        ).update(published_by=self.users["support"])

    def load_users(self) -> None:
        self.users: dict[str, User] = {}
        existing = {u.username: u for u in User.objects.filter(username__in=[u.username for u in data.DEMO_USERS])}
        for person in data.DEMO_USERS:
            fields = {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": f"{person.first_name}.{person.last_name}@example.org".lower(),
                "is_staff": person.is_staff,
                "is_superuser": person.is_superuser,
                "is_active": True,
            }
            user = existing.get(person.username)
            if user is None:
                user = User(username=person.username, **fields)
                user.set_password(data.DEMO_PASSWORD)  # only on creation: a changed password is kept
                user.save()
                self.written[User._meta.label] += 1
            else:
                changed = [name for name, value in fields.items() if getattr(user, name) != value]
                if changed:
                    for name in changed:
                        setattr(user, name, fields[name])
                    user.save(update_fields=changed)
                    self.written[User._meta.label] += 1
            self.users[person.username] = user
        for person in data.DEMO_USERS:
            user = self.users[person.username]
            lookup = {
                "user": user,
                "organisation_id": self.org_id(person.organisation),
                "role": person.role,
                "forum": self.forums[person.forum] if person.forum else None,
            }
            membership = Membership.objects.filter(**lookup).first()
            if membership is None:
                Membership.objects.create(**lookup, job_title=person.job_title, is_active=True)
                self.written[Membership._meta.label] += 1
            elif (membership.job_title, membership.is_active) != (person.job_title, True):
                membership.job_title, membership.is_active = person.job_title, True
                membership.save(update_fields=["job_title", "is_active"])
                self.written[Membership._meta.label] += 1

    # Indicators --------------------------------------------------------------------------------

    def load_indicators(self) -> None:
        self.specs: dict[str, tuple[data.ThemeData, data.IndicatorData]] = {
            spec.code: (theme, spec) for theme in data.THEMES for spec in theme.indicators
        }
        self.series = {code: generate_series(spec) for code, (_, spec) in self.specs.items()}
        self.targets = {code: target_rows(spec, self.calendar.current[0]) for code, (_, spec) in self.specs.items()}
        rows = []
        for code, (theme, spec) in self.specs.items():
            if spec.cumulative:
                baseline_key = (FIRST_YEAR, 4)
                baseline = sum(v for (y, _), v in self.series[code].borough.items() if y == FIRST_YEAR)
            else:
                baseline_key = min(self.series[code].borough)
                baseline = self.series[code].borough[baseline_key]
            rows.append(
                {
                    "code": code,
                    "theme_id": self.themes[theme.number].pk,
                    "slug": slugify(spec.title),
                    "title": spec.title,
                    "definition": spec.definition,
                    "unit": spec.unit,
                    "decimal_places": spec.decimal_places,
                    "polarity": spec.polarity,
                    "source": spec.source,
                    "source_url": spec.source_url,
                    "frequency": spec.frequency,
                    "baseline_value": Decimal(baseline),
                    "baseline_period_id": self.periods[baseline_key].pk,
                    "area_kind": AreaKind.WARD if spec.by_ward else "",
                    "cumulative": spec.cumulative,
                    "is_public": True,
                    "min_value": None if spec.min_value is None else Decimal(str(spec.min_value)),
                    "max_value": None if spec.max_value is None else Decimal(str(spec.max_value)),
                    "is_illustrative": True,
                    "order": theme.indicators.index(spec) + 1,
                }
            )
        synced = _sync_rows(
            Indicator,
            ("code",),
            rows,
            existing=Indicator.objects.filter(code__in=list(self.specs)),
            written=self.written,
        )
        self.indicators: dict[str, Indicator] = {code: indicator for (code,), indicator in synced.items()}
        _sync_links(
            Indicator.objectives,
            {
                self.indicators[code].pk: {self.objectives[(theme.number, i + 1)].pk for i in spec.objectives}
                for code, (theme, spec) in self.specs.items()
            },
            written=self.written,
        )

    def load_targets(self) -> None:
        rows = [
            {
                "indicator_id": self.indicators[code].pk,
                "financial_year": t.financial_year,
                "quarter": None,
                "kind": t.kind,
                "value": t.value,
                "comparator": t.comparator,
                "note": self.specs[code][1].targets.note,
            }
            for code, targets in self.targets.items()
            for t in targets
        ]
        _sync_rows(
            Target,
            ("indicator_id", "financial_year", "quarter"),
            rows,
            existing=Target.objects.filter(indicator__in=self.indicators.values(), quarter__isnull=True),
            written=self.written,
        )

    def load_indicator_changes(self) -> None:
        rows = []
        for change in data.INDICATOR_CHANGES:
            new_value = change.new_value
            if change.target_year is not None:
                target = next(t for t in self.targets[change.code] if t.financial_year == change.target_year)
                new_value = Target(kind=target.kind, value=target.value, comparator=target.comparator).describe()
            rows.append(
                {
                    "indicator_id": self.indicators[change.code].pk,
                    "field": change.field,
                    "summary": change.summary,
                    "old_value": change.old_value,
                    "new_value": new_value,
                    "reason": change.reason,
                    "changed_at": _aware(change.changed_at),
                    "changed_by_id": self.users["support"].pk,
                }
            )
        _sync_rows(
            IndicatorChange,
            ("indicator_id", "summary", "changed_at"),
            rows,
            existing=IndicatorChange.objects.filter(indicator__in=self.indicators.values()),
            written=self.written,
        )

    # Quarterly returns and measurements --------------------------------------------------------

    def assessments(self, code: str) -> dict[tuple[int, int], rag.Assessment]:
        indicator = self.indicators[code]
        series = self.series[code].borough
        return {
            period: rag.assess_indicator(indicator, series=series, period=period, targets=self.targets[code])
            for period in series
        }

    def load_returns(self) -> None:
        self.rag = {code: self.assessments(code) for code in self.indicators}
        self.existing_returns = {
            (r.forum_id, r.period_id): r
            for r in QuarterlyReturn.objects.filter(forum__in=self.forums.values(), period__in=self.periods.values())
        }
        existing = self.existing_returns
        lead, support = self.users["forumlead"], self.users["support"]
        # The demo forum lead approves their own forum's returns; the Support Group approves the rest.
        lead_forum = next(person.forum for person in data.DEMO_USERS if person.username == "forumlead")
        self.lead_forum_name = lead_forum
        officer = self.users["officer"]
        to_create = []
        self.returns: dict[tuple[int, PeriodKey], QuarterlyReturn] = {}
        open_keys = self.calendar.open_keys
        for theme in data.THEMES:
            forum = self.forums[theme.lead_forum]
            is_demo_users_forum = theme.lead_forum == lead_forum
            for index, key in enumerate(self.calendar.keys):
                if key in open_keys:
                    continue  # load_open_returns
                period = self.periods[key]
                rng = random.Random(f"dacorum-2015:return:{forum.slug}:{key}")
                late = rng.random() < 0.08
                submitted_on = period.ends_on + dt.timedelta(days=rng.randint(31, 35) if late else rng.randint(16, 29))
                submitted_at = _aware(
                    dt.datetime.combine(submitted_on, dt.time(rng.randint(9, 16), rng.randint(0, 59)))
                )
                approved_at = min(
                    submitted_at + dt.timedelta(days=rng.randint(2, 8), hours=rng.randint(0, 3)),
                    _aware(dt.datetime.combine(period.ends_on + dt.timedelta(days=41), dt.time(17, 0))),
                )
                approver = lead if is_demo_users_forum else support
                fields = {
                    "status": QuarterlyReturn.Status.APPROVED,
                    "progress_summary": self.progress_summary(theme, key, index),
                    "achievements": theme.narrative.achievements[index % len(theme.narrative.achievements)],
                    "risks_and_issues": theme.narrative.risks[index % len(theme.narrative.risks)],
                    "case_study": theme.narrative.case_studies[index % len(theme.narrative.case_studies)]
                    if key[1] == 4
                    else "",
                    "returned_reason": "",
                    "submitted_at": submitted_at,
                    "submitted_by_id": officer.pk if is_demo_users_forum else None,
                    "approved_at": approved_at,
                    "approved_by_id": approver.pk,
                    "updated_by_id": approver.pk,
                    "version": 3,  # saved, submitted, approved
                    "is_reopened": False,
                    "reopened_reason": "",
                }
                quarterly_return = existing.get((forum.pk, period.pk))
                if quarterly_return is None:
                    quarterly_return = QuarterlyReturn(forum=forum, period=period, **fields)
                    quarterly_return._history_date = approved_at
                    quarterly_return._history_user = approver
                    quarterly_return._change_reason = "Approved (demonstration data)"
                    to_create.append(quarterly_return)
                else:
                    changed = [name for name, value in fields.items() if getattr(quarterly_return, name) != value]
                    if changed:
                        for name in changed:
                            setattr(quarterly_return, name, fields[name])
                        quarterly_return._change_reason = "Demonstration data refreshed"
                        quarterly_return.save()
                        self.written[QuarterlyReturn._meta.label] += 1
                self.returns[(theme.number, key)] = quarterly_return
        if to_create:
            bulk_create_with_history(to_create, QuarterlyReturn, batch_size=500)
            self.written[QuarterlyReturn._meta.label] += len(to_create)

    # What the theme lead forums have done with the open quarters' returns, dealt out in theme
    # order to every forum but the demo users' own, which always has a return waiting for its
    # forum lead: (what happens, days after the quarter's end it is begun or submitted, days
    # until it is signed off or sent back). The previous quarter is mostly in, some of it late;
    # the current one has barely begun (days after its start a draft was begun, or None).
    DEMO_FORUM_PREVIOUS_QUARTER = ("submitted", 20, None)
    PREVIOUS_QUARTER = (
        ("approved", 12, 4),
        ("approved", 18, 3),
        ("sent_back", 25, 3),
        ("approved", 27, 5),
        ("draft", 10, None),  # begun, never submitted: late once the deadline passes
        ("approved", RETURN_DEADLINE_DAYS + 4, 2),  # submitted four days late
        ("not_started", None, None),
        ("submitted", 29, None),  # waiting for the Support Group
    )
    CURRENT_QUARTER_DRAFTS = (20, None, None, 35, None, None, None, None)

    def load_open_returns(self) -> None:
        """The open quarters' returns, as a live partnership would have them today: created if missing, never changed.

        Each step happened only if its day is before ``today`` (``calendar.cutoff``): early
        in a quarter the previous quarter's returns are still drafts, later most are in.
        """
        cutoff = self.calendar.cutoff
        officer, lead, support = self.users["officer"], self.users["forumlead"], self.users["support"]
        keys = self.calendar.open_keys
        previous = keys[0] if len(keys) == 2 else None
        others = [theme.number for theme in data.THEMES if theme.lead_forum != self.lead_forum_name]
        new_returns: list[QuarterlyReturn] = []
        self.new_open_submitted: set[tuple[int, PeriodKey]] = set()  # returns made here that are past a draft
        for index, key in enumerate(self.calendar.keys):
            if key not in keys:
                continue
            period = self.periods[key]
            for theme in data.THEMES:
                forum = self.forums[theme.lead_forum]
                found = self.existing_returns.get((forum.pk, period.pk))
                if found is not None:
                    self.returns[(theme.number, key)] = found
                    continue
                is_demo_users_forum = theme.lead_forum == self.lead_forum_name
                turn = None if is_demo_users_forum else others.index(theme.number)
                events = self.open_return_events(key, turn, is_previous=key == previous)
                events = [(step, when) for step, when in events if when < cutoff]
                if not events:
                    continue  # not started yet
                step, when = events[-1]
                approver = lead if is_demo_users_forum else support
                submitted_at = next((w for s, w in events if s == "submitted"), None)
                fields = {
                    "status": {
                        "started": QuarterlyReturn.Status.DRAFT,
                        "submitted": QuarterlyReturn.Status.SUBMITTED,
                        "approved": QuarterlyReturn.Status.APPROVED,
                        "sent_back": QuarterlyReturn.Status.RETURNED,
                    }[step],
                    "progress_summary": self.progress_summary(theme, key, index),
                    "achievements": theme.narrative.achievements[index % len(theme.narrative.achievements)],
                    "risks_and_issues": theme.narrative.risks[index % len(theme.narrative.risks)],
                    "returned_reason": SENT_BACK_REASON if step == "sent_back" else "",
                    "submitted_at": submitted_at,
                    "submitted_by_id": officer.pk if submitted_at and is_demo_users_forum else None,
                    "approved_at": when if step == "approved" else None,
                    "approved_by_id": approver.pk if step == "approved" else None,
                    "updated_by_id": approver.pk
                    if step in ("approved", "sent_back")
                    else (officer.pk if is_demo_users_forum else None),
                    "version": len(events),
                }
                if step == "started":
                    fields["progress_summary"] = ""  # a draft just begun
                quarterly_return = QuarterlyReturn(forum=forum, period=period, **fields)
                quarterly_return._history_date = when
                quarterly_return._history_user = approver if step in ("approved", "sent_back") else None
                quarterly_return._change_reason = f"{step.replace('_', ' ').capitalize()} (demonstration data)"
                new_returns.append(quarterly_return)
                self.returns[(theme.number, key)] = quarterly_return
                if step != "started":
                    self.new_open_submitted.add((theme.number, key))
        if new_returns:
            bulk_create_with_history(new_returns, QuarterlyReturn, batch_size=500)
            self.written[QuarterlyReturn._meta.label] += len(new_returns)

    def open_return_events(
        self, key: PeriodKey, turn: int | None, *, is_previous: bool
    ) -> list[tuple[str, dt.datetime]]:
        """What happens to one forum's return in an open quarter, and when, in order.

        ``turn``: the forum's place among the theme lead forums other than the demo users'
        (None for theirs), which deals it its part in ``PREVIOUS_QUARTER`` and
        ``CURRENT_QUARTER_DRAFTS``.
        """
        starts_on, ends_on = ReportingPeriod.dates_for(*key)

        def at(day: dt.date, hour: int) -> dt.datetime:
            return _aware(dt.datetime.combine(day, dt.time(hour, 15)))

        if not is_previous:
            days = None if turn is None else self.CURRENT_QUARTER_DRAFTS[turn % len(self.CURRENT_QUARTER_DRAFTS)]
            return [] if days is None else [("started", at(starts_on + dt.timedelta(days=days), 10))]
        what, days, sign_off_days = (
            self.DEMO_FORUM_PREVIOUS_QUARTER
            if turn is None
            else self.PREVIOUS_QUARTER[turn % len(self.PREVIOUS_QUARTER)]
        )
        if what == "not_started":
            return []
        if what == "draft":
            return [("started", at(ends_on + dt.timedelta(days=days), 10))]
        submitted = ends_on + dt.timedelta(days=days)
        events = [("started", at(ends_on + dt.timedelta(days=3), 10)), ("submitted", at(submitted, 14))]
        if what == "approved":
            events.append(("approved", at(submitted + dt.timedelta(days=sign_off_days), 11)))
        elif what == "sent_back":
            events.append(("sent_back", at(submitted + dt.timedelta(days=sign_off_days), 11)))
        return events

    def progress_summary(self, theme: data.ThemeData, key: tuple[int, int], index: int) -> str:
        verdicts = Counter(
            self.rag[spec.code][key].rag
            for spec in theme.indicators
            if key in self.rag[spec.code]
            and self.rag[spec.code][key].rag in {rag.Rag.GREEN, rag.Rag.AMBER, rag.Rag.RED}
        )
        text = theme.narrative.progress[index % len(theme.narrative.progress)]
        if verdicts:
            text += (
                f" Indicators with a target this quarter: {verdicts[rag.Rag.GREEN]} on target, "
                f"{verdicts[rag.Rag.AMBER]} near target, {verdicts[rag.Rag.RED]} off target."
            )
        return text

    def measurement_rows(self) -> list[dict[str, Any]]:
        revisions = {(r.code, r.financial_year, r.quarter): r.note for r in data.REVISIONS}
        rows = []
        for code, (theme, spec) in self.specs.items():
            indicator_id = self.indicators[code].pk
            series = self.series[code]
            for key, value in series.borough.items():
                provisional = key == LAST_CLOSED
                common = {
                    "indicator_id": indicator_id,
                    "period_id": self.periods[key].pk,
                    "status": Measurement.Status.PROVISIONAL if provisional else Measurement.Status.FINAL,
                    "source": "",
                    "quarterly_return_id": self.returns[(theme.number, key)].pk,
                    "is_illustrative": True,
                }
                notes = []
                if self.rag[code][key].rag == rag.Rag.RED:
                    notes.append(spec.off_target_note or DEFAULT_OFF_TARGET_NOTE)
                if provisional:
                    notes.append(PROVISIONAL_NOTE)
                rows.append(
                    {
                        **common,
                        "area_id": None,
                        "value": value,
                        "quality": Measurement.Quality.GOOD,
                        "note": " ".join(notes),
                        "revision_note": revisions.get((code, *key), ""),
                    }
                )
                for ward_code, ward_value in series.wards.get(key, {}).items():
                    rows.append(
                        {
                            **common,
                            "area_id": self.wards[ward_code].pk,
                            "value": ward_value,
                            "quality": Measurement.Quality.CAUTION
                            if spec.ward_values_need_caution
                            else Measurement.Quality.GOOD,
                            "note": "",
                            "revision_note": "",
                        }
                    )
        return rows

    def load_measurements(self) -> None:
        rows = self.measurement_rows()
        indicator_ids = [i.pk for i in self.indicators.values()]
        compared = (
            "value",
            "status",
            "quality",
            "source",
            "note",
            "revision_note",
            "quarterly_return_id",
            "is_illustrative",
        )
        now = timezone.now()

        existing = {
            (m["indicator_id"], m["period_id"], m["area_id"]): m
            for m in Measurement.objects.filter(indicator_id__in=indicator_ids).values(
                "id", "area_id", "period_id", "indicator_id", *compared
            )
        }
        to_create, to_update = [], []
        for row in rows:
            found = existing.get((row["indicator_id"], row["period_id"], row["area_id"]))
            if found is None:
                to_create.append(Measurement(**row))
            elif any(found[name] != row[name] for name in compared):
                to_update.append(Measurement(pk=found["id"], updated_at=now, **row))
        Measurement.objects.bulk_create(to_create, batch_size=2000)
        Measurement.objects.bulk_update(to_update, [*compared, "updated_at"], batch_size=2000)
        self.written[Measurement._meta.label] += len(to_create) + len(to_update)

        # The values as the forums entered them in their (now approved) returns.
        value_fields = ("value", "note", "status", "quality", "no_value_reason")
        existing_values = {
            (v["quarterly_return_id"], v["indicator_id"], v["area_id"]): v
            for v in ReturnValue.objects.filter(indicator_id__in=indicator_ids).values(
                "id", "quarterly_return_id", "indicator_id", "area_id", *value_fields
            )
        }
        returns_by_id = {r.pk: r for r in self.returns.values()}
        create_values, update_values = [], []
        for row in rows:
            fields = {
                "value": row["value"],
                "note": row["note"],
                "status": row["status"],
                "quality": row["quality"],
                "no_value_reason": "",
            }
            key = (row["quarterly_return_id"], row["indicator_id"], row["area_id"])
            found = existing_values.get(key)
            if found is None:
                value = ReturnValue(quarterly_return_id=key[0], indicator_id=key[1], area_id=key[2], **fields)
                quarterly_return = returns_by_id[key[0]]
                value._history_date = quarterly_return.submitted_at
                value._history_user = self.users["officer"] if quarterly_return.submitted_by_id else None
                create_values.append(value)
            elif any(found[name] != fields[name] for name in value_fields):
                update_values.append(
                    ReturnValue(
                        pk=found["id"], quarterly_return_id=key[0], indicator_id=key[1], area_id=key[2], **fields
                    )
                )
        if create_values:
            bulk_create_with_history(create_values, ReturnValue, batch_size=2000)
        if update_values:
            bulk_update_with_history(update_values, ReturnValue, list(value_fields), batch_size=2000)
        self.written[ReturnValue._meta.label] += len(create_values) + len(update_values)

    def load_no_value_reasons(self) -> None:
        """Returns after the plan's figures: each value line says why there is no figure.

        Every line a submission needs (each indicator due that quarter, and each ward for
        ward indicators), so the returns are complete as submitted ones must be. Closed
        quarters' returns are kept as the loader makes them; in the open quarters only
        returns made by this run get them, once submitted (a draft has nothing yet).
        """
        themes = {theme.number: theme for theme in data.THEMES}
        wanted: list[tuple[int, PeriodKey]] = [
            (number, key) for key in self.calendar.closed_after_figures for number in themes
        ]
        wanted += sorted(self.new_open_submitted)
        if not wanted:
            return
        fields = {
            "value": None,
            "no_value_reason": NO_FIGURES_REASON,
            "note": "",
            "status": Measurement.Status.FINAL,
            "quality": Measurement.Quality.GOOD,
        }
        returns = [self.returns[pair] for pair in wanted]
        existing = {
            (v["quarterly_return_id"], v["indicator_id"], v["area_id"]): v
            for v in ReturnValue.objects.filter(quarterly_return__in=returns).values(
                "id", "quarterly_return_id", "indicator_id", "area_id", *fields
            )
        }
        wards = [None, *self.wards.values()]
        to_create, to_update = [], []
        for (number, key), quarterly_return in zip(wanted, returns, strict=True):
            for spec in themes[number].indicators:
                if spec.frequency == Frequency.ANNUAL and key[1] != 4:
                    continue  # not due this quarter
                indicator_id = self.indicators[spec.code].pk
                for ward in wards if spec.by_ward else wards[:1]:
                    ward_id = ward.pk if ward is not None else None
                    found = existing.get((quarterly_return.pk, indicator_id, ward_id))
                    if found is None:
                        line = ReturnValue(
                            quarterly_return=quarterly_return, indicator_id=indicator_id, area_id=ward_id, **fields
                        )
                        line._history_date = quarterly_return.submitted_at or quarterly_return.approved_at
                        to_create.append(line)
                    elif found["value"] is None and any(found[name] != value for name, value in fields.items()):
                        # Repaired if edited; a figure someone entered in the demo is left alone.
                        to_update.append(
                            ReturnValue(
                                pk=found["id"],
                                quarterly_return=quarterly_return,
                                indicator_id=indicator_id,
                                area_id=ward_id,
                                **fields,
                            )
                        )
        if to_create:
            bulk_create_with_history(to_create, ReturnValue, batch_size=2000)
        if to_update:
            bulk_update_with_history(to_update, ReturnValue, list(fields), batch_size=2000)
        self.written[ReturnValue._meta.label] += len(to_create) + len(to_update)

    # Counts ------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        plan = self.plan
        return {
            "plans": CommunityPlan.objects.filter(pk=plan.pk).count(),
            "organisations": Organisation.objects.filter(
                slug__in=[slugify(o.name) for o in data.ORGANISATIONS]
            ).count(),
            "forums": Forum.objects.filter(plan=plan).count(),
            "themes": Theme.objects.filter(plan=plan).count(),
            "outcomes": Outcome.objects.filter(theme__plan=plan).count(),
            "objectives": Objective.objects.filter(theme__plan=plan).count(),
            "actions": Action.objects.filter(objective__theme__plan=plan).count(),
            "achievements": Achievement.objects.filter(theme__plan=plan).count(),
            "linked_strategies": LinkedStrategy.objects.filter(theme__plan=plan).count(),
            "cross_cutting_themes": CrossCuttingTheme.objects.filter(plan=plan).count(),
            "wards": len(self.wards),
            "ward_plans": AreaPlan.objects.filter(area__in=self.wards.values()).count(),
            "ward_priorities": AreaPriority.objects.filter(area_plan__area__in=self.wards.values()).count(),
            "reporting_periods": len(self.periods),
            "users": len(self.users),
            "memberships": Membership.objects.filter(user__in=self.users.values()).count(),
            "indicators": len(self.indicators),
            "targets": Target.objects.filter(indicator__in=self.indicators.values()).count(),
            "indicator_changes": IndicatorChange.objects.filter(indicator__in=self.indicators.values()).count(),
            "quarterly_returns": len(self.returns),
            "measurements": Measurement.objects.filter(indicator__in=self.indicators.values()).count(),
            "return_values": ReturnValue.objects.filter(indicator__in=self.indicators.values()).count(),
            "rows_written": sum(self.written.values()),
        }


def _print_calendar(stdout: TextIO, calendar: DemoCalendar) -> None:
    labels = " and ".join(financial_year_label(year) + f" Q{quarter}" for year, quarter in calendar.open_keys)
    stdout.write(
        f"Demo calendar as of {calendar.today:%d %B %Y}: open for returns {labels}; "
        f"illustrative figures from {financial_year_label(FIRST_YEAR)} Q1 to "
        f"{financial_year_label(LAST_CLOSED[0])} Q{LAST_CLOSED[1]}.\n"
    )


def _print_summary(stdout: TextIO, counts: dict[str, int]) -> None:
    stdout.write("Dacorum 2015 demo loaded:\n")
    for name, count in counts.items():
        if name != "rows_written":
            stdout.write(f"  {name.replace('_', ' '):<22} {count:>7,}\n")
    written = counts["rows_written"]
    stdout.write(
        f"  {'rows written this run':<22} {written:>7,}" + ("  (already up to date)\n" if not written else "\n")
    )
    stdout.write(f"\nDemo logins (password {data.DEMO_PASSWORD}):\n")
    for person in data.DEMO_USERS:
        where = f", {person.forum}" if person.forum else ""
        stdout.write(
            f"  {person.username:<10} {person.first_name} {person.last_name} — {person.job_title} "
            f"({person.organisation}{where})\n"
        )
