"""``program``: the program document in the seeds' official layout."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from reporting.document import (
    DATE,
    INT,
    Approval,
    Column,
    Document,
    Fields,
    Group,
    Table,
    generated_meta,
    long_date,
)
from schools.extensions import program_document_section_providers

from ..models import MeasureAssignment, Program
from ..selectors.programs import TaskGroup, measures_table
from .common import STATUS_LABELS, responsible_text

# --- program: the document -------------------------------------------------------------------


def period_text(program: Program) -> str:
    text = f"{long_date(program.period_start)} — {long_date(program.period_end)}"
    return f"{text} (срок окончания в документе не указан, принят условно)" if program.period_end_assumed else text


def _passport(program: Program) -> Fields:
    items: list[tuple[str, Any]] = [
        (_("Наименование программы"), program.title),
        (_("Вид документа"), capfirst(program.get_kind_display())),
    ]
    approval = " ".join(p for p in [program.approved_by, program.approval_label] if p)
    if approval:
        items.append((_("Утверждена"), approval))
    if program.signatory:
        items.append((_("Подписант"), program.signatory))
    bases = [b.text for b in program.legal_bases.all()]
    if bases:
        items.append((_("Основания для разработки"), bases))
    roles: dict[str, list[str]] = {}
    for org in program.organisations.all():
        roles.setdefault(capfirst(org.get_role_display()), []).append(org.name or str(org.organisation))
    items += list(roles.items())
    goals = [g.text for g in program.goals.all()]
    items.append((_("Цель") if len(goals) == 1 else _("Цели"), goals))
    items.append((_("Задачи"), [f"{t.number}. {t.text}" for t in program.tasks.all()]))
    items.append((_("Сроки реализации"), period_text(program)))
    stages = [f"{s.number}. {s.title} ({s.start:%d.%m.%Y} — {s.end:%d.%m.%Y})" for s in program.stages.all()]
    if stages:
        items.append((_("Этапы реализации"), stages))
    results = [f"{n}. {r.text}" for n, r in enumerate(program.expected_results.all(), start=1)]
    if results:
        items.append((_("Ожидаемые результаты"), results))
    risks = [f"{r.risk} — {r.mitigation}" if r.mitigation else r.risk for r in program.risks.all()]
    if risks:
        items.append((_("Риски и меры по их снижению"), risks))
    if program.control:
        items.append((_("Контроль за реализацией"), program.control))
    return Fields(_("Паспорт программы"), items)


def _stages(program: Program) -> Table:
    return Table(
        _("Этапы реализации программы"),
        [
            Column("№", width=5),
            Column(_("Этап"), width=28),
            Column(_("Начало"), DATE, width=14),
            Column(_("Окончание"), DATE, width=14),
            Column(_("Содержание"), width=60),
        ],
        [[s.number, s.title, s.start, s.end, s.content] for s in program.stages.all()],
        sheet=_("Этапы"),
        empty=_("Этапы не выделены."),
    )


def measure_levels(groups: list[TaskGroup]) -> list[str]:
    """The executor levels a roadmap's measures use (Дубна's three columns), in their order."""
    used = {a.level for g in groups for row in g.rows for a in row.measure.assignments.all()}
    return [level for level in MeasureAssignment.Level.values if level in used]


def measure_columns(levels: list[str]) -> list[Column]:
    labels = dict(MeasureAssignment.Level.choices)
    wide = not levels  # a roadmap's executor columns (Дубна) take the room of the others
    return [
        Column("№", width=8, nowrap=True),
        Column(_("Мероприятие"), width=56 if wide else 30),
        *[Column(capfirst(labels[level]), width=28) for level in levels],
        Column(_("Сроки"), width=16 if wide else 10),
        Column(_("Ответственные"), width=22 if wide else 20),
        Column(_("Планируемый результат"), width=32 if wide else 16),
        Column(_("Ближайший срок"), DATE, width=13, only=("xlsx",)),
        Column(_("Сроков исполнения"), INT, width=11, only=("xlsx",)),
        Column(_("Выполнено"), INT, width=11, only=("xlsx",)),
        Column(_("Просрочено"), INT, width=11, only=("xlsx",)),
        Column(_("Статус"), width=14, only=("xlsx",)),
    ]


NUMBERS_ASSIGNED = (
    "* В документе строки не пронумерованы (или пронумерованы по группам): номера присвоены порталом "
    "для ссылок и отчётов."
)


def measure_rows(groups: list[TaskGroup], levels: list[str], *, assigned: bool = False):
    """``assigned``: the document does not number its rows, so the portal's numbers carry a «*»."""
    for group in groups:
        yield Group(group.title)
        for row in group.rows:
            m = row.measure
            by_level = {a.level: a.text for a in m.assignments.all()}
            yield [
                f"{m.number}*" if assigned else m.number,
                m.title,
                *[by_level.get(level, "") for level in levels],
                m.timing_text,
                responsible_text(m),
                m.planned_result,
                row.next_due,
                row.targets,
                row.closed,
                row.overdue,
                STATUS_LABELS.get(row.status, row.status),
            ]


def program_generate(program: Program, *, params: Mapping[str, Any], user, progress) -> Document:
    groups = measures_table(program=program)
    levels = measure_levels(groups)
    progress(50)
    participants = list(program.participants.all())
    return Document(
        title=program.title,
        subtitle=_("%(name)s; сроки реализации: %(period_label)s гг.")
        % {"name": program.municipality.name, "period_label": program.period_label},
        short_title=str(program),
        filename=f"program-{program.pk}",
        approval=Approval(program.approval_lines) if program.approval_lines else None,
        sections=[
            _passport(program),
            _stages(program),
            Table(
                _("План мероприятий"),
                measure_columns(levels),
                measure_rows(groups, levels, assigned=program.numbers_assigned),
                sheet=_("Мероприятия"),
                group_column=_("Задача / раздел"),
                wide=True,
                empty=_("Мероприятий пока нет."),
                note=NUMBERS_ASSIGNED if program.numbers_assigned else "",
            ),
            Table(
                _("Школы — участники программы"),
                [
                    Column("№", INT, width=5),
                    Column(_("Школа"), width=50),
                    Column(_("Код ОО"), width=12),
                    Column(_("Роль"), width=40),
                ],
                [[n, p.school.short_name, p.school.code, p.get_role_display()] for n, p in enumerate(participants, 1)],
                sheet=_("Школы"),
                empty=_("Школы не указаны."),
            ),
            # What the apps above programs add (funding totals): schools/extensions.py.
            *[block for provider in program_document_section_providers() for block in provider(program, user=user)],
        ],
        meta=generated_meta(user),
    )
