"""Real parts for the several-machines tests: a local S3-compatible server (moto in server mode,
from PyPI) on a free loopback port, and the helpers to start processes and wait for them."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
STARTUP = 60  # seconds for a server to answer


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(check, *, what: str, timeout: float = STARTUP, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (requests.ConnectionError, OSError):
            pass
        time.sleep(0.2)
    pytest.fail(f"{what} did not come up in {timeout} s" + (f":\n{log.read_text()[-3000:]}" if log else ""))


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


@dataclass
class ObjectStore:
    endpoint: str
    bucket: str
    key: str = "test-key"
    secret: str = "test-secret"

    @property
    def url(self) -> str:
        """The portal's STORAGE_URL for this store (plain HTTP on loopback)."""
        host = self.endpoint.removeprefix("http://")
        return f"s3+http://{self.key}:{self.secret}@{host}/{self.bucket}?region=us-east-1"

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=self.key,
            aws_secret_access_key=self.secret,
            region_name="us-east-1",
        )

    def keys(self) -> list[str]:
        listing = self.client().list_objects_v2(Bucket=self.bucket)
        return [item["Key"] for item in listing.get("Contents", [])]


@pytest.fixture(scope="module")
def s3_server(tmp_path_factory) -> Iterator[str]:
    """moto's S3-compatible server on a free port, for the module."""
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("moto_server")), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: requests.get(f"{endpoint}/moto-api/", timeout=2).ok, what="moto_server", log=log)
        yield endpoint
    finally:
        stop(server)


@pytest.fixture
def object_store(s3_server) -> ObjectStore:
    """A fresh private bucket on the local store."""
    store = ObjectStore(endpoint=s3_server, bucket=f"portal-{uuid.uuid4().hex[:12]}")
    store.client().create_bucket(Bucket=store.bucket)
    return store
