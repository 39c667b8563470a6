"""portal_import results / groups on the command line: templates, summary, report, exit codes."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from indices.models import AssessmentResult, ImportedGroups
from schools.management.commands.portal_import import Command
from tests.schools.imports.workbooks import xlsx

from .rows import RESULT_HEADER, group_row, result_row, results_state

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
    """The exit code manage.py would return (connections are left open for the test's transaction)."""
    with mock.patch("django.core.management.base.connections"):
        try:
            Command().run_from_argv(["manage.py", "portal_import", *args])
        except SystemExit as exc:
            return int(exc.code)
    return 0


@pytest.mark.parametrize(("kind", "sheet"), [("results", "Результаты"), ("groups", "Группы")])
def test_template_is_written(world, tmp_path, kind, sheet):
    out = tmp_path / f"{kind}.xlsx"
    assert _exit_code("template", kind, str(out)) == 0
    assert load_workbook(out).worksheets[0].title == sheet


def test_results_template_filled_and_imported(world, tmp_path):
    out = tmp_path / "results.xlsx"
    _run("template", "results", str(out))
    workbook = load_workbook(out)
    workbook.worksheets[0].append(result_row("A-1"))
    workbook.worksheets[0].append(result_row("A-2", subject="Русский язык", mean=25))
    workbook.save(out)
    stdout, _ = _run("results", str(out))
    assert "Добавлено: 2, обновлено: 0, без изменений: 0, с ошибками: 0." in stdout
    assert "Файл загружен." in stdout
    assert AssessmentResult.objects.count() == 2
    assert _exit_code("results", str(out)) == 0  # again: nothing to change
    assert AssessmentResult.objects.count() == 2


def test_groups_imported(world, tmp_path):
    out = tmp_path / "groups.xlsx"
    _run("template", "groups", str(out))
    workbook = load_workbook(out)
    workbook.worksheets[0].append(group_row("A-1", quality=2, wellbeing=3))
    workbook.save(out)
    assert _exit_code("groups", str(out)) == 0
    assert ImportedGroups.objects.get().quality_group == 2


def test_dry_run_changes_nothing(world, tmp_path):
    path = _write(tmp_path, xlsx(RESULT_HEADER, [result_row("A-1")]))
    stdout, _ = _run("results", path, "--dry-run")
    assert "Новых: 1" in stdout and "база данных не изменена" in stdout
    assert not AssessmentResult.objects.exists()


def test_broken_file_exits_1_with_the_row_report_and_changes_nothing(world, tmp_path, capsys):
    _run("results", _write(tmp_path, xlsx(RESULT_HEADER, [result_row("A-1")]), "good.xlsx"))
    before = results_state()
    rows = [result_row("A-1", mean=15), result_row("A-2", subject="математика", mean=35)]
    path = _write(tmp_path, xlsx(RESULT_HEADER, rows, sheet="Результаты"), "bad.xlsx")
    assert _exit_code("results", path) == 1
    err = capsys.readouterr().err
    assert (
        "Лист «Результаты», строка 3, столбец «Средний балл», значение «35»: средний балл выше максимально "
        "возможного: в ОГЭ по предмету «Математика» максимум 31"
    ) in err
    assert "Файл не загружен: ошибок 1 (строк с ошибками: 1). База данных не изменена." in err
    assert results_state() == before


def test_groups_file_with_results_header_is_refused(world, tmp_path, capsys):
    path = _write(tmp_path, xlsx(RESULT_HEADER, [result_row("A-1")]))
    assert _exit_code("groups", path) == 1
    assert "нет обязательных столбцов «Группа качества», «Группа ИСБШ»" in capsys.readouterr().err
