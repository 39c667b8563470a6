"""A program as plain data (for versions) and the difference between two such snapshots."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from programs.models import MeasureAssignment, Program
from schools import extensions
from schools.formats import format_number

PASSPORT_LABELS = {
    "title": "Наименование",
    "short_title": "Краткое наименование",
    "kind": "Вид",
    "period_start": "Начало периода",
    "period_end": "Окончание периода",
    "approval_doc_type": "Документ об утверждении",
    "approval_number": "Номер документа",
    "approval_date": "Дата документа",
    "approved_by": "Кем утверждена",
    "signatory": "Подписант",
    "control": "Контроль за реализацией",
}
SECTION_LABELS = {
    "goals": "Цели",
    "tasks": "Задачи",
    "legal_bases": "Основания для разработки",
    "stages": "Этапы",
    "results": "Ожидаемые результаты",
    "risks": "Риски",
    "schools": "Школы программы",
    "targets": "Целевые показатели",
    "organisations": "Организации",
    "measures": "Мероприятия",
}
# What a measure's snapshot holds, by name (a stored snapshot keeps these keys).
MEASURE_LABELS = {
    "title": _("наименование"),
    "timing": _("сроки"),
    "planned_result": _("планируемый результат"),
    "responsible": _("ответственные"),
    "task": _("задача"),
    "section": _("раздел"),
    "assignments": _("исполнители по уровням"),
}
# Sections whose items are keyed by database ids or codes: the item's text says what it is.
_INTERNAL_KEYS = {"schools", "organisations", "targets"}
_DOTTED_NUMBER = re.compile(r"(?<![\d.])-?\d+\.\d+(?![\d.])")


def program_snapshot(program: Program) -> dict[str, Any]:
    """Everything a version freezes, keyed so that two snapshots can be compared item by item."""
    measures = (
        program.measures.filter(is_archived=False)
        .with_outline()
        .prefetch_related("responsible", "schools", "assignments")
        .order_by("sort_key")
    )
    snapshot = {
        "passport": {k: (str(getattr(program, k)) if getattr(program, k) is not None else "") for k in PASSPORT_LABELS},
        "goals": {str(i + 1): g.text for i, g in enumerate(program.goals.all())},
        "tasks": {t.number: t.text for t in program.tasks.all()},
        "legal_bases": {str(i + 1): b.text for i, b in enumerate(program.legal_bases.all())},
        "stages": {
            s.number: f"{s.title} ({s.start:%d.%m.%Y}–{s.end:%d.%m.%Y}). {s.content}".strip()
            for s in program.stages.all()
        },
        "results": {str(i + 1): r.text for i, r in enumerate(program.expected_results.all())},
        "risks": {str(i + 1): f"{r.risk} — {r.mitigation}".strip(" —") for i, r in enumerate(program.risks.all())},
        "schools": {
            str(p.school_id): f"{p.school} ({p.get_role_display()})"
            for p in program.participants.select_related("school")
        },
        "organisations": {
            f"{o.role}:{o.pk}": f"{o} ({o.get_role_display()})"
            for o in program.organisations.select_related("organisation")
        },
        "targets": _targets(program),
        "measures": {
            m.number: {
                "title": m.title,
                "timing": m.timing_text,
                "planned_result": m.planned_result,
                "responsible": m.responsible_text or ", ".join(str(o) for o in m.responsible.all()),
                "task": m.task.number if m.task else "",
                "section": m.section.number if m.section else "",
                "assignments": {a.level: a.text for a in m.assignments.all()},
            }
            for m in measures
        },
    }
    # The parts apps above programs own (resources: the planned money), each under its own key.
    for part in extensions.program_snapshot_parts():
        snapshot[part.key] = dict(part.items(program))
    return snapshot


def _targets(program: Program) -> dict[str, str]:
    from monitoring.models import Target

    rows = Target.objects.filter(target_set_id=program.target_set_id).select_related(
        "indicator", "school", "municipality"
    )
    return {
        f"{t.indicator.code}:{t.school_id or 'm'}": (
            f"{t.indicator.name} — {t.school or t.municipality}: база {format_number(t.baseline_value, 4)} "
            f"({t.baseline_year}), план {', '.join(f'{y}: {format_number(v, 4)}' for y, v in sorted(t.planned.items()))}"
        )
        for t in rows
    }


@dataclass
class SectionDiff:
    key: str
    label: str
    added: list[tuple[str, Any]] = field(default_factory=list)
    removed: list[tuple[str, Any]] = field(default_factory=list)
    changed: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def snapshot_diff(
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    passport_labels: dict[str, str] = PASSPORT_LABELS,
    section_labels: dict[str, str] | None = None,
) -> list[SectionDiff]:
    """What was added, removed and changed, section by section, in document order. The labels
    say which document it is (a municipal program by default, with the parts of apps above
    programs after its own sections; school programs pass theirs)."""
    parts = extensions.program_snapshot_parts() if section_labels is None else ()
    if section_labels is None:
        section_labels = {**SECTION_LABELS, **{part.key: str(part.label) for part in parts}}
    internal = _INTERNAL_KEYS | {part.key for part in parts}
    diffs = []
    passport = SectionDiff("passport", "Паспорт")
    for key, label in passport_labels.items():
        a, b = old.get("passport", {}).get(key, ""), new.get("passport", {}).get(key, "")
        if a != b:
            passport.changed.append((label, a, b))
    diffs.append(passport)
    for key, label in section_labels.items():
        a, b = old.get(key, {}), new.get(key, {})
        section = SectionDiff(key, label)
        for item in b.keys() - a.keys():
            section.added.append((item, b[item]))
        for item in a.keys() - b.keys():
            section.removed.append((item, a[item]))
        for item in a.keys() & b.keys():
            if a[item] != b[item]:
                section.changed.append((item, a[item], b[item]))
        for bucket in (section.added, section.removed, section.changed):
            bucket.sort(key=lambda row: _natural(row[0]))
        _readable(section, internal)
        diffs.append(section)
    return diffs


def _readable(section: SectionDiff, internal: set[str] | frozenset[str] = frozenset()) -> None:
    """The diff as people read it: no ids or codes as item names, Russian names of a measure's
    parts, numbers with a decimal comma (versions frozen before wrote «44.0000»)."""
    key_of = (lambda key: "") if section.key in (internal or _INTERNAL_KEYS) else str
    section.added = [(key_of(k), _display(v, section.key)) for k, v in section.added]
    section.removed = [(key_of(k), _display(v, section.key)) for k, v in section.removed]
    section.changed = [(key_of(k), _display(a, section.key), _display(b, section.key)) for k, a, b in section.changed]


def _display(value: Any, section: str) -> Any:
    if isinstance(value, dict) and section == "measures":
        levels = dict(MeasureAssignment.Level.choices)
        shown = {}
        for key, item in value.items():
            if isinstance(item, dict):
                item = {str(levels.get(k, k)): v for k, v in item.items()}
            shown[str(MEASURE_LABELS.get(key, key))] = item
        return shown
    if isinstance(value, str) and section == "targets":
        return _DOTTED_NUMBER.sub(lambda m: format_number(m.group(0), 4), value)
    return value


def _natural(key: str) -> tuple:
    # (0, number) before (1, text), so "1.10" follows "1.9" and Roman numerals never meet ints.
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(key).replace(":", ".").split("."))
