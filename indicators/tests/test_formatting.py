"""How figures are written: units, decimal places, thousands separators, signed changes."""

from decimal import Decimal as D

import pytest

from indicators.formatting import format_number, format_percent_change, format_value, parse_number


@pytest.mark.parametrize(
    ("value", "unit", "places", "expected"),
    [
        (D("1234.5"), "count", 0, "1,235"),  # half up, as people round
        (D("72.45"), "percent", 1, "72.5%"),
        (D("1234"), "pounds", 2, "£1,234.00"),
        (D("-12.5"), "pounds", 2, "-£12.50"),
        (D("12.34"), "rate_1000", 1, "12.3 per 1,000"),
        (D("250"), "rate_100000", 0, "250 per 100,000"),
        (D("79.25"), "years", 1, "79.3 years"),
        (D("4"), "days", 0, "4 days"),
        (D("6.5"), "score", 1, "6.5"),
        (None, "count", 0, ""),
    ],
)
def test_format_value_in_each_unit(value, unit, places, expected):
    assert format_value(value, unit, places) == expected


def test_format_number_never_prints_negative_zero():
    assert format_number(D("-0.04"), 1) == "0.0"


def test_percent_change_is_signed():
    assert format_percent_change(D("3.21")) == "+3.2%"
    assert format_percent_change(D("-1")) == "−1.0%"  # a true minus sign
    assert format_percent_change(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1250000", D(1250000)),
        ("1,250,000", D(1250000)),
        ("£1,250,000", D(1250000)),
        ("-£3.50", D("-3.50")),
        ("£-3.50", D("-3.50")),
        (" 1 234\u00a0", D(1234)),
        ("12.5%", D("12.5")),
        (".5", D("0.5")),
        ("+7", D(7)),
    ],
)
def test_a_number_is_read_as_people_write_it(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "lots", "1,25", "1,2345", "£12%", "--3", "-£-3", "1.2.3", "£", "NaN", "1e5"])
def test_what_is_not_a_number_is_none(text):
    assert parse_number(text) is None
