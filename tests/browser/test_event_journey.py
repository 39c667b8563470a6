"""Issue 19, in headless Chromium with numbered screenshots (test-artifacts/screenshots/events/):
the committee plans a seminar for a measure's due date, the host school's team records attendance
and materials, the committee accepts the reports the event filed, and the measure's due date shows
as done with the event's materials as its evidence."""

from __future__ import annotations

import pytest

from programs.models import ProgressReport
from programs.selectors.execution import State, execution
from resources.models import MethodEvent
from tests.resources.conftest import make_live

from .helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_committee_plans_host_records_occurrence_done(world, live_server, page, journey_shots):
    live = make_live(world)
    base = live_server.url
    screenshot = journey_shots("events")

    # 1. The committee plans a seminar for measure 1.1's last past due date, from the program page.
    login(page, base, "staff_a")
    page.goto(f"{base}/programs/{live.program.pk}/")
    page.get_by_role("link", name="Запланировать мероприятие").click()
    page.get_by_label("Мероприятие программы").select_option(str(live.seminars.pk))
    page.get_by_label("Срок, который выполняет").select_option(str(live.past.pk))
    page.get_by_label("Название").fill("Семинар «Смысловое чтение на уроках»")
    page.get_by_label("Вид").select_option("seminar")
    page.get_by_label("Дата и время").fill(f"{live.past.due_date:%Y-%m-%d}T14:00")
    page.get_by_label("Продолжительность, ч").fill("4")
    page.get_by_label("Школа-организатор").select_option(str(world.school_a.pk))
    page.get_by_label("Для кого").fill("учителя начальных классов и русского языка")
    page.get_by_label("Мест (аудитория)").fill("40")
    page.get_by_label("Ожидается из школы «Школа А-1»").fill("20")
    page.get_by_label("Ожидается из школы «Школа А-2»").fill("15")
    screenshot("plan-form")
    page.get_by_role("button", name="Запланировать").click()
    page.get_by_text("Мероприятие запланировано.").wait_for()
    assert page.get_by_test_id("event-status").inner_text().strip() == "запланировано"
    screenshot("planned")
    event = MethodEvent.objects.get()
    logout(page)

    # 2. The host school's team sees it in the municipality's calendar and records what happened.
    login(page, base, "team_a")
    page.goto(f"{base}/resources/calendar/{world.mun_a.pk}/?month={live.past.due_date:%Y-%m}")
    page.get_by_test_id("calendar-event").get_by_role("link").click()
    screenshot("calendar-to-event")
    page.get_by_role("link", name="Внести посещаемость и материалы").click()
    page.get_by_label("Пришло из школы «Школа А-1» (ожидалось 20)").fill("19")
    page.get_by_label("Пришло из школы «Школа А-2» (ожидалось 15)").fill("14")
    page.get_by_label("Итоги").fill("Разобраны приёмы смыслового чтения; учителя составили банк заданий.")
    page.get_by_label("Материалы (файлы)").set_input_files(
        files=[{"name": "программа-семинара.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    page.get_by_label("Ссылки на материалы").fill("https://example.org/seminar-zapis")
    screenshot("record-form")
    page.get_by_role("button", name="Отметить проведённым").click()
    page.get_by_text("Мероприятие отмечено проведённым").wait_for()
    assert page.get_by_test_id("event-status").inner_text().strip() == "проведено"
    assert "программа-семинара.pdf" in page.get_by_test_id("materials").inner_text()
    screenshot("held")
    logout(page)

    # 3. The committee accepts the two reports the event filed (one per invited school).
    login(page, base, "staff_a")
    page.goto(f"{base}/resources/events/{event.pk}/")
    for school in ("Школа А-1", "Школа А-2"):
        page.get_by_test_id("event-reports").get_by_role("link", name=school).click()
        main = page.locator("main").inner_text()
        assert "Проведено методическое мероприятие «Семинар «Смысловое чтение на уроках»»" in main
        assert "программа-семинара.pdf" in main  # the event's material is the report's evidence
        page.get_by_role("button", name="Принять").click()
        assert page.get_by_test_id("report-review").inner_text() == "принят"
        screenshot(f"accepted-{school}")
        page.goto(f"{base}/resources/events/{event.pk}/")

    # 4. The measure's due date is done for both schools.
    page.goto(f"{base}/programs/{live.program.pk}/measures/{live.seminars.pk}/")
    rows = page.get_by_test_id("work-list").locator("tr", has_text=live.past.due_date.strftime("%Y")).all()
    assert rows
    screenshot("measure-done")
    states = {t.school_id: t.state for t in execution(program_ids=[live.program.pk]).targets
              if t.occurrence_id == live.past.pk}  # fmt: skip
    assert states == {world.school_a.pk: State.DONE, world.school_a2.pk: State.DONE}
    assert set(ProgressReport.objects.values_list("review", flat=True)) == {"accepted"}
