"""Plan packages carry change indicators and budget-and-spend pairs: imported, judged, exported the same."""

from decimal import Decimal as D

import pytest
from django.db import transaction

from indicators.models import Indicator, IndicatorStatus, Target
from partnership.models import CommunityPlan
from plan_packages.files import read_package, write_folder
from plan_packages.services import PlanPackageInvalid, plan_package_export, plan_package_import

pytestmark = pytest.mark.django_db


def _indicator(code: str, title: str, unit: str, polarity: str = "lower", **more) -> dict[str, str]:
    return {"code": code, "theme": "1", "title": title, "definition": f"{title}.", "unit": unit,
            "polarity": polarity, "source": "Council"} | more  # fmt: skip


# The spend comes before its budget: the import pairs them once every indicator is in.
MEASURES = {
    "indicators": [
        _indicator("C1", "Crime, change on last year", "change_percent", decimal_places="1"),
        _indicator("P1", "Spend on youth services", "pounds", "higher", budget="P2"),
        _indicator("P2", "Budget for youth services", "pounds", "higher"),
    ],
    "targets": [
        {"indicator": "C1", "financial_year": "2024", "kind": "percent_change", "value": "-2",
         "comparator": "last_year"},
        {"indicator": "P1", "financial_year": "2024", "value": "£1,000,000"},
    ],
    "past_figures": [
        {"indicator": "C1", "financial_year": "2023", "quarter": "1", "value": "-3.9"},
        {"indicator": "C1", "financial_year": "2024", "quarter": "1", "value": "−6.1%"},
        {"indicator": "P1", "financial_year": "2024", "quarter": "1", "value": "£812,000"},
        {"indicator": "P2", "financial_year": "2024", "quarter": "1", "value": "1,250,000"},
    ],
}  # fmt: skip


def test_change_indicator_and_budget_pair_are_imported_and_judged(small_package):
    plan_package_import(sheets=read_package(small_package(**MEASURES)))

    crime = Indicator.objects.get(code="C1")
    assert crime.unit == "change_percent"
    assert Indicator.objects.get(code="P1").budget == Indicator.objects.get(code="P2")
    figure = IndicatorStatus.objects.get(indicator=crime, period__financial_year=2024, area=None)
    # The change (−6.1%) against the target change (−2%), directly: on target, and better than last year's −3.9%.
    assert (figure.value, figure.target_value, figure.last_year_value) == (D("-6.1"), D(-2), D("-3.9"))
    assert (figure.rag, figure.trend) == ("green", "improving")
    assert figure.change_percent is None and figure.change_points == D("-2.2")
    assert figure.target_description == ""  # the target is the change itself
    assert Target.objects.get(indicator__code="P1").value == 1000000


def test_round_trip_with_a_change_indicator_and_a_budget_pair_is_identical(small_package, tmp_path):
    with transaction.atomic():
        plan_package_import(sheets=read_package(small_package(**MEASURES)))
        first = plan_package_export(plan=CommunityPlan.objects.get())
        transaction.set_rollback(True)
    assert not CommunityPlan.objects.exists()  # an empty portal again
    by_code = {row[0]: row for row in first["indicators"]}
    assert by_code["C1"][5] == "change_percent" and by_code["P1"][-1] == "P2" and by_code["P2"][-1] == ""
    write_folder(tmp_path / "first", first)

    plan_package_import(sheets=read_package(tmp_path / "first"))

    assert plan_package_export(plan=CommunityPlan.objects.get()) == first


@pytest.mark.parametrize(
    ("indicators", "message"),
    [
        (
            [_indicator("P1", "Spend", "pounds", budget="P2"), _indicator("P2", "Budget", "count")],
            "indicators row 2, column budget: The budget must be money: P2 is not in pounds (£).",
        ),
        (
            [_indicator("P1", "Spend", "count", budget="P2"), _indicator("P2", "Budget", "pounds")],
            "indicators row 2, column unit: A spend paired with a budget is money: set the unit to pounds (£).",
        ),
        (
            [_indicator("P1", "Spend", "pounds", budget="P9")],
            "indicators row 2, column budget: no indicator with code 'P9' (or it has problems of its own)",
        ),
        (
            [
                _indicator("P1", "Spend", "pounds", budget="P2"),
                _indicator("P2", "Budget", "pounds", budget="P3"),
                _indicator("P3", "Budget of the budget", "pounds"),
            ],
            "indicators row 3, column budget: This indicator is the budget of another: a budget cannot also be a spend",
        ),
        (
            [_indicator("C1", "Crime change", "change_percent", cumulative="yes")],
            "indicators row 2, column cumulative: A % change on last year does not add up over the year",
        ),
    ],
    ids=["budget-not-money", "spend-not-money", "unknown-budget", "chain", "cumulative-change"],
)
def test_a_bad_pair_or_change_indicator_is_named_by_row_and_column(small_package, indicators, message):
    folder = small_package(indicators=indicators, targets=[], past_figures=[])

    with pytest.raises(PlanPackageInvalid) as raised:
        plan_package_import(sheets=read_package(folder))

    assert message in " | ".join(str(problem) for problem in raised.value.problems)
    assert not Indicator.objects.exists()
