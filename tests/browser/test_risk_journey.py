"""Issue 21 in Chromium, with screenshots (test-artifacts/screenshots/risk-profile/):

the committee sees its municipal risk table; the school opens its computed risk profile, reads
why a factor got its level, confirms two risks with reasons and starts the anti-risk program of
one; submitting the medium-term program is refused naming the risk without a program; the
anti-risk program is submitted, the school's curator records a visit and returns it with a comment
through the review pages, the school resubmits; the committee sees the table changed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from curators.services.assignments import OrderData, curator_assign
from programs.models import SchoolProgram
from programs.selectors import reviews as review_reads
from programs.services import reviews as review_svc
from programs.services import school_programs as svc
from risks.services.profiles import profiles_compute
from tests.risks.conftest import YEAR, make_school_data
from tests.risks.test_antirisk import complete

from .helpers import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _confirm(page, title: str, reason: str) -> None:
    card = page.get_by_test_id("risk-item").filter(has=page.get_by_role("heading", name=title, exact=True))
    card.locator("textarea[name=reason]").fill(reason)
    card.get_by_test_id("confirm").click()
    page.wait_for_load_state()
    card = page.get_by_test_id("risk-item").filter(has=page.get_by_role("heading", name=title, exact=True))
    assert card.get_by_test_id("risk-decision").inner_text() == "подтверждён школой"


def _table_cell(page, school: str, column: int) -> str:
    row = page.get_by_test_id("risk-table").locator("tbody tr").filter(has_text=school)
    return row.locator("td").nth(column).inner_text()


def test_risk_profile_journey(after_flush_restore, world, live_server, page, journey_shots):
    screenshot = journey_shots("risk-profile")
    base = live_server.url
    make_school_data(world)
    profiles_compute(schools=[world.school_a], year=YEAR, user=world.staff_a)
    medium = complete(
        world.team_a,
        svc.school_program_create(
            user=world.team_a,
            school=world.school_a,
            data={
                "kind": "medium_term",
                "title": "Среднесрочная программа развития",
                "period_start": YEAR,
                "period_end": YEAR + 2,
            },
        ),
    )
    disabilities = "Высокая доля обучающихся с ОВЗ"
    staffing = "Дефицит педагогических кадров"

    # The committee: the table before the school's self-diagnosis.
    login(page, base, "staff_a")
    page.goto(f"{base}/risks/")
    page.get_by_test_id("risk-table").wait_for()
    column = 3  # equipment, staff shortage, competence, disabilities: the fourth factor
    before = _table_cell(page, "Школа А-1", column)
    assert before.strip() == "высокий"
    screenshot("committee-table-before")
    logout(page)

    # The school: from its home page to its profile.
    login(page, base, "team_a")
    page.get_by_test_id("home-risks").get_by_role("link").first.click()
    page.get_by_test_id("risk-title").wait_for()
    card = page.get_by_test_id("risk-item").filter(has=page.get_by_role("heading", name=disabilities, exact=True))
    card.locator("summary").click()
    explanation = card.get_by_test_id("risk-explanation").inner_text()
    assert "Обучающихся с ОВЗ: 45" in explanation and "порога уровня «высокий»" in explanation
    screenshot("profile-explained")

    # A confirmation without a reason is refused in Russian.
    card.get_by_test_id("confirm").click()
    page.wait_for_load_state()
    assert "без обоснования" in page.locator(".messages").inner_text()
    _confirm(page, disabilities, "45 детей с ОВЗ, в школе нет тьютора и дефектолога")
    _confirm(page, staffing, "Три вакансии учителей математики не закрыты с сентября")
    screenshot("two-risks-confirmed")

    card = page.get_by_test_id("risk-item").filter(has=page.get_by_role("heading", name=disabilities, exact=True))
    card.get_by_test_id("antirisk-start").click()
    page.get_by_test_id("sp-status").wait_for()
    antirisk = SchoolProgram.objects.get(kind=SchoolProgram.Kind.ANTI_RISK)
    assert page.url.endswith(antirisk.get_absolute_url())
    # The sections of the document (the programs' own form) are filled in as the team writes them.
    complete(world.team_a, antirisk)

    # The medium-term program is refused, naming the risk that has no anti-risk program.
    page.goto(f"{base}{medium.get_absolute_url()}")
    page.get_by_test_id("submit-program").click()
    page.wait_for_load_state()
    refusal = page.locator(".messages").inner_text()
    assert f"«{staffing}»" in refusal and "не имеет антирисковой программы" in refusal
    assert disabilities not in refusal
    screenshot("medium-term-refused")

    page.goto(f"{base}{antirisk.get_absolute_url()}")
    page.get_by_test_id("submit-program").click()
    page.wait_for_load_state()
    assert "подана на экспертизу" in page.get_by_test_id("sp-status").inner_text()
    logout(page)

    # The region makes the methodologist the school's curator by an order; the curator records a
    # visit (what was seen, recommendations) and, as the program's reviewer, returns it with a comment.
    curator_assign(
        curator=world.methodologist_a,
        schools=[world.school_a],
        order=OrderData("12-р", date.today() - timedelta(days=20), date.today() - timedelta(days=20)),
        user=world.region_staff,
    )
    review_svc.assign_reviewer(
        user=world.staff_a, program=antirisk, reviewer=world.methodologist_a, deadline=date.today() + timedelta(days=5)
    )
    login(page, base, "methodologist_a")
    page.goto(f"{base}/curators/schools/{world.school_a.pk}/visit/")
    page.get_by_label("Дата визита").fill(f"{date.today():%Y-%m-%d}")
    page.get_by_label("очно").check()
    page.get_by_label("Цель визита").fill("Самодиагностика рисков и антирисковая программа")
    page.get_by_label("Что увидели").fill("Для детей с ОВЗ нет индивидуальных маршрутов; тьютор не назначен.")
    page.get_by_label("Рекомендации").fill("Сделать показатель программы измеримым: доля детей с ОВЗ с маршрутом.")
    page.get_by_role("button", name="Записать визит").click()
    page.get_by_text("Визит записан в журнал.").wait_for()
    assert "доля детей с ОВЗ с маршрутом" in page.get_by_test_id("visit-recommendations").inner_text()
    screenshot("curator-visit")
    page.goto(f"{base}/")
    page.get_by_test_id("home-inbox").get_by_role("link", name=antirisk.title, exact=False).click()
    for criterion in review_reads.criteria_for(world.mun_a):
        page.fill(f"[name=score_{criterion.pk}]", "1")
    page.fill("[name=comment_indicators]", "Укажите, как считается доля детей с ОВЗ, получивших поддержку")
    page.get_by_label("вернуть на доработку").check()
    page.fill("[name=summary]", "Уточните показатель и способ сбора данных")
    page.get_by_role("button", name="Сохранить заключение").click()
    assert "возвращена на доработку" in page.get_by_test_id("sp-status").inner_text()
    screenshot("returned-by-methodologist")
    logout(page)

    # The school reads the comment and resubmits.
    login(page, base, "team_a")
    page.goto(f"{base}{antirisk.get_absolute_url()}")
    assert "Укажите, как считается доля" in page.get_by_test_id("review-comments").inner_text()
    page.get_by_test_id("submit-program").click()
    page.wait_for_load_state()
    assert "подана повторно" in page.get_by_test_id("sp-status").inner_text()
    screenshot("resubmitted")
    page.goto(f"{base}/risks/schools/{world.school_a.pk}/?year={YEAR}")
    assert antirisk.title in page.get_by_test_id("antirisk-link").first.inner_text()
    screenshot("profile-with-program")
    logout(page)

    # The committee sees the table changed: the two risks now confirmed by the school.
    login(page, base, "staff_a")
    page.goto(f"{base}/risks/")
    after = _table_cell(page, "Школа А-1", column)
    assert after != before and "подтверждён" in after and "высокий" in after
    assert "подтверждён — 1" in page.get_by_test_id("risk-count").nth(column).inner_text()
    screenshot("committee-table-after")
