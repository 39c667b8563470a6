"""A report built by a real Celery worker through a real Redis broker (`make test` starts both).

The worker is a separate process: it reaches the test database by name (pytest-django's
``test_…`` database, passed in DATABASE_URL), so the test is transactional — the order must be
committed for the worker to see it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from reporting.models import ReportJob
from reporting.services import report_request

from .conftest import norm, pdf_text

BASE_DIR = Path(settings.BASE_DIR)
DEADLINE = 60  # seconds


def _database_url() -> str:
    s = connection.settings_dict
    assert s["ENGINE"] == "django.db.backends.postgresql", "the worker test needs PostgreSQL"
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST']}:{s['PORT']}/{s['NAME']}"


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_builds_an_ordered_report(after_flush_restore, world, media, eager_celery, tmp_path):
    from tests.programs.conftest import make_program

    program = make_program(world)
    eager_celery.conf.task_always_eager = False  # really send the order to Redis
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(media),
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    log = tmp_path / "worker.log"
    celery = Path(sys.executable).with_name("celery")
    with log.open("w") as out:
        worker = subprocess.Popen(
            [
                str(celery),
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                "reports",  # report builds are routed to their own queue (config/nodes.py)
                "--loglevel=INFO",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        job = report_request(kind="program", format="pdf", object_id=program.pk, params={}, user=world.staff_a)
        assert job.enqueue_failed is False  # autocommit: sent at once, after the row was committed
        deadline = time.monotonic() + DEADLINE
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.status in (ReportJob.Status.DONE, ReportJob.Status.FAILED):
                break
            assert worker.poll() is None, log.read_text()
            time.sleep(0.5)
        assert job.status == ReportJob.Status.DONE, f"{job.status} {job.error}\n{log.read_text()}"
        assert job.attempts == 1 and job.progress == 100
        path = Path(media) / job.file.name
        assert path.is_file()
        text = norm(pdf_text(path))
        assert "Семинар для учителей" in text and "Совещание комитета" in text
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)
