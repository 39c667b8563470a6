from celery import shared_task


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def send_due_digests() -> int:
    """Daily (Celery beat): one digest e-mail per responsible user."""
    from .services.reminders import reminders_send

    return reminders_send()


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def send_review_reminders() -> int:
    """Daily (Celery beat): experts whose review of a school program is due soon or overdue."""
    from .services.review_reminders import review_reminders_send

    return review_reminders_send()
