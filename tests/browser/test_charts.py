"""Charts render in a real Chromium with every request off the portal refused: vega, vega-lite and
vega-embed come from the portal's own static files (node_modules), the spec from the page, and
Vega's interpreter works under the CSP without eval. No console error on the way."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.urls import reverse

from indices.models import Methodology
from indices.services import run_create, run_execute
from tests.conftest import PASSWORD
from tests.indices.test_runs import YEAR, populate
from tests.monitoring.indicator_helpers import academic, put

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _offline(page, live_server) -> tuple[list[str], list[str]]:
    """Refuse every request off the portal; collect those and the console errors."""
    portal = urlparse(live_server.url).netloc
    outside: list[str] = []

    def only_the_portal(route):
        if urlparse(route.request.url).netloc == portal:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_portal)
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return outside, errors


def _login(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_selector("[data-testid=current-user]", state="attached")


def test_an_indicator_chart_renders_offline_without_console_errors(world, live_server, page, screenshot):
    for year, (a1, a2) in {2022: (40.5, 50), 2023: (45.25, 48), 2024: (50, 47)}.items():
        put("teachers_total", academic(year), a1, school=world.school_a)
        put("teachers_total", academic(year), a2, school=world.school_a2)
    outside, errors = _offline(page, live_server)
    _login(page, live_server, "staff_a")
    page.goto(f"{live_server.url}{reverse('monitoring:indicator', args=['teachers_total'])}")

    figure = page.locator("[data-chart]").first
    page.wait_for_selector("[data-chart][data-chart-ready='1']", timeout=20_000)
    assert figure.locator("[data-chart-view] svg").count() == 1
    # Marks were drawn: the municipality's line and a point per year.
    assert figure.locator("svg .mark-line path").count() >= 1
    assert figure.locator("svg .mark-symbol path").count() >= 3
    texts = "els => els.map(e => e.textContent)"  # SVG text has no innerText
    labels = figure.locator("svg .role-axis-label text").evaluate_all(texts)
    assert "2024" in labels and any("," in t or t.isdigit() for t in labels)
    assert "Год" in figure.locator("svg .role-axis-title text").evaluate_all(texts)
    screenshot("indicator-chart")
    assert errors == [], errors
    assert outside == [], outside


def test_the_identification_scatter_renders_offline_with_its_zones_and_points(world, live_server, page, screenshot):
    populate(world.mun_a)
    methodology = Methodology.objects.get(slug="default", is_current=True)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    outside, errors = _offline(page, live_server)
    _login(page, live_server, "staff_a")
    page.goto(f"{live_server.url}{reverse('indices:run', args=[run.pk])}")
    page.wait_for_selector("[data-testid=scatter] [data-chart][data-chart-ready='1']", timeout=20_000)
    figure = page.locator("[data-testid=scatter] [data-chart]")
    # Four shaded zones, the group boundaries, a circle per school with both indices.
    assert figure.locator("svg .mark-rect path").count() == 4
    assert figure.locator("svg .mark-rule line").count() >= 2
    assert figure.locator("svg .mark-symbol path").count() >= 10
    texts = "els => els.map(e => e.textContent)"
    legend = figure.locator("svg .role-legend-label text").evaluate_all(texts)
    assert "адресное сопровождение" in legend and "стабильные" in legend
    # Highlight conditions are Vega expressions, evaluated by the interpreter (no eval under the CSP).
    screenshot("identification-scatter")
    assert errors == [], errors
    assert outside == [], outside


def test_the_results_analysis_charts_render_offline(world, live_server, page, screenshot):
    """The risk group over the years, the mark distribution and the school's trend (issue 17)."""
    from indices.models import Subject
    from tests.indices.test_analysis_charts import _result

    _result(world.school_a, 2024, mean="3.9")
    _result(world.school_a, 2025, share="30", marks=(30, 40, 20, 10), mean="3.1", n=30)
    _result(world.school_a, 2025, subject="russian", share="45")
    _result(world.school_a2, 2024, share="50", mean="3.0")
    _result(world.school_a2, 2025, share="31.5", marks=(31.5, 38.5, 20, 10), mean="3.2", n=10)
    outside, errors = _offline(page, live_server)
    _login(page, live_server, "staff_a")
    texts = "els => els.map(e => e.textContent)"

    page.goto(f"{live_server.url}{reverse('indices:risk_municipality', args=[world.mun_a.pk])}")
    page.wait_for_selector("[data-testid=risk-years-chart][data-chart-ready='1']", timeout=20_000)
    figure = page.locator("[data-testid=risk-years-chart]")
    assert figure.locator("svg .mark-rect path").count() >= 2  # a bar per reason present
    # Long reasons wrap onto lines (one tspan each): every word is there, none cut off.
    legend = "".join(figure.locator("svg .role-legend-label text").evaluate_all(texts)).replace(" ", "")
    assert "двагодаподряд" in legend and "…" not in legend
    screenshot("risk-years")

    math = Subject.objects.get(code="math").pk
    url = reverse("indices:results_municipality", args=[world.mun_a.pk])
    page.goto(f"{live_server.url}{url}?year=2025&procedure=ОГЭ&grade=9&subject={math}")
    page.wait_for_selector("[data-testid=results-distribution-chart][data-chart-ready='1']", timeout=20_000)
    figure = page.locator("[data-testid=results-distribution-chart]")
    # Four marks for each of the region, the municipality and two schools.
    assert figure.locator("svg .mark-rect path").count() == 16
    labels = figure.locator("svg .role-axis-label text").evaluate_all(texts)
    assert "Школа А-1" in labels and "Муниципалитет: Город А" in labels
    screenshot("results-distribution")

    page.goto(f"{live_server.url}{reverse('schools:detail', args=[world.school_a.pk])}?tab=results")
    page.wait_for_selector("[data-testid=school-trend-chart][data-chart-ready='1']", timeout=20_000)
    figure = page.locator("[data-testid=school-trend-chart]").first
    assert figure.locator("svg .mark-line path").count() >= 1
    screenshot("school-trend")
    assert errors == [], errors
    assert outside == [], outside


def test_the_program_calendar_renders_offline_with_russian_labels(world, live_server, page, screenshot):
    """The program calendar (issue 17): stages, rows and marks drawn by vega-embed; labels never overlap."""
    from tests.programs.conftest import make_program

    program = make_program(world)
    outside, errors = _offline(page, live_server)
    _login(page, live_server, "staff_a")
    page.goto(f"{live_server.url}{reverse('programs:timeline', args=[program.pk])}")
    page.wait_for_selector("[data-testid=timeline-chart][data-chart-ready='1']", timeout=20_000)
    figure = page.locator("[data-testid=timeline-chart]")
    assert figure.locator("svg .mark-symbol path").count() >= 3  # the due dates of 1.1 and 1.2
    texts = "els => els.map(e => e.textContent)"
    labels = figure.locator("svg .role-axis-label text").evaluate_all(texts)
    assert "1.1. Семинар для учителей" in labels and "2025" in labels
    legend = figure.locator("svg .role-legend-label text").evaluate_all(texts)
    assert legend == ["выполнено", "просрочено", "ждёт проверки", "предстоит"]
    boxes = "els => els.map(e => { const b = e.getBoundingClientRect(); return [b.left, b.right, b.top]; })"
    for axis in figure.locator("svg .role-axis").all():
        placed = sorted(axis.locator(".role-axis-label text").evaluate_all(boxes))
        same_line = [b for b in placed if abs(b[2] - placed[0][2]) < 1] if placed else []
        for a, b in zip(same_line, same_line[1:], strict=False):
            assert a[1] <= b[0], (a, b)  # labels on one line never overlap
    screenshot("program-calendar")
    assert errors == [], errors
    assert outside == [], outside
