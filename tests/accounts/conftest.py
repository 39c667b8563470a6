from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

from .totp import code, secret_from_page


def enrol(client) -> tuple[bytes, list[str]]:
    """Turn on the second factor for the client's signed-in user as a person would: start, read the
    secret off the page, confirm with the app's code. Returns the secret and the recovery codes."""
    client.post(reverse("accounts:setup_start"))
    page = client.get(reverse("accounts:setup")).content.decode()
    secret = secret_from_page(page)
    done = client.post(reverse("accounts:setup"), {"code": code(secret)})
    assert done.status_code == 200, done.content.decode()[:500]
    codes = re.findall(r'<li class="col">([a-z2-7]{8})</li>', done.content.decode())
    assert len(codes) == 10
    return secret, codes


def password_step(client, username: str):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


@pytest.fixture(autouse=True)
def _no_throttle_delay(settings):
    # django-otp waits 1 s, 2 s, 4 s… after a wrong code; these tests send the next code at once.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
