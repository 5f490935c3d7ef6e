"""A small, dependency-free SVG chart writer: bars, stacked bars, histograms and lines.

Why not matplotlib: it is a ~40 MB install that takes about a second to import
(font cache, backends) and draws fonts as paths or needs them embedded; the
weekly report needs only bars and lines, as crisp, selectable, accessible
inline SVG that the page's own fonts render. This module is a few hundred
lines of string building with no dependency at all.

Every chart:

* scales to its container (``viewBox``, ``width="100%"``);
* has ``role="img"`` with ``<title>`` and ``<desc>`` (``aria-labelledby``);
* uses the Okabe-Ito colour-blind-safe palette, and distinguishes line series
  by marker shape too;
* puts value axes on "nice" ticks (1-2-5 steps) with thousands separators;
* truncates long category labels with an ellipsis, the full text in a
  ``<title>`` tooltip; every bar and point has a tooltip with its value;
* shows "No data" when there is nothing to draw, handles all-zero data,
  negative values, a single point, and skips None/NaN;
* escapes all text (labels come from user files).

Output is deterministic: element ids derive from the ``id_prefix`` argument.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Sequence
from typing import Any

from revops_cli.report.document import BarChart, Chart, Histogram, LineChart
from revops_cli.report.formatting import as_number, format_value

#: Okabe-Ito: distinguishable with the common forms of colour blindness.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
MARKERS = ("circle", "square", "diamond", "triangle")

WIDTH = 960
FONT = 12
TEXT = "#1f2937"
MUTED = "#6b7280"
GRID = "#e5e7eb"
AXIS = "#9ca3af"
TARGET = "#b91c1c"
FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

_SEPARATOR = ' stroke="#fff" stroke-width="1"'  # between stacked segments
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(text: Any) -> str:
    """Text safe inside XML/HTML elements and double- or single-quoted attributes."""
    return html.escape(_XML_BAD.sub("", str(text)), quote=True)


# --------------------------------------------------------------------------- ticks


def nice_step(span: float, max_ticks: int = 5) -> float:
    """The 1-2-5 step giving at most about ``max_ticks`` intervals over ``span``."""
    if span <= 0 or not math.isfinite(span):
        return 1.0
    raw = span / max_ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for multiple in (1, 2, 5, 10):
        if raw <= multiple * magnitude * (1 + 1e-9):
            return multiple * magnitude
    return 10 * magnitude  # pragma: no cover


def nice_ticks(lo: float, hi: float, max_ticks: int = 5, *, integer: bool = False) -> list[float]:
    """Round tick values covering [lo, hi] with a 1-2-5 step; the first and last are the axis ends.

    A zero-width range is widened to include 0 (``0, 0`` -> ``0 .. 1``);
    ``integer`` keeps the step at 1 or more (counts).
    """
    if lo > hi:
        lo, hi = hi, lo
    if lo == hi:
        if lo == 0:
            hi = 1.0
        elif lo > 0:
            lo = 0.0
        else:
            hi = 0.0
    step = nice_step(hi - lo, max_ticks)
    if integer and step < 1:
        step = 1.0
    decimals = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    start = math.floor(lo / step + 1e-9) * step
    end = math.ceil(hi / step - 1e-9) * step
    count = int(round((end - start) / step))
    ticks = []
    for i in range(count + 1):
        value = round(start + i * step, decimals + 2)
        ticks.append(0.0 if value == 0 else value)
    return ticks


# --------------------------------------------------------------------------- text metrics


def _char_width(ch: str) -> float:
    if ch in "il.,:;|!'`[]()":
        return 0.3
    if ch in "fjrtI ":
        return 0.36
    if ch in "mwMW@%":
        return 0.86
    if ch.isupper() or ch in "&#":
        return 0.66
    if ord(ch) > 0x2E80:  # CJK and other wide glyphs
        return 1.0
    return 0.56


def text_width(text: str, size: float = FONT) -> float:
    """Approximate rendered width in px of ``text`` in the system sans-serif font."""
    return sum(_char_width(c) for c in text) * size


def truncate(text: str, max_px: float, size: float = FONT) -> tuple[str, bool]:
    """``text`` shortened with an ellipsis to fit ``max_px``; and whether it was cut."""
    if text_width(text, size) <= max_px:
        return text, False
    shown = text
    while shown and text_width(shown + "…", size) > max_px:
        shown = shown[:-1]
    return shown.rstrip() + "…", True


def _n(value: float) -> str:
    rounded = round(value, 1)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.1f}"


def _text(x: float, y: float, content: str, *, anchor: str = "start", size: float = FONT,
          fill: str = TEXT, weight: str = "", max_px: float | None = None, rotate: float | None = None,
          cls: str = "", halo: bool = False) -> str:
    """A ``<text>`` element, vertically centred on ``y``; truncated to ``max_px`` with a tooltip."""
    full = str(content)
    shown, cut = truncate(full, max_px, size) if max_px is not None else (full, False)
    attrs = [f'x="{_n(x)}"', f'y="{_n(y)}"', 'dy="0.35em"', f'font-size="{_n(size)}"', f'fill="{fill}"']
    if anchor != "start":
        attrs.append(f'text-anchor="{anchor}"')
    if weight:
        attrs.append(f'font-weight="{weight}"')
    if rotate is not None:
        attrs.append(f'transform="rotate({_n(rotate)} {_n(x)} {_n(y)})"')
    if cls:
        attrs.append(f'class="{cls}"')
    if halo:  # a white outline keeps value labels readable over grid and target lines
        attrs.append('stroke="#fff" stroke-width="3" stroke-linejoin="round" paint-order="stroke"')
    tooltip = f"<title>{esc(full)}</title>" if cut else ""
    return f"<text {' '.join(attrs)}>{tooltip}{esc(shown)}</text>"


# --------------------------------------------------------------------------- helpers


def _values(values: Sequence[Any], length: int) -> list[float | None]:
    """The series values as finite floats or None, padded/cut to ``length``."""
    out = [as_number(v) for v in list(values)[:length]]
    return out + [None] * (length - len(out))


def _fmt(chart: Chart, value: float, *, compact: bool = False) -> str:
    """A value label; ``compact`` abbreviates only from 100,000 up ("1,045" stays exact, "$1.2M" is short)."""
    return format_value(value, chart.value_kind, chart.decimals, compact=compact and abs(value) >= 100_000)


def _tick_fmt(chart: Chart, ticks: list[float]) -> list[str]:
    step = abs(ticks[1] - ticks[0]) if len(ticks) > 1 else 1.0
    decimals = max(0, -math.floor(math.log10(step))) if 0 < step < 1 else 0
    biggest = max(abs(t) for t in ticks)
    compact = biggest >= 10_000  # "20K" on a round tick loses nothing
    return [format_value(t, chart.value_kind, decimals, compact=compact) for t in ticks]


def _svg_open(prefix: str, height: float, title: str, desc: str, kind: str) -> str:
    return (f'<svg class="chart chart-{kind}" role="img" '
            f'viewBox="0 0 {WIDTH} {_n(height)}" width="100%" preserveAspectRatio="xMidYMid meet" '
            f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="{esc(FONT_FAMILY)}" '
            'style="max-width:100%;height:auto;display:block">'
            f'<title id="{prefix}-title">{esc(title)}</title><desc id="{prefix}-desc">{esc(desc)}</desc>')


def _empty(chart: Chart, prefix: str, message: str = "No data for this period") -> str:
    height = 90
    return (_svg_open(prefix, height, chart.title or "Chart", f"{chart.title}: no data.", "empty")
            + f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1}" rx="6" fill="#f9fafb" '
              f'stroke="{GRID}"/>'
            + _text(WIDTH / 2, height / 2, message, anchor="middle", fill=MUTED, size=13)
            + "</svg>")


def _legend(items: list[tuple[str, str, str]], x0: float, y0: float, max_width: float) -> tuple[str, float]:
    """Legend entries (name, colour, kind: bar|line-<marker>|target), wrapped in rows; svg and height."""
    if not items:
        return "", 0.0
    parts = ['<g class="legend">']
    x, y, row_h = x0, y0 + 8, 20
    for name, colour, kind in items:
        label, cut = truncate(name, 180)
        width = 22 + text_width(label) + 18
        if x > x0 and x + width > x0 + max_width:
            x, y = x0, y + row_h
        if kind == "bar":
            parts.append(f'<rect x="{_n(x)}" y="{_n(y - 6)}" width="12" height="12" rx="2" fill="{colour}"/>')
        elif kind == "target":
            parts.append(f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 16)}" y2="{_n(y)}" stroke="{TARGET}" '
                         f'stroke-width="2" stroke-dasharray="5 3"/>')
        else:
            parts.append(f'<line x1="{_n(x)}" y1="{_n(y)}" x2="{_n(x + 16)}" y2="{_n(y)}" stroke="{colour}" '
                         f'stroke-width="2.5"/>')
            parts.append(_marker(kind.removeprefix("line-"), x + 8, y, colour))
        parts.append(_text(x + 20, y, name, fill=TEXT, max_px=180))
        x += width
    parts.append("</g>")
    return "".join(parts), (y - y0) + 16


def _marker(shape: str, x: float, y: float, colour: str, tooltip: str = "") -> str:
    tip = f"<title>{esc(tooltip)}</title>" if tooltip else ""
    common = f'fill="{colour}" stroke="#fff" stroke-width="1.5"'
    if shape == "square":
        el = f'<rect x="{_n(x - 4)}" y="{_n(y - 4)}" width="8" height="8" {common}>{tip}</rect>'
    elif shape == "diamond":
        el = (f'<path d="M{_n(x)} {_n(y - 5.5)}L{_n(x + 5.5)} {_n(y)}L{_n(x)} {_n(y + 5.5)}L{_n(x - 5.5)} {_n(y)}Z" '
              f'{common}>{tip}</path>')
    elif shape == "triangle":
        el = (f'<path d="M{_n(x)} {_n(y - 5.5)}L{_n(x + 5)} {_n(y + 4)}L{_n(x - 5)} {_n(y + 4)}Z" '
              f'{common}>{tip}</path>')
    else:
        el = f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.5" {common}>{tip}</circle>'
    return el


def _describe(kind: str, chart: Chart, categories: list[str]) -> str:
    if chart.description:
        return chart.description
    names = ", ".join(s.name for s in chart.series)
    return f"{kind} of {len(categories)} categories" + (f"; series: {names}." if names else ".")


def _bar_domain(series: list[list[float | None]], stacked: bool, target: float | None) -> tuple[float, float]:
    values: list[float] = [0.0]
    if stacked:
        for i in range(len(series[0]) if series else 0):
            column = [s[i] for s in series if s[i] is not None]
            values.append(sum(v for v in column if v > 0))
            values.append(sum(v for v in column if v < 0))
    else:
        values.extend(v for s in series for v in s if v is not None)
    if target is not None:
        values.append(target)
    return min(values), max(values)


def _has_data(series: list[list[float | None]]) -> bool:
    return any(v is not None for s in series for v in s)


# --------------------------------------------------------------------------- bar charts


def render_chart(chart: Chart, id_prefix: str = "chart") -> str:
    """Any chart block as an ``<svg>`` string; ``id_prefix`` makes its element ids unique on the page."""
    if isinstance(chart, LineChart):
        return line_chart(chart, id_prefix)
    if isinstance(chart, Histogram):
        return _vertical_bars(chart, id_prefix, list(chart.buckets), chart.stacked, None, "", histogram=True)
    if isinstance(chart, BarChart):
        if chart.orientation == "vertical":
            return _vertical_bars(chart, id_prefix, list(chart.categories), chart.stacked,
                                  as_number(chart.target), chart.target_label)
        return _horizontal_bars(chart, id_prefix)
    raise TypeError(f"not a chart: {type(chart).__name__}")


def standalone_svg(chart: Chart, id_prefix: str = "chart") -> str:
    """The chart as a standalone ``.svg`` file's text (adds the XML namespace inline SVG does not need)."""
    return render_chart(chart, id_prefix).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)


def _bar_legend(chart: Chart, target: float | None, target_label: str) -> list[tuple[str, str, str]]:
    items = []
    if len(chart.series) > 1:
        items = [(s.name, PALETTE[i % len(PALETTE)], "bar") for i, s in enumerate(chart.series)]
    if target is not None:
        items.append((f"{target_label}: {_fmt(chart, target)}", TARGET, "target"))
    return items


def _horizontal_bars(chart: BarChart, prefix: str) -> str:
    categories = [str(c) for c in chart.categories]
    series = [_values(s.values, len(categories)) for s in chart.series]
    if not categories or not _has_data(series):
        return _empty(chart, prefix)
    target = as_number(chart.target)
    stacked = chart.stacked and len(series) > 1
    lo, hi = _bar_domain(series, stacked, target)
    ticks = nice_ticks(lo, hi, 5, integer=chart.value_kind == "int")
    d_lo, d_hi = ticks[0], ticks[-1]
    tick_labels = _tick_fmt(chart, ticks)

    value_labels = [_fmt(chart, v) for s in series for v in s if v is not None]
    label_room = max(text_width(t, 11) for t in value_labels) + 10
    cat_w = min(max(text_width(c) for c in categories), 220)
    left = 12 + cat_w + 12 + (label_room if d_lo < 0 else 0)
    right = max(label_room if d_hi > 0 else 0, text_width(tick_labels[-1]) / 2) + 12
    plot_w = WIDTH - left - right

    legend_svg, legend_h = _legend(_bar_legend(chart, target, chart.target_label), 12, 4, WIDTH - 24)
    top = 12 + legend_h + (8 if legend_h else 0)
    grouped = len(series) > 1 and not stacked
    bar_h = 13 if grouped else 20
    band = bar_h * len(series) if grouped else bar_h
    row_h = band + 12
    plot_h = row_h * len(categories)
    bottom = 26 + (20 if chart.axis_label else 0)
    height = top + plot_h + bottom

    def x(value: float) -> float:
        return left + (value - d_lo) / (d_hi - d_lo) * plot_w

    desc = _describe("Horizontal bar chart", chart, categories)
    parts = [_svg_open(prefix, height, chart.title or "Bar chart", desc, "bar"), legend_svg]
    # grid + ticks
    parts.append('<g class="grid">')
    for tick, label in zip(ticks, tick_labels):
        gx = x(tick)
        parts.append(f'<line x1="{_n(gx)}" y1="{_n(top)}" x2="{_n(gx)}" y2="{_n(top + plot_h)}" '
                     f'stroke="{AXIS if tick == 0 else GRID}" stroke-width="1"/>')
        parts.append(_text(gx, top + plot_h + 12, label, anchor="middle", fill=MUTED, size=11))
    parts.append("</g>")
    if chart.axis_label:
        parts.append(_text(left + plot_w / 2, top + plot_h + 32, chart.axis_label, anchor="middle",
                           fill=MUTED, size=12))
    zero = x(0.0)
    parts.append('<g class="bars">')
    for ci, category in enumerate(categories):
        row_top = top + ci * row_h + 6
        cy = row_top + band / 2
        parts.append(_text(12 + cat_w, cy, category, anchor="end", max_px=cat_w))
        pos_end, neg_end = zero, zero
        for si, values in enumerate(series):
            value = values[ci]
            if value is None:
                continue
            colour = PALETTE[si % len(PALETTE)]
            tip = _bar_tip(chart, category, si, value)
            if stacked:
                if value >= 0:
                    x0, x1 = pos_end, pos_end + (x(value) - zero)
                    pos_end = x1
                else:
                    x1, x0 = neg_end, neg_end - (zero - x(value))
                    neg_end = x0
                y0 = row_top
            else:
                x0, x1 = sorted((zero, x(value)))
                y0 = row_top + (si * bar_h if grouped else 0)
            h = bar_h - (2 if grouped else 0)
            parts.append(f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(max(x1 - x0, 0))}" height="{_n(h)}" '
                         f'rx="2" fill="{colour}"{_SEPARATOR if stacked else ""}><title>{esc(tip)}</title></rect>')
            if not stacked:
                label = _fmt(chart, value)
                if value >= 0:
                    parts.append(_text(x1 + 5, y0 + h / 2, label, size=11, fill=TEXT, halo=True))
                else:
                    parts.append(_text(x0 - 5, y0 + h / 2, label, size=11, fill=TEXT, anchor="end", halo=True))
        if stacked:
            column = [s[ci] for s in series if s[ci] is not None]
            total = sum(column)
            if column:
                if pos_end > zero or not any(v < 0 for v in column):
                    parts.append(_text(pos_end + 5, cy, _fmt(chart, total), size=11, fill=TEXT,
                                       weight="600", halo=True))
                else:
                    parts.append(_text(neg_end - 5, cy, _fmt(chart, total), size=11, fill=TEXT, anchor="end",
                                       weight="600", halo=True))
    parts.append("</g>")
    if target is not None:
        tx = x(target)
        parts.append(f'<line class="target" x1="{_n(tx)}" y1="{_n(top - 4)}" x2="{_n(tx)}" y2="{_n(top + plot_h)}" '
                     f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="5 3">'
                     f'<title>{esc(chart.target_label)}: {esc(_fmt(chart, target))}</title></line>')
    parts.append("</svg>")
    return "".join(parts)


def _bar_tip(chart: Chart, category: str, index: int, value: float) -> str:
    """A bar's tooltip: the category, the series when there are several, the value."""
    if len(chart.series) > 1:
        return f"{category} · {chart.series[index].name}: {_fmt(chart, value)}"
    return f"{category}: {_fmt(chart, value)}"


def _y_axis(chart: Chart, ticks: list[float], tick_labels: list[str], left: float, plot_w: float,
            y: Any, top: float, plot_h: float) -> list[str]:
    parts = ['<g class="grid">']
    for tick, label in zip(ticks, tick_labels):
        gy = y(tick)
        parts.append(f'<line x1="{_n(left)}" y1="{_n(gy)}" x2="{_n(left + plot_w)}" y2="{_n(gy)}" '
                     f'stroke="{AXIS if tick == 0 else GRID}" stroke-width="1"/>')
        parts.append(_text(left - 8, gy, label, anchor="end", fill=MUTED, size=11))
    parts.append("</g>")
    if chart.axis_label:
        parts.append(_text(14, top + plot_h / 2, chart.axis_label, anchor="middle", fill=MUTED, size=12,
                           rotate=-90, max_px=plot_h))
    return parts


SLANT_MAX = 150.0  # longest slanted category label, px
SLANT_COS = math.cos(math.radians(40))


def _x_labels(labels: list[str], left: float, slot: float, base_y: float) -> tuple[list[str], float]:
    """Category labels under a vertical chart: straight if they fit, else thinned or slanted."""
    widest = max(text_width(c) for c in labels)
    parts: list[str] = []
    if widest <= slot - 6:
        for i, label in enumerate(labels):
            parts.append(_text(left + slot * (i + 0.5), base_y + 10, label, anchor="middle"))
        return parts, 24
    # slanted labels, truncated to SLANT_MAX px
    max_px = SLANT_MAX
    for i, label in enumerate(labels):
        cx = left + slot * (i + 0.5)
        parts.append(_text(cx + 4, base_y + 10, label, anchor="end", rotate=-40, max_px=max_px))
    used = min(widest, max_px)
    return parts, used * math.sin(math.radians(40)) + 22


def _vertical_bars(chart: BarChart | Histogram, prefix: str, categories: list[str], stacked: bool,
                   target: float | None, target_label: str, histogram: bool = False) -> str:
    categories = [str(c) for c in categories]
    series = [_values(s.values, len(categories)) for s in chart.series]
    if not categories or not _has_data(series):
        return _empty(chart, prefix)
    stacked = stacked and len(series) > 1
    lo, hi = _bar_domain(series, stacked, target)
    ticks = nice_ticks(lo, hi, 5, integer=chart.value_kind == "int")
    d_lo, d_hi = ticks[0], ticks[-1]
    tick_labels = _tick_fmt(chart, ticks)

    legend_svg, legend_h = _legend(_bar_legend(chart, target, target_label), 12, 4, WIDTH - 24)
    top = 12 + legend_h + (8 if legend_h else 0) + 14
    left = 12 + (22 if chart.axis_label else 0) + max(text_width(t, 11) for t in tick_labels) + 10
    right = 16
    plot_w = WIDTH - left - right
    plot_h = 220
    slot = plot_w / len(categories)
    widest = max(text_width(c) for c in categories)
    if widest > slot - 6:  # slanted labels: the first one must not run off the left edge
        reach = min(widest, SLANT_MAX) * SLANT_COS - 4
        if reach - slot / 2 > left - 8:
            left = reach - slot / 2 + 16
            plot_w = WIDTH - left - right
            slot = plot_w / len(categories)
    _, label_h = _x_labels(categories, left, slot, 0)  # measure
    height = top + plot_h + label_h + 8

    def y(value: float) -> float:
        return top + (d_hi - value) / (d_hi - d_lo) * plot_h

    kind = "Histogram" if histogram else "Vertical bar chart"
    parts = [_svg_open(prefix, height, chart.title or kind, _describe(kind, chart, categories),
                       "histogram" if histogram else "bar"), legend_svg]
    parts += _y_axis(chart, ticks, tick_labels, left, plot_w, y, top, plot_h)
    labels, _ = _x_labels(categories, left, slot, top + plot_h)
    parts += labels
    grouped = len(series) > 1 and not stacked
    pad = 1.0 if histogram else slot * 0.18
    band = slot - 2 * pad
    bar_w = band / len(series) if grouped else band
    zero = y(0.0)
    parts.append('<g class="bars">')
    for ci, category in enumerate(categories):
        x_left = left + ci * slot + pad
        pos_end, neg_end = zero, zero
        for si, values in enumerate(series):
            value = values[ci]
            if value is None:
                continue
            colour = PALETTE[si % len(PALETTE)]
            tip = _bar_tip(chart, category, si, value)
            if stacked:
                h = abs(y(value) - zero)
                if value >= 0:
                    y0 = pos_end - h
                    pos_end = y0
                else:
                    y0 = neg_end
                    neg_end = neg_end + h
                x0 = x_left
            else:
                y0, y1 = sorted((zero, y(value)))
                h = y1 - y0
                x0 = x_left + (si * bar_w if grouped else 0)
            w = bar_w - (1.5 if grouped else 0)
            parts.append(f'<rect x="{_n(x0)}" y="{_n(y0)}" width="{_n(max(w, 1))}" height="{_n(h)}" '
                         f'fill="{colour}"{_SEPARATOR if stacked else ""}><title>{esc(tip)}</title></rect>')
            if not stacked:
                label = _fmt(chart, value, compact=True)
                if text_width(label, 11) <= bar_w + 4:
                    ly = y0 - 8 if value >= 0 else y0 + h + 8
                    parts.append(_text(x0 + w / 2, ly, label, anchor="middle", size=11, halo=True))
        if stacked:
            column = [s[ci] for s in series if s[ci] is not None]
            label = _fmt(chart, sum(column), compact=True)
            if column and text_width(label, 11) <= slot:
                ly = pos_end - 8 if pos_end < zero or not any(v < 0 for v in column) else neg_end + 8
                parts.append(_text(x_left + band / 2, ly, label, anchor="middle", size=11, weight="600", halo=True))
    parts.append("</g>")
    if target is not None:
        ty = y(target)
        parts.append(f'<line class="target" x1="{_n(left)}" y1="{_n(ty)}" x2="{_n(left + plot_w)}" y2="{_n(ty)}" '
                     f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="5 3">'
                     f'<title>{esc(target_label)}: {esc(_fmt(chart, target))}</title></line>')
    parts.append("</svg>")
    return "".join(parts)


# --------------------------------------------------------------------------- line chart


def line_chart(chart: LineChart, prefix: str = "chart") -> str:
    """A trend chart: one line per series, gaps where values are missing."""
    labels = [str(c) for c in chart.x_labels]
    series = [_values(s.values, len(labels)) for s in chart.series]
    if not labels or not _has_data(series):
        return _empty(chart, prefix)
    target = as_number(chart.target)
    values = [v for s in series for v in s if v is not None] + ([target] if target is not None else [])
    lo, hi = min(values), max(values)
    if lo >= 0 and (hi == 0 or lo <= hi * 0.5):
        lo = 0.0
    if lo == hi:  # one distinct value: show it against zero
        lo, hi = (0.0, hi) if hi > 0 else (lo, 0.0) if lo < 0 else (0.0, 1.0)
    if chart.value_kind == "pct" and hi <= 100 and lo >= 0:
        hi = min(hi, 100.0)
    ticks = nice_ticks(lo, hi, 5, integer=chart.value_kind == "int")
    d_lo, d_hi = ticks[0], ticks[-1]
    tick_labels = _tick_fmt(chart, ticks)

    items = [(s.name, PALETTE[i % len(PALETTE)], f"line-{MARKERS[i % len(MARKERS)]}")
             for i, s in enumerate(chart.series)] if len(series) > 1 else []
    if target is not None:
        items.append((f"{chart.target_label}: {_fmt(chart, target)}", TARGET, "target"))
    legend_svg, legend_h = _legend(items, 12, 4, WIDTH - 24)
    top = 12 + legend_h + (8 if legend_h else 0) + 14
    left = 12 + (22 if chart.axis_label else 0) + max(text_width(t, 11) for t in tick_labels) + 10
    right = 20
    plot_w = WIDTH - left - right
    plot_h = 220
    slot = plot_w / len(labels)

    # thin the x labels when they do not fit: show every k-th (always the last)
    widest = max(text_width(c) for c in labels)
    every = max(1, math.ceil((widest + 8) / slot))
    height = top + plot_h + 30

    def y(value: float) -> float:
        return top + (d_hi - value) / (d_hi - d_lo) * plot_h

    def x(i: int) -> float:
        return left + slot * (i + 0.5)

    parts = [_svg_open(prefix, height, chart.title or "Line chart", _describe("Line chart", chart, labels), "line"),
             legend_svg]
    parts += _y_axis(chart, ticks, tick_labels, left, plot_w, y, top, plot_h)
    last = len(labels) - 1
    for i, label in enumerate(labels):
        if (last - i) % every == 0:
            parts.append(_text(x(i), top + plot_h + 14, label, anchor="middle", max_px=max(slot * every - 6, 30)))
    if target is not None:
        ty = y(target)
        parts.append(f'<line class="target" x1="{_n(left)}" y1="{_n(ty)}" x2="{_n(left + plot_w)}" y2="{_n(ty)}" '
                     f'stroke="{TARGET}" stroke-width="2" stroke-dasharray="5 3">'
                     f'<title>{esc(chart.target_label)}: {esc(_fmt(chart, target))}</title></line>')
    single = len(series) == 1
    for si, values in enumerate(series):
        colour = PALETTE[si % len(PALETTE)]
        shape = MARKERS[si % len(MARKERS)]
        name = chart.series[si].name
        parts.append(f'<g class="series" data-series="{esc(name)}">')
        path, pen_down = [], False
        for i, value in enumerate(values):
            if value is None:
                pen_down = False
                continue
            path.append(f"{'L' if pen_down else 'M'}{_n(x(i))} {_n(y(value))}")
            pen_down = True
        if path:
            parts.append(f'<path d="{"".join(path)}" fill="none" stroke="{colour}" stroke-width="2.5" '
                         f'stroke-linejoin="round" stroke-linecap="round"/>')
        for i, value in enumerate(values):
            if value is None:
                continue
            tip = f"{name} · {labels[i]}: {_fmt(chart, value)}"
            parts.append(_marker(shape, x(i), y(value), colour, tip))
            if single:
                label = _fmt(chart, value, compact=True)
                if text_width(label, 11) <= slot + 2:
                    parts.append(_text(x(i), y(value) - 13, label, anchor="middle", size=11, halo=True))
        parts.append("</g>")
    parts.append("</svg>")
    return "".join(parts)
