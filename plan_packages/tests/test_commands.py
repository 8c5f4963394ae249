"""``import_plan`` and ``export_plan``."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from partnership.models import CommunityPlan
from plan_packages.files import read_package
from plan_packages.format import SHEETS

pytestmark = pytest.mark.django_db


def test_import_plan_dry_run_prints_counts_and_writes_nothing(small_package):
    out = StringIO()

    call_command("import_plan", str(small_package()), "--dry-run", stdout=out)

    assert "indicators                   1" in out.getvalue()
    assert "dry run: nothing written" in out.getvalue()
    assert not CommunityPlan.objects.exists()


def test_import_plan_lists_every_problem_and_fails(small_package):
    folder = small_package(areas=[{"name": "North", "code": "E05009999", "population": "many"}])
    err = StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_plan", str(folder), stderr=err)

    assert "areas row 2, column population: 'many' is not a whole number" in err.getvalue()
    assert not CommunityPlan.objects.exists()


def test_export_plan_writes_a_workbook_that_imports_back(small_package, tmp_path):
    call_command("import_plan", str(small_package()), stdout=StringIO())

    call_command("export_plan", "testshire-2030", str(tmp_path / "out.xlsx"), stdout=StringIO())

    sheets = read_package(tmp_path / "out.xlsx")
    assert sheets["plan"].rows[0][1]["slug"] == "testshire-2030"
    assert sheets["indicators"].rows[0][1]["polarity"] == "lower"


def test_export_plan_blank_writes_column_names_only(tmp_path):
    call_command("export_plan", "--blank", str(tmp_path / "blank"), stdout=StringIO())

    sheets = read_package(tmp_path / "blank")
    assert set(sheets) == {sheet.name for sheet in SHEETS}
    assert sheets["targets"].columns == SHEETS[-2].column_names and not sheets["targets"].rows


def test_export_plan_names_the_plans_when_the_slug_is_unknown():
    with pytest.raises(CommandError, match="No plan 'nowhere'"):
        call_command("export_plan", "nowhere", "x.xlsx")


def test_import_plan_into_a_named_new_partnership_beside_another(small_package, make):
    from partnership.models import Partnership

    make.partnership("Elsewhere Partnership", "elsewhere")
    out = StringIO()

    call_command("import_plan", str(small_package()), "--partnership", "newtown", "--name", "Newtown LSP", stdout=out)

    newtown = Partnership.objects.get(slug="newtown")
    assert newtown.name == "Newtown LSP"
    assert CommunityPlan.objects.get().partnership == newtown


def test_import_plan_refuses_a_partnership_slug_the_portal_uses(small_package):
    with pytest.raises(CommandError, match="one of the portal's own pages"):
        call_command("import_plan", str(small_package()), "--partnership", "admin", stdout=StringIO())
