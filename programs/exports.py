"""Workbooks of program pages: the support episodes of a municipality's schools."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook

from schools.spreadsheets import xlsx_cell
from schools.years import format_academic_year

from .selectors.episodes import Episode

EPISODE_COLUMNS = [
    "Код школы",
    "Школа",
    "Основание поддержки",
    "Вошла (уч. год)",
    "Последний год в поддержке",
    "Вышла (уч. год)",
    "Возврат в поддержку",
    "Состояние",
    "Годы без данных",
    "Программы",
]


def episodes_xlsx(episodes: Sequence[Episode]) -> bytes:
    """One row per episode, in the page's order."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet("Эпизоды поддержки")
    ws.freeze_panes = "A2"
    ws.append(EPISODE_COLUMNS)
    for e in episodes:
        row = [
            e.school.code if e.school else "",
            str(e.school) if e.school else "",
            e.kind_label,
            format_academic_year(e.start),
            format_academic_year(e.end),
            format_academic_year(e.left) if e.left is not None else "",
            "да" if e.fell_back else "нет",
            e.status_text,
            e.gaps_text,
            "; ".join(f"{c.title} ({c.kind_label})" for c in e.carriers),
        ]
        ws.append([xlsx_cell(ws, value) for value in row])
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()
