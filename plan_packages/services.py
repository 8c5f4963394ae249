"""Import and export a whole plan: ``plan_package_import`` and ``plan_package_export``.

The import checks every cell, then writes every row inside one transaction through the
models' own checks (``full_clean``) and the services that keep derived data right
(``indicator_save``, ``target_save``, ``indicator_status_refresh``). A row that fails is
recorded as a :class:`Problem` naming its sheet, row and column, and the import carries on
with the next row so that one run reports every problem; at the end any problem (or a dry
run) rolls the whole transaction back. So a package either goes in whole or not at all,
and a dry run goes through exactly the same checks as the real thing.

A package never overwrites: a plan whose slug is already in the portal is refused.
Organisations (by name), people (by username) and areas (by code) already in the portal
are reused, unchanged, since today they are shared by every plan.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from indicators.formatting import parse_number
from indicators.models import Indicator, Measurement, ReportingPeriod, Target
from indicators.services import indicator_save, indicator_status_refresh, target_save
from partnership import scope
from partnership.files import delete_older_than
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

from .files import RawSheet
from .format import BOOL, CHOICE, DATE, DECIMAL, INT, LIST, LIST_SEPARATOR, SHEETS, SHEETS_BY_NAME, Sheet

RETURN_DEADLINE_DAYS = 30
MEASUREMENT_BATCH = 5000


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = (
            self.sheet + (f" row {self.row}" if self.row else "") + (f", column {self.column}" if self.column else "")
        )
        return f"{where}: {self.message}"


class PlanPackageInvalid(Exception):
    """The package has problems; nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the plan package")
        self.problems = problems


@dataclass
class ImportResult:
    slug: str
    counts: dict[str, int]  # rows per sheet
    reused: dict[str, int] = field(default_factory=dict)  # of those, already in the portal
    dry_run: bool = False


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    ok: bool = True

    def __getitem__(self, name: str) -> Any:
        return self.values.get(name)


class _RollBack(Exception):
    pass


# --- Import -----------------------------------------------------------------------------------


def plan_package_import(
    *,
    sheets: dict[str, RawSheet],
    by: User | None = None,
    dry_run: bool = False,
    today: dt.date | None = None,
    partnership: Partnership | None = None,
) -> ImportResult:
    """Import a package read by ``files.read_package``; :class:`PlanPackageInvalid` lists every problem.

    The plan joins ``partnership``; or else the active one, or the portal's only one; or, in
    an empty portal, a new partnership named after the plan's area.
    """
    importer = _Importer(by=by, today=today or timezone.localdate())
    rows = importer.parse(sheets)
    if importer.shape_problems:
        raise PlanPackageInvalid(importer.problems)
    try:
        with _forget_partnerships_rolled_back(), transaction.atomic(), scope.using(_partnership_for(rows, partnership)):
            importer.write(rows)
            if importer.problems:
                raise PlanPackageInvalid(importer.problems)
            if dry_run:
                raise _RollBack
    except _RollBack:
        pass
    return ImportResult(
        slug=importer.slug,
        counts={sheet.name: len(rows.get(sheet.name, ())) for sheet in SHEETS},
        reused=dict(importer.reused),
        dry_run=dry_run,
    )


@contextlib.contextmanager
def _forget_partnerships_rolled_back():
    """A dry run (or a failed import) into an empty portal made a partnership and rolled it back."""
    try:
        yield
    except BaseException:
        Partnership.objects.refresh_cache()
        raise


def _partnership_for(rows: dict[str, list[_Row]], given: Partnership | None) -> Partnership:
    if given is not None:
        return given
    if scope.current_id() is not None:
        return Partnership.objects.get(pk=scope.current_id())
    existing = list(Partnership.objects.all()[:2])  # the database's word, not the cache's
    if len(existing) > 1:
        raise PlanPackageInvalid([Problem("plan", None, None, "say which partnership the plan is for")])
    if existing:
        return existing[0]
    plan_rows = [row for row in rows.get("plan", []) if row.ok]
    place = (plan_rows[0]["area"] if plan_rows else "") or "Our area"
    return Partnership.objects.create(
        name=f"{place} Local Strategic Partnership", slug=slugify(place)[:50] or "partnership", place=place
    )


def _parse_cell(kind: str, text: str, choices: tuple[str, ...]) -> Any:
    """The cell's value; ``ValueError`` with what is wrong."""
    value = text.strip()
    if kind == INT:
        try:
            return int(value)
        except ValueError:
            raise ValueError(f"{text!r} is not a whole number") from None
    if kind == DECIMAL:
        # As a return form reads it: "£1,250,000", "1,250,000", "−6.1%" (one read for written numbers).
        number = parse_number(value)
        if number is None or not number.is_finite():
            raise ValueError(f"{text!r} is not a number")
        return number
    if kind == BOOL:
        lowered = value.lower()
        if lowered in ("yes", "y", "true", "1"):
            return True
        if lowered in ("no", "n", "false", "0"):
            return False
        raise ValueError(f"{text!r} is not yes or no")
    if kind == DATE:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{text!r} is not a date written YYYY-MM-DD") from None
    if kind == CHOICE:
        if value not in choices:
            raise ValueError(f"{text!r} is not one of {', '.join(choices)}")
        return value
    if kind == LIST:
        return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
    return text  # text is kept exactly, so that a round trip changes nothing


class _Importer:
    def __init__(self, *, by: User | None, today: dt.date) -> None:
        self.by = by
        self.today = today
        self.problems: list[Problem] = []
        self.shape_problems = False
        self.reused: Counter = Counter()
        self.slug = ""
        self.periods: dict[tuple[int, int], ReportingPeriod] = {}

    def problem(self, sheet: str, row: _Row | int | None, column: str | None, message: str) -> None:
        number = row.number if isinstance(row, _Row) else row
        self.problems.append(Problem(sheet, number, column, message))
        if isinstance(row, _Row):
            row.ok = False

    # Reading the cells

    def parse(self, raw: dict[str, RawSheet]) -> dict[str, list[_Row]]:
        for name in sorted(set(raw) - set(SHEETS_BY_NAME)):
            self.shape_problems = True
            self.problem(name, None, None, f"not a sheet of a plan package; the sheets are {', '.join(SHEETS_BY_NAME)}")
        result = {}
        for sheet in SHEETS:
            if sheet.name not in raw:
                if not sheet.optional:
                    self.shape_problems = True
                    self.problem(sheet.name, None, None, "missing: every package needs this sheet")
                continue
            result[sheet.name] = self.parse_sheet(sheet, raw[sheet.name])
        return result

    def parse_sheet(self, sheet: Sheet, raw: RawSheet) -> list[_Row]:
        known = set(sheet.column_names)
        for column in raw.columns:
            if column not in known:
                self.shape_problems = True
                self.problem(
                    sheet.name,
                    1,
                    column or "(blank)",
                    f"not a column of this sheet; the columns are {', '.join(sheet.column_names)}",
                )
        for column in sheet.columns:
            if column.required and column.name not in raw.columns:
                self.shape_problems = True
                self.problem(sheet.name, 1, column.name, "missing: this column is required")
        rows = []
        for number, cells in raw.rows:
            row = _Row(number, {})
            for column in sheet.columns:
                text = cells.get(column.name, "")
                if not text.strip():
                    row.values[column.name] = [] if column.kind == LIST else None
                    if column.required:
                        self.problem(sheet.name, row, column.name, "is blank, and is required")
                    continue
                try:
                    row.values[column.name] = _parse_cell(column.kind, text, column.choices)
                except ValueError as error:
                    self.problem(sheet.name, row, column.name, str(error))
            rows.append(row)
        return rows

    # Writing the rows

    def clean(self, obj: models.Model, sheet: str, row: _Row, columns: dict[str, str] | None = None, **kwargs) -> bool:
        """``obj.full_clean()``, its messages recorded against the row's columns."""
        try:
            obj.full_clean(**kwargs)
        except ValidationError as error:
            self.record(error, sheet, row, columns)
            return False
        return True

    def record(self, error: ValidationError, sheet: str, row: _Row, columns: dict[str, str] | None = None) -> None:
        names = set(SHEETS_BY_NAME[sheet].column_names)
        for name, messages in error.message_dict.items():
            column = (columns or {}).get(name, name if name in names else None)
            for message in messages:
                self.problem(sheet, row, column, message)

    def unique(self, sheet: str, row: _Row, column: str, key: Any, seen: dict) -> bool:
        if key in seen:
            self.problem(sheet, row, column, f"{key!r} is already on row {seen[key]}")
            return False
        seen[key] = row.number
        return True

    def lookup(self, table: dict, key: Any, sheet: str, row: _Row, column: str, what: str) -> Any:
        if key is None:
            return None
        found = table.get(key)
        if found is None:
            self.problem(sheet, row, column, f"no {what} {key!r} (or it has problems of its own)")
        return found

    def period(self, year: int, quarter: int) -> ReportingPeriod:
        key = (year, quarter)
        if key not in self.periods:
            starts_on, ends_on = ReportingPeriod.dates_for(year, quarter)
            self.periods[key], _ = ReportingPeriod.objects.get_or_create(
                financial_year=year,
                quarter=quarter,
                defaults={
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "return_deadline": ends_on + dt.timedelta(days=RETURN_DEADLINE_DAYS),
                    "status": ReportingPeriod.Status.CLOSED
                    if ends_on < self.today
                    else ReportingPeriod.Status.UPCOMING,
                },
            )
        return self.periods[key]

    def quarter_ok(self, sheet: str, row: _Row, year_column: str, quarter_column: str) -> bool:
        year, quarter = row[year_column], row[quarter_column]
        if quarter is not None and not 1 <= quarter <= 4:
            self.problem(sheet, row, quarter_column, f"{quarter} is not a quarter: 1 to 4")
            return False
        if year is not None and not 1900 <= year <= 2200:
            self.problem(sheet, row, year_column, f"{year} is not a financial year such as 2014 (for 2014/15)")
            return False
        return True

    def write(self, rows: dict[str, list[_Row]]) -> None:
        good = {name: [row for row in sheet_rows if row.ok] for name, sheet_rows in rows.items()}
        self.write_plan(rows["plan"])
        self.write_organisations(good["organisations"])
        self.write_forums(good["forums"])
        self.write_people(good["people"])
        self.write_roles(good["roles"])
        self.write_areas(good["areas"])
        self.write_themes(good["themes"])
        self.write_theme_parts(good)
        self.write_area_plans(good.get("area_plans", []), good.get("area_priorities", []))
        self.write_indicators(good["indicators"])
        self.write_targets(good["targets"])
        self.write_past_figures(good.get("past_figures", []))
        indicator_status_refresh(indicators=Indicator.objects.filter(theme__plan=self.plan))

    def write_plan(self, rows: list[_Row]) -> None:
        if len(rows) != 1:
            self.problem("plan", None, None, f"needs exactly one row, has {len(rows)}")
        row = rows[0] if rows and rows[0].ok else None
        if row is not None:
            self.slug = row["slug"]
            plan = CommunityPlan(**{k: v or "" for k, v in row.values.items()})
            plan.start_year, plan.end_year = row["start_year"], row["end_year"]
            plan.status = row["status"] or CommunityPlan.Status.DRAFT
            if CommunityPlan.objects.filter(slug=plan.slug).exists():
                self.problem(
                    "plan", row, "slug",
                    f"a plan {plan.slug!r} is already in the portal; a package never overwrites one: "
                    "choose another slug, or delete that plan first",
                )  # fmt: skip
            elif self.clean(plan, "plan", row):
                plan.save()
                self.plan = plan
                return
        # Carry on with a stand-in plan, to find the other sheets' problems too; it is rolled back.
        self.plan = CommunityPlan.objects.create(
            slug=f"package-check-{timezone.now().timestamp():.0f}", title="-", area="-", start_year=2000,
            end_year=2001, vision="-",
        )  # fmt: skip

    def write_organisations(self, rows: list[_Row]) -> None:
        self.organisations: dict[str, Organisation] = {}
        existing = {o.name: o for o in Organisation.objects.filter(name__in=[r["name"] for r in rows])}
        seen: dict = {}
        for row in rows:
            if not self.unique("organisations", row, "name", row["name"], seen):
                continue
            if row["name"] in existing:
                self.organisations[row["name"]] = existing[row["name"]]
                self.reused["organisations"] += 1
                continue
            organisation = Organisation(
                name=row["name"],
                slug=row["slug"] or slugify(row["name"]),
                sector=row["sector"],
                website=row["website"] or "",
                description=row["description"] or "",
                is_lsp_member=row["is_lsp_member"] is not False,
            )
            if self.clean(organisation, "organisations", row):
                organisation.save()
                self.organisations[organisation.name] = organisation

    def organisations_of(self, names: list[str], sheet: str, row: _Row, column: str) -> list[Organisation]:
        found = [self.lookup(self.organisations, name, sheet, row, column, "organisation") for name in names]
        return [organisation for organisation in found if organisation is not None]

    def write_forums(self, rows: list[_Row]) -> None:
        self.forums: dict[str, Forum] = {}
        for row in rows:
            forum = Forum(
                plan=self.plan,
                name=row["name"],
                slug=row["slug"] or slugify(row["name"]),
                kind=row["kind"],
                description=row["description"] or "",
                website=row["website"] or "",
            )
            members = self.organisations_of(row["organisations"], "forums", row, "organisations")
            if self.clean(forum, "forums", row):
                forum.save()
                forum.organisations.set(members)
                self.forums[forum.name] = forum

    def write_people(self, rows: list[_Row]) -> None:
        self.users: dict[str, User] = {}
        existing = {u.username: u for u in User.objects.filter(username__in=[r["username"] for r in rows])}
        seen: dict = {}
        for row in rows:
            if not self.unique("people", row, "username", row["username"], seen):
                continue
            if row["username"] in existing:
                self.users[row["username"]] = existing[row["username"]]
                self.reused["people"] += 1
                continue
            user = User(
                username=row["username"],
                first_name=row["first_name"] or "",
                last_name=row["last_name"] or "",
                email=row["email"] or "",
                is_staff=bool(row["is_staff"]),
                is_superuser=bool(row["is_superuser"]),
            )
            user.set_unusable_password()  # people set their own through the password reset
            if self.clean(user, "people", row):
                user.save()
                self.users[user.username] = user

    def write_roles(self, rows: list[_Row]) -> None:
        for row in rows:
            membership = Membership(
                user=self.lookup(self.users, row["username"], "roles", row, "username", "person"),
                organisation=self.lookup(
                    self.organisations, row["organisation"], "roles", row, "organisation", "organisation"
                ),
                forum=self.lookup(self.forums, row["forum"], "roles", row, "forum", "forum"),
                role=row["role"],
                job_title=row["job_title"] or "",
                is_active=row["is_active"] is not False,
            )
            if row.ok and self.clean(membership, "roles", row, {"user": "username"}):
                membership.save()

    def write_areas(self, rows: list[_Row]) -> None:
        """Areas by their reference (code, or slug without one); parents set once every area exists."""
        self.areas: dict[str, Area] = {}
        seen: dict = {}
        created: list[tuple[_Row, Area]] = []
        for row in rows:
            kind = row["kind"] or AreaKind.WARD
            slug = row["slug"] or slugify(row["name"])
            code = (row["code"] or "").strip()
            reference = code or slug
            if not self.unique("areas", row, "code" if code else "slug", reference, seen):
                continue
            same = {"kind": kind, "code": code} if code else {"slug": slug}
            found = Area.objects.filter(**same).first()
            if found is not None:
                self.areas[reference] = found
                self.reused["areas"] += 1
                continue
            area = Area(
                name=row["name"],
                kind=kind,
                code=code,
                slug=slug,
                town=row["town"] or "",
                population=row["population"],
                description=row["description"] or "",
            )
            if self.clean(area, "areas", row):
                area.save()
                self.areas[reference] = area
                created.append((row, area))
        for row, area in created:
            if not row["parent"]:
                continue
            area.parent = self.lookup(self.areas, row["parent"], "areas", row, "parent", "area with code or slug")
            if area.parent is not None and self.clean(area, "areas", row):
                area.save(update_fields=["parent"])

    def write_themes(self, rows: list[_Row]) -> None:
        self.themes: dict[int, Theme] = {}
        for row in rows:
            theme = Theme(
                plan=self.plan,
                number=row["number"],
                title=row["title"],
                slug=row["slug"] or slugify(row["title"]),
                vision=row["vision"],
                summary=row["summary"] or "",
                lead_forum=self.lookup(self.forums, row["lead_forum"], "themes", row, "lead_forum", "forum"),
            )
            partners = self.organisations_of(row["partners"], "themes", row, "partners")
            if row.ok and self.clean(theme, "themes", row):
                theme.save()
                theme.partners.set(partners)
                self.themes[theme.number] = theme

    def theme_of(self, sheet: str, row: _Row, column: str = "theme") -> Theme | None:
        return self.lookup(self.themes, row[column], sheet, row, column, "theme numbered")

    def themes_of(self, numbers: list[str], sheet: str, row: _Row) -> list[Theme]:
        found = []
        for text in numbers:
            try:
                number = int(text)
            except ValueError:
                self.problem(sheet, row, "themes", f"{text!r} is not a theme number")
                continue
            theme = self.lookup(self.themes, number, sheet, row, "themes", "theme numbered")
            if theme is not None:
                found.append(theme)
        return found

    def write_theme_parts(self, good: dict[str, list[_Row]]) -> None:
        order: Counter = Counter()
        for row in good["outcomes"]:
            if (theme := self.theme_of("outcomes", row)) is not None:
                outcome = Outcome(theme=theme, text=row["text"], order=order[theme.number])
                order[theme.number] += 1
                if self.clean(outcome, "outcomes", row):
                    outcome.save()

        self.objectives: dict[tuple[int, int], Objective] = {}
        seen: dict = {}
        for row in good["objectives"]:
            theme = self.theme_of("objectives", row)
            owner = self.lookup(self.organisations, row["owner"], "objectives", row, "owner", "organisation")
            key = (row["theme"], row["number"])
            if theme is None or not row.ok or not self.unique("objectives", row, "number", key, seen):
                continue
            objective = Objective(
                theme=theme,
                title=row["title"],
                description=row["description"] or "",
                order=row["number"],
                owner=owner,
                due_date=row["due_date"],
                status=row["status"] or ProgressStatus.NOT_STARTED,
                progress_note=row["progress_note"] or "",
            )
            if self.clean(objective, "objectives", row, {"order": "number"}):
                objective.save()
                self.objectives[key] = objective

        order = Counter()
        for row in good["actions"]:
            objective = self.lookup(
                self.objectives,
                (row["theme"], row["objective"]),
                "actions",
                row,
                "objective",
                "objective (theme, number)",
            )
            owner = self.lookup(self.organisations, row["owner"], "actions", row, "owner", "organisation")
            if objective is None or not row.ok:
                continue
            action = Action(
                objective=objective,
                title=row["title"],
                order=order[objective.pk],
                owner=owner,
                due_date=row["due_date"],
                status=row["status"] or ProgressStatus.NOT_STARTED,
                progress_note=row["progress_note"] or "",
            )
            order[objective.pk] += 1
            if self.clean(action, "actions", row):
                action.save()

        order = Counter()
        for row in good.get("achievements", []):
            theme = self.theme_of("achievements", row)
            objective = None
            if row["objective"] is not None:
                objective = self.lookup(
                    self.objectives,
                    (row["theme"], row["objective"]),
                    "achievements",
                    row,
                    "objective",
                    "objective (theme, number)",
                )
            if theme is None or not row.ok:
                continue
            achievement = Achievement(
                theme=theme,
                objective=objective,
                text=row["text"],
                achieved_on=row["achieved_on"],
                order=order[theme.number],
            )
            order[theme.number] += 1
            if self.clean(achievement, "achievements", row):
                achievement.save()

        order = Counter()
        for row in good.get("strategies", []):
            if (theme := self.theme_of("strategies", row)) is not None:
                strategy = LinkedStrategy(
                    theme=theme,
                    name=row["name"],
                    url=row["url"] or "",
                    description=row["description"] or "",
                    order=order[theme.number],
                )
                order[theme.number] += 1
                if self.clean(strategy, "strategies", row):
                    strategy.save()

        for index, row in enumerate(good.get("cross_cutting_themes", [])):
            themes = self.themes_of(row["themes"], "cross_cutting_themes", row)
            cross_cutting = CrossCuttingTheme(
                plan=self.plan,
                title=row["title"],
                slug=row["slug"] or slugify(row["title"]),
                description=row["description"],
                order=index,
            )
            if row.ok and self.clean(cross_cutting, "cross_cutting_themes", row):
                cross_cutting.save()
                cross_cutting.themes.set(themes)

    def write_area_plans(self, plan_rows: list[_Row], priority_rows: list[_Row]) -> None:
        area_plans: dict[tuple[str, int], AreaPlan] = {}
        for row in plan_rows:
            area = self.lookup(self.areas, row["area"], "area_plans", row, "area", "area with code or slug")
            if area is None:
                continue
            area_plan = AreaPlan(
                area=area, year=row["year"], summary=row["summary"] or "", published_on=row["published_on"]
            )
            if self.clean(area_plan, "area_plans", row, {"area": "area"}):
                area_plan.save()
                area_plans[(row["area"], row["year"])] = area_plan
        order: Counter = Counter()
        for row in priority_rows:
            area_plan = self.lookup(
                area_plans, (row["area"], row["year"]), "area_priorities", row, "year", "area plan (area, year)"
            )
            themes = self.themes_of(row["themes"], "area_priorities", row)
            if area_plan is None or not row.ok:
                continue
            priority = AreaPriority(
                area_plan=area_plan, title=row["title"], description=row["description"] or "", order=order[area_plan.pk]
            )
            order[area_plan.pk] += 1
            if self.clean(priority, "area_priorities", row):
                priority.save()
                priority.themes.set(themes)

    def write_indicators(self, rows: list[_Row]) -> None:
        self.indicators: dict[str, Indicator] = {}
        order: Counter = Counter()
        spends: list[tuple[_Row, Indicator]] = []
        for row in rows:
            theme = self.theme_of("indicators", row)
            baseline_period = None
            if (row["baseline_year"] is None) != (row["baseline_quarter"] is None):
                self.problem(
                    "indicators", row, "baseline_quarter", "give both baseline_year and baseline_quarter, or neither"
                )
            elif row["baseline_year"] is not None and self.quarter_ok(
                "indicators", row, "baseline_year", "baseline_quarter"
            ):
                baseline_period = self.period(row["baseline_year"], row["baseline_quarter"])
            objectives = [
                self.lookup(
                    self.objectives,
                    (row["theme"], number),
                    "indicators",
                    row,
                    "objectives",
                    "objective (theme, number)",
                )
                for number in self.numbers(row["objectives"], "indicators", row, "objectives")
            ]
            if theme is None or not row.ok:
                continue
            indicator = Indicator(
                theme=theme,
                code=row["code"],
                slug=row["slug"] or slugify(f"{row['code']} {row['title']}"),
                title=row["title"],
                definition=row["definition"],
                unit=row["unit"],
                decimal_places=row["decimal_places"] or 0,
                polarity=row["polarity"],
                source=row["source"],
                source_url=row["source_url"] or "",
                frequency=row["frequency"] or Indicator._meta.get_field("frequency").default,
                baseline_value=row["baseline_value"],
                baseline_period=baseline_period,
                area_kind=row["area_kind"] or (AreaKind.WARD if row["by_ward"] else ""),
                cumulative=bool(row["cumulative"]),
                is_public=row["is_public"] is not False,
                tolerance_percent=row["tolerance_percent"],
                min_value=row["min_value"],
                max_value=row["max_value"],
                is_illustrative=bool(row["is_illustrative"]),
                order=order[theme.number],
            )
            order[theme.number] += 1
            try:
                indicator_save(indicator=indicator, by=self.by)
            except ValidationError as error:
                self.record(error, "indicators", row, {"baseline_period": "baseline_year"})
                continue
            indicator.objectives.set(objectives)
            self.indicators[indicator.code] = indicator
            if row["budget"]:
                spends.append((row, indicator))
        # Once every indicator is in: a spend may come before its budget.
        for row, indicator in spends:
            budget = self.lookup(self.indicators, row["budget"], "indicators", row, "budget", "indicator with code")
            if budget is None:
                continue
            indicator.budget = budget
            try:
                indicator_save(indicator=indicator, by=self.by)
            except ValidationError as error:
                self.record(error, "indicators", row)

    def numbers(self, texts: list[str], sheet: str, row: _Row, column: str) -> list[int]:
        found = []
        for text in texts:
            try:
                found.append(int(text))
            except ValueError:
                self.problem(sheet, row, column, f"{text!r} is not a whole number")
        return found

    def write_targets(self, rows: list[_Row]) -> None:
        for row in rows:
            indicator = self.lookup(
                self.indicators, row["indicator"], "targets", row, "indicator", "indicator with code"
            )
            if indicator is None or not self.quarter_ok("targets", row, "financial_year", "quarter"):
                continue
            target = Target(
                indicator=indicator,
                financial_year=row["financial_year"],
                quarter=row["quarter"],
                kind=row["kind"] or Target.Kind.ABSOLUTE,
                value=row["value"],
                comparator=row["comparator"] or "",
                note=row["note"] or "",
            )
            try:
                target_save(target=target, by=self.by)
            except ValidationError as error:
                self.record(error, "targets", row)

    def write_past_figures(self, rows: list[_Row]) -> None:
        """Published values in bulk (one status refresh at the end), checked here rather than row by row."""
        measurements = []
        seen: dict = {}
        limit = Decimal(10) ** 10
        for row in rows:
            indicator = self.lookup(
                self.indicators, row["indicator"], "past_figures", row, "indicator", "indicator with code"
            )
            area = self.lookup(self.areas, row["area"], "past_figures", row, "area", "area with code or slug")
            if not self.quarter_ok("past_figures", row, "financial_year", "quarter"):
                continue
            if abs(row["value"]) >= limit or row["value"] != row["value"].quantize(Decimal("0.0001")):
                self.problem(
                    "past_figures",
                    row,
                    "value",
                    f"{row['value']} has more than 10 digits before the point or 4 after it",
                )
            key = (row["indicator"], row["financial_year"], row["quarter"], row["area"])
            if not self.unique("past_figures", row, "area", key, seen) or indicator is None or not row.ok:
                continue
            measurements.append(
                Measurement(
                    indicator=indicator,
                    period=self.period(row["financial_year"], row["quarter"]),
                    area=area,
                    value=row["value"],
                    status=row["status"] or Measurement.Status.FINAL,
                    quality=row["quality"] or Measurement.Quality.GOOD,
                    source=row["source"] or "",
                    note=row["note"] or "",
                    revision_note=row["revision_note"] or "",
                    is_illustrative=bool(row["is_illustrative"]),
                )
            )
        if not self.problems:
            Measurement.objects.bulk_create(measurements, batch_size=MEASUREMENT_BATCH)
            # Past figures are published values: the quarters holding them are published (by
            # whoever imports the package), so the public pages report on them.
            ReportingPeriod.objects.filter(
                pk__in={m.period_id for m in measurements}, published_at__isnull=True
            ).update(published_at=timezone.now(), published_by=self.by)


# --- Export -----------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """How the package writes a value (the importer reads it back to the same value)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return f"{LIST_SEPARATOR} ".join(cell_text(v) for v in value)
    return str(value)


def plan_package_export(*, plan: CommunityPlan) -> dict[str, list[list[str]]]:
    """Every sheet's rows for ``plan``, in a stable order, as text cells: its partnership's organisations and people."""
    with scope.using(plan.partnership_id):
        return _export(plan)


def _export(plan: CommunityPlan) -> dict[str, list[list[str]]]:
    tables: dict[str, list[list[Any]]] = defaultdict(list)
    p = plan
    tables["plan"].append(
        [p.slug, p.title, p.area, p.start_year, p.end_year, p.status, p.vision, p.chair_name,
         p.chair_introduction, p.area_profile, p.monitoring_statement, p.contact_details]
    )  # fmt: skip
    for o in Organisation.objects.order_by("name"):
        tables["organisations"].append([o.name, o.slug, o.sector, o.website, o.description, o.is_lsp_member])
    forums = Forum.objects.filter(plan=plan).order_by("name").prefetch_related("organisations")
    for f in forums:
        members = sorted(o.name for o in f.organisations.all())
        tables["forums"].append([f.name, f.slug, f.kind, f.description, f.website, members])
    memberships = (
        Membership.objects.filter(models.Q(forum__plan=plan) | models.Q(forum__isnull=True))
        .select_related("user", "organisation", "forum")
        .order_by("user__username", "role", "organisation__name", "forum__name")
    )
    users = {m.user.username: m.user for m in memberships}
    for username in sorted(users):
        u = users[username]
        tables["people"].append([u.username, u.first_name, u.last_name, u.email, u.is_staff, u.is_superuser])
    for m in memberships:
        forum = m.forum.name if m.forum else ""
        tables["roles"].append([m.user.username, m.organisation.name, m.role, forum, m.job_title, m.is_active])
    areas = list(Area.objects.select_related("parent").order_by("kind", "code", "slug"))
    for a in areas:
        parent = a.parent.reference if a.parent else ""
        tables["areas"].append([a.name, a.code, a.kind, a.slug, parent, a.town, a.population, a.description])
    themes = (
        Theme.objects.filter(plan=plan).select_related("lead_forum").prefetch_related("partners").order_by("number")
    )
    objective_numbers: dict[int, tuple[int, int]] = {}
    for t in themes:
        partners = sorted(o.name for o in t.partners.all())
        tables["themes"].append([t.number, t.title, t.slug, t.vision, t.summary, t.lead_forum.name, partners])
    for o in Outcome.objects.filter(theme__plan=plan).order_by("theme__number", "order", "pk").select_related("theme"):
        tables["outcomes"].append([o.theme.number, o.text])
    position: Counter = Counter()
    objectives = Objective.objects.filter(theme__plan=plan).select_related("theme", "owner")
    for o in objectives.order_by("theme__number", "order", "pk"):
        position[o.theme.number] += 1
        objective_numbers[o.pk] = (o.theme.number, position[o.theme.number])
        owner = o.owner.name if o.owner else ""
        tables["objectives"].append(
            [
                o.theme.number,
                position[o.theme.number],
                o.title,
                o.description,
                owner,
                o.due_date,
                o.status,
                o.progress_note,
            ]
        )
    actions = Action.objects.filter(objective__theme__plan=plan).select_related("objective__theme", "owner")
    for a in sorted(actions, key=lambda a: (objective_numbers[a.objective_id], a.order, a.pk)):
        owner = a.owner.name if a.owner else ""
        theme_number, number = objective_numbers[a.objective_id]
        tables["actions"].append([theme_number, number, a.title, owner, a.due_date, a.status, a.progress_note])
    achievements = Achievement.objects.filter(theme__plan=plan).select_related("theme")
    for a in achievements.order_by("theme__number", "order", "pk"):
        number = objective_numbers[a.objective_id][1] if a.objective_id else None
        tables["achievements"].append([a.theme.number, a.text, a.achieved_on, number])
    for s in (
        LinkedStrategy.objects.filter(theme__plan=plan).select_related("theme").order_by("theme__number", "order", "pk")
    ):
        tables["strategies"].append([s.theme.number, s.name, s.url, s.description])
    for c in CrossCuttingTheme.objects.filter(plan=plan).prefetch_related("themes").order_by("order", "pk"):
        tables["cross_cutting_themes"].append(
            [c.title, c.slug, c.description, sorted(t.number for t in c.themes.all())]
        )
    area_order = {a.pk: n for n, a in enumerate(areas)}
    area_plans = AreaPlan.objects.select_related("area")
    for ap in sorted(area_plans, key=lambda ap: (area_order[ap.area_id], ap.year)):
        tables["area_plans"].append([ap.area.reference, ap.year, ap.summary, ap.published_on])
    priorities = AreaPriority.objects.select_related("area_plan__area").prefetch_related("themes")
    for p in sorted(priorities, key=lambda p: (area_order[p.area_plan.area_id], p.area_plan.year, p.order, p.pk)):
        numbers = sorted(t.number for t in p.themes.all() if t.plan_id == plan.pk)
        area_plan = p.area_plan
        tables["area_priorities"].append([area_plan.area.reference, area_plan.year, p.title, p.description, numbers])
    indicators = (
        Indicator.objects.filter(theme__plan=plan)
        .select_related("theme", "baseline_period", "budget")
        .prefetch_related("objectives")
        .order_by("theme__number", "order", "code")
    )
    for i in indicators:
        baseline = i.baseline_period
        numbers = sorted(objective_numbers[o.pk][1] for o in i.objectives.all())
        tables["indicators"].append(
            [i.code, i.theme.number, i.title, i.slug, i.definition, i.unit, i.decimal_places, i.polarity, i.source,
             i.source_url, i.frequency, i.baseline_value, baseline.financial_year if baseline else None,
             baseline.quarter if baseline else None, i.area_kind, None, i.cumulative, i.is_public, i.tolerance_percent,
             i.min_value, i.max_value, i.is_illustrative, numbers, i.budget.code if i.budget else ""]
        )  # fmt: skip
    order = {i.pk: n for n, i in enumerate(indicators)}
    targets = Target.objects.filter(indicator__theme__plan=plan).select_related("indicator")
    for t in sorted(targets, key=lambda t: (order[t.indicator_id], t.financial_year, t.quarter or 0)):
        tables["targets"].append([t.indicator.code, t.financial_year, t.quarter, t.kind, t.value, t.comparator, t.note])
    measurements = (
        Measurement.objects.filter(indicator__theme__plan=plan)
        .select_related("indicator", "period", "area")
        .order_by("indicator__theme__number", "indicator__order", "indicator__code", "period__financial_year",
                  "period__quarter", "area__kind", "area__code", "area__slug")
    )  # fmt: skip
    for m in measurements.iterator(chunk_size=5000):
        tables["past_figures"].append(
            [m.indicator.code, m.period.financial_year, m.period.quarter, m.area.reference if m.area else "", m.value,
             m.status, m.quality, m.source, m.note, m.revision_note, m.is_illustrative]
        )  # fmt: skip
    return {sheet.name: [[cell_text(v) for v in row] for row in tables[sheet.name]] for sheet in SHEETS}


# --- Keeping an upload between its preview and the import ----------------------------------------

# Uploads wait in the private store for uploads awaiting confirmation, shared by every web
# node (a bucket's prefix with S3_BUCKET), not in the session: a package may be 20 MB.
WAITING_STORAGE = "return_imports"
WAITING_FOLDER = "plan-packages"


def package_upload_stash(*, content: bytes) -> dict[str, str]:
    """Keep a previewed package for its confirmation; returns what the session holds to find it again."""
    name = storages[WAITING_STORAGE].save(f"{WAITING_FOLDER}/{uuid.uuid4().hex}.xlsx", ContentFile(content))
    return {"name": name, "sha256": hashlib.sha256(content).hexdigest()}


def package_upload_unstash(stashed: dict[str, str]) -> bytes | None:
    """The package ``package_upload_stash`` kept, taken out of the store; None if it is gone or changed."""
    storage = storages[WAITING_STORAGE]
    try:
        with storage.open(stashed["name"], "rb") as file:
            content = file.read()
    except FileNotFoundError:
        return None
    finally:
        storage.delete(stashed["name"])
    return content if hashlib.sha256(content).hexdigest() == stashed["sha256"] else None


def package_upload_discard(stashed: dict[str, str]) -> None:
    """Delete a kept package that will not be imported (a newer preview replaced it)."""
    storages[WAITING_STORAGE].delete(stashed["name"])


def package_uploads_purge(*, older_than: dt.timedelta = dt.timedelta(days=1)) -> int:
    """Delete packages previewed but never imported; returns how many. For a daily task."""
    return delete_older_than(storages[WAITING_STORAGE], WAITING_FOLDER, older_than=older_than)
