"""Report jobs: order, build (in a Celery worker or synchronously), fail, retry, clean up.

The building blocks are the kind's loader, generator and formatter (registry.py); this module
only moves a ``ReportJob`` through queued → running → done | failed and keeps its file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from kombu.exceptions import OperationalError as KombuOperationalError

from .models import ReportJob
from .registry import ReportError, ReportKind, get_kind

if TYPE_CHECKING:
    from schools.models import User

logger = logging.getLogger(__name__)

RETENTION_DAYS = getattr(settings, "REPORTS_RETENTION_DAYS", 30)
# Stored in the job's `error` while it waits for the broker (and compared there), so a plain string;
# marked for makemessages all the same.
UNAVAILABLE = gettext_noop("Сервис формирования отчётов временно недоступен; заказ сохранён и будет выполнен")
# Errors worth retrying: the database or a connection went away for a moment. Everything else is
# a property of the data or the code and fails the job with a reason.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError)
# What publishing a message raises when the broker cannot be reached (kombu wraps the client's
# connection errors into its OperationalError; a refused socket is an OSError).
BROKER_DOWN = (KombuOperationalError, OSError)
# A queued job whose message may have been lost (a broker restarted without persistence) is sent
# again after this; a running job older than STUCK_AFTER is given up as failed.
RESEND_AFTER = timedelta(hours=1)
STUCK_AFTER = timedelta(hours=6)


def _cache_add(key: str, timeout: timedelta) -> bool:
    """Best effort: a cache that is down must not stop a report (True = go ahead)."""
    try:
        return cache.add(key, 1, timeout.total_seconds())
    except Exception:  # noqa: BLE001 — the Redis client's own errors are not ConnectionError
        logger.warning("cache unavailable for %s", key)
        return True


def _cache_delete(key: str) -> None:
    try:
        cache.delete(key)
    except Exception:  # noqa: BLE001
        logger.warning("cache unavailable for %s", key)


def _running_key(job_id: int) -> str:
    return f"reports:running:{job_id}"


def _expiry(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) + timedelta(days=RETENTION_DAYS)


def _load(kind: ReportKind, object_id: int | None) -> Any:
    return kind.load(object_id)


def _check_format(kind: ReportKind, fmt: str) -> str:
    fmt = (fmt or "").strip().lower()
    if fmt not in kind.formats:
        raise ReportError(
            _("Отчёт «%(title)s» формируется в форматах: %(formats)s.")
            % {"title": kind.title, "formats": ", ".join(f.upper() for f in kind.formats)}
        )
    return fmt


def _enqueue(job: ReportJob) -> bool:
    """Send the job to the workers. If the broker cannot be reached the job stays queued with a
    note for the user; ``reports_requeue`` (beat) sends it again, so the order is never lost."""
    from .tasks import build_report

    try:
        build_report.delay(job.pk)
    except BROKER_DOWN:
        logger.exception("report job %s: cannot reach the broker, left queued", job.pk)
        ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.QUEUED).update(error=UNAVAILABLE)
        job.error = UNAVAILABLE
        job.enqueue_failed = True
        return False
    job.enqueue_failed = False
    return True


def _queue_after_commit(job: ReportJob) -> None:
    # The worker must find the committed row; in a request outside a transaction this runs at once,
    # so the caller can read job.enqueue_failed right after the service returns.
    job.enqueue_failed = None
    transaction.on_commit(lambda: _enqueue(job))


def report_request(
    *, kind: str, format: str, object_id: int | None, params: Mapping[str, Any] | None, user: User
) -> ReportJob:
    """Order a report: the kind's permission check, then a queued job sent to the workers after
    commit. Raises ReportError (unknown kind, format, bad parameters), ObjectDoesNotExist,
    PermissionDenied."""
    report_kind = get_kind(kind)
    fmt = _check_format(report_kind, format)
    obj = _load(report_kind, object_id)
    if user is None or not user.is_authenticated or not report_kind.allowed(user, obj):
        raise PermissionDenied(_("Недостаточно прав, чтобы заказать этот отчёт."))
    clean = report_kind.clean_params(obj, params or {})
    job = ReportJob(
        kind=report_kind.key,
        format=fmt,
        object_id=object_id,
        params=clean,
        title=report_kind.describe(obj, clean)[:300],
        requested_by=user,
        expires_at=_expiry(),
    )
    job.full_clean()
    job.save()
    _queue_after_commit(job)
    return job


def report_schedule(
    *, kind: str, format: str, object_id: int, params: Mapping[str, Any] | None = None
) -> ReportJob | None:
    """A report ordered by the system (Celery beat): no requester, no permission check; shown to the
    users the kind's ``visible_ids`` lets see it. Ordering the same report twice (beat firing
    again) returns None instead of a second job."""
    report_kind = get_kind(kind)
    fmt = _check_format(report_kind, format)
    obj = _load(report_kind, object_id)
    clean = report_kind.clean_params(obj, params or {})
    existing = ReportJob.objects.filter(
        kind=report_kind.key, format=fmt, object_id=object_id, requested_by__isnull=True
    ).exclude(status=ReportJob.Status.FAILED)
    if any(job.params == clean for job in existing):
        return None
    job = ReportJob.objects.create(
        kind=report_kind.key,
        format=fmt,
        object_id=object_id,
        params=clean,
        title=report_kind.describe(obj, clean)[:300],
        expires_at=_expiry(),
    )
    _queue_after_commit(job)
    return job


def _progress_setter(job_id: int | None, start: int, end: int):
    """A callback mapping the generator's 0–100 onto [start, end] of the job's progress, writing
    only when the whole percentage changes (one UPDATE per step, never per row)."""
    last = {"value": -1}

    def set_progress(percent: int) -> None:
        value = start + (end - start) * max(0, min(int(percent), 100)) // 100
        if job_id is not None and value != last["value"]:
            last["value"] = value
            ReportJob.objects.filter(pk=job_id).update(progress=value)

    return set_progress


def report_render(
    *,
    kind: str,
    format: str,
    object_id: int | None,
    params: Mapping[str, Any] | None = None,
    user: User | None = None,
    job_id: int | None = None,
) -> tuple[bytes, str]:
    """Build a report's bytes and file name synchronously — the one builder that both the Celery
    task and ``manage.py report`` run. ``user`` None is the operator: no permission check, every
    row. Parameters are cleaned here too, so the command validates what it is given."""
    report_kind = get_kind(kind)
    fmt = _check_format(report_kind, format)
    with translation.override(settings.LANGUAGE_CODE):
        obj = _load(report_kind, object_id)
        if user is not None and not report_kind.allowed(user, obj):
            raise ReportError(_("У заказчика больше нет прав на этот отчёт."))
        clean = report_kind.clean_params(obj, params or {})
        _progress_setter(job_id, 0, 10)(100)
        document = report_kind.generate(obj, params=clean, user=user, progress=_progress_setter(job_id, 10, 70))
        _progress_setter(job_id, 70, 95)(0)
        content = report_kind.renderers[fmt](document)
    return content, f"{document.filename or report_kind.key}.{fmt}"


def _reason(exc: Exception) -> str:
    if isinstance(exc, ReportError):
        return str(exc)
    if isinstance(exc, ObjectDoesNotExist):
        return _("Объект отчёта не найден: возможно, он удалён.")
    logger.exception("report build failed")
    return _(
        "Внутренняя ошибка при формировании отчёта (%(error)s). Нажмите «Повторить»; "
        "если ошибка повторится, сообщите администратору портала."
    ) % {"error": type(exc).__name__}


def report_fail(*, job_id: int, reason: str) -> None:
    ReportJob.objects.filter(pk=job_id).exclude(status=ReportJob.Status.DONE).update(
        status=ReportJob.Status.FAILED, error=reason[:2000], finished_at=timezone.now()
    )


def _file_name(job: ReportJob, filename: str) -> str:
    # Deterministic, so a rebuild after a crashed worker replaces the file instead of adding one.
    ext = filename.rsplit(".", 1)[-1]
    return f"report-{job.pk}.{ext}"


def report_build(*, job_id: int) -> ReportJob | None:
    """Build a queued job and store its file. Idempotent: a redelivered message for a done (or
    failed) job changes nothing; a job left running by a crashed worker is built again and its
    file overwritten. Transient errors propagate so that the task retries; any other error fails
    the job with a Russian reason."""
    with transaction.atomic():
        job = ReportJob.objects.select_for_update(of=("self",)).select_related("requested_by").filter(pk=job_id).first()
        if job is None:
            logger.info("report job %s no longer exists (cleaned up?)", job_id)
            return None
        if job.status == ReportJob.Status.DONE and job.file:
            return job
        if job.status == ReportJob.Status.FAILED:
            return job  # rebuilt only through report_retry, which queues it again
        job.status = ReportJob.Status.RUNNING
        job.attempts += 1
        job.progress = 0
        job.error = ""
        job.save(update_fields=["status", "attempts", "progress", "error"])
    # Marks the build as alive for reports_requeue (ReportJob has no "started at" of its own).
    _cache_delete(_running_key(job.pk))
    _cache_add(_running_key(job.pk), STUCK_AFTER)
    try:
        content, filename = report_render(
            kind=job.kind,
            format=job.format,
            object_id=job.object_id,
            params=job.params,
            user=job.requested_by,
            job_id=job.pk,
        )
    except TRANSIENT:
        raise
    except Exception as exc:  # noqa: BLE001 — every other failure is reported to the user
        report_fail(job_id=job.pk, reason=_reason(exc))
        job.refresh_from_db()
        return job
    name = _file_name(job, filename)
    if job.file:
        job.file.delete(save=False)
    storage = job.file.storage
    # upload_to puts it under reports/%Y/%m/; drop a stale file of the same name from a crash.
    target = job.file.field.generate_filename(job, name)
    if storage.exists(target):
        storage.delete(target)
    job.file.save(name, ContentFile(content), save=False)
    now = timezone.now()
    updated = ReportJob.objects.filter(pk=job.pk, status=ReportJob.Status.RUNNING).update(
        file=job.file.name,
        status=ReportJob.Status.DONE,
        progress=100,
        error="",
        finished_at=now,
        expires_at=_expiry(now),
    )
    if not updated:  # deleted or failed meanwhile: do not leave an orphan file behind
        storage.delete(job.file.name)
    _cache_delete(_running_key(job.pk))
    job.refresh_from_db()
    return job


def report_retry(*, job: ReportJob, user: User) -> ReportJob:
    """Queue a failed job (or one the broker never received) again, after the same permission
    check as the order."""
    if not user.has_perm("reporting.retry_reportjob", job):
        raise PermissionDenied(_("Недостаточно прав, чтобы повторить этот отчёт."))
    retryable = job.status == ReportJob.Status.FAILED or (job.status == ReportJob.Status.QUEUED and job.error)
    if not retryable:
        raise ReportError(_("Повторить можно только отчёт, который не удалось сформировать."))
    job.status = ReportJob.Status.QUEUED
    job.progress = 0
    job.error = ""
    job.finished_at = None
    job.expires_at = _expiry()
    job.save(update_fields=["status", "progress", "error", "finished_at", "expires_at"])
    _queue_after_commit(job)
    return job


def reports_cleanup(*, now: datetime | None = None) -> int:
    """Delete the jobs whose retention has passed, with their files. Returns how many."""
    now = now or timezone.now()
    expired = ReportJob.objects.filter(expires_at__lt=now).only("pk", "file")
    deleted = 0
    for job in expired.iterator(chunk_size=500):
        if job.file:
            try:
                job.file.delete(save=False)
            except OSError:
                logger.warning("report job %s: could not delete %s", job.pk, job.file.name)
        job.delete()
        deleted += 1
    return deleted


def reports_requeue(*, now: datetime | None = None) -> int:
    """Send again the jobs the broker never got (or lost), and give up jobs stuck as running.
    Meant for beat every few minutes; returns how many jobs were sent again."""
    now = now or timezone.now()
    stuck = ReportJob.objects.filter(status=ReportJob.Status.RUNNING, created_at__lt=now - STUCK_AFTER)
    for job_id in stuck.values_list("pk", flat=True):
        if not _cache_add(_running_key(job_id), timedelta(seconds=1)):
            continue  # a retried old job that is being built right now (its build holds the key)
        report_fail(job_id=job_id, reason=_("Формирование отчёта прервалось. Нажмите «Повторить»."))
    queued = ReportJob.objects.filter(status=ReportJob.Status.QUEUED)
    sent = 0
    for job in queued.filter(Q(error=UNAVAILABLE) | Q(created_at__lt=now - RESEND_AFTER)).order_by("pk"):
        # An old job may simply wait behind a long queue: send it again at most once per
        # RESEND_AFTER, so a backlog does not multiply (a duplicate of a done job is a no-op).
        if job.error != UNAVAILABLE and not _cache_add(f"reports:resent:{job.pk}", RESEND_AFTER):
            continue
        if _enqueue(job):
            ReportJob.objects.filter(pk=job.pk, error=UNAVAILABLE).update(error="")
            sent += 1
    return sent


def download_name(job: ReportJob) -> str:
    """«Программа Королёв 2018–2020.pdf»: the job's title made safe for a file name."""
    base = re.sub(r'[\\/:*?"<>|\r\n\t]+', " ", job.title or job.kind).strip()
    base = re.sub(r"\s+", " ", base)[:120].rstrip(" .") or _("Отчёт")
    return f"{base}.{job.format}"
