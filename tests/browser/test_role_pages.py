"""Every demo role's home and main pages at 1280 px and on a phone (390 px), in headless Chromium:
screenshots kept in test-artifacts/screenshots/roles/<account>-<page>-<width>.png, and the page
must not overflow sideways (the navigation fits 1280 px; a wide table scrolls in its own box on a
phone, not the whole page). Every home page shows current work in the demo."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from schools.access import team_school_ids
from schools.demo.loader import DEMO_PASSWORD
from schools.models import User

from .conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# «{school}» is the account's own school (its project team's).
PAGES = {
    "committee": [
        "/",
        "/review_queue/",
        "/programs/my/",
        "/monitoring/dashboard/",
        "/indices/risk/",
        "/indices/results/",
        "/programs/support/",
        "/curators/load/",
    ],
    "region": ["/", "/monitoring/dashboard/", "/indices/risk/", "/indices/results/", "/curators/assignments/"],
    "school": ["/", "/programs/my/", "/schools/{school}/?tab=results", "/schools/{school}/?tab=support"],
    "methodologist": ["/", "/programs/reviews/", "/curators/"],
    "centre": ["/", "/programs/my/"],
}
# What shows that a home page has current work: counts of due / overdue / waiting, or an inbox.
CURRENT_WORK = {
    "committee": "[data-count=overdue]",
    "region": "[data-count=overdue]",
    "school": "[data-count=due]",
    "methodologist": "[data-testid=home-title]",
    "centre": "[data-count=open]",
}


def test_every_role_at_desktop_and_phone_width(after_flush_restore, live_server, browser):
    call_command("demo")
    folder = ARTIFACTS / "roles"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    for account, paths in PAGES.items():
        for width in (1280, 390):
            context = browser.new_context(locale="ru-RU", viewport={"width": width, "height": 900})
            page = context.new_page()
            page.goto(f"{live_server.url}/accounts/login/")
            page.get_by_label("Имя пользователя").fill(account)
            page.get_by_label("Пароль").fill(DEMO_PASSWORD)
            page.get_by_role("button", name="Войти").click()
            page.wait_for_selector("[data-testid=current-user]", state="attached")
            for path in paths:
                if "{school}" in path:
                    user = User.objects.get(username=account)
                    path = path.format(school=min(team_school_ids(user)))
                response = page.goto(f"{live_server.url}{path}")
                assert response is not None and response.status == 200, (account, path)
                if path == "/":
                    assert page.locator(CURRENT_WORK[account]).count() > 0, f"{account}: no current work at home"
                # Charts draw after the page loads: the screenshot shows them drawn (or failed).
                page.wait_for_function(
                    "!document.querySelector('[data-chart]:not([data-chart-ready]):not([data-chart-error])')",
                    timeout=20_000,
                )
                assert page.locator("[data-chart-error]").count() == 0, f"{account} {path}: a chart failed"
                name = path.strip("/").replace("/", "-").replace("?tab=", "") or "home"
                page.screenshot(path=str(folder / f"{account}-{name}-{width}.png"), full_page=True)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                assert overflow <= 1, f"{account} {path} at {width} px: the page is {overflow} px too wide"
            context.close()
