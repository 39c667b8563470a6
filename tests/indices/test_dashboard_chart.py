"""The municipality dashboard draws its schools by support category: the chart's bars are the
panel table's numbers, in the same order."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from indices.models import Methodology
from indices.services import run_create, run_execute
from tests.charts import chart_rows, chart_specs
from tests.indices.test_runs import YEAR, populate

pytestmark = pytest.mark.django_db


def test_the_categories_panel_charts_its_table(world, client_for):
    populate(world.mun_a)
    methodology = Methodology.objects.get(slug="default", is_current=True)
    run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    body = client_for(world.staff_a).get(reverse("monitoring:dashboard_municipality", args=[world.mun_a.pk]))
    body = body.content.decode()
    table = body.split('data-testid="panel-categories"', 1)[1].split("</table>", 1)[0]
    counted = [
        (label.strip(), int(n))
        for label, n in re.findall(r'<th scope="row"[^>]*>([^<]+)</th><td[^>]*>(\d+)</td>', table)
    ]
    (chart,) = chart_specs(body.split('data-testid="categories-chart"', 1)[1])
    assert [(r["label"], r["value"]) for r in chart_rows(chart) if "label" in r] == counted
    assert sum(n for _label, n in counted) > 0
