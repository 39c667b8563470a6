"""``school_program``: a school's own document (its program, development concept, medium-term or
anti-risk program) in the usual layout — a title block (school, kind, period, status and version),
then the sections of its kind in reading order, the indicators, stages and measures as tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from reporting.document import DATE, NUMBER, Column, Document, Fields, Table, Text, generated_meta

from ..models import SchoolProgram, SchoolProgramIndicator

TEXT_SECTIONS = ("mission", "analysis", "results", "management")  # written as the program's field of that name
LIST_SECTIONS = {"goals": "goal_lines", "tasks": "task_lines", "directions": "direction_lines"}


def school_document(program_id: int | None) -> SchoolProgram:
    """The document with everything the report reads (raises DoesNotExist for an unknown id)."""
    return (
        SchoolProgram.objects.select_related("school__municipality", "municipal_program")
        .prefetch_related(
            "measures",
            "stages",
            "attachments",
            "versions",
            Prefetch("indicators", SchoolProgramIndicator.objects.select_related("indicator")),
        )
        .get(pk=program_id)
    )


def _title_block(program: SchoolProgram) -> Fields:
    versions = list(program.versions.all())
    if versions:
        last = versions[-1]
        version = _("версия %(n)s от %(date)s") % {"n": last.number, "date": f"{last.submitted_at:%d.%m.%Y}"}
    else:
        version = _("на экспертизу не подавался")
    items: list[tuple[str, Any]] = [
        (_("Школа"), program.school.name),
        (_("Муниципалитет"), program.school.municipality.name),
        (_("Вид документа"), capfirst(program.get_kind_display())),
        (_("Наименование"), program.title),
        (
            _("Сроки реализации"),
            _("%(start)s–%(end)s гг.") % {"start": program.period_start, "end": program.period_end},
        ),
        (_("Статус"), capfirst(program.get_status_display())),
        (_("Версия"), version),
    ]
    if program.municipal_program_id:
        items.append((_("Реализует муниципальную программу"), str(program.municipal_program)))
    return Fields(_("Сведения о документе"), items)


def _indicators(program: SchoolProgram, title: str) -> Table:
    rows = [
        [
            n,
            i.name + (f" ({i.indicator.get_direction_display()})" if i.indicator_id else ""),
            i.unit,
            i.baseline,
            i.target,
            i.target_year,
            i.method,
        ]
        for n, i in enumerate(program.indicators.all(), start=1)
    ]
    return Table(
        title,
        [
            Column("№", width=4),
            Column(_("Показатель"), width=34),
            Column(_("Единица"), width=12),
            Column(_("Базовое значение"), NUMBER, width=14, digits=2),
            Column(_("Целевое значение"), NUMBER, width=14, digits=2),
            Column(_("Год"), width=7),
            Column(_("Способ сбора данных"), width=26),
        ],
        rows,
        empty=_("Показателей нет."),
    )


def _stages(program: SchoolProgram, title: str) -> Table:
    return Table(
        title,
        [Column("№", width=5), Column(_("Этап"), width=50), Column(_("Начало"), DATE), Column(_("Окончание"), DATE)],
        [[s.number, s.title, s.start, s.end] for s in program.stages.all()],
        empty=_("Этапы не выделены."),
    )


def _measures(program: SchoolProgram, title: str) -> Table:
    return Table(
        title,
        [
            Column("№", width=5),
            Column(_("Мероприятие"), width=40),
            Column(_("Срок"), DATE, width=12),
            Column(_("Ответственный"), width=22),
            Column(_("Участники"), width=24),
        ],
        [[m.number, m.title, m.deadline, m.responsible, m.participants] for m in program.measures.all()],
        empty=_("Мероприятий нет."),
    )


def document_sections(program: SchoolProgram) -> list[Table | Fields | Text]:
    """The sections of the document's kind, in its reading order (models: KIND_SECTIONS)."""
    out: list[Table | Fields | Text] = [_title_block(program)]
    for key in program.sections:
        title = program.section_title(key)
        if key in TEXT_SECTIONS:
            text = getattr(program, key).strip()
            out.append(Text(title, [p.strip() for p in text.splitlines() if p.strip()] or ["—"]))
        elif key in LIST_SECTIONS:
            out.append(Text(title, getattr(program, LIST_SECTIONS[key]) or ["—"], numbered=True))
        elif key == "indicators":
            out.append(_indicators(program, title))
        elif key == "stages":
            out.append(_stages(program, title))
        elif key == "measures":
            out.append(_measures(program, title))
        elif key == "attachments":
            names = [a.original_name for a in program.attachments.all()]
            if names:
                out.append(Text(title, names, numbered=True))
    return out


def school_program_generate(program: SchoolProgram, *, params: Mapping[str, Any], user, progress) -> Document:
    progress(50)
    return Document(
        title=program.title,
        subtitle=_("%(kind)s; %(school)s; %(start)s–%(end)s гг.")
        % {
            "kind": capfirst(program.get_kind_display()),
            "school": program.school.name,
            "start": program.period_start,
            "end": program.period_end,
        },
        short_title=f"{program.school.short_name}: {program.title}",
        filename=f"school-document-{program.pk}",
        sections=list(document_sections(program)),
        meta=generated_meta(user),
    )
