"""The portal on several machines, with real parts: two gunicorn nodes sharing PostgreSQL, Redis
and an S3-compatible object store (moto in server mode), and a streaming read replica made by
pg_basebackup from the PostgreSQL that scripts/with-services.sh started.

- a file uploaded through node A is downloaded through node B, with a session opened on node A,
  and refused to a user of another municipality: nothing lives on a node's own disk;
- heavy reads (API lists) are served by the replica: with its replay paused, a row just written
  to the primary is missing from the API list until the replica is too far behind, then the
  primary serves it; ordinary pages always read the primary;
- the replica stopped: the API keeps answering from the primary, without a 5xx.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg2
import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from config.api.tokens import token_issue
from programs.models import Evidence
from schools.models import School
from tests.factories import ApiClientFactory, MembershipFactory, SchoolFactory
from tests.programs.conftest import make_program

from .conftest import ROOT, free_port, stop, wait_until

pytestmark = [pytest.mark.services, pytest.mark.xdist_group("nodes"), pytest.mark.django_db(transaction=True)]

PASSWORD = "nodes-test-password-1"
MAX_LAG = 6.0  # seconds (REPLICA_MAX_LAG_SECONDS of the nodes)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF" + b"n" * 200_000


def _as_pg(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@dataclass
class Replica:
    bin: Path
    data: Path
    port: int
    stopped: bool = False

    def sql(self, query: str, dbname: str):
        with psycopg2.connect(host="127.0.0.1", port=self.port, user="portal", dbname=dbname, connect_timeout=3) as c:
            c.autocommit = True
            with c.cursor() as cursor:
                cursor.execute(query)
                return cursor.fetchone() if cursor.description else None

    def stop(self) -> None:
        subprocess.run(
            _as_pg([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"]),
            capture_output=True,
            timeout=60,
        )
        self.stopped = True


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    """A hot standby of the test PostgreSQL, streaming from it (pg_basebackup -R)."""
    for name in ("PORTAL_PG_BIN", "PORTAL_PG_PORT"):
        assert os.environ.get(name), f"{name} is exported by scripts/with-services.sh (make test)"
    pg_bin = Path(os.environ["PORTAL_PG_BIN"])
    primary_port = os.environ["PORTAL_PG_PORT"]
    work = Path(tempfile.mkdtemp(prefix="portal-replica-"))  # the server runs as "postgres"
    work.chmod(0o755)
    data = work / "replica"
    data.mkdir(mode=0o700)
    if os.geteuid() == 0:
        shutil.chown(data, "postgres")
    port = free_port()
    basebackup = [str(pg_bin / "pg_basebackup"), "-h", "127.0.0.1", "-p", primary_port, "-U", "portal"]
    subprocess.run(
        _as_pg([*basebackup, "-D", str(data), "-X", "stream", "-R", "-c", "fast"]),
        check=True,
        capture_output=True,
        timeout=120,
    )
    # Hot standby needs at least the primary's max_connections (scripts/with-services.sh: 200).
    options = f"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c hot_standby=on -c max_connections=200"
    log = data / "server.log"  # inside the data directory: the server runs as "postgres"
    started = subprocess.run(
        _as_pg([str(pg_bin / "pg_ctl"), "-D", str(data), "-l", str(log), "-w", "-o", options, "start"]),
        capture_output=True,
        timeout=120,
    )
    assert started.returncode == 0, log.read_text()[-3000:] if log.exists() else started.stderr
    node = Replica(bin=pg_bin, data=data, port=port)
    try:
        assert node.sql("SELECT pg_is_in_recovery()", "postgres") == (True,)
        yield node
    finally:
        subprocess.run(
            _as_pg([str(pg_bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(work, ignore_errors=True)


def _url(port) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{port}/{s['NAME']}"


@pytest.fixture(scope="module")
def nodes(replica, s3_server, tmp_path_factory, django_db_setup, django_db_blocker) -> Iterator[dict]:
    """Two gunicorn nodes on the test database, each with a disk of its own (that stays empty)."""
    from .conftest import ObjectStore

    store = ObjectStore(endpoint=s3_server, bucket="portal-nodes")
    store.client().create_bucket(Bucket=store.bucket)
    with django_db_blocker.unblock():
        primary = _url(connection.settings_dict["PORT"])
    gunicorn = Path(sys.executable).with_name("gunicorn")
    servers, bases, media = [], [], []
    for name in ("a", "b"):
        work = tmp_path_factory.mktemp(f"node-{name}")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "nodes-test-shared-secret-key-0123456789",
            "DATABASE_URL": primary,
            "REPLICA_DATABASE_URL": _url(replica.port),
            "REPLICA_MAX_LAG_SECONDS": str(MAX_LAG),
            "REPLICA_CHECK_SECONDS": "0.5",
            "STORAGE_URL": store.url,
            "MEDIA_ROOT": str(work / "media"),
            "API_THROTTLE_READ": "100000/min",
            "API_THROTTLE_WRITE": "100000/min",
        }
        port = free_port()
        log = work / "gunicorn.log"
        with log.open("w") as out:
            servers.append(
                subprocess.Popen(
                    [
                        str(gunicorn),
                        "config.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        "1",
                        "--timeout",
                        "60",
                        "--log-level",
                        "warning",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=out,
                    stderr=subprocess.STDOUT,
                )
            )
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda b=base: requests.get(f"{b}/healthz", timeout=5).status_code == 200, what="gunicorn", log=log)
        bases.append(base)
        media.append(work / "media")
    try:
        yield {"a": bases[0], "b": bases[1], "media": media, "store": store, "logs": [s.args for s in servers]}
    finally:
        for server in servers:
            stop(server)


def _login(base: str, username: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=30).raise_for_status()
    response = session.post(
        f"{base}/accounts/login/",
        data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    )
    assert response.status_code == 200 and "sessionid" in session.cookies, response.text[:300]
    return session


def _with_password(user) -> None:
    # Few iterations: the nodes verify it with their own (default) hashers, quickly.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, "nodessalt", iterations=1000)
    user.save(update_fields=["password"])


def test_file_uploaded_on_one_node_is_downloaded_on_the_other(world, nodes):
    program = make_program(world)
    occurrence = program.measures.get(number="1.1").occurrences.order_by("due_date").first()
    writer = ApiClientFactory(username="writer_cluster", school=world.school_a)
    MembershipFactory(user=writer, role="school_team", school=world.school_a)
    _token, raw = token_issue(
        user=writer, name="Система", school=world.school_a, read_only=False, created_by=world.region_staff
    )
    upload = requests.post(
        f"{nodes['a']}/api/v1/occurrences/{occurrence.pk}/progress/",
        data={"school": world.school_a.pk, "status": "done", "narrative": "Проведено"},
        files={"files": ("протокол.pdf", PDF, "application/pdf")},
        headers={"Authorization": f"Token {raw}"},
        timeout=60,
    )
    assert upload.status_code == 201, upload.text[:500]
    evidence = Evidence.objects.get()
    assert f"media/{evidence.file.name}" in nodes["store"].keys()

    _with_password(world.staff_a)
    _with_password(world.staff_b)
    staff_a = _login(nodes["a"], "staff_a")  # the session opened on node A …
    download = staff_a.get(f"{nodes['b']}/programs/evidence/{evidence.pk}/", timeout=60)  # … serves node B
    assert download.status_code == 200, download.text[:300]
    assert download.content == PDF and download.headers["Content-Length"] == str(len(PDF))
    assert "attachment" in download.headers["Content-Disposition"]
    staff_b = _login(nodes["b"], "staff_b")
    assert staff_b.get(f"{nodes['a']}/programs/evidence/{evidence.pk}/", timeout=60).status_code in (403, 404)
    anonymous = requests.get(f"{nodes['b']}/programs/evidence/{evidence.pk}/", timeout=60, allow_redirects=False)
    assert anonymous.status_code == 302
    for disk in nodes["media"]:
        assert not disk.exists() or not any(disk.rglob("*")), "a node kept a file on its own disk"


def _codes(base: str, raw: str) -> set[str]:
    response = requests.get(
        f"{base}/api/v1/schools/", params={"page_size": 1000}, headers={"Authorization": f"Token {raw}"}, timeout=60
    )
    assert response.status_code == 200, response.text[:500]
    return {row["code"] for row in response.json()["results"]}


def _on_replica(replica: Replica, code: str) -> bool:
    table = School._meta.db_table
    return replica.sql(f"SELECT count(*) FROM {table} WHERE code = '{code}'", connection.settings_dict["NAME"]) == (1,)


def test_heavy_reads_go_to_the_replica_and_fall_back_when_it_lags_or_stops(world, nodes, replica):
    reader = ApiClientFactory(username="api_mun_nodes", municipality=world.mun_a)  # sees the municipality
    raw = token_issue(user=reader, name="Выгрузка", municipality=world.mun_a, created_by=world.region_staff)[1]
    SchoolFactory(municipality=world.mun_a, code="R-1", short_name="Школа Р-1")
    wait_until(lambda: _on_replica(replica, "R-1"), what="streaming of R-1", timeout=30)
    dbname = connection.settings_dict["NAME"]
    # Paused right after a replayed commit: from here the replica falls behind by the clock.
    replica.sql("SELECT pg_wal_replay_pause()", dbname)
    try:
        SchoolFactory(municipality=world.mun_a, code="R-2", short_name="Школа Р-2")  # primary only
        time.sleep(1)  # past the nodes' check interval: they look at the lag again
        assert not _on_replica(replica, "R-2")
        # Served by the replica (behind, but within the allowed lag): R-1 is there, R-2 not yet.
        codes = _codes(nodes["a"], raw)
        assert "R-1" in codes and "R-2" not in codes
        # An ordinary page reads the primary at once.
        assert School.objects.filter(code="R-2").exists()
        # Too far behind: the primary serves the API.
        time.sleep(MAX_LAG + 1.5)
        assert "R-2" in _codes(nodes["a"], raw)
    finally:
        replica.sql("SELECT pg_wal_replay_resume()", dbname)
    wait_until(lambda: _on_replica(replica, "R-2"), what="replay of R-2", timeout=30)

    replica.stop()
    # At once (the node still thinks the replica is up) and after its next check: no 5xx.
    for _ in range(3):
        assert "R-2" in _codes(nodes["a"], raw)
        assert "R-2" in _codes(nodes["b"], raw)
        time.sleep(0.3)
