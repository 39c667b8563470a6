"""Dashboards: who sees them, what the panels show, and query counts that do not grow with schools."""

import re

import pytest
from django.urls import reverse

from tests.charts import chart_rows, chart_specs
from tests.factories import SchoolFactory
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("persona", "status"), [("staff_a", 200), ("region_staff", 200), ("staff_b", 403), ("team_a", 403)]
)
def test_municipality_dashboard_access(world, client_for, persona, status):
    url = reverse("monitoring:dashboard_municipality", args=[world.mun_a.pk])
    assert client_for(getattr(world, persona)).get(url).status_code == status


def test_municipality_dashboard_panels(world, client_for):
    make_program(world)
    body = (
        client_for(world.staff_a)
        .get(reverse("monitoring:dashboard_municipality", args=[world.mun_a.pk]))
        .content.decode()
    )
    assert 'data-testid="panel-programs"' in body and "Программа А" in body
    assert 'data-testid="panel-categories"' in body and 'data-testid="panel-overdue-total"' in body


def test_region_dashboard_is_for_region_staff(world, client_for):
    url = reverse("monitoring:dashboard_region", args=[world.region.pk])
    assert client_for(world.staff_a).get(url).status_code == 403
    body = client_for(world.region_staff).get(url).content.decode()
    assert "Город А" in body and "Город Б" not in body


def test_school_dashboard_for_its_team(world, client_for):
    assert (
        client_for(world.team_a).get(reverse("monitoring:dashboard_school", args=[world.school_a.pk])).status_code
        == 200
    )
    assert (
        client_for(world.team_a).get(reverse("monitoring:dashboard_school", args=[world.school_a2.pk])).status_code
        == 403
    )


@pytest.mark.parametrize("view", ["dashboard_municipality", "dashboard_region"])
def test_dashboard_queries_do_not_grow_with_schools(world, client_for, django_assert_max_num_queries, view):
    make_program(world)
    client = client_for(world.region_staff)
    pk = world.mun_a.pk if view == "dashboard_municipality" else world.region.pk
    url = reverse(f"monitoring:{view}", args=[pk])
    with django_assert_max_num_queries(60) as few:
        client.get(url)
    SchoolFactory.create_batch(25, municipality=world.mun_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_region_comparison_shows_the_status_it_promises_in_colour_icon_and_words(world, client_for):
    from monitoring.templatetags.soft_hyphens import SHY, hyphenate

    make_program(world)
    body = client_for(world.region_staff).get(reverse("monitoring:dashboard_region", args=[world.region.pk]))
    body = body.content.decode()
    assert 'data-testid="region-legend"' in body and "в норме" in body and "отстаёт" in body
    # Every status cell has its colour and its words, not colour alone.
    for status, css, words in (
        ("done", "table-success", "в норме"),
        ("partly", "table-warning", "внимание"),
        ("overdue", "table-danger", "отстаёт"),
        ("nodata", "text-body-secondary", "нет данных"),
    ):
        for cell in re.findall(rf'<td class="[^"]*" data-status="{status}">.*?</td>', body):
            assert css in cell and words in cell
    assert 'data-status="' in body
    # The table scrolls sideways inside its own box with the municipality in view; long words of
    # the headers break with a hyphen where Russian allows it.
    assert 'class="table-responsive region-compare' in body and "region-compare-name" in body
    assert SHY in body
    assert hyphenate("Адресное сопровождение") == f"Адресное сопро{SHY}во{SHY}жде{SHY}ние"
    assert hyphenate("Программ") == "Программ"


def test_region_chart_puts_the_municipalities_side_by_side_with_the_tables_percentages(world, client_for):
    make_program(world)
    body = client_for(world.region_staff).get(reverse("monitoring:dashboard_region", args=[world.region.pk]))
    body = body.content.decode()
    table = body.split('data-testid="region-table"', 1)[1].split("</table>", 1)[0]
    (chart,) = chart_specs(body.split('data-testid="region-chart"', 1)[1])
    rows = chart_rows(chart)
    assert {r["group"] for r in rows} == {"Город А"}  # the municipalities the user sees, no other
    assert {r["series"] for r in rows} <= {"Выполнение, %", "Целевых показателей выполнено, %"}
    # The number in the chart is the number in the table's cell.
    cells = [float(v) for v in re.findall(r'<span class="fw-semibold">(\d+)</span>', table)]
    values = [r["value"] for r in rows if r["value"] is not None]
    assert values and all(v in cells for v in values)
