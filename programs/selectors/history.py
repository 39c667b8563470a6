"""The history of a program as one timeline: its passport, parts, measures and targets.

Built on schools/history.py (one query per history, diffs in memory). Entries of a measure or a
target carry their historical record, so the page can offer «Восстановить эту версию» on them."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from monitoring.models import Target
from programs.models import (
    ExpectedResult,
    Goal,
    LegalBasis,
    Measure,
    MeasureAssignment,
    Program,
    ProgramOrganisation,
    ProgramSchool,
    Risk,
    Section,
    Stage,
    Task,
)
from schools.history import HistoryEntry, history_entries

# Bookkeeping that would only add noise: the lock counter, the derived sort key and schedule (the
# timing text beside it says the same in the document's words), the parent the page is about.
HIDDEN = {"version", "sort_key", "schedule", "schedule_kind", "program", "program_id", "measure", "target_set"}
# Fields whose models carry no Russian name (changing the models is not worth a migration).
LABELS = {
    "indicator": _lazy("показатель"),
    "school": _lazy("школа"),
    "municipality": _lazy("муниципалитет"),
    "position": _lazy("порядок"),
}


def measure_subject(record) -> str:
    return _("Мероприятие %s") % record.number


def target_subject(record) -> str:
    subject = record.school or record.municipality
    return _("Целевой показатель «%(i)s» — %(s)s") % {"i": record.indicator.name, "s": subject}


def program_history(*, program: Program, limit: int = 200) -> list[HistoryEntry]:
    """Newest first: every change to the program, its parts, measures and targets."""
    pid = program.pk

    def part(model, label):
        return (model.history.filter(program_id=pid), lambda r, label=label: label)

    return history_entries(
        [
            (program.history.all(), lambda r: _("Паспорт программы")),
            (Task.history.filter(program_id=pid), lambda r: _("Задача %s") % r.number),
            (Section.history.filter(program_id=pid), lambda r: _("Раздел %s") % r.number),
            (Stage.history.filter(program_id=pid), lambda r: _("Этап «%s»") % r.title),
            part(Goal, _("Цель")),
            part(LegalBasis, _("Основание для разработки")),
            part(ExpectedResult, _("Ожидаемый результат")),
            part(Risk, _("Риск")),
            part(ProgramOrganisation, _("Организация программы")),
            (ProgramSchool.history.filter(program_id=pid).select_related("school"), lambda r: _("Школа программы")),
            (Measure.history.filter(program_id=pid).select_related("task", "section"), measure_subject),
            (
                MeasureAssignment.history.filter(measure__program_id=pid).select_related("organisation"),
                lambda r: _("Исполнитель мероприятия"),
            ),
            (
                Target.history.filter(target_set_id=program.target_set_id).select_related(
                    "indicator", "school", "municipality"
                ),
                target_subject,
            ),
        ],
        limit=limit,
        hide=HIDDEN,
        labels={k: str(v) for k, v in LABELS.items()},
    )


@dataclass(frozen=True)
class Restore:
    """What the «Восстановить эту версию» form posts: which version, and the live version the
    person saw (the optimistic lock; 0 = the target no longer exists)."""

    kind: str  # "measure" | "target"
    history_id: int
    version: int
    object_id: int


def history_with_restore(*, program: Program, limit: int = 200) -> list[tuple[HistoryEntry, Restore | None]]:
    """The timeline, each entry paired with its restore action where one makes sense: versions of
    measures and targets, not their deletion records (a deleted target comes back from its last
    version before the deletion)."""
    entries = program_history(program=program, limit=limit)
    measures = dict(Measure.objects.filter(program=program).values_list("pk", "version"))
    targets = {
        (t["indicator_id"], t["school_id"], t["municipality_id"]): t["version"]
        for t in Target.objects.filter(target_set_id=program.target_set_id).values(
            "indicator_id", "school_id", "municipality_id", "version"
        )
    }
    rows: list[tuple[HistoryEntry, Restore | None]] = []
    newest: set[tuple[type, int]] = set()  # the first (newest) record of an object is its live state
    for entry in entries:
        record, restore = entry.record, None
        key = (record.instance_type, record.id) if record is not None else None
        is_live = key is not None and key not in newest
        if key is not None:
            newest.add(key)
        if record is not None and record.history_type != "-" and not is_live:
            if record.instance_type is Measure and record.id in measures:
                restore = Restore("measure", record.history_id, measures[record.id], record.id)
            elif record.instance_type is Target:
                target_key = (record.indicator_id, record.school_id, record.municipality_id)
                restore = Restore("target", record.history_id, targets.get(target_key, 0), record.id)
        rows.append((entry, restore))
    return rows
