"""Login, logout and password reset by e-mail, in Russian."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_page_is_russian(client):
    body = client.get(reverse("login")).content.decode()
    assert "Вход в портал" in body and "Забыли пароль?" in body


def test_login_with_wrong_password_says_so_in_russian(client, world):
    response = client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    assert response.status_code == 200
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in response.content.decode()


def test_login_then_home_then_logout(client, world):
    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD}, follow=True)
    assert "Мой муниципалитет" in response.content.decode()
    response = client.post(reverse("logout"), follow=True)
    assert "Войти" in response.content.decode()
    assert not response.context["user"].is_authenticated


def test_password_reset_by_email(client, world):
    client.post(reverse("password_reset"), {"email": world.staff_a.email})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert "Восстановление пароля" in message.subject
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Новый пароль" in form_page.content.decode()
    new_password = "Novyi-parol-2026-dlinnyi"
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password}, follow=True
    )
    assert "Пароль изменён" in done.content.decode()
    world.staff_a.refresh_from_db()
    assert world.staff_a.check_password(new_password)


def test_admin_is_for_staff_only(client, world):
    client.force_login(world.staff_a)  # committee staff without is_staff
    response = client.get("/admin/")
    assert response.status_code == 302


def test_password_guessing_locks_the_login(client, world):
    for _ in range(5):
        client.post(reverse("login"), {"username": "staff_a", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
    assert "Вход временно заблокирован" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_pages_send_a_strict_content_security_policy(client):
    policy = client.get(reverse("login"))["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
