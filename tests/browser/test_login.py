"""A real browser logs in as each role and reaches that role's home page."""

import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("staff_a", "Мой муниципалитет"),
        ("team_a", "Школа А-1"),
        ("methodologist_a", "Ждут вашего заключения"),
        ("region_staff", "Муниципалитеты региона"),
    ],
)
def test_login_reaches_role_home(world, live_server, page, screenshot, persona, heading):
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Войти").first.click()
    page.get_by_label("Имя пользователя").fill(persona)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_selector("[data-testid=home-title]")
    assert heading in page.inner_text("[data-testid=home-title]")
    # styles come from the registry-installed Bootstrap, served locally
    assert page.evaluate("getComputedStyle(document.querySelector('.navbar')).display") == "flex"
    screenshot(f"home-{persona}")


def test_phone_layout_collapses_navigation(world, live_server, browser, screenshot):
    context = browser.new_context(locale="ru-RU", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(f"{live_server.url}/accounts/login/")
    assert phone.is_visible("button.navbar-toggler")
    phone.get_by_label("Имя пользователя").fill("staff_a")
    phone.get_by_label("Пароль").fill(PASSWORD)
    phone.get_by_role("button", name="Войти").click()
    phone.wait_for_selector("[data-testid=home-title]")
    phone.click("button.navbar-toggler")
    phone.get_by_role("link", name="Школы").wait_for(state="visible")
    context.close()
