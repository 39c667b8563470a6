"""A backup restored into an empty database holds the same records (real PostgreSQL, pg_dump)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from programs.models import Measure, Program
from schools.backup import backup_create, row_counts
from tests.programs.conftest import make_program

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database(world, tmp_path):
    make_program(world)
    (Path(settings.MEDIA_ROOT)).mkdir(parents=True, exist_ok=True)
    before = row_counts()
    backup_create(out=tmp_path / "b")
    db = settings.DATABASES["default"]
    empty = f"{db['NAME']}_restore"
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{empty}"')
        cursor.execute(f'CREATE DATABASE "{empty}"')
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{empty}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(tmp_path / "media")}
    result = subprocess.run(
        [sys.executable, "manage.py", "backup", "restore", str(tmp_path / "b")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from programs.models import Program, Measure; "
            "print(Program.objects.count(), Measure.objects.count(), "
            "Program.objects.get().measures.get(number='1.1').title)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert check.stdout.strip().splitlines()[-1].split()[:2] == [
        str(Program.objects.count()),
        str(Measure.objects.count()),
    ]
    assert "Семинар для учителей" in check.stdout
    assert before["programs.Program"] == 1
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{empty}"')
