from celery import shared_task


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def send_collection_reminders() -> int:
    """Daily (Celery beat): one digest e-mail per school team member about data collections due
    within three days or due yesterday and not yet submitted."""
    from .services.reminders import collection_reminders_send

    return collection_reminders_send()
