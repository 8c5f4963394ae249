"""Bulk entry of a return from CSV or Excel: templates, row-by-row checks, all-or-nothing import."""

import csv
import datetime
import io
import re
import time
import zipfile
from decimal import Decimal as D

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.models import Indicator
from partnership.models import Area, Forum
from returns import imports, services
from returns.imports import (
    COLUMNS,
    ChangeKind,
    ImportExpired,
    parse_return_file,
    return_import,
    return_template,
)
from returns.models import QuarterlyReturn, ReturnValue
from returns.services import ReturnLocked, StaleReturn, ValueInput
from returns.tests import hostile
from returns.tests.hostile import MAIN_NS, fifty_columns, sheet_xml
from themes.models import Theme

pytestmark = pytest.mark.django_db

PERIOD = "2014/15 Q2"


def csv_file(rows, *, header=COLUMNS, name="return.csv", encoding="utf-8", bom=False, delimiter=","):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    data = out.getvalue().encode(encoding)
    return SimpleUploadedFile(name, (b"\xef\xbb\xbf" if bom else b"") + data)


def row(code, value, area_code="", *, period=PERIOD, status="", quality="", note="", reason="", area_name=""):
    return [code, "", area_code, area_name, period, value, status, quality, note, reason]


def good_rows(world, crime="880"):
    """A complete return for the Community Safety Partnership: rows 2–5."""
    return [
        row("CS-01", "74"),
        row("CS-02", crime),
        row("CS-02", "440", "W0"),
        row("CS-02", "440", "W1"),
    ]


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def draft(world, values, by="officer"):
    ret = world.safety_return()
    return services.return_save(quarterly_return=ret, by=world.users[by], expected_version=ret.version, values=values)


def do_import(world, upload, *, by="officer", version=None):
    ret = world.safety_return()
    return return_import(
        quarterly_return=ret,
        by=world.users[by],
        expected_version=ret.version if version is None else version,
        uploaded_file=upload,
    )


# --- Templates --------------------------------------------------------------------------------


def test_csv_template_lists_borough_and_area_rows_with_draft_values(world):
    draft(world, [ValueInput(world.crime.pk, world.areas[1].pk, D("12.5"), note="Estimate", status="provisional")])
    rows = read_csv(return_template(world.safety_return(), "csv"))
    assert rows[0] == list(COLUMNS)
    assert [(r[0], r[2], r[3], r[4]) for r in rows[1:]] == [
        ("CS-01", "", "Borough-wide", PERIOD),
        ("CS-02", "", "Borough-wide", PERIOD),
        ("CS-02", "W0", "Boxmoor", PERIOD),
        ("CS-02", "W1", "Highfield", PERIOD),
    ]
    assert rows[4][5:] == ["12.5", "provisional", "good", "Estimate", ""]
    assert rows[1][5:] == ["", "", "", "", ""]


def test_csv_template_round_trip_previews_then_imports(world):
    rows = read_csv(return_template(world.safety_return(), "csv"))
    for filled, value in zip(rows[1:], ["74", "880", "440", "440"], strict=True):
        filled[5] = value
    upload = csv_file(rows[1:], header=rows[0])

    preview = parse_return_file(world.safety_return(), upload)
    assert preview.errors == []
    assert preview.counts == {"rows": 4, "new": 4, "changed": 0, "unchanged": 0}
    assert [(c.row, c.indicator.code, c.area, c.old_value, c.new_value) for c in preview.changes] == [
        (2, "CS-01", None, None, D(74)),
        (3, "CS-02", None, None, D(880)),
        (4, "CS-02", world.areas[0], None, D(440)),
        (5, "CS-02", world.areas[1], None, D(440)),
    ]
    assert ReturnValue.objects.count() == 0  # a preview writes nothing

    result = do_import(world, upload)
    assert result.ok and result.saved.version == 2
    values = {(v.indicator.code, v.area_id): v.value for v in ReturnValue.objects.select_related("indicator")}
    assert values == {
        ("CS-01", None): D(74),
        ("CS-02", None): D(880),
        ("CS-02", world.areas[0].pk): D(440),
        ("CS-02", world.areas[1].pk): D(440),
    }
    assert ReturnValue.history.filter(history_type="+", history_user=world.users["officer"]).count() == 4


def test_preview_says_what_is_new_changed_and_unchanged(world):
    draft(world, [ValueInput(world.feel_safe.pk, None, D(70)), ValueInput(world.crime.pk, None, D(880))])
    preview = parse_return_file(world.safety_return(), csv_file(good_rows(world)))
    assert [(c.indicator.code, c.old_value, c.new_value, c.kind) for c in preview.changes[:3]] == [
        ("CS-01", D(70), D(74), ChangeKind.CHANGED),
        ("CS-02", D(880), D(880), ChangeKind.UNCHANGED),
        ("CS-02", None, D(440), ChangeKind.NEW),
    ]
    assert preview.counts == {"rows": 4, "new": 2, "changed": 1, "unchanged": 1}
    assert preview.version == 2
    assert len(preview.values) == 3  # only what changes is saved


def test_xlsx_template_is_formatted_and_round_trips(world):
    data = return_template(world.safety_return(), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width == 50
    assert sheet.max_row == 5

    for number, value in zip(range(2, 6), [74.5, 880, 440, 440], strict=True):
        sheet.cell(row=number, column=COLUMNS.index("value") + 1, value=value)
    sheet.cell(row=3, column=COLUMNS.index("note") + 1, value="Burglary down")
    out = io.BytesIO()
    sheet.parent.save(out)

    result = do_import(world, SimpleUploadedFile("filled.xlsx", out.getvalue()))
    assert result.errors == [] and result.file_format == "xlsx"
    borough = ReturnValue.objects.get(indicator=world.crime, area=None)
    assert (borough.value, borough.note) == (D(880), "Burglary down")
    assert ReturnValue.objects.get(indicator=world.feel_safe).value == D("74.5")


def test_xlsx_errors_name_the_spreadsheet_row(world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    sheet.append(row("CS-01", 74))
    sheet.append([])  # a blank row still counts in Excel's numbering
    sheet.append(row("CS-02", "lots"))
    out = io.BytesIO()
    workbook.save(out)
    result = parse_return_file(world.safety_return(), SimpleUploadedFile("r.xlsx", out.getvalue()))
    assert [(e.row, e.column) for e in result.errors] == [(4, "value")]


# --- Row-level errors ------------------------------------------------------------------------


@pytest.fixture
def other_forums_indicator(world):
    theme = Theme.objects.get(lead_forum=world.environment)
    return Indicator.objects.create(
        theme=theme, code="EN-01", slug="recycling", title="Recycling", definition="d", polarity="higher", source="s"
    )


@pytest.mark.parametrize(
    ("bad_row", "column", "message"),
    [
        (row("XX-99", "5"), "indicator_code", "No indicator has the code “XX-99”."),
        (row("EN-01", "5"), "indicator_code", "EN-01 is not one of this return's indicators"),
        (row("CS-02", "about 5", "W0"), "value", "“about 5” is not a number."),
        (row("CS-02", "1,2", "W0"), "value", "is not a number"),
        (row("CS-02", "5", "W9"), "area_code", "No ward has the code “W9”."),
        (row("CS-02", "5", area_name="Atlantis"), "area_name", "No ward is called “Atlantis”."),
        (row("CS-02", "5", "W0", area_name="Highfield"), "area_name", "Ward W0 is Boxmoor, not “Highfield”"),
        (row("CS-02", "5", "W0", period="2014/15 Q1"), "period", "This return is for 2014/15 Q2, not “2014/15 Q1”."),
        (row("CS-02", "5", "W0", period=""), "period", "Enter the period"),
        (row("CS-01", "130"), "value", "CS-01 must be at most 100."),
        (row("CS-02", "-1", "W0"), "value", "CS-02 must be at least 0."),
        (row("CS-01", "50", "W0"), "area_code", "CS-01 is not reported by area"),
        (
            row("CS-02", "5", "W0", status="guessed"),
            "status",
            "“guessed” is not a status: use one of final, provisional.",
        ),
        (row("CS-02", "5", "W0", quality="meh"), "quality", "“meh” is not a quality: use one of caution, good, poor."),
        (row("CS-02", "5.12345", "W0"), "value", "at most 4 decimal places"),
        (row("", "5", "W0"), "indicator_code", "Enter the indicator's code."),
    ],
)
def test_each_bad_row_is_named_by_its_row_and_nothing_is_saved(world, other_forums_indicator, bad_row, column, message):
    upload = csv_file([row("CS-02", "440", "W1"), bad_row, row("CS-02", "880")])
    result = do_import(world, upload)
    assert len(result.errors) == 1, result.errors
    error = result.errors[0]
    assert (error.row, error.column) == (3, column)
    assert message in error.message
    assert result.changes == [] and result.saved is None
    assert not ReturnValue.objects.exists()
    assert world.safety_return().version == 1


def test_duplicate_rows_name_both_rows(world):
    rows = [*good_rows(world), row("CS-01", "75"), row("cs-02", "1", "w1")]
    result = parse_return_file(world.safety_return(), csv_file(rows))
    assert result.errors == [
        (6, "indicator_code", "Duplicate: rows 2 and 6 are both CS-01 borough-wide."),
        (7, "indicator_code", "Duplicate: rows 5 and 7 are both CS-02 Highfield."),
    ]


def test_every_error_is_collected_not_just_the_first(world):
    rows = [row("CS-01", "x"), row("CS-02", "5", "W9"), row("CS-02", "5", "W0", period="Q3"), row("ZZ", "1")]
    result = parse_return_file(world.safety_return(), csv_file(rows))
    assert [(e.row, e.column) for e in result.errors] == [
        (2, "value"),
        (3, "area_code"),
        (4, "period"),
        (5, "indicator_code"),
    ]


def test_a_blank_value_with_a_reason_is_allowed(world):
    rows = [row("CS-01", "", reason="Survey moved to Q3."), row("CS-02", " 12 ")]
    result = do_import(world, csv_file(rows))
    assert result.errors == []
    feel_safe = ReturnValue.objects.get(indicator=world.feel_safe)
    assert (feel_safe.value, feel_safe.no_value_reason) == (None, "Survey moved to Q3.")
    assert ReturnValue.objects.get(indicator=world.crime).value == D(12)


def test_missing_required_columns_is_one_file_level_error(world):
    upload = csv_file([["CS-01", "74"]], header=["indicator_code", "amount"])
    result = parse_return_file(world.safety_return(), upload)
    assert len(result.errors) == 1
    assert result.errors[0].row == 1
    assert "missing: period, value" in result.errors[0].message


def test_only_code_period_and_value_are_required(world):
    draft(world, [ValueInput(world.feel_safe.pk, None, D(70), note="Kept", quality="caution")])
    upload = csv_file([["CS-01", PERIOD, "71"]], header=["Indicator Code", "PERIOD", "Value"])
    result = do_import(world, upload)
    assert result.errors == []
    kept = ReturnValue.objects.get(indicator=world.feel_safe)
    assert (kept.value, kept.note, kept.quality) == (D(71), "Kept", "caution")  # columns left out are kept


def test_one_bad_row_in_five_hundred_changes_nothing_and_names_the_row(world):
    Area.objects.bulk_create(Area(name=f"Area {n:03d}", slug=f"area-{n:03d}", code=f"X{n:03d}") for n in range(248))
    Indicator.objects.create(
        theme=world.crime.theme, code="CS-03", slug="asb", title="ASB", definition="d", polarity="lower", source="s",
        area_kind="ward", min_value=D(0),
    )  # fmt: skip
    rows = read_csv(return_template(world.safety_return(), "csv"))[1:]
    assert len(rows) == 503  # CS-01, and CS-02 and CS-03 borough-wide and in 250 areas
    for number, filled in enumerate(rows, start=2):
        filled[5] = "-5" if number == 301 else str(number)
    result = do_import(world, csv_file(rows))
    assert [(e.row, e.column) for e in result.errors] == [(301, "value")]
    assert not ReturnValue.objects.exists()
    assert world.safety_return().version == 1


# --- The whole file ----------------------------------------------------------------------------


def test_bom_thousands_separators_and_spaces_are_understood(world):
    rows = [row("CS-01", " 74.5 "), row("CS-02", "1,234.5"), row("CS-02", "12,000", "W0")]
    result = do_import(world, csv_file(rows, bom=True))
    assert result.errors == []
    assert ReturnValue.objects.get(indicator=world.crime, area=None).value == D("1234.5")
    assert ReturnValue.objects.get(indicator=world.crime, area=world.areas[0]).value == D(12000)


def test_money_written_with_a_pound_sign_is_understood_and_a_malformed_number_is_a_row_error(world):
    rows = [row("CS-02", "£1,250,000"), row("CS-01", "1,25")]
    result = do_import(world, csv_file(rows))
    assert [(error.row, error.message) for error in result.errors] == [(3, "“1,25” is not a number.")]
    result = do_import(world, csv_file(rows[:1]))
    assert result.errors == []
    assert ReturnValue.objects.get(indicator=world.crime, area=None).value == D(1250000)


def test_excel_windows_csv_and_semicolons_are_understood(world):
    rows = [row("CS-01", "74", note="Cost £5 – survey"), row("CS-02", "880", area_name="highfield")]
    result = do_import(world, csv_file(rows, encoding="cp1252", delimiter=";"))
    assert result.errors == []
    assert ReturnValue.objects.get(indicator=world.feel_safe).note == "Cost £5 – survey"
    assert ReturnValue.objects.get(indicator=world.crime).area == world.areas[1]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("values.pdf", b"%PDF-1.4", "Upload a CSV (.csv) or Excel (.xlsx) file, not .pdf."),
        ("values.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old-style Excel (.xls)"),
        ("values.xlsx", b"indicator_code,period,value", "is not an Excel workbook"),
        ("values.xlsx", b"PK\x03\x04 not really a zip", "could not be opened"),
        ("values.csv", b"", "The file is empty."),
        ("values.csv", b"indicator_code,period,value\r\n", "no rows of values"),
    ],
)
def test_files_that_are_not_returns_are_refused_with_one_message(world, name, content, message):
    result = parse_return_file(world.safety_return(), SimpleUploadedFile(name, content))
    assert len(result.errors) == 1
    assert result.errors[0].row is None
    assert message in result.errors[0].message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(world, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 100
    result = parse_return_file(world.safety_return(), csv_file([row("CS-01", "1")] * 10))
    assert result.errors[0].message.startswith("The file is too large")


def test_locked_return_is_refused_as_a_whole(world):
    ret = world.safety_return()
    QuarterlyReturn.objects.filter(pk=ret.pk).update(status=QuarterlyReturn.Status.APPROVED)
    result = do_import(world, csv_file(good_rows(world)))
    assert result.errors == [(None, "", "This return is approved and locked: nothing can be imported into it.")]
    assert not ReturnValue.objects.exists()


def test_submitted_return_is_refused_as_a_whole(world):
    QuarterlyReturn.objects.filter(pk=world.safety_return().pk).update(status=QuarterlyReturn.Status.SUBMITTED)
    result = parse_return_file(world.safety_return(), csv_file(good_rows(world)))
    assert [e.message for e in result.errors] == [
        "This return has been submitted: it can only be changed if it is sent back."
    ]


def test_xlsx_that_unpacks_to_too_much_is_refused(world, settings):
    settings.IMPORT_MAX_XLSX_UNPACKED_BYTES = 1000
    upload = SimpleUploadedFile("r.xlsx", return_template(world.safety_return(), "xlsx"))
    result = parse_return_file(world.safety_return(), upload)
    assert [e.message for e in result.errors] == [
        "The Excel file is too large once unpacked: save it as CSV and upload that."
    ]


def test_closed_period_is_refused_as_a_whole(world):
    ret = world.safety_return(world.last_period)
    result = return_import(
        quarterly_return=ret,
        by=world.users["officer"],
        expected_version=ret.version,
        uploaded_file=csv_file([row("CS-01", "74", period="2014/15 Q1")]),
    )
    assert result.errors == [(None, "", "The 2014/15 Q1 period is closed: this return is locked.")]


def test_return_save_still_guards_the_lock(world, monkeypatch):
    # Locked between the parse and the save: the service refuses, nothing is written.
    monkeypatch.setattr(imports, "_file_state_problem", lambda current: None)
    QuarterlyReturn.objects.filter(pk=world.safety_return().pk).update(status=QuarterlyReturn.Status.APPROVED)
    with pytest.raises(ReturnLocked):
        do_import(world, csv_file(good_rows(world)))
    assert not ReturnValue.objects.exists()


def test_stale_version_is_refused(world):
    opened_at = world.safety_return().version
    draft(world, [ValueInput(world.feel_safe.pk, None, D(60))], by="forum_lead")
    with pytest.raises(StaleReturn):
        do_import(world, csv_file(good_rows(world)), version=opened_at)
    assert ReturnValue.objects.get().value == D(60)


def test_outsider_cannot_import(world):
    with pytest.raises(PermissionDenied):
        do_import(world, csv_file(good_rows(world)), by="other_officer")
    assert not ReturnValue.objects.exists()


# --- Hostile content -------------------------------------------------------------------------

FORMULA = "=cmd|' /C calc'!A0"


def test_formula_like_text_is_stored_as_text_and_neutralised_in_templates(world):
    rows = [row("CS-01", "74", note=FORMULA, reason="@SUM(A1)"), row("CS-02", "-0")]
    result = do_import(world, csv_file(rows))
    assert result.errors == []
    stored = ReturnValue.objects.get(indicator=world.feel_safe)
    assert (stored.note, stored.no_value_reason) == (FORMULA, "@SUM(A1)")

    template = read_csv(return_template(world.safety_return(), "csv"))
    assert template[1][8:] == ["'" + FORMULA, "'@SUM(A1)"]
    sheet = openpyxl.load_workbook(io.BytesIO(return_template(world.safety_return(), "xlsx"))).active
    note = sheet.cell(row=2, column=COLUMNS.index("note") + 1)
    assert (note.value, note.data_type) == ("'" + FORMULA, "s")

    # The quote the template added comes off again: a round trip does not change the note.
    again = parse_return_file(world.safety_return(), csv_file(template[1:], header=template[0]))
    assert again.errors == []
    assert again.changes[0].kind == ChangeKind.UNCHANGED


def test_parsing_does_no_query_per_row(world, django_assert_num_queries):
    Area.objects.bulk_create(Area(name=f"Area {n:03d}", slug=f"area-{n:03d}", code=f"X{n:03d}") for n in range(100))
    rows = read_csv(return_template(world.safety_return(), "csv"))[1:]
    for filled in rows:
        filled[5] = "1"
    rows.append(row("NOPE", "1"))
    ret = world.safety_return()
    # 1 the return and its period, 2 its indicators, 3 the areas, 4 its draft values,
    # 5 which unknown codes exist at all.
    with django_assert_num_queries(5):
        result = parse_return_file(ret, csv_file(rows))
    assert [e.row for e in result.errors] == [len(rows) + 1]


# --- Hostile files: refused within seconds, with a message ------------------------------------
#
# Each reproduces a finding of the hardening review: small uploads that held a gunicorn worker
# past its 30 s timeout (or, for a quote or a formula, changed stored values silently).

SECONDS = 10  # the bound for a refusal; generous, not a timing test


def parse_timed(world, upload):
    started = time.perf_counter()
    result = parse_return_file(world.safety_return(), upload)
    return result, time.perf_counter() - started


def xlsx_with(world, replace):
    return hostile.xlsx_with(return_template(world.safety_return(), "xlsx"), replace)


def with_shared_strings(world, strings_xml):
    return hostile.with_shared_strings(return_template(world.safety_return(), "xlsx"), strings_xml)


def test_a_csv_of_fifty_thousand_bad_rows_stops_after_the_error_limit(world, settings):
    settings.IMPORT_MAX_ROW_ERRORS = 100
    upload = hostile.bad_rows_csv()
    assert 700_000 < upload.size < 800_000

    result, elapsed = parse_timed(world, upload)
    assert elapsed < SECONDS
    assert result.stopped_early and result.changes == []
    assert result.errors[0] == (
        None,
        "",
        "Reading stopped at row 102: 100 rows above it have problems. "
        "Fix them and upload the file again; the rest of it is checked then.",
    )
    assert {e.row for e in result.row_errors} == set(range(2, 102))  # rows 2-101, each named


def test_reading_stops_at_the_time_limit_with_a_message(world, settings):
    settings.IMPORT_TIME_LIMIT_SECONDS = 0
    result = parse_return_file(world.safety_return(), csv_file(good_rows(world)))
    assert result.changes == []
    assert result.errors[-1].message.startswith("Reading the file took longer than the 0-second limit")


def test_xlsx_whose_shared_strings_unpack_to_103_mb_is_refused_before_reading(world):
    upload = with_shared_strings(world, hostile.huge_shared_strings(103))
    assert upload.size < 512 * 1024

    result, elapsed = parse_timed(world, upload)
    assert elapsed < SECONDS
    assert [e.message for e in result.errors] == [
        "The Excel file is too large to read: its part sharedStrings.xml unpacks to 98 MB, over the 20 MB limit. "
        "Save the sheet as CSV and upload that."
    ]


def test_xlsx_whose_shared_strings_declare_millions_of_entries_is_refused(world):
    upload = with_shared_strings(
        world, f'<sst xmlns="{MAIN_NS}" count="6000000" uniqueCount="6000000"><si><t>x</t></si></sst>'.encode()
    )
    result = parse_return_file(world.safety_return(), upload)
    assert [e.message for e in result.errors] == [
        "The Excel file declares 6,000,000 different texts, over the limit of 100,000. "
        "Save the sheet as CSV and upload that."
    ]


def test_xlsx_with_too_many_small_shared_strings_is_refused_without_parsing_them(world):
    # 200,000 empty entries: 1 MB unpacked, under every size limit, and no uniqueCount to check.
    upload = with_shared_strings(world, f'<sst xmlns="{MAIN_NS}">'.encode() + b"<si/>" * 200_000 + b"</sst>")
    result, elapsed = parse_timed(world, upload)
    assert elapsed < SECONDS
    assert [e.message for e in result.errors] == [
        "The Excel file holds more than 100,000 XML elements of text, styles and other parts besides its "
        "cells (the limit was reached in sharedStrings.xml). Copy the values into a new workbook, or save "
        "the sheet as CSV, and upload that."
    ]


@pytest.mark.parametrize(
    ("sheet", "message"),
    [
        (  # the finding: 50 columns × 50,000 rows of cells, in a zip of a few hundred KB
            sheet_xml(lambda: fifty_columns(50_000), dimension="A1:AX50000"),
            "The Excel file is too large to read: its part sheet1.xml unpacks to 37 MB, over the 20 MB limit.",
        ),
        (  # a small sheet that declares that size
            sheet_xml(lambda: fifty_columns(2), dimension="A1:AX50000"),
            "The Excel sheet is too large: it spans 50 columns × 50,000 rows (2,500,000 cells; the limit is 250,000).",
        ),
        (  # no dimension, and 300,000 cells in 4.5 MB
            sheet_xml(lambda: fifty_columns(6_000)),
            "The Excel sheet holds more than 250,000 cells.",
        ),
        (  # 120,000 merged cells, which openpyxl would parse after the last row
            sheet_xml(
                lambda: fifty_columns(1),
                after=b"<mergeCells>" + b'<mergeCell ref="A1:B1"/>' * 120_000 + b"</mergeCells>",
            ),
            "The Excel sheet holds more than 100,000 elements besides its cells",
        ),
    ],
    ids=["50x50000-cells", "declared-dimension", "counted-cells", "merged-cells"],
)
def test_xlsx_with_too_many_cells_is_refused_before_reading(world, sheet, message):
    upload = xlsx_with(world, {"xl/worksheets/sheet1.xml": sheet})
    assert upload.size < 512 * 1024

    result, elapsed = parse_timed(world, upload)
    assert elapsed < SECONDS
    assert len(result.errors) == 1 and result.errors[0].row is None
    assert result.errors[0].message.startswith(message)


def test_an_unclosed_quote_is_a_row_error_not_a_note_that_swallows_the_file(world):
    # The finding: an unclosed quote in one note; the other 28 rows were read into that note.
    text = ",".join(COLUMNS) + "\r\n" + 'CS-01,,,,2014/15 Q2,74,,,"Estimate, from the survey,\r\n'
    text += "".join(f"CS-02,,W0,,2014/15 Q2,{n},,,note {n},\r\n" for n in range(28))
    draft(world, [ValueInput(world.feel_safe.pk, None, D(70), note="Kept")])

    result = do_import(world, SimpleUploadedFile("quote.csv", text.encode()))
    assert result.changes == [] and result.saved is None
    assert [(e.row, e.column) for e in result.errors] == [(2, "")]
    assert 'opens a double quote (") that is never closed' in result.errors[0].message
    assert ReturnValue.objects.get().note == "Kept"


def test_an_unclosed_quote_in_the_last_column_is_a_row_error_too(world):
    text = ",".join(COLUMNS) + "\r\n" + 'CS-02,,W0,,2014/15 Q2,1,,,,"Survey late\r\nCS-02,,W1,,2014/15 Q2,2,,,,\r\n'
    result = parse_return_file(world.safety_return(), SimpleUploadedFile("quote.csv", text.encode()))
    assert [(e.row, e.column) for e in result.errors] == [(2, "")]
    assert "never closed" in result.errors[0].message


def test_a_quote_closed_in_the_middle_of_a_cell_is_a_row_error(world):
    text = ",".join(COLUMNS) + "\r\n" + 'CS-01,,,,2014/15 Q2,74,,,"Estimate" from police,\r\n'
    result = parse_return_file(world.safety_return(), SimpleUploadedFile("quote.csv", text.encode()))
    assert [(e.row, e.column) for e in result.errors] == [(2, "")]
    assert 'a double quote (") in it is out of place' in result.errors[0].message


def test_a_nul_character_anywhere_refuses_the_file_instead_of_failing_to_save(world):
    # Past the first 4 KB, a NUL was read into the note, and PostgreSQL refused to store it.
    text = (
        ",".join(COLUMNS)
        + "\r\nCS-01,,,,2014/15 Q2,74,,,,\r\n"
        + ",,,,,,,,,\r\n" * 400
        + "CS-02,,,,2014/15 Q2,5,,,a\0b,\r\n"
    )
    result = do_import(world, SimpleUploadedFile("nul.csv", text.encode()))
    assert result.errors == [(None, "", "The file is not CSV text.")]
    assert not ReturnValue.objects.exists()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("CS-02,,W0,,2014/15 Q2,5,,,Estimate, from police,", "This row has 11 cells but the header has 10"),
        ("CS-02,,W0,,2014/15 Q2,5", "This row has 6 cells but the header has 10"),
    ],
    ids=["too-many", "too-few"],
)
def test_a_row_whose_cells_do_not_line_up_with_the_header_is_a_row_error(world, line, message):
    text = ",".join(COLUMNS) + "\r\n" + "CS-01,,,,2014/15 Q2,74,,,,\r\n" + line + "\r\n"
    result = do_import(world, SimpleUploadedFile("shifted.csv", text.encode()))
    assert [(e.row, e.column) for e in result.errors] == [(3, "")]
    assert result.errors[0].message.startswith(message)
    assert not ReturnValue.objects.exists()


def formula_workbook(world, formula_xml):
    """The template with CS-01's value cell (F2) replaced by ``formula_xml``."""
    template = zipfile.ZipFile(io.BytesIO(return_template(world.safety_return(), "xlsx")))
    sheet = template.read("xl/worksheets/sheet1.xml").decode()
    cell = re.search(r'<c r="F2"[^>]*?(/>|>.*?</c>)', sheet).group(0)
    return xlsx_with(world, {"xl/worksheets/sheet1.xml": sheet.replace(cell, formula_xml).encode()})


def test_an_xlsx_formula_without_a_saved_result_is_a_row_error_not_a_blank(world):
    # The finding: "10 → (blank), Changed", and confirming cleared the stored value.
    draft(world, [ValueInput(world.feel_safe.pk, None, D(10))])
    upload = formula_workbook(world, '<c r="F2"><f>5+5</f></c>')

    result = do_import(world, upload)
    assert result.changes == [] and result.saved is None
    assert [(e.row, e.column) for e in result.errors] == [(2, "value")]
    assert result.errors[0].message.startswith("This cell is a formula with no result saved in the file")
    assert ReturnValue.objects.get().value == D(10)


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="F2"><f>5+5</f><v></v></c>',
        '<c r="F2" t="str"><f>IF(1,"","")</f><v/></c>',
        '<x:c r="F2"><x:f>A1</x:f></x:c>',
    ],
    ids=["empty-value", "empty-string-result", "prefixed"],
)
def test_every_form_of_a_formula_without_a_result_is_a_row_error(world, cell):
    draft(world, [ValueInput(world.feel_safe.pk, None, D(10))])
    if "x:" in cell:
        cell = cell.replace("<x:c ", f'<x:c xmlns:x="{MAIN_NS}" ')
    result = parse_return_file(world.safety_return(), formula_workbook(world, cell))
    assert [(e.row, e.column) for e in result.errors] == [(2, "value")]


@pytest.mark.parametrize(
    "cell",
    ['<c r="F2"><f>5+7</f><v>12</v></c>', '<c r="F2"><f t="shared" si="0"/><v>12</v></c>'],
    ids=["formula", "shared-formula"],
)
def test_an_xlsx_formula_with_a_saved_result_imports_the_result(world, cell):
    draft(world, [ValueInput(world.feel_safe.pk, None, D(10))])
    result = do_import(world, formula_workbook(world, cell))
    assert result.errors == []
    assert ReturnValue.objects.get(indicator=world.feel_safe).value == D(12)


# --- Preview, then confirm -------------------------------------------------------------------


@pytest.fixture
def private_storage(settings, tmp_path):
    """Stashed uploads go to the private storage, here a temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "return_imports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    return tmp_path


def test_stashed_upload_confirms_exactly_what_was_previewed(world, private_storage):
    tmp_path = private_storage
    ret, officer = world.safety_return(), world.users["officer"]
    upload = csv_file(good_rows(world))
    preview = parse_return_file(ret, upload)
    token = imports.import_stash(quarterly_return=ret, by=officer, uploaded_file=upload)

    with pytest.raises(ImportExpired):
        imports.import_unstash(token, quarterly_return=ret, by=world.users["forum_lead"])
    with pytest.raises(ImportExpired):
        imports.import_unstash(token + "x", quarterly_return=ret, by=officer)

    stashed = imports.import_unstash(token, quarterly_return=ret, by=officer)
    result = return_import(quarterly_return=ret, by=officer, expected_version=preview.version, uploaded_file=stashed)
    assert result.ok and result.digest == preview.digest
    assert ReturnValue.objects.count() == 4
    imports.import_discard(token)
    with pytest.raises(ImportExpired):
        imports.import_unstash(token, quarterly_return=ret, by=officer)
    assert list((tmp_path / "return-imports").iterdir()) == []


def test_stashed_upload_is_refused_when_the_return_changed_after_the_preview(world, private_storage):
    ret, officer = world.safety_return(), world.users["officer"]
    upload = csv_file(good_rows(world))
    preview = parse_return_file(ret, upload)
    token = imports.import_stash(quarterly_return=ret, by=officer, uploaded_file=upload)
    draft(world, [ValueInput(world.feel_safe.pk, None, D(60))], by="forum_lead")
    with pytest.raises(StaleReturn):
        return_import(
            quarterly_return=ret,
            by=officer,
            expected_version=preview.version,
            uploaded_file=imports.import_unstash(token, quarterly_return=ret, by=officer),
        )


def test_stashed_uploads_nobody_confirmed_are_purged_from_the_disk_once_old(world, private_storage):
    ret, officer = world.safety_return(), world.users["officer"]
    assert imports.import_stash_purge() == 0  # nothing was ever stashed: no folder yet
    imports.import_stash(quarterly_return=ret, by=officer, uploaded_file=csv_file(good_rows(world)))

    assert imports.import_stash_purge() == 0  # a day old at the earliest
    assert imports.import_stash_purge(older_than=datetime.timedelta(0)) == 1
    assert list((private_storage / "return-imports").iterdir()) == []


# --- Scale -----------------------------------------------------------------------------------


def big_return(world):
    """A forum whose return asks for 10,000 values: 40 indicators × (247 areas + borough)."""
    forum = Forum.objects.create(plan=world.plan, name="Big Forum", slug="big")
    theme = Theme.objects.create(plan=world.plan, number=9, title="Big", slug="big", vision="v", lead_forum=forum)
    Indicator.objects.bulk_create(
        Indicator(
            theme=theme, code=f"BG-{n:02d}", slug=f"big-{n:02d}", title=f"Big {n}", definition="d",
            polarity="higher", source="s", area_kind="ward", min_value=D(0),
        )
        for n in range(40)
    )  # fmt: skip
    Area.objects.bulk_create(Area(name=f"Area {n:03d}", slug=f"area-{n:03d}", code=f"X{n:03d}") for n in range(247))
    return QuarterlyReturn.objects.create(forum=forum, period=world.period)


@pytest.mark.slow
def test_ten_thousand_rows_import_in_one_go(world):
    ret = big_return(world)
    rows = read_csv(return_template(ret, "csv"))[1:]
    assert len(rows) == 10_000
    for number, filled in enumerate(rows):
        filled[5] = f"{number:,}.5"
    # The value typed on BG-39 Area 246's row, wherever the template puts that row.
    (typed,) = [
        row[5]
        for row in rows
        if row[COLUMNS.index("indicator_code")] == "BG-39" and row[COLUMNS.index("area_code")] == "X246"
    ]
    upload = csv_file(rows)

    started = time.perf_counter()
    result = return_import(
        quarterly_return=ret, by=world.users["support"], expected_version=ret.version, uploaded_file=upload
    )
    elapsed = time.perf_counter() - started
    print(f"\n10,000-row CSV parsed and imported in {elapsed:.2f}s")

    assert result.errors == []
    assert result.counts["new"] == 10_000
    assert ReturnValue.objects.filter(quarterly_return=ret).count() == 10_000
    assert ReturnValue.objects.get(quarterly_return=ret, indicator__code="BG-39", area__code="X246").value == D(
        typed.replace(",", "")
    )
    assert ReturnValue.history.filter(quarterly_return=ret, history_type="+").count() == 10_000


@pytest.mark.slow
def test_a_ten_thousand_row_workbook_is_within_the_default_limits(world):
    ret = big_return(world)
    sheet = openpyxl.load_workbook(io.BytesIO(return_template(ret, "xlsx"))).active
    for number in range(2, 10_002):
        sheet.cell(row=number, column=COLUMNS.index("value") + 1, value=number + 0.5)
        sheet.cell(row=number, column=COLUMNS.index("note") + 1, value=f"Note for row {number}")
    out = io.BytesIO()
    sheet.parent.save(out)

    started = time.perf_counter()
    result = parse_return_file(ret, SimpleUploadedFile("big.xlsx", out.getvalue()))
    print(f"\n10,000-row .xlsx parsed in {time.perf_counter() - started:.2f}s")
    assert result.errors == []
    assert result.counts["new"] == 10_000
