"""Cells that are safe to open in a spreadsheet: one rule for every CSV and Excel file the portal writes.

Text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula
by Excel, LibreOffice and Google Sheets ("CSV injection"); a leading apostrophe makes it
literal text. Numbers are left as numbers.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """Text a spreadsheet would run as a formula, made literal with a leading apostrophe; anything else as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unquote(text: str) -> str:
    """Take off the apostrophe ``spreadsheet_safe`` added, so that a round trip through a template is lossless."""
    if len(text) > 1 and text[0] == "'" and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text
