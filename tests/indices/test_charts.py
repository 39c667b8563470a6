"""The identification scatter is a Vega-Lite spec (reporting/charts.py): every category zone is
named (in the legend, which the library lays out, so names never overlap), the points carry their
school, and the same spec renders to static SVG for the PDF."""

from __future__ import annotations

import re

import pytest

from indices.charts import ZONES, scatter_spec
from reporting.charts import chart_svg
from tests.charts import chart_rows, chart_text

SUMMARY = {"wellbeing_groups": {"boundaries": [None]}, "quality_groups": {"boundaries": [None]}}
THRESHOLDS = {"unfavourable_max_wellbeing_group": 1, "low_quality_max_group": 1}
NAMES = ("адресное сопровождение", "адресная поддержка (резильентные)", "адресное наставничество", "стабильные")


def _spec(x_edge: float, y_edge: float, **extra) -> dict:
    summary = {"wellbeing_groups": {"boundaries": [x_edge]}, "quality_groups": {"boundaries": [y_edge]}}
    points = [
        {"x": x, "y": y, "category": "stable", "label": f"Школа {i}", "school_id": i + 1}
        for i, (x, y) in enumerate([(0.5, 0.3), (1.5, 1.4), (1.0, 0.9)])
    ]
    return scatter_spec(points=points, summary=summary, thresholds=THRESHOLDS, **extra)


@pytest.mark.parametrize(("x_edge", "y_edge"), [(1.0, 0.9), (0.55, 0.9), (1.45, 0.35), (0.52, 1.38), (0.9, 0.32)])
def test_every_zone_is_named_whatever_its_size(x_edge, y_edge):
    spec = _spec(x_edge, y_edge)
    zones = spec["layer"][0]
    assert zones["encoding"]["color"]["scale"]["domain"] == [name for name, _c in ZONES.values()]
    for name in NAMES:
        assert name in chart_text(spec)


def test_points_carry_their_school_and_link_to_it():
    spec = _spec(1.0, 0.9, url_for=lambda pk: f"/schools/{pk}/?tab=indices")
    points = [r for r in chart_rows(spec) if "label" in r]
    assert {p["label"] for p in points} == {"Школа 0", "Школа 1", "Школа 2"}
    assert {p["href"] for p in points} == {
        "/schools/1/?tab=indices",
        "/schools/2/?tab=indices",
        "/schools/3/?tab=indices",
    }


def test_no_school_with_both_indices_gives_no_chart():
    points = [{"x": None, "y": 0.5, "category": "no_data", "label": "Школа", "school_id": 1}]
    assert scatter_spec(points=points, summary=SUMMARY, thresholds=THRESHOLDS) is None


def test_the_same_spec_renders_to_svg_for_the_pdf_with_russian_numbers():
    svg = chart_svg(_spec(1.0, 0.9))
    assert svg.startswith("<svg")
    texts = re.findall(r">([^<]+)</text>", svg)
    assert "Индекс качества" in texts and any(name in texts for name in NAMES)
    assert any("," in t for t in texts if t[:1].isdigit())  # tick labels with a decimal comma
    assert not any(re.fullmatch(r"\d+\.\d+", t) for t in texts)  # never a decimal point
