"""End-to-end journeys of two roles in a real headless Chromium, each leaving a numbered storyboard
in test-artifacts/screenshots/<journey>/NN-<step>.png (the folder CI keeps).

* committee staff: a program from nothing → a task and measures → targets → a data collection →
  the dashboard → a report ordered and downloaded (Celery runs eagerly here, in the live
  server's thread: `make test` gives Celery a real Redis but no worker — the worker is
  tests/reports/test_worker.py's subject), checked to be a real PDF and a real XLSX;
* school team: the collection form with a wrong value (the Russian error appears inline as they
  type), corrected and submitted; progress on a measure filed with an evidence file.

Indicators are created by the tests: transactional tests empty the database after themselves, so
the catalogue that the migrations load may be gone by the time a journey runs."""

from __future__ import annotations

import io
import time
from datetime import timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from monitoring.models import Collection, Submission, Target
from programs.models import Evidence, Measure, Program, ProgressReport
from tests.monitoring.collection_helpers import make_collection, make_indicators
from tests.programs.conftest import make_program

from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def eager_celery():
    from config.celery_app import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def _download(page, base: str, fmt: str) -> bytes:
    """Orders the program report in ``fmt`` from the program page and downloads it from the
    reports page once it is ready."""
    page.locator("[data-testid=report-order-program]").get_by_role("button", name=fmt.upper()).click()
    page.goto(f"{base}/reports/")
    row = page.locator("[data-testid=report-job]", has_text=fmt.upper()).first
    row.get_by_role("link", name="Скачать").wait_for(timeout=20_000)
    with page.expect_download() as info:
        row.get_by_role("link", name="Скачать").click()
    return open(info.value.path(), "rb").read()


def test_committee_staff_journey(world, live_server, page, journey_shots):
    started = time.monotonic()
    shot = journey_shots("committee-staff")
    indicators = make_indicators()
    base = live_server.url
    login(page, base, "staff_a")
    shot("home")

    # A program from nothing.
    page.goto(f"{base}/programs/new/")
    page.fill("[name=title]", "Программа перехода школ в эффективный режим работы")
    page.fill("[name=period_start]", "2025-01-01")
    page.fill("[name=period_end]", "2026-12-31")
    shot("program-form")
    page.get_by_role("button", name="Сохранить").click()
    program = Program.objects.get(title="Программа перехода школ в эффективный режим работы")
    shot("program-created")

    # A task, the participating school, then measures under the task.
    for part, fields in (
        ("goals", {"goals-0-text": "Повышение качества образования в школах с низкими результатами"}),
        ("tasks", {"tasks-0-number": "1", "tasks-0-text": "Развитие кадрового потенциала школ"}),
    ):
        page.goto(f"{base}/programs/{program.pk}/part/{part}/")
        for name, value in fields.items():
            page.fill(f"[name={name}]", value)
        page.get_by_role("button", name="Сохранить").click()
    shot("task-added")
    page.goto(f"{base}/programs/{program.pk}/part/schools/")
    page.select_option("[name=schools-0-school]", label="Школа А-1")
    page.get_by_role("button", name="Сохранить").click()
    for number, title, timing in (
        ("1.1", "Методический семинар для учителей", "Сентябрь, ежегодно"),
        ("1.2", "Стажировка в школе-партнёре", "2 квартал 2025 года"),
    ):
        page.goto(f"{base}/programs/{program.pk}/measures/new/")
        page.fill("[name=number]", number)
        page.select_option("[name=task]", index=1)
        page.fill("[name=title]", title)
        page.fill("[name=timing_text]", timing)
        page.select_option("[name=schools]", label="Школа А-1")
        if number == "1.1":
            shot("measure-form")
        page.get_by_role("button", name="Сохранить").click()
    assert set(Measure.objects.filter(program=program).values_list("number", flat=True)) == {"1.1", "1.2"}
    page.goto(f"{base}/programs/{program.pk}/")
    assert "Методический семинар для учителей" in page.inner_text("main")
    shot("program-with-measures")

    # Targets on «Целевые показатели».
    page.goto(f"{base}/programs/{program.pk}/targets/")
    page.select_option("[name=indicator]", str(indicators["satisfied"].pk))
    page.select_option("[name=school]", label="Школа А-1")
    page.fill("[name=baseline_value]", "40")
    page.fill("[name=baseline_year]", "2024")
    page.fill("[name=plan_2025]", "50")
    page.fill("[name=plan_2026]", "60")
    page.get_by_role("button", name="Сохранить").click()
    assert "Целевой показатель сохранён" in page.inner_text(".messages")
    assert Target.objects.get(target_set__program=program).planned == {"2025": 50.0, "2026": 60.0}
    shot("targets")

    # The target changed through «Изменить» (the form carries its version), then the earlier
    # version brought back from the program's history.
    page.get_by_role("link", name="Изменить").first.click()
    assert page.input_value("[name=plan_2026]") in ("60", "60.0")
    page.fill("[name=plan_2026]", "65")
    page.get_by_role("button", name="Сохранить").click()
    assert Target.objects.get(target_set__program=program).planned["2026"] == 65.0
    page.goto(f"{base}/programs/{program.pk}/history/")
    assert "2025: 50; 2026: 60 → 2025: 50; 2026: 65" in page.inner_text("[data-testid=program-history]")
    shot("history")
    page.once("dialog", lambda dialog: dialog.accept())  # «Восстановить эту версию?»
    page.get_by_role("button", name="Восстановить эту версию").first.click()
    assert "восстановлен из выбранной версии" in page.inner_text(".messages")
    assert Target.objects.get(target_set__program=program).planned == {"2025": 50.0, "2026": 60.0}
    assert "восстановлено из версии от" in page.inner_text("[data-testid=program-history]")
    shot("history-restored")

    # A data collection for the program's school.
    page.goto(f"{base}/monitoring/collections/new/")
    page.fill("[name=title]", "Мониторинг условий 2025")
    page.select_option("[name=period_kind]", "year")
    page.fill("[name=year]", "2025")
    for code in ("teachers_total", "teachers_trained", "satisfied"):
        page.check(f"input[name=indicators][value='{indicators[code].pk}']")
    page.check("[name=all_schools]")
    page.fill("[name=deadline]", (timezone.localdate() + timedelta(days=14)).isoformat())
    shot("collection-form")
    page.get_by_role("button", name="Открыть сбор").click()
    collection = Collection.objects.get(title="Мониторинг условий 2025")
    assert collection.submissions.filter(school=world.school_a).exists()
    page.wait_for_url(f"**/monitoring/collections/{collection.pk}/")
    shot("collection-tracker")

    # The dashboard.
    page.goto(f"{base}/monitoring/dashboard/")
    assert page.locator("main").is_visible()
    shot("dashboard")

    # The program report, ordered and downloaded in two formats.
    page.goto(f"{base}/programs/{program.pk}/")
    pdf = _download(page, base, "pdf")
    assert pdf.startswith(b"%PDF-")
    shot("report-pdf-ready")
    page.goto(f"{base}/programs/{program.pk}/")
    xlsx = _download(page, base, "xlsx")
    assert xlsx.startswith(b"PK\x03\x04")
    workbook = load_workbook(io.BytesIO(xlsx), read_only=True)
    assert any(
        "Методический семинар для учителей" in str(cell)
        for ws in workbook
        for row in ws.iter_rows(values_only=True)
        for cell in row
    )
    shot("reports-downloaded")
    assert time.monotonic() - started < 60


def test_school_team_journey(world, live_server, page, journey_shots):
    started = time.monotonic()
    shot = journey_shots("school-team")
    program = make_program(world)  # approved, with measure 1.1 for Школа А-1 every September
    indicators = make_indicators()
    collection = make_collection(world, indicators)  # last year 40 % of parents satisfied
    submission = collection.submissions.get(school=world.school_a)
    base = live_server.url
    login(page, base, "team_a")
    shot("home")

    # The collection form: a wrong value shows its Russian error inline, as the team types.
    page.locator("[data-testid=home-forms]").get_by_role("link", name="Мониторинг условий 2025").click()
    page.wait_for_url(f"**/monitoring/submissions/{submission.pk}/fill/")
    page.get_by_label("Численность педагогов").fill("40")
    page.get_by_label("Педагоги, прошедшие повышение квалификации").fill("12")
    satisfied = page.get_by_label("Доля родителей, удовлетворённых качеством образования")
    satisfied.fill("145")
    satisfied.press("Tab")  # «change» → htmx checks the whole form
    error = page.locator(f"#check-{indicators['satisfied'].pk} [data-testid=row-error]")
    error.wait_for()
    assert "вне допустимого диапазона (от 0 до 100)" in error.inner_text()  # in Russian, with the range
    # The message is announced with the field: aria-describedby points at the live check cell.
    assert satisfied.get_attribute("aria-describedby") == f"check-{indicators['satisfied'].pk}"
    shot("inline-error")

    satisfied.fill("45,5")
    satisfied.press("Tab")
    error.wait_for(state="detached")
    shot("corrected")
    page.get_by_role("button", name="Отправить на проверку").click()
    page.wait_for_url(f"**/monitoring/submissions/{submission.pk}/")
    assert "Ответ отправлен на проверку" in page.inner_text(".messages")
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert submission.values.get(indicator=indicators["satisfied"]).value == pytest.approx(45.5)
    shot("submitted")

    # Progress on a measure, with an evidence file.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Мои мероприятия").first.click()
    shot("my-measures")
    page.get_by_role("link", name="Отчитаться").first.click()
    page.select_option("[name=status]", "done")
    page.fill("[name=narrative]", "Семинар проведён 25 сентября, 14 участников; программа семинара приложена")
    page.set_input_files(
        "[name=files]",
        files=[{"name": "programma-seminara.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%test\n"}],
    )
    shot("progress-form")
    page.get_by_role("button", name="Отправить на проверку").click()
    report = ProgressReport.objects.get(occurrence__measure__program=program, school=world.school_a)
    assert report.status == "done" and report.review == "submitted"
    evidence = Evidence.objects.get(report=report)
    assert evidence.original_name == "programma-seminara.pdf"
    page.goto(f"{base}/programs/reports/{report.pk}/")
    assert "programma-seminara.pdf" in page.inner_text("main")
    shot("progress-filed")
    assert time.monotonic() - started < 60
