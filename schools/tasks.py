"""Celery tasks of the schools app: thin wrappers around a service."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(autoretry_for=(OperationalError, InterfaceError), retry_backoff=True, max_retries=3)
def purge_access_log() -> int:
    """Daily (beat): delete access-log events past ACCESS_LOG_RETENTION_DAYS."""
    from .access_log import access_events_purge

    return access_events_purge()
