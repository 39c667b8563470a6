"""«Проверка отчётов» in a real browser: htmx posts the decision (with the clicked button), the
refusal appears in the row, a decision replaces the row and the navigation badge follows — all
without an inline script (the CSP would block one and the console would say so)."""

import pytest
from playwright.sync_api import expect

from monitoring.models import Submission
from programs.models import ProgressReport
from tests.programs.conftest import make_program
from tests.test_review_queue import _file, _submitted

from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_decisions_in_the_list(world, live_server, page, screenshot):
    program = make_program(world)
    report = _file(program, world, user=world.team_a, school=world.school_a, days_ago=4)
    answer = _submitted(
        world, municipality=world.mun_a, school=world.school_a, user=world.team_a, days_ago=2, title="Сбор А"
    )
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    base = live_server.url
    login(page, base, "staff_a")
    badge = page.locator("[data-testid=nav-review-count]")
    assert badge.get_attribute("data-value") == "2"
    page.get_by_role("navigation").get_by_role("link", name="Проверка отчётов").click()
    rows = page.locator("[data-testid=queue-row]")
    assert rows.count() == 2

    row = page.locator(f"#queue-reports-{report.pk}")
    row.get_by_role("button", name="Вернуть на доработку").click()
    page.wait_for_selector(f"#queue-reports-{report.pk} [data-testid=queue-error]")
    assert "без комментария" in row.inner_text()
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.SUBMITTED

    page.locator(f"#queue-reports-{report.pk}").get_by_label("Комментарий").fill("Приложите программу семинара")
    page.locator(f"#queue-reports-{report.pk}").get_by_role("button", name="Вернуть на доработку").click()
    page.wait_for_selector(f"#queue-reports-{report.pk}[data-testid=queue-row-done]")
    assert badge.get_attribute("data-value") == "1"
    screenshot("returned")

    page.locator(f"#queue-collections-{answer.pk}").get_by_role("button", name="Принять").click()
    page.wait_for_selector(f"#queue-collections-{answer.pk}[data-testid=queue-row-done]")
    assert badge.get_attribute("data-value") == "0"
    # htmx settles the swapped badge's class (d-none) a moment after its data-value: wait for it.
    expect(badge).to_be_hidden()
    report.refresh_from_db()
    answer.refresh_from_db()
    assert report.review == ProgressReport.Review.RETURNED and report.review_comment == "Приложите программу семинара"
    assert answer.status == Submission.Status.ACCEPTED
    assert not [e for e in errors if "Content Security Policy" in e or "htmx" in e.lower()], errors
