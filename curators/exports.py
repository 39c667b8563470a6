"""The curators' load as a workbook (the committee's page, «Скачать XLSX»)."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from schools.spreadsheets import xlsx_cell
from schools.years import format_academic_year

from .selectors.load import Load, load_rows_for_export

LOAD_COLUMNS = ["Куратор", "Школ", "Школы", "Визитов за учебный год", "Последний визит", "Просрочено пунктов плана"]
OVERDUE_COLUMNS = ["Школа", "Куратор", "Планируемая дата", "Вид работы", "Тема"]


def load_xlsx(load: Load, *, area: str) -> bytes:
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Нагрузка кураторов")
    ws.append([xlsx_cell(ws, f"{area}: нагрузка кураторов, {format_academic_year(load.year)} уч. г.")])
    ws.append(LOAD_COLUMNS)
    for row in load_rows_for_export(load):
        ws.append([xlsx_cell(ws, value) for value in row])
    overdue = workbook.create_sheet("Просроченные визиты")
    overdue.append(OVERDUE_COLUMNS)
    for item in load.overdue:
        values = [
            item.assignment.school.short_name,
            item.assignment.curator.display_name,
            f"{item.planned_on:%d.%m.%Y}",
            item.get_kind_display(),
            item.topic,
        ]
        overdue.append([xlsx_cell(overdue, value) for value in values])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
