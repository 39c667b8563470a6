"""Journeys of the methodologist and of the public, in headless Chromium, with screenshots:

- a school team proposes a practice, the school's methodologist publishes it, and an anonymous
  visitor finds it by a Russian word in another grammatical form («родителями» → «родители»);
- a methodologist opens a school program from the inbox on their home page, scores it, returns it
  with a comment on a section, and the team sees the status and the comment on its home page;
- an anonymous visitor reads a published program's public page."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from programs.models import Practice, SchoolProgram
from programs.selectors import reviews as review_reads
from programs.services import reviews as review_svc
from programs.services import school_programs as svc
from tests.programs.conftest import make_program

from .helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_practice_submitted_published_and_found_in_another_form(
    after_flush_restore, world, live_server, page, journey_shots
):
    screenshot = journey_shots("practice-bank")
    base = live_server.url
    login(page, base, "team_a")
    # The team's bar keeps its daily work; the bank is under «Ещё».
    page.get_by_role("navigation").get_by_role("button", name="Ещё").click()
    page.get_by_role("link", name="Банк лучших практик").click()
    page.get_by_test_id("new-practice").first.click()
    page.fill("[name=title]", "Клуб для родителей девятиклассников")
    page.fill("[name=problem]", "Родители не знают, как помочь детям готовиться к экзаменам")
    page.fill("[name=actions]", "Ежемесячные встречи с учителями, разбор демоверсий ОГЭ")
    page.fill("[name=results]", "Доля «двоек» по математике снизилась с 9 до 3 %")
    page.get_by_label("Работа с семьями").check()
    page.get_by_role("button", name="Сохранить").click()
    page.get_by_test_id("submit-practice").click()
    screenshot("team-submitted")
    practice = Practice.objects.get()
    assert practice.status == Practice.Status.SUBMITTED
    logout(page)

    login(page, base, "methodologist_a")
    inbox = page.get_by_test_id("home-inbox")
    inbox.get_by_role("link", name="Клуб для родителей девятиклассников").click()
    page.get_by_label("опубликовать").check()
    page.get_by_role("button", name="Сохранить решение").click()
    screenshot("methodologist-published")
    assert "опубликована" in page.get_by_test_id("practice-status").inner_text()
    logout(page)

    # Anonymous: the home page's search box, a word in the instrumental case.
    page.goto(f"{base}/")
    page.get_by_label("Поиск практик").fill("родителями")
    page.get_by_role("button", name="Найти").click()
    results = page.get_by_test_id("practice-results")
    results.get_by_role("link", name="Клуб для родителей девятиклассников").wait_for()
    screenshot("anonymous-found")
    page.goto(f"{base}/programs/practices/?q=космонавтика")
    assert "Клуб для родителей" not in page.get_by_test_id("practice-results").inner_text()


def _submitted_program(world) -> SchoolProgram:
    program = svc.school_program_create(
        user=world.team_a,
        school=world.school_a,
        data={
            "title": "Программа перехода в эффективный режим работы",
            "period_start": 2025,
            "period_end": 2027,
            "analysis": "Средний балл ОГЭ по математике ниже регионального; много детей-инофонов и неполных семей.",
            "goals": "Повысить средний балл ОГЭ по математике",
            "tasks": "Организовать наставничество",
            "results": "Средний балл ОГЭ не ниже регионального",
        },
    )
    svc.school_program_save(
        user=world.team_a,
        program=program,
        data={},
        measures=[
            {"number": 1, "title": "Семинар", "deadline": date(2025, 10, 1), "responsible": "Завуч", "task_number": 1}
        ],
        indicators=[{"name": "Средний балл ОГЭ по математике", "baseline": 11, "target": 13, "target_year": 2027}],
        expected_version=program.version,
    )
    svc.school_program_submit(user=world.team_a, program=program)
    review_svc.assign_reviewer(
        user=world.staff_a, program=program, reviewer=world.methodologist_a, deadline=date.today() + timedelta(days=3)
    )
    return program


def test_methodologist_reviews_and_returns_a_school_program(
    after_flush_restore, world, live_server, page, journey_shots
):
    screenshot = journey_shots("methodologist")
    program = _submitted_program(world)
    base = live_server.url
    login(page, base, "methodologist_a")
    screenshot("inbox")
    page.get_by_test_id("home-inbox").get_by_role("link", name=program.title, exact=False).click()
    assert page.get_by_test_id("reviewed-version").inner_text() == "1"
    for criterion in review_reads.criteria_for(world.mun_a):
        page.fill(f"[name=score_{criterion.pk}]", "1")
    page.fill("[name=comment_indicators]", "Нет показателя по русскому языку")
    page.get_by_label("вернуть на доработку").check()
    page.fill("[name=summary]", "Добавьте показатели по каждой задаче")
    screenshot("review-form")
    page.get_by_role("button", name="Сохранить заключение").click()
    assert "возвращена на доработку" in page.get_by_test_id("sp-status").inner_text()
    screenshot("returned")
    logout(page)

    login(page, base, "team_a")
    home = page.get_by_test_id("home-school-program")
    assert "возвращена на доработку" in home.inner_text()
    assert "Добавьте показатели по каждой задаче" in home.inner_text()
    home.get_by_role("link", name=program.title).click()
    assert "Нет показателя по русскому языку" in page.get_by_test_id("review-comments").inner_text()
    screenshot("team-sees-comments")


def test_anonymous_reads_a_public_program(after_flush_restore, world, live_server, page, journey_shots):
    screenshot = journey_shots("anonymous")
    program = make_program(world)
    program.is_public = True
    program.save()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=program.short_title or program.title).first.click()
    page.get_by_text("Семинар для учителей").first.wait_for()
    screenshot("public-program")
    assert page.get_by_role("link", name="Войти").count() >= 1
