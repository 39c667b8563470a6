"""A chart in a PDF is the page's Vega-Lite spec rendered to SVG by vl-convert (reporting.charts):
read back with pdftotext, the PDF carries the chart's own text — its title, axis titles, legend
and tick labels with a decimal comma — drawn, not pasted as a picture."""

from __future__ import annotations

import re
import subprocess

from indices.charts import X_TITLE, Y_TITLE, ZONES
from indices.models import Methodology, Run
from indices.services import run_create, run_execute
from reporting import pdf
from reporting.charts import chart_svg, line_chart
from reporting.document import Document, Figure
from reporting.services import report_render
from tests.indices.test_runs import YEAR, populate

from .conftest import norm, pdf_text


def test_a_line_chart_is_drawn_in_the_pdf_with_its_russian_text(tmp_path):
    spec = line_chart(
        {"Город А": [(2022, 0.25), (2023, 0.5), (2024, 0.75)], "Город Б": [(2022, 0.4), (2023, None), (2024, 0.3)]},
        unit="доля",
        title="Доля выпускников, сдавших ГИА",
    )
    svg = chart_svg(spec)
    content = pdf.render(Document(title="Проверка графика", filename="chart", sections=[Figure("Рисунок 1", svg)]))
    text = norm(pdf_text(content))
    for expected in ("Рисунок 1", "Доля выпускников, сдавших ГИА", "Год", "доля", "2022", "2024", "Город А", "Город Б"):
        assert expected in text, expected
    assert re.search(r"\b0,[1-9]\b", text)  # ticks with a decimal comma (0,2, 0,4, …)
    assert not re.search(r"\b0\.\d\b", text)
    # Drawn as vectors with real text, not embedded as a raster image.
    path = tmp_path / "chart.pdf"
    path.write_bytes(content)
    images = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    assert len(images.strip().splitlines()) <= 2  # the header only


def test_the_identification_report_carries_the_scatter(world):
    populate(world.mun_a)
    methodology = Methodology.objects.get(slug="default", is_current=True)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    assert run.status == Run.Status.DONE
    content, _name = report_render(kind="identification", format="pdf", object_id=run.pk, user=world.staff_a)
    text = norm(pdf_text(content))
    assert "Качество и социальное благополучие" in text
    for expected in (X_TITLE, Y_TITLE, "Зона", *(name for name, _c in ZONES.values())):
        assert norm(expected) in text, expected
