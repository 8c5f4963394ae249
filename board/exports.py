"""The dashboard's indicators table as CSV and as Excel: the same rows and columns as the page.

Columns come from ``board.selectors.table_columns``, as the page's do. Text cells hold
the text the page shows; figures (latest value, target, area value) are numbers at the
indicator's own precision, so that a spreadsheet can sum and sort them — in Excel with a
number format that shows the unit as the page does. Every row of the filtered table is
exported, not only the page on screen.

Text that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-`` or ``@``,
or a tab or carriage return) is prefixed with ``'``: an indicator title or an area name
typed by a person must never become a formula on a board member's computer.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from indicators.formatting import format_value
from partnership.spreadsheets import spreadsheet_safe

from .selectors import IndicatorTable

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_rows(table: IndicatorTable) -> tuple[list[str], list[list[str | Decimal | None]]]:
    """The header and every row: neutralised text for text columns, a number (or ``None``) for figures."""
    columns = table.columns
    header = [spreadsheet_safe(column.heading) for column in columns]
    rows = []
    for row in table.rows:
        cells: list[str | Decimal | None] = []
        for column in columns:
            text, number = row.cell(column.key)
            cells.append(number if column.numeric else spreadsheet_safe(text))
        rows.append(cells)
    return header, rows


def export_filename(table: IndicatorTable, extension: str) -> str:
    area = f"-{slugify(table.area.name)}" if table.area else ""
    return f"indicators-{slugify(table.period.label.replace('/', '-'))}{area}.{extension}"


def csv_response(table: IndicatorTable) -> HttpResponse:
    header, rows = export_rows(table)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(table, "csv")}"'
    response.write("\ufeff")  # a byte-order mark, so that Excel reads "£" and "—" as UTF-8
    writer = csv.writer(response)
    writer.writerow(header)
    for cells in rows:
        writer.writerow(["" if cell is None else cell for cell in cells])
    return response


def _number_format(unit: str, decimal_places: int) -> str:
    """An Excel number format showing the unit as the page does: ``#,##0.0"%"``, ``"£"#,##0.00``."""
    sample = format_value(Decimal(0), unit, 0)  # "0", "0%", "£0", "0 per 1,000"…
    prefix, suffix = sample.split("0", 1)
    number = "#,##0" + ("." + "0" * decimal_places if decimal_places else "")
    return (f'"{prefix}"' if prefix else "") + number + (f'"{suffix}"' if suffix else "")


def xlsx_response(table: IndicatorTable) -> HttpResponse:
    header, rows = export_rows(table)
    columns = table.columns
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Indicators"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for table_row, cells in zip(table.rows, rows, strict=True):
        sheet.append(cells)
        number_format = _number_format(table_row.indicator.unit, table_row.indicator.decimal_places)
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=sheet.max_row, column=index)
            if column.numeric:
                cell.number_format = number_format
            else:
                cell.data_type = "s"  # text stays text, even if it looks like a formula
    sheet.freeze_panes = "A2"
    widths = {"code": 12, "indicator": 48, "theme": 28, "unit": 22, "trend": 30, "sparkline": 48}
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = widths.get(column.key, 18)

    about = workbook.create_sheet("About")
    about.append(["Indicators at", table.period.label])
    about.append(["Exported on", timezone.localdate().strftime("%d %B %Y")])
    about.append(["Rows", len(table.rows)])
    about.append(["Figures", "Values are the year to date for indicators that add up over the year."])
    about.column_dimensions["A"].width = 16
    about.column_dimensions["B"].width = 70

    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(table, "xlsx")}"'
    return response
