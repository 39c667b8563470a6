"""Issue 21, the curator's part, in headless Chromium with numbered screenshots
(test-artifacts/screenshots/curators/): the curator opens «Мои школы», sees the overdue plan item,
records a visit with a file and recommendations that closes it, the item turns «выполнено»; the
municipality's committee sees the curators' load; the school's team reads it on its page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from curators.models import Visit
from curators.services.visits import plan_item_add
from tests.curators.conftest import make_curation

from .helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_curator_records_a_visit_and_the_committee_sees_the_load(world, live_server, page, journey_shots):
    curation = make_curation(world)
    base = live_server.url
    screenshot = journey_shots("curators")
    today = timezone.localdate()
    a = curation.assignment
    plan_item_add(assignment=a, planned_on=today - timedelta(days=4), kind="lessons", topic="Посещение уроков математики",
                  user=curation.curator_a)  # fmt: skip
    plan_item_add(assignment=a, planned_on=today + timedelta(days=20), kind="seminar", topic="Семинар для учителей",
                  user=curation.curator_a)  # fmt: skip

    # 1. The curator's home leads to «Мои школы»: school A-1 with one overdue item.
    login(page, base, "curator_a")
    assert "Вы куратор 1 школы" in page.get_by_test_id("home-curated").inner_text()
    screenshot("home")
    page.locator("nav").get_by_role("link", name="Мои школы").click()
    row = page.get_by_test_id("my-school")
    assert "Школа А-1" in row.inner_text()
    assert "1 пункт" in row.get_by_test_id("overdue-count").inner_text()
    assert "Школа А-2" not in page.get_by_test_id("my-schools").inner_text()
    screenshot("my-schools")

    # 2. From the school's plan, the overdue item's «Записать визит».
    row.get_by_role("link", name="Школа А-1").click()
    first = page.get_by_test_id("plan-row").first
    assert first.get_by_test_id("plan-state").inner_text().strip() == "просрочено"
    screenshot("plan-overdue")
    first.get_by_role("link", name="Записать визит").click()
    # A date in the future is refused in Russian, nothing saved.
    page.get_by_label("Дата визита").fill(f"{today + timedelta(days=1):%Y-%m-%d}")
    page.get_by_label("Цель визита").fill("Наблюдение уроков математики в 5–6 классах")
    page.get_by_role("button", name="Записать визит").click()
    assert "ещё не наступила" in page.get_by_test_id("error-summary").inner_text()
    assert not Visit.objects.exists()
    screenshot("future-refused")
    page.get_by_label("Дата визита").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("очно").check()
    assert "Посещение уроков математики" in page.get_by_label("Закрывает пункт плана").inner_text()
    page.get_by_label("Что увидели").fill("На трёх уроках из четырёх нет дифференцированных заданий.")
    page.get_by_label("Рекомендации").fill("Ввести уровневые задания; организовать взаимопосещения.")
    page.get_by_label("Договорённости о следующих шагах").fill("Банк уровневых заданий к концу четверти.")
    page.get_by_label("Файлы").set_input_files(
        files=[{"name": "протокол-визита.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    screenshot("visit-form")
    page.get_by_role("button", name="Записать визит").click()
    page.get_by_text("Визит записан в журнал.").wait_for()
    assert "Ввести уровневые задания" in page.get_by_test_id("visit-recommendations").inner_text()
    assert "протокол-визита.pdf" in page.get_by_test_id("visit-files").inner_text()
    screenshot("visit")

    # 3. The item is done; the next one is still ahead.
    page.goto(f"{base}/curators/schools/{world.school_a.pk}/")
    states = [s.strip() for s in page.get_by_test_id("plan-state").all_inner_texts()]
    assert states == ["выполнено", "предстоит"]
    screenshot("plan-done")
    logout(page)

    # 4. The municipality's committee sees the load: one visit for the curator, nothing overdue.
    login(page, base, "staff_a")
    page.goto(f"{base}/curators/load/")
    rows = {
        r.locator("td").first.inner_text(): r.locator("td").all_inner_texts()
        for r in page.get_by_test_id("load-row").all()
    }
    assert rows["Кураторова Ольга"][1:4] == ["1", "Школа А-1", "1"]
    assert rows["Кураторова Ольга"][5] == "0"
    assert "Просроченных визитов нет." in page.get_by_test_id("load-overdue").inner_text()
    screenshot("committee-load")
    logout(page)

    # 5. The school's team reads the visit on its school page, tab «Куратор».
    login(page, base, "team_a")
    page.goto(f"{base}/schools/{world.school_a.pk}/?tab=curator")
    pane = page.locator("#pane-curator")
    assert "Кураторова Ольга" in pane.get_by_test_id("curator-current").inner_text()
    assert "Ввести уровневые задания" in pane.get_by_test_id("visits").inner_text()
    assert "Записать визит" not in pane.inner_text()
    screenshot("school-tab")
