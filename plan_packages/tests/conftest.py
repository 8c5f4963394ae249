import pytest

from plan_packages.files import write_folder
from plan_packages.format import SHEETS_BY_NAME


def small_tables(**changes: list[dict[str, str]]) -> dict[str, list[list[str]]]:
    """A small, valid package as tables; ``changes`` replaces a sheet's rows (given as dicts)."""
    sheets: dict[str, list[dict[str, str]]] = {
        "plan": [{"slug": "testshire-2030", "title": "Testshire 2030", "area": "Testshire", "start_year": "2024",
                  "end_year": "2029", "status": "adopted", "vision": "A better Testshire."}],
        "organisations": [{"name": "Testshire Council", "sector": "public"},
                          {"name": "Testshire Police", "sector": "public"}],
        "forums": [{"name": "Safer Testshire", "kind": "theme_lead",
                    "organisations": "Testshire Council; Testshire Police"},
                   {"name": "Board", "kind": "board"}],
        "people": [{"username": "sam", "first_name": "Sam", "last_name": "Lead", "email": "sam@example.invalid"}],
        "roles": [{"username": "sam", "organisation": "Testshire Police", "role": "forum_lead",
                   "forum": "Safer Testshire"}],
        "areas": [{"name": "North", "code": "E05009999", "population": "5000"}],
        "themes": [{"number": "1", "title": "Safer", "vision": "Safe streets.", "lead_forum": "Safer Testshire",
                    "partners": "Testshire Police"}],
        "outcomes": [{"theme": "1", "text": "Less crime"}],
        "objectives": [{"theme": "1", "number": "1", "title": "Cut burglary", "status": "on_track"}],
        "actions": [{"theme": "1", "objective": "1", "title": "Door locks", "due_date": "2025-03-31"}],
        "area_plans": [{"area": "E05009999", "year": "2024"}],
        "area_priorities": [{"area": "E05009999", "year": "2024", "title": "Lighting", "themes": "1"}],
        "indicators": [{"code": "S1", "theme": "1", "title": "Burglaries", "definition": "Dwelling burglaries.",
                        "unit": "count", "polarity": "lower", "source": "Police", "objectives": "1"}],
        "targets": [{"indicator": "S1", "financial_year": "2024", "value": "100"}],
        "past_figures": [{"indicator": "S1", "financial_year": "2024", "quarter": "1", "value": "30"}],
    }  # fmt: skip
    sheets.update(changes)
    return {
        name: [[row.get(column, "") for column in SHEETS_BY_NAME[name].column_names] for row in rows]
        for name, rows in sheets.items()
    } | {name: [] for name in SHEETS_BY_NAME if name not in sheets}


@pytest.fixture
def small_package(tmp_path):
    def build(**changes):
        folder = tmp_path / "package"
        write_folder(folder, small_tables(**changes))
        return folder

    return build
