"""The import kinds: a small registry of key → column spec + resource + permission.

A kind is data, not a subclass: the reader, the template writer, the report, the views and the
management command work on any registered kind. The registry is filled by plain imports
(``schools.imports.kinds`` for the school registry and context data; another app registers its
own kinds from its own module), never by loading classes from strings.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.functional import Promise

if TYPE_CHECKING:  # pragma: no cover
    from .resource_base import PortalResource


class CellKind(StrEnum):
    """How the reader normalises a cell before the resource's widgets see it."""

    TEXT = "text"  # text; a number typed into it becomes its digits ("123", not "123.0")
    NUMBER = "number"  # "1 234", "12,5", "45 %" become numbers; anything else stays text
    YEAR = "year"  # numbers stay numbers, text stays text: parse_academic_year reads both


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # the header of the downloadable template, exactly as the file format names it
    kind: CellKind = CellKind.TEXT
    required: bool = False  # the header must contain this column
    aliases: tuple[str, ...] = ()  # other titles real files use for the same column
    help: str | Promise = ""  # one line for the template's «Справка» sheet
    choices: tuple[str, ...] = ()  # offered as a drop-down list in the template
    width: int = 18


@dataclass(frozen=True)
class ImportKind:
    key: str
    title: str | Promise  # shown on the import page
    sheet_title: str  # the template's sheet, a file-format name like the column titles
    description: str | Promise
    columns: tuple[Column, ...]
    resource_class: type[PortalResource]
    # The UI requires this permission; which rows a user may touch is checked per row by the
    # resource through schools/access.py.
    permission: str = "schools.import_data"
    # Whether unknown parents (regions, municipalities) may be created on confirmation.
    supports_create_missing: bool = False

    def column(self, key: str) -> Column:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def required_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.required)

    def can_import(self, user) -> bool:
        return bool(user is not None and user.has_perm(self.permission))


_REGISTRY: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    if kind.key in _REGISTRY and _REGISTRY[kind.key] is not kind:
        raise ValueError(f"import kind {kind.key!r} is already registered")
    _REGISTRY[kind.key] = kind
    return kind


def get_kind(key: str) -> ImportKind:
    """The kind by key; ``KeyError`` when unknown (views turn it into 404)."""
    return _REGISTRY[key]


def all_kinds() -> Iterator[ImportKind]:
    return iter(_REGISTRY.values())
