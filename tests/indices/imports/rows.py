"""Rows and headers of the «Результаты» and «Группы» templates; the workbook builders themselves
are the schools imports' (tests/schools/imports/workbooks.py)."""

from __future__ import annotations

from typing import Any

from indices.models import AssessmentResult, ImportedGroups

RESULT_HEADER = [
    "Код ОО",
    "Наименование ОО",
    "Учебный год",
    "Процедура",
    "Класс",
    "Предмет",
    "Участников",
    "Средний балл",
    "Стандартное отклонение",
    "Доля «2», %",
    "Доля «3», %",
    "Доля «4», %",
    "Доля «5», %",
    "Доля не преодолевших минимальный порог, %",
]
GROUP_HEADER = ["Код ОО", "Наименование ОО", "Учебный год", "Группа качества", "Группа ИСБШ", "Источник"]

RESULT_FIELDS = (
    "school_id",
    "year",
    "procedure",
    "grade",
    "subject__code",
    "participants",
    "mean_score",
    "sd",
    "share_2",
    "share_3",
    "share_4",
    "share_5",
    "share_below_min",
)


def result_row(
    code: Any,
    *,
    name: str = "",
    year: Any = "2023/2024",
    procedure: Any = "ОГЭ",
    grade: Any = 9,
    subject: Any = "Математика",
    participants: Any = 50,
    mean: Any = 16.5,
    sd: Any = 4.2,
    shares: list[Any] | None = None,
    below_min: Any = None,
) -> list[Any]:
    return [
        code,
        name,
        year,
        procedure,
        grade,
        subject,
        participants,
        mean,
        sd,
        *(shares if shares is not None else [4, 36, 40, 20]),
        below_min,
    ]


def group_row(
    code: Any, *, year: Any = "2023/2024", quality: Any = 6, wellbeing: Any = 5, source: Any = "РЦОКО", name: str = ""
) -> list[Any]:
    return [code, name, year, quality, wellbeing, source]


def results_state() -> list[tuple]:
    """Everything stored, to compare before and after an import that must change nothing."""
    return sorted(AssessmentResult.objects.values_list("pk", *RESULT_FIELDS))


def groups_state() -> list[tuple]:
    return sorted(
        ImportedGroups.objects.values_list(
            "pk", "school_id", "year", "quality_group", "wellbeing_group", "source", "imported_at"
        )
    )
