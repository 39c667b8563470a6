"""Celery tasks of the reports: thin wrappers that take ids and call a service.

Celery's autodiscovery finds them here (reporting/tasks.py), and ReportingConfig.ready() imports
the module as well; their names are ``reporting.tasks.<name>`` (the beat schedule in
config/settings.py).
"""

from celery import shared_task

from .services import TRANSIENT


@shared_task(acks_late=True, autoretry_for=TRANSIENT, retry_backoff=True, retry_backoff_max=300, max_retries=5)
def build_report(job_id: int) -> str | None:
    """Build one report job. acks_late: a worker killed mid-build leaves the message for another
    worker; report_build is idempotent, so a redelivered message is harmless."""
    from .services import report_build

    job = report_build(job_id=job_id)
    return job.status if job is not None else None


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def cleanup_reports() -> int:
    """Daily (beat): delete the report jobs and files past their retention (30 days by default)."""
    from .services import reports_cleanup

    return reports_cleanup()


@shared_task(autoretry_for=TRANSIENT, retry_backoff=True, max_retries=3)
def requeue_reports() -> int:
    """Every few minutes (beat): send again the jobs ordered while the broker was unreachable."""
    from .services import reports_requeue

    return reports_requeue()
