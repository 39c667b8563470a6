"""Reading the charts of a page: the Vega-Lite specs that {% chart %} writes (reporting/charts.py)."""

from __future__ import annotations

import json
import re

_SPEC = re.compile(
    r'<figure class="chart[^"]*"[^>]*data-chart>.*?<script[^>]*type="application/json">(.*?)</script>', re.S
)


def chart_specs(html: str) -> list[dict]:
    """Every chart's spec on the page, in page order."""
    return [json.loads(raw) for raw in _SPEC.findall(html)]


def chart_rows(spec: dict) -> list[dict]:
    """The data rows of a chart and of all its layers."""
    rows = list(spec.get("data", {}).get("values", []))
    for layer in spec.get("layer", []):
        rows += chart_rows(layer)
    return rows


def chart_text(spec: dict) -> str:
    """Every string in the spec (titles, labels, legends, data), for «is it named» checks."""
    return " ".join(_strings(spec))


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
