"""Session lifetime from the environment, the idle timeout, «Выйти на всех устройствах»."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from accounts import session_keys
from accounts.models import SessionRecord

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_lifetime_and_idle_timeout_come_from_the_environment():
    env = {**os.environ, "SESSION_COOKIE_AGE": "600", "SESSION_IDLE_TIMEOUT": "120"}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
        "from django.conf import settings as s; print(s.SESSION_COOKIE_AGE, s.SESSION_IDLE_TIMEOUT)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["600", "120"]


def test_an_idle_session_is_signed_out(client, world, settings):
    settings.SESSION_IDLE_TIMEOUT = 120
    client.force_login(world.staff_a)
    assert client.get(reverse("schools:list")).status_code == 200
    session = client.session
    session[session_keys.LAST_SEEN] = int(time.time()) - 121
    session.save()
    response = client.get(reverse("schools:list"), follow=True)
    assert "Сеанс завершён: долго не было действий" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_active_session_stays(client, world, settings):
    settings.SESSION_IDLE_TIMEOUT = 120
    client.force_login(world.staff_a)
    session = client.session
    session[session_keys.LAST_SEEN] = int(time.time()) - 100
    session.save()
    assert client.get(reverse("schools:list")).status_code == 200
    assert client.session[session_keys.LAST_SEEN] >= int(time.time()) - 2  # the request renewed it


def test_sign_out_everywhere_ends_every_session_of_that_person_only(world):
    laptop, phone, colleague = Client(), Client(), Client()
    laptop.force_login(world.staff_a)
    phone.force_login(world.staff_a)
    colleague.force_login(world.staff_b)
    assert phone.get(reverse("schools:list")).status_code == 200
    page = laptop.get(reverse("accounts:security")).content.decode()
    assert "Выйти на всех устройствах" in page and "2 сеанса" in page

    response = laptop.post(reverse("accounts:sign_out_everywhere"), follow=True)
    assert "Вы вышли на всех устройствах" in response.content.decode()
    assert phone.get(reverse("schools:list")).status_code == 302
    assert laptop.get(reverse("schools:list")).status_code == 302
    assert colleague.get(reverse("schools:list")).status_code == 200
    assert not SessionRecord.objects.filter(user=world.staff_a).exists()


def test_the_security_page_is_for_signed_in_people(client):
    assert client.get(reverse("accounts:security")).status_code == 302


def _settings_value(name: str, **env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "OTP_REQUIRED"}}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
        f"from django.conf import settings as s; print(s.{name})"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_the_second_factor_is_required_in_production_and_not_in_the_embedded_demo():
    production = {"DEBUG": "0", "SECRET_KEY": "k" * 60, "ALLOWED_HOSTS": "portal.example.org"}
    assert _settings_value("OTP_REQUIRED", **production) == "True"
    assert _settings_value("OTP_REQUIRED", **production, OTP_REQUIRED="0") == "False"
    assert _settings_value("OTP_REQUIRED") == "False"
