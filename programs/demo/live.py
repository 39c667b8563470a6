"""A running program for the demo, so that every role's home page shows current work.

All five seed programs have ended (or, Dubna's roadmap, has no dated work), so without it the
committee, the school team and the dashboards would only show history. This program is
illustrative — its title says «демонстрационная» — and modelled on what the seeds do: Korolyov's
follow-up of its 2018–2020 program, with the seeds' kinds of measures (monthly reports on students
at risk, an internship, personalised training, a parents' club, consultations on request, the
analysis of the ГИА, a parents' survey, interviews with directors).

Everything is dated relative to today and built through the services the pages use; reports are
filed and decided by the demo's own accounts, each by the person whose job it is.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from monitoring.models import Indicator, IndicatorValue
from monitoring.services.periods import period_get_or_create
from monitoring.services.values import values_compute
from programs.models import Goal, Measure, Occurrence, Program, ProgramSchool, ProgressReport, Task
from programs.selectors.execution import State, execution
from programs.services.measures import measure_create
from programs.services.programs import program_approve, program_target_set_create
from programs.services.progress import (
    ProgressTarget,
    on_demand_occurrence,
    progress_accept,
    progress_file,
    progress_return,
)
from programs.services.targets import target_set
from programs.timing.model import MONTHS_NOM
from schools.demo.context_demo import demo_years
from schools.models import Municipality, Organisation, School, User
from schools.years import current_academic_year

TITLE = "Программа сопровождения школ с низкими результатами обучения на {a}–{b} годы (демонстрационная)"
# (indicator code, planned change per year from the baseline): what the program promises
TARGETS = [
    ("share_gia_passed", Decimal("2")),
    ("share_parents_satisfied", Decimal("3")),
    ("share_teachers_trained", Decimal("10")),
    ("students_on_register", Decimal("-1")),
    # Tungiro-Olyokminsky's six effectiveness indicators (003) include, besides the two shares
    # above, the staffing level and the independent assessment's score of each school …
    ("staffing_level", Decimal("2")),
    ("service_quality_score", Decimal("3")),
]
# … and two municipal shares of the supported schools: equal access ensured, results improved.
MUNICIPAL_TARGETS = {"share_schools_equal_access": Decimal("100"), "share_schools_improved": Decimal("100")}


@dataclass
class People:
    staff: User  # the municipal coordinator: decides on schools' reports
    region: User  # region staff: decides on what the coordinator filed herself
    team: User  # the project team of the target school


def _month_phrase(day: date) -> str:
    return f"{MONTHS_NOM[day.month - 1].capitalize()} {day.year} года"


def demo_load_live_program(*, municipality: Municipality, people: People) -> Program | None:
    today = timezone.localdate()
    last = current_academic_year()  # the academic year in progress, by its ending year
    title = TITLE.format(a=last - 2, b=last)
    if Program.objects.filter(municipality=municipality, title=title).exists():
        return None
    schools = list(School.objects.filter(municipality=municipality, is_archived=False).order_by("short_name"))
    target = next((s for s in schools if "22" in s.short_name), schools[0])
    organisations = {o.short_name: o for o in Organisation.objects.filter(municipality=municipality)}
    centre = organisations.get("МБУДПО «УМОЦ»")
    committee = organisations.get("Комитет образования")
    short_title = "Сопровождение школ (демонстрационная)"
    program = Program.objects.create(
        municipality=municipality,
        target_set=program_target_set_create(municipality=municipality, title=title, short_title=short_title),
        kind=Program.Kind.PROGRAM,
        title=title,
        short_title=short_title,
        period_start=date(last - 2, 9, 1),
        period_end=date(last, 8, 31),
        created_by=people.staff,
    )
    Goal.objects.create(program=program, text="Закрепить результаты программы 2018–2020 годов в школах округа")
    tasks = [
        Task.objects.create(program=program, position=i, number=str(i + 1), text=text)
        for i, text in enumerate(
            [
                "Повысить качество преподавания в школах с низкими результатами обучения",
                "Вовлечь родителей в образовательный процесс",
                "Отслеживать результаты и корректировать меры поддержки",
            ]
        )
    ]
    for school in schools:
        ProgramSchool.objects.create(
            program=program,
            school=school,
            role=ProgramSchool.Role.TARGET if school == target else ProgramSchool.Role.PARTNER,
        )
    last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    rows = [
        (0, "Отчёт школы о работе с обучающимися группы риска", "ежемесячно, до 5 числа", schools, []),
        (0, "Стажировка учителей на базе МБОУ «Гимназия № 5»", "Декабрь, ежегодно", [target], []),
        (0, "Персонифицированное повышение квалификации учителей", "ежеквартально, до 10 числа", [], [centre]),
        (1, "Родительский клуб «Учимся вместе»", "ежемесячно", [target], []),
        (1, "Консультации педагога-психолога для семей", "По запросу родителей", [target], []),
        (2, "Анализ результатов государственной итоговой аттестации", "Сентябрь, ежегодно", [], [committee]),
        (2, "Анкетирование родителей об удовлетворённости качеством образования", _month_phrase(last_month), [],
         [committee]),
        (2, "Собеседование с директорами школ по итогам полугодия", "до 25 декабря", [], [committee]),
    ]  # fmt: skip
    for i, (task, name, timing, measure_schools, responsible) in enumerate(rows):
        measure_create(
            program=program,
            data={
                "number": f"{task + 1}.{sum(1 for r in rows[:i] if r[0] == task) + 1}",
                "title": name,
                "task": tasks[task],
                "timing_text": timing,
                "position": i,
                "schools": measure_schools,
                "responsible": [o for o in responsible if o is not None],
            },
        )
    _tungiro_values(municipality, schools, supported=[target])
    _targets(program, schools)
    _municipal_targets(program, municipality)
    program_approve(program=program, user=people.staff)
    Program.objects.filter(pk=program.pk).update(status=Program.Status.ACTIVE, is_public=True)
    program.refresh_from_db()
    _file(program, people, today)
    return program


def _tungiro_values(municipality: Municipality, schools: list[School], *, supported: list[School]) -> None:
    """Values of Tungiro-Olyokminsky's indicators the demo has no other source for: positions
    and filled positions, the independent assessment's score, and the municipality's counts of
    supported schools with equal access and with improved results — over the demo years."""
    rng = random.Random(f"tungiro-six:{municipality.code}")
    years = demo_years()
    entered = []
    for step, year in enumerate(years):
        period = period_get_or_create(kind="academic_year", year=year)
        municipal = {
            "schools_supported": len(supported),
            "schools_equal_access": len(supported) if step else 0,
            "schools_improved": len(supported) if step == 1 else 0,
        }
        for code, value in municipal.items():
            entered.append((code, period, None, municipality, value))
        for school in schools:
            positions = rng.randint(30, 60)
            filled = min(positions, round(positions * min(1.0, rng.uniform(0.82, 0.93) + 0.02 * step)))
            for code, value in (
                ("teacher_positions", positions),
                ("teacher_positions_filled", filled),
                ("service_quality_score", round(rng.uniform(64, 82) + 2 * step, 1)),
            ):
                entered.append((code, period, school, None, value))
    indicators = {i.code: i for i in Indicator.objects.filter(code__in={e[0] for e in entered})}
    IndicatorValue.objects.bulk_create(
        IndicatorValue.fill_areas(
            [
                IndicatorValue(
                    indicator=indicators[code],
                    period=period,
                    school=school,
                    municipality=mun,
                    value=Decimal(str(value)),
                    source=IndicatorValue.Source.MANUAL,
                    source_ref="demo",
                )
                for code, period, school, mun, value in entered
                if code in indicators
            ]
        ),
        ignore_conflicts=True,
    )
    for year in years:
        values_compute(
            period=period_get_or_create(kind="academic_year", year=year),
            school_ids=[s.pk for s in schools],
            municipality_ids=[municipality.pk],
        )


def _municipal_targets(program: Program, municipality: Municipality) -> None:
    years = demo_years()
    for code, planned in MUNICIPAL_TARGETS.items():
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is not None:
            target_set(
                program=program,
                indicator=indicator,
                municipality=municipality,
                baseline_value=Decimal(0),
                baseline_year=years[0],
                planned={year: planned for year in [*years[1:], years[-1] + 1]},
            )


def _targets(program: Program, schools: list[School]) -> None:
    """Baseline of the first demo year and a planned value per later year; promised changes that
    some schools reached and some did not, so evaluation and «не выполнены» show both."""
    years = sorted(set(IndicatorValue.objects.filter(school__in=schools).values_list("period__year", flat=True)))
    if len(years) < 2:
        return
    for code, step in TARGETS:
        indicator = Indicator.objects.filter(code=code).first()
        if indicator is None:
            continue
        for school in schools:
            value = (
                IndicatorValue.objects.filter(indicator=indicator, school=school, period__year=years[0])
                .values_list("value", flat=True)
                .first()
            )
            if value is None:
                continue
            planned = {}
            for k, year in enumerate([*years[1:], years[-1] + 1], start=1):
                planned[year] = max(value + step * k, Decimal(0))
                if code.startswith("share_"):  # a share is at most 100
                    planned[year] = min(planned[year], Decimal(100))
            target_set(
                program=program,
                indicator=indicator,
                school=school,
                baseline_value=value,
                baseline_year=years[0],
                planned=planned,
            )


def _file(program: Program, people: People, today: date) -> None:
    """Most past due dates reported and accepted (a few late, one returned), the last weeks'
    reports waiting for the coordinator, a few never filed: overdue."""
    rng = random.Random(int(hashlib.sha256(program.title.encode()).hexdigest()[:12], 16))
    work = execution(program_ids=[program.pk], today=today)
    occurrences = Occurrence.objects.with_program().in_bulk({t.occurrence_id for t in work.targets if t.occurrence_id})
    schools = School.objects.in_bulk({t.school_id for t in work.targets if t.school_id})
    returned_once = False
    for t in sorted(work.targets, key=lambda t: (t.due_date or today, t.measure_id, t.school_id or 0)):
        if t.state == State.OPEN:
            if t.school_id:  # one consultation reported, waiting for the coordinator
                measure = Measure.objects.with_program().get(pk=t.measure_id)
                occurrence = on_demand_occurrence(measure=measure, done_on=today - timedelta(days=6))
                _report(ProgressTarget(occurrence=occurrence, school=schools[t.school_id]), people, when=today)
            continue
        if t.state != State.OVERDUE:
            continue
        occurrence = occurrences[t.occurrence_id]
        school = schools.get(t.school_id) if t.school_id else None
        recent = (today - t.due_date).days <= 20
        roll = rng.random()
        if roll < 0.08 and not recent:
            continue  # never filed: stays overdue
        filed_on = t.due_date - timedelta(days=rng.randrange(0, 4)) if roll > 0.2 else t.due_date + timedelta(days=9)
        report = _report(ProgressTarget(occurrence=occurrence, school=school), people, when=filed_on)
        if recent and roll < 0.6:
            continue  # waiting for the coordinator
        decider = people.region if report.filed_by_id == people.staff.pk else people.staff
        if not returned_once and school is not None and not recent:
            progress_return(report=report, user=decider, comment="Приложите список участников и протокол.")
            returned_once = True
            continue
        progress_accept(report=report, user=decider)


def _report(target: ProgressTarget, people: People, *, when: date) -> ProgressReport:
    filer = people.team if target.school is not None else people.staff
    report = progress_file(
        target=target,
        user=filer,
        status=ProgressReport.Status.DONE,
        narrative="Проведено по плану; материалы размещены на сайте "
        f"{'школы' if target.school is not None else 'комитета образования'}.",
    )
    moment = timezone.make_aware(datetime.combine(min(when, timezone.localdate()), time(14, 0)))
    ProgressReport.objects.filter(pk=report.pk).update(filed_at=moment)
    report.reviews.update(at=moment)  # the sending the review queue dates the wait by
    report.refresh_from_db()
    return report
