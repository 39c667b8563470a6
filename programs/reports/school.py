"""``school``: a school's profile for report sessions and director interviews."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from reporting.document import (
    DATE,
    INT,
    NUMBER,
    PERCENT,
    Column,
    Document,
    Fields,
    Group,
    Table,
    Text,
)
from schools import extensions
from schools.models import CONTEXT_FACTORS, School
from schools.networks.selectors import school_curators, school_partners, school_team
from schools.selectors import school_context_years
from schools.years import format_academic_year

from ..access import visible_programs
from ..models import Measure, Occurrence, Program, ProgressReport
from ..selectors.execution import CLOSING
from .common import generated_meta

# --- school: a school's profile -----------------------------------------------------------------


def _operator():
    """Who the ``report`` command builds for when no --user is given: an unsaved superuser that
    passes the permission checks of the apps' hooks (it never touches the database)."""
    return get_user_model()(username="report-operator", is_superuser=True, is_active=True)


def _school_fields(school: School) -> Fields:
    return Fields(
        _("Сведения о школе"),
        [
            (_("Полное наименование"), school.name),
            (_("Краткое наименование"), school.short_name),
            (_("Код ОО"), school.code),
            (_("Муниципалитет"), school.municipality.name),
            (_("Тип"), school.get_type_display()),
            (_("Населённый пункт"), school.settlement),
            (_("Местность"), school.get_locality_display()),
            (_("Малокомплектная"), _("да") if school.small_class else _("нет")),
            (_("Удалённая"), _("да") if school.remote else _("нет")),
            (_("Адрес"), school.address),
            (_("Директор"), school.director),
        ],
    )


def _profiles(school: School) -> Table:
    return Table(
        _("Профиль по учебным годам"),
        [
            Column(_("Учебный год"), width=13),
            Column(_("Обучающихся"), INT, width=11),
            Column(_("С ОВЗ"), INT, width=9),
            Column(_("Педагогов"), INT, width=10),
            Column(_("Первая категория, %"), NUMBER, width=12, digits=1),
            Column(_("Высшая категория, %"), NUMBER, width=12, digits=1),
            Column(_("Вакансий"), INT, width=9),
        ],
        [
            [
                p.year_label,
                p.enrolment,
                p.disabilities,
                p.teachers,
                p.share_first_category,
                p.share_highest_category,
                p.vacancies,
            ]
            for p in school.profiles.order_by("-year")
        ],
        sheet=_("Профиль"),
        empty=_("Профиль по годам не заполнен."),
    )


def _context(school: School) -> list:
    years = school_context_years(school=school)[:4]
    if not years:
        return [Text(_("Социальный контекст"), [_("Контекстные данные не загружены.")])]
    years = list(reversed(years))  # oldest first, as a trend reads
    latest = years[-1]
    columns = [Column(_("Фактор"), width=40)]
    columns += [Column(_("%(label)s, доля") % {"label": y.label}, PERCENT, width=11, digits=1) for y in years]
    columns.append(Column(_("Регион, %(label)s") % {"label": latest.label}, PERCENT, width=11, digits=1))
    rows = []
    for i, (_key, title) in enumerate(CONTEXT_FACTORS):
        rows.append([title, *[y.factors[i].share for y in years], latest.factors[i].region_share])
    totals = "; ".join(f"{y.label} — {y.total}" for y in years)
    return [
        Table(
            _("Социальный контекст по учебным годам"),
            columns,
            rows,
            sheet=_("Контекст"),
            note=_(
                "Обучающихся всего: %(totals)s. Доля — от числа обучающихся школы; по региону — общая доля по всем школам региона."
            )
            % {"totals": totals},
        )
    ]


def _indices(school: School, user) -> Table:
    """Index groups over the years, from the indices app's school page tab (no import of indices).
    Transitional: the school report's own extension point replaces this."""
    rows = []
    providers = [p for p in extensions.school_tab_providers() if p.__module__ == "indices.selectors"]
    tab = providers[0](school, user or _operator()) if providers else None
    for r in (tab or {}).get("context", {}).get("timeline", []):
        marks = [
            text
            for flag, text in (
                (r.significantly_below, _("значимо ниже среднего")),
                (r.stably_low, _("устойчиво низкие результаты")),
                (r.pilot, _("пилотная площадка")),
            )
            if flag
        ]
        rows.append(
            [
                format_academic_year(r.run.year),
                r.quality_index,
                r.quality_group,
                r.wellbeing_index,
                r.wellbeing_group,
                r.get_category_display(),
                "; ".join(marks + ([r.missing_reason] if r.missing_reason else [])),
            ]
        )
    return Table(
        _("Индекс качества, ИСБШ и группы по годам"),
        [
            Column(_("Учебный год"), width=13),
            Column(_("Индекс качества"), NUMBER, width=10, digits=3),
            Column(_("Группа качества"), INT, width=9),
            Column(_("ИСБШ"), NUMBER, width=10, digits=3),
            Column(_("Группа ИСБШ"), INT, width=9),
            Column(_("Категория"), width=22),
            Column(_("Отметки"), width=28),
        ],
        rows,
        sheet=_("Индексы"),
        empty=_("Расчётов индексов по школе нет."),
    )


def _school_programs(school: School, user) -> list:
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


def _partners(school: School, user) -> Table:
    rows = []
    for row in school_partners(school=school, user=user):
        tie = row.tie
        rows.append(
            [
                tie.title,
                tie.get_kind_display(),
                row.role_label,
                "\n".join(f"{p.party} ({p.get_role_display()})" for p in row.partners),
                tie.actions_total,
                tie.actions_done,
            ]
        )
    return Table(
        _("Партнёры и сетевое взаимодействие"),
        [
            Column(_("Связь"), width=30),
            Column(_("Вид"), width=16),
            Column(_("Роль школы"), width=16),
            Column(_("Партнёры"), width=36),
            Column(_("Совместных мероприятий"), INT, width=11),
            Column(_("Выполнено"), INT, width=9),
        ],
        rows,
        sheet=_("Партнёры"),
        empty=_("Партнёрских связей нет."),
    )


def _team(school: School) -> Table:
    rows = []
    team = school_team(school=school)
    if team is not None:
        rows += [[m.full_name, m.position, m.get_role_display()] for m in team.members.all() if m.is_active]
    rows += [
        [c.full_name, c.position, _("куратор (%(team)s)") % {"team": c.team}] for c in school_curators(school=school)
    ]
    return Table(
        _("Проектная команда и кураторы"),
        [Column(_("ФИО"), width=30), Column(_("Должность"), width=34), Column(_("Роль"), width=30)],
        rows,
        sheet=_("Команда"),
        empty=_("Проектная команда не создана."),
    )


def school_generate(school: School, *, params: Mapping[str, Any], user, progress) -> Document:
    sections: list = [_school_fields(school), _profiles(school)]
    sections += _context(school)
    progress(30)
    sections.append(_indices(school, user))
    progress(50)
    sections += _school_programs(school, user)
    progress(75)
    sections.append(_partners(school, user))
    sections.append(_team(school))
    return Document(
        title=school.name,
        subtitle=_("Профиль школы: %(name)s") % {"name": school.municipality.name},
        short_title=_("Профиль школы: %(short_name)s") % {"short_name": school.short_name},
        filename=f"school-{school.pk}",
        sections=sections,
        meta=generated_meta(user),
    )


def load_school(pk: int | None) -> School:
    return School.objects.select_related("municipality", "region").get(pk=pk)
