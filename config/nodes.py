"""Settings for running the portal on several machines, read from the environment.

Kept apart from config/settings.py (which stays the one place that decides) because each part is
a small parser with its own rules, and tests call them directly:

- ``object_storage_options`` — uploaded and generated files on S3-compatible object storage, so
  any web node or worker reads what another one wrote;
- ``QUEUES`` / ``celery_routes`` — Celery queues split by kind, one worker pool per queue;
- the read replica lives in config/replica.py (a router and a middleware).
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

S3_BACKEND = "storages.backends.s3.S3Storage"


def object_storage_options(storage_url: str, environ: Mapping[str, str]) -> dict | None:
    """The S3Storage OPTIONS, or None for local disk (the embedded default).

    Either one URL — ``s3://KEY:SECRET@host:port/bucket?region=ru-central1`` (``s3+http://`` for
    a plain-HTTP store on a private network; no host means AWS itself) — or the usual AWS_*
    variables (AWS_STORAGE_BUCKET_NAME, AWS_S3_ENDPOINT_URL, AWS_ACCESS_KEY_ID,
    AWS_SECRET_ACCESS_KEY, AWS_S3_REGION_NAME). The bucket stays private: files are served only by
    the portal's permission-checked views, which read them through the storage API; no bucket URL
    is ever handed out (querystring_auth stays on, so even a leaked ``.url`` would be signed and
    short-lived)."""
    options: dict = {}
    if storage_url:
        parts = urlsplit(storage_url)
        if parts.scheme not in ("s3", "s3+http", "s3+https"):
            raise ImproperlyConfigured("STORAGE_URL must start with s3:// (or s3+http:// for a plain-HTTP store)")
        bucket = parts.path.strip("/")
        if not bucket:
            raise ImproperlyConfigured("STORAGE_URL must name the bucket: s3://key:secret@host/bucket")
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        options["bucket_name"] = bucket
        if parts.hostname:
            protocol = "http" if parts.scheme == "s3+http" else "https"
            port = f":{parts.port}" if parts.port else ""
            options["endpoint_url"] = f"{protocol}://{parts.hostname}{port}"
        if parts.username:
            options["access_key"] = unquote(parts.username)
            options["secret_key"] = unquote(parts.password or "")
        if query.get("region"):
            options["region_name"] = query["region"]
        if query.get("location"):
            options["location"] = query["location"]
    elif environ.get("AWS_STORAGE_BUCKET_NAME"):
        options["bucket_name"] = environ["AWS_STORAGE_BUCKET_NAME"]
        if environ.get("AWS_S3_ENDPOINT_URL"):
            options["endpoint_url"] = environ["AWS_S3_ENDPOINT_URL"]
        if environ.get("AWS_S3_REGION_NAME"):
            options["region_name"] = environ["AWS_S3_REGION_NAME"]
        if environ.get("AWS_LOCATION"):
            options["location"] = environ["AWS_LOCATION"]
        # The keys themselves are read by django-storages from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.
    else:
        return None
    options.setdefault("location", "media")
    if "endpoint_url" in options:
        # Self-hosted stores (MinIO, Ceph, Yandex/VK clouds) expect path-style addressing.
        options["addressing_style"] = "path"
    options.update(
        default_acl=None,  # the bucket's own (private) policy; never public-read
        querystring_auth=True,
        # Two uploads of «Отчёт.pdf» must not overwrite each other, as on local disk.
        file_overwrite=False,
        # Reading through S3File spools to memory up to this size, then to a temporary file.
        max_memory_size=5 * 1024 * 1024,
    )
    return options


# Queues by kind of work, so a national report run never delays a password-reset letter and a long
# index computation never starves report builds; docker-compose.yml runs one worker pool per queue.
QUEUES = ("reports", "indices", "mail", "default")

_TASK_QUEUES = {
    "reporting.tasks.build_report": "reports",
    "programs.reports.monthly_program_reports": "reports",
    "indices.tasks.compute_run": "indices",
    "monitoring.tasks.send_collection_reminders": "mail",
    "programs.tasks.send_due_digests": "mail",
    "programs.tasks.send_review_reminders": "mail",
    # Short housekeeping: the default queue.
    "reporting.tasks.cleanup_reports": "default",
    "reporting.tasks.requeue_reports": "default",
    "schools.tasks.purge_access_log": "default",
}


def celery_routes() -> dict[str, dict[str, str]]:
    """CELERY_TASK_ROUTES: every task of the portal by name (a test checks none is missing)."""
    return {name: {"queue": queue} for name, queue in _TASK_QUEUES.items()}
