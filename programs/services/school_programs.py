"""A school program as the team writes it: the text, its rows, attachments, and submission.

Every submission freezes a numbered version (the snapshot) so reviewers score a fixed text and
the team and the reviewer can see exactly what changed between two submissions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from programs.models import (
    SECTIONS,
    SchoolProgram,
    SchoolProgramAttachment,
    SchoolProgramEvent,
    SchoolProgramIndicator,
    SchoolProgramMeasure,
    SchoolProgramStage,
    SchoolProgramVersion,
)
from schools.formats import format_number
from schools.models import School

from .checks import typical_defects
from .errors import ProgramRuleError, StaleVersion
from .snapshot import SectionDiff, snapshot_diff
from .uploads import check_evidence_file

if TYPE_CHECKING:
    from schools.models import User

TEXT_FIELDS = (
    "kind",
    "title",
    "period_start",
    "period_end",
    "municipal_program",
    "analysis",
    "goals",
    "tasks",
    "results",
    "mission",
    "directions",
    "management",
)
MEASURE_FIELDS = ("number", "title", "task_number", "deadline", "responsible", "participants", "municipal_measure")
INDICATOR_FIELDS = ("name", "indicator", "unit", "baseline", "target", "target_year", "method")
STAGE_FIELDS = ("number", "title", "start", "end")

PASSPORT_LABELS = {
    "title": "Наименование",
    "kind": "Вид",
    "period": "Период",
    "municipal_program": "Муниципальная программа",
}


def record_event(program: SchoolProgram, user: User, action: str, comment: str = "") -> None:
    """One line of the program's story (what the team sees under «Ход экспертизы»)."""
    SchoolProgramEvent.objects.create(program=program, action=action, comment=comment, by=user)


def school_program_create(*, user: User, school: School, data: dict[str, Any]) -> SchoolProgram:
    if not user.has_perm("programs.add_school_program", school):
        raise ProgramRuleError(_("Программу школы пишет её проектная команда."))
    with transaction.atomic():
        program = SchoolProgram(school=school, created_by=user)
        for name in TEXT_FIELDS:
            if name in data:
                setattr(program, name, data[name])
        program.full_clean()
        program.save()
        record_event(program, user, "создана")
    return program


def _sync_rows(manager, model, rows: list[dict[str, Any]], fields: tuple[str, ...], program: SchoolProgram) -> None:
    """Update rows that keep their id, create new ones, delete the rest (their history stays)."""
    existing = {row.pk: row for row in manager.all()}
    kept = set()
    for data in rows:
        row = existing.get(data.get("id")) or model(program=program)
        for name in fields:
            value = data.get(name)
            field = model._meta.get_field(name)
            if value is None and not field.null:
                value = ""  # an empty text column, not NULL (forms give "" already; callers may omit it)
            if field.is_relation and isinstance(value, int):
                setattr(row, field.attname, value)  # a caller (the demo) may give the row's id
                continue
            setattr(row, name, value)
        row.full_clean(exclude=["program"])
        row.save()
        kept.add(row.pk)
    for pk, row in existing.items():
        if pk not in kept:
            row.delete()


def school_program_save(
    *,
    user: User,
    program: SchoolProgram,
    data: dict[str, Any],
    measures: list[dict[str, Any]],
    indicators: list[dict[str, Any]],
    expected_version: int,
    stages: list[dict[str, Any]] | None = None,
) -> SchoolProgram:
    """Save the whole document at once: the text and its tables, or nothing. ``stages`` None leaves
    the stages as they are (callers that do not know them)."""
    with transaction.atomic():
        locked = SchoolProgram.objects.select_for_update().get(pk=program.pk)
        if not user.has_perm("programs.change_school_program", locked):
            raise ProgramRuleError(
                _("Программу можно изменять только в статусе «черновик» или «возвращена на доработку».")
            )
        if locked.version != expected_version:
            last = locked.history.select_related("history_user").first()
            who = last.history_user.display_name if last and last.history_user else _("другой пользователь")
            raise StaleVersion(
                _(
                    "Программу уже изменил(а) %(who)s после того, как вы открыли форму. Ваши изменения не "
                    "сохранены: откройте программу заново, чтобы увидеть новую редакцию."
                )
                % {"who": who}
            )
        for name in TEXT_FIELDS:
            if name in data:
                setattr(locked, name, data[name])
        locked.version += 1
        locked.full_clean()
        locked.save()
        _sync_rows(locked.measures, SchoolProgramMeasure, measures, MEASURE_FIELDS, locked)
        _sync_rows(locked.indicators, SchoolProgramIndicator, indicators, INDICATOR_FIELDS, locked)
        if stages is not None:
            _sync_rows(locked.stages, SchoolProgramStage, stages, STAGE_FIELDS, locked)
    return locked


def school_program_attach(*, user: User, program: SchoolProgram, upload: UploadedFile) -> SchoolProgramAttachment:
    if not user.has_perm("programs.change_school_program", program):
        raise ProgramRuleError(_("Приложения добавляются, пока программа — черновик или на доработке."))
    check_evidence_file(upload)
    return SchoolProgramAttachment.objects.create(
        program=program, file=upload, original_name=(upload.name or "")[:255], uploaded_by=user
    )


def completeness_problems(program: SchoolProgram) -> list[str]:
    """The sections of its kind a document cannot be submitted without, named as the form names
    them. An anti-risk program's indicators are judged by the defect checks (services/checks.py):
    what it needs is one measurable indicator, not every row complete."""
    has = program.has_section
    kind = program.kind
    problems = []
    if has("mission") and not program.mission.strip():
        problems.append(_("миссия и ценности"))
    if kind != SchoolProgram.Kind.ANTI_RISK and len(program.analysis.strip()) < 50:
        problems.append(_("анализ ситуации (не короче 50 знаков)"))
    if not program.goal_lines:
        problems.append(_("цели"))
    if has("tasks") and not program.task_lines:
        problems.append(_("задачи"))
    if has("directions") and not program.direction_lines:
        problems.append(_("направления развития"))
    if kind == SchoolProgram.Kind.ANTI_RISK and not program.stages.exists():
        problems.append(_("этапы и сроки реализации"))
    if has("measures"):
        measures = list(program.measures.all())
        if not measures:
            problems.append(_("мероприятия"))
        elif any(m.deadline is None or not m.responsible.strip() for m in measures):
            problems.append(_("сроки и ответственные у каждого мероприятия"))
    if kind != SchoolProgram.Kind.ANTI_RISK and not program.results.strip():
        problems.append(_("ожидаемые результаты"))
    if has("indicators") and kind != SchoolProgram.Kind.ANTI_RISK:
        indicators = list(program.indicators.all())
        if not indicators:
            problems.append(_("показатели"))
        elif any(i.baseline is None or i.target is None for i in indicators):
            problems.append(_("базовые и целевые значения каждого показателя"))
    if has("management") and not program.management.strip():
        problems.append(_("управление реализацией и контроль"))
    return problems


def submission_check(program: SchoolProgram) -> list[str]:
    """What keeps the document from being submitted, as the page lists it under «Проверка перед
    подачей»: the unfilled sections in one sentence, then each typical defect."""
    problems = completeness_problems(program)
    head = [_("Не заполнены разделы: %(list)s.") % {"list": "; ".join(problems)}] if problems else []
    return head + typical_defects(program)


def school_program_submit(*, user: User, program: SchoolProgram) -> SchoolProgramVersion:
    """Draft → submitted, returned → resubmitted; freezes the text as the next version."""
    with transaction.atomic():
        locked = SchoolProgram.objects.select_for_update().get(pk=program.pk)
        if not user.has_perm("programs.change_school_program", locked):
            raise ProgramRuleError(_("Программа уже подана: дождитесь решения экспертов."))
        problems = completeness_problems(locked)
        if problems:
            raise ProgramRuleError(
                _("Программу нельзя подать на экспертизу: не заполнены разделы — %(list)s.")
                % {"list": "; ".join(problems)}
            )
        # Typical defects: programs' own (services/checks.py) and those other apps know of (risks: a
        # confirmed risk without its anti-risk program) — the same sentences the page lists.
        defects = typical_defects(locked)
        if defects:
            raise ProgramRuleError(
                _("Документ нельзя подать на экспертизу: %(list)s") % {"list": " ".join(str(d) for d in defects)}
            )
        resubmission = locked.status == SchoolProgram.Status.RETURNED
        locked.status = SchoolProgram.Status.RESUBMITTED if resubmission else SchoolProgram.Status.SUBMITTED
        locked.save(update_fields=["status", "updated_at"])
        number = (locked.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
        version = SchoolProgramVersion.objects.create(
            program=locked, number=number, snapshot=school_program_snapshot(locked), submitted_by=user
        )
        record_event(locked, user, "подана повторно" if resubmission else "подана на экспертизу", f"версия {number}")
    program.refresh_from_db()
    return version


def school_program_snapshot(program: SchoolProgram) -> dict[str, Any]:
    """The document as plain data, keyed so that two versions compare item by item. Every section
    key is there (empty where the kind has no such section), so versions of any kind compare."""
    measures = program.measures.select_related("municipal_measure").order_by("number", "pk")
    return {
        "passport": {
            "title": program.title,
            "kind": program.get_kind_display(),
            "period": f"{program.period_start}–{program.period_end}",
            "municipal_program": str(program.municipal_program) if program.municipal_program_id else "",
        },
        "mission": _text(program.mission),
        "analysis": _text(program.analysis),
        "goals": {str(i): text for i, text in enumerate(program.goal_lines, start=1)},
        "tasks": {str(i): text for i, text in enumerate(program.task_lines, start=1)},
        "directions": {str(i): text for i, text in enumerate(program.direction_lines, start=1)},
        "indicators": {
            i.name: f"база {_num(i.baseline)} → цель {_num(i.target)}"
            + (f" ({i.target_year})" if i.target_year else "")
            + (f", {i.unit}" if i.unit else "")
            + (f"; по перечню мониторинга: {i.indicator.code}" if i.indicator is not None else "")
            + (f"; сбор данных: {i.method}" if i.method else "")
            for i in program.indicators.select_related("indicator")
        },
        "stages": {
            str(s.number): f"{s.title} — {s.start:%d.%m.%Y} — {s.end:%d.%m.%Y}"
            for s in program.stages.order_by("number", "pk")
        },
        "measures": {
            str(m.number): " — ".join(
                part
                for part in (
                    m.title,
                    f"задача {m.task_number}" if m.task_number else "",
                    f"срок {m.deadline:%d.%m.%Y}" if m.deadline else "срок не указан",
                    m.responsible or "ответственный не указан",
                    f"участники: {m.participants}" if m.participants else "",
                    f"к мероприятию {m.municipal_measure.number} муниципальной программы"
                    if m.municipal_measure
                    else "",
                )
                if part
            )
            for m in measures
        },
        "results": _text(program.results),
        "management": _text(program.management),
        "attachments": {a.original_name: a.original_name for a in program.attachments.all()},
    }


def _text(value: str) -> dict[str, str]:
    return {"1": value.strip()} if value.strip() else {}


def _num(value) -> str:
    return format_number(value, 4)


def school_program_diff(old: dict[str, Any], new: dict[str, Any]) -> list[SectionDiff]:
    return snapshot_diff(
        old, new, passport_labels=PASSPORT_LABELS, section_labels={k: str(v) for k, v in SECTIONS.items()}
    )
