"""Long legend labels wrap onto lines instead of being cut (a phone's 390 px): the region
dashboard's «Целевых показателей выполнено, %» and the risk reasons. vl-convert, which draws the
PDFs with the same Vega, writes every word of them."""

from __future__ import annotations

import re

from reporting.charts import LEGEND_LINE, chart_svg, grouped_bars, wrapped_labels

LONG = "Целевых показателей выполнено в срок, %"


def test_only_long_labels_wrap_and_none_is_cut():
    assert wrapped_labels(["Выполнение, %"]) == {}
    legend = wrapped_labels(["Выполнение, %", LONG])
    assert legend["labelLimit"] == 0
    assert '["Целевых показателей", "выполнено в срок, %"]' in legend["labelExpr"]
    assert all(len(line) <= LEGEND_LINE for line in ("Целевых показателей", "выполнено в срок, %"))


def test_the_wrapped_legend_is_drawn_with_every_word():
    spec = grouped_bars(
        [("Дубна", "Выполнение, %", 67), ("Дубна", LONG, 40), ("Королёв", "Выполнение, %", 54)],
        title="Муниципалитеты рядом",
        value_title="%",
    )
    assert spec is not None
    svg = chart_svg(spec)
    texts = " ".join(re.findall(r"<text[^>]*>([^<]*)</text>", svg)) + " ".join(
        re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    )
    assert "Целевых показателей" in texts and "выполнено в срок, %" in texts
    assert "…" not in texts
