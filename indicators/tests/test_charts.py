"""The shared SVG chart module: accessible markup, escaping, determinism, shapes beyond colour."""

import re
from decimal import Decimal as D

import pytest
from django.utils.safestring import SafeString

from indicators import charts
from indicators.charts import BarItem, bar_chart, line_chart, rag_icon, sparkline, trend_icon
from indicators.templatetags.indicator_tags import comparison_badge, rag_badge, trend_badge

HOSTILE = '<script>alert("x")</script> & "quotes" \'single\''

SERIES = [("2013/14 Q1", D(10)), ("2013/14 Q2", D(12)), ("2013/14 Q3", None), ("2013/14 Q4", D(9))]


def test_line_chart_is_an_image_labelled_by_its_own_title_and_description():
    svg = line_chart(SERIES, title="Crime", description="Falling since 2004.", chart_id="crime-chart")
    assert isinstance(svg, SafeString)
    assert svg.startswith("<svg ")
    assert 'role="img"' in svg
    assert 'aria-labelledby="crime-chart-title crime-chart-desc"' in svg
    assert '<title id="crime-chart-title">Crime</title>' in svg
    assert '<desc id="crime-chart-desc">Falling since 2004.</desc>' in svg


def test_line_chart_escapes_every_text_it_is_given():
    svg = line_chart(
        [(HOSTILE, D(1)), ("b", D(2))],
        title=HOSTILE,
        description=HOSTILE,
        target_series=[D(1), D(1)],
        series_label=HOSTILE,
        target_label=HOSTILE,
        unit_label=HOSTILE,
        x_labels=[HOSTILE, None],
    )
    assert "<script>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot; &#x27;single&#x27;" in svg


def test_line_chart_output_is_deterministic():
    kwargs = {"title": "T", "description": "D", "target_series": [D(11)] * 4, "comparison_series": [D(8)] * 4}
    assert line_chart(SERIES, **kwargs) == line_chart(SERIES, **kwargs)


def test_line_chart_ids_default_to_a_stable_hash_of_the_text_and_reject_unsafe_ids():
    first = line_chart(SERIES, title="T", description="D")
    assert re.search(r'id="chart-[0-9a-f]{10}"', first)
    unsafe = line_chart(SERIES, title="T", description="D", chart_id='x" onload="alert(1)')
    assert "onload" not in unsafe


def test_line_chart_breaks_the_line_at_a_missing_quarter_rather_than_bridging_it():
    svg = line_chart(SERIES, title="T", description="D")
    # Two runs: Q1–Q2 as a line, Q4 alone as a marker (the fourth circle is the legend's).
    assert svg.count("<polyline") == 1
    assert svg.count("<circle") == 4


def test_series_differ_by_dash_and_marker_not_only_colour():
    svg = line_chart(
        SERIES, title="T", description="D", target_series=[D(11)] * 4, comparison_series=[D(8), D(9), D(9), D(9)]
    )
    assert 'stroke-dasharray="8 5"' in svg  # target: dashed
    assert 'stroke-dasharray="2 4"' in svg  # same quarter last year: dotted
    assert "<rect" in svg  # target: square markers
    assert "<polygon" in svg  # comparison: triangles
    for label in ("Value", "Target", "Same quarter last year"):
        assert f">{label}</text>" in svg


def test_line_chart_refuses_a_target_series_of_the_wrong_length():
    with pytest.raises(ValueError, match="Target"):
        line_chart(SERIES, title="T", description="D", target_series=[D(1)])


def test_line_chart_with_no_figures_says_so():
    svg = line_chart([("2014/15 Q1", None)], title="T", description="D")
    assert "No figures published yet" in svg


def test_line_chart_thins_axis_labels_so_they_do_not_overlap():
    series = [(f"{2000 + i // 4}/{(i // 4 + 1) % 100:02d} Q{i % 4 + 1}", D(i)) for i in range(48)]
    svg = line_chart(series, title="T", description="D", width=640)
    drawn = re.findall(r'(?: text-anchor="\w+")?>(\d{4}/\d\d Q\d)</text>', svg)
    assert 2 <= len(drawn) < 12
    assert drawn[-1] == series[-1][0]  # the latest quarter is always labelled


def test_bar_chart_hatches_highlighted_bars_and_draws_the_reference_line():
    svg = bar_chart(
        [BarItem("Boxmoor", D(850)), BarItem("Highfield", D(1100), highlighted=True), BarItem("Empty", None)],
        title="Crime by area",
        description="Two areas.",
        reference_value=D(975),
        reference_label="Average area",
        normal_label="Better",
        highlight_label="Worse",
        chart_id="areas",
    )
    assert 'aria-labelledby="areas-title areas-desc"' in svg
    assert '<pattern id="areas-hatch"' in svg
    assert svg.count('fill="url(#areas-hatch)"') == 2  # the highlighted bar and its legend swatch
    assert 'stroke-dasharray="4 3"' in svg
    assert ">Average area: 975</text>" in svg
    assert ">1,100</text>" in svg
    assert ">No data</text>" in svg


def test_bar_chart_escapes_labels():
    svg = bar_chart([BarItem(HOSTILE, D(1))], title=HOSTILE, description=HOSTILE, highlight_label=HOSTILE)
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_sparkline_is_labelled_in_words_and_escapes_the_label():
    svg = sparkline([D(1), None, D(3), D(2)], label=HOSTILE)
    assert 'role="img"' in svg
    assert "<script>" not in svg
    assert 'aria-label="&lt;script&gt;' in svg
    assert "<title>&lt;script&gt;" in svg
    assert sparkline([D(1), D(2)], label="x") == sparkline([D(1), D(2)], label="x")


@pytest.mark.parametrize("status", ["green", "amber", "red", "no_target", "no_data"])
def test_rag_icons_are_decorative_and_each_has_its_own_shape(status):
    icon = rag_icon(status)
    assert 'aria-hidden="true"' in icon
    assert f"rag-icon-{status}" in icon
    others = {s for s in charts._RAG_SHAPES if s != status}
    assert all(charts._RAG_SHAPES[status] != charts._RAG_SHAPES[other] for other in others)


def test_unknown_statuses_fall_back_to_no_data():
    assert "rag-icon-no_data" in rag_icon("purple")
    assert "trend-icon-no_data" in trend_icon("sideways")


def test_badges_always_carry_words_beside_the_shape():
    assert ">Off target</span>" in rag_badge("red")
    assert "rag-icon-red" in rag_badge("red")
    assert "<strong>3</strong> near target" in rag_badge("amber", 3)
    badge = trend_badge("improving", D("-7.14"))
    assert ">Improving</span>" in badge
    assert "−7.1% on last year" in badge
    assert ">Worse than the average area</span>" in comparison_badge("worse", average=True)
