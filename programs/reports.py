"""The programs' report kinds, registered into monitoring.reports on ProgramsConfig.ready():

* ``program`` — the program document in the seeds' official layout (approval block, title,
  passport as a two-column table, stages, the measures table №/мероприятие/сроки/ответственные/
  планируемый результат grouped by task or section, participating schools): PDF, XLSX, DOCX;
* ``monitoring`` — a program's monitoring report for a period: measures done and overdue per
  task, the overall progress, the overdue measures, the calendar, data collections: PDF, XLSX;
* ``school`` — a school's profile for report sessions and director interviews: context over
  the years, index groups (through the indices app's ``school_tab`` hook, so programs never
  imports indices), programs and their measures for the school, partners, team: PDF, XLSX.

Generators decide which rows (here); the formatters of monitoring.reports decide how they look.
Also the beat task ``programs.reports.monthly_program_reports``.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from celery import shared_task
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.text import capfirst

from monitoring.models import Collection, Submission
from monitoring.reports import docx as docx_format
from monitoring.reports import pdf, xlsx
from monitoring.reports.document import (
    DATE,
    INT,
    NUMBER,
    PERCENT,
    Approval,
    Column,
    Document,
    Fields,
    Figure,
    Group,
    Table,
    Text,
    long_date,
)
from monitoring.reports.registry import ReportError, ReportKind, register
from schools.models import CONTEXT_FACTORS, School
from schools.networks.selectors import school_curators, school_partners, school_team
from schools.selectors import school_context_years
from schools.years import format_academic_year

from .access import visible_programs
from .models import Measure, MeasureAssignment, Occurrence, Program, ProgressReport
from .selectors import RUNNING, TaskGroup, closed_reports, measures_table, program_document, programs_progress
from .timeline import timeline_svg

STATUS_LABELS = {"done": "выполнено", "partly": "выполняется", "overdue": "просрочено", "nodata": "нет отчётов"}
CLOSING = [ProgressReport.Status.DONE, ProgressReport.Status.CANCELLED]
ALL_FORMATS = {"pdf": pdf.render, "xlsx": xlsx.render, "docx": docx_format.render}
PDF_XLSX = {"pdf": pdf.render, "xlsx": xlsx.render}


def _generated(user) -> list[tuple[str, str]]:
    meta = [("Сформирован", f"{long_date(timezone.localdate())}, портал поддержки школ")]
    if user is not None:
        meta.append(("Заказал", user.get_full_name() or user.get_username()))
    return meta


def _responsible(measure: Measure) -> str:
    return measure.responsible_text or ", ".join(str(o) for o in measure.responsible.all())


# --- program: the document -------------------------------------------------------------------


def approval_lines(program: Program) -> list[str]:
    """«Приложение 1 к приказу № 722 от 20.06.2018» where the program is an appendix to an order;
    the «Утверждаю» block where an official signs it (Дагестанские Огни); «Утверждена …» where
    a body adopted it (Дубна's council)."""
    if program.appendix_label.strip():
        return [program.appendix_line]
    if program.signatory.strip():
        lines = ["«УТВЕРЖДАЮ»"]
        if program.approved_by.strip():
            lines.append(program.approved_by)
        lines.append(f"____________ {program.signatory}")
        if program.approval_label:
            lines.append(program.approval_label)
        return lines
    if program.approved_by.strip():
        return ["УТВЕРЖДЕНА", program.approved_by] + ([program.approval_label] if program.approval_label else [])
    return []


def _period_text(program: Program) -> str:
    return f"{long_date(program.period_start)} — {long_date(program.period_end)}"


def _passport(program: Program) -> Fields:
    items: list[tuple[str, Any]] = [
        ("Наименование программы", program.title),
        ("Вид документа", capfirst(program.get_kind_display())),
    ]
    approval = " ".join(p for p in [program.approved_by, program.approval_label] if p)
    if approval:
        items.append(("Утверждена", approval))
    bases = [b.text for b in program.legal_bases.all()]
    if bases:
        items.append(("Основания для разработки", bases))
    roles: dict[str, list[str]] = {}
    for org in program.organisations.all():
        roles.setdefault(capfirst(org.get_role_display()), []).append(org.name or str(org.organisation))
    items += list(roles.items())
    goals = [g.text for g in program.goals.all()]
    items.append(("Цель" if len(goals) == 1 else "Цели", goals))
    items.append(("Задачи", [f"{t.number}. {t.text}" for t in program.tasks.all()]))
    items.append(("Сроки реализации", _period_text(program)))
    stages = [f"{s.number}. {s.title} ({s.start:%d.%m.%Y} — {s.end:%d.%m.%Y})" for s in program.stages.all()]
    if stages:
        items.append(("Этапы реализации", stages))
    results = [f"{n}. {r.text}" for n, r in enumerate(program.expected_results.all(), start=1)]
    if results:
        items.append(("Ожидаемые результаты", results))
    risks = [f"{r.risk} — {r.mitigation}" if r.mitigation else r.risk for r in program.risks.all()]
    if risks:
        items.append(("Риски и меры по их снижению", risks))
    if program.control:
        items.append(("Контроль за реализацией", program.control))
    return Fields("Паспорт программы", items)


def _stages(program: Program) -> Table:
    return Table(
        "Этапы реализации программы",
        [
            Column("№", width=5),
            Column("Этап", width=28),
            Column("Начало", DATE, width=14),
            Column("Окончание", DATE, width=14),
            Column("Содержание", width=60),
        ],
        [[s.number, s.title, s.start, s.end, s.content] for s in program.stages.all()],
        sheet="Этапы",
        empty="Этапы не выделены.",
    )


def _levels(groups: list[TaskGroup]) -> list[str]:
    """The executor levels a roadmap's measures use (Дубна's three columns), in their order."""
    used = {a.level for g in groups for row in g.rows for a in row.measure.assignments.all()}
    return [level for level in MeasureAssignment.Level.values if level in used]


def measure_columns(levels: list[str]) -> list[Column]:
    labels = dict(MeasureAssignment.Level.choices)
    wide = not levels  # a roadmap's executor columns (Дубна) take the room of the others
    return [
        Column("№", width=8, nowrap=True),
        Column("Мероприятие", width=56 if wide else 30),
        *[Column(capfirst(labels[level]), width=28) for level in levels],
        Column("Сроки", width=16 if wide else 10),
        Column("Ответственные", width=22 if wide else 20),
        Column("Планируемый результат", width=32 if wide else 16),
        Column("Ближайший срок", DATE, width=13, only=("xlsx",)),
        Column("Сроков исполнения", INT, width=11, only=("xlsx",)),
        Column("Выполнено", INT, width=11, only=("xlsx",)),
        Column("Просрочено", INT, width=11, only=("xlsx",)),
        Column("Статус", width=14, only=("xlsx",)),
    ]


def measure_rows(groups: list[TaskGroup], levels: list[str]):
    for group in groups:
        yield Group(group.title)
        for row in group.rows:
            m = row.measure
            by_level = {a.level: a.text for a in m.assignments.all()}
            yield [
                m.number,
                m.title,
                *[by_level.get(level, "") for level in levels],
                m.timing_text,
                _responsible(m),
                m.planned_result,
                row.next_due,
                row.targets,
                row.closed,
                row.overdue,
                STATUS_LABELS.get(row.status, row.status),
            ]


def program_generate(program: Program, *, params: Mapping[str, Any], user, progress) -> Document:
    groups = measures_table(program=program)
    levels = _levels(groups)
    progress(50)
    participants = list(program.participants.all())
    return Document(
        title=program.title,
        subtitle=f"{program.municipality.name}; сроки реализации: {program.period_label} гг.",
        short_title=str(program),
        filename=f"program-{program.pk}",
        approval=Approval(approval_lines(program)) if approval_lines(program) else None,
        sections=[
            _passport(program),
            _stages(program),
            Table(
                "План мероприятий",
                measure_columns(levels),
                measure_rows(groups, levels),
                sheet="Мероприятия",
                group_column="Задача / раздел",
                wide=True,
                empty="Мероприятий пока нет.",
            ),
            Table(
                "Школы — участники программы",
                [
                    Column("№", INT, width=5),
                    Column("Школа", width=50),
                    Column("Код ОО", width=12),
                    Column("Роль", width=40),
                ],
                [[n, p.school.short_name, p.school.code, p.get_role_display()] for n, p in enumerate(participants, 1)],
                sheet="Школы",
                empty="Школы не указаны.",
            ),
        ],
        meta=_generated(user),
    )


# --- monitoring: a program's monitoring report for a period ------------------------------------


def _iso(raw: Any, label: str) -> date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ReportError(f"{label}: укажите дату в виде ГГГГ-ММ-ДД, например 2025-09-30.") from None


def monitoring_params(program: Program, raw: Mapping[str, Any]) -> dict[str, str]:
    """start/end of the period; by default from the program's start to today (within its period)."""
    today = timezone.localdate()
    start = _iso(raw.get("start"), "Начало периода") or program.period_start
    end = _iso(raw.get("end"), "Конец периода") or max(min(today, program.period_end), start)
    if end < start:
        raise ReportError("Конец периода раньше его начала.")
    return {"start": start.isoformat(), "end": end.isoformat()}


def _collections(program: Program, start: date, end: date) -> Table:
    qs = (
        Collection.objects.filter(
            Q(program_id=program.pk)
            | Q(program_id__isnull=True, municipality_id=program.municipality_id, deadline__range=(start, end))
        )
        .select_related("period")
        .annotate(
            n_schools=Count("schools", distinct=True),
            **{
                f"n_{status}": Count("submissions", filter=Q(submissions__status=status), distinct=True)
                for status in Submission.Status.values
            },
        )
        .order_by("deadline", "title")
    )
    rows = []
    for c in qs:
        started = sum(getattr(c, f"n_{s}") for s in Submission.Status.values)
        rows.append(
            [
                c.title,
                str(c.period),
                c.deadline,
                c.n_schools,
                c.n_accepted,
                c.n_submitted,
                c.n_returned,
                c.n_draft,
                max(c.n_schools - started, 0),
                c.get_status_display(),
            ]
        )
    return Table(
        "Сборы данных",
        [
            Column("Сбор", width=30),
            Column("Период", width=14),
            Column("Срок сдачи", DATE, width=13),
            Column("Школ", INT, width=7),
            Column("Принято", INT, width=8),
            Column("На проверке", INT, width=9),
            Column("Возвращено", INT, width=9),
            Column("Черновик", INT, width=8),
            Column("Не начато", INT, width=8),
            Column("Статус", width=10),
        ],
        rows,
        sheet="Сборы данных",
        empty="Сборов данных по программе за период нет.",
    )


def _calendar_chunks(groups: list[TaskGroup], limit: int) -> list[list[TaskGroup]]:
    """The calendar cut into pictures that fit a landscape page: an SVG never breaks across pages.
    ``limit`` counts the rows of one picture (group titles and measures)."""
    chunks: list[list[TaskGroup]] = []
    current: list[TaskGroup] = []
    size = 0
    for group in groups:
        rows, first = list(group.rows), True
        while rows:
            room = limit - size - 1
            if room < 3 and current:
                chunks.append(current)
                current, size, room = [], 0, limit - 1
            part, rows = rows[:room], rows[room:]
            current.append(TaskGroup(group.key, group.title if first else f"{group.title} (продолжение)", part))
            size += 1 + len(part)
            first = False
    if current:
        chunks.append(current)
    return chunks


def monitoring_generate(program: Program, *, params: Mapping[str, Any], user, progress) -> Document:
    start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
    today = timezone.localdate()
    groups = measures_table(program=program)
    closed = closed_reports(program=program)
    progress(30)
    task_rows, overdue_rows = [], []
    totals = [0, 0, 0, 0, 0]
    for group in groups:
        counts = [len(group.rows), 0, 0, 0]  # measures, targets, done, overdue
        late: list = []
        for row in group.rows:
            weight = max(len(row.measure.schools.all()), 1)
            missed, not_closed = [], 0
            for occurrence in row.measure.occurrences.all():
                if not start <= occurrence.due_date <= end:
                    continue
                done = min(closed.get(occurrence.pk, 0), weight)
                counts[1] += weight
                counts[2] += done
                if occurrence.due_date < today and done < weight:
                    counts[3] += weight - done
                    not_closed += weight - done
                    missed.append(occurrence.due_date)
            if missed:
                m = row.measure
                dates = ", ".join(f"{d:%d.%m.%Y}" for d in missed)
                late.append([m.number, m.title, m.timing_text, dates, _responsible(m), not_closed])
        upcoming = counts[1] - counts[2] - counts[3]
        task_rows.append([group.title, *counts, upcoming, counts[2] / counts[1] if counts[1] else None])
        for i, value in enumerate([*counts, upcoming]):
            totals[i] += value
        if late:
            overdue_rows += [Group(group.title), *late]
    task_rows.append(["Итого", *totals, totals[2] / totals[1] if totals[1] else None])
    progress(60)
    overall = programs_progress([program.pk]).get(program.pk)
    sections: list = [
        Fields(
            "Ход реализации программы в целом",
            [
                ("Статус программы", program.get_status_display()),
                ("Сроки реализации", _period_text(program)),
                ("Сроков исполнения (мероприятие × школа)", overall.targets if overall else 0),
                ("Выполнено (принятые отчёты)", overall.done if overall else 0),
                ("Просрочено на сегодня", overall.overdue if overall else 0),
                ("Выполнение программы", f"{overall.percent if overall else 0} %"),
            ],
        ),
        Table(
            "Выполнение мероприятий по задачам за период",
            [
                Column("Задача / раздел", width=44),
                Column("Мероприятий", INT, width=10),
                Column("Сроков в периоде", INT, width=10),
                Column("Выполнено", INT, width=10),
                Column("Просрочено", INT, width=10),
                Column("Предстоит", INT, width=10),
                Column("Выполнение", PERCENT, width=10),
            ],
            task_rows,
            sheet="По задачам",
            note="Срок исполнения мероприятия, касающегося нескольких школ, считается для каждой школы; "
            "выполненным он считается по принятому отчёту.",
        ),
        Table(
            "Просроченные мероприятия",
            [
                Column("№", width=7, nowrap=True),
                Column("Мероприятие", width=44),
                Column("Сроки", width=16),
                Column("Просроченные сроки", width=16),
                Column("Ответственные", width=22),
                Column("Не закрыто", INT, width=9),
            ],
            overdue_rows,
            sheet="Просрочено",
            group_column="Задача / раздел",
            empty="Просроченных мероприятий за период нет.",
        ),
    ]
    sections.append(_collections(program, start, end))
    # A landscape page holds about 24 rows of the calendar, the stages drawn on every picture included.
    chunks = _calendar_chunks(groups, limit=max(24 - len(program.stages.all()), 8))
    for n, chunk in enumerate(chunks, start=1):
        suffix = f" (часть {n} из {len(chunks)})" if len(chunks) > 1 else ""
        sections.append(
            Figure(
                f"Календарь программы{suffix}",
                timeline_svg(program=program, groups=chunk, closed=closed, today=today),
                caption="Точки — сроки мероприятий: зелёная — выполнено, красный ромб — просрочено, серая — предстоит.",
                wide=True,
            )
        )
    progress(90)
    return Document(
        title="Мониторинг реализации программы",
        subtitle=f"{program.title}\nПериод: с {long_date(start)} по {long_date(end)}",
        short_title=f"Мониторинг: {program}",
        filename=f"monitoring-{program.pk}-{start:%Y%m%d}-{end:%Y%m%d}",
        sections=sections,
        meta=_generated(user),
    )


def program_monthly_reports_order(*, today: date | None = None) -> int:
    """Order last month's monitoring report (PDF) of every running program; the system orders it,
    so it appears in «Мои отчёты» of everyone who may see the program. Returns how many."""
    from monitoring.reports.services import report_schedule

    today = today or timezone.localdate()
    end = today.replace(day=1) - timedelta(days=1)
    start = end.replace(day=1)
    ordered = 0
    for program_id in Program.objects.filter(
        status__in=RUNNING, period_start__lte=end, period_end__gte=start
    ).values_list("pk", flat=True):
        job = report_schedule(
            kind="monitoring",
            format="pdf",
            object_id=program_id,
            params={"start": start.isoformat(), "end": end.isoformat()},
        )
        ordered += job is not None
    return ordered


@shared_task(autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3)
def monthly_program_reports(today: str | None = None) -> int:
    """Monthly (Celery beat, e.g. on the 1st): last month's monitoring report of each running program."""
    return program_monthly_reports_order(today=date.fromisoformat(today) if today else None)


# --- school: a school's profile -----------------------------------------------------------------


def _operator():
    """Who the ``report`` command builds for when no --user is given: an unsaved superuser that
    passes the permission checks of the apps' hooks (it never touches the database)."""
    return get_user_model()(username="report-operator", is_superuser=True, is_active=True)


def _school_fields(school: School) -> Fields:
    return Fields(
        "Сведения о школе",
        [
            ("Полное наименование", school.name),
            ("Краткое наименование", school.short_name),
            ("Код ОО", school.code),
            ("Муниципалитет", school.municipality.name),
            ("Тип", school.get_type_display()),
            ("Населённый пункт", school.settlement),
            ("Местность", school.get_locality_display()),
            ("Малокомплектная", "да" if school.small_class else "нет"),
            ("Удалённая", "да" if school.remote else "нет"),
            ("Адрес", school.address),
            ("Директор", school.director),
        ],
    )


def _profiles(school: School) -> Table:
    return Table(
        "Профиль по учебным годам",
        [
            Column("Учебный год", width=13),
            Column("Обучающихся", INT, width=11),
            Column("С ОВЗ", INT, width=9),
            Column("Педагогов", INT, width=10),
            Column("Первая категория, %", NUMBER, width=12, digits=1),
            Column("Высшая категория, %", NUMBER, width=12, digits=1),
            Column("Вакансий", INT, width=9),
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
        sheet="Профиль",
        empty="Профиль по годам не заполнен.",
    )


def _context(school: School) -> list:
    years = school_context_years(school=school)[:4]
    if not years:
        return [Text("Социальный контекст", ["Контекстные данные не загружены."])]
    years = list(reversed(years))  # oldest first, as a trend reads
    latest = years[-1]
    columns = [Column("Фактор", width=40)]
    columns += [Column(f"{y.label}, доля", PERCENT, width=11, digits=1) for y in years]
    columns.append(Column(f"Регион, {latest.label}", PERCENT, width=11, digits=1))
    rows = []
    for i, (_key, title) in enumerate(CONTEXT_FACTORS):
        rows.append([title, *[y.factors[i].share for y in years], latest.factors[i].region_share])
    totals = "; ".join(f"{y.label} — {y.total}" for y in years)
    return [
        Table(
            "Социальный контекст по учебным годам",
            columns,
            rows,
            sheet="Контекст",
            note=f"Обучающихся всего: {totals}. Доля — от числа обучающихся школы; по региону — общая доля по всем школам региона.",
        )
    ]


def _indices(school: School, user) -> Table:
    """Index groups over the years, from the indices app's school_tab hook (no import of indices)."""
    rows = []
    try:
        config = apps.get_app_config("indices")
    except LookupError:
        config = None
    tab = config.school_tab(school, user or _operator()) if config and hasattr(config, "school_tab") else None
    for r in (tab or {}).get("context", {}).get("timeline", []):
        marks = [
            text
            for flag, text in (
                (r.significantly_below, "значимо ниже среднего"),
                (r.stably_low, "устойчиво низкие результаты"),
                (r.pilot, "пилотная площадка"),
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
        "Индекс качества, ИСБШ и группы по годам",
        [
            Column("Учебный год", width=13),
            Column("Индекс качества", NUMBER, width=10, digits=3),
            Column("Группа качества", INT, width=9),
            Column("ИСБШ", NUMBER, width=10, digits=3),
            Column("Группа ИСБШ", INT, width=9),
            Column("Категория", width=22),
            Column("Отметки", width=28),
        ],
        rows,
        sheet="Индексы",
        empty="Расчётов индексов по школе нет.",
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
            status = "выполнено"
        elif overdue:
            status = "просрочено"
        elif done:
            status = "выполняется"
        else:
            status = "предстоит" if not past else "нет отчётов"
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
            "Участие в программах",
            [
                Column("Программа", width=42),
                Column("Вид", width=17),
                Column("Роль школы", width=22),
                Column("Статус", width=15),
                Column("Период", width=11),
                Column("Выполнение по школе", PERCENT, width=12),
            ],
            program_rows,
            sheet="Программы",
            empty="Школа не участвует в программах.",
        ),
        Table(
            "Мероприятия программ, касающиеся школы",
            [
                Column("№", width=7, nowrap=True),
                Column("Мероприятие", width=46),
                Column("Сроки", width=18),
                Column("Ближайший срок", DATE, width=13),
                Column("Сроков", INT, width=8),
                Column("Выполнено", INT, width=9),
                Column("Просрочено", INT, width=9),
                Column("Статус", width=12),
            ],
            measure_rows_,
            sheet="Мероприятия",
            group_column="Программа",
            wide=True,
            empty="Мероприятий, названных для школы, нет.",
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
        "Партнёры и сетевое взаимодействие",
        [
            Column("Связь", width=30),
            Column("Вид", width=16),
            Column("Роль школы", width=16),
            Column("Партнёры", width=36),
            Column("Совместных мероприятий", INT, width=11),
            Column("Выполнено", INT, width=9),
        ],
        rows,
        sheet="Партнёры",
        empty="Партнёрских связей нет.",
    )


def _team(school: School) -> Table:
    rows = []
    team = school_team(school=school)
    if team is not None:
        rows += [[m.full_name, m.position, m.get_role_display()] for m in team.members.all() if m.is_active]
    rows += [[c.full_name, c.position, f"куратор ({c.team})"] for c in school_curators(school=school)]
    return Table(
        "Проектная команда и кураторы",
        [Column("ФИО", width=30), Column("Должность", width=34), Column("Роль", width=30)],
        rows,
        sheet="Команда",
        empty="Проектная команда не создана.",
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
        subtitle=f"Профиль школы: {school.municipality.name}",
        short_title=f"Профиль школы: {school.short_name}",
        filename=f"school-{school.pk}",
        sections=sections,
        meta=_generated(user),
    )


def _load_school(pk: int | None) -> School:
    return School.objects.select_related("municipality", "region").get(pk=pk)


register(
    ReportKind(
        key="program",
        title="Программа (документ)",
        allowed=lambda user, program: user.has_perm("programs.view_program", program),
        load=lambda pk: program_document(program_id=pk),
        generate=program_generate,
        renderers=ALL_FORMATS,
        describe=lambda program, params: f"Программа: {program}",
    )
)
register(
    ReportKind(
        key="monitoring",
        title="Мониторинг реализации программы",
        allowed=lambda user, program: user.has_perm("programs.view_program", program),
        load=lambda pk: program_document(program_id=pk),
        generate=monitoring_generate,
        renderers=PDF_XLSX,
        describe=lambda program, params: (
            f"Мониторинг: {program} ({date.fromisoformat(params['start']):%d.%m.%Y}–"
            f"{date.fromisoformat(params['end']):%d.%m.%Y})"
        ),
        param_names=("start", "end"),
        clean_params=monitoring_params,
        visible_ids=lambda user: visible_programs(user).values("pk"),
    )
)
register(
    ReportKind(
        key="school",
        title="Профиль школы",
        allowed=lambda user, school: user.has_perm("schools.view_school", school),
        load=_load_school,
        generate=school_generate,
        renderers=PDF_XLSX,
        describe=lambda school, params: f"Профиль школы: {school.short_name}",
    )
)
