"""The timing preview in a real browser (htmx under the site's CSP): typing a timing shows its due
dates before saving; the schedule correction form shows only the fields the chosen kind uses."""

import pytest

from tests.programs.conftest import make_program

from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_timing_shows_its_due_dates_and_the_schedule_form_follows_the_kind(
    world, live_server, page, screenshot
):
    program = make_program(world, status="draft")
    base = live_server.url
    login(page, base, "staff_a")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(f"{base}/programs/{program.pk}/measures/new/")
    page.fill("[name=timing_text]", "ежеквартально, до 10 числа")
    preview = page.locator("#timing-preview")
    preview.get_by_text("10.04.2025").wait_for()
    assert "ежеквартально, до 10 числа месяца, следующего за кварталом" in preview.inner_text()
    screenshot("measure-form-preview")

    measure = program.measures.get(number="1.1")
    page.goto(f"{base}/programs/{program.pk}/measures/{measure.pk}/schedule/")
    quarter, months, day = page.locator("#id_quarter"), page.locator("#div_id_months"), page.locator("#id_day")
    assert months.is_visible() and not quarter.is_visible()  # "ежегодно в сентябре"
    page.select_option("[name=kind]", "academic_yearly")
    assert quarter.is_visible() and not months.is_visible() and day.is_visible()
    page.select_option("[name=kind]", "quarterly")
    assert not quarter.is_visible() and day.is_visible()
    page.fill("[name=day]", "10")
    preview.get_by_text("10.04.2025").wait_for()
    screenshot("schedule-form-preview")
    assert not [e for e in errors if "Content Security Policy" in e], errors
