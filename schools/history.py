"""Who changed what, when: simple_history records turned into readable entries.

Several models make up one thing on screen (a tie = the tie, its parties, its joint actions), so
records of several histories are merged into one timeline. Each record is diffed against the
previous record *of the same object*, in memory: one query per history, whatever its length.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeAlias

from django.db.models import Model, QuerySet
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from .formats import format_number

#: A row of one of simple-history's generated Historical* models: its fields are the tracked model's
#: plus ``history_id``, ``history_type``, ``history_date``, ``history_user``, ``instance_type``. The
#: models are made at run time, so there is no static type to name.
HistoricalRecord: TypeAlias = Any

ACTIONS = {"+": _lazy("создание"), "~": _lazy("изменение"), "-": _lazy("удаление")}
# Not shown: keys and the parent a record belongs to (the page already is about that parent).
_HIDDEN = {"id", "created_by", "tie", "team"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    reason: str = ""  # simple_history's change reason, e.g. «восстановлено из версии от …»
    # The historical record itself, for pages that offer an action on it (restore this version).
    record: HistoricalRecord | None = None


def _number(value) -> str:
    """44.0000 in a decimal column, 70.0 in JSON; people write 44 and 12,5 (schools.formats)."""
    return format_number(value, 6)


def _list_labels(model_field) -> dict:
    """Labels of the codes a JSON list field holds: the model (the original of a historical model)
    maps the field's name to a function returning {code: label}."""
    model = getattr(model_field, "model", None)
    original = getattr(model, "instance_type", model)
    labels_of = getattr(original, "HISTORY_LIST_LABELS", {}).get(getattr(model_field, "name", ""))
    return labels_of() if labels_of else {}


def _fmt(value, model_field) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, list) and getattr(model_field, "related_model", None) is None:
        # A JSON list of codes is shown by the labels its model names (HISTORY_LIST_LABELS).
        labels = _list_labels(model_field)
        return ", ".join(str(labels.get(v, v)) for v in value) or "—"
    if isinstance(value, list):  # m2m rows as objects: [{"teammember": …, "school": …}, …]
        related = model_field.related_model._meta.model_name if model_field is not None else ""
        names = [str(row.get(related, "")) for row in value]
        return ", ".join(sorted(names)) or "—"
    if isinstance(value, bool):
        return _("да") if value else _("нет")
    if isinstance(value, Decimal | float) and not isinstance(value, bool):
        return _number(value)
    if isinstance(value, dict):  # planned values by year: {"2025": 70.0} → «2025: 70»
        return "; ".join(f"{k}: {_number(v) if isinstance(v, int | float | Decimal) else v}" for k, v in value.items())
    if model_field is not None and model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime):
        return date_format(value, "j E Y г. H:i")
    if isinstance(value, date):
        return date_format(value, "j E Y г.")
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return os.path.basename(value.name) if value.name else "—"
    if isinstance(value, Model):
        # An account by its owner's name, not its login.
        full_name = value.get_full_name() if hasattr(value, "get_full_name") else ""
        return full_name or str(value)
    return str(value)


def _verbose(model, name: str):
    try:
        f = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - a field removed since the record was written
        return name, None
    return str(getattr(f, "verbose_name", name)), f


def _m2m_accessors(historical_model) -> dict[str, tuple[str, str]]:
    """m2m field name → (accessor of its recorded rows on a historical record, the row's field
    holding the related object). The record's own attribute of the field's name goes through
    simple_history's descriptor, which cannot be prefetched; the reverse relation can."""
    from simple_history.utils import get_m2m_reverse_field_name

    out = {}
    fields = getattr(historical_model, "_history_m2m_fields", None) or []
    for f in fields:
        wanted = f"{historical_model._meta.model_name}_{f.name}".lower()
        for rel in historical_model._meta.related_objects:
            if rel.related_model._meta.model_name == wanted:
                out[f.name] = (rel.get_accessor_name(), get_m2m_reverse_field_name(f))
    return out


def _m2m_paths(historical_model) -> dict[str, str]:
    return {name: f"{acc}__{rev}" for name, (acc, rev) in _m2m_accessors(historical_model).items()}


def _m2m_names(record, name: str) -> list[str]:
    accessor, reverse = _m2m_accessors(type(record))[name]
    return sorted(str(getattr(row, reverse)) for row in getattr(record, accessor).all())


def history_entries(
    sources: Iterable[tuple[QuerySet, Callable[[HistoricalRecord], str]]],
    *,
    limit: int = 100,
    hide: Iterable[str] = (),
    labels: dict[str, str] | None = None,
) -> list[HistoryEntry]:
    """Newest first. ``sources``: (historical queryset, subject of a record) pairs; ``hide``: more
    fields to leave out (bookkeeping such as a lock counter, or the parent the page is about);
    ``labels``: Russian names for fields whose model gives none."""
    hidden = _HIDDEN | set(hide)
    labels = labels or {}
    raw: list[tuple[Model, Model | None, Callable[[Model], str]]] = []
    for qs, subject in sources:
        previous: dict[int, Model] = {}
        m2m = _m2m_paths(qs.model)
        qs = qs.select_related("history_user").prefetch_related(*m2m.values())
        for rec in qs.order_by("history_date", "history_id"):
            raw.append((rec, previous.get(rec.id), subject))
            previous[rec.id] = rec
    raw.sort(key=lambda item: (item[0].history_date, item[0].history_id), reverse=True)
    raw = raw[:limit]
    entries: list[HistoryEntry] = []
    for rec, prev, subject in raw:
        model = rec.instance_type
        changes: list[FieldChange] = []
        if rec.history_type == "~" and prev is not None:
            m2m = _m2m_paths(type(rec))
            # simple_history diffs m2m rows with a query per record; they are prefetched and
            # compared here instead, so a page's queries do not grow with its history.
            delta = rec.diff_against(prev, foreign_keys_are_objs=True, excluded_fields=set(m2m))
            for ch in delta.changes:
                if ch.field in hidden:
                    continue
                label, mf = _verbose(model, ch.field)
                changes.append(FieldChange(labels.get(ch.field, label), _fmt(ch.old, mf), _fmt(ch.new, mf)))
            for name in m2m:
                old, new = _m2m_names(prev, name), _m2m_names(rec, name)
                if name not in hidden and old != new:
                    label, _mf = _verbose(model, name)
                    changes.append(FieldChange(labels.get(name, label), ", ".join(old) or "—", ", ".join(new) or "—"))
            if not changes:
                continue  # a save that changed nothing visible
        elif rec.history_type == "+":
            for f in model._meta.concrete_fields:
                if f.name in hidden or not f.editable:
                    continue
                value = getattr(rec, f.name, None)
                if value is None or value is False or value == "" or (hasattr(value, "storage") and not value):
                    continue  # a creation lists what was filled in, not every empty field
                changes.append(FieldChange(labels.get(f.name, str(f.verbose_name)), "—", _fmt(value, f)))
        user = rec.history_user
        entries.append(
            HistoryEntry(
                when=rec.history_date,
                who=(user.display_name if user else _("система")),
                subject=subject(rec),
                action=str(ACTIONS.get(rec.history_type, rec.history_type)),
                changes=changes,
                reason=rec.history_change_reason or "",
                record=rec,
            )
        )
    return entries


def changes_since_version(
    own: QuerySet,
    *,
    version: int,
    subject: Callable[[HistoricalRecord], str],
    related: Iterable[tuple[QuerySet, Callable[[HistoricalRecord], str]]] = (),
    hide: Iterable[str] = (),
    labels: dict[str, str] | None = None,
) -> list[HistoryEntry]:
    """What others changed after the person saw ``version`` of a record (optimistic locking).

    ``own`` is the record's history (with a ``version`` field); ``related`` are histories of its
    parts saved together with it (a submission's values). Newest first."""
    seen = own.filter(version=version).order_by("-history_date").values_list("history_date", flat=True).first()
    entries = history_entries([(own, subject), *related], limit=50, hide={"version", *hide}, labels=labels)
    return [e for e in entries if seen is None or e.when > seen]


def conflict_message(what: str, entries: list[HistoryEntry], *, max_changes: int = 6) -> str:
    """«Мероприятие уже изменил(а) Анна Петрова 22 ноября 2026 г. 18:05: мероприятие: «A» → «B».
    Ваши изменения не сохранены …» — the second of two editors learns whose change won and what it was."""
    if not entries:
        return _(
            "%(what)s уже изменили, пока вы его редактировали. Ваши изменения не сохранены: "
            "сверьте их с текущими значениями и сохраните ещё раз."
        ) % {"what": what}
    latest = entries[0]
    who = ", ".join(dict.fromkeys(e.who for e in entries))
    parts = []
    for e in entries:
        for c in e.changes:
            prefix = f"{e.subject}, " if e.subject and e.subject != what else ""
            parts.append(f"{prefix}{c.field}: «{c.old}» → «{c.new}»")
    shown = "; ".join(parts[:max_changes]) + ("; …" if len(parts) > max_changes else "")
    return _(
        "%(what)s уже изменил(а) %(who)s %(when)s: %(changes)s. Ваши изменения не сохранены: "
        "сверьте их с текущими значениями и сохраните ещё раз."
    ) % {
        "what": what,
        "who": who,
        "when": date_format(localtime(latest.when), "j E Y г. в H:i"),
        "changes": shown or _("без видимых изменений полей"),
    }
