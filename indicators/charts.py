"""Server-side SVG charts: one renderer for the web pages, the board dashboard and the PDF report.

Every function is pure: data in, SVG markup out, the same markup for the same data
(tests compare it), no client-side library. Every piece of text put into the markup is
escaped first, and only then is the whole marked safe.

Accessibility, because a chart is never the only way to read the figures:

* full charts (``line_chart``, ``bar_chart``) carry ``role="img"`` and
  ``aria-labelledby`` pointing at their own ``<title>`` and ``<desc>``;
* series differ by dash style and marker shape as well as colour, and highlighted bars
  are hatched, so nothing relies on colour alone; colours have at least 3:1 contrast
  against white;
* text is at least 12px at the chart's natural size; pages let a chart scroll sideways on
  narrow screens rather than shrink its text;
* every page that shows a chart also shows the figures as a table.

``rag_icon`` and ``trend_icon`` are the shapes that go beside a RAG or trend label (never
instead of one): a tick in a circle, a triangle, a diamond, a dash; arrows up, right, down.
On web pages they refer to the symbols ``icon_symbols`` puts once in every page.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .formatting import format_number

Number = Decimal | float | int

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
FONT_SIZE = 13
TEXT_COLOUR = "#1a1a1a"
MUTED_TEXT = "#4a4a4a"
GRID_COLOUR = "#d4d4d4"
AXIS_COLOUR = "#6b6b6b"
SERIES_COLOUR = "#1d4f91"  # 8.6:1 on white
TARGET_COLOUR = "#a34700"  # 5.6:1
COMPARISON_COLOUR = "#5c5c5c"  # 6.7:1
HIGHLIGHT_COLOUR = "#a4262c"  # 6.9:1
REFERENCE_COLOUR = "#1a1a1a"

RAG_COLOURS = {
    "green": "#0b6b32",
    "amber": "#a35200",
    "red": "#b0261e",
    "no_target": "#555555",
    "no_data": "#555555",
}
TREND_COLOURS = {"improving": "#0b6b32", "stable": "#3d3d3d", "worsening": "#b0261e", "no_data": "#555555"}


def _esc(text: object) -> str:
    return escape(str(text), quote=True)


def _f(number: float) -> str:
    """A coordinate, to one decimal place, without "-0.0"."""
    text = f"{number:.1f}"
    return "0.0" if text == "-0.0" else text


def _chart_id(chart_id: str | None, *parts: str) -> str:
    """An id that is valid in HTML and stable for the same chart; derived from the text if not given."""
    if chart_id and re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", chart_id):
        return chart_id
    digest = hashlib.sha1("\x1f".join((chart_id or "", *parts)).encode(), usedforsecurity=False).hexdigest()
    return f"chart-{digest[:10]}"


def _text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of rendered width: charts reserve room for labels without a font engine."""
    return len(text) * size * 0.6


def _svg_open(*, chart_id: str, width: int, height: int, css_class: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css_class}" id="{chart_id}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family="{_esc(FONT_FAMILY)}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
    )


def _title_and_desc(chart_id: str, title: str, description: str) -> str:
    return f'<title id="{chart_id}-title">{_esc(title)}</title><desc id="{chart_id}-desc">{_esc(description)}</desc>'


# --- Scales -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scale:
    low: float
    high: float
    ticks: tuple[float, ...]
    decimals: int

    def position(self, value: float, start: float, end: float) -> float:
        """Map a value onto [start, end] (end may be less than start, as on a y axis)."""
        if self.high == self.low:
            return (start + end) / 2
        return start + (value - self.low) / (self.high - self.low) * (end - start)

    def label(self, value: float) -> str:
        return format_number(Decimal(repr(round(value, 10))), self.decimals)


def _nice_step(span: float, count: int) -> float:
    raw = span / max(count, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 2.5, 5, 10):
        if raw <= multiple * magnitude * (1 + 1e-9):
            return multiple * magnitude
    return 10 * magnitude


def _scale(values: Sequence[float], *, include_zero: bool, tick_count: int = 4) -> _Scale:
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if include_zero:
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:
        pad = abs(low) * 0.1 or 1.0
        low, high = low - pad, high + pad
    step = _nice_step(high - low, tick_count)
    first = math.floor(low / step + 1e-9) * step
    last = math.ceil(high / step - 1e-9) * step
    ticks = tuple(first + i * step for i in range(round((last - first) / step) + 1))
    decimals = 0 if step >= 1 else -math.floor(math.log10(step) + 1e-9)
    if not float(step * 10**decimals).is_integer():  # 2.5, 0.25…
        decimals += 1
    return _Scale(low=first, high=last, ticks=ticks, decimals=max(decimals, 0))


def _floats(values: Sequence[Number | None]) -> list[float | None]:
    return [None if v is None else float(v) for v in values]


# --- Series styles ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Style:
    colour: str
    width: float
    dash: str  # "" for solid
    marker: str  # "circle", "square", "triangle"
    hollow: bool = False


MAIN_STYLE = _Style(SERIES_COLOUR, 2.5, "", "circle")
TARGET_STYLE = _Style(TARGET_COLOUR, 2, "8 5", "square")
COMPARISON_STYLE = _Style(COMPARISON_COLOUR, 2, "2 4", "triangle", hollow=True)


def _marker(style: _Style, x: float, y: float, size: float = 3.5) -> str:
    fill = "#ffffff" if style.hollow else style.colour
    common = f'fill="{fill}" stroke="{style.colour}" stroke-width="1.5"'
    if style.marker == "square":
        return f'<rect x="{_f(x - size)}" y="{_f(y - size)}" width="{_f(size * 2)}" height="{_f(size * 2)}" {common}/>'
    if style.marker == "triangle":
        s = size * 1.2
        points = f"{_f(x)},{_f(y - s)} {_f(x + s)},{_f(y + s * 0.8)} {_f(x - s)},{_f(y + s * 0.8)}"
        return f'<polygon points="{points}" {common}/>'
    return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{_f(size)}" {common}/>'


def _line_attrs(style: _Style) -> str:
    dash = f' stroke-dasharray="{style.dash}"' if style.dash else ""
    cap = "round" if style.dash.startswith("2 ") else "butt"
    return (
        f'fill="none" stroke="{style.colour}" stroke-width="{style.width}"{dash} '
        f'stroke-linecap="{cap}" stroke-linejoin="round"'
    )


def _segments(points: list[tuple[float, float] | None]) -> list[list[tuple[float, float]]]:
    """Runs of consecutive known points: a missing value breaks the line rather than bridging it."""
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(point)
    return [run for run in runs if run]


def _series_markup(points: list[tuple[float, float] | None], style: _Style, *, all_markers: bool) -> str:
    parts = []
    for run in _segments(points):
        if len(run) > 1:
            coords = " ".join(f"{_f(x)},{_f(y)}" for x, y in run)
            parts.append(f'<polyline points="{coords}" {_line_attrs(style)}/>')
        if all_markers or len(run) == 1:
            parts.extend(_marker(style, x, y) for x, y in run)
    return "".join(parts)


def _legend(entries: list[tuple[str, str]], *, x: float, y: float, max_width: float) -> tuple[str, float]:
    """Legend entries (swatch markup drawn at the origin, label) laid out in rows; returns markup and height."""
    parts, cursor_x, cursor_y, row_height = [], x, y, 20.0
    for swatch, label in entries:
        entry_width = 40 + _text_width(label)
        if cursor_x > x and cursor_x + entry_width > x + max_width:
            cursor_x, cursor_y = x, cursor_y + row_height
        parts.append(
            f'<g transform="translate({_f(cursor_x)},{_f(cursor_y)})">{swatch}'
            f'<text x="36" y="4.5">{_esc(label)}</text></g>'
        )
        cursor_x += entry_width + 16
    return "".join(parts), cursor_y - y + row_height


def _line_swatch(style: _Style) -> str:
    return f'<line x1="0" y1="0" x2="28" y2="0" {_line_attrs(style)}/>{_marker(style, 14, 0)}'


# --- Line chart ---------------------------------------------------------------------------------


def line_chart(
    series: Sequence[tuple[str, Number | None]],
    *,
    title: str,
    description: str,
    target_series: Sequence[Number | None] | None = None,
    comparison_series: Sequence[Number | None] | None = None,
    series_label: str = "Value",
    target_label: str = "Target",
    comparison_label: str = "Same quarter last year",
    x_labels: Sequence[str | None] | None = None,
    width: int = 720,
    height: int = 340,
    unit_label: str = "",
    decimal_places: int = 0,
    chart_id: str | None = None,
) -> SafeString:
    """A line chart of ``series`` (x label, value) with an optional target and comparison line.

    ``target_series`` and ``comparison_series`` are values aligned with ``series`` (``None``
    where unknown). ``x_labels`` gives the axis label under each point (``None`` for none);
    by default the series' own labels, thinned to fit.
    """
    labels = [label for label, _ in series]
    main = _floats([value for _, value in series])
    extra: list[tuple[list[float | None], _Style, str]] = []
    for values, style, label in (
        (target_series, TARGET_STYLE, target_label),
        (comparison_series, COMPARISON_STYLE, comparison_label),
    ):
        if values is None:
            continue
        if len(values) != len(series):
            raise ValueError(f"{label!r} has {len(values)} values for {len(series)} points.")
        extra.append((_floats(values), style, label))

    known = [v for v in main if v is not None] + [v for values, _, _ in extra for v in values if v is not None]
    include_zero = bool(known) and min(known) >= 0 and min(known) < 0.4 * max(known)
    scale = _scale(known, include_zero=include_zero)

    cid = _chart_id(chart_id, title, description)
    tick_labels = [scale.label(t) for t in scale.ticks]
    left = max(48.0, max(_text_width(t) for t in tick_labels) + 16)
    right = 20.0
    legend_entries = [(_line_swatch(MAIN_STYLE), series_label)] + [(_line_swatch(s), lbl) for _, s, lbl in extra]
    legend, legend_height = _legend(legend_entries, x=left, y=14, max_width=width - left - right)
    top = 14 + legend_height + (22 if unit_label else 8)
    bottom = 36.0
    plot_w, plot_h = width - left - right, height - top - bottom
    if plot_h < 60:
        height = int(top + bottom + 60)
        plot_h = 60

    n = len(series)

    def x_at(i: int) -> float:
        return left + plot_w / 2 if n == 1 else left + i * plot_w / (n - 1)

    def y_at(v: float) -> float:
        return scale.position(v, top + plot_h, top)

    out = [
        _svg_open(chart_id=cid, width=width, height=height, css_class="chart-line"),
        _title_and_desc(cid, title, description),
    ]
    out.append(legend)
    if unit_label:
        out.append(f'<text x="{_f(left)}" y="{_f(top - 10)}" fill="{MUTED_TEXT}">{_esc(unit_label)}</text>')

    # Grid and y axis.
    out.append(f'<g stroke="{GRID_COLOUR}" stroke-width="1">')
    out.extend(
        f'<line x1="{_f(left)}" y1="{_f(y_at(t))}" x2="{_f(left + plot_w)}" y2="{_f(y_at(t))}"/>' for t in scale.ticks
    )
    out.append("</g>")
    out.append('<g text-anchor="end">')
    out.extend(
        f'<text x="{_f(left - 8)}" y="{_f(y_at(t) + 4.5)}">{_esc(label)}</text>'
        for t, label in zip(scale.ticks, tick_labels, strict=True)
    )
    out.append("</g>")
    axis_y = y_at(max(scale.low, min(0.0, scale.high))) if include_zero else top + plot_h
    out.append(
        f'<line x1="{_f(left)}" y1="{_f(axis_y)}" x2="{_f(left + plot_w)}" y2="{_f(axis_y)}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )

    # X axis labels: given, or every k-th so that labels do not collide.
    if x_labels is None:
        widest = max((_text_width(label) for label in labels), default=0) + 12
        every = max(1, math.ceil(n * widest / plot_w)) if n else 1
        x_labels = [label if (n - 1 - i) % every == 0 else None for i, label in enumerate(labels)]
    # Placed right to left, so the latest quarter always keeps its label; one that would
    # overlap the label to its right is left out.
    placed: list[str] = []
    kept_from = math.inf  # left edge of the label to the right
    for i in reversed(range(len(x_labels))):
        label = x_labels[i]
        if not label:
            continue
        x = x_at(i)
        half = _text_width(label) / 2
        anchor = ""
        if x - half < left - 8:
            anchor = ' text-anchor="start"'
            x = max(x - 4, 0)
            start, end = x, x + 2 * half
        elif x + half > width:
            anchor = ' text-anchor="end"'
            start, end = x - 2 * half, x
        else:
            start, end = x - half, x + half
        if end > kept_from - 8:
            continue
        kept_from = start
        placed.append(
            f'<line x1="{_f(x_at(i))}" y1="{_f(top + plot_h)}" x2="{_f(x_at(i))}" y2="{_f(top + plot_h + 5)}" '
            f'stroke="{AXIS_COLOUR}"/><text x="{_f(x)}" y="{_f(top + plot_h + 20)}"{anchor}>{_esc(label)}</text>'
        )
    out.append('<g text-anchor="middle">')
    out.extend(reversed(placed))
    out.append("</g>")

    # Comparison and target under the main series, so the figures themselves stay on top.
    all_markers = n <= 24
    for values, style, _ in reversed(extra):
        points = [None if v is None else (x_at(i), y_at(v)) for i, v in enumerate(values)]
        out.append(_series_markup(points, style, all_markers=all_markers))
    main_points = [None if v is None else (x_at(i), y_at(v)) for i, v in enumerate(main)]
    out.append(_series_markup(main_points, MAIN_STYLE, all_markers=all_markers))
    last = next((p for p in reversed(main_points) if p is not None), None)
    if last is not None and not all_markers:
        out.append(_marker(MAIN_STYLE, *last, size=4))
    if not known:
        out.append(
            f'<text x="{_f(left + plot_w / 2)}" y="{_f(top + plot_h / 2)}" text-anchor="middle" '
            f'fill="{MUTED_TEXT}">No figures published yet</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every inserted text went through _esc # nosec B308 B703


# --- Bar chart ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BarItem:
    label: str
    value: Number | None
    highlighted: bool = False  # e.g. worse than the borough: drawn hatched


def bar_chart(
    items: Sequence[BarItem],
    *,
    title: str,
    description: str,
    reference_value: Number | None = None,
    reference_label: str = "Borough",
    normal_label: str = "",
    highlight_label: str = "",
    unit_label: str = "",
    decimal_places: int = 0,
    width: int = 720,
    chart_id: str | None = None,
) -> SafeString:
    """Horizontal bars, one per item, with an optional dashed reference line (the borough's value).

    Highlighted bars are hatched and labelled in bold, so they stand out without colour.
    """
    cid = _chart_id(chart_id, title, description)
    values = [float(item.value) for item in items if item.value is not None]
    reference = None if reference_value is None else float(reference_value)
    scale = _scale([*values, *([reference] if reference is not None else [])], include_zero=True)

    max_label = 36
    shown = [item.label if len(item.label) <= max_label else item.label[: max_label - 1] + "…" for item in items]
    left = min(max((_text_width(s) for s in shown), default=40) + 16, width * 0.42)
    value_texts = ["No data" if item.value is None else format_number(item.value, decimal_places) for item in items]
    right = max((_text_width(t) for t in value_texts), default=30) + 16

    legend_entries = []
    if normal_label:
        legend_entries.append((f'<rect x="4" y="-7" width="24" height="14" fill="{SERIES_COLOUR}"/>', normal_label))
    if highlight_label:
        legend_entries.append(
            (
                f'<rect x="4" y="-7" width="24" height="14" fill="url(#{cid}-hatch)" stroke="{HIGHLIGHT_COLOUR}" '
                f'stroke-width="1.5"/>',
                highlight_label,
            )
        )
    if reference is not None:
        legend_entries.append(
            (
                f'<line x1="16" y1="-9" x2="16" y2="9" stroke="{REFERENCE_COLOUR}" stroke-width="2" '
                f'stroke-dasharray="4 3"/>',
                f"{reference_label}: {format_number(reference_value, decimal_places)}",
            )
        )
    legend, legend_height = _legend(legend_entries, x=8, y=14, max_width=width - 16)
    top = (14 + legend_height if legend_entries else 8) + (20 if unit_label else 4)
    row, bar = 26.0, 16.0
    plot_w = width - left - right
    bottom = 30.0
    height = int(top + row * max(len(items), 1) + bottom)

    def x_at(v: float) -> float:
        return scale.position(v, left, left + plot_w)

    out = [
        _svg_open(chart_id=cid, width=width, height=height, css_class="chart-bar"),
        _title_and_desc(cid, title, description),
    ]
    out.append(
        f'<defs><pattern id="{cid}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="#f6dcdc"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{HIGHLIGHT_COLOUR}" stroke-width="3"/></pattern></defs>'
    )
    if legend_entries:
        out.append(legend)
    if unit_label:
        out.append(f'<text x="{_f(left)}" y="{_f(top - 6)}" fill="{MUTED_TEXT}">{_esc(unit_label)}</text>')

    plot_bottom = top + row * max(len(items), 1)
    out.append(f'<g stroke="{GRID_COLOUR}" stroke-width="1">')
    out.extend(
        f'<line x1="{_f(x_at(t))}" y1="{_f(top)}" x2="{_f(x_at(t))}" y2="{_f(plot_bottom)}"/>' for t in scale.ticks
    )
    out.append("</g>")
    out.append('<g text-anchor="middle">')
    out.extend(f'<text x="{_f(x_at(t))}" y="{_f(plot_bottom + 18)}">{_esc(scale.label(t))}</text>' for t in scale.ticks)
    out.append("</g>")

    zero = x_at(0.0)
    bars, texts = [], []
    for i, (item, label, value_text) in enumerate(zip(items, shown, value_texts, strict=True)):
        mid = top + i * row + row / 2
        texts.append(f'<text x="{_f(left - 8)}" y="{_f(mid + 4.5)}" text-anchor="end">{_esc(label)}</text>')
        if item.value is None:
            texts.append(
                f'<text x="{_f(zero + 4)}" y="{_f(mid + 4.5)}" fill="{MUTED_TEXT}" font-style="italic">'
                f"{_esc(value_text)}</text>"
            )
            continue
        end = x_at(float(item.value))
        x0, x1 = min(zero, end), max(zero, end)
        if item.highlighted:
            fill = f'fill="url(#{cid}-hatch)" stroke="{HIGHLIGHT_COLOUR}" stroke-width="1.5"'
        else:
            fill = f'fill="{SERIES_COLOUR}"'
        bars.append(
            f'<rect x="{_f(x0)}" y="{_f(mid - bar / 2)}" width="{_f(max(x1 - x0, 1))}" height="{_f(bar)}" {fill}/>'
        )
        # A white plate under the figure keeps it readable where the reference line crosses it.
        text_width = _text_width(value_text) + (4 if item.highlighted else 0)
        texts.append(
            f'<rect x="{_f(x1 + 3)}" y="{_f(mid - 8)}" width="{_f(text_width + 6)}" height="16" fill="#ffffff" '
            f'fill-opacity="0.85"/>'
        )
        weight = ' font-weight="bold"' if item.highlighted else ""
        texts.append(f'<text x="{_f(x1 + 6)}" y="{_f(mid + 4.5)}"{weight}>{_esc(value_text)}</text>')
    out.extend(bars)
    out.append(f'<line x1="{_f(zero)}" y1="{_f(top)}" x2="{_f(zero)}" y2="{_f(plot_bottom)}" stroke="{AXIS_COLOUR}"/>')
    if reference is not None:
        x = x_at(reference)
        out.append(
            f'<line x1="{_f(x)}" y1="{_f(top - 4)}" x2="{_f(x)}" y2="{_f(plot_bottom + 4)}" '
            f'stroke="{REFERENCE_COLOUR}" stroke-width="2" stroke-dasharray="4 3"/>'
        )
    out.extend(texts)
    if not items:
        out.append(f'<text x="{_f(left)}" y="{_f(top + 17)}" fill="{MUTED_TEXT}">No figures published yet</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every inserted text went through _esc # nosec B308 B703


# --- Sparkline ----------------------------------------------------------------------------------


def sparkline(values: Sequence[Number | None], *, label: str, width: int = 120, height: int = 32) -> SafeString:
    """A small line of recent values for a table cell; ``label`` says in words what it shows.

    The row it sits in carries the figures; the sparkline shows only the shape. Gaps stay gaps.
    """
    floats = _floats(values)
    known = [v for v in floats if v is not None]
    pad = 4.0
    low, high = (min(known), max(known)) if known else (0.0, 1.0)
    n = len(floats)

    def x_at(i: int) -> float:
        return width / 2 if n <= 1 else pad + i * (width - 2 * pad) / (n - 1)

    def y_at(v: float) -> float:
        if high == low:
            return height / 2
        return height - pad - (v - low) / (high - low) * (height - 2 * pad)

    points = [None if v is None else (x_at(i), y_at(v)) for i, v in enumerate(floats)]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="sparkline" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_esc(label)}"><title>{_esc(label)}</title>'
    ]
    style = _Style(SERIES_COLOUR, 1.75, "", "circle")
    out.append(_series_markup(points, style, all_markers=False))
    last = next((p for p in reversed(points) if p is not None), None)
    if last is not None:
        out.append(_marker(style, *last, size=2.75))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — the label went through _esc # nosec B308 B703


# --- Status icons -------------------------------------------------------------------------------

_RAG_SHAPES = {
    # On target: a circle with a tick.
    "green": '<circle cx="8" cy="8" r="7.5" fill="{c}"/>'
    '<path d="M4.3 8.3l2.5 2.5 4.9-5.2" fill="none" stroke="#fff" stroke-width="2" stroke-linecap="round" '
    'stroke-linejoin="round"/>',
    # Near target: a triangle with an exclamation mark.
    "amber": '<path d="M8 .8l7.4 13.6H.6z" fill="{c}"/>'
    '<path d="M8 5.2v4.6" stroke="#fff" stroke-width="2" stroke-linecap="round"/>'
    '<circle cx="8" cy="12.1" r="1.1" fill="#fff"/>',
    # Off target: a diamond with a cross.
    "red": '<path d="M8 .3L15.7 8 8 15.7.3 8z" fill="{c}"/>'
    '<path d="M5.6 5.6l4.8 4.8M10.4 5.6l-4.8 4.8" stroke="#fff" stroke-width="2" stroke-linecap="round"/>',
    # No target: an empty ring.
    "no_target": '<circle cx="8" cy="8" r="6.5" fill="none" stroke="{c}" stroke-width="2"/>',
    # No data: a dash.
    "no_data": '<rect x="2" y="6.5" width="12" height="3" rx="1.5" fill="{c}"/>',
}

_TREND_SHAPES = {
    "improving": '<path d="M8 1.5l5.5 6h-3.5v7h-4v-7h-3.5z" fill="{c}"/>',
    "stable": '<path d="M14.5 8l-6 5.5v-3.5h-7v-4h7v-3.5z" fill="{c}"/>',
    "worsening": '<path d="M8 14.5l5.5-6h-3.5v-7h-4v7h-3.5z" fill="{c}"/>',
    "no_data": '<circle cx="8" cy="8" r="6.5" fill="none" stroke="{c}" stroke-width="1.5"/>'
    '<rect x="4.5" y="7" width="7" height="2" fill="{c}"/>',
}


def _icon(shape: str, colour: str, size: int, css_class: str) -> SafeString:
    body = shape.format(c=colour)
    return mark_safe(  # noqa: S308 — fixed markup, no outside text # nosec B308 B703
        f'<svg xmlns="http://www.w3.org/2000/svg" class="icon {css_class}" viewBox="0 0 16 16" '
        f'width="{size}" height="{size}" aria-hidden="true" focusable="false">{body}</svg>'
    )


def _icon_use(symbol: str, size: int, css_class: str) -> SafeString:
    return mark_safe(  # noqa: S308 — fixed markup, no outside text # nosec B308 B703
        f'<svg class="icon {css_class}" width="{size}" height="{size}" aria-hidden="true" focusable="false">'
        f'<use href="#{symbol}"/></svg>'
    )


@cache
def icon_symbols() -> SafeString:
    """Every RAG and trend shape as an SVG ``<symbol>``: once a page, in ``base.html``.

    On a web page the icons refer to these (``<use href="#icon-…">``, 130 bytes instead
    of 280: an area's table has two icons a row). A document on its own (the PDF, a data
    URI) asks for ``standalone=True`` icons instead.
    """
    symbols = [
        f'<symbol id="icon-rag-{key}" viewBox="0 0 16 16">{shape.format(c=RAG_COLOURS[key])}</symbol>'
        for key, shape in _RAG_SHAPES.items()
    ] + [
        f'<symbol id="icon-trend-{key}" viewBox="0 0 16 16">{shape.format(c=TREND_COLOURS[key])}</symbol>'
        for key, shape in _TREND_SHAPES.items()
    ]
    return mark_safe(  # noqa: S308 — fixed markup, no outside text # nosec B308 B703
        '<svg xmlns="http://www.w3.org/2000/svg" class="icon-symbols" width="0" height="0" aria-hidden="true" '
        f'focusable="false">{"".join(symbols)}</svg>'
    )


def rag_icon(rag: str, *, size: int = 16, standalone: bool = False) -> SafeString:
    """The shape for a RAG status (decorative: always shown beside its text label)."""
    key = rag if rag in _RAG_SHAPES else "no_data"
    if standalone:
        return _icon(_RAG_SHAPES[key], RAG_COLOURS[key], size, f"rag-icon rag-icon-{key}")
    return _icon_use(f"icon-rag-{key}", size, f"rag-icon rag-icon-{key}")


def trend_icon(trend: str, *, size: int = 16, standalone: bool = False) -> SafeString:
    """The arrow for a direction of travel: up is better, down is worse, whatever the polarity."""
    key = trend if trend in _TREND_SHAPES else "no_data"
    if standalone:
        return _icon(_TREND_SHAPES[key], TREND_COLOURS[key], size, f"trend-icon trend-icon-{key}")
    return _icon_use(f"icon-trend-{key}", size, f"trend-icon trend-icon-{key}")


# --- Stacked bar chart --------------------------------------------------------------------------


@dataclass(frozen=True)
class StackPart:
    """One kind of segment in a stacked bar: its legend label, colour and fill pattern.

    ``pattern`` is "solid", "hatch" (diagonal lines), "cross" (crossed lines), "dots" or
    "outline" (white with a border), so that neighbouring segments differ by more than colour.
    """

    key: str
    label: str
    colour: str
    pattern: str = "solid"


@dataclass(frozen=True)
class StackedBar:
    label: str
    values: Sequence[Number]  # one per part, in the order of the parts


_STACK_PATTERN_BACKGROUND = "#ffffff"


def _stack_defs(chart_id: str, parts: Sequence[StackPart]) -> str:
    defs = []
    for i, part in enumerate(parts):
        pid = f"{chart_id}-p{i}"
        if part.pattern == "hatch":
            defs.append(
                f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{_STACK_PATTERN_BACKGROUND}"/>'
                f'<line x1="0" y1="0" x2="0" y2="6" stroke="{part.colour}" stroke-width="3.5"/></pattern>'
            )
        elif part.pattern == "cross":
            defs.append(
                f'<pattern id="{pid}" width="7" height="7" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><rect width="7" height="7" fill="{part.colour}"/>'
                f'<line x1="3.5" y1="0" x2="3.5" y2="7" stroke="#ffffff" stroke-width="1.5"/>'
                f'<line x1="0" y1="3.5" x2="7" y2="3.5" stroke="#ffffff" stroke-width="1.5"/></pattern>'
            )
        elif part.pattern == "dots":
            defs.append(
                f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{_STACK_PATTERN_BACKGROUND}"/>'
                f'<circle cx="3" cy="3" r="1.6" fill="{part.colour}"/></pattern>'
            )
    return f"<defs>{''.join(defs)}</defs>" if defs else ""


def _stack_fill(chart_id: str, index: int, part: StackPart) -> str:
    if part.pattern in ("hatch", "cross", "dots"):
        return f'fill="url(#{chart_id}-p{index})" stroke="{part.colour}" stroke-width="1.5"'
    if part.pattern == "outline":
        return f'fill="#ffffff" stroke="{part.colour}" stroke-width="1.5"'
    return f'fill="{part.colour}"'


def stacked_bar_chart(
    bars: Sequence[StackedBar],
    *,
    parts: Sequence[StackPart],
    title: str,
    description: str,
    unit_label: str = "",
    decimal_places: int = 0,
    width: int = 720,
    chart_id: str | None = None,
) -> SafeString:
    """Horizontal stacked bars, one per item (e.g. a theme), one segment per part (e.g. a RAG status).

    Parts differ by fill pattern as well as colour; each segment wide enough for it carries
    its figure on a white plate, and each bar ends with its total, so the chart can be read
    without telling colours apart. The page shows the same figures as a table.
    """
    cid = _chart_id(chart_id, title, description)
    for bar_item in bars:
        if len(bar_item.values) != len(parts):
            raise ValueError(f"{bar_item.label!r} has {len(bar_item.values)} values for {len(parts)} parts.")
    totals = [sum((float(v) for v in bar_item.values), 0.0) for bar_item in bars]
    scale = _scale(totals or [0.0], include_zero=True)

    max_label = 36
    shown = [b.label if len(b.label) <= max_label else b.label[: max_label - 1] + "…" for b in bars]
    left = min(max((_text_width(s) for s in shown), default=40) + 16, width * 0.42)
    total_texts = [format_number(Decimal(repr(t)), decimal_places) for t in totals]
    right = max((_text_width(t) for t in total_texts), default=30) + 16

    legend_entries = [
        (f'<rect x="4" y="-7" width="24" height="14" {_stack_fill(cid, i, part)}/>', part.label)
        for i, part in enumerate(parts)
    ]
    legend, legend_height = _legend(legend_entries, x=8, y=14, max_width=width - 16)
    top = 14 + legend_height + (20 if unit_label else 4)
    row, bar = 30.0, 20.0
    plot_w = width - left - right
    bottom = 30.0
    height = int(top + row * max(len(bars), 1) + bottom)

    def x_at(v: float) -> float:
        return scale.position(v, left, left + plot_w)

    out = [
        _svg_open(chart_id=cid, width=width, height=height, css_class="chart-stacked-bar"),
        _title_and_desc(cid, title, description),
        _stack_defs(cid, parts),
        legend,
    ]
    if unit_label:
        out.append(f'<text x="{_f(left)}" y="{_f(top - 6)}" fill="{MUTED_TEXT}">{_esc(unit_label)}</text>')

    plot_bottom = top + row * max(len(bars), 1)
    out.append(f'<g stroke="{GRID_COLOUR}" stroke-width="1">')
    out.extend(
        f'<line x1="{_f(x_at(t))}" y1="{_f(top)}" x2="{_f(x_at(t))}" y2="{_f(plot_bottom)}"/>' for t in scale.ticks
    )
    out.append("</g>")
    out.append('<g text-anchor="middle">')
    out.extend(f'<text x="{_f(x_at(t))}" y="{_f(plot_bottom + 18)}">{_esc(scale.label(t))}</text>' for t in scale.ticks)
    out.append("</g>")

    segments, texts = [], []
    for i, (bar_item, label, total, total_text) in enumerate(zip(bars, shown, totals, total_texts, strict=True)):
        mid = top + i * row + row / 2
        texts.append(f'<text x="{_f(left - 8)}" y="{_f(mid + 4.5)}" text-anchor="end">{_esc(label)}</text>')
        start = 0.0
        for j, (part, value) in enumerate(zip(parts, bar_item.values, strict=True)):
            amount = float(value)
            if amount <= 0:
                continue
            x0, x1 = x_at(start), x_at(start + amount)
            segments.append(
                f'<rect x="{_f(x0)}" y="{_f(mid - bar / 2)}" width="{_f(max(x1 - x0, 1))}" height="{_f(bar)}" '
                f"{_stack_fill(cid, j, part)}/>"
            )
            figure = format_number(value, decimal_places)
            plate = _text_width(figure, 12) + 6
            if x1 - x0 >= plate + 4:
                centre = (x0 + x1) / 2
                texts.append(
                    f'<rect x="{_f(centre - plate / 2)}" y="{_f(mid - 8)}" width="{_f(plate)}" height="16" rx="3" '
                    f'fill="#ffffff" stroke="{part.colour}" stroke-width="1"/>'
                    f'<text x="{_f(centre)}" y="{_f(mid + 4)}" text-anchor="middle" font-size="12">'
                    f"{_esc(figure)}</text>"
                )
            start += amount
        texts.append(
            f'<text x="{_f(x_at(total) + 6)}" y="{_f(mid + 4.5)}" font-weight="bold">{_esc(total_text)}</text>'
        )
    out.extend(segments)
    out.append(
        f'<line x1="{_f(x_at(0.0))}" y1="{_f(top)}" x2="{_f(x_at(0.0))}" y2="{_f(plot_bottom)}" '
        f'stroke="{AXIS_COLOUR}"/>'
    )
    out.extend(texts)
    if not bars:
        out.append(f'<text x="{_f(left)}" y="{_f(top + 17)}" fill="{MUTED_TEXT}">No figures published yet</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 — every inserted text went through _esc # nosec B308 B703
