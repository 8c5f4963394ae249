"""Hostile uploads for the import's tests, built small in memory: zips that unpack to a lot."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from returns.imports import COLUMNS

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
SHARED_STRINGS_TYPE = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def xlsx_with(template: bytes, replace: dict) -> SimpleUploadedFile:
    """The .xlsx ``template`` re-zipped with ``replace[part name]`` (bytes, or a function
    writing to the open part, for parts too large to hold) instead of, or besides, its parts."""
    source = zipfile.ZipFile(io.BytesIO(template))
    names = [*source.namelist(), *(name for name in replace if name not in source.namelist())]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            content = replace[name] if name in replace else source.read(name)
            if callable(content):
                with archive.open(name, "w", force_zip64=True) as part:
                    content(part)
            else:
                archive.writestr(name, content)
    return SimpleUploadedFile("hostile.xlsx", out.getvalue())


def with_shared_strings(template: bytes, strings_xml) -> SimpleUploadedFile:
    """The template with ``strings_xml`` as its xl/sharedStrings.xml (openpyxl writes none)."""
    types = zipfile.ZipFile(io.BytesIO(template)).read("[Content_Types].xml")
    override = b'<Override PartName="/xl/sharedStrings.xml" ContentType="%b"/>' % SHARED_STRINGS_TYPE
    types = types.replace(b"</Types>", override + b"</Types>")
    return xlsx_with(template, {"[Content_Types].xml": types, "xl/sharedStrings.xml": strings_xml})


def huge_shared_strings(megabytes: int):
    """A function writing a sharedStrings.xml of ``megabytes`` million bytes of one-letter texts."""
    entry = b"<si><t>x</t></si>"

    def write(part):
        part.write(f'<sst xmlns="{MAIN_NS}">'.encode())
        for _ in range(megabytes):
            part.write(entry * (1_000_000 // len(entry)))
        part.write(b"</sst>")

    return write


def sheet_xml(rows, *, dimension: str | None = None, after: bytes = b""):
    """A function writing a worksheet of ``rows()`` (each a ``<row>`` as bytes), then ``after``."""
    head = f'<worksheet xmlns="{MAIN_NS}">'.encode()
    if dimension:
        head += f'<dimension ref="{dimension}"/>'.encode()

    def write(part):
        part.write(head + b"<sheetData>")
        for row in rows():
            part.write(row)
        part.write(b"</sheetData>" + after + b"</worksheet>")

    return write


def fifty_columns(rows: int):
    """The template's header, then ``rows`` rows of 50 cells; each would be an error if read."""
    header = b"".join(b'<c t="inlineStr"><is><t>%b</t></is></c>' % name.encode() for name in COLUMNS)
    yield b'<row r="1">%b</row>' % header
    cells = b"<c><v>1</v></c>" * 50
    yield from (b'<row r="%d">%b</row>' % (number, cells) for number in range(2, rows + 2))


def bad_rows_csv(rows: int = 49_999) -> SimpleUploadedFile:
    """About 750 KB: the header, then ``rows`` rows each with three problems."""
    lines = [",".join(COLUMNS), *["ZZ,,,,Q,x,,,,"] * rows]
    return SimpleUploadedFile("bad.csv", "\r\n".join(lines).encode())
