"""A Board member reviews the dashboard for a quarter, narrows the indicators to one theme and exports them."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import NoReverseMatch, reverse

from e2e.support import main_text

pytestmark = pytest.mark.browser

THEME = "1. Reducing Crime and Feeling Safe"
QUARTER = "2014/15 Q3"


def test_board_member_filters_the_dashboard_and_exports_it(new_page, portal) -> None:
    try:
        dashboard_path = reverse("dashboard:dashboard")
    except NoReverseMatch:
        pytest.skip("The board dashboard is not built yet: dashboard:dashboard does not exist")

    board = new_page("board")
    board.goto(portal(dashboard_path))
    assert board.get_by_role("heading", level=1).inner_text() == "Board dashboard"

    # Another quarter: the choice is kept in the address, so the page can be shared.
    board.get_by_role("combobox", name="Reporting period").select_option(label=QUARTER)
    with board.expect_navigation():
        board.get_by_role("button", name="Show this quarter").click()
    assert "period=" in board.url
    assert f"Figures at {QUARTER}" in main_text(board)
    for heading in ("Status by theme", "Exceptions", "Return completeness", "What residents are saying"):
        assert board.get_by_role("heading", name=re.compile(f"^{heading}")).count(), heading

    # Every indicator, narrowed to one theme.
    board.get_by_role("link", name="Every indicator, with filters and downloads").click()
    board.wait_for_load_state()
    assert board.get_by_role("heading", level=1).inner_text() == f"Indicators at {QUARTER}"
    board.get_by_role("combobox", name="Theme").select_option(label=THEME)
    with board.expect_navigation():
        board.get_by_role("button", name="Apply filters").click()
    assert "theme=" in board.url
    count = board.get_by_role("status").filter(has_text="Showing").inner_text()
    shown = int(re.search(r"of (\d+) indicator", count).group(1))
    table_rows = board.locator("main table.dashboard-table tbody tr")
    assert table_rows.count() == shown > 0
    codes_on_page = {row.locator("td.code").inner_text() for row in table_rows.all()}
    assert all(code.startswith("CS-") for code in codes_on_page), codes_on_page

    # The export has exactly the rows on screen.
    with board.expect_download() as download_info:
        board.get_by_role("link", name=re.compile(r"as CSV$")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(download.path().read_text(encoding="utf-8-sig"))))
    header, data = rows[0], rows[1:]
    assert len(data) == shown, rows
    code_column = next(i for i, name in enumerate(header) if name.lower() in ("code", "indicator code"))
    assert {row[code_column] for row in data} == codes_on_page

    with board.expect_download() as download_info:
        board.get_by_role("link", name=re.compile(r"as Excel$")).click()
    from openpyxl import load_workbook

    assert download_info.value.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download_info.value.path().read_bytes()), read_only=True).active
    codes_in_sheet = {row[code_column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[code_column]}
    assert codes_in_sheet == codes_on_page
