"""Committee creates a program with a task and a measure "Сентябрь, ежегодно"; the school team
files progress; the committee returns it with a comment; the team refiles; the committee accepts;
the public page shows the measure done."""

import pytest

from programs.models import Measure, Program, ProgressReport

from .helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_program_from_creation_to_accepted_progress(world, live_server, page, screenshot):
    base = live_server.url
    login(page, base, "staff_a")
    page.goto(f"{base}/programs/new/")
    page.fill("[name=title]", "Программа поддержки школы А-1")
    page.fill("[name=period_start]", "2025-01-01")
    page.fill("[name=period_end]", "2025-12-31")
    page.get_by_role("button", name="Сохранить").click()
    program = Program.objects.get(title="Программа поддержки школы А-1")

    for part, fields in (
        ("goals", {"goals-0-text": "Повышение качества образования"}),
        ("tasks", {"tasks-0-number": "1", "tasks-0-text": "Поддержать учителей"}),
    ):
        page.goto(f"{base}/programs/{program.pk}/part/{part}/")
        for name, value in fields.items():
            page.fill(f"[name={name}]", value)
        page.get_by_role("button", name="Сохранить").click()
    page.goto(f"{base}/programs/{program.pk}/part/schools/")
    page.select_option("[name=schools-0-school]", label="Школа А-1")
    page.get_by_role("button", name="Сохранить").click()

    page.goto(f"{base}/programs/{program.pk}/measures/new/")
    page.fill("[name=number]", "1.1")
    page.select_option("[name=task]", index=1)
    page.fill("[name=title]", "Методический семинар для учителей")
    page.fill("[name=timing_text]", "Сентябрь, ежегодно")
    page.select_option("[name=schools]", label="Школа А-1")
    page.get_by_role("button", name="Сохранить").click()
    measure = Measure.objects.get(program=program, number="1.1")
    assert measure.schedule_kind == "yearly"

    page.goto(f"{base}/programs/{program.pk}/")
    page.get_by_role("button", name="Утвердить", exact=True).click()
    page.get_by_role("button", name="Утвердить программу").click()
    page.get_by_role("button", name="Опубликовать", exact=True).click()
    screenshot("approved")
    program.refresh_from_db()
    assert program.status == "approved" and program.is_public
    logout(page)

    login(page, base, "team_a")
    page.get_by_role("link", name="Мои мероприятия").first.click()
    page.get_by_role("link", name="Отчитаться").first.click()
    page.select_option("[name=status]", "done")
    page.fill("[name=narrative]", "Семинар проведён 25 сентября, 14 участников")
    page.get_by_role("button", name="Отправить на проверку").click()
    report = ProgressReport.objects.get(occurrence__measure=measure)
    logout(page)

    login(page, base, "staff_a")
    page.goto(f"{base}/programs/reports/{report.pk}/")
    page.get_by_label("Комментарий").fill("Приложите программу семинара")
    page.get_by_role("button", name="Вернуть на доработку").click()
    assert "возвращён" in page.inner_text("[data-testid=report-review]")
    logout(page)

    login(page, base, "team_a")
    page.get_by_role("link", name="Мои мероприятия").first.click()
    page.get_by_role("link", name="Отчитаться").first.click()
    assert "Приложите программу семинара" in page.content()
    page.fill("[name=narrative]", "Семинар проведён 25 сентября, 14 участников; программа семинара на сайте")
    page.get_by_role("button", name="Отправить на проверку").click()
    logout(page)

    login(page, base, "staff_a")
    page.goto(f"{base}/programs/reports/{report.pk}/")
    page.get_by_role("button", name="Принять").click()
    assert "принят" in page.inner_text("[data-testid=report-review]")
    history = page.inner_text("[data-testid=review-history]")
    assert history.count("возвращён") == 1 and "подан повторно" in history
    logout(page)

    page.goto(f"{base}{program.get_public_url()}")
    row = page.locator("[data-testid=measures] tr", has_text="Методический семинар для учителей")
    assert "выполнено" in row.inner_text()
    screenshot("public")
