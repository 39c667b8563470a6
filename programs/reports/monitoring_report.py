"""``monitoring``: a program's monitoring report for a period, and the monthly order of it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from celery import shared_task
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import Collection, Submission
from reporting.charts import chart_svg
from reporting.document import (
    DATE,
    INT,
    PERCENT,
    Column,
    Document,
    Fields,
    Figure,
    Group,
    Table,
    generated_meta,
    long_date,
)
from reporting.registry import ReportError

from ..charts import timeline_spec
from ..models import Program
from ..selectors.execution import RUNNING, State, execution
from ..selectors.programs import TaskGroup, measures_table
from .common import responsible_text
from .document import period_text

# --- monitoring: a program's monitoring report for a period ------------------------------------


def _iso(raw: Any, label: str) -> date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ReportError(
            _("%(label)s: укажите дату в виде ГГГГ-ММ-ДД, например 2025-09-30.") % {"label": label}
        ) from None


def monitoring_params(program: Program, raw: Mapping[str, Any]) -> dict[str, str]:
    """start/end of the period; by default from the program's start to today (within its period)."""
    today = timezone.localdate()
    start = _iso(raw.get("start"), _("Начало периода")) or program.period_start
    end = _iso(raw.get("end"), _("Конец периода")) or max(min(today, program.period_end), start)
    if end < start:
        raise ReportError(_("Конец периода раньше его начала."))
    return {"start": start.isoformat(), "end": end.isoformat()}


def _collections(program: Program, start: date, end: date) -> Table:
    qs = (
        Collection.objects.filter(
            Q(target_set_id=program.target_set_id)
            | Q(target_set__isnull=True, municipality_id=program.municipality_id, deadline__range=(start, end))
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
        _("Сборы данных"),
        [
            Column(_("Сбор"), width=30),
            Column(_("Период"), width=14),
            Column(_("Срок сдачи"), DATE, width=13),
            Column(_("Школ"), INT, width=7),
            Column(_("Принято"), INT, width=8),
            Column(_("На проверке"), INT, width=9),
            Column(_("Возвращено"), INT, width=9),
            Column(_("Черновик"), INT, width=8),
            Column(_("Не начато"), INT, width=8),
            Column(_("Статус"), width=10),
        ],
        rows,
        sheet=_("Сборы данных"),
        empty=_("Сборов данных по программе за период нет."),
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
            current.append(
                TaskGroup(
                    group.key, group.title if first else _("%(title)s (продолжение)") % {"title": group.title}, part
                )
            )
            size += 1 + len(part)
            first = False
    if current:
        chunks.append(current)
    return chunks


def monitoring_generate(program: Program, *, params: Mapping[str, Any], user, progress) -> Document:
    start, end = date.fromisoformat(params["start"]), date.fromisoformat(params["end"])
    today = timezone.localdate()
    work = execution(program_ids=[program.pk], today=today)
    groups = measures_table(program=program, work=work)
    progress(30)
    in_period: dict[int, list] = {}
    for target in work.targets:
        if target.due_date is not None and start <= target.due_date <= end:
            in_period.setdefault(target.measure_id, []).append(target)
    task_rows, overdue_rows = [], []
    totals = [0, 0, 0, 0, 0, 0]
    for group in groups:
        counts = [len(group.rows), 0, 0, 0, 0]  # measures, targets, done, waiting, not done in time
        late: list = []
        for row in group.rows:
            targets = in_period.get(row.measure.pk, [])
            counts[1] += len(targets)
            counts[2] += sum(t.state == State.DONE for t in targets)
            counts[3] += sum(t.state == State.WAITING for t in targets)
            missed = [t for t in targets if t.state in (State.OVERDUE, State.MISSED)]
            counts[4] += len(missed)
            if missed:
                m = row.measure
                dates = ", ".join(f"{d:%d.%m.%Y}" for d in sorted({t.due_date for t in missed}))
                late.append([m.number, m.title, m.timing_text, dates, responsible_text(m), len(missed)])
        upcoming = counts[1] - counts[2] - counts[3] - counts[4]
        task_rows.append([group.title, *counts, upcoming, counts[2] / counts[1] if counts[1] else None])
        for i, value in enumerate([*counts, upcoming]):
            totals[i] += value
        if late:
            overdue_rows += [Group(group.title), *late]
    task_rows.append([_("Итого"), *totals, totals[2] / totals[1] if totals[1] else None])
    progress(60)
    overall = work.counts()
    running = program.status in RUNNING
    sections: list = [
        Fields(
            _("Ход реализации программы в целом"),
            [
                (_("Статус программы"), program.get_status_display()),
                (_("Сроки реализации"), period_text(program)),
                (_("Сроков исполнения (мероприятие × школа или исполнитель)"), overall.total),
                (_("Выполнено (принятые отчёты)"), overall.done),
                (_("Ждут проверки"), overall.waiting),
                (
                    _("Просрочено на сегодня") if running else _("Не выполнено в срок"),
                    overall.overdue if running else overall.missed,
                ),
                (_("Выполнено с опозданием"), overall.late),
                (_("Выполнение программы"), f"{overall.percent} %"),
            ],
        ),
        Table(
            _("Выполнение мероприятий по задачам за период"),
            [
                Column(_("Задача / раздел"), width=38),
                Column(_("Мероприятий"), INT, width=10),
                Column(_("Сроков в периоде"), INT, width=10),
                Column(_("Выполнено"), INT, width=9),
                Column(_("Ждут проверки"), INT, width=9),
                Column(_("Не выполнено в срок"), INT, width=9),
                Column(_("Предстоит"), INT, width=9),
                Column(_("Выполнение"), PERCENT, width=10),
            ],
            task_rows,
            sheet=_("По задачам"),
            note=_(
                "Срок исполнения мероприятия, касающегося нескольких школ или исполнителей, считается для "
                "каждой школы (исполнителя); выполненным он считается по принятому отчёту, отчёт на проверке "
                "просроченным не считается."
            ),
        ),
        Table(
            _("Просроченные мероприятия") if running else _("Мероприятия, не выполненные в срок"),
            [
                Column("№", width=7, nowrap=True),
                Column(_("Мероприятие"), width=44),
                Column(_("Сроки"), width=16),
                Column(_("Просроченные сроки"), width=16),
                Column(_("Ответственные"), width=22),
                Column(_("Не закрыто"), INT, width=9),
            ],
            overdue_rows,
            sheet=_("Просрочено"),
            group_column=_("Задача / раздел"),
            empty=_("Просроченных мероприятий за период нет."),
        ),
    ]
    sections.append(_collections(program, start, end))
    # A landscape page holds about 24 rows of the calendar, the stages drawn on every picture included.
    chunks = _calendar_chunks(groups, limit=max(24 - len(program.stages.all()), 8))
    for n, chunk in enumerate(chunks, start=1):
        suffix = _(" (часть %(n)s из %(total)s)") % {"n": n, "total": len(chunks)} if len(chunks) > 1 else ""
        sections.append(
            Figure(
                _("Календарь программы%(suffix)s") % {"suffix": suffix},
                chart_svg(timeline_spec(program=program, groups=chunk, work=work, today=today)),
                caption=_(
                    "Отметки — сроки мероприятий: зелёный круг — выполнено, красный ромб — просрочено, "
                    "оранжевый квадрат — ждёт проверки, серый треугольник — предстоит; синие полосы — этапы."
                ),
                wide=True,
            )
        )
    progress(90)
    return Document(
        title=_("Мониторинг реализации программы"),
        subtitle=_("%(title)s\nПериод: с %(start)s по %(end)s")
        % {"title": program.title, "start": long_date(start), "end": long_date(end)},
        short_title=_("Мониторинг: %(program)s") % {"program": program},
        filename=f"monitoring-{program.pk}-{start:%Y%m%d}-{end:%Y%m%d}",
        sections=sections,
        meta=generated_meta(user),
    )


def program_monthly_reports_order(*, today: date | None = None) -> int:
    """Order last month's monitoring report (PDF) of every running program; the system orders it,
    so it appears in «Мои отчёты» of everyone who may see the program. Returns how many."""
    from reporting.services import report_schedule

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


# The name is the one Celery beat has always used (config/settings.py), whatever the module.
@shared_task(
    name="programs.reports.monthly_program_reports", autoretry_for=(ConnectionError,), retry_backoff=True, max_retries=3
)
def monthly_program_reports(today: str | None = None) -> int:
    """Monthly (Celery beat, e.g. on the 1st): last month's monitoring report of each running program."""
    return program_monthly_reports_order(today=date.fromisoformat(today) if today else None)
