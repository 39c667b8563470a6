"""A program as plain data (for versions) and the difference between two such snapshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from programs.models import Program

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


def program_snapshot(program: Program) -> dict[str, Any]:
    """Everything a version freezes, keyed so that two snapshots can be compared item by item."""
    measures = (
        program.measures.filter(is_archived=False)
        .select_related("task", "section")
        .prefetch_related("responsible", "schools", "assignments")
        .order_by("sort_key")
    )
    return {
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


def _targets(program: Program) -> dict[str, str]:
    from monitoring.models import Target

    rows = Target.objects.filter(program_id=program.pk).select_related("indicator", "school", "municipality")
    return {
        f"{t.indicator.code}:{t.school_id or 'm'}": (
            f"{t.indicator.name} — {t.school or t.municipality}: база {t.baseline_value} ({t.baseline_year}), "
            f"план {', '.join(f'{y}: {v}' for y, v in sorted(t.planned.items()))}"
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
    section_labels: dict[str, str] = SECTION_LABELS,
) -> list[SectionDiff]:
    """What was added, removed and changed, section by section, in document order. The labels
    say which document it is (a municipal program by default; school programs pass theirs)."""
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
        diffs.append(section)
    return diffs


def _natural(key: str) -> tuple:
    # (0, number) before (1, text), so "1.10" follows "1.9" and Roman numerals never meet ints.
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in str(key).replace(":", ".").split("."))
