"""The journey of an executing organisation on the demo's Dubna roadmap, in headless Chromium with
numbered screenshots (test-artifacts/screenshots/executor/):

the staff member of Dubna's municipal methodological service (demo account «centre») signs in,
finds the roadmap rows of her column in «Мои мероприятия», reports on one of them — a row without
due dates, so the report carries the date of the work — with a PDF; Dubna's committee
(«committee-dubna») accepts the report, and the roadmap shows that column done while the other
columns of the row keep their own states."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from programs.models import MeasureAssignment, Program, ProgressReport
from programs.selectors.execution import execution
from schools.demo.loader import DEMO_PASSWORD

from .helpers import logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _login(page, base_url: str, username: str) -> None:
    # The demo's accounts share the demo password (the personas' helper knows only the tests' one).
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_selector("[data-testid=current-user]")


def test_methodological_service_reports_and_the_committee_accepts(
    after_flush_restore, live_server, page, journey_shots
):
    call_command("demo")
    roadmap = Program.objects.get(municipality__code="dubna")
    assert roadmap.status == Program.Status.ACTIVE
    # The first row of her column nobody has reported on yet (the demo files some at random).
    row = (
        MeasureAssignment.objects.select_related("measure")
        .filter(measure__program=roadmap, level="methodological_service", reports__isnull=True)
        .order_by("measure__sort_key")
        .first()
    )
    measure = row.measure
    before = {
        MeasureAssignment.objects.get(pk=t.assignment_id).level: t.state.value
        for t in execution(program_ids=[roadmap.pk], measure_ids=[measure.pk]).targets
    }
    screenshot = journey_shots("executor")
    base = live_server.url

    # 1. The methodological service's staff member: her column's rows, on the home page and in the menu.
    _login(page, base, "centre")
    assert "Муниципальная методическая служба" in page.get_by_test_id("home-title").inner_text()
    screenshot("home")
    page.get_by_role("navigation").get_by_role("link", name="Мои мероприятия").click()
    work = page.get_by_test_id("work-list")
    line = work.locator("tr", has_text=f"{measure.number}. ")
    assert "Муниципальная методическая служба" in line.inner_text()
    screenshot("my-measures")

    # 2. A report on a row without due dates: the date of the work, what was done, a PDF.
    line.get_by_role("link", name="Отчитаться о выполнении").click()
    done_on = timezone.localdate() - timedelta(days=10)
    page.get_by_label("Когда выполнено").fill(done_on.isoformat())
    page.get_by_label("Ход выполнения").select_option("done")
    page.get_by_label("Что сделано").fill(
        "Создана творческая группа поддержки школ: 7 педагогов, назначены ответственные за мониторинг "
        "и коучи из числа директоров школ с высокими результатами."
    )
    page.get_by_label("Подтверждающие файлы").set_input_files(
        files=[{"name": "приказ-о-творческой-группе.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    screenshot("report-form")
    page.get_by_role("button", name="Отправить на проверку").click()
    page.get_by_text("Отчёт отправлен на проверку.").wait_for()
    executor = page.locator("[data-testid=executor][data-level=methodological_service]")
    assert executor.get_attribute("data-state") == "waiting"
    for level, state in before.items():  # the other columns keep their own state
        if level != "methodological_service":
            assert page.locator(f"[data-testid=executor][data-level={level}]").get_attribute("data-state") == state
    screenshot("filed-waiting")
    report = ProgressReport.objects.get(assignment=row)
    assert report.review == ProgressReport.Review.SUBMITTED and report.done_on == done_on
    assert report.evidence.count() == 1 and not report.on_behalf
    logout(page)

    # 3. Dubna's committee: the report waits for review; it opens and accepts it.
    _login(page, base, "committee-dubna")
    page.goto(f"{base}/programs/my/?state=waiting")
    waiting = page.get_by_test_id("work-list").locator("tr", has_text=f"{measure.number}. ")
    screenshot("committee-waiting")
    waiting.get_by_role("link", name="Отчёт").click()
    assert "Муниципальная методическая служба" in page.locator("main").inner_text()
    screenshot("report")
    page.get_by_label("Комментарий").fill("Принято: приказ о составе группы приложен.")
    page.get_by_role("button", name="Принять").click()
    assert page.get_by_test_id("report-review").inner_text() == "принят"
    screenshot("accepted")

    # 4. The roadmap: the methodological service's column done, the others each in their own state.
    page.goto(f"{base}/programs/{roadmap.pk}/")
    states = page.get_by_test_id("measures").locator("tr", has_text=measure.title[:60])
    cell = states.get_by_test_id("executor-states")
    assert cell.locator("[data-level=methodological_service]").get_attribute("data-state") == "done"
    for level, state in before.items():
        if level != "methodological_service":
            assert cell.locator(f"[data-level={level}]").get_attribute("data-state") == state
    cell.scroll_into_view_if_needed()
    screenshot("roadmap-columns")
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.ACCEPTED
