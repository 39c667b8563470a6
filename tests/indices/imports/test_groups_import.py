"""Imported groups («Группы»): the identification a regional institute published, per school and
academic year, kept beside the portal's own computation."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from indices.imports import GROUPS
from indices.models import ImportedGroups
from schools.imports.services import import_apply, template_xlsx
from tests.schools.imports.workbooks import fill_template, xlsx

from .rows import GROUP_HEADER, group_row, groups_state

pytestmark = pytest.mark.django_db


def _apply(data: bytes, user=None):
    return import_apply(kind="groups", file=io.BytesIO(data), user=user)


def test_template_round_trip(world):
    template = template_xlsx("groups")
    sheet = load_workbook(io.BytesIO(template)).worksheets[0]
    assert sheet.title == "Группы"
    assert [c.value for c in sheet[1]] == GROUP_HEADER == [c.title for c in GROUPS.columns]
    data = fill_template(
        template, [group_row("A-1", quality=3, wellbeing=2), group_row("A-2", year=2023, quality=None, source=None)]
    )
    outcome = _apply(data)
    assert outcome.applied and (outcome.new, outcome.updated) == (2, 0)
    first = ImportedGroups.objects.get(school=world.school_a)
    assert (first.year, first.quality_group, first.wellbeing_group, first.source) == (2024, 3, 2, "РЦОКО")
    second = ImportedGroups.objects.get(school=world.school_a2)
    assert (second.year, second.quality_group, second.wellbeing_group, second.source) == (2023, None, 5, "")


def test_real_world_messy_file_without_the_source_column(world):
    header = ["Код школы", "Школа", "Учебный год", "Группа по индексу качества", "Группа ИСБШ"]
    rows = [[" A-1", "Школа А-1", "2023-2024", "3 группа", " 11 "], ["A-2", None, "2023/24", "6,0", None]]
    outcome = _apply(xlsx(header, rows, title="Идентификация ШНОР/ШНСУ, РЦОКО", notes=2))
    assert outcome.problems == [] and outcome.applied
    assert sorted(ImportedGroups.objects.values_list("school__code", "year", "quality_group", "wellbeing_group")) == [
        ("A-1", 2024, 3, 11),
        ("A-2", 2024, 6, None),
    ]


def test_reimport_unchanged_then_corrected_in_place(world):
    data = xlsx(GROUP_HEADER, [group_row("A-1"), group_row("A-2")])
    _apply(data)
    before = groups_state()
    outcome = _apply(data)
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 0, 2)
    assert groups_state() == before
    stored = ImportedGroups.objects.get(school=world.school_a)
    outcome = _apply(xlsx(GROUP_HEADER, [group_row("A-1", quality=4, source="РЦОКО, уточнено"), group_row("A-2")]))
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 1)
    updated = ImportedGroups.objects.get(school=world.school_a)
    assert (updated.pk, updated.quality_group, updated.source) == (stored.pk, 4, "РЦОКО, уточнено")
    assert updated.imported_at > stored.imported_at


@pytest.mark.parametrize(
    ("row", "column", "value", "reason"),
    [
        (group_row("A-1", quality=12), "Группа качества", "12", "группа должна быть от 1 до 11 или пусто"),
        (group_row("A-1", wellbeing=0), "Группа ИСБШ", "0", "группа должна быть от 1 до 11 или пусто"),
        (group_row("A-1", wellbeing="низкая"), "Группа ИСБШ", "низкая", "не число: укажите целое число"),
        (group_row("A-1", quality="5,5"), "Группа качества", "5,5", "должно быть целым числом"),
        (group_row("Z-404"), "Код ОО", "Z-404", "школа с таким кодом ОО не найдена в портале"),
        (group_row("A-1", source="И" * 201), "Источник", "И" * 201, "слишком длинный текст: не больше 200 символов"),
        (
            group_row("A-1", year=None),
            "Учебный год",
            "",
            "не заполнено: укажите учебный год, например 2023/2024",
        ),
        (
            group_row("A-2", year=2024),
            "Код ОО",
            "A-2",
            "школа и учебный год повторяются в файле: уже есть в строке 2",
        ),
    ],
)
def test_bad_values_are_reported_and_nothing_is_written(world, row, column, value, reason):
    _apply(xlsx(GROUP_HEADER, [group_row("A-1", quality=1)]))
    before = groups_state()
    outcome = _apply(xlsx(GROUP_HEADER, [group_row("A-2"), row], sheet="Группы"))
    assert [(p.sheet, p.row, p.column, p.value, p.reason) for p in outcome.problems] == [
        ("Группы", 3, column, value, reason)
    ]
    assert not outcome.applied
    assert groups_state() == before
