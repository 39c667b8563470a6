"""PostgreSQL restarted under a running portal: the web process reconnects by itself.

The test owns everything it breaks: a PostgreSQL cluster of its own (initdb in a temporary
directory, a free port) and a gunicorn serving the portal against it — the shared services of
`make test` are never stopped, since the other xdist worker is using them.

Why it holds: settings keep connections for CONN_MAX_AGE and set CONN_HEALTH_CHECKS, so Django
checks a reused connection before the request's first query and opens a new one if the server
went away. Without the health check the first request after a restart fails with a 500.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "restart-test-password-1"
STARTUP = 60  # seconds


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pg_bin() -> Path:
    if os.environ.get("PORTAL_PG_BIN"):
        return Path(os.environ["PORTAL_PG_BIN"])
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    assert found, "PostgreSQL binaries not found (apt-get install postgresql)"
    return Path(found[-1]).parent


def _as_pg(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root (scripts/with-services.sh does the same).
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@dataclass
class PrivatePostgres:
    bin: Path
    data: Path
    port: int

    @property
    def url(self) -> str:
        return f"postgres://portal@127.0.0.1:{self.port}/portal"

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(
            _as_pg([str(self.bin / "pg_ctl"), "-D", str(self.data), *args]),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.pg_ctl("-l", str(self.data / "server.log"), "-w", "-o", options, "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "stop")


@pytest.fixture
def private_postgres() -> Iterator[PrivatePostgres]:
    # Not pytest's tmp_path: that is private to root, and the server runs as "postgres".
    work = Path(tempfile.mkdtemp(prefix="portal-pg-restart-"))
    work.chmod(0o755)
    pg = PrivatePostgres(bin=_pg_bin(), data=work / "pg", port=_free_port())
    pg.data.mkdir()
    if os.geteuid() == 0:
        shutil.chown(pg.data, "postgres")
    subprocess.run(
        _as_pg([str(pg.bin / "initdb"), "-D", str(pg.data), "-U", "portal", "--auth=trust", "-E", "UTF8"]),
        check=True,
        capture_output=True,
        timeout=120,
    )
    pg.start()
    try:
        subprocess.run(
            _as_pg([str(pg.bin / "createdb"), "-h", "127.0.0.1", "-p", str(pg.port), "-U", "portal", "portal"]),
            check=True,
            capture_output=True,
            timeout=60,
        )
        yield pg
    finally:
        subprocess.run(
            _as_pg([str(pg.bin / "pg_ctl"), "-D", str(pg.data), "-m", "immediate", "stop"]),
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def portal_server(private_postgres, tmp_path) -> Iterator[str]:
    """gunicorn (one sync worker, so every request reuses the same persistent connection) serving
    the portal on a migrated copy of the private database, with one superuser."""
    env = {
        **os.environ,
        "DATABASE_URL": private_postgres.url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["createsuperuser", "--noinput", "--username", "admin", "--email", "admin@example.org"],
    ):
        result = subprocess.run([*manage, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("w") as out:
        server = subprocess.Popen(
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
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            assert server.poll() is None, log.read_text()
            try:
                if requests.get(f"{base}/healthz", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            time.sleep(0.3)
        else:
            pytest.fail(f"gunicorn did not become healthy:\n{log.read_text()}")
        server.log = log  # for the assertion messages
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)


def _login(base: str) -> requests.Session:
    session = requests.Session()
    session.get(f"{base}/accounts/login/", timeout=10).raise_for_status()
    response = session.post(
        f"{base}/accounts/login/",
        data={"username": "admin", "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=10,
    )
    assert response.status_code == 200 and "sessionid" in session.cookies, response.text[:500]
    return session


@pytest.mark.services
def test_portal_reconnects_after_postgresql_restart(private_postgres, portal_server):
    base, server = portal_server
    session = _login(base)
    # The session lives in the database: each page below reads it, then the page's own rows.
    assert session.get(f"{base}/", timeout=10).status_code == 200
    assert session.get(f"{base}/schools/", timeout=10).status_code == 200

    # A restart between two requests leaves the worker holding a dead persistent connection.
    private_postgres.stop()
    private_postgres.start()
    for page in ("/", "/schools/", "/healthz"):
        response = session.get(f"{base}{page}", timeout=10)
        assert response.status_code == 200, f"{page}: {response.status_code}\n{server.log.read_text()}"

    # While the database is down /healthz says so quickly (503), and the web process survives it.
    private_postgres.stop()
    health = requests.get(f"{base}/healthz", timeout=10)
    assert health.status_code == 503 and health.json()["database"] == "error"
    private_postgres.start()
    assert requests.get(f"{base}/healthz", timeout=10).json()["database"] == "ok"
    assert session.get(f"{base}/", timeout=10).status_code == 200
    assert server.poll() is None  # the same gunicorn all along
