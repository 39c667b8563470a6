"""Faults with real services: a Redis of the test's own is started and then really stopped."""

from __future__ import annotations

import socket
import subprocess
import time

import pytest
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from tests.programs.conftest import make_program


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def redis_server(tmp_path):
    port = _free_port()
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        if subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True).stdout.strip() == b"PONG":
            break
        time.sleep(0.1)
    yield port, process
    process.kill()
    process.wait(timeout=10)


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_redis_stopped_pages_keep_working_and_healthz_reports_it(world, client_for, redis_server):
    port, process = redis_server
    url = f"redis://127.0.0.1:{port}/0"
    cache = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    program = make_program(world)
    _run(world, client_for, program, process, port, cache)


def _run(world, client_for, program, process, port, cache):
    with override_settings(
        CACHES=cache, CELERY_BROKER_URL=f"redis://127.0.0.1:{port}/1", CELERY_TASK_ALWAYS_EAGER=False
    ):
        client = client_for(world.staff_a)
        assert client.get("/healthz").json()["broker"] == "ok"
        process.kill()  # Redis goes down
        process.wait(timeout=10)
        caches["default"].get("anything")  # the cache now answers as empty instead of failing
        health = client.get("/healthz")
        assert health.status_code == 503 and health.json()["broker"] == "error" and health.json()["database"] == "ok"
        for page in (reverse("home"), reverse("programs:detail", args=[program.pk]), reverse("schools:list")):
            assert client.get(page).status_code == 200
        # (a report ordered while the broker is down stays queued with a message for the user:
        # tests/reports/test_jobs.py covers it against an unreachable broker)
