"""The program calendar's axis labels every month only when there is room, else quarters, else
years, and no two labels on a row ever overlap."""

from __future__ import annotations

import re
from datetime import date

import pytest

from programs.timeline import _axis, _text_w


def _labels(start: date, end: date) -> list[tuple[str, int, float, str]]:
    svg = "\n".join(_axis(start, end, 300))
    return [
        (kind, int(y), float(x), text)
        for x, y, kind, text in re.findall(r'<text x="([\d.]+)" y="(\d+)"[^>]*data-axis="(\w+)">([^<]*)</text>', svg)
    ]


@pytest.mark.parametrize(
    ("start", "end", "finest"),
    [
        (date(2025, 9, 17), date(2026, 5, 31), "month"),
        (date(2025, 9, 1), date(2027, 8, 31), "month"),
        (date(2020, 9, 17), date(2024, 12, 31), "quarter"),
        (date(2017, 6, 30), date(2027, 8, 31), "year"),
        (date(2010, 3, 1), date(2035, 12, 31), "year"),
    ],
)
def test_axis_labels_fit_and_never_overlap(start, end, finest):
    labels = _labels(start, end)
    kinds = {kind for kind, *_ in labels}
    assert finest in kinds and kinds <= {finest, "year"}
    for row in {y for _, y, _, _ in labels}:
        placed = sorted((x, x + _text_w(text)) for _, y, x, text in labels if y == row)
        for (_, a_end), (b_start, _) in zip(placed, placed[1:], strict=False):
            assert a_end < b_start
    years = [text for kind, _, _, text in labels if kind == "year"]
    assert years and all(text.isdigit() for text in years)
    if finest == "month":
        assert {"янв", "фев"} <= {text for *_, text in labels}
