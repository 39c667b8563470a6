"""The identification scatter as a Vega-Lite spec (reporting/charts.py): quality index against ИСБШ,
the four category zones as shaded quadrants named in the legend, the group boundaries as thin
dashed rules. The page renders it with vega-embed, the PDF report with vl-convert: one spec.
Each named point links to its school and tells its values in a tooltip."""

from __future__ import annotations

import math
from typing import Any

from reporting.charts import NUMBER, Spec, base

ZONES = {
    "low_on_both": ("адресное сопровождение", "#f8d7da"),
    "resilient": ("адресная поддержка (резильентные)", "#d1e7dd"),
    "not_coping": ("адресное наставничество", "#fff3cd"),
    "stable": ("стабильные", "#e2e3e5"),
}
POINT = {
    "low_on_both": "#b02a37",
    "resilient": "#198754",
    "not_coping": "#b7791f",
    "stable": "#495057",
    "no_data": "#adb5bd",
}
CATEGORY_NAMES = {key: name for key, (name, _colour) in ZONES.items()} | {"no_data": "нет данных"}
MUTED = "#ced4da"  # the population around the highlighted schools
X_TITLE = "ИСБШ (ожидаемый по социальному составу результат)"
Y_TITLE = "Индекс качества"
TITLE = "Индекс качества и ИСБШ школ: категории адресной поддержки"


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _edge(boundaries: list, group: int) -> float | None:
    """Where group `group + 1` begins (boundaries[g − 1] is the start of group g + 1)."""
    if 1 <= group <= len(boundaries):
        return _finite(boundaries[group - 1])
    return None


def scatter_spec(*, points: list[dict], summary: dict, thresholds: dict, url_for=None) -> Spec | None:
    """points: dicts with x (ИСБШ), y (quality), category, label, school_id; optionally
    ``highlight`` (a ringed point: the schools the page is about) or ``muted`` (a small grey
    point underneath; without a label it is an anonymous school of the population).
    None when no school has both indices."""
    pts = [p for p in points if _finite(p["x"]) is not None and _finite(p["y"]) is not None]
    if not pts:
        return None
    xs, ys = [float(p["x"]) for p in pts], [float(p["y"]) for p in pts]
    x_edge = _edge(summary["wellbeing_groups"]["boundaries"], thresholds["unfavourable_max_wellbeing_group"])
    y_edge = _edge(summary["quality_groups"]["boundaries"], thresholds["low_quality_max_group"])
    lo_x, hi_x = min(xs + [x_edge if x_edge is not None else xs[0]]), max(xs + [x_edge or xs[0]])
    lo_y, hi_y = min(ys + [y_edge if y_edge is not None else ys[0], 1.0]), max(ys + [y_edge or ys[0], 1.0])
    pad_x, pad_y = (hi_x - lo_x) * 0.06 or 0.05, (hi_y - lo_y) * 0.06 or 0.05
    lo_x, hi_x, lo_y, hi_y = lo_x - pad_x, hi_x + pad_x, lo_y - pad_y, hi_y + pad_y
    x_scale = {"domain": [lo_x, hi_x], "nice": False, "zero": False}
    y_scale = {"domain": [lo_y, hi_y], "nice": False, "zero": False}

    def x(title: str | None = X_TITLE) -> Spec:
        return {"field": "x", "type": "quantitative", "scale": x_scale, "title": title, "axis": {"format": NUMBER}}

    def y(title: str | None = Y_TITLE) -> Spec:
        return {"field": "y", "type": "quantitative", "scale": y_scale, "title": title, "axis": {"format": NUMBER}}

    layers: list[Spec] = []
    if x_edge is not None and y_edge is not None:
        boxes = {
            "low_on_both": (lo_x, x_edge, lo_y, y_edge),
            "resilient": (lo_x, x_edge, y_edge, hi_y),
            "not_coping": (x_edge, hi_x, lo_y, y_edge),
            "stable": (x_edge, hi_x, y_edge, hi_y),
        }
        names = [ZONES[key][0] for key in boxes]
        layers.append(
            {
                "data": {
                    "values": [
                        {"zone": ZONES[key][0], "x": x0, "x2": x1, "y": y0, "y2": y1}
                        for key, (x0, x1, y0, y1) in boxes.items()
                    ]
                },
                "mark": {"type": "rect", "opacity": 0.55},
                "encoding": {
                    "x": x(),
                    "x2": {"field": "x2"},
                    "y": y(),
                    "y2": {"field": "y2"},
                    "color": {
                        "field": "zone",
                        "type": "nominal",
                        "title": "Зона",
                        "scale": {"domain": names, "range": [ZONES[key][1] for key in boxes]},
                        "legend": {"orient": "bottom", "columns": 2, "symbolType": "square", "symbolOpacity": 0.8},
                    },
                },
            }
        )
    rules = [
        {"axis": "y", "value": float(b)}
        for b in summary["quality_groups"]["boundaries"]
        if _finite(b) is not None and lo_y < float(b) < hi_y
    ] + [
        {"axis": "x", "value": float(b)}
        for b in summary["wellbeing_groups"]["boundaries"]
        if _finite(b) is not None and lo_x < float(b) < hi_x
    ]
    rule_mark = {"type": "rule", "color": "#6c757d", "strokeWidth": 0.5, "strokeDash": [2, 3]}
    for axis in ("x", "y"):
        values = [{"value": r["value"]} for r in rules if r["axis"] == axis]
        if values:
            field = {"field": "value", "type": "quantitative", "scale": x_scale if axis == "x" else y_scale}
            layers.append({"data": {"values": values}, "mark": rule_mark, "encoding": {axis: field}})
    data = []
    for p in sorted(pts, key=lambda p: (not p.get("muted"), p["category"], p["school_id"] or 0)):
        row = {
            "x": float(p["x"]),
            "y": float(p["y"]),
            "label": p.get("label") or "",
            "category": CATEGORY_NAMES.get(p["category"], p["category"]),
            "colour": MUTED if p.get("muted") else POINT.get(p["category"], "#000"),
            "highlight": bool(p.get("highlight")),
            "muted": bool(p.get("muted")),
        }
        if url_for and p.get("label") and p.get("school_id"):
            row["href"] = url_for(p["school_id"])
        data.append(row)
    tooltip = [
        {"field": "label", "type": "nominal", "title": "Школа"},
        {"field": "category", "type": "nominal", "title": "Категория"},
        {"field": "y", "type": "quantitative", "title": Y_TITLE, "format": ",.3~f"},
        {"field": "x", "type": "quantitative", "title": "ИСБШ", "format": ",.3~f"},
    ]
    layers.append(
        {
            "data": {"values": data},
            "mark": {"type": "circle", "opacity": 1},
            "encoding": {
                "x": x(),
                "y": y(),
                "fill": {"field": "colour", "type": "nominal", "scale": None, "legend": None},
                "size": {"condition": {"test": "datum.highlight", "value": 110}, "value": 60},
                "stroke": {"condition": {"test": "datum.highlight", "value": "#0d6efd"}, "value": "#ffffff"},
                "strokeWidth": {"condition": {"test": "datum.highlight", "value": 2.5}, "value": 0.8},
                "href": {"field": "href"},
                "tooltip": tooltip,
            },
        }
    )
    spec = base(title=TITLE, width=700, height=460)
    spec["description"] = (
        f"{TITLE}. Школ на графике: {sum(1 for p in pts if p.get('label'))}. "
        "Зоны: " + ", ".join(name for name, _c in ZONES.values()) + "."
    )
    spec["layer"] = layers
    return spec
