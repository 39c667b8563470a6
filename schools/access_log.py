"""The access log: one helper that records an event, the sign-in signals, the page's query and
the retention clean-up.

Every place where data leaves the portal (report downloads, XLSX/CSV exports, the API's CSV,
uploaded documents) calls :func:`access_event_record` once, after its permission check. Logging
is an observer: a failure to write the row is logged and swallowed, never turned into an error
page for the user who asked for the file.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models import QuerySet
from django.dispatch import receiver
from django.utils import timezone

from .access import visible_access_events
from .models import AccessEvent

logger = logging.getLogger(__name__)

RETENTION_DAYS_DEFAULT = 365


def _client_ip(request) -> str | None:
    """The client's address as django-axes sees it (the same proxy settings), if it is valid."""
    if request is None:
        return None
    try:
        from axes.helpers import get_client_ip_address

        raw = get_client_ip_address(request)
    except Exception:  # noqa: BLE001 — a misconfigured proxy setting must not stop the log
        raw = request.META.get("REMOTE_ADDR")
    try:
        return str(ipaddress.ip_address((raw or "").strip()))
    except ValueError:
        return None


def _field_limit(name: str) -> int:
    return AccessEvent._meta.get_field(name).max_length


def access_event_record(request, *, kind: str, subject: str = "", user=None, username: str = "") -> AccessEvent | None:
    """Record one event; ``user`` defaults to the request's signed-in user. Never raises.

    Only names and descriptions are stored — never a password, a token or a file's content."""
    try:
        if user is None and request is not None:
            candidate = getattr(request, "user", None)
            if candidate is not None and candidate.is_authenticated:
                user = candidate
        if user is not None and not username:
            username = user.get_username()
        agent = request.META.get("HTTP_USER_AGENT", "") if request is not None else ""
        # A savepoint: a failed insert must not break the transaction of the request around it.
        with transaction.atomic():
            return AccessEvent.objects.create(
                user=user,
                username=(username or "")[: _field_limit("username")],
                kind=kind,
                subject=(subject or "")[: _field_limit("subject")],
                ip=_client_ip(request),
                user_agent=agent[: _field_limit("user_agent")],
            )
    except Exception:  # noqa: BLE001 — see the module docstring
        logger.exception("access log: could not record a %s event", kind)
        return None


@receiver(user_logged_in, dispatch_uid="schools.access_log.logged_in")
def _logged_in(sender, request, user, **kwargs) -> None:
    access_event_record(request, kind=AccessEvent.Kind.LOGIN, user=user)


@receiver(user_logged_out, dispatch_uid="schools.access_log.logged_out")
def _logged_out(sender, request, user, **kwargs) -> None:
    # user is None when an anonymous visitor follows the logout link: nothing to record.
    if user is not None:
        access_event_record(request, kind=AccessEvent.Kind.LOGOUT, user=user)


@receiver(user_login_failed, dispatch_uid="schools.access_log.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password in `credentials`; only the name tried is kept.
    username = str(credentials.get("username") or "")
    access_event_record(request, kind=AccessEvent.Kind.LOGIN_FAILED, user=None, username=username)


def access_events(
    *,
    user,
    kind: str = "",
    username: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[AccessEvent]:
    """The events ``user`` may read, newest first, filtered; dates are local calendar days."""
    qs = visible_access_events(user).select_related("user")
    if kind:
        qs = qs.filter(kind=kind)
    if username:
        qs = qs.filter(username__icontains=username.strip())
    zone = timezone.get_current_timezone()
    if date_from:
        qs = qs.filter(at__gte=datetime.combine(date_from, time.min, tzinfo=zone))
    if date_to:
        qs = qs.filter(at__lt=datetime.combine(date_to + timedelta(days=1), time.min, tzinfo=zone))
    return qs.order_by("-at", "-pk")


def access_events_purge(*, now: datetime | None = None) -> int:
    """Delete events older than ACCESS_LOG_RETENTION_DAYS (a year by default). Returns how many."""
    days = getattr(settings, "ACCESS_LOG_RETENTION_DAYS", RETENTION_DAYS_DEFAULT)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted, _ = AccessEvent.objects.filter(at__lt=cutoff).delete()
    return deleted
