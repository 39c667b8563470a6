"""The programs' section of the «Профиль школы» report (reporting/school.py): the programs the
school takes part in and their measures that name it, with what is done and overdue. Registered
into schools.extensions.SCHOOL_REPORT_SECTIONS in ProgramsConfig.ready()."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.document import DATE, INT, PERCENT, Column, Group, Table
from schools.models import School, User

from ..access import visible_programs
from ..models import Measure, Occurrence, Program, ProgressReport
from ..selectors.execution import CLOSING


def _programs_and_measures(school: School, user: User | None) -> list[Table]:
    today = timezone.localdate()
    programs_qs = visible_programs(user) if user is not None else Program.objects.all()
    programs = list(
        programs_qs.filter(participants__school=school)
        .exclude(status=Program.Status.ARCHIVED)
        .select_related("municipality")
        .prefetch_related("participants")
        .distinct()
        .order_by("-period_start", "title")
    )
    measures = list(
        Measure.objects.filter(program__in=programs, schools=school, is_archived=False)
        .select_related("program")
        .prefetch_related("responsible", Prefetch("occurrences", queryset=Occurrence.objects.order_by("due_date")))
        .order_by("program_id", "sort_key", "pk")
    )
    closed = set(
        ProgressReport.objects.filter(
            school=school,
            review=ProgressReport.Review.ACCEPTED,
            status__in=CLOSING,
            occurrence__measure__in=[m.pk for m in measures],
        ).values_list("occurrence_id", flat=True)
    )
    by_program: dict[int, list] = {}
    summary: dict[int, list[int]] = {}
    for m in measures:
        occurrences = list(m.occurrences.all())
        past = [o for o in occurrences if o.due_date < today]
        done = sum(1 for o in occurrences if o.pk in closed)
        overdue = sum(1 for o in past if o.pk not in closed)
        if occurrences and done == len(occurrences):
            status = _("выполнено")
        elif overdue:
            status = _("просрочено")
        elif done:
            status = _("выполняется")
        else:
            status = _("предстоит") if not past else _("нет отчётов")
        next_due = next((o.due_date for o in occurrences if o.due_date >= today and o.pk not in closed), None)
        by_program.setdefault(m.program_id, []).append(
            [m.number, m.title, m.timing_text, next_due, len(occurrences), done, overdue, status]
        )
        totals = summary.setdefault(m.program_id, [0, 0])
        totals[0] += len(occurrences)
        totals[1] += done
    role_of = {
        p.pk: next((ps.get_role_display() for ps in p.participants.all() if ps.school_id == school.pk), "")
        for p in programs
    }
    program_rows = [
        [
            p.title,
            p.get_kind_display(),
            role_of[p.pk],
            p.get_status_display(),
            p.period_label,
            summary.get(p.pk, [0, 0])[1] / summary[p.pk][0] if summary.get(p.pk, [0])[0] else None,
        ]
        for p in programs
    ]
    measure_rows_: list = []
    for p in programs:
        if by_program.get(p.pk):
            measure_rows_ += [Group(str(p)), *by_program[p.pk]]
    return [
        Table(
            _("Участие в программах"),
            [
                Column(_("Программа"), width=42),
                Column(_("Вид"), width=17),
                Column(_("Роль школы"), width=22),
                Column(_("Статус"), width=15),
                Column(_("Период"), width=11),
                Column(_("Выполнение по школе"), PERCENT, width=12),
            ],
            program_rows,
            sheet=_("Программы"),
            empty=_("Школа не участвует в программах."),
        ),
        Table(
            _("Мероприятия программ, касающиеся школы"),
            [
                Column("№", width=7, nowrap=True),
                Column(_("Мероприятие"), width=46),
                Column(_("Сроки"), width=18),
                Column(_("Ближайший срок"), DATE, width=13),
                Column(_("Сроков"), INT, width=8),
                Column(_("Выполнено"), INT, width=9),
                Column(_("Просрочено"), INT, width=9),
                Column(_("Статус"), width=12),
            ],
            measure_rows_,
            sheet=_("Мероприятия"),
            group_column=_("Программа"),
            wide=True,
            empty=_("Мероприятий, названных для школы, нет."),
        ),
    ]


class SchoolPrograms:
    """«Участие в программах» and «Мероприятия программ, касающиеся школы»: the programs the user
    may see (all of them for the operator)."""

    key = "programs"
    order = 50

    def blocks(self, school: School, *, user: User | None) -> list[Table]:
        return _programs_and_measures(school, user)


SECTION = SchoolPrograms()
