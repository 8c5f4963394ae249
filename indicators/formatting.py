"""How an indicator's numbers are written: on pages, in charts and in the annual report.

Pure functions of a value, a unit and a number of decimal places, so that the web page,
the SVG chart and the PDF print the same figure the same way.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .models import Unit

# Unit → (prefix, suffix) around the number.
_AFFIXES: dict[str, tuple[str, str]] = {
    Unit.PERCENT: ("", "%"),
    Unit.POUNDS: ("£", ""),
    Unit.RATE_PER_1000: ("", " per 1,000"),
    Unit.RATE_PER_100000: ("", " per 100,000"),
    Unit.YEARS: ("", " years"),
    Unit.DAYS: ("", " days"),
}

# Short names for axis titles and table headings.
UNIT_AXIS_LABELS: dict[str, str] = {
    Unit.COUNT: "Number",
    Unit.PERCENT: "Per cent",
    Unit.RATE_PER_1000: "Rate per 1,000",
    Unit.RATE_PER_100000: "Rate per 100,000",
    Unit.POUNDS: "Pounds (£)",
    Unit.YEARS: "Years",
    Unit.DAYS: "Days",
    Unit.SCORE: "Score",
}


def format_number(value: Decimal | float | int | None, decimal_places: int = 0) -> str:
    """``1234.5`` with 1 place → ``"1,234.5"``; ``None`` → ``""``. Rounds half up, as people do."""
    if value is None:
        return ""
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    exponent = Decimal(1).scaleb(-decimal_places)
    rounded = number.quantize(exponent, rounding=ROUND_HALF_UP)
    if rounded == 0:
        rounded = abs(rounded)  # never "-0.0"
    return f"{rounded:,.{decimal_places}f}"


def format_value(value: Decimal | float | int | None, unit: str, decimal_places: int = 0) -> str:
    """A value in its unit: ``"72.5%"``, ``"£1,234.00"``, ``"12.3 per 1,000"``; ``None`` → ``""``."""
    if value is None:
        return ""
    prefix, suffix = _AFFIXES.get(unit, ("", ""))
    text = format_number(value, decimal_places)
    if prefix and text.startswith("-"):
        return f"-{prefix}{text[1:]}{suffix}"
    return f"{prefix}{text}{suffix}"


def format_percent_change(change: Decimal | None) -> str:
    """A change against last year, signed: ``"+3.2%"``, ``"-1.0%"``; ``None`` → ``""``."""
    if change is None:
        return ""
    text = format_number(change, 1)
    return text + "%" if text.startswith("-") or text == "0.0" else f"+{text}%"


# A number as people write it in a form or a spreadsheet: "1,250,000", "£1,250,000", "-£3.50",
# "12.5%", "1 234". Thousands separators must sit every three digits ("1,25" is refused, not
# read as 125); a pound sign or a per cent sign, never both.
_WRITTEN_NUMBER = re.compile(
    r"(?P<sign>[+-]?)(?P<pounds>£?)(?P<sign_after>[+-]?)"
    r"(?P<number>(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?P<percent>%?)"
)
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


def parse_number(text: str) -> Decimal | None:
    """The number in ``text`` as a person wrote it, or ``None`` if it is not one (blank included)."""
    match = _WRITTEN_NUMBER.fullmatch(_SPACES.sub("", text))
    if match is None or (match["sign"] and match["sign_after"]) or (match["pounds"] and match["percent"]):
        return None
    try:
        number = Decimal(match["number"].replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        return None
    return -number if "-" in (match["sign"], match["sign_after"]) else number
