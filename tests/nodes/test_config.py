"""The several-machines settings on their own (no services): the object-storage URL, the Celery
queues covering every task, and the replica router's decisions."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from config import replica
from config.celery_app import app
from config.nodes import QUEUES, celery_routes, object_storage_options


def test_no_storage_settings_keep_the_local_disk():
    assert object_storage_options("", {}) is None


def test_storage_url_gives_a_private_path_style_bucket():
    options = object_storage_options("s3+http://KEY:s%2Fecret@minio.local:9000/portal-files?region=ru-1", {})
    assert options["bucket_name"] == "portal-files"
    assert options["endpoint_url"] == "http://minio.local:9000"
    assert (options["access_key"], options["secret_key"]) == ("KEY", "s/ecret")
    assert options["region_name"] == "ru-1" and options["addressing_style"] == "path"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False and options["location"] == "media"
    assert object_storage_options("s3://k:s@storage.example.ru/b", {})["endpoint_url"] == "https://storage.example.ru"


def test_aws_variables_work_too():
    options = object_storage_options("", {"AWS_STORAGE_BUCKET_NAME": "b", "AWS_S3_ENDPOINT_URL": "https://s3.x"})
    assert options["bucket_name"] == "b" and options["endpoint_url"] == "https://s3.x"


@pytest.mark.parametrize("url", ["http://host/bucket", "s3://k:s@host/"])
def test_bad_storage_urls_refuse_to_start(url):
    with pytest.raises(ImproperlyConfigured):
        object_storage_options(url, {})


def test_every_portal_task_is_routed_to_a_known_queue():
    app.loader.import_default_modules()
    ours = {name for name in app.tasks if not name.startswith("celery.")}
    routes = celery_routes()
    assert ours == set(routes), "a new task needs its queue in config/nodes.py"
    assert {route["queue"] for route in routes.values()} == set(QUEUES)
    assert routes["reporting.tasks.build_report"] == {"queue": "reports"}
    assert routes["indices.tasks.compute_run"] == {"queue": "indices"}
    assert routes["programs.tasks.send_due_digests"] == {"queue": "mail"}
    # What Celery itself makes of it (a worker selects its queue from these at start).
    assert app.amqp.router.route({}, "reporting.tasks.build_report")["queue"].name == "reports"
    assert app.amqp.router.route({}, "schools.tasks.purge_access_log")["queue"].name == "default"


def test_heavy_reads_are_gets_of_the_listed_views(settings):
    rf = RequestFactory()
    assert replica.is_heavy_read(rf.get("/api/v1/schools/"), "api:school-list")
    assert replica.is_heavy_read(rf.get("/monitoring/dashboard/"), "monitoring:dashboard_region")
    assert replica.is_heavy_read(rf.get("/schools/?format=xlsx"), "schools:list")
    assert not replica.is_heavy_read(rf.get("/schools/"), "schools:list")
    assert not replica.is_heavy_read(rf.post("/api/v1/indicator-values/"), "api:indicatorvalue-list")


@pytest.fixture
def with_replica(settings, monkeypatch):
    monkeypatch.setattr(replica, "replica_configured", lambda: True)
    settings.REPLICA_CHECK_SECONDS = 5
    settings.REPLICA_MAX_LAG_SECONDS = 10
    replica.replica_forget()
    lags = []
    monkeypatch.setattr(replica, "replica_lag", lambda: lags.pop(0))
    yield lags
    replica.replica_forget()


def test_lag_is_checked_at_most_once_per_interval(with_replica):
    with_replica.extend([2.0, 30.0, None])
    assert replica.replica_usable(now=100.0) is True
    assert replica.replica_usable(now=104.0) is True  # cached: not asked again
    assert with_replica == [30.0, None]
    assert replica.replica_usable(now=105.5) is False  # 30 s behind: the primary serves
    assert replica.replica_usable(now=111.0) is False  # down (None)
    assert with_replica == []


def test_router_uses_the_replica_only_for_heavy_reads_outside_transactions(with_replica, monkeypatch):
    from django.db import connections

    router = replica.ReplicaRouter()
    with_replica.extend([0.0])
    assert router.db_for_read(None) is None  # an ordinary request
    token = replica._heavy.set(True)
    try:
        assert router.db_for_read(None) == "replica"
        monkeypatch.setattr(connections["default"], "in_atomic_block", True)
        assert router.db_for_read(None) is None  # read-then-write in a transaction stays on the primary
    finally:
        replica._heavy.reset(token)
    assert router.db_for_write(None) == "default"
    assert router.allow_migrate("replica", "schools") is False


def test_no_template_links_a_stored_file_directly():
    """Files are served only by permission-checked views: a ``….file.url`` in a template would be
    a bucket (or /media/) address that skips the check."""
    import re
    from pathlib import Path

    from django.conf import settings

    pattern = re.compile(r"\b\w*(file|evidence|attachment)\w*\.url\b")
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {match.group(0)}"
        for path in Path(settings.BASE_DIR).glob("**/templates/**/*.html")
        if ".venv" not in path.parts and "node_modules" not in path.parts
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert not found
