"""Workbooks of the resources' pages: the grant register."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

from schools.spreadsheets import xlsx_cell

from .selectors.grants import GrantRegister

GRANT_COLUMNS = [
    "Муниципалитет",
    "Программа",
    "Год",
    "Грант",
    "Получатель",
    "Мероприятие программы",
    "План, руб.",
    "Исполнено, руб.",
]


def grants_xlsx(register: GrantRegister) -> bytes:
    """One row per grant in the page's order and a total row; amounts as exact numbers."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Гранты")
    ws.freeze_panes = "A2"
    ws.append(GRANT_COLUMNS)
    for entry in register.programs:
        for line in entry.lines:
            row = [
                entry.municipality,
                entry.title,
                line.year,
                line.grant_title or "грант",
                line.recipient,
                f"{line.measure.number}. {line.measure.title}" if line.measure else "программа в целом",
                line.planned,
                line.actual,
            ]
            ws.append([xlsx_cell(ws, value) for value in row])
    ws.append([xlsx_cell(ws, v) for v in ["Итого", "", "", "", "", "", register.total.planned, register.total.actual]])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
