"""What a report says, apart from how it looks (django-oscar's report generator vs. formatter).

A generator returns a :class:`Document`: an optional approval block, a title, and sections —
two-column fields (a passport), text, tables with typed columns and group rows, and SVG figures.
The formatters (xlsx.py, pdf.py, docx.py) turn the same document into bytes, each in its own
way: a table's group rows become spanning rows in PDF/DOCX and a first column in XLSX, a
numeric column becomes a real number with a number format in XLSX and Russian digits on paper.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from schools.formats import format_number, format_percent

TEXT, INT, NUMBER, PERCENT, DATE = "text", "int", "number", "percent", "date"
NBSP = "\u00a0"


@dataclass(frozen=True)
class Column:
    title: str
    kind: str = TEXT  # text / int / number / percent (a fraction: 0.45 is 45 %) / date
    width: int = 14  # in characters: the XLSX column width and the relative width on paper
    digits: int | None = None  # decimals of number and percent columns (2 and 0 by default)
    # The formats that show this column; empty means all. Working columns (counts, dates) that
    # the official paper layout does not have are marked ("xlsx",).
    only: tuple[str, ...] = ()
    nowrap: bool = False  # PDF: never wrapped (measure numbers like 1.1.2)

    @property
    def decimals(self) -> int:
        if self.digits is not None:
            return self.digits
        return 2 if self.kind == NUMBER else 0

    @property
    def numeric(self) -> bool:
        return self.kind in (INT, NUMBER, PERCENT)

    def shown_in(self, fmt: str) -> bool:
        return not self.only or fmt in self.only


@dataclass(frozen=True)
class Group:
    """A group row of a table: a task or section of the measures table, a category of schools."""

    title: str


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: Iterable[Sequence[Any] | Group]  # may be a generator: formatters read it once
    sheet: str = ""  # the XLSX sheet name (the title by default)
    group_column: str = ""  # XLSX: the header of the first column that carries the group titles
    wide: bool = False  # PDF/DOCX: printed on landscape pages
    note: str = ""
    empty: str = _lazy("Нет данных.")
    level: int = 2
    kind = "table"

    def visible(self, fmt: str) -> list[tuple[int, Column]]:
        return [(i, c) for i, c in enumerate(self.columns) if c.shown_in(fmt)]


@dataclass
class Fields:
    """A two-column table of label → value, as the seeds lay out a passport. A value may be a list
    (printed as separate lines)."""

    title: str
    items: list[tuple[str, Any]]
    level: int = 2
    kind = "fields"


@dataclass
class Text:
    title: str
    paragraphs: list[str]
    numbered: bool = False  # an ordered list (tasks, results)
    level: int = 2
    kind = "text"


@dataclass
class Figure:
    """An SVG: a chart rendered from its Vega-Lite spec (``reporting.charts.chart_svg``, the same
    spec the page shows) or one the app draws. PDF prints it inline; XLSX and DOCX carry the same data as tables, so they leave it out."""

    title: str
    svg: str
    caption: str = ""
    wide: bool = False  # PDF: printed on a landscape page
    level: int = 2
    kind = "figure"


@dataclass
class Approval:
    """The block in the top right corner: «Утверждаю …» or «Приложение 1 к приказу № … от …»."""

    lines: list[str]
    kind = "approval"


@dataclass
class Document:
    title: str
    filename: str  # without extension; a slug
    subtitle: str = ""
    approval: Approval | None = None
    sections: list[Table | Fields | Text | Figure] = field(default_factory=list)
    meta: list[tuple[str, str]] = field(default_factory=list)  # «Сформирован», «Период», …
    short_title: str = ""  # the running footer of PDF pages


def display(value: Any, column: Column | None = None) -> str:
    """A cell as text on paper: numbers the portal's way (schools.formats), dates dd.mm.yyyy."""
    kind = column.kind if column else TEXT
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if kind == DATE and isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if kind == INT and isinstance(value, int | float | Decimal):
        return format_number(int(value), 0)
    if kind == NUMBER and isinstance(value, int | float | Decimal):
        return format_number(value, column.decimals)
    if kind == PERCENT and isinstance(value, int | float | Decimal):
        return format_percent(value, column.decimals)
    return str(value)


def long_date(value: dt.date) -> str:
    """«1 сентября 2025 г.», as the UX conventions write dates in prose."""
    with translation.override("ru"):  # a Celery worker has no active language
        return _("%(date)s г.") % {"date": formats.date_format(value, "j E Y")}


def generated_meta(user) -> list[tuple[str, str]]:
    """The «Сформирован» line of a report and, when a user ordered it, «Заказал»."""
    meta = [
        (_("Сформирован"), _("%(long_date)s, портал поддержки школ") % {"long_date": long_date(timezone.localdate())})
    ]
    if user is not None:
        meta.append((_("Заказал"), user.get_full_name() or user.get_username()))
    return meta
