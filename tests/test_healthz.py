"""/healthz against the real services: 200 when all are up, 503 naming the one that is down."""

from __future__ import annotations

import os
import socket

import pytest
from django.test import override_settings

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    # A port nobody listens on: bind, read the number, close.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    body = response.json()
    assert body["database"] == "ok"
    assert body["cache"] == "ok"


@pytest.mark.services
def test_healthz_all_ok_with_real_redis_broker(client, settings):
    assert settings.CELERY_BROKER_URL.startswith("redis://")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


def test_healthz_503_when_broker_is_unreachable(client):
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{_closed_port()}/0"):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["broker"] == "error"
    assert body["database"] == "ok"
    assert body["status"] == "error"


def test_healthz_503_when_cache_is_unreachable(client):
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }
    with override_settings(CACHES=caches):  # Django resets its cache handlers on this signal
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error"


@pytest.mark.services
def test_services_really_are_postgres_and_redis(settings):
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert os.environ["REDIS_URL"].startswith("redis://")


@pytest.mark.services
def test_concurrent_cache_probes_never_read_each_others_value():
    """Several nodes' workers probe the one shared Redis at once (load balancers check every
    node): each probe must read its own write, never report a healthy cache as down."""
    import threading

    from config.health import _cache

    failures: list[str] = []

    def probe_many() -> None:
        for _ in range(200):
            try:
                _cache()
            except RuntimeError as exc:
                failures.append(str(exc))

    threads = [threading.Thread(target=probe_many) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
