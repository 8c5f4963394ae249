"""Areas of any kind in a plan package: kind, optional code, parent, and indicators reported by a kind."""

import pytest

from indicators.models import Indicator, Measurement
from partnership.models import Area, AreaKind, AreaPlan, CommunityPlan, Forum
from plan_packages.files import read_package, write_folder
from plan_packages.services import PlanPackageInvalid, plan_package_export, plan_package_import
from themes.models import Theme

pytestmark = pytest.mark.django_db

POLICE_AREAS = [
    {"name": "Testshire", "code": "E07000999", "kind": "district"},
    {"name": "North", "code": "E05009999", "parent": "E07000999", "population": "5000"},
    {"name": "Town Centre", "code": "C14", "kind": "policing_area", "parent": "E07000999"},
    {"name": "Riverside", "kind": "neighbourhood", "slug": "riverside", "parent": "C14"},
]
INDICATOR = {"code": "S1", "theme": "1", "title": "Burglaries", "definition": "Dwelling burglaries.",
             "unit": "count", "polarity": "lower", "source": "Police", "objectives": "1"}  # fmt: skip


def _problems(folder) -> list[str]:
    with pytest.raises(PlanPackageInvalid) as raised:
        plan_package_import(sheets=read_package(folder))
    return [str(problem) for problem in raised.value.problems]


def test_areas_of_several_kinds_with_parents_and_codes_of_their_own(small_package):
    folder = small_package(
        areas=POLICE_AREAS,
        area_plans=[{"area": "riverside", "year": "2024"}],
        area_priorities=[{"area": "riverside", "year": "2024", "title": "Lighting", "themes": "1"}],
        indicators=[INDICATOR | {"area_kind": "policing_area"}],
        past_figures=[
            {"indicator": "S1", "financial_year": "2024", "quarter": "1", "value": "30"},
            {"indicator": "S1", "financial_year": "2024", "quarter": "1", "area": "C14", "value": "12"},
        ],
    )

    plan_package_import(sheets=read_package(folder))

    areas = {a.name: a for a in Area.objects.select_related("parent")}
    assert (areas["North"].kind, areas["North"].parent.name) == (AreaKind.WARD, "Testshire")
    assert (areas["Town Centre"].kind, areas["Town Centre"].code) == (AreaKind.POLICING_AREA, "C14")
    assert (areas["Riverside"].code, areas["Riverside"].parent.name) == ("", "Town Centre")
    assert AreaPlan.objects.get().area == areas["Riverside"]
    assert Indicator.objects.get().area_kind == AreaKind.POLICING_AREA
    assert Measurement.objects.get(area__isnull=False).area == areas["Town Centre"]


def test_a_bad_ons_code_and_an_unknown_parent_are_named_by_row_and_column(small_package):
    folder = small_package(
        areas=[
            {"name": "North", "code": "E0500999"},
            {"name": "South", "code": "E05009998", "parent": "E07000000"},
        ],
        area_plans=[],
        area_priorities=[],
    )

    problems = _problems(folder)

    assert (
        "areas row 2, column code: Enter an ONS code as a capital letter and 8 digits, like E05004567, "
        "or a code of your own that does not start with E, W, S or N and a digit"
    ) in problems
    assert "areas row 3, column parent: no area with code or slug 'E07000000' (or it has problems of its own)" in (
        problems
    )
    assert not Area.objects.exists()


def test_a_parent_cycle_is_refused(small_package):
    folder = small_package(
        areas=[{"name": "North", "code": "X1", "parent": "X2"}, {"name": "South", "code": "X2", "parent": "X1"}],
        area_plans=[],
        area_priorities=[],
    )

    problems = _problems(folder)

    assert any(p.startswith("areas row 3, column parent: Choose an area that does not lie within") for p in problems)


def test_the_by_ward_column_of_older_packages_still_reads_as_ward(small_package):
    folder = small_package(indicators=[INDICATOR | {"by_ward": "yes"}])

    plan_package_import(sheets=read_package(folder))

    assert Indicator.objects.get().area_kind == AreaKind.WARD


def test_export_writes_kind_parent_and_area_kind_and_the_round_trip_is_identical(small_package, tmp_path):
    folder = small_package(
        areas=POLICE_AREAS,
        area_plans=[{"area": "riverside", "year": "2024"}],
        area_priorities=[{"area": "riverside", "year": "2024", "title": "Lighting", "themes": "1"}],
        indicators=[INDICATOR | {"area_kind": "policing_area"}],
        past_figures=[{"indicator": "S1", "financial_year": "2024", "quarter": "1", "area": "C14", "value": "12"}],
    )
    plan_package_import(sheets=read_package(folder))
    first = plan_package_export(plan=CommunityPlan.objects.get())

    areas = {row[0]: row for row in first["areas"]}
    assert areas["Riverside"][:5] == ["Riverside", "", "neighbourhood", "riverside", "C14"]
    assert areas["North"][:5] == ["North", "E05009999", "ward", "north", "E07000999"]
    assert first["indicators"][0][14:16] == ["policing_area", ""]
    assert first["area_plans"][0][0] == "riverside"

    for model in (Theme, Forum, CommunityPlan, AreaPlan, Area):  # an empty portal, but for people and partners
        model.objects.all().delete()
    write_folder(tmp_path / "exported", first)
    plan_package_import(sheets=read_package(tmp_path / "exported"))
    assert plan_package_export(plan=CommunityPlan.objects.get()) == first
