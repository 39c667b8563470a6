"""Test workbooks built with openpyxl: clean ones from the templates' headers and messy
"real-world" ones (a merged title above the header, numbers as text, decimal commas, "%")."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from schools.models import CONTEXT_FACTORS, FACTOR_KEYS

SCHOOL_HEADER = [
    "Код ОО",
    "Полное наименование",
    "Краткое наименование",
    "Тип",
    "Регион",
    "Муниципалитет",
    "Населённый пункт",
    "Городская/сельская",
    "Малокомплектная",
    "Удалённая",
    "Адрес",
    "Директор",
]
CONTEXT_HEADER = [
    "Код ОО",
    "Наименование ОО",
    "Учебный год",
    "Обучающихся всего",
    *[title for _key, title in CONTEXT_FACTORS],
]
REGION = "Тестовая область"  # the world fixture's names
MUN_A = "Город А"


def xlsx(
    header: list[Any] | None,
    rows: list[list[Any]],
    *,
    sheet: str = "Лист1",
    title: str | None = None,
    notes: int = 0,
) -> bytes:
    """A workbook with one sheet; ``title`` adds a merged title row and ``notes`` blank rows
    above the header, as real files have."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = sheet
    if title:
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=max(len(header or []), 2))
    for _ in range(notes):
        ws.append([])
    if header is not None:
        ws.append(header)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # text typed after an apostrophe, not a formula
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def fill_template(template: bytes, rows: list[list[Any]]) -> bytes:
    """Fill a downloaded template the way a user does: append rows below its header."""
    workbook = load_workbook(BytesIO(template))
    ws = workbook.worksheets[0]
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def school_row(
    code: Any,
    *,
    name: str | None = None,
    short: str | None = None,
    type: str = "СОШ",
    region: str = REGION,
    municipality: str = MUN_A,
    settlement: str = "Город А",
    locality: str = "городская",
    small: str = "нет",
    remote: str = "нет",
    address: str = "",
    director: str = "",
) -> list[Any]:
    return [
        code,
        name or f"Муниципальное бюджетное общеобразовательное учреждение «{code}»",
        short or f"МБОУ {code}",
        type,
        region,
        municipality,
        settlement,
        locality,
        small,
        remote,
        address,
        director,
    ]


def context_row(
    code: Any,
    *,
    year: Any = "2023/2024",
    total: Any = 500,
    factors: list[Any] | None = None,
    name: str = "",
) -> list[Any]:
    values = factors if factors is not None else [10 * (i + 1) for i in range(len(FACTOR_KEYS))]
    return [code, name, year, total, *values]


def as_file(data: bytes, name: str = "file.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def read_back(data: bytes) -> list[tuple]:
    workbook = load_workbook(BytesIO(data))
    return [tuple(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
