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


@dataclass(frozen=True)
class PlanData:
    """Everything in one plan folder."""

    slug: str
    title: str
    area: str
    start_year: int
    end_year: int
    chair_name: str
    vision: str
    chair_introduction: str
    area_profile: str
    monitoring_statement: str
    contact_details: str
    organisations: tuple[OrganisationData, ...]
    forums: tuple[ForumData, ...]
    password: str
    people: tuple[UserData, ...]
    themes: tuple[ThemeData, ...]
    cross_cutting_themes: tuple[CrossCuttingThemeData, ...]
    wards: tuple[WardData, ...]
    ward_priorities: dict[str, WardPriorityData]
    ward_plans: dict[str, dict[int, tuple[str, ...]]]
    indicator_changes: tuple[IndicatorChangeData, ...]
    revisions: tuple[RevisionData, ...]


# The fields the files give as a stored choice (``on_track``), read as the TextChoices member.
_CHOICES: dict[type, dict[str, Any]] = {
    OrganisationData: {"sector": Sector},
    ForumData: {"kind": Forum.Kind},
    UserData: {"role": Role},
    ObjectiveData: {"status": ProgressStatus},
    ActionData: {"status": ProgressStatus},
    IndicatorData: {"unit": Unit, "polarity": Polarity, "frequency": Frequency},
    IndicatorChangeData: {"field": IndicatorChange.Field},
}
_PLAN_FIELDS = (
    "slug", "title", "area", "start_year", "end_year", "chair_name", "vision",
    "chair_introduction", "area_profile", "monitoring_statement", "contact_details",
)  # fmt: skip


def read(directory: Path = DATA_DIR) -> PlanData:
    """Read and check the plan in ``directory``; :class:`PlanDataError` names what is wrong, and where."""
    return _Reader(directory).read()


def _build(cls: type, entry: Any, where: str, **computed: Any) -> Any:
    """``cls`` from a mapping of its fields (those the file may leave out take their defaults)."""
    if not isinstance(entry, dict):
        raise PlanDataError(f"{where}: expected a mapping of fields, found {entry!r}")
    names = [f.name for f in dataclasses.fields(cls)]
    if unknown := sorted(set(entry) - set(names) - set(computed)):
        raise PlanDataError(f"{where}: unknown field {', '.join(unknown)}; the fields are {', '.join(names)}")
    values = {key: tuple(value) if isinstance(value, list) else value for key, value in entry.items()}
    for name, choices in _CHOICES.get(cls, {}).items():
        if name in values:
            try:
                values[name] = choices(values[name])
            except ValueError:
                allowed = ", ".join(choices.values)
                raise PlanDataError(f"{where}: {name} {values[name]!r} is not one of {allowed}") from None
    values.update(computed)
    if missing := [f.name for f in dataclasses.fields(cls) if f.name not in values and _required(f)]:
        raise PlanDataError(f"{where}: missing {', '.join(missing)}")
    return cls(**values)


def _required(f: dataclasses.Field) -> bool:
    return f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING


class _Reader:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def yaml(self, name: str) -> Any:
        with (self.directory / name).open(encoding="utf-8") as file:
            return yaml.safe_load(file)

    def entries(self, name: str, cls: type, label: str, entries: Any = None) -> tuple[Any, ...]:
        """A list of ``cls``, each entry named in messages by its ``label`` field."""
        entries = self.yaml(name) if entries is None else entries
        if not isinstance(entries, list):
            raise PlanDataError(f"{name}: expected a list of entries")
        return tuple(_build(cls, entry, f"{name}, {_label(entry, label)}") for entry in entries)

    def read(self) -> PlanData:
        plan = self.yaml("plan.yaml")
        if not isinstance(plan, dict) or set(plan) != set(_PLAN_FIELDS):
            raise PlanDataError(f"plan.yaml: expected exactly the fields {', '.join(_PLAN_FIELDS)}")
        people = self.yaml("people.yaml")
        ward_priorities = {
            key: _build(WardPriorityData, entry, f"ward-priorities.yaml, {key!r}")
            for key, entry in self.yaml("ward-priorities.yaml").items()
        }
        result = PlanData(
            **plan,
            organisations=self.entries("organisations.yaml", OrganisationData, "name"),
            forums=self.entries("forums.yaml", ForumData, "name"),
            password=people["password"],
            people=self.entries("people.yaml", UserData, "username", people["people"]),
            themes=self.themes(),
            cross_cutting_themes=self.entries("cross-cutting-themes.yaml", CrossCuttingThemeData, "title"),
            wards=self.wards(),
            ward_priorities=ward_priorities,
            ward_plans={
                ward: {year: tuple(keys) for year, keys in by_year.items()}
                for ward, by_year in self.yaml("ward-plans.yaml").items()
            },
            indicator_changes=self.entries("indicator-changes.yaml", IndicatorChangeData, "code"),
            revisions=self.entries("revisions.yaml", RevisionData, "code"),
        )
        _check_names(result)
        return result

    def by_theme(self, name: str, numbers: set[int]) -> dict[int, Any]:
        entry = self.yaml(name)
        if unknown := sorted(set(entry) - numbers):
            raise PlanDataError(f"{name}: no theme numbered {', '.join(map(str, unknown))} in themes.yaml")
        return entry

    def themes(self) -> tuple[ThemeData, ...]:
        themes = self.yaml("themes.yaml")
        numbers = {t.get("number") for t in themes}
        objectives = self.by_theme("objectives.yaml", numbers)
        indicators = self.by_theme("indicators.yaml", numbers)
        narratives = self.by_theme("return-narratives.yaml", numbers)
        targets, figures = self.yaml("targets.yaml"), self.yaml("past-figures.yaml")
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
                    strategies=tuple(
                        _build(StrategyData, s, f"{where}, strategy") for s in theme.get("strategies", ())
                    ),
                    objectives=tuple(
                        _objective(o, f"objectives.yaml, theme {number}, {_label(o, 'title')}")
                        for o in objectives.get(number, ())
                    ),
                    indicators=tuple(_indicator(i, targets, figures) for i in indicators.get(number, ())),
                    narrative=_build(
                        NarrativeData, narratives.get(number, {}), f"return-narratives.yaml, theme {number}"
                    ),
                )
            )
        return tuple(result)

    def wards(self) -> tuple[WardData, ...]:
        with (self.directory / "wards.csv").open(encoding="utf-8", newline="") as file:
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
            except (KeyError, ValueError, AttributeError):
                raise PlanDataError(
                    f"{where}: population must be a whole number, need a number from 0 to 1, "
                    "is_town_centre yes or blank"
                ) from None
            wards.append(_build(WardData, row, where, **computed))
        return tuple(wards)


def _label(entry: Any, field_name: str) -> str:
    return repr(entry.get(field_name)) if isinstance(entry, dict) else "an entry"


def _objective(entry: dict[str, Any], where: str) -> ObjectiveData:
    actions = tuple(_build(ActionData, a, f"{where}, action {_label(a, 'title')}") for a in entry.get("actions", ()))
    return _build(ObjectiveData, entry, where, actions=actions)


def _indicator(entry: dict[str, Any], targets: dict[str, Any], figures: dict[str, Any]) -> IndicatorData:
    code = entry.get("code")
    if code not in figures:
        raise PlanDataError(f"past-figures.yaml: no entry for indicator {code!r}")
    return _build(
        IndicatorData,
        entry,
        f"indicators.yaml, {code!r}",
        # The file numbers a theme's objectives from 1, as objectives.yaml lists them; the dataclass from 0.
        objectives=tuple(number - 1 for number in entry.get("objectives", ())),
        series=_build(SeriesPlan, figures[code], f"past-figures.yaml, {code!r}"),
        targets=_build(TargetPlan, targets.get(code, {}), f"targets.yaml, {code!r}"),
    )


def _check_names(plan: PlanData) -> None:
    """Every organisation, forum, ward, priority and objective named anywhere is defined in its own file."""
    organisations = {o.name for o in plan.organisations}
    forums = {f.name for f in plan.forums}
    for f in plan.forums:
        if unknown := sorted(set(f.organisations) - organisations):
            raise PlanDataError(f"forums.yaml, {f.name!r}: no organisation {', '.join(unknown)} in organisations.yaml")
    for t in plan.themes:
        if t.lead_forum not in forums:
            raise PlanDataError(f"themes.yaml, theme {t.number}: no forum {t.lead_forum!r} in forums.yaml")
        for i in t.indicators:
            if any(not 0 <= n < len(t.objectives) for n in i.objectives):
                raise PlanDataError(
                    f"indicators.yaml, {i.code!r}: objectives are numbered 1 to {len(t.objectives)} in theme {t.number}"
                )
    for p in plan.people:
        if p.organisation not in organisations:
            raise PlanDataError(
                f"people.yaml, {p.username!r}: no organisation {p.organisation!r} in organisations.yaml"
            )
        if p.forum is not None and p.forum not in forums:
            raise PlanDataError(f"people.yaml, {p.username!r}: no forum {p.forum!r} in forums.yaml")
    wards = {w.name for w in plan.wards}
    for ward, by_year in plan.ward_plans.items():
        if ward not in wards:
            raise PlanDataError(f"ward-plans.yaml: no ward {ward!r} in wards.csv")
        for year, keys in by_year.items():
            if unknown := sorted(set(keys) - set(plan.ward_priorities)):
                raise PlanDataError(
                    f"ward-plans.yaml, {ward!r} {year}: no priority {', '.join(unknown)} in ward-priorities.yaml"
                )


# --- The demo plan, as the loader and the tests read it ------------------------------------------

_PLAN = read()
PLAN_SLUG = _PLAN.slug
PARTNERSHIP_SLUG = "dacorum"
PARTNERSHIP_NAME = "Dacorum Local Strategic Partnership"
PARTNERSHIP_WEBSITE = "https://www.dacorum.gov.uk/"
PLAN_TITLE = _PLAN.title
PLAN_AREA = _PLAN.area
PLAN_START_YEAR = _PLAN.start_year
PLAN_END_YEAR = _PLAN.end_year
CHAIR_NAME = _PLAN.chair_name
PLAN_VISION = _PLAN.vision
CHAIR_INTRODUCTION = _PLAN.chair_introduction
AREA_PROFILE = _PLAN.area_profile
MONITORING_STATEMENT = _PLAN.monitoring_statement
CONTACT_DETAILS = _PLAN.contact_details
ORGANISATIONS = _PLAN.organisations
FORUMS = _PLAN.forums
DEMO_PASSWORD = _PLAN.password
DEMO_USERS = _PLAN.people
THEMES = _PLAN.themes
CROSS_CUTTING_THEMES = _PLAN.cross_cutting_themes
WARDS = _PLAN.wards
WARD_PRIORITIES = _PLAN.ward_priorities
WARD_PLAN_PRIORITIES = _PLAN.ward_plans
WARD_PLAN_YEARS = tuple(sorted({year for by_year in WARD_PLAN_PRIORITIES.values() for year in by_year}))
INDICATOR_CHANGES = _PLAN.indicator_changes
REVISIONS = _PLAN.revisions
