"""Production mode refuses to start without a secret key and passes `check --deploy`; the embedded
default (no DEBUG in the environment) shows the portal's Russian error pages, not Django's debug page."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _run(["check"], DEBUG="0", ALLOWED_HOSTS="portal.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    result = _run(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DEBUG="0",
        SECRET_KEY="x7Gf2-a-long-random-production-secret-key-9Qe4Lm1zPq8RtY3uW6vB0nC5",
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_runs_without_any_environment():
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "DEBUG", "SECRET_KEY"}
    }
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_BROKER_URL, s.CELERY_TASK_ALWAYS_EAGER,"
        " s.EMAIL_BACKEND, s.TIME_ZONE, s.LANGUAGE_CODE)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60, check=True
    ).stdout.split()
    assert out == [
        "django.db.backends.sqlite3",
        "memory://",
        "True",
        "django.core.mail.backends.console.EmailBackend",
        "Europe/Moscow",
        "ru",
    ]


def test_embedded_default_shows_the_russian_404_not_the_debug_page():
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"}}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings'; django.setup();"
        "from django.conf import settings; from django.test import Client;"
        "from django.test.utils import setup_test_environment; setup_test_environment();"
        "r = Client().get('/no-such-page/'); body = r.content.decode();"
        "print(settings.DEBUG, r.status_code, 'Страница не найдена' in body, 'technical' in body.lower());"
        "s = Client().get('/static/css/portal.css'); print(s.status_code)"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.split("\n")
    assert lines[0].split() == ["False", "404", "True", "False"]
    assert lines[1] == "200"  # static files are served without collectstatic


def test_debug_is_asked_for_explicitly():
    result = _run(["diffsettings"], DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert "DEBUG = True" in result.stdout
