"""Starting an index run from the page: the default methodology and the latest year
with data preselected; a municipality's staff see the region's population — its latest run, their
schools highlighted — since regional runs are the region committee's; a population too small for
the regression is refused before anything is queued; a failed run is never announced as queued."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from indices import services
from indices.models import Methodology, Run
from indices.services import run_create, run_execute
from tests.charts import chart_rows, chart_specs
from tests.factories import MunicipalityFactory
from tests.indices.test_runs import YEAR, populate

pytestmark = pytest.mark.django_db


@pytest.fixture
def methodology():
    return Methodology.objects.get(slug="default", is_current=True)


@pytest.fixture
def region_population(world):
    """Город А has three schools (the world's two and one more); Город В in the same region, twelve."""
    populate(world.mun_a, n=1)
    neighbour = MunicipalityFactory(region=world.region, code="v", name="Город В")
    populate(neighbour, n=12, seed=3)
    return neighbour


def _selected(body: str, name: str) -> str:
    select = re.search(rf'<select name="{name}".*?</select>', body, re.S).group(0)
    return re.search(r'<option value="([^"]*)"[^>]*selected', select).group(1)


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


@pytest.mark.parametrize("persona", ["staff_a", "region_staff"])
def test_the_form_preselects_the_default_methodology_and_the_latest_year_with_data(
    world, client_for, methodology, region_population, persona
):
    Methodology.objects.create(slug="alt", name="Другая методика", definition=methodology.definition)
    body = client_for(getattr(world, persona)).get(reverse("indices:runs")).content.decode()
    assert _selected(body, "methodology") == str(methodology.pk)
    assert _selected(body, "year") == str(YEAR)
    assert _selected(body, "population") == f"r{world.region.pk}"


def test_municipal_staff_are_offered_the_region_highlighting_their_schools(world, client_for, region_population):
    body = client_for(world.staff_a).get(reverse("indices:runs")).content.decode()
    assert "Весь регион: Тестовая область — последний расчёт региона, ваши школы выделены" in body
    assert f'value="m{world.mun_a.pk}"' in body


def test_municipal_staff_asking_for_the_region_see_its_latest_run_highlighted(
    world, client_for, methodology, region_population
):
    regional = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    assert regional.status == Run.Status.DONE
    client = client_for(world.staff_a)
    response = client.post(
        reverse("indices:start"),
        {"methodology": methodology.pk, "year": YEAR, "population": f"r{world.region.pk}"},
        follow=True,
    )
    assert Run.objects.count() == 1  # nothing created: the region's run is shown
    assert response.redirect_chain[-1][0] == regional.get_absolute_url()
    text = _messages(response)
    assert "школы вашего муниципалитета выделены" in text and "очеред" not in text
    body = response.content.decode()
    assert 'data-testid="highlight-note"' in body and "Город А" in body
    scatter = re.search(
        r'<div class="border rounded p-2 bg-white" data-testid="scatter">(.*?)</figure>', body, re.S
    ).group(1)
    (spec,) = chart_specs(scatter + "</figure>")
    points = chart_rows(spec)
    assert sum(1 for p in points if p.get("highlight")) >= 1
    assert sum(1 for p in points if p.get("muted")) >= 10  # Город В's schools, anonymous
    assert all(not p.get("href") for p in points if not p.get("label"))  # anonymous points link nowhere
    assert "v-00" not in body  # … without their names or codes


def test_municipal_staff_asking_for_a_region_without_a_run_are_told_why(
    world, client_for, methodology, region_population
):
    response = client_for(world.staff_a).post(
        reverse("indices:start"),
        {"methodology": methodology.pk, "year": YEAR, "population": f"r{world.region.pk}"},
        follow=True,
    )
    assert not Run.objects.exists()
    text = _messages(response)
    assert "Региональный расчёт запускает комитет региона" in text and "очеред" not in text


def test_a_municipality_too_small_for_the_regression_is_refused_before_queueing(
    world, client_for, methodology, region_population
):
    response = client_for(world.staff_a).post(
        reverse("indices:start"),
        {"methodology": methodology.pk, "year": YEAR, "population": f"m{world.mun_a.pk}"},
        follow=True,
    )
    assert not Run.objects.exists()
    text = _messages(response)
    assert "В муниципалитете «Город А» 3 школы" in text and "не меньше 5" in text
    assert "Весь регион" in text and "очеред" not in text


def test_region_staff_start_a_regional_run(world, client_for, methodology, region_population, monkeypatch):
    # The embedded default runs the task at once; under pytest the test's transaction holds
    # on_commit back, so run_start is made to execute as the eager worker would.
    monkeypatch.setattr(services, "run_start", lambda *, run: run_execute(run_id=run.pk))
    response = client_for(world.region_staff).post(
        reverse("indices:start"),
        {"methodology": methodology.pk, "year": YEAR, "population": f"r{world.region.pk}"},
        follow=True,
    )
    run = Run.objects.get()
    assert run.status == Run.Status.DONE and run.municipality is None
    assert "Расчёт готов." in _messages(response)


def test_a_failed_run_is_never_announced_as_queued(world, client_for, methodology, monkeypatch):
    populate(world.mun_a, n=4)  # six schools, four with data: the regression fails
    monkeypatch.setattr(services, "run_start", lambda *, run: run_execute(run_id=run.pk))
    response = client_for(world.region_staff).post(
        reverse("indices:start"),
        {"methodology": methodology.pk, "year": YEAR, "population": f"r{world.region.pk}"},
        follow=True,
    )
    assert Run.objects.get().status == Run.Status.FAILED
    text = _messages(response)
    assert "Расчёт не выполнен:" in text and "не меньше 5 школ" in text
    assert "очеред" not in text
    body = response.content.decode()
    assert "Расчёт поставлен в очередь" not in body and "Расчёт не выполнен." in body


def test_municipal_staff_cannot_start_another_municipalitys_run(world, client_for, methodology, region_population):
    response = client_for(world.staff_a).post(
        reverse("indices:start"),
        {"methodology": methodology.pk, "year": YEAR, "population": f"m{region_population.pk}"},
    )
    # Not among the choices offered: the form refuses it.
    assert response.status_code == 302 and not Run.objects.exists()
