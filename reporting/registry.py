"""The report kinds: a small registry of key → (title, permission check, loader, generator, formatters).

A kind is data, not a subclass (the import kinds' habit, schools/imports/registry.py): the
services, the task, the views and the ``report`` command work on any registered kind. Apps
register their kinds from their own ``reports`` module imported in ``AppConfig.ready()``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

if TYPE_CHECKING:  # pragma: no cover
    from django.db.models import QuerySet

    from .document import Document


class ReportError(Exception):
    """A report cannot be ordered or built for a reason the user should read (in Russian)."""


ProgressCallback = Callable[[int], None]
# generate(obj, params=…, user=…, progress=…) -> Document. ``user`` is the requester, or None when
# the report is built for the operator (the ``report`` command) or by the system (beat), which
# see everything; ``progress`` takes a percentage of the generator's own work (0–100).
Generator = Callable[..., "Document"]
Renderer = Callable[["Document"], bytes]

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "csv": "text/csv; charset=utf-8",
}


def _no_params(obj: Any, params: Mapping[str, Any]) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str | Promise  # «Программа (документ)», shown in «Мои отчёты»
    allowed: Callable[[Any, Any], bool]  # (user, obj) → may this user order and download it
    load: Callable[[int | None], Any]  # object id → object; raises ObjectDoesNotExist
    generate: Generator  # which rows and sections
    renderers: Mapping[str, Renderer]  # format → formatter: how they look
    describe: Callable[[Any, dict], str] = lambda obj, params: str(obj)  # the job's title
    # Parameters the order form may send (e.g. a period) and their validation: (obj, raw) → clean,
    # raising ReportError with a Russian message.
    param_names: tuple[str, ...] = ()
    clean_params: Callable[[Any, Mapping[str, Any]], dict[str, Any]] = _no_params
    # Reports ordered by the system (beat) have no requester; a user sees them in «Мои отчёты»
    # when their object id is among these (a subquery of ids the user may see).
    visible_ids: Callable[[Any], QuerySet] | None = None
    extra: dict = field(default_factory=dict)

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self.renderers)


_REGISTRY: dict[str, ReportKind] = {}


def register(kind: ReportKind) -> ReportKind:
    if kind.key in _REGISTRY and _REGISTRY[kind.key] is not kind:
        raise ValueError(f"report kind {kind.key!r} is already registered")
    _REGISTRY[kind.key] = kind
    return kind


def get_kind(key: str) -> ReportKind:
    try:
        return _REGISTRY[key]
    except KeyError:
        raise ReportError(_("Неизвестный вид отчёта «%(key)s».") % {"key": key}) from None


def all_kinds() -> list[ReportKind]:
    return list(_REGISTRY.values())
