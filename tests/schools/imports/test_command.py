"""portal_import on the command line: summary, row-level report on stderr, exit codes."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import load_workbook

from schools.management.commands.portal_import import Command
from schools.models import Municipality, Region, School, SchoolContext

from .workbooks import CONTEXT_HEADER, REGION, SCHOOL_HEADER, context_row, school_row, xlsx

pytestmark = pytest.mark.django_db


def _write(tmp_path: Path, data: bytes, name: str = "file.xlsx") -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def _run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("portal_import", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def _exit_code(*args) -> int:
    """The exit code manage.py would return. run_from_argv closes connections at the end,
    which would end the test's transaction, so that is left out."""
    with mock.patch("django.core.management.base.connections"):
        try:
            Command().run_from_argv(["manage.py", "portal_import", *args])
        except SystemExit as exc:
            return int(exc.code)
    return 0


def test_template_written_filled_and_imported(world, tmp_path):
    out = tmp_path / "schools.xlsx"
    _run("template", "schools", str(out))
    workbook = load_workbook(out)
    workbook.worksheets[0].append(school_row("A-70"))
    workbook.save(out)
    stdout, _ = _run("schools", str(out))
    assert "Добавлено: 1, обновлено: 0, без изменений: 0, с ошибками: 0." in stdout
    assert "Файл загружен." in stdout
    assert School.objects.filter(code="A-70").exists()


def test_context_template_imports_too(world, tmp_path):
    out = tmp_path / "context.xlsx"
    _run("template", "context", str(out))
    workbook = load_workbook(out)
    workbook.worksheets[0].append(context_row("A-1"))
    workbook.save(out)
    assert _exit_code("context", str(out)) == 0
    assert SchoolContext.objects.filter(school=world.school_a).exists()


def test_broken_file_exits_1_with_the_row_report_and_changes_nothing(world, tmp_path, capsys):
    path = _write(
        tmp_path,
        xlsx(CONTEXT_HEADER, [context_row("A-1"), context_row("A-2", total=-3)], sheet="Контекст"),
    )
    assert _exit_code("context", path) == 1
    err = capsys.readouterr().err
    assert ("Лист «Контекст», строка 3, столбец «Обучающихся всего», значение «-3»: не может быть отрицательным") in err
    assert "Файл не загружен: ошибок 1 (строк с ошибками: 1). База данных не изменена." in err
    assert not SchoolContext.objects.exists()


def test_dry_run_changes_nothing(world, tmp_path):
    path = _write(tmp_path, xlsx(SCHOOL_HEADER, [school_row("A-71")]))
    stdout, _ = _run("schools", path, "--dry-run")
    assert "Новых: 1" in stdout and "база данных не изменена" in stdout
    assert not School.objects.filter(code="A-71").exists()


def test_create_missing(world, tmp_path):
    path = _write(
        tmp_path,
        xlsx(SCHOOL_HEADER, [school_row("N-1", region="Новая область", municipality="Новоград")]),
    )
    with pytest.raises(CommandError):
        _run("schools", path)
    assert not Region.objects.filter(name="Новая область").exists()
    stdout, _ = _run("schools", path, "--create-missing")
    assert "Регионы, которых нет в портале: Новая область" in stdout
    assert Municipality.objects.get(name="Новоград").region.name == "Новая область"
    assert School.objects.get(code="N-1").region.name == "Новая область"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"MZ" + b"\x00" * 100, "Файл не является книгой Excel (.xlsx)."),
        (None, "Файл пуст: в книге нет данных."),
    ],
)
def test_unreadable_files_exit_1(world, tmp_path, capsys, content, message):
    path = _write(tmp_path, content if content is not None else xlsx(None, []))
    assert _exit_code("schools", path) == 1
    assert message in capsys.readouterr().err


def test_a_50_mb_file_exits_1_before_parsing(world, tmp_path, capsys):
    path = tmp_path / "big.xlsx"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    assert _exit_code("schools", str(path)) == 1
    assert "Файл слишком большой: 50,0 МБ" in capsys.readouterr().err


def test_missing_file(world):
    with pytest.raises(CommandError, match="Файл не найден"):
        _run("schools", "/nonexistent/file.xlsx")


def test_manage_py_end_to_end(tmp_path):
    """The real process on a throwaway SQLite database: exit 0 on the filled template, 1 on a
    broken file with the database as it was."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'e2e.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("REDIS_URL", None)

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    assert manage("migrate", "--noinput", "-v0").returncode == 0
    good = _write(
        tmp_path,
        xlsx(SCHOOL_HEADER, [school_row("E-1", region=REGION, municipality="Город Е")]),
        "good.xlsx",
    )
    result = manage("portal_import", "schools", good, "--create-missing")
    assert result.returncode == 0, result.stderr
    bad = _write(
        tmp_path,
        xlsx(
            SCHOOL_HEADER,
            [
                school_row("E-2", region=REGION, municipality="Город Е"),
                school_row("E-3", type="колледж", region=REGION, municipality="Город Е"),
            ],
        ),
        "bad.xlsx",
    )
    result = manage("portal_import", "schools", bad)
    assert result.returncode == 1
    assert "строка 3, столбец «Тип», значение «колледж»" in result.stderr
    check = manage(
        "shell",
        "--no-imports",
        "-c",
        "from schools.models import School; print(School.objects.count())",
    )
    assert check.stdout.strip() == "1"
