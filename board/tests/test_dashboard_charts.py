"""The stacked bar chart the board dashboard draws (``charts.stacked_bar_chart``)."""

import re

import pytest
from django.utils.safestring import SafeString

from indicators.charts import StackedBar, StackPart, stacked_bar_chart

HOSTILE = '<script>alert("x")</script> & "quotes"'

PARTS = [
    StackPart("green", "On target", "#0b6b32", "solid"),
    StackPart("amber", "Near target", "#a35200", "hatch"),
    StackPart("red", "Off target", "#b0261e", "cross"),
    StackPart("no_target", "No target", "#555555", "dots"),
    StackPart("no_data", "No data", "#555555", "outline"),
]
BARS = [StackedBar("1. Safety", [3, 1, 2, 0, 0]), StackedBar("2. Environment", [5, 0, 0, 1, 1])]


def _chart(**kwargs):
    defaults = {"parts": PARTS, "title": "Status by theme", "description": "Two themes.", "chart_id": "rag"}
    return stacked_bar_chart(kwargs.pop("bars", BARS), **{**defaults, **kwargs})


def test_stacked_bar_chart_is_an_image_labelled_by_its_own_title_and_description():
    svg = _chart()
    assert isinstance(svg, SafeString)
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg
    assert 'aria-labelledby="rag-title rag-desc"' in svg
    assert '<title id="rag-title">Status by theme</title>' in svg
    assert '<desc id="rag-desc">Two themes.</desc>' in svg


def test_each_part_has_its_own_fill_pattern_not_only_a_colour():
    svg = _chart()
    # Hatched, cross-hatched and dotted parts are patterns; "outline" is white with a border.
    assert svg.count("<pattern ") == 3
    for index in (1, 2, 3):
        assert f'fill="url(#rag-p{index})"' in svg
    assert 'fill="#ffffff" stroke="#555555" stroke-width="1.5"' in svg
    for part in PARTS:  # the legend names every part
        assert f">{part.label}</text>" in svg


def test_segments_skip_zeros_and_bars_end_with_their_total():
    svg = _chart()
    # Legend swatches (5) + Safety's three segments + Environment's three.
    bars = re.findall(r'<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="20.0"', svg)
    assert len(bars) == 6
    assert '<text x="' in svg and 'font-weight="bold">6</text>' in svg
    assert 'font-weight="bold">7</text>' in svg


def test_segment_figures_sit_on_a_white_plate_when_there_is_room():
    svg = _chart(bars=[StackedBar("Wide", [30, 1, 0, 0, 0])])
    assert re.search(r'font-size="12">30</text>', svg)


def test_stacked_bar_chart_escapes_every_text_and_is_deterministic():
    svg = _chart(
        bars=[StackedBar(HOSTILE, [1, 0, 0, 0, 0])],
        parts=[StackPart("x", HOSTILE, "#000000"), *PARTS[1:]],
        title=HOSTILE,
        description=HOSTILE,
        unit_label=HOSTILE,
        chart_id=None,
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;" in svg
    assert svg == _chart(
        bars=[StackedBar(HOSTILE, [1, 0, 0, 0, 0])],
        parts=[StackPart("x", HOSTILE, "#000000"), *PARTS[1:]],
        title=HOSTILE,
        description=HOSTILE,
        unit_label=HOSTILE,
        chart_id=None,
    )
    assert re.search(r'id="chart-[0-9a-f]{10}"', svg)


def test_stacked_bar_chart_refuses_values_that_do_not_match_the_parts():
    with pytest.raises(ValueError, match="has 2 values for 5 parts"):
        _chart(bars=[StackedBar("Short", [1, 2])])


def test_stacked_bar_chart_with_no_bars_says_so():
    assert "No figures published yet" in _chart(bars=[])
