"""Issue 19: the professional development register from XLSX, through the shared import machinery
(tolerant headers, preview, all rows or none), and the share computed from what was imported."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import Workbook

from resources.imports import TRAININGS, TrainingResource
from resources.models import Training
from resources.selectors.training import trained_shares
from resources.services.training import staff_count_set
from schools.imports.services import import_apply, import_preview

pytestmark = pytest.mark.django_db

HEADER = ["Код ОО", "Год", "Форма", "Тема", "Кто проводит", "Часов", "Начало", "Окончание", "Качество образования",
          "ФИО педагога", "Должность", "Предмет", "Число педагогов", "Наставник"]  # fmt: skip


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Повышение квалификации"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


GOOD = [
    ["A-1", 2025, "курсы", "Функциональная грамотность", "ИРО", "36", "01.02.2025", "20.02.2025", "да",
     "Иванова Анна", "учитель", "математика", None, None],
    ["A-1", 2025, "стажировка", "Смысловое чтение", "Гимназия", "1,5", date(2025, 3, 1), date(2025, 3, 1), "нет",
     None, None, None, 4, None],
    ["A-1", 2025, "наставничество", "Молодой учитель", None, "72", "15.01.2025", "31.05.2025", None,
     "Петров Олег", None, None, None, "Иванова Анна"],
]  # fmt: skip


def test_every_column_has_a_resource_field():
    assert {c.key for c in TRAININGS.columns} - {"school_code"} <= set(TrainingResource.fields)


def test_import_and_reimport_and_the_share(world):
    outcome = import_apply(kind="trainings", file=io.BytesIO(_xlsx(GOOD)), user=world.staff_a)
    assert outcome.applied and outcome.new == 3, [(p.row, p.column, p.reason) for p in outcome.problems]
    assert Training.objects.get(people=4).full_name == ""
    again = import_apply(kind="trainings", file=io.BytesIO(_xlsx(GOOD)), user=world.staff_a)
    assert again.applied and again.new == 0 and Training.objects.count() == 3
    staff_count_set(school=world.school_a, year=2025, teachers=12)
    share = trained_shares(school_ids=[world.school_a.pk], date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    assert share[world.school_a.pk].trained == 6  # Иванова, Петров and 4 counted: by hand


@pytest.mark.parametrize(
    ("cell", "value", "reason"),
    [
        (5, "1,3", "четверть часа"),
        (5, "-2", "отрицательным"),
        (7, "10.01.2026", "в пределах 2025 года"),
        (2, "лекция", "недопустимое значение"),
    ],
)
def test_a_bad_row_and_nothing_is_written(world, cell, value, reason):
    bad = list(GOOD[0])
    bad[cell] = value
    outcome = import_apply(kind="trainings", file=io.BytesIO(_xlsx([GOOD[1], bad])), user=world.staff_a)
    assert not outcome.applied
    assert any(reason in p.reason for p in outcome.problems), [p.reason for p in outcome.problems]
    assert not Training.objects.exists()


def test_other_municipality_rows_are_refused(world):
    outcome = import_preview(kind="trainings", file=io.BytesIO(_xlsx(GOOD)), user=world.staff_b)
    assert outcome.problems and not Training.objects.exists()
