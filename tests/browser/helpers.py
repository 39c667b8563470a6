from tests.conftest import PASSWORD


def login(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_selector("[data-testid=current-user]")


def logout(page) -> None:
    page.click("[data-testid=current-user]")  # the user menu holds «Выйти»
    page.get_by_role("button", name="Выйти").click()
    page.wait_for_load_state()
