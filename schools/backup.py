"""Backups: the database (pg_dump custom format, or SQLite's online backup) and the uploaded files,
with a manifest of row counts so a restore can be checked."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connection


def _pg_env(db: dict) -> tuple[list[str], dict]:
    args = ["-h", db.get("HOST") or "localhost", "-p", str(db.get("PORT") or 5432), "-U", db.get("USER") or "postgres"]
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    return args, env


# Models that moved between apps keep their table, so an older backup restores into them; its
# manifest still names them by the old label.
MOVED_MODELS = {"monitoring.ReportJob": "reporting.ReportJob"}


def row_counts() -> dict[str, int]:
    return {m._meta.label: m.objects.count() for m in apps.get_models() if not m._meta.proxy}


def backup_create(*, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        args, env = _pg_env(db)
        subprocess.run(
            ["pg_dump", *args, "-Fc", "--no-owner", "-f", str(out / "database.dump"), db["NAME"]],
            check=True,
            env=env,
            capture_output=True,
        )
    else:
        with sqlite3.connect(out / "database.sqlite3") as target:
            connection.ensure_connection()
            connection.connection.backup(target)
    # Files on object storage are kept by the store itself (bucket versioning and replication,
    # docs/deployment.md); only files on local disk travel in the backup.
    if not getattr(settings, "OBJECT_STORAGE", None):
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(out / "media.tar.gz", "w:gz") as tar:
            if media.exists():
                tar.add(media, arcname="media")
    (out / "manifest.json").write_text(
        json.dumps({"engine": db["ENGINE"], "rows": row_counts()}, indent=1), encoding="utf-8"
    )
    return out


def backup_restore(*, source: Path) -> dict[str, int]:
    """Into the configured (empty or existing) database; returns the manifest's row counts."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    db = settings.DATABASES["default"]
    if (source / "database.dump").exists():
        if not db["ENGINE"].endswith("postgresql"):
            raise RuntimeError("Резервная копия PostgreSQL восстанавливается только в PostgreSQL.")
        args, env = _pg_env(db)
        connection.close()
        subprocess.run(
            [
                "pg_restore",
                *args,
                "--clean",
                "--if-exists",
                "--no-owner",
                "-d",
                db["NAME"],
                str(source / "database.dump"),
            ],
            check=True,
            env=env,
            capture_output=True,
        )
    else:
        connection.close()
        shutil.copyfile(source / "database.sqlite3", db["NAME"])
    if not (source / "media.tar.gz").exists():  # files were on object storage
        return {MOVED_MODELS.get(label, label): count for label, count in manifest["rows"].items()}
    media = Path(settings.MEDIA_ROOT)
    with tarfile.open(source / "media.tar.gz", "r:gz") as tar:
        media.parent.mkdir(parents=True, exist_ok=True)
        tar.extractall(media.parent, filter="data")
        if media.name != "media" and (media.parent / "media").exists():
            shutil.copytree(media.parent / "media", media, dirs_exist_ok=True)
    return {MOVED_MODELS.get(label, label): count for label, count in manifest["rows"].items()}
