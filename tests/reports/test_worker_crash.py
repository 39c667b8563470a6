"""A Celery worker killed (SIGKILL) in the middle of a report: the job is delivered again to the
next worker and completes.

How production recovers, and what this test reproduces: the task is acknowledged late
(acks_late), so while it runs its message sits in Redis' "unacked" set. A worker that dies as a
whole never acknowledges nor rejects it; the next worker to start (and every worker's periodic
sweep) puts back messages older than the broker's visibility timeout (CELERY_VISIBILITY_TIMEOUT,
an hour by default; two seconds here). report_build then finds the job still ``running`` and
builds it again, counting the attempt.

Everything is private to the test: a Redis of its own as the broker (the shared one may have a
worker of tests/reports/test_worker.py listening on it, in another xdist process and database)
and two workers against the test database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

from reporting.models import ReportJob

from ..security.test_faults import redis_server  # noqa: F401 — a private redis-server fixture
from .conftest import norm, pdf_text
from .test_worker import _database_url

BASE_DIR = Path(settings.BASE_DIR)
VISIBILITY_TIMEOUT = 2  # seconds
DEADLINE = 60  # seconds for each wait


def _start_worker(*, broker: str, media: Path, delay: float, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "MEDIA_ROOT": str(media),
        "CELERY_BROKER_URL": broker,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
        "PORTAL_TEST_REPORT_DELAY": str(delay),
        "DJANGO_SETTINGS_MODULE": "config.settings",
    }
    celery = Path(sys.executable).with_name("celery")
    with log.open("a") as out:
        return subprocess.Popen(
            [
                str(celery),
                "-A",
                "config",
                "worker",
                "-I",
                "tests.reports.slow_kind",
                "--pool=solo",  # one process: SIGKILL takes the whole worker down, as a lost node would
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


def _stop(worker: subprocess.Popen) -> None:
    if worker.poll() is None:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=5)


def _wait_for(job: ReportJob, condition, log: Path, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if condition(job):
            return
        time.sleep(0.2)
    pytest.fail(f"job never {what}: {job.status} {job.progress}% {job.error}\n{log.read_text()}")


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_report_leaves_it_to_the_next_worker(
    after_flush_restore,
    world,
    media,
    eager_celery,
    tmp_path,
    redis_server,  # noqa: F811
):
    from tests.programs.conftest import make_program

    port, _ = redis_server
    broker = f"redis://127.0.0.1:{port}/0"
    program = make_program(world)
    # Ordered as report_request would, but published to the private broker rather than the
    # shared one of settings (report_request itself is covered by test_worker.py).
    job = ReportJob.objects.create(
        kind="slow_program",
        format="pdf",
        object_id=program.pk,
        title=f"Программа: {program}",
        requested_by=world.staff_a,
    )
    log = tmp_path / "workers.log"
    first = _start_worker(broker=broker, media=media, delay=600, log=log)
    second = None
    try:
        eager_celery.conf.task_always_eager = False  # really send it (the fixture restores it)
        with eager_celery.connection_for_write(broker) as conn:
            eager_celery.send_task("reporting.tasks.build_report", args=[job.pk], connection=conn)
        _wait_for(job, lambda j: j.status == ReportJob.Status.RUNNING and j.progress > 10, log, "started")
        assert job.attempts == 1
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        job.refresh_from_db()
        assert job.status == ReportJob.Status.RUNNING and not job.file  # left half-built

        # The message must be older than the visibility timeout when the next worker starts.
        time.sleep(VISIBILITY_TIMEOUT + 1)
        second = _start_worker(broker=broker, media=media, delay=0, log=log)
        _wait_for(job, lambda j: j.status in (ReportJob.Status.DONE, ReportJob.Status.FAILED), log, "finished")
        assert job.status == ReportJob.Status.DONE, f"{job.error}\n{log.read_text()}"
        assert job.attempts == 2 and job.progress == 100 and job.error == ""
        text = norm(pdf_text(Path(media) / job.file.name))
        assert "Семинар для учителей" in text and "Совещание комитета" in text
    finally:
        _stop(first)
        if second is not None:
            _stop(second)
