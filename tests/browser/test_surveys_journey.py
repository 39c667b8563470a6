"""A parent answers the school's questionnaire on a phone (390 px wide): skip logic shows the
follow-up question, the connection drops at the moment of sending and the answers go when it is
back; then the committee sees the response rate move and the chart of the answers."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from schools.models import SchoolProfile
from surveys.models import CampaignSchool, Response
from surveys.selectors.campaigns import academic_year
from surveys.services.answers import resolve, response_submit
from tests.factories import CampaignFactory

from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _earlier_answers(campaign, token: str, n: int) -> None:
    for satisfaction in [5, 4, 2, 3][:n]:
        data = {"satisfaction": [str(satisfaction)], "club": ["no"], "hours": ["5"]}
        response_submit(target=resolve(token), get=lambda name, data=data: data.get(name, []))


def test_a_parent_answers_on_a_phone_and_the_committee_sees_it(world, live_server, browser, page, journey_shots):
    campaign = CampaignFactory(schools=[world.school_a], municipality=world.mun_a, title="Удовлетворённость родителей")
    SchoolProfile.objects.create(school=world.school_a, year=academic_year(campaign.start), enrolment=10, teachers=3)
    token = CampaignSchool.objects.get(campaign=campaign).token
    _earlier_answers(campaign, token, 4)
    base = live_server.url

    phone = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    parent = phone.new_page()
    folder_shot = journey_shots("survey-parent")

    def shot(step: str):
        path = folder_shot(step)
        parent.screenshot(path=str(path), full_page=True)

    parent.goto(base + reverse("surveys:answer", args=[token]))
    parent.wait_for_selector("#survey-form")
    assert parent.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    follow_up = parent.locator("fieldset[data-name=club_name]")
    assert follow_up.is_hidden()
    parent.get_by_text("4", exact=True).click()
    parent.locator("#club-1").check()
    follow_up.wait_for(state="visible")  # skip logic: «Какой кружок?» appears on «да»
    parent.locator("#club_name").fill("Робототехника")
    parent.locator("#hours").fill("8")
    parent.locator("#grid_safe-1").check()
    parent.locator("#wish").fill("Спасибо учителям")
    shot("filled")

    # The connection drops just as the parent sends: the answers stay on the phone.
    phone.set_offline(True)
    parent.get_by_role("button", name="Отправить ответы").click()
    parent.locator("[data-testid=offline]").wait_for(state="visible")
    shot("offline-kept")
    assert Response.objects.count() == 4
    saved = parent.evaluate(f"localStorage.getItem('survey:{token}')")
    assert "Робототехника" in saved
    phone.set_offline(False)  # Chromium fires «online»: the page sends what it kept
    try:
        parent.wait_for_selector("[data-testid=thanks]", timeout=3000)
    except PlaywrightTimeout:
        parent.evaluate("window.dispatchEvent(new Event('online'))")
    parent.locator("[data-testid=thanks]").wait_for()
    shot("thanks")
    assert Response.objects.count() == 5
    stored = Response.objects.latest("pk").answers
    assert stored["club_name"] == "Робототехника" and stored["satisfaction"] == 4
    assert parent.evaluate(f"localStorage.getItem('survey:{token}')") is None
    phone.close()

    # The committee: the response rate has moved to 5 of 10, and the chart shows the answers.
    login(page, base, world.staff_a.username)
    page.goto(base + reverse("surveys:campaign", args=[campaign.pk]))
    assert page.locator("[data-testid=received]").inner_text().strip() == "5"
    assert page.locator("[data-testid=rate]").inner_text().strip() == "50 %"
    folder_shot("tracker")
    page.get_by_role("link", name="Результаты").click()
    section = page.locator("section[data-question=satisfaction]")
    section.locator("svg").first.wait_for()
    assert "анкет — 5" in page.locator("[data-testid=responses]").inner_text()
    folder_shot("results")
