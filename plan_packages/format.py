"""The plan package format: its sheets, their columns, and how a cell is written.

One list of sheets serves the reader, the writer, the importer's checks and the README's
tables, so the documented format and the code cannot drift apart. A package is either a
folder holding ``<sheet>.csv`` per sheet, or one ``.xlsx`` workbook with a worksheet per
sheet; both have the column names in the first row and the same columns.

Cells are text: numbers as written (``12.5``), dates as ``YYYY-MM-DD``, yes/no for
booleans, lists as values separated by ``;``. The columns are checked by name, in any
order; a column the format does not know is an error (so a typo is not silently dropped),
and optional columns may be left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.models import Frequency, Measurement, Polarity, Target, Unit
from partnership.models import AreaKind, CommunityPlan, Forum, Role, Sector
from themes.models import ProgressStatus

TEXT, INT, DECIMAL, BOOL, DATE, CHOICE, LIST = "text", "integer", "decimal", "yes/no", "date", "choice", "list"


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = TEXT
    required: bool = False
    choices: tuple[str, ...] = ()
    help: str = ""


@dataclass(frozen=True)
class Sheet:
    name: str
    help: str
    columns: tuple[Column, ...]
    optional: bool = False  # the whole sheet may be absent
    single_row: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _choices(choices) -> tuple[str, ...]:
    return tuple(choices.values)


SHEETS: tuple[Sheet, ...] = (
    Sheet(
        "plan",
        "The plan itself: exactly one row.",
        (
            Column("slug", required=True, help="Short name used in links, e.g. `dacorum-2015`; must be new."),
            Column("title", required=True),
            Column("area", required=True, help="The place the plan serves."),
            Column("start_year", INT, True, help="First financial year: 2004 for 2004/05."),
            Column("end_year", INT, True, help="Last financial year."),
            Column("status", CHOICE, False, _choices(CommunityPlan.Status), "Blank: draft."),
            Column("vision", required=True),
            Column("chair_name"),
            Column("chair_introduction"),
            Column("area_profile"),
            Column("monitoring_statement"),
            Column("contact_details"),
        ),
        single_row=True,
    ),
    Sheet(
        "organisations",
        "The partner organisations. An organisation already in the portal (same name) is reused.",
        (
            Column("name", required=True),
            Column("slug", help="Blank: made from the name."),
            Column("sector", CHOICE, True, _choices(Sector)),
            Column("website"),
            Column("description"),
            Column("is_lsp_member", BOOL, help="Sits on the partnership. Blank: yes."),
        ),
    ),
    Sheet(
        "forums",
        "The forums and groups: theme-lead forums, the Support Group, the Board.",
        (
            Column("name", required=True),
            Column("slug", help="Blank: made from the name."),
            Column("kind", CHOICE, True, _choices(Forum.Kind)),
            Column("description"),
            Column("website"),
            Column("organisations", LIST, help="Member organisations, by name (organisations sheet)."),
        ),
    ),
    Sheet(
        "people",
        "People who sign in. No passwords: each gets an unusable one and sets their own through "
        "“Forgotten your password?”. A user already in the portal (same username) is reused unchanged.",
        (
            Column("username", required=True),
            Column("first_name"),
            Column("last_name"),
            Column("email"),
            Column("is_staff", BOOL, help="May use the admin. Blank: no."),
            Column("is_superuser", BOOL, help="Blank: no."),
        ),
    ),
    Sheet(
        "roles",
        "What each person does: one row per seat.",
        (
            Column("username", required=True, help="From the people sheet."),
            Column("organisation", required=True, help="By name."),
            Column("role", CHOICE, True, _choices(Role)),
            Column("forum", help="By name; for forum leads and officers. Blank: partnership-wide."),
            Column("job_title"),
            Column("is_active", BOOL, help="Blank: yes."),
        ),
    ),
    Sheet(
        "areas",
        "The areas the plan reports by, of any kind. Other sheets name an area by its code, or by its slug "
        "if it has no code. An area already in the portal (same kind and code, or same slug) is reused.",
        (
            Column("name", required=True),
            Column(
                "code",
                help="An ONS (GSS) code, a letter and 8 digits like `E05004567`, or your own code, "
                "like a police neighbourhood's. Blank: none.",
            ),
            Column("kind", CHOICE, False, _choices(AreaKind), "Blank: ward."),
            Column("slug", help="Blank: made from the name."),
            Column("parent", help="The area it lies in (a ward's district), by code or slug, from this sheet."),
            Column("town"),
            Column("population", INT),
            Column("description"),
        ),
    ),
    Sheet(
        "themes",
        "The plan's themes.",
        (
            Column("number", INT, True, help="1, 2, 3…: other sheets name a theme by its number."),
            Column("title", required=True),
            Column("slug", help="Blank: made from the title."),
            Column("vision", required=True),
            Column("summary"),
            Column("lead_forum", required=True, help="By name (forums sheet)."),
            Column("partners", LIST, help="Organisations, by name."),
        ),
    ),
    Sheet(
        "outcomes",
        "Each theme's outcomes (“we need to ensure”), in order.",
        (Column("theme", INT, True), Column("text", required=True)),
    ),
    Sheet(
        "objectives",
        "Each theme's objectives.",
        (
            Column("theme", INT, True),
            Column("number", INT, True, help="1, 2, 3… within the theme: actions and indicators name it."),
            Column("title", required=True),
            Column("description"),
            Column("owner", help="Organisation, by name."),
            Column("due_date", DATE),
            Column("status", CHOICE, False, _choices(ProgressStatus), "Blank: not started."),
            Column("progress_note"),
        ),
    ),
    Sheet(
        "actions",
        "Each objective's actions, in order.",
        (
            Column("theme", INT, True),
            Column("objective", INT, True, help="The objective's number within the theme."),
            Column("title", required=True),
            Column("owner", help="Organisation, by name."),
            Column("due_date", DATE),
            Column("status", CHOICE, False, _choices(ProgressStatus), "Blank: not started."),
            Column("progress_note"),
        ),
    ),
    Sheet(
        "achievements",
        "What each theme has achieved, in order.",
        (
            Column("theme", INT, True),
            Column("text", required=True),
            Column("achieved_on", DATE),
            Column("objective", INT, help="The objective's number within the theme, if any."),
        ),
        optional=True,
    ),
    Sheet(
        "strategies",
        "The strategies each theme links to, in order.",
        (Column("theme", INT, True), Column("name", required=True), Column("url"), Column("description")),
        optional=True,
    ),
    Sheet(
        "cross_cutting_themes",
        "Cross-cutting themes and the themes each links, in order.",
        (
            Column("title", required=True),
            Column("slug", help="Blank: made from the title."),
            Column("description", required=True),
            Column("themes", LIST, help="Theme numbers."),
        ),
        optional=True,
    ),
    Sheet(
        "area_plans",
        "Each area's plan for a year.",
        (
            Column("area", required=True, help="The area's code, or its slug if it has none."),
            Column("year", INT, True, help="Financial year: 2014 for 2014/15."),
            Column("summary"),
            Column("published_on", DATE),
        ),
        optional=True,
    ),
    Sheet(
        "area_priorities",
        "The priorities in each area plan, in order.",
        (
            Column("area", required=True, help="The area's code, or its slug if it has none."),
            Column("year", INT, True),
            Column("title", required=True),
            Column("description"),
            Column("themes", LIST, help="Theme numbers."),
        ),
        optional=True,
    ),
    Sheet(
        "indicators",
        "What the plan measures, in order within each theme.",
        (
            Column("code", required=True, help="Unique in the portal, e.g. `SC1`."),
            Column("theme", INT, True),
            Column("title", required=True),
            Column("slug", help="Blank: made from the code and title."),
            Column("definition", required=True),
            Column(
                "unit",
                CHOICE,
                True,
                _choices(Unit),
                "`change_percent`: each value is the % change on the same period last year (“crime down "
                "6.1%” is −6.1), compared directly with last year's change and a target change.",
            ),
            Column("decimal_places", INT, help="0 to 4. Blank: 0."),
            Column("polarity", CHOICE, True, _choices(Polarity)),
            Column("source", required=True),
            Column("source_url"),
            Column("frequency", CHOICE, False, _choices(Frequency), "Blank: quarterly."),
            Column("baseline_value", DECIMAL),
            Column("baseline_year", INT, help="Financial year of the baseline."),
            Column("baseline_quarter", INT, help="1 to 4, with baseline_year."),
            Column(
                "area_kind",
                CHOICE,
                False,
                _choices(AreaKind),
                "The kind of area it is reported by, besides the whole area. Blank: the whole area only.",
            ),
            Column("by_ward", BOOL, help="Replaced by `area_kind`: yes reads as `ward`. Still read, never written."),
            Column("cumulative", BOOL, help="Quarterly values add up over the year. Blank: no."),
            Column("is_public", BOOL, help="Blank: yes."),
            Column(
                "tolerance_percent",
                DECIMAL,
                help="Amber band, % of the target (percentage points for `change_percent`). Blank: portal default.",
            ),
            Column("min_value", DECIMAL),
            Column("max_value", DECIMAL),
            Column("is_illustrative", BOOL, help="Figures are made up, for a demonstration. Blank: no."),
            Column("objectives", LIST, help="Numbers of the theme's objectives it measures."),
            Column(
                "budget",
                help="For a spend: the code of the budget it is spent against (both `pounds`, in this plan; "
                "a budget is not itself a spend). Blank: none.",
            ),
        ),
    ),
    Sheet(
        "targets",
        "Each indicator's targets: one per year (or per quarter).",
        (
            Column("indicator", required=True, help="Indicator code."),
            Column("financial_year", INT, True),
            Column("quarter", INT, help="1 to 4. Blank: the whole year."),
            Column("kind", CHOICE, False, _choices(Target.Kind), "Blank: absolute."),
            Column(
                "value",
                DECIMAL,
                True,
                help="The value, or the % change (−3 for “reduce by 3%”; in percentage points for a `percent` "
                "indicator; for a `change_percent` indicator, its target change either way).",
            ),
            Column("comparator", CHOICE, False, _choices(Target.Comparator), "Required for a % change."),
            Column("note"),
        ),
    ),
    Sheet(
        "past_figures",
        "Published values, if any: indicator × quarter × area. Reporting periods are created as needed.",
        (
            Column("indicator", required=True, help="Indicator code."),
            Column("financial_year", INT, True),
            Column("quarter", INT, True, help="1 to 4."),
            Column("area", help="The area's code, or its slug if it has none. Blank: the whole plan area."),
            Column("value", DECIMAL, True),
            Column("status", CHOICE, False, _choices(Measurement.Status), "Blank: final."),
            Column("quality", CHOICE, False, _choices(Measurement.Quality), "Blank: good."),
            Column("source", help="Blank: the indicator's source."),
            Column("note"),
            Column("revision_note"),
            Column("is_illustrative", BOOL, help="Blank: no."),
        ),
        optional=True,
    ),
)
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}
LIST_SEPARATOR = ";"
