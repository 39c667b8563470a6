"""/healthz: the state of the database, the cache and the Celery broker, as JSON.

Each probe is bounded by a short timeout so that a dead dependency makes the answer 503 quickly
instead of hanging the load balancer's check.
"""

from __future__ import annotations

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _cache() -> None:
    # A key of this probe's own: the nodes (and the workers of a node) share one cache, and with a
    # shared key a probe read its neighbour's value and reported a healthy cache as down (a 503
    # that takes the node out of the load balancer).
    key = f"healthz:probe:{uuid.uuid4().hex}"
    value = str(time.monotonic())
    cache.set(key, value, timeout=10)
    try:
        if cache.get(key) != value:
            raise RuntimeError("cache did not return the value just written")
    finally:
        cache.delete(key)


def _broker() -> None:
    from config.celery_app import app

    # The URL is read from settings on each probe so that a changed setting is honoured.
    with app.connection_for_write(url=settings.CELERY_BROKER_URL) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


PROBES = {"database": _database, "cache": _cache, "broker": _broker}


@never_cache
@require_GET
def healthz(request):
    checks: dict[str, str] = {}
    for name, probe in PROBES.items():
        try:
            probe()
            checks[name] = "ok"
        except Exception as exc:  # any failure of a dependency is reported, never raised
            logger.warning("healthz: %s is down: %s", name, exc)
            checks[name] = "error"
    healthy = all(v == "ok" for v in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    return JsonResponse(body, status=200 if healthy else 503)
