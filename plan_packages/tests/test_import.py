"""``plan_package_import``: problems named by sheet, row and column, all at once, and nothing written."""

import pytest

from indicators.models import IndicatorChange, IndicatorStatus, Measurement, ReportingPeriod, Target
from partnership.models import Area, CommunityPlan, Forum, Organisation, User
from plan_packages.files import read_package
from plan_packages.services import PlanPackageInvalid, plan_package_import
from themes.models import AreaPriority, Theme

pytestmark = pytest.mark.django_db


def _problems(folder) -> list[str]:
    with pytest.raises(PlanPackageInvalid) as raised:
        plan_package_import(sheets=read_package(folder))
    return [str(problem) for problem in raised.value.problems]


def test_small_package_imports_everything(small_package):
    result = plan_package_import(sheets=read_package(small_package()))

    assert result.slug == "testshire-2030"
    assert result.counts["organisations"] == 2 and result.counts["past_figures"] == 1
    plan = CommunityPlan.objects.get()
    assert plan.status == CommunityPlan.Status.ADOPTED
    assert set(Forum.objects.get(name="Safer Testshire").organisations.values_list("name", flat=True)) == {
        "Testshire Council",
        "Testshire Police",
    }
    assert Theme.objects.get().lead_forum.name == "Safer Testshire"
    assert list(AreaPriority.objects.get().themes.values_list("number", flat=True)) == [1]
    assert ReportingPeriod.objects.get().key == (2024, 1)
    sam = User.objects.get(username="sam")
    assert not sam.has_usable_password()
    assert sam.memberships.get().forum.name == "Safer Testshire"


def test_every_problem_is_named_by_sheet_row_and_column_and_nothing_is_written(small_package):
    folder = small_package(
        organisations=[{"name": "Testshire Council", "sector": "public"},
                       {"name": "Testshire Police", "sector": "cops"}],
        indicators=[
            {"code": "S1", "theme": "1", "title": "Burglaries", "definition": "Dwelling burglaries.",
             "unit": "count", "polarity": "lower", "source": "Police"},
            {"code": "S2", "theme": "1", "title": "Thefts", "definition": "Thefts.", "unit": "count",
             "polarity": "up", "source": "Police"},
        ],
        targets=[{"indicator": "S1", "financial_year": "2024", "value": "lots"},
                 {"indicator": "S9", "financial_year": "2024", "value": "3"}],
    )  # fmt: skip

    problems = _problems(folder)

    assert "indicators row 3, column polarity: 'up' is not one of higher, lower" in problems
    assert "organisations row 3, column sector: 'cops' is not one of " in "".join(problems)
    assert "targets row 2, column value: 'lots' is not a number" in problems
    assert "targets row 3, column indicator: no indicator with code 'S9' (or it has problems of its own)" in problems
    assert not CommunityPlan.objects.exists()
    assert not Organisation.objects.exists()
    assert not Area.objects.exists() and not User.objects.exists() and not ReportingPeriod.objects.exists()


def test_model_checks_are_reported_against_the_row(small_package):
    folder = small_package(
        areas=[{"name": "North", "code": "E05009999"}, {"name": "North", "code": "E05009998"}],
        people=[{"username": "sam", "email": "not an address"}],
    )

    problems = _problems(folder)

    name_taken = "There is already an area of this kind with this name: choose another name"
    assert f"areas row 3, column name: {name_taken}" in problems
    assert "people row 2, column email: Enter a valid email address." in problems
    assert not Area.objects.exists()


def test_unknown_columns_and_missing_sheets_are_reported_before_reading_rows(small_package):
    folder = small_package()
    (folder / "themes.csv").unlink()
    (folder / "areas.csv").write_text("name,code,colour\nNorth,E05009999,red\n", encoding="utf-8")

    problems = _problems(folder)

    assert "themes: missing: every package needs this sheet" in problems
    assert any(p.startswith("areas row 1, column colour: not a column of this sheet") for p in problems)


def test_a_plan_already_in_the_portal_is_not_overwritten(small_package):
    plan_package_import(sheets=read_package(small_package()))

    problems = _problems(small_package())

    assert problems[0].startswith("plan row 2, column slug: a plan 'testshire-2030' is already in the portal")
    assert CommunityPlan.objects.count() == 1


def test_dry_run_checks_and_counts_but_writes_nothing(small_package):
    result = plan_package_import(sheets=read_package(small_package()), dry_run=True)

    assert result.dry_run and result.counts["indicators"] == 1 and result.counts["targets"] == 1
    assert not CommunityPlan.objects.exists() and not Organisation.objects.exists()
    assert not IndicatorChange.objects.exists() and not ReportingPeriod.objects.exists()


def test_import_goes_through_the_services_change_log_and_judged_figures(small_package):
    plan_package_import(sheets=read_package(small_package()))

    change = IndicatorChange.objects.get()
    assert (change.field, change.summary, change.new_value) == (
        IndicatorChange.Field.TARGET,
        "Target 2024/25 set",
        "100",
    )
    assert Target.objects.get().value == 100
    assert Measurement.objects.get().value == 30
    status = IndicatorStatus.objects.get(area=None)
    assert status.value == 30 and status.target_value == 100


def test_readme_documents_every_sheet_and_column():
    from pathlib import Path

    from plan_packages.format import SHEETS

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for sheet in SHEETS:
        section = readme.split(f"### `{sheet.name}`", 1)[1].split("### ", 1)[0]
        for column in sheet.columns:
            assert f"| `{column.name}` |" in section, (sheet.name, column.name)


def test_money_and_thousands_separators_are_read_as_numbers(small_package):
    folder = small_package(targets=[{"indicator": "S1", "financial_year": "2024", "value": "£1,250,000"}])

    plan_package_import(sheets=read_package(folder))

    assert Target.objects.get().value == 1250000
