"""A committee member turns on the second factor in a real browser, signs out, signs in with a code
from the app (a wrong one refused first), and a recovery code opens the portal once only."""

from __future__ import annotations

import pytest

from tests.accounts.totp import code, secret_from_page
from tests.browser.helpers import logout
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _password(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()


def _code(page, value: str) -> None:
    page.get_by_label("Код").fill(value)
    page.get_by_role("button", name="Подтвердить").click()


def test_committee_member_turns_on_the_second_factor_and_signs_in_with_codes(world, live_server, page, screenshot):
    base = live_server.url
    _password(page, base, "staff_a")
    page.wait_for_selector("[data-testid=home-title]")

    page.click("[data-testid=current-user]")
    page.get_by_role("link", name="Вход и безопасность").click()
    page.get_by_role("button", name="Включить второй фактор").click()
    page.wait_for_selector("[data-testid=totp-qr] svg")
    assert page.locator("[data-testid=totp-qr] svg").bounding_box()["width"] > 100
    screenshot("setup")
    secret = secret_from_page(page.content())
    page.get_by_label("Код из приложения").fill(code(secret))
    page.get_by_role("button", name="Подтвердить и включить").click()
    page.wait_for_selector("[data-testid=recovery-codes]")
    recovery = page.locator("[data-testid=recovery-codes] li").all_inner_texts()
    assert len(recovery) == 10 and len(set(recovery)) == 10
    assert page.get_by_text("Второй фактор включён").is_visible()
    screenshot("codes")
    page.get_by_role("link", name="Коды сохранены, продолжить").click()
    logout(page)

    # A password alone leads to the code page; a wrong code is refused in Russian.
    _password(page, base, "staff_a")
    page.wait_for_selector("h1:has-text('Код подтверждения')")
    _code(page, "000000")
    page.wait_for_selector("text=Код не подошёл")
    screenshot("wrong-code")
    assert page.locator("[data-testid=current-user]").count() == 0
    page.wait_for_timeout(1200)  # django-otp's delay after a wrong code (1 s)
    _code(page, code(secret, steps_ahead=1))  # the next step's code: the one used to confirm is spent
    page.wait_for_selector("[data-testid=home-title]")
    assert "Мой муниципалитет" in page.inner_text("[data-testid=home-title]")
    logout(page)

    # A recovery code works once.
    _password(page, base, "staff_a")
    _code(page, recovery[0])
    page.wait_for_selector("[data-testid=home-title]")
    assert page.get_by_text("Осталось 9 кодов").is_visible()
    screenshot("recovery")
    logout(page)
    _password(page, base, "staff_a")
    _code(page, recovery[0])
    page.wait_for_selector("text=Код не подошёл")
    assert page.locator("[data-testid=current-user]").count() == 0
    screenshot("recovery-spent")
