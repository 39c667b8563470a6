"""Heavy reads on a PostgreSQL read replica (REPLICA_DATABASE_URL), with the primary as fallback.

Which requests: ``ReplicaMiddleware`` marks a GET/HEAD request as a *heavy read* when its URL name
matches settings.REPLICA_ROUTES (API lists, exports, analytics pages) or it asks for a CSV/XLSX
export; only for the duration of that request does ``ReplicaRouter`` send reads to ``replica``.
Everything else — every write, every read of an ordinary page, anything inside a transaction
(select_for_update, read-then-write) — stays on ``default``, so a user never reads past their
own write.

When: ``replica_usable()`` asks the replica how far behind it is, at most once every
REPLICA_CHECK_SECONDS per process (a cheap query, cached in the process: each node decides for
itself). A replica that is down, unreachable or more than REPLICA_MAX_LAG_SECONDS behind is
skipped until the next check, and the primary serves the heavy reads meanwhile.
"""

from __future__ import annotations

import fnmatch
import logging
import threading
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

log = logging.getLogger(__name__)

REPLICA = "replica"
_heavy: ContextVar[bool] = ContextVar("portal_heavy_read", default=False)

# Lag in seconds: zero when everything received is replayed (an idle primary sends nothing, so the
# last replayed commit may be old without the replica being behind); otherwise the age of the last
# replayed commit. Not in recovery (a promoted replica) is not behind at all.
LAG_SQL = """
SELECT CASE
  WHEN NOT pg_is_in_recovery() THEN 0
  WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
  ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


class _State:
    lock = threading.Lock()
    checked_at = float("-inf")
    usable = False
    lag: float | None = None


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def replica_lag() -> float | None:
    """Seconds behind the primary, or None when the replica cannot be asked."""
    connection = connections[REPLICA]
    try:
        with connection.cursor() as cursor:
            cursor.execute(LAG_SQL)
            row = cursor.fetchone()
    except DatabaseError as exc:
        log.warning("read replica unreachable, heavy reads go to the primary: %s", exc)
        try:
            connection.close()  # a broken persistent connection is not reused
        except DatabaseError:
            pass
        return None
    return float(row[0]) if row and row[0] is not None else 0.0


def replica_usable(*, now: float | None = None) -> bool:
    """The cached verdict: reachable and no further behind than REPLICA_MAX_LAG_SECONDS."""
    if not replica_configured():
        return False
    now = time.monotonic() if now is None else now
    if now - _State.checked_at < settings.REPLICA_CHECK_SECONDS:
        return _State.usable
    with _State.lock:
        if now - _State.checked_at >= settings.REPLICA_CHECK_SECONDS:
            lag = replica_lag()
            _State.lag = lag
            _State.usable = lag is not None and lag <= settings.REPLICA_MAX_LAG_SECONDS
            if lag is not None and not _State.usable:
                log.warning("read replica %.1f s behind, heavy reads go to the primary", lag)
            _State.checked_at = now
    return _State.usable


def replica_forget() -> None:
    """Drop the cached verdict (tests; after a failover)."""
    _State.checked_at = float("-inf")


def replica_mark_down() -> None:
    """The replica failed mid-request: skip it until the next check is due."""
    with _State.lock:
        _State.usable = False
        _State.checked_at = time.monotonic()
    try:
        connections[REPLICA].close()
    except DatabaseError:
        pass


def is_heavy_read(request, view_name: str) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if request.GET.get("format") in ("csv", "xlsx"):
        return True
    return any(fnmatch.fnmatchcase(view_name, pattern) for pattern in settings.REPLICA_ROUTES)


class ReplicaMiddleware:
    """Marks a heavy read for the router, from URL resolution to the end of the response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _heavy.set(False)
        try:
            # A streamed body read after this returns queries the primary: safe, only not offloaded.
            return self.get_response(request)
        finally:
            _heavy.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if replica_configured() and match is not None and is_heavy_read(request, match.view_name):
            _heavy.set(True)
            request._replica_view = (view_func, view_args, view_kwargs)
        return None

    def process_exception(self, request, exception):
        """A replica that went down since the last check fails the query; the read is a GET, so
        it is run once more on the primary instead of answering 500."""
        if not _heavy.get() or not isinstance(exception, OperationalError | InterfaceError):
            return None
        log.warning("read replica failed mid-request, answering from the primary: %s", exception)
        replica_mark_down()
        _heavy.set(False)
        view_func, view_args, view_kwargs = request._replica_view
        return view_func(request, *view_args, **view_kwargs)


class ReplicaRouter:
    """Reads of a heavy request go to the replica when it is usable; everything else to default."""

    def db_for_read(self, model, **hints):
        if not _heavy.get() or connections["default"].in_atomic_block:
            return None
        return REPLICA if replica_usable() else None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Both aliases hold the same data (a physical replica).
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
