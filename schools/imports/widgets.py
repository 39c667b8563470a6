"""django-import-export widgets for already-normalised cells (see normalise.py).

A widget turns one cell into a Python value or raises ``ValueError`` with a Russian reason;
import-export turns that into a validation error of the row's field, which the report shows
next to the sheet, row, column and value. Reasons do not repeat the value: the report has it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from import_export.widgets import Widget

from ..years import AcademicYearError, format_academic_year, parse_academic_year
from .normalise import normalise_title


class TextWidget(Widget):
    """Text as the reader normalised it; empty is "" (Django's convention for text)."""

    def __init__(self, *, required: bool = False):
        super().__init__()
        self.required = required

    def clean(self, value, row=None, **kwargs) -> str:
        if value is None and self.required:
            raise ValueError(_("не заполнено"))
        return "" if value is None else str(value)

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


MAX_COUNT = 2_147_483_647  # the largest value a PositiveIntegerField holds everywhere


class CountWidget(Widget):
    """A count of students: a whole number ≥ 0. Empty is None (unknown), never 0.
    It enforces everything the model field would, so the model's validators can be skipped."""

    def __init__(self, *, required: bool = False, max_value: int = MAX_COUNT):
        super().__init__()
        self.required = required
        self.max_value = max_value

    def clean(self, value, row=None, **kwargs) -> int | None:
        if value is None:
            if self.required:
                raise ValueError(_("не заполнено: укажите число"))
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            raise ValueError(_("не число: укажите целое число без букв"))
        if isinstance(value, float | Decimal) and value != int(value):
            raise ValueError(_("должно быть целым числом"))
        number = int(value)
        if number < 0:
            raise ValueError(_("не может быть отрицательным"))
        if number > self.max_value:
            raise ValueError(_("слишком большое число"))
        return number

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


class ChoiceWidget(Widget):
    """One of a dictionary's values, matched case- and «ё»-insensitively by any spelling."""

    def __init__(self, spellings: Mapping[str, Any], allowed: str, *, default: Any = None):
        super().__init__()
        self.lookup = {normalise_title(k): v for k, v in spellings.items()}
        self.allowed = allowed
        self.default = default

    def clean(self, value, row=None, **kwargs) -> Any:
        if value is None:
            if self.default is not None:
                return self.default
            raise ValueError(_("не заполнено; допустимые значения: %(allowed)s") % {"allowed": self.allowed})
        try:
            return self.lookup[normalise_title(value)]
        except KeyError:
            raise ValueError(_("недопустимое значение; допустимые: %(allowed)s") % {"allowed": self.allowed}) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)


YES_NO = {
    "да": True,
    "д": True,
    "yes": True,
    "true": True,
    "истина": True,
    "1": True,
    "+": True,
    "нет": False,
    "н": False,
    "no": False,
    "false": False,
    "ложь": False,
    "0": False,
    "-": False,
}


def yes_no_widget() -> ChoiceWidget:
    # An empty cell means "no": the model keeps a plain boolean, not "unknown".
    return ChoiceWidget(YES_NO, _("да, нет или пусто"), default=False)


class AcademicYearWidget(Widget):
    def clean(self, value, row=None, **kwargs) -> int:
        if value is None:
            raise ValueError(_("не заполнено: укажите учебный год, например 2023/2024"))
        try:
            return parse_academic_year(value)
        except AcademicYearError as exc:
            raise ValueError(str(exc)) from None

    def render(self, value, obj=None, **kwargs) -> str:
        return format_academic_year(value)


class LookupWidget(Widget):
    """Resolves a cell to an object through a resource's prefetched dictionaries, so a row
    costs no query. ``resolve(value, row)`` returns the object or raises ValueError."""

    def __init__(self, resolve: Callable[[Any, Mapping[str, Any]], Any]):
        super().__init__()
        self.resolve = resolve

    def clean(self, value, row=None, **kwargs) -> Any:
        return self.resolve(value, row or {})

    def render(self, value, obj=None, **kwargs) -> str:
        return "" if value is None else str(value)
