from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def compute_run(run_id: int) -> str:
    """Thin: the service does the work and is idempotent, so a redelivered message is harmless."""
    from .services import run_execute

    return run_execute(run_id=run_id).status
