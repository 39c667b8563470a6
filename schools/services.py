"""Writes to the school registry and its yearly records.

Yearly records use optimistic locking: a form carries the version it was read at, and a save
against a newer version is refused with the other person's change, never silently overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from . import extensions
from .models import School, SchoolContext, SchoolProfile


@dataclass
class EditConflict(Exception):
    """Someone saved the record after the form was opened."""

    current: SchoolProfile | SchoolContext
    changed_fields: list[tuple[str, Any, Any]]  # (label, value in the form's base, value now)

    def __str__(self) -> str:
        return _("Запись уже изменил другой пользователь. Проверьте его изменения и сохраните ещё раз.")


def school_update(*, school: School, data: dict[str, Any]) -> School:
    with transaction.atomic():
        before = School.objects.filter(pk=school.pk).values_list("municipality_id", flat=True).first()
        for field, value in data.items():
            setattr(school, field, value)
        school.full_clean()
        school.save()
        if before is not None and before != school.municipality_id:
            extensions.schools_moved([school.pk])
    return school


def _yearly_save(model, *, school: School, year: int, data: dict[str, Any], expected_version: int | None):
    with transaction.atomic():
        record = model.objects.select_for_update().filter(school=school, year=year).first()
        if record is None:
            record = model(school=school, year=year)
        elif expected_version is not None and record.version != expected_version:
            changed = []
            base = record.history.filter(version=expected_version).order_by("-history_date").first()
            for field, _value in data.items():
                before = getattr(base, field, None) if base else None
                now = getattr(record, field)
                if before != now:
                    changed.append((str(model._meta.get_field(field).verbose_name), before, now))
            raise EditConflict(current=record, changed_fields=changed)
        for field, value in data.items():
            setattr(record, field, value)
        if record.pk:
            record.version += 1
        record.full_clean()
        record.save()
        return record


def school_profile_save(
    *, school: School, year: int, data: dict[str, Any], expected_version: int | None = None
) -> SchoolProfile:
    return _yearly_save(SchoolProfile, school=school, year=year, data=data, expected_version=expected_version)


def school_context_save(
    *, school: School, year: int, data: dict[str, Any], expected_version: int | None = None
) -> SchoolContext:
    return _yearly_save(SchoolContext, school=school, year=year, data=data, expected_version=expected_version)
