"""Reading and writing a package's files: a folder of ``<sheet>.csv``, or one ``.xlsx`` workbook.

Both forms hold the same thing: per sheet, a first row of column names and rows of text
cells. Reading gives every cell as text (a number or date typed into Excel is written back
as text the importer understands); rows are numbered as a spreadsheet shows them, the
column names being row 1. Wholly blank rows are skipped.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import openpyxl
from openpyxl.styles import Font

from .format import SHEETS


@dataclass(frozen=True)
class RawSheet:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, str]], ...]  # (row number, column → text)


def is_workbook(path: Path | str) -> bool:
    return str(path).lower().endswith(".xlsx")


def read_folder(folder: Path) -> dict[str, RawSheet]:
    sheets = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as file:
            table = list(csv.reader(file))
        sheets[path.stem] = _sheet(path.stem, list(enumerate(table, 1)))
    return sheets


def read_workbook(source: Path | IO[bytes]) -> dict[str, RawSheet]:
    workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    try:
        return {
            worksheet.title: _sheet(
                worksheet.title,
                [
                    (number, [_text(v) for v in row])
                    for number, row in enumerate(worksheet.iter_rows(values_only=True), 1)
                ],
            )
            for worksheet in workbook.worksheets
        }
    finally:
        workbook.close()


def read_package(path: Path | str) -> dict[str, RawSheet]:
    path = Path(path)
    return read_workbook(path) if is_workbook(path) else read_folder(path)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _sheet(name: str, table: list[tuple[int, list[str]]]) -> RawSheet:
    if not table:
        return RawSheet(name, (), ())
    (_, header), body = table[0], table[1:]
    columns = tuple(c.strip() for c in header)
    while columns and not columns[-1]:
        columns = columns[:-1]
    rows = []
    for number, cells in body:
        if not any(c.strip() for c in cells):
            continue
        rows.append((number, {column: (cells[i] if i < len(cells) else "") for i, column in enumerate(columns)}))
    return RawSheet(name, columns, tuple(rows))


def write_folder(folder: Path, tables: dict[str, list[list[str]]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for sheet in SHEETS:
        with (folder / f"{sheet.name}.csv").open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, lineterminator="\n")
            writer.writerow(sheet.column_names)
            writer.writerows(tables[sheet.name])


def write_workbook(target: Path | IO[bytes], tables: dict[str, list[list[str]]]) -> None:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for sheet in SHEETS:
        worksheet = workbook.create_sheet(sheet.name)
        worksheet.append(sheet.column_names)
        for cell in worksheet[1]:
            cell.font = bold
        worksheet.freeze_panes = "A2"
        for row in tables[sheet.name]:
            worksheet.append([value or None for value in row])
            if any(value.startswith("=") for value in row):
                # Text stays text: a description starting with "=" is not a formula.
                for cell in worksheet[worksheet.max_row]:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"
    workbook.save(target)
