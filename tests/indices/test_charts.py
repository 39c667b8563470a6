"""The identification scatter's quadrant names never overlap: each stays inside its quadrant
(on one or two lines) or, when the quadrant is too small, is named under the chart."""

from __future__ import annotations

import re

import pytest

from indices.charts import CHAR_W, LINE, scatter_svg

SUMMARY = {"wellbeing_groups": {"boundaries": [None]}, "quality_groups": {"boundaries": [None]}}
THRESHOLDS = {"unfavourable_max_wellbeing_group": 1, "low_quality_max_group": 1}


def _svg(x_edge: float, y_edge: float) -> str:
    summary = {"wellbeing_groups": {"boundaries": [x_edge]}, "quality_groups": {"boundaries": [y_edge]}}
    points = [
        {"x": x, "y": y, "category": "stable", "label": f"Школа {i}", "school_id": i}
        for i, (x, y) in enumerate([(0.5, 0.3), (1.5, 1.4), (1.0, 0.9)])
    ]
    return scatter_svg(points=points, summary=summary, thresholds=THRESHOLDS)


def _boxes(svg: str) -> list[tuple[float, float, float, float]]:
    """The extent of every quadrant name's line, from its anchor and the width estimate."""
    boxes = []
    for x, y, anchor, text in re.findall(
        r'<text x="([\d.]+)" y="([\d.]+)" text-anchor="(\w+)"[^>]*data-zone="\w+">([^<]*)</text>', svg
    ):
        x, y, width = float(x), float(y), CHAR_W * len(text)
        left = x if anchor == "start" else x - width
        boxes.append((left, y - LINE + 3, left + width, y))
    return boxes


@pytest.mark.parametrize(("x_edge", "y_edge"), [(1.0, 0.9), (0.55, 0.9), (1.45, 0.35), (0.52, 1.38), (0.9, 0.32)])
def test_quadrant_names_do_not_overlap(x_edge, y_edge):
    svg = _svg(x_edge, y_edge)
    boxes = _boxes(svg)
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
    # Every quadrant is named: inside it or in the strip under the chart.
    texts = " ".join(re.findall(r">([^<]+)</text>", svg))
    for name in (
        "адресное сопровождение",
        "адресная поддержка (резильентные)",
        "адресное наставничество",
        "стабильные",
    ):
        assert name in texts


def test_too_narrow_a_quadrant_is_named_under_the_chart():
    svg = _svg(0.52, 0.9)  # the left column is a sliver
    assert 'data-zone-legend="1">адресная поддержка (резильентные)</text>' in svg
    assert 'viewBox="0 0 760 5' in svg and 'viewBox="0 0 760 520"' not in svg
