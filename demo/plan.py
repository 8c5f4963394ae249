"""“Dacorum 2015 — Dacorum's Community Plan”, read from its data files.

The plan lives in ``demo/data/dacorum-2015/``, one file per kind of thing (the plan, its
organisations, forums, people, themes, objectives and actions, indicators, targets, past
figures, wards and ward plans, the change log, revised values; see the README there), so
that an officer can edit it without reading Python. This module reads those files into
the frozen dataclasses below, checks the choices and the names that tie them together, and
fails loudly, naming the file and the entry, on anything it does not understand.
``loader.py`` turns the result into rows.

The words come from the plan (an OCR'd copy, with scrambled lines put back in order and
OCR slips corrected). The plan sets out what it will measure but gives no figures, so
everything numeric — baselines, targets, the shape of each indicator's series, ward
populations — is illustrative, chosen to be plausible for a borough of about 138,000
people, and the portal labels it as such.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from indicators.models import Frequency, IndicatorChange, Polarity, Unit
from partnership.models import Forum, Role, Sector
from themes.models import ProgressStatus

DATA_DIR = Path(__file__).resolve().parent / "data" / "dacorum-2015"

# --- Shapes --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationData:
    name: str
    sector: str
    description: str = ""
    website: str = ""
    is_lsp_member: bool = False


@dataclass(frozen=True)
class ForumData:
    name: str
    kind: str
    description: str
    organisations: tuple[str, ...]
    website: str = ""


@dataclass(frozen=True)
class ActionData:
    title: str
    owner: str
    due: dt.date
    status: str
    note: str = ""


@dataclass(frozen=True)
class ObjectiveData:
    title: str
    owner: str
    due: dt.date
    status: str
    progress_note: str
    actions: tuple[ActionData, ...]
    description: str = ""


@dataclass(frozen=True)
class AchievementData:
    text: str
    achieved_on: dt.date | None = None


@dataclass(frozen=True)
class StrategyData:
    name: str
    description: str = ""
    url: str = ""


@dataclass(frozen=True)
class SeriesPlan:
    """How the illustrative values run.

    ``levels`` maps a financial year to the indicator's level that year, with straight
    lines between the years given: for a cumulative count, the year's total; otherwise
    the quarter's value (or the year's, for an annual indicator). ``noise`` is the
    relative standard deviation of each value about that line. ``seasonality`` weights
    the quarters (Q1 = April–June). With ``exact_totals`` a cumulative indicator's
    quarters add up to exactly ``levels[year]``, for years where a level is given.
    ``ward_gradient`` says how much ward values differ with a ward's level of need:
    for counts, how much more of the borough total falls in needier wards; for rates
    and percentages, the relative gap between the neediest and the least needy ward
    (needier wards always come out worse). ``town_centre`` multiplies the share of
    counts that falls in the town centre ward.
    """

    levels: dict[int, float]
    noise: float = 0.02
    seasonality: tuple[float, float, float, float] = (1.0, 1.0, 1.0, 1.0)
    exact_totals: bool = False
    ward_gradient: float = 1.0
    ward_noise: float = 0.04
    town_centre: float = 1.0


@dataclass(frozen=True)
class TargetPlan:
    """Yearly targets, 2004/05 to 2014/15.

    A year uses the % change (on the same period last year) in force from the latest
    key of ``percent_change`` at or before it; years before the first such key use
    ``absolute``, a straight line between the years given (flat beyond them).
    """

    absolute: dict[int, float] = field(default_factory=dict)
    percent_change: dict[int, float] = field(default_factory=dict)
    note: str = ""


@dataclass(frozen=True)
class IndicatorData:
    code: str
    title: str
    definition: str
    unit: str
    polarity: str
    source: str
    series: SeriesPlan
    targets: TargetPlan
    objectives: tuple[int, ...]  # positions in the theme's objectives, from 0
    decimal_places: int = 0
    frequency: str = Frequency.QUARTERLY
    by_ward: bool = False
    cumulative: bool = False
    min_value: float | None = 0
    max_value: float | None = None
    source_url: str = ""
    off_target_note: str = ""
    ward_values_need_caution: bool = False


@dataclass(frozen=True)
class NarrativeData:
    """What the lead forum writes in its quarterly returns; the loader cycles through these."""

    progress: tuple[str, ...]
    achievements: tuple[str, ...]
    risks: tuple[str, ...]
    case_studies: tuple[str, ...]


@dataclass(frozen=True)
class ThemeData:
    number: int
    title: str
    slug: str
    vision: str
    summary: str
    lead_forum: str
    partners: tuple[str, ...]
    outcomes: tuple[str, ...]
    achievements: tuple[AchievementData, ...]
    objectives: tuple[ObjectiveData, ...]
    strategies: tuple[StrategyData, ...]
    indicators: tuple[IndicatorData, ...]
    narrative: NarrativeData


@dataclass(frozen=True)
class CrossCuttingThemeData:
    title: str
    slug: str
    description: str
    themes: tuple[int, ...]


@dataclass(frozen=True)
class WardData:
    name: str
    code: str
    town: str
    population: int
    need: float  # 0 (least) to 1 (most): drives the illustrative ward differences
    description: str = ""
    is_town_centre: bool = False


@dataclass(frozen=True)
class WardPriorityData:
    title: str
    description: str
    themes: tuple[int, ...]


@dataclass(frozen=True)
class UserData:
    username: str
    first_name: str
    last_name: str
    role: str
    organisation: str
    forum: str | None
    job_title: str
    is_staff: bool = False
    is_superuser: bool = False


@dataclass(frozen=True)
class IndicatorChangeData:
    code: str
    field: str
    summary: str
    old_value: str
    new_value: str  # for a target change, blank: the loader writes the target as loaded
    reason: str
    changed_at: dt.datetime  # naive, Europe/London
    target_year: int | None = None


@dataclass(frozen=True)
class RevisionData:
    code: str
    financial_year: int
    quarter: int
    note: str


# --- Reading the files ---------------------------------------------------------------------------


class PlanDataError(ValueError):
    """A data file the reader cannot use; the message names the file and the entry."""


def _yaml(name: str) -> Any:
    with (DATA_DIR / name).open(encoding="utf-8") as file:
        return yaml.load(file, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 — a safe loader


def _choice(choices: type, value: Any, where: str) -> Any:
    """The ``TextChoices`` member for ``value``: the files hold the stored values (``on_track``)."""
    try:
        return choices(value)
    except ValueError:
        allowed = ", ".join(str(c) for c in choices.values)
        raise PlanDataError(f"{where}: {value!r} is not one of {allowed}") from None


def _build(cls: type, entry: Any, where: str, **computed: Any) -> Any:
    """``cls`` from a mapping of its fields (those the file may leave out take their defaults)."""
    if not isinstance(entry, dict):
        raise PlanDataError(f"{where}: expected a mapping of fields, found {entry!r}")
    names = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(entry) - names)
    if unknown:
        raise PlanDataError(
            f"{where}: unknown field(s) {', '.join(unknown)}; expected some of {', '.join(sorted(names))}"
        )
    values = {key: tuple(value) if isinstance(value, list) else value for key, value in entry.items()}
    values.update(computed)
    missing = sorted(f.name for f in dataclasses.fields(cls) if f.name not in values and _required(f))
    if missing:
        raise PlanDataError(f"{where}: missing {', '.join(missing)}")
    return cls(**values)


def _required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


def _read_plan() -> dict[str, Any]:
    entry = _yaml("plan.yaml")
    expected = {
        "slug", "title", "area", "start_year", "end_year", "chair_name", "vision",
        "chair_introduction", "area_profile", "monitoring_statement", "contact_details",
    }  # fmt: skip
    if set(entry) != expected:
        raise PlanDataError(f"plan.yaml: expected exactly the fields {', '.join(sorted(expected))}")
    return entry


def _read_organisations() -> tuple[OrganisationData, ...]:
    return tuple(
        _build(
            OrganisationData,
            o,
            f"organisations.yaml, {o.get('name')!r}",
            sector=_choice(Sector, o.get("sector"), f"organisations.yaml, {o.get('name')!r}"),
        )
        for o in _yaml("organisations.yaml")
    )


def _read_forums() -> tuple[ForumData, ...]:
    return tuple(
        _build(
            ForumData,
            f,
            f"forums.yaml, {f.get('name')!r}",
            kind=_choice(Forum.Kind, f.get("kind"), f"forums.yaml, {f.get('name')!r}"),
        )
        for f in _yaml("forums.yaml")
    )


def _read_people() -> tuple[str, tuple[UserData, ...]]:
    entry = _yaml("people.yaml")
    people = tuple(
        _build(
            UserData,
            p,
            f"people.yaml, {p.get('username')!r}",
            role=_choice(Role, p.get("role"), f"people.yaml, {p.get('username')!r}"),
        )
        for p in entry["people"]
    )
    return entry["password"], people


def _by_theme(name: str, numbers: set[int]) -> dict[int, Any]:
    entry = _yaml(name)
    unknown = sorted(set(entry) - numbers)
    if unknown:
        raise PlanDataError(f"{name}: no theme numbered {', '.join(map(str, unknown))} in themes.yaml")
    return entry


def _objective(entry: dict[str, Any], where: str) -> ObjectiveData:
    actions = tuple(
        _build(
            ActionData,
            a,
            f"{where}, action {a.get('title')!r}",
            status=_choice(ProgressStatus, a.get("status"), f"{where}, action {a.get('title')!r}"),
        )
        for a in entry.get("actions", ())
    )
    return _build(
        ObjectiveData, entry, where, status=_choice(ProgressStatus, entry.get("status"), where), actions=actions
    )


def _indicator(entry: dict[str, Any], targets: dict[str, Any], figures: dict[str, Any]) -> IndicatorData:
    code = entry.get("code")
    where = f"indicators.yaml, {code!r}"
    if code not in figures:
        raise PlanDataError(f"past-figures.yaml: no entry for indicator {code!r}")
    choices = {"unit": Unit, "polarity": Polarity, "frequency": Frequency}
    computed = {name: _choice(kind, entry[name], where) for name, kind in choices.items() if name in entry}
    # The file numbers a theme's objectives from 1, as the plan does; the dataclass counts from 0.
    computed["objectives"] = tuple(number - 1 for number in entry.get("objectives", ()))
    computed["series"] = _build(SeriesPlan, figures[code], f"past-figures.yaml, {code!r}")
    computed["targets"] = _build(TargetPlan, targets.get(code, {}), f"targets.yaml, {code!r}")
    return _build(IndicatorData, entry, where, **computed)


def _read_themes() -> tuple[ThemeData, ...]:
    themes = _yaml("themes.yaml")
    numbers = {t.get("number") for t in themes}
    objectives = _by_theme("objectives.yaml", numbers)
    indicators = _by_theme("indicators.yaml", numbers)
    narratives = _by_theme("return-narratives.yaml", numbers)
    targets, figures = _yaml("targets.yaml"), _yaml("past-figures.yaml")
    codes = {i.get("code") for entries in indicators.values() for i in entries}
    for name, by_code in (("targets.yaml", targets), ("past-figures.yaml", figures)):
        if unknown := sorted(set(by_code) - codes):
            raise PlanDataError(f"{name}: no indicator {', '.join(unknown)} in indicators.yaml")
    result = []
    for theme in themes:
        number = theme.get("number")
        where = f"themes.yaml, theme {number}"
        result.append(
            _build(
                ThemeData,
                theme,
                where,
                achievements=tuple(
                    _build(AchievementData, a, f"{where}, achievement") for a in theme.get("achievements", ())
                ),
                strategies=tuple(_build(StrategyData, s, f"{where}, strategy") for s in theme.get("strategies", ())),
                objectives=tuple(
                    _objective(o, f"objectives.yaml, theme {number}, {o.get('title')!r}")
                    for o in objectives.get(number, ())
                ),
                indicators=tuple(_indicator(i, targets, figures) for i in indicators.get(number, ())),
                narrative=_build(NarrativeData, narratives.get(number, {}), f"return-narratives.yaml, theme {number}"),
            )
        )
    return tuple(result)


def _read_wards() -> tuple[WardData, ...]:
    with (DATA_DIR / "wards.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    wards = []
    for line, row in enumerate(rows, start=2):
        where = f"wards.csv, line {line}"
        try:
            computed = {
                "population": int(row["population"]),
                "need": float(row["need"]),
                "is_town_centre": {"yes": True, "": False}[row["is_town_centre"].strip().lower()],
            }
        except (KeyError, ValueError) as error:
            raise PlanDataError(
                f"{where}: population is a whole number, need a number from 0 to 1, "
                f"is_town_centre yes or blank ({error})"
            ) from None
        wards.append(_build(WardData, row, where, **computed))
    return tuple(wards)


def _read_ward_plans(
    wards: tuple[WardData, ...],
) -> tuple[dict[str, WardPriorityData], dict[str, dict[int, tuple[str, ...]]]]:
    priorities = {
        key: _build(WardPriorityData, entry, f"ward-priorities.yaml, {key!r}")
        for key, entry in _yaml("ward-priorities.yaml").items()
    }
    plans = {
        ward: {year: tuple(keys) for year, keys in by_year.items()}
        for ward, by_year in _yaml("ward-plans.yaml").items()
    }
    names = {w.name for w in wards}
    for ward, by_year in plans.items():
        if ward not in names:
            raise PlanDataError(f"ward-plans.yaml: no ward {ward!r} in wards.csv")
        for year, keys in by_year.items():
            if unknown := sorted(set(keys) - set(priorities)):
                raise PlanDataError(
                    f"ward-plans.yaml, {ward!r} {year}: no priority {', '.join(unknown)} in ward-priorities.yaml"
                )
    return priorities, plans


def _read_changes() -> tuple[IndicatorChangeData, ...]:
    return tuple(
        _build(
            IndicatorChangeData,
            c,
            f"indicator-changes.yaml, {c.get('code')!r}",
            field=_choice(IndicatorChange.Field, c.get("field"), f"indicator-changes.yaml, {c.get('code')!r}"),
        )
        for c in _yaml("indicator-changes.yaml")
    )


def _check_names(themes: tuple[ThemeData, ...]) -> None:
    """Every organisation and forum named anywhere is listed in its own file."""
    organisations = {o.name for o in ORGANISATIONS}
    forums = {f.name for f in FORUMS}
    for f in FORUMS:
        if unknown := sorted(set(f.organisations) - organisations):
            raise PlanDataError(f"forums.yaml, {f.name!r}: no organisation {', '.join(unknown)} in organisations.yaml")
    for t in themes:
        if t.lead_forum not in forums:
            raise PlanDataError(f"themes.yaml, theme {t.number}: no forum {t.lead_forum!r} in forums.yaml")
    for p in DEMO_USERS:
        if p.organisation not in organisations or (p.forum is not None and p.forum not in forums):
            raise PlanDataError(
                f"people.yaml, {p.username!r}: organisation or forum not in organisations.yaml or forums.yaml"
            )


_plan = _read_plan()
PLAN_SLUG: str = _plan["slug"]
PLAN_TITLE: str = _plan["title"]
PLAN_AREA: str = _plan["area"]
PLAN_START_YEAR: int = _plan["start_year"]
PLAN_END_YEAR: int = _plan["end_year"]
CHAIR_NAME: str = _plan["chair_name"]
PLAN_VISION: str = _plan["vision"]
CHAIR_INTRODUCTION: str = _plan["chair_introduction"]
AREA_PROFILE: str = _plan["area_profile"]
MONITORING_STATEMENT: str = _plan["monitoring_statement"]
CONTACT_DETAILS: str = _plan["contact_details"]

ORGANISATIONS = _read_organisations()
FORUMS = _read_forums()
DEMO_PASSWORD, DEMO_USERS = _read_people()
THEMES = _read_themes()
CROSS_CUTTING_THEMES: tuple[CrossCuttingThemeData, ...] = tuple(
    _build(CrossCuttingThemeData, c, f"cross-cutting-themes.yaml, {c.get('title')!r}")
    for c in _yaml("cross-cutting-themes.yaml")
)
WARDS = _read_wards()
WARD_PRIORITIES, WARD_PLAN_PRIORITIES = _read_ward_plans(WARDS)
WARD_PLAN_YEARS: tuple[int, ...] = tuple(
    sorted({year for by_year in WARD_PLAN_PRIORITIES.values() for year in by_year})
)
INDICATOR_CHANGES = _read_changes()
REVISIONS: tuple[RevisionData, ...] = tuple(
    _build(RevisionData, r, f"revisions.yaml, {r.get('code')!r}") for r in _yaml("revisions.yaml")
)
_check_names(THEMES)
del _plan
