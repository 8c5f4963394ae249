"""How an indicator's numbers are written: on pages, in charts and in the annual report.

Pure functions of a value, a unit and a number of decimal places, so that the web page,
the SVG chart and the PDF print the same figure the same way.

Signed figures — changes on last year, a change indicator's values and targets — carry a
true minus sign (U+2212, “−6.1%”), as print does; ``parse_number`` reads it back. A change of
a percentage, or of a change, is only ever written in percentage points.
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
    Unit.CHANGE_PERCENT: "% change on last year",
}

MINUS = "\u2212"


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


def format_signed(value: Decimal | float | int | None, decimal_places: int = 1, suffix: str = "%") -> str:
    """A signed figure: ``"+3.2%"``, ``"−1.0%"`` (a true minus), ``"0.0%"``; ``None`` → ``""``."""
    if value is None:
        return ""
    text = format_number(value, decimal_places)
    if text.startswith("-"):
        return f"{MINUS}{text[1:]}{suffix}"
    return f"{text}{suffix}" if Decimal(text.replace(",", "")) == 0 else f"+{text}{suffix}"


def format_value(value: Decimal | float | int | None, unit: str, decimal_places: int = 0) -> str:
    """A value in its unit: ``"72.5%"``, ``"£1,234.00"``, ``"12.3 per 1,000"``, a change ``"−6.1%"``;
    ``None`` → ``""``."""
    if value is None:
        return ""
    if unit == Unit.CHANGE_PERCENT:
        return format_signed(value, decimal_places)
    prefix, suffix = _AFFIXES.get(unit, ("", ""))
    text = format_number(value, decimal_places)
    if prefix and text.startswith("-"):
        return f"-{prefix}{text[1:]}{suffix}"
    return f"{prefix}{text}{suffix}"


def format_percent_change(change: Decimal | None) -> str:
    """A change against last year, signed: ``"+3.2%"``, ``"−1.0%"``; ``None`` → ``""``."""
    return format_signed(change, 1)


def format_points(points: Decimal | None) -> str:
    """A number of percentage points: ``"2.1 percentage points"``, ``"1 percentage point"``; ``None`` → ``""``."""
    if points is None:
        return ""
    text = format_number(abs(points), 1)
    return f"{text} percentage point" if text == "1.0" else f"{text} percentage points"


def format_points_change(points: Decimal | None) -> str:
    """A change in percentage points, in words: ``"down 2.1 percentage points"``, ``"no change"``."""
    if points is None:
        return ""
    if format_number(points, 1) == "0.0":
        return "no change"
    return f"{'up' if points > 0 else 'down'} {format_points(points)}"


def format_change(change_percent: Decimal | None, change_points: Decimal | None = None) -> str:
    """A change on last year as stored in a judged figure: in % for a level (``"+3.2%"``), in
    percentage points for a percentage or a change (``"down 2.1 percentage points"``); never both."""
    if change_points is not None:
        return format_points_change(change_points)
    return format_percent_change(change_percent)


def format_shortfall(shortfall_percent: Decimal | None, shortfall_points: Decimal | None = None) -> str:
    """How far off target: ``"12.5%"`` of the target for a level, ``"2.1 percentage points"`` otherwise."""
    if shortfall_points is not None:
        return format_points(shortfall_points)
    return "" if shortfall_percent is None else f"{format_number(shortfall_percent, 1)}%"


def format_target_change(target: Decimal | None, decimal_places: int = 1) -> str:
    """A target change as it was set: ``"−2%"`` for −2, ``"−2.5%"``; at most ``decimal_places`` places."""
    if target is None:
        return ""
    number = Decimal(target).normalize()
    places = max(0, min(decimal_places, -number.as_tuple().exponent))
    return format_signed(number, places)


def change_summary(
    *,
    value: Decimal | None,
    target_value: Decimal | None,
    last_year_value: Decimal | None,
    decimal_places: int = 1,
    year_to_date: bool = True,
) -> str:
    """A change indicator's figures in one line: ``"Target −2%, year to date −6.1% (last year −3.9%)"``.

    ``year_to_date`` is False for indicators published once a year (“this year”). Missing figures
    are said: ``"No target, year to date −6.1% (last year not known)"``.
    """

    def signed(figure: Decimal | None) -> str:
        return format_signed(figure, decimal_places)

    target = f"Target {format_target_change(target_value, decimal_places)}" if target_value is not None else "No target"
    when = "year to date" if year_to_date else "this year"
    now = f"{when} {signed(value)}" if value is not None else f"{when} no data"
    before = f"last year {signed(last_year_value)}" if last_year_value is not None else "last year not known"
    return f"{target}, {now} ({before})"


def budget_summary(spend: Decimal | None, budget: Decimal | None, decimal_places: int = 0) -> str:
    """A spend against its budget: ``"£812,000 spent of £1,250,000 budget (65%)"``; ``""`` when either is unknown."""
    if spend is None or budget is None:
        return ""
    text = (
        f"{format_value(spend, Unit.POUNDS, decimal_places)} spent of "
        f"{format_value(budget, Unit.POUNDS, decimal_places)} budget"
    )
    if budget > 0:
        share = Decimal(spend) / Decimal(budget) * 100
        text += f" ({format_number(share, 0)}%)"
    return text


# A number as people write it in a form or a spreadsheet: "1,250,000", "£1,250,000", "-£3.50",
# "12.5%", "−6.1%" (a true minus, as the portal and print write it),
# "1 234". Thousands separators must sit every three digits ("1,25" is refused, not
# read as 125); a pound sign or a per cent sign, never both.
_WRITTEN_NUMBER = re.compile(
    r"(?P<sign>[+\-\u2212]?)(?P<pounds>£?)(?P<sign_after>[+\-\u2212]?)"
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
    negative = {match["sign"], match["sign_after"]} & {"-", MINUS}
    return -number if negative else number
