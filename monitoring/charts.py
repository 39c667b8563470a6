"""A server-side SVG line chart: values over the years, one line per series (a municipality or a
school). Pure text, escaped, no JavaScript: the same picture serves pages, dashboards and PDF
reports (WeasyPrint renders inline SVG).

Colour is never the only signal: every series has its own marker shape and dash pattern, and the
legend names it next to both; each point carries a tooltip with the value, and the chart has a
title and a text description for screen readers.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from decimal import Decimal
from xml.sax.saxutils import escape

from schools.formats import format_number

W, H = 760, 360
PAD_L, PAD_R, PAD_T, PAD_B = 64, 20, 40, 44
LEGEND_ROW = 20
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B")
DASHES = ("", "6 3", "2 3", "8 3 2 3")
MARKERS = ("circle", "square", "triangle", "diamond")

Point = tuple[int, Decimal | float | int | None]


def _num(value: float) -> str:
    """A Russian number for labels: decimal comma, no trailing zeros, at most two decimals."""
    return format_number(value, 2)


def _attr(text: str) -> str:
    return escape(text, {'"': "&quot;"})


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    if high <= low:
        high = low + 1
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}" fill="{colour}"/>'
        )
    if shape == "diamond":
        return f'<polygon points="{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart_svg(series: Mapping[str, Sequence[Point]], unit: str, title: str) -> str:
    """An SVG line chart of ``series`` (label → [(year, value or None), …]); ``unit`` labels the
    value axis, ``title`` heads the chart. A missing value breaks its line. With no value at all
    the answer is a short text instead of an empty chart."""
    clean: dict[str, list[tuple[int, float | None]]] = {}
    for label, points in series.items():
        clean[str(label)] = [
            (int(year), float(value) if value is not None and math.isfinite(float(value)) else None)
            for year, value in sorted(points, key=lambda p: p[0])
        ]
    values = [v for points in clean.values() for _y, v in points if v is not None]
    if not values:
        return f'<p class="text-muted mb-0">{escape(title)}: нет данных для графика.</p>'
    years = sorted({y for points in clean.values() for y, _v in points})
    smallest, largest = min(values), max(values)
    # Start the axis at zero when the values are positive and far from it; otherwise zoom in.
    ticks = _ticks(0.0 if 0 <= smallest < largest * 0.3 else smallest, largest)
    low, high = ticks[0], ticks[-1]
    legend_rows = math.ceil(len(clean) / 3)
    height = H + legend_rows * LEGEND_ROW
    plot_bottom = H - PAD_B

    def sx(year: int) -> float:
        if len(years) == 1:
            return (PAD_L + W - PAD_R) / 2
        return PAD_L + (W - PAD_L - PAD_R) * (year - years[0]) / (years[-1] - years[0])

    def sy(value: float) -> float:
        return plot_bottom - (plot_bottom - PAD_T) * (value - low) / (high - low)

    # Deterministic ids (the same chart renders the same bytes), distinct for distinct charts.
    uid = "lc" + hashlib.sha1(repr((title, list(clean))).encode()).hexdigest()[:10]
    description = "; ".join(
        f"{label}: " + ", ".join(f"{y} — {_num(v) if v is not None else 'нет данных'}" for y, v in points)
        for label, points in clean.items()
    )
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" width="100%" role="img" '
        f'aria-labelledby="{uid}-t {uid}-d" font-family="DejaVu Sans, sans-serif" font-size="12">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(description)}</desc>',
        f'<text x="{PAD_L}" y="20" font-size="14" font-weight="bold" fill="#212529">{escape(title)}</text>',
    ]
    for tick in ticks:
        y = sy(tick)
        out.append(f'<line x1="{PAD_L}" x2="{W - PAD_R}" y1="{y:.1f}" y2="{y:.1f}" stroke="#dee2e6" stroke-width="1"/>')
        out.append(f'<text x="{PAD_L - 8}" y="{y + 4:.1f}" text-anchor="end" fill="#495057">{_num(tick)}</text>')
    out.append(
        f'<text transform="rotate(-90)" x="{-(plot_bottom + PAD_T) / 2:.1f}" y="14" text-anchor="middle" '
        f'fill="#495057">{escape(unit)}</text>'
    )
    out.append(f'<line x1="{PAD_L}" y1="{plot_bottom}" x2="{W - PAD_R}" y2="{plot_bottom}" stroke="#212529"/>')
    for year in years:
        x = sx(year)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{plot_bottom}" y2="{plot_bottom + 5}" stroke="#212529"/>')
        out.append(f'<text x="{x:.1f}" y="{plot_bottom + 20}" text-anchor="middle" fill="#212529">{year}</text>')
    for index, (label, points) in enumerate(clean.items()):
        colour = COLOURS[index % len(COLOURS)]
        dash = DASHES[(index // len(COLOURS) + index) % len(DASHES)]
        shape = MARKERS[index % len(MARKERS)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        segment: list[str] = []
        segments: list[list[str]] = []
        for year, value in points:
            if value is None:
                if segment:
                    segments.append(segment)
                segment = []
                continue
            segment.append(f"{sx(year):.1f},{sy(value):.1f}")
        if segment:
            segments.append(segment)
        out.append(f'<g aria-label="{_attr(label)}">')
        for part in segments:
            if len(part) > 1:
                out.append(
                    f'<polyline points="{" ".join(part)}" fill="none" stroke="{colour}" stroke-width="2"{dash_attr}/>'
                )
        for year, value in points:
            if value is not None:
                tip = f"{label}, {year}: {_num(value)} {unit}".strip()
                out.append(f"<g><title>{escape(tip)}</title>{_marker(shape, sx(year), sy(value), colour)}</g>")
        out.append("</g>")
        row, column = divmod(index, 3)
        lx, ly = PAD_L + column * ((W - PAD_L) / 3), H + row * LEGEND_ROW - 8
        out.append(
            f'<line x1="{lx:.1f}" x2="{lx + 24:.1f}" y1="{ly:.1f}" y2="{ly:.1f}" stroke="{colour}" stroke-width="2"{dash_attr}/>'
        )
        out.append(_marker(shape, lx + 12, ly, colour))
        short = label if len(label) <= 34 else label[:33] + "…"
        out.append(f'<text x="{lx + 30:.1f}" y="{ly + 4:.1f}" fill="#212529">{escape(short)}</text>')
    out.append("</svg>")
    return "\n".join(out)
