"""The downloadable template of an import kind: the header row, drop-down lists for dictionary
columns, and a «Справка» sheet that explains every column."""

from __future__ import annotations

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .registry import ImportKind

TEMPLATE_ROWS = 5000  # how far down the drop-down lists reach
_HEADER_FILL = PatternFill("solid", start_color="DDEBF7", end_color="DDEBF7")


def template_workbook(kind: ImportKind) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = kind.sheet_title
    ws.append([column.title for column in kind.columns])
    for index, column in enumerate(kind.columns, start=1):
        letter = get_column_letter(index)
        cell = ws.cell(row=1, column=index)
        cell.font = Font(bold=True)
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[letter].width = column.width
        if column.choices:
            # A warning, not a stop: the importer accepts other spellings too.
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorStyle="warning",
                error=_("Значение не из списка: проверьте написание."),
            )
            validation.add(f"{letter}2:{letter}{TEMPLATE_ROWS}")
            ws.add_data_validation(validation)
    ws.freeze_panes = "A2"

    help_sheet = workbook.create_sheet(_("Справка"))
    help_sheet.append([_("Столбец"), _("Обязательный"), _("Что писать")])
    for cell in help_sheet[1]:
        cell.font = Font(bold=True)
    for column in kind.columns:
        help_sheet.append([column.title, _("да") if column.required else _("нет"), str(column.help)])
    help_sheet.append([])
    help_sheet.append(
        [
            _(
                "Строка заголовков может стоять ниже названия таблицы; числа можно "
                "писать с пробелами и запятой. Файл загружается целиком или не "
                "загружается совсем."
            )
        ]
    )
    help_sheet.column_dimensions["A"].width = 45
    help_sheet.column_dimensions["B"].width = 14
    help_sheet.column_dimensions["C"].width = 70

    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
