"""Bulk entry of a quarterly return's values from a CSV or Excel (.xlsx) file.

Three steps, the same for a view, a management command or a test:

1. ``return_template(quarterly_return, "csv" | "xlsx")``: a file listing every value the
   return asks for (borough-wide, and one row per area for indicators reported by area),
   with the current draft values filled in.
2. ``parse_return_file(quarterly_return, uploaded_file)``: reads and checks the file and
   writes nothing. The ``ImportResult`` lists every problem with the row number the user
   sees in their spreadsheet (header = row 1), or, when there are none, the preview: each
   value old → new and whether it is new, changed or unchanged.
3. ``return_import(quarterly_return=..., by=..., expected_version=..., uploaded_file=...)``:
   parses again and, only if every row is good, saves all the values with one call to
   ``services.return_save`` (permission, lock, version and history are enforced there).

Preview → confirm: **the same stored upload is parsed again**, rather than a serialised
list of values sent back through the browser (10,000 rows would not fit in a form). The
preview view keeps the uploaded bytes with ``import_stash()``, which returns a signed
token, and puts the token and ``result.version`` (the draft version the preview was
computed from) in the confirm form. The confirm view gets the same bytes back with
``import_unstash()`` (the token is bound to the return and the user, expires, and the
file's SHA-256 is checked) and calls ``return_import(expected_version=<that version>)``.
Same bytes + same draft version ⇒ exactly the previewed changes are applied; if anyone
saved the return in between, ``return_save`` raises ``StaleReturn`` and nothing is
written. Then ``import_discard(token)``.

Nothing here evaluates a formula: cells are read as values (``data_only=True``), and
text written into templates that a spreadsheet could take for a formula (starting with
= + - @) is prefixed with a single quote; a quote we added is taken off again on import.
A formula with no saved result is a row error, not an empty cell.

A hostile file must not hold a web worker: reading is bounded in time and memory by the
``IMPORT_*`` settings (docs/CONFIGURATION.md). It stops after ``IMPORT_MAX_ROW_ERRORS``
rows with problems or ``IMPORT_TIME_LIMIT_SECONDS``, and an .xlsx is refused before
openpyxl parses it when its parts are too large or hold too many cells or elements. A CSV
row that cannot be read (a stray quote) or whose fields do not line up with the header's
is a row error: nothing after a stray quote is trusted.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import math
import re
import time
import uuid
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from pathlib import PurePath
from typing import IO, Any, NamedTuple

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils.text import slugify

from indicators.formatting import parse_number
from indicators.models import Indicator, Measurement, ReportingPeriod
from partnership.files import delete_older_than
from partnership.models import Area
from partnership.selectors import areas_of_kinds
from partnership.spreadsheets import spreadsheet_safe, unquote

from . import permissions, services
from .models import QuarterlyReturn, ReturnValue
from .services import VALUE_FIELDS, ReturnIncomplete, ValueInput, value_key

COLUMNS = (
    "indicator_code",
    "indicator_title",
    "area_code",
    "area_name",
    "period",
    "value",
    "status",
    "quality",
    "note",
    "no_value_reason",
)
REQUIRED_COLUMNS = ("indicator_code", "period", "value")
MAX_COLUMNS = 50  # read from a row; the template has 10
BOROUGH_LABEL = "Borough-wide"
_BOROUGH_WORDS = {"", "borough", "borough-wide", "borough wide", "all areas", "whole borough"}

# A spreadsheet treats a cell starting with one of these as a formula (OWASP "CSV injection").

# Values are stored as DecimalField(max_digits=14, decimal_places=4).
_DECIMAL_PLACES = 4
_MAX_ABS_VALUE = Decimal(10) ** (14 - _DECIMAL_PLACES)
_STATUS_WORDS = {
    **{choice.value: choice.value for choice in Measurement.Status},
    **{choice.label.casefold(): choice.value for choice in Measurement.Status},
}
_QUALITY_WORDS = {
    **{choice.value: choice.value for choice in Measurement.Quality},
    **{choice.label.casefold(): choice.value for choice in Measurement.Quality},
}
_NO_VALUE_REASON_MAX = ReturnValue._meta.get_field("no_value_reason").max_length


class RowError(NamedTuple):
    """One problem: ``row`` as numbered in the user's spreadsheet (None: the whole file)."""

    row: int | None
    column: str
    message: str


class ChangeKind(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"


@dataclass(frozen=True)
class ValueChange:
    """One row of the preview."""

    row: int
    indicator: Indicator
    area: Area | None
    old_value: Decimal | None
    new_value: Decimal | None
    kind: ChangeKind
    value_input: ValueInput


@dataclass
class ImportResult:
    quarterly_return: QuarterlyReturn
    file_name: str = ""
    file_format: str = ""  # "csv" or "xlsx" once recognised
    digest: str = ""  # SHA-256 of the uploaded bytes
    version: int | None = None  # the draft version the preview was computed from
    errors: list[RowError] = field(default_factory=list)
    changes: list[ValueChange] = field(default_factory=list)
    saved: QuarterlyReturn | None = None  # set by return_import once the values are written
    stopped_early: bool = False  # reading stopped before the end: there may be more problems

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> dict[str, int]:
        counts = {"rows": len(self.changes), **{kind.value: 0 for kind in ChangeKind}}
        for change in self.changes:
            counts[change.kind] += 1
        return counts

    @property
    def row_errors(self) -> list[RowError]:
        """The problems of single rows, without those of the file as a whole."""
        return [error for error in self.errors if error.row is not None]

    @property
    def values(self) -> list[ValueInput]:
        """What ``return_import`` saves: the new and changed values."""
        return [c.value_input for c in self.changes if c.kind != ChangeKind.UNCHANGED]

    def add_error(self, row: int | None, column: str, message: str) -> None:
        self.errors.append(RowError(row, column, message))


class _FileProblem(Exception):
    """Reading stops: one error for the whole file, or (``row``) for the row it stopped at."""

    def __init__(self, message: str, *, row: int | None = None):
        super().__init__(message)
        self.row = row


# --- Templates ------------------------------------------------------------------------------


def _decimal_text(value: Decimal | None) -> str:
    if value is None:
        return ""
    return f"{value.normalize():f}"


def template_filename(quarterly_return: QuarterlyReturn, fmt: str) -> str:
    """``community-safety-partnership-2014-15-q2.csv``: a name to offer the download as."""
    return f"{slugify(quarterly_return.forum.name)}-{slugify(quarterly_return.period.label)}.{fmt}"


def _template_rows(quarterly_return: QuarterlyReturn) -> list[list[Any]]:
    """One row per value the return asks for, in COLUMNS order; the value as a Decimal or None."""
    indicators = services.return_indicators(quarterly_return)
    areas = areas_of_kinds(i.area_kind for i in indicators)
    drafts = {(rv.indicator_id, rv.area_id): rv for rv in ReturnValue.objects.filter(quarterly_return=quarterly_return)}
    period = quarterly_return.period.label
    rows = []
    for indicator in indicators:
        for area in [None, *areas.get(indicator.area_kind, [])]:
            draft = drafts.get((indicator.pk, area.pk if area else None))
            rows.append(
                [
                    indicator.code,
                    indicator.title,
                    area.code if area else "",
                    area.name if area else BOROUGH_LABEL,
                    period,
                    draft.value if draft else None,
                    draft.status if draft else "",
                    draft.quality if draft else "",
                    draft.note if draft else "",
                    draft.no_value_reason if draft else "",
                ]
            )
    return rows


_VALUE_COLUMN = COLUMNS.index("value")
_COLUMN_WIDTHS = {
    "indicator_code": 15,
    "indicator_title": 50,
    "area_code": 12,
    "area_name": 24,
    "period": 11,
    "value": 14,
    "status": 12,
    "quality": 10,
    "note": 40,
    "no_value_reason": 40,
}


def return_template(quarterly_return: QuarterlyReturn, fmt: str) -> bytes:
    """A CSV (UTF-8 with BOM, so that Excel reads it as UTF-8) or .xlsx template of the return.

    It carries the draft values, so the caller checks that the user may see the return.
    """
    rows = _template_rows(quarterly_return)
    if fmt == "csv":
        return _csv_template(rows)
    if fmt == "xlsx":
        return _xlsx_template(rows)
    raise ValueError(f"Unknown template format {fmt!r}: use 'csv' or 'xlsx'.")


def _csv_template(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                _decimal_text(cell) if index == _VALUE_COLUMN else spreadsheet_safe(str(cell))
                for index, cell in enumerate(row)
            ]
        )
    return out.getvalue().encode("utf-8-sig")


def _xlsx_template(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Return"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(
            [
                (cell if cell is None else Decimal(cell)) if index == _VALUE_COLUMN else spreadsheet_safe(str(cell))
                for index, cell in enumerate(row)
            ]
        )
    for index, name in enumerate(COLUMNS, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = _COLUMN_WIDTHS[name]
        if name in ("indicator_code", "area_code", "period", "note", "no_value_reason"):
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "@"  # text: Excel must not turn an area code or a note into a number
    sheet.freeze_panes = "A2"
    last = len(rows) + 1
    if rows:
        for name, choices in (("status", Measurement.Status), ("quality", Measurement.Quality)):
            letter = get_column_letter(COLUMNS.index(name) + 1)
            words = ",".join(choice.value for choice in choices)
            validation = DataValidation(type="list", formula1=f'"{words}"', allow_blank=True)
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- Reading an upload ----------------------------------------------------------------------
#
# Every limit is a setting (IMPORT_*, partnership/settings.py) and every refusal is a message
# for the upload page: a hostile file must not hold a web worker. Reading stops at the first
# of: IMPORT_MAX_ROW_ERRORS rows with problems, IMPORT_TIME_LIMIT_SECONDS of wall-clock time,
# or a row CSV cannot read past. An .xlsx is checked part by part before openpyxl reads it.


class _Row(NamedTuple):
    number: int  # as the user's spreadsheet numbers it
    cells: list[Any]
    width: int | None  # how many fields a CSV record has (None for Excel, whose cells are placed)


class _Uncalculated:
    """An Excel cell holding a formula but no saved result: there is no value to import."""

    def __str__(self) -> str:
        return ""


_UNCALCULATED = _Uncalculated()


class _Deadline:
    """The wall-clock budget for reading one file."""

    def __init__(self) -> None:
        self.seconds = settings.IMPORT_TIME_LIMIT_SECONDS
        self.ends = time.monotonic() + self.seconds

    def check(self) -> None:
        if time.monotonic() > self.ends:
            raise _FileProblem(
                f"Reading the file took longer than the {self.seconds}-second limit, so it was not imported. "
                "Split it into smaller files and upload them one at a time."
            )


def _read_upload(uploaded_file: IO[bytes]) -> tuple[str, bytes]:
    name = PurePath(getattr(uploaded_file, "name", "") or "").name
    size = getattr(uploaded_file, "size", None)
    most = settings.IMPORT_MAX_UPLOAD_BYTES
    limit = f"{most / (1024 * 1024):g} MB"
    if size is not None and size > most:
        raise _FileProblem(f"The file is too large ({size / (1024 * 1024):.1f} MB): the limit is {limit}.")
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    data = uploaded_file.read(most + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > most:
        raise _FileProblem(f"The file is too large: the limit is {limit}.")
    return name, data


def _detect_format(name: str, data: bytes) -> str:
    suffix = PurePath(name).suffix.lower()
    is_zip = data.startswith(b"PK\x03\x04")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise _FileProblem("This is an old-style Excel (.xls) file: save it as .xlsx or CSV and upload that.")
    if suffix == ".xlsx" or (is_zip and suffix not in (".csv", ".txt")):
        if not is_zip:
            raise _FileProblem("The file is named .xlsx but is not an Excel workbook.")
        return "xlsx"
    if suffix in (".csv", ".txt", ""):
        if is_zip:
            raise _FileProblem("The file is named .csv but is not CSV text: is it an Excel workbook?")
        if b"\x00" in data:  # UTF-16, or binary; and PostgreSQL cannot store a NUL in a note
            raise _FileProblem("The file is not CSV text.")
        return "csv"
    raise _FileProblem(f"Upload a CSV (.csv) or Excel (.xlsx) file, not {suffix}.")


def _decode_csv(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")  # what Excel on Windows writes for "CSV (Comma delimited)"
    except UnicodeDecodeError as exc:
        raise _FileProblem("The file's text encoding is not recognised: save it as CSV UTF-8.") from exc


_STRAY_QUOTE = (
    'Reading stopped at this row: a double quote (") in it is out of place, so the cells after it '
    "cannot be told apart. Remove the stray quote, or put the whole cell in double quotes and double "
    'any quote inside it (""), then upload the file again.'
)
_UNCLOSED_QUOTE = (
    'Reading stopped at this row: a cell in it opens a double quote (") that is never closed, so the '
    "rest of the file would be read as part of that cell. Remove the stray quote, or close it, then "
    "upload the file again."
)


def _csv_rows(data: bytes, deadline: _Deadline) -> Generator[_Row, None, None]:
    text = _decode_csv(data)
    first_line = text.split("\n", 1)[0]
    # Excel in many European locales separates with semicolons.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    # strict: an unclosed quote is an error, not a cell that silently swallows the rest of the file.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    max_rows = settings.IMPORT_MAX_ROWS
    number = 0
    try:
        # One CSV record is one spreadsheet row, even with line breaks inside a quoted note.
        for number, record in enumerate(reader, start=1):
            deadline.check()
            if number > max_rows:
                if any(cell.strip() for cell in record):
                    raise _FileProblem(f"The file has more than {max_rows:,} rows.")
                continue
            yield _Row(number, record[:MAX_COLUMNS], len(record))
    except csv.Error as exc:
        # The end of the file inside a quote, or a cell longer than any note: an unclosed quote.
        unclosed = "end of data" in str(exc) or "field larger" in str(exc)
        raise _FileProblem(_UNCLOSED_QUOTE if unclosed else _STRAY_QUOTE, row=number + 1) from exc


# An .xlsx part's elements, by name whatever their namespace prefix; the root is the first.
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_DECLARED_STRINGS = re.compile(rb"""\buniqueCount\s*=\s*["'](\d+)""")
_DIMENSION = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?dimension\s[^>]*?\bref\s*=\s*["']([A-Za-z0-9:$]+)["']""")
# The tags of cells, formulas and values, opening or closing; and a cell's reference.
_CELL_TAG = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?([cfv])(?=[\s/>])([^>]*)>")
_CELL_REFERENCE = re.compile(rb"""\br\s*=\s*["']\$?([A-Za-z]{1,3})\$?(\d+)["']""")
# What a sheet's cells are made of; its other elements (formatting, merged cells, ...) are
# counted against IMPORT_MAX_XLSX_ELEMENTS, like every element of the other parts.
_CELL_PARTS = {b"worksheet", b"sheetData", b"row", b"c", b"v", b"f", b"is", b"t", b"r", b"rPr"}
_CHUNK = 1024 * 1024
_DAMAGED = "The Excel file could not be opened: is it damaged, or password-protected?"


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def _check_xlsx_parts(archive: zipfile.ZipFile, deadline: _Deadline) -> dict[str, Counter[bytes]]:
    """Refuse a workbook whose parts would take openpyxl too long or too much memory to read.

    First what the zip declares (sizes, from its directory), then what the XML declares (the
    shared strings' ``uniqueCount``), then what it holds: every part's elements are counted
    by name in one streaming pass, without parsing. openpyxl parses every part but the
    worksheets before reading a row (shared strings, styles, workbook, ...), so their elements
    are limited together; a worksheet's cells are limited on their own. Returns the counts.
    """
    members = [member for member in archive.infolist() if not member.is_dir()]
    if sum(member.file_size for member in members) > settings.IMPORT_MAX_XLSX_UNPACKED_BYTES:
        # A small zip can unpack to gigabytes, and openpyxl holds the shared strings in memory.
        raise _FileProblem("The Excel file is too large once unpacked: save it as CSV and upload that.")
    most_bytes = settings.IMPORT_MAX_XLSX_PART_BYTES
    for member in members:
        if member.file_size > most_bytes:
            raise _FileProblem(
                f"The Excel file is too large to read: its part {PurePath(member.filename).name} unpacks to "
                f"{_megabytes(member.file_size)}, over the {_megabytes(most_bytes)} limit. "
                "Save the sheet as CSV and upload that."
            )
    most_elements = settings.IMPORT_MAX_XLSX_ELEMENTS
    for member in members:
        with archive.open(member) as part:
            head = part.read(4096)
        root = _TAG.search(head)
        declared = _DECLARED_STRINGS.search(head)
        if root and root.group(1) == b"sst" and declared and int(declared.group(1)) > most_elements:
            raise _FileProblem(
                f"The Excel file declares {int(declared.group(1)):,} different texts, over the limit of "
                f"{most_elements:,}. Save the sheet as CSV and upload that."
            )
    counts: dict[str, Counter[bytes]] = {}
    outside_sheets = 0
    for member in members:
        tags = counts[member.filename] = _count_tags(archive, member, deadline)
        if _is_worksheet(tags):
            # openpyxl takes shared strings from whichever part is named as such, whatever its root.
            outside_sheets += tags[b"si"]
            _check_sheet_counts(tags)
        else:
            outside_sheets += tags.total()
        if outside_sheets > most_elements:
            raise _FileProblem(
                f"The Excel file holds more than {most_elements:,} XML elements of text, styles and other "
                f"parts besides its cells (the limit was reached in {PurePath(member.filename).name}). "
                "Copy the values into a new workbook, or save the sheet as CSV, and upload that."
            )
    return counts


def _is_worksheet(tags: Counter[bytes]) -> bool:
    return tags[b"worksheet"] > 0


def _check_sheet_counts(tags: Counter[bytes]) -> None:
    most_cells = settings.IMPORT_MAX_XLSX_CELLS
    # A cell is at most three elements (<c><is><t>, or <c><f><v>): more is not a sheet of values.
    if tags[b"c"] > most_cells or sum(tags[name] for name in _CELL_PARTS) > 3 * most_cells:
        raise _FileProblem(
            f"The Excel sheet holds more than {most_cells:,} cells. Delete what is below and to the right of "
            "the values, or save the sheet as CSV, and upload that."
        )
    most_others = settings.IMPORT_MAX_XLSX_ELEMENTS
    if sum(count for name, count in tags.items() if name not in _CELL_PARTS) > most_others:
        raise _FileProblem(
            f"The Excel sheet holds more than {most_others:,} elements besides its cells (formatting, merged "
            "cells, ...). Copy the values into a new workbook, or save the sheet as CSV, and upload that."
        )


def _count_tags(archive: zipfile.ZipFile, member: zipfile.ZipInfo, deadline: _Deadline) -> Counter[bytes]:
    """The elements of one part, by name, streamed; a worksheet's stop once too many to read."""
    tags: Counter[bytes] = Counter()
    carry = b""
    with archive.open(member) as part:
        while chunk := part.read(_CHUNK):
            deadline.check()
            text = carry + chunk
            # Keep a tag cut at the chunk's end for the next round, so that it is counted once.
            cut = text.rfind(b"<")
            if cut >= 0 and len(text) - cut < 256:
                text, carry = text[:cut], text[cut:]
            else:
                carry = b""
            tags.update(_TAG.findall(text))
            if _is_worksheet(tags):
                _check_sheet_counts(tags)
            elif tags.total() > settings.IMPORT_MAX_XLSX_ELEMENTS:
                break  # over the limit for any part but a worksheet: the caller says so
    tags.update(_TAG.findall(carry))
    return tags


def _check_dimension(reference: str) -> None:
    """Refuse a sheet whose ``<dimension ref="A1:AX50000">`` declares too many cells."""
    from openpyxl.utils.cell import range_boundaries

    try:
        min_col, min_row, max_col, max_row = range_boundaries(reference.replace("$", ""))
    except (ValueError, TypeError):
        return  # not a range openpyxl understands either; the cells were counted anyway
    if None in (min_col, min_row, max_col, max_row):
        return
    columns, rows = max_col - min_col + 1, max_row - min_row + 1
    most_cells = settings.IMPORT_MAX_XLSX_CELLS
    if columns * rows > most_cells:
        raise _FileProblem(
            f"The Excel sheet is too large: it spans {columns:,} columns × {rows:,} rows ({columns * rows:,} cells; "
            f"the limit is {most_cells:,}). Delete what is below and to the right of the values, or save the "
            "sheet as CSV, and upload that."
        )


def _uncalculated_formulas(sheet_xml: bytes) -> dict[int, list[int]]:
    """Row → columns of the cells holding a formula but no saved result.

    With ``data_only=True`` openpyxl gives a formula's saved result; a formula never
    calculated (written by a script, or a program that does not calculate) has none and
    would read as an empty cell, clearing the stored value. They are ``<c>`` elements with
    an ``<f>`` and no ``<v>`` (or an empty one).
    """
    from openpyxl.utils.cell import column_index_from_string

    found: dict[int, list[int]] = {}
    # One pass over the tags, in step: a cell's content is never searched twice.
    attributes, formula, value = None, False, False
    for tag in _CELL_TAG.finditer(sheet_xml):
        closing, name, rest = tag.groups()
        if name == b"c":
            if closing and attributes is not None and formula and not value:
                reference = _CELL_REFERENCE.search(attributes)
                if reference is None:
                    raise _FileProblem(
                        "The Excel file has a formula with no result saved in it, so there is no value to "
                        "import. Open the file in Excel and save it (Excel saves each formula's result), "
                        "then upload it again."
                    )
                column = column_index_from_string(reference.group(1).decode("ascii").upper())
                found.setdefault(int(reference.group(2)), []).append(column)
            opened = not closing and not rest.endswith(b"/")
            attributes, formula, value = (rest if opened else None), False, False
        elif attributes is not None and not closing:
            if name == b"f":
                formula = True
            elif not rest.endswith(b"/"):  # <v>12</v>, not <v/> nor <v></v>
                value = sheet_xml[tag.end() : tag.end() + 1] not in (b"<", b"")
    return found


def _xlsx_rows(data: bytes, deadline: _Deadline) -> Generator[_Row, None, None]:
    from openpyxl import load_workbook

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _FileProblem(_DAMAGED) from exc
    with archive:
        try:
            counts = _check_xlsx_parts(archive, deadline)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise _FileProblem(_DAMAGED) from exc  # RuntimeError: encrypted
        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign zip
            raise _FileProblem(_DAMAGED) from exc
        try:
            sheet = workbook["Return"] if "Return" in workbook.sheetnames else workbook.worksheets[0]
            # openpyxl has no public name for the part a read-only sheet streams from.
            path = sheet._worksheet_path
            with archive.open(path) as part:
                dimension = _DIMENSION.search(part.read(4096))
            if dimension:
                _check_dimension(dimension.group(1).decode("ascii"))
            uncalculated = _uncalculated_formulas(archive.read(path)) if counts[path][b"f"] else {}
            yield from _sheet_rows(sheet, uncalculated, deadline)
        except _FileProblem:
            raise
        except Exception as exc:
            raise _FileProblem("The Excel file could not be read: is it damaged?") from exc
        finally:
            workbook.close()


def _sheet_rows(sheet, uncalculated: dict[int, list[int]], deadline: _Deadline) -> Iterator[_Row]:
    max_rows = settings.IMPORT_MAX_ROWS
    # read_only mode yields every row from 1, filling gaps with empty rows, so the
    # enumeration is the row number Excel shows.
    for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True), start=1):
        deadline.check()
        if number > max_rows:
            if any(not _blank(v) for v in values):
                raise _FileProblem(f"The file has more than {max_rows:,} rows.")
            if number > 2 * max_rows:
                break
            continue
        cells = list(values)
        for column in uncalculated.get(number, ()):
            if column <= len(cells):
                cells[column - 1] = _UNCALCULATED
        yield _Row(number, cells, None)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    """A cell as trimmed text; whole-number floats (Excel's only number type) without '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unquote(str(value).replace("\u00a0", " ").strip())


def _header_name(value: Any) -> str:
    return re.sub(r"[\s\-]+", "_", _text(value).casefold())


def _number(value: Any) -> Decimal:
    """A cell as a Decimal: 12, " 12 ", "1,234.5", an Excel number. Raises ValueError with a message."""
    if isinstance(value, (bool, datetime.date | datetime.time | datetime.timedelta)):
        raise ValueError("Not a number.")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        if not math.isfinite(value) or abs(value) >= _MAX_ABS_VALUE:
            raise ValueError("This number is too large.")
        # Excel holds binary floats: 0.1 + 0.2 is 0.30000000000000004. Keep what a value can store.
        number = Decimal(repr(value)).quantize(Decimal(1).scaleb(-_DECIMAL_PLACES), rounding=ROUND_HALF_UP)
    else:
        number = parse_number(_text(value))
        if number is None:
            raise ValueError(f"“{_text(value)}” is not a number.")
        if -number.normalize().as_tuple().exponent > _DECIMAL_PLACES:
            raise ValueError(f"Use at most {_DECIMAL_PLACES} decimal places.")
    if abs(number) >= _MAX_ABS_VALUE:
        raise ValueError("This number is too large.")
    return number + 0  # turns -0 into 0


def _same_period(text: str, label: str) -> bool:
    return re.sub(r"\s+", "", text).casefold() == re.sub(r"\s+", "", label).casefold()


def _fold_index(items: list, attribute: str) -> tuple[dict[str, Any], dict[str, Any]]:
    exact = {getattr(item, attribute): item for item in items}
    folded: dict[str, Any] = {}
    for item in items:
        folded.setdefault(getattr(item, attribute).casefold(), item)
    return exact, folded


def _lookup(index: tuple[dict[str, Any], dict[str, Any]], key: str):
    exact, folded = index
    return exact.get(key) or folded.get(key.casefold())


def _file_state_problem(current: QuarterlyReturn) -> str | None:
    if current.is_locked:
        if current.status == QuarterlyReturn.Status.APPROVED:
            return "This return is approved and locked: nothing can be imported into it."
        if current.period.status == ReportingPeriod.Status.CLOSED:
            return f"The {current.period.label} period is closed: this return is locked."
        return f"The {current.period.label} period is not open for returns yet."
    if not current.is_editable:
        return "This return has been submitted: it can only be changed if it is sent back."
    return None


# --- Parsing --------------------------------------------------------------------------------


def parse_return_file(quarterly_return: QuarterlyReturn, uploaded_file: IO[bytes]) -> ImportResult:
    """Check an uploaded CSV or .xlsx against the return; write nothing.

    Every problem is collected (not just the first), each with the row number the user
    sees. With none, ``result.changes`` is the preview. Queries: the return, its
    indicators, the areas, its draft values, and (only if some codes are unknown) one
    more to tell "no such indicator" from "not in this return" — never one per row.

    Columns are matched by name, case-insensitively; only indicator_code, period and
    value are required. indicator_title is for people and ignored; area_name is checked
    against area_code, or used alone if area_code is blank. A column left out keeps the
    draft's status, quality, note and reason; a blank status or quality keeps them too,
    while a blank note or reason clears it. A blank value clears the value.
    """
    deadline = _Deadline()
    current = QuarterlyReturn.objects.select_related("period", "forum").get(pk=quarterly_return.pk)
    result = ImportResult(quarterly_return=current, version=current.version)
    try:
        result.file_name, data = _read_upload(uploaded_file)
        result.digest = hashlib.sha256(data).hexdigest()
        result.file_format = _detect_format(result.file_name, data)
    except _FileProblem as problem:
        result.add_error(None, "", str(problem))
        return result
    state_problem = _file_state_problem(current)
    if state_problem:
        result.add_error(None, "", state_problem)
        return result
    rows = _csv_rows(data, deadline) if result.file_format == "csv" else _xlsx_rows(data, deadline)
    try:
        _check_rows(result, current, rows)
    except _FileProblem as problem:
        result.changes = []
        result.stopped_early = True
        result.add_error(problem.row, "", str(problem))
    finally:
        rows.close()  # a workbook left half-read is closed now, not when garbage-collected
    result.errors.sort(
        key=lambda error: (error.row or 0, COLUMNS.index(error.column) if error.column in COLUMNS else -1)
    )
    if result.errors:
        result.changes = []
    return result


def _check_rows(result: ImportResult, current: QuarterlyReturn, rows: Iterator[_Row]) -> None:
    header: dict[str, int] | None = None
    for number, cells, width in rows:
        if not all(_blank(cell) for cell in cells):
            header = _read_header(result, number, cells)
            header_width = width
            break
    if header is None:
        raise _FileProblem("The file is empty.")
    if result.errors:
        return
    checker = _RowChecker(result, current, header)
    most_errors = settings.IMPORT_MAX_ROW_ERRORS
    data_rows = 0
    try:
        for number, cells, width in rows:
            if all(_blank(cell) for cell in cells):
                continue
            if len(checker.problem_rows) >= most_errors:
                # Tens of thousands of bad rows would take longer to list than to fix.
                result.stopped_early = True
                result.add_error(
                    None,
                    "",
                    f"Reading stopped at row {number}: {most_errors} rows above it have problems. "
                    "Fix them and upload the file again; the rest of it is checked then.",
                )
                break
            data_rows += 1
            if width is not None and width != header_width:
                checker.misaligned(number, width, header_width)
            else:
                checker.check(number, cells)
    finally:
        checker.report_unknown_codes()
    if not data_rows and not result.errors:
        raise _FileProblem("The file has a header but no rows of values.")


class _RowChecker:
    """Checks rows one by one against the return, from dicts loaded once."""

    def __init__(self, result: ImportResult, current: QuarterlyReturn, header: dict[str, int]):
        self.result = result
        self.current = current
        self.header = header
        self.label = current.period.label
        self.indicators = _fold_index(services.return_indicators(current), "code")
        # Areas by kind: a row's area must be of its indicator's kind (codes and names are unique
        # only within a kind); every area, for the messages about rows that name another kind.
        areas = list(Area.objects.all())
        by_kind: dict[str, list[Area]] = defaultdict(list)
        for area in areas:
            by_kind[area.kind].append(area)
        self.area_index = {None: (_fold_index(areas, "code"), _fold_index(areas, "name"))} | {
            kind: (_fold_index(found, "code"), _fold_index(found, "name")) for kind, found in by_kind.items()
        }
        self.drafts = {
            (rv.indicator_id, rv.area_id): rv
            for rv in ReturnValue.objects.filter(quarterly_return=current).only(
                "indicator_id", "area_id", *VALUE_FIELDS
            )
        }
        self.seen: dict[tuple[int, int | None], int] = {}
        self.unknown_codes: list[tuple[int, str]] = []
        self.problem_rows: set[int] = set()

    def cell(self, cells: list[Any], name: str) -> Any:
        index = self.header.get(name)
        return cells[index] if index is not None and index < len(cells) else None

    def error(self, number: int, column: str, message: str) -> None:
        self.problem_rows.add(number)
        self.result.add_error(number, column, message)

    def misaligned(self, number: int, width: int, header_width: int) -> None:
        """A CSV row whose fields do not line up with the header's: its cells cannot be trusted."""
        if width > header_width:
            cause = "A comma inside a cell may have split it (put such a cell in double quotes)"
        else:
            cause = 'A cell may be missing, or a stray double quote (") may have joined cells together'
        self.error(
            number,
            "",
            f"This row has {width} cells but the header has {header_width}. {cause}. "
            "Correct the row and upload the file again.",
        )

    def check(self, number: int, cells: list[Any]) -> None:
        errors_before = len(self.result.errors)
        if self._uncalculated(number, cells):
            return
        indicator = self._indicator(number, cells)
        self._check_period(number, cells)
        area, area_ok = self._area(number, cells, indicator)
        value = self._value(number, cells, indicator)
        draft = self.drafts.get((indicator.pk, area.pk if area else None)) if indicator else None
        fields = self._other_fields(number, cells, draft)
        if indicator is not None and area_ok:
            self._check_duplicate(number, indicator, area)
        if len(self.result.errors) > errors_before or indicator is None:
            return
        value_input = ValueInput(indicator_id=indicator.pk, area_id=area.pk if area else None, value=value, **fields)
        self.result.changes.append(
            ValueChange(
                row=number,
                indicator=indicator,
                area=area,
                old_value=draft.value if draft else None,
                new_value=value,
                kind=_change_kind(draft, value_input),
                value_input=value_input,
            )
        )

    def _uncalculated(self, number: int, cells: list[Any]) -> bool:
        """Report the cells this row reads that are formulas without a saved result."""
        found = False
        for name in COLUMNS:
            if name != "indicator_title" and self.cell(cells, name) is _UNCALCULATED:
                found = True
                self.error(
                    number,
                    name,
                    "This cell is a formula with no result saved in the file, so there is no value to import. "
                    "Open the file in Excel and save it (Excel saves each formula's result), or type the value "
                    "in place of the formula, then upload it again.",
                )
        return found

    def _indicator(self, number: int, cells: list[Any]) -> Indicator | None:
        code = _text(self.cell(cells, "indicator_code"))
        if not code:
            self.error(number, "indicator_code", "Enter the indicator's code.")
            return None
        indicator = _lookup(self.indicators, code)
        if indicator is None:
            self.unknown_codes.append((number, code))  # reported at the end, from one query
            self.problem_rows.add(number)
        return indicator

    def _check_period(self, number: int, cells: list[Any]) -> None:
        text = _text(self.cell(cells, "period"))
        if not text:
            self.error(number, "period", f"Enter the period: {self.label}.")
        elif not _same_period(text, self.label):
            self.error(number, "period", f"This return is for {self.label}, not “{text}”.")

    def _area(self, number: int, cells: list[Any], indicator: Indicator | None) -> tuple[Area | None, bool]:
        """The row's area (None: borough-wide), and whether it was understood."""
        code = _text(self.cell(cells, "area_code"))
        name = _text(self.cell(cells, "area_name"))
        if not code and name.casefold() in _BOROUGH_WORDS:
            return None, True
        kind = indicator.area_kind if indicator is not None and indicator.by_area else None
        what = indicator.get_area_kind_display() if kind else "area"
        codes, names = self.area_index.get(kind, (({}, {}), ({}, {})))
        area = _lookup(codes, code) if code else _lookup(names, name)
        if area is None:
            other = _lookup(self.area_index[None][0], code) if code else _lookup(self.area_index[None][1], name)
            if other is not None and indicator is not None:
                self.error(
                    number,
                    "area_code" if code else "area_name",
                    f"{indicator.code} is reported by {what}: {other.label} is not a {what}.",
                )
            elif code:
                self.error(number, "area_code", f"No {what} has the code “{code}”.")
            else:
                self.error(number, "area_name", f"No {what} is called “{name}”.")
            return None, False
        if code and name and name.casefold() not in _BOROUGH_WORDS and name.casefold() != area.name.casefold():
            self.error(number, "area_name", f"{what.capitalize()} {code} is {area.name}, not “{name}”: check the row.")
        if indicator is not None and not indicator.by_area:
            self.error(
                number,
                "area_code",
                f"{indicator.code} is not reported by area: leave area_code blank for its borough-wide value.",
            )
        return area, True

    def _value(self, number: int, cells: list[Any], indicator: Indicator | None) -> Decimal | None:
        raw = self.cell(cells, "value")
        if _blank(raw):
            return None  # allowed: a draft can be partial, and no_value_reason may say why
        try:
            value = _number(raw)
        except ValueError as problem:
            self.error(number, "value", str(problem))
            return None
        if indicator is not None:
            if indicator.min_value is not None and value < indicator.min_value:
                self.error(number, "value", f"{indicator.code} must be at least {_decimal_text(indicator.min_value)}.")
            elif indicator.max_value is not None and value > indicator.max_value:
                self.error(number, "value", f"{indicator.code} must be at most {_decimal_text(indicator.max_value)}.")
        return value

    def _other_fields(self, number: int, cells: list[Any], draft: ReturnValue | None) -> dict[str, str]:
        fields: dict[str, str] = {}
        for name, words in (("status", _STATUS_WORDS), ("quality", _QUALITY_WORDS)):
            word = _text(self.cell(cells, name))
            if not word:
                fields[name] = getattr(draft, name) if draft else ReturnValue._meta.get_field(name).default
            elif word.casefold() in words:
                fields[name] = words[word.casefold()]
            else:
                allowed = ", ".join(sorted(set(words.values())))
                self.error(number, name, f"“{word}” is not a {name}: use one of {allowed}.")
        for name in ("note", "no_value_reason"):
            if name in self.header:
                fields[name] = _text(self.cell(cells, name))
            else:
                fields[name] = getattr(draft, name) if draft else ""
        if len(fields["no_value_reason"]) > _NO_VALUE_REASON_MAX:
            self.error(number, "no_value_reason", f"Keep the reason to {_NO_VALUE_REASON_MAX} characters.")
        return fields

    def _check_duplicate(self, number: int, indicator: Indicator, area: Area | None) -> None:
        key = (indicator.pk, area.pk if area else None)
        if key in self.seen:
            where = area.name if area else "borough-wide"
            self.error(
                number,
                "indicator_code",
                f"Duplicate: rows {self.seen[key]} and {number} are both {indicator.code} {where}.",
            )
        else:
            self.seen[key] = number

    def report_unknown_codes(self) -> None:
        if not self.unknown_codes:
            return
        codes = {code for _, code in self.unknown_codes}
        existing = {code.casefold() for code in Indicator.objects.filter(code__in=codes).values_list("code", flat=True)}
        for number, code in self.unknown_codes:
            if code.casefold() in existing:
                message = (
                    f"{code} is not one of this return's indicators: it belongs to another forum's theme, "
                    f"or is not reported in {self.label}."
                )
            else:
                message = f"No indicator has the code “{code}”."
            self.error(number, "indicator_code", message)


def _read_header(result: ImportResult, number: int, cells: list[Any]) -> dict[str, int]:
    header: dict[str, int] = {}
    for index, raw in enumerate(cells):
        name = _header_name(raw)
        if not name:
            continue
        if name in header and name in COLUMNS:
            result.add_error(number, name, f"The column {name} appears twice.")
        header.setdefault(name, index)
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        result.add_error(
            number,
            "",
            f"Row {number} must be the header, with the columns {', '.join(REQUIRED_COLUMNS)}; "
            f"missing: {', '.join(missing)}. Download the template to see the layout.",
        )
    return header


def _change_kind(draft: ReturnValue | None, item: ValueInput) -> ChangeKind:
    """As ``services._write_values`` decides: an empty input over no draft writes nothing."""
    if draft is None:
        if item.value is None and not item.no_value_reason and not item.note:
            return ChangeKind.UNCHANGED
        return ChangeKind.NEW
    if any(getattr(draft, name) != getattr(item, name) for name in VALUE_FIELDS):
        return ChangeKind.CHANGED
    return ChangeKind.UNCHANGED


# --- Importing ------------------------------------------------------------------------------


def return_import(
    *, quarterly_return: QuarterlyReturn, by, expected_version: int, uploaded_file: IO[bytes]
) -> ImportResult:
    """Parse the file and, if every row is good, save all its values at once; else save nothing.

    Returns the ``ImportResult``: with ``errors`` when nothing was written, with
    ``saved`` (the return, its version raised) when the values were. Raises
    ``PermissionDenied`` for a user who may not write this forum's returns (before the
    file is read, so that its preview of draft values is not shown to them), and
    ``StaleReturn`` when ``expected_version`` is not the return's version any more.
    """
    if not permissions.may_edit_forum(by, quarterly_return.forum_id):
        raise PermissionDenied("You cannot edit this return.")
    result = parse_return_file(quarterly_return, uploaded_file)
    if not result.ok:
        return result
    try:
        result.saved = services.return_save(
            quarterly_return=result.quarterly_return,
            by=by,
            expected_version=expected_version,
            values=result.values,
        )
    except ReturnIncomplete as refused:
        # The parse checked ranges already; this is an indicator changed in the meantime.
        rows = {value_key(*c.value_input.key): c.row for c in result.changes}
        for key, message in refused.problems.items():
            result.add_error(rows.get(key), "value", message)
        result.changes = []
    return result


# --- Keeping the upload between preview and confirm -----------------------------------------

_STASH_SALT = "indicators.imports.stash"  # from before the move to returns: keeps waiting uploads signed
_STASH_FOLDER = "return-imports"
STASH_MAX_AGE = 60 * 60  # seconds a preview can be confirmed for


class ImportExpired(Exception):
    """The stashed upload is gone, expired, tampered with or not this user's: upload again."""


def _stash_storage() -> Storage:
    """``STORAGES["return_imports"]``: private, on this machine's disk or in the bucket every node shares."""
    return storages["return_imports"]


def import_stash(*, quarterly_return: QuarterlyReturn, by, uploaded_file: IO[bytes]) -> str:
    """Keep the uploaded bytes for the confirm step; returns a signed token naming them."""
    name, data = _read_upload(uploaded_file)
    suffix = PurePath(name).suffix.lower()[:10]
    path = _stash_storage().save(f"{_STASH_FOLDER}/{uuid.uuid4().hex}{suffix}", ContentFile(data))
    payload = {
        "r": quarterly_return.pk,
        "u": by.pk,
        "p": path,
        "d": hashlib.sha256(data).hexdigest(),
        "n": name,
    }
    return signing.dumps(payload, salt=_STASH_SALT)


def _stash_payload(token: str, max_age: int) -> dict:
    try:
        return signing.loads(token, salt=_STASH_SALT, max_age=max_age)
    except signing.BadSignature as exc:  # includes SignatureExpired
        raise ImportExpired("This preview has expired: upload the file again.") from exc


def import_unstash(token: str, *, quarterly_return: QuarterlyReturn, by, max_age: int = STASH_MAX_AGE) -> ContentFile:
    """The stashed upload, as a file to pass to ``return_import``, with its original name."""
    payload = _stash_payload(token, max_age)
    if payload["r"] != quarterly_return.pk or payload["u"] != getattr(by, "pk", None):
        raise ImportExpired("This preview belongs to another return or user: upload the file again.")
    storage = _stash_storage()
    try:
        with storage.open(payload["p"], "rb") as stashed:
            data = stashed.read()
    except FileNotFoundError as exc:
        raise ImportExpired("This preview has expired: upload the file again.") from exc
    if hashlib.sha256(data).hexdigest() != payload["d"]:
        raise ImportExpired("The stored upload has changed: upload the file again.")
    return ContentFile(data, name=payload["n"])


def import_discard(token: str) -> None:
    """Delete a stashed upload (after confirming or cancelling); a bad token is ignored."""
    try:
        payload = signing.loads(token, salt=_STASH_SALT)
    except signing.BadSignature:
        return
    _stash_storage().delete(payload["p"])


def import_stash_purge(*, older_than: datetime.timedelta = datetime.timedelta(days=1)) -> int:
    """Delete stashed uploads nobody confirmed; returns how many. For a daily task."""
    return delete_older_than(_stash_storage(), _STASH_FOLDER, older_than=older_than)
