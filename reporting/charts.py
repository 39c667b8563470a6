"""Charts as Vega-Lite specs: one spec for the page and the PDF.

The domain apps build a spec with the builders below (or their own layers on top of ``base``);
pages write it with ``{% load charts %}{% chart spec %}`` and static/js/charts.js renders it in the
browser with vega-embed (served from node_modules, Vega's expression interpreter instead of eval,
so the CSP stays without 'unsafe-eval'); PDFs embed ``chart_svg(spec)``, the same spec rendered to
static SVG by vl-convert, which bundles Vega and is never allowed to fetch anything.

Numbers are printed the Russian way (decimal comma, a non-breaking space between thousands) and
dates with Russian month names: the locale travels inside the spec's config, so the browser and
vl-convert format alike. Colour is never the only signal: lines also differ by dash and marker.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from schools.formats import format_number

Spec = dict[str, Any]
Number = Decimal | float | int | None

WIDTH, HEIGHT = 640, 300
FONT = "DejaVu Sans, sans-serif"
# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#8C564B"]
DASHES = [[1, 0], [6, 3], [2, 3], [8, 3, 2, 3]]
SHAPES = ["circle", "square", "triangle-up", "diamond"]

FORMAT_LOCALE = {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0₽"]}
TIME_FORMAT_LOCALE = {
    "dateTime": "%A, %e %B %Y г. %X",
    "date": "%d.%m.%Y",
    "time": "%H:%M:%S",
    "periods": ["", ""],
    "days": ["воскресенье", "понедельник", "вторник", "среда", "четверг", "пятница", "суббота"],
    "shortDays": ["вс", "пн", "вт", "ср", "чт", "пт", "сб"],
    "months": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    "shortMonths": ["янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек"],
}
# At most two decimals, trailing zeros dropped (0,25; 12; 1 234,5): the portal's number format.
NUMBER = ",.2~f"

CONFIG: Spec = {
    "locale": {"number": FORMAT_LOCALE, "time": TIME_FORMAT_LOCALE},
    "font": FONT,
    "axis": {"labelFontSize": 11, "titleFontSize": 12, "titleFontWeight": "normal", "gridColor": "#e9ecef"},
    "legend": {"labelFontSize": 11, "titleFontSize": 12, "orient": "bottom", "labelLimit": 320, "columns": 2},
    "title": {"fontSize": 14, "anchor": "start"},
    "range": {"category": COLOURS},
    "view": {"stroke": None},
}


def _number(value: Number) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


#: legend labels longer than this wrap onto lines: on a phone (390 px) a legend starts after the
#: y-axis labels and has room for about 25 characters
LEGEND_LINE = 22


def wrapped_labels(labels: Sequence[str], *, width: int = LEGEND_LINE) -> Spec:
    """A legend's ``labelExpr`` that breaks the long labels into lines (Vega draws an array as
    lines) and no length limit, so a label is never cut; ``{}`` when every label fits. A chain of
    comparisons the expression interpreter evaluates (no eval under the CSP)."""
    long = [label for label in labels if len(label) > width]
    if not long:
        return {}
    expression = "datum.label"
    for label in reversed(long):
        lines = json.dumps(textwrap.wrap(label, width), ensure_ascii=False)
        expression = f"datum.label === {json.dumps(label, ensure_ascii=False)} ? {lines} : ({expression})"
    return {"labelExpr": expression, "labelLimit": 0}


def base(*, title: str, description: str = "", width: int = WIDTH, height: int = HEIGHT) -> Spec:
    """The frame every chart shares: size, the Russian locale, fonts, the title and the text
    description screen readers announce (Vega writes it as the SVG's aria-label)."""
    spec: Spec = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",  # an identifier, never fetched
        "width": width,
        "height": height,
        "config": CONFIG,
        "background": "white",
    }
    if title:
        spec["title"] = title
    spec["description"] = description or title
    return spec


def line_chart(series: Mapping[str, Sequence[tuple[int, Number]]], *, unit: str, title: str) -> Spec | None:
    """Values over the years, one line per series (label → [(year, value or None), …]); a missing
    value breaks its line. None when there is no value at all (the page says «нет данных»)."""
    rows = [
        {"series": str(label), "year": int(year), "value": _number(value)}
        for label, points in series.items()
        for year, value in sorted(points, key=lambda p: p[0])
    ]
    if not any(r["value"] is not None for r in rows):
        return None
    labels = list(dict.fromkeys(r["series"] for r in rows))
    years = sorted({r["year"] for r in rows})
    description = "; ".join(
        f"{label}: "
        + ", ".join(
            f"{r['year']} — {_ru(r['value']) if r['value'] is not None else 'нет данных'}"
            for r in rows
            if r["series"] == label
        )
        for label in labels
    )
    values = [r["value"] for r in rows if r["value"] is not None]
    # The axis starts at zero when the values are positive and far from it; otherwise it zooms in.
    zero = 0 <= min(values) < max(values) * 0.3
    legend = {"title": None} if len(labels) > 1 else None
    scale_of = {"domain": labels}
    encoding = {
        "x": {"field": "year", "type": "ordinal", "title": "Год", "axis": {"labelAngle": 0}, "sort": years},
        "y": {
            "field": "value",
            "type": "quantitative",
            "title": unit or "Значение",
            "axis": {"format": NUMBER},
            "scale": {"zero": zero},
        },
        "color": {"field": "series", "type": "nominal", "scale": scale_of, "legend": legend},
        "strokeDash": {
            "field": "series",
            "type": "nominal",
            "scale": {**scale_of, "range": DASHES},
            "legend": legend,
        },
        "shape": {"field": "series", "type": "nominal", "scale": {**scale_of, "range": SHAPES}, "legend": legend},
        "tooltip": [
            {"field": "series", "type": "nominal", "title": "Ряд"},
            {"field": "year", "type": "ordinal", "title": "Год"},
            {"field": "value", "type": "quantitative", "title": unit or "Значение", "format": NUMBER},
        ],
    }
    if len(labels) == 1:
        for channel in ("color", "strokeDash", "shape"):
            encoding[channel]["legend"] = None
    spec = base(title=title, description=description)
    spec.update(
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": {"filled": True, "size": 50}, "strokeWidth": 2},
            "encoding": encoding,
        }
    )
    return spec


def bar_chart(
    rows: Sequence[tuple[str, Number]],
    *,
    title: str,
    value_title: str,
    category_title: str = "",
    colour: str = COLOURS[0],
    colours: Sequence[str] = (),
    domain_max: float | None = None,
) -> Spec | None:
    """Horizontal bars, one per category (label, value) in the given order: municipalities side by
    side, schools by category. ``colours`` gives each bar its own colour (the label says what it
    is, so colour is not the only signal). The value is written at the end of its bar."""
    data = [
        {"label": str(label), "value": _number(value), "colour": colours[i] if i < len(colours) else colour}
        for i, (label, value) in enumerate(rows)
    ]
    if not any(r["value"] is not None for r in data):
        return None
    order = [r["label"] for r in data]
    scale: Spec = {"domain": [0, domain_max]} if domain_max is not None else {"zero": True}
    y = {"field": "label", "type": "nominal", "sort": order, "title": category_title or None}
    x = {"field": "value", "type": "quantitative", "title": value_title, "axis": {"format": NUMBER}, "scale": scale}
    spec = base(
        title=title,
        description=(f"{title}: " if title else f"{value_title}: ")
        + "; ".join(f"{r['label']} — {_ru(r['value'])}" for r in data),
        height=max(60, 26 * len(data)),
    )
    spec.update(
        {
            "data": {"values": data},
            "encoding": {
                "y": {**y, "axis": {"labelLimit": 260}},
                "x": x,
                "tooltip": [
                    {"field": "label", "type": "nominal", "title": category_title or "Объект"},
                    {"field": "value", "type": "quantitative", "title": value_title, "format": NUMBER},
                ],
            },
            "layer": [
                {
                    "mark": {"type": "bar"},
                    "encoding": {"color": {"field": "colour", "type": "nominal", "scale": None, "legend": None}},
                },
                {
                    "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
                    "encoding": {"text": {"field": "value", "type": "quantitative", "format": NUMBER}},
                },
            ],
        }
    )
    return spec


def grouped_bars(
    rows: Sequence[tuple[str, str, Number]],
    *,
    title: str,
    value_title: str,
    group_title: str = "",
    series_title: str = "",
    series_order: Sequence[str] = (),
    colours: Sequence[str] = (),
    stacked: bool = False,
    counts: bool = False,
) -> Spec | None:
    """Bars of several series per group ((group, series, value), …): a distribution per
    municipality, side by side (or stacked when ``stacked``). Groups keep the given order.
    ``counts``: the values are whole things (due dates, schools), so the axis never shows «0,5»."""
    data = [{"group": str(g), "series": str(s), "value": _number(v)} for g, s, v in rows]
    if not any(r["value"] is not None for r in data):
        return None
    groups = list(dict.fromkeys(r["group"] for r in data))
    series = list(series_order) or list(dict.fromkeys(r["series"] for r in data))
    colour: Spec = {
        "field": "series",
        "type": "nominal",
        "title": series_title or None,
        "scale": {"domain": series, **({"range": list(colours)} if colours else {})},
        "sort": series,
        "legend": {"columns": 1, **wrapped_labels(series)},
    }
    encoding: Spec = {
        "y": {"field": "group", "type": "nominal", "sort": groups, "title": group_title or None},
        "x": {
            "field": "value",
            "type": "quantitative",
            "title": value_title,
            "axis": {"format": "d", "tickMinStep": 1} if counts else {"format": NUMBER},
            "stack": "zero" if stacked else None,
        },
        "color": colour,
        "order": {"field": "rank", "type": "quantitative"},
        "tooltip": [
            {"field": "group", "type": "nominal", "title": group_title or "Группа"},
            {"field": "series", "type": "nominal", "title": series_title or "Ряд"},
            {"field": "value", "type": "quantitative", "title": value_title, "format": NUMBER},
        ],
    }
    if not stacked:
        encoding["yOffset"] = {"field": "series", "type": "nominal", "sort": series}
    for r in data:
        r["rank"] = series.index(r["series"]) if r["series"] in series else len(series)
    per_group = 1 if stacked else max(1, len(series))
    spec = base(
        title=title,
        description=f"{title}: "
        + "; ".join(f"{r['group']}, {r['series']} — {_ru(r['value'])}" for r in data if r["value"] is not None),
        height=max(60, (22 if stacked else 12 * per_group + 8) * len(groups)),
    )
    spec.update({"data": {"values": data}, "mark": {"type": "bar"}, "encoding": encoding})
    return spec


def scatter_chart(
    points: Sequence[Mapping[str, Any]],
    *,
    title: str,
    x_title: str,
    y_title: str,
    colour_title: str = "",
) -> Spec | None:
    """Points (x, y, label, optional group and href): a generic scatter with tooltips and links."""
    data = [
        {
            "x": _number(p["x"]),
            "y": _number(p["y"]),
            "label": str(p.get("label", "")),
            "group": str(p.get("group", "")),
            **({"href": p["href"]} if p.get("href") else {}),
        }
        for p in points
        if _number(p.get("x")) is not None and _number(p.get("y")) is not None
    ]
    if not data:
        return None
    spec = base(title=title)
    spec.update(
        {
            "data": {"values": data},
            "mark": {"type": "point", "filled": True, "size": 60},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "title": x_title, "axis": {"format": NUMBER}},
                "y": {"field": "y", "type": "quantitative", "title": y_title, "axis": {"format": NUMBER}},
                "color": {"field": "group", "type": "nominal", "title": colour_title or None},
                "href": {"field": "href"},
                "tooltip": [
                    {"field": "label", "type": "nominal", "title": "Название"},
                    {"field": "x", "type": "quantitative", "title": x_title, "format": ",.3~f"},
                    {"field": "y", "type": "quantitative", "title": y_title, "format": ",.3~f"},
                ],
            },
        }
    )
    return spec


def _ru(value: float | None) -> str:
    """A number in a description: as the axis prints it (decimal comma, at most two decimals)."""
    return "нет данных" if value is None else format_number(value, 2)


def chart_svg(spec: Spec) -> str:
    """The chart as static SVG for a PDF: vl-convert renders the very spec the page shows. No URL
    is allowed (the data is inline), so nothing is fetched at run time."""
    import vl_convert  # heavy (a bundled JavaScript engine): loaded when a PDF needs a chart

    return vl_convert.vegalite_to_svg(spec, allowed_base_urls=[])
