"""The second factor: turning it on, signing in with a code, recovery codes, the policy, the admin
and django-axes' lockout of guessed codes."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import session_keys
from schools.models import User
from tests.factories import UserFactory

from .conftest import enrol, password_step
from .totp import code, secret_from_page

pytestmark = pytest.mark.django_db


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_turning_it_on_shows_a_qr_code_and_the_secret_and_needs_a_right_code(client, world):
    client.force_login(world.staff_a)
    client.post(reverse("accounts:setup_start"))
    page = client.get(reverse("accounts:setup")).content.decode()
    assert "<svg" in page and "QR-код для приложения-аутентификатора" in page and "Секретный ключ" in page
    wrong = client.post(reverse("accounts:setup"), {"code": "000000"}).content.decode()
    assert "Код не подошёл" in wrong
    assert not TOTPDevice.objects.filter(user=world.staff_a, confirmed=True).exists()


def test_password_alone_opens_no_session_then_the_code_does(client, world):
    client.force_login(world.staff_a)
    secret, _codes = enrol(client)
    client.post(reverse("logout"))

    response = password_step(client, "staff_a")
    assert response.status_code == 302 and response["Location"] == reverse("accounts:verify")
    assert not _signed_in(client)
    assert client.get(reverse("schools:list")).status_code == 302  # nothing opens on a password alone

    wrong = client.post(reverse("accounts:verify"), {"code": "123456"})
    assert "Код не подошёл" in wrong.content.decode() and not _signed_in(client)

    right = client.post(reverse("accounts:verify"), {"code": code(secret, steps_ahead=1)})
    assert right.status_code == 302 and _signed_in(client)
    assert client.get(reverse("schools:list")).status_code == 200


def test_a_recovery_code_works_once(client, world):
    client.force_login(world.staff_a)
    _secret, codes = enrol(client)
    client.post(reverse("logout"))

    password_step(client, "staff_a")
    first = client.post(reverse("accounts:verify"), {"code": codes[0].upper()}, follow=True)
    assert _signed_in(client)
    assert "Осталось 9 кодов" in first.content.decode()
    client.post(reverse("logout"))

    password_step(client, "staff_a")
    again = client.post(reverse("accounts:verify"), {"code": codes[0]})
    assert "Код не подошёл" in again.content.decode() and not _signed_in(client)


def test_a_signed_in_session_with_a_device_but_no_code_is_held_on_the_code_page(client, world):
    client.force_login(world.staff_a)
    enrol(client)
    other = type(client)()
    other.force_login(User.objects.get(pk=world.staff_a.pk))  # e.g. single sign-on: signed in, no code yet
    response = other.get(reverse("schools:list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:verify"))
    api = other.get("/api/v1/schools/")
    assert api.status_code == 403 and "кодом" in api.json()["detail"]


def test_guessing_codes_locks_the_sign_in_like_guessing_passwords(client, world):
    client.force_login(world.staff_a)
    secret, _codes = enrol(client)
    client.post(reverse("logout"))
    password_step(client, "staff_a")
    for _ in range(5):
        client.post(reverse("accounts:verify"), {"code": "111111"})
    locked = client.post(reverse("accounts:verify"), {"code": code(secret, steps_ahead=1)})
    assert "Вход временно заблокирован" in locked.content.decode()
    assert not _signed_in(client)


def test_the_policy_sends_staff_without_a_device_to_set_one_up(client, world, settings):
    settings.OTP_REQUIRED = True
    password_step(client, "staff_a")
    assert _signed_in(client) and client.session[session_keys.SECOND_FACTOR] == session_keys.ENROL
    response = client.get(reverse("schools:list"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:setup")
    page = client.get(reverse("accounts:setup")).content.decode()
    assert "Для вашей роли вход в портал возможен только с кодом" in page
    secret = secret_from_page(page)
    client.post(reverse("accounts:setup"), {"code": code(secret)})
    assert client.get(reverse("schools:list")).status_code == 200
    # Required: it cannot be turned off.
    client.post(reverse("accounts:disable"), {"code": code(secret, steps_ahead=1)})
    assert TOTPDevice.objects.filter(user=world.staff_a, confirmed=True).exists()


def test_the_policy_leaves_a_school_team_on_passwords(client, world, settings):
    settings.OTP_REQUIRED = True
    password_step(client, "team_a")
    assert session_keys.SECOND_FACTOR not in client.session
    assert client.get(reverse("home")).status_code == 200


def test_without_the_policy_a_person_may_turn_it_off_with_a_code(client, world):
    client.force_login(world.staff_a)
    secret, _ = enrol(client)
    client.post(reverse("accounts:disable"), {"code": "999999"})
    assert TOTPDevice.objects.filter(user=world.staff_a, confirmed=True).exists()
    client.post(reverse("accounts:disable"), {"code": code(secret, steps_ahead=1)})
    assert not TOTPDevice.objects.filter(user=world.staff_a).exists()


def test_the_admin_is_behind_the_code(client, settings):
    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    admin.set_password("correct-horse-battery-staple")
    admin.save()
    client.force_login(admin)
    assert client.get("/admin/").status_code == 200  # no device, no policy: the password is enough
    secret, _ = enrol(client)
    client.post(reverse("logout"))

    password_step(client, "root")
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login")) and not _signed_in(client)
    client.post(reverse("accounts:verify"), {"code": code(secret, steps_ahead=1)})
    assert client.get("/admin/").status_code == 200

    settings.OTP_REQUIRED = True
    plain = type(client)()
    other = UserFactory(username="root2", is_staff=True, is_superuser=True)
    plain.force_login(other)
    assert plain.get("/admin/").status_code == 302  # the policy requires a code and there is none


def test_the_admin_has_no_password_only_login_form(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
