"""The programs' part of `manage.py demo_scale`: about a tenth of the municipalities (always the
big city) run a four-year program of 50 measures in five sections, with target schools, timing
read by the real parser, due dates and progress filed on the past ones.

Written with bulk_create rather than the services (measure_create parses each timing phrase and
writes history per measure): a few phrases cover every measure, so each is parsed once and its
schedule and due dates are reused — the stored data are the same as the services would write."""

from __future__ import annotations

from datetime import date

import numpy as np
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import Indicator, TargetSet
from schools.models import Membership, Municipality, Organisation, Role, User
from schools.scale.context import ScaleContext

from .models import (
    Goal,
    Measure,
    Occurrence,
    Program,
    ProgramSchool,
    ProgressReport,
    ProgressReview,
    Section,
    Stage,
    Task,
    measure_sort_key,
)
from .timing.occur import occurrences
from .timing.parse import parse_timing

PROGRAM_SHARE = 0.1
SECTIONS = [
    "Организационно-управленческие мероприятия",
    "Повышение профессиональной компетентности педагогов",
    "Работа с обучающимися и родителями",
    "Сетевое взаимодействие и наставничество",
    "Мониторинг и оценка результатов",
]
MEASURES_PER_SECTION = 10
TARGET_SCHOOLS = 4
TITLES = [
    "Проведение методического семинара для заместителей директоров по УВР",
    "Анализ результатов ОГЭ и ВПР школ — участников программы",
    "Курсы повышения квалификации учителей математики и русского языка",
    "Организация наставничества в паре «школа с высокими результатами — школа-участник»",
    "Родительское собрание по вопросам подготовки к государственной итоговой аттестации",
    "Заседание муниципального координационного совета",
    "Диагностика профессиональных дефицитов педагогов",
    "Открытые уроки в школах-партнёрах",
    "Мониторинг выполнения школьных программ перехода в эффективный режим",
    "Консультации психолога для обучающихся группы риска",
]


def _timings(first_year: int) -> list[str]:
    return [
        "Сентябрь, ежегодно",
        "ежеквартально",
        f"2 квартал {first_year + 1} года",
        "В течение всего периода",
        "Два раза в год",
        f"Май {first_year} года",
        "По мере необходимости",
        "Декабрь, ежегодно",
        "4 квартал каждого учебного года",
        f"Октябрь-ноябрь {first_year + 2} года",
    ]


def _chosen(context: ScaleContext, rng: np.random.Generator) -> list[int]:
    m = context.municipality_ids.size
    k = max(1, round(m * PROGRAM_SHARE))
    chosen = set(rng.choice(m, size=k, replace=False).tolist())
    if context.big_municipality not in chosen:
        chosen.discard(max(chosen))
        chosen.add(context.big_municipality)
    return sorted(chosen)


def _staff(context: ScaleContext, municipalities: list[Municipality]) -> dict[int, int]:
    """municipality id → the committee account that files and reviews its progress."""
    city = int(context.municipality_ids[context.big_municipality])
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(
                username=f"scale-committee-{m.code}",
                last_name="Координатор",
                first_name=m.name[:150],
                password=unusable,
            )
            for m in municipalities
            if m.pk != city
        ]
    )
    Membership.objects.bulk_create(
        [
            Membership(user=u, role=Role.MUNICIPAL_STAFF, municipality=m)
            for u, m in zip(users, (m for m in municipalities if m.pk != city), strict=True)
        ]
    )
    staff = {m.pk: u.pk for u, m in zip(users, (m for m in municipalities if m.pk != city), strict=True)}
    staff[city] = context.users["committee"]
    return staff


def load_scale(context: ScaleContext) -> str:
    rng = context.rng("programs")
    today = timezone.localdate()
    first_year = today.year - 2
    start, end = date(first_year, 1, 1), date(first_year + 3, 12, 31)
    chosen = _chosen(context, rng)
    municipalities = list(Municipality.objects.filter(pk__in=context.municipality_ids[chosen].tolist()).order_by("pk"))
    staff = _staff(context, municipalities)
    authorities = Organisation.objects.bulk_create(
        [
            Organisation(
                region_id=m.region_id,
                municipality=m,
                kind=Organisation.Kind.AUTHORITY,
                name=f"Управление образования ({m.name})",
                short_name="Управление образования",
            )
            for m in municipalities
        ]
    )
    authority = {o.municipality_id: o for o in authorities}
    # Each program's target set, named as the program (programs.services.programs.program_target_set_create).
    target_sets = TargetSet.objects.bulk_create(
        [TargetSet(title=TargetSet.fit_title(f"Поддержка школ: {m.name}"), municipality=m) for m in municipalities]
    )
    programs = Program.objects.bulk_create(
        [
            Program(
                municipality=m,
                target_set=target_sets[i],
                title=f"Программа поддержки школ с низкими образовательными результатами: {m.name}, "
                f"{start.year}–{end.year} годы",
                short_title=f"Поддержка школ: {m.name}",
                period_start=start,
                period_end=end,
                status=Program.Status.ACTIVE,
                approval_doc_type="приказ",
                approval_number=f"{100 + i}-ОД",
                approval_date=date(first_year - 1, 12, 20),
                approved_by="начальник управления образования",
                is_public=True,
                created_by_id=staff[m.pk],
            )
            for i, m in enumerate(municipalities)
        ]
    )
    Goal.objects.bulk_create(
        [
            Goal(program=p, position=0, text="Повышение качества образования в школах с низкими результатами.")
            for p in programs
        ]
    )
    Stage.objects.bulk_create(
        [
            Stage(program=p, position=k, number=str(k + 1), title=title, start=s, end=e)
            for p in programs
            for k, (title, s, e) in enumerate(
                [
                    ("Подготовительный", start, date(first_year, 12, 31)),
                    ("Основной", date(first_year + 1, 1, 1), date(first_year + 2, 12, 31)),
                    ("Обобщающий", date(first_year + 3, 1, 1), end),
                ]
            )
        ]
    )
    tasks = Task.objects.bulk_create(
        [
            Task(program=p, position=k, number=str(k + 1), text=f"Задача {k + 1}: {t.lower()}.")
            for p in programs
            for k, t in enumerate(SECTIONS)
        ]
    )
    sections = Section.objects.bulk_create(
        [Section(program=p, position=k, number=str(k + 1), title=t) for p in programs for k, t in enumerate(SECTIONS)]
    )
    # Target schools: the municipality's least advantaged; the most advantaged is the partner.
    participants, targets = [], {}
    for p in programs:
        idx = np.flatnonzero(context.municipality_ids[context.school_municipality] == p.municipality_id)
        order = idx[np.argsort(context.advantage[idx], kind="stable")]
        chosen_targets = [int(context.school_ids[i]) for i in order[:TARGET_SCHOOLS]]
        targets[p.pk] = chosen_targets
        participants += [ProgramSchool(program=p, school_id=s, role=ProgramSchool.Role.TARGET) for s in chosen_targets]
        if order.size > TARGET_SCHOOLS:
            participants.append(
                ProgramSchool(program=p, school_id=int(context.school_ids[order[-1]]), role=ProgramSchool.Role.PARTNER)
            )
    ProgramSchool.objects.bulk_create(participants, batch_size=5000)

    timings = _timings(first_year)
    parsed = {t: parse_timing(t, period_start=start, period_end=end) for t in timings}
    due = {t: occurrences(s, period_start=start, period_end=end) for t, s in parsed.items()}
    indicator_ids = list(
        Indicator.objects.exclude(kind=Indicator.Kind.INDEX).order_by("code").values_list("pk", flat=True)
    )
    measures, concerns = [], []
    for pi, p in enumerate(programs):
        for k in range(len(SECTIONS)):
            for j in range(MEASURES_PER_SECTION):
                text = timings[int(rng.integers(len(timings)))]
                number = f"{k + 1}.{j + 1}"
                measures.append(
                    Measure(
                        program=p,
                        task=tasks[pi * len(SECTIONS) + k],
                        section=sections[pi * len(SECTIONS) + k],
                        number=number,
                        sort_key=measure_sort_key(number),
                        title=TITLES[(k * MEASURES_PER_SECTION + j) % len(TITLES)],
                        timing_text=text,
                        schedule=parsed[text].to_dict(),
                        schedule_kind=parsed[text].kind.value,
                        responsible_text="Управление образования" + (", руководители ОО" if j % 5 < 2 else ""),
                        planned_result="Мероприятие проведено, материалы размещены на сайте.",
                        position=k * MEASURES_PER_SECTION + j,
                    )
                )
                concerns.append(j % 5 < 2)  # two in five measures concern the target schools
    Measure.objects.bulk_create(measures, batch_size=5000)
    Measure.schools.through.objects.bulk_create(
        [
            Measure.schools.through(measure_id=m.pk, school_id=s)
            for m, c in zip(measures, concerns, strict=True)
            if c
            for s in targets[m.program_id]
        ],
        batch_size=10000,
    )
    Measure.responsible.through.objects.bulk_create(
        [
            Measure.responsible.through(measure_id=m.pk, organisation_id=authority[m.program.municipality_id].pk)
            for m in measures
        ],
        batch_size=10000,
    )
    Measure.indicators.through.objects.bulk_create(
        [
            Measure.indicators.through(measure_id=m.pk, indicator_id=indicator_ids[i % len(indicator_ids)])
            for i, m in enumerate(measures)
        ],
        batch_size=10000,
    )
    occurrence_rows = [Occurrence(measure=m, due_date=d) for m in measures for d in due[m.timing_text]]
    Occurrence.objects.bulk_create(occurrence_rows, batch_size=10000)
    reports, reviews = _progress(context, rng, occurrence_rows, measures, concerns, targets, staff, authority, today)
    context.counts.update(
        programs=len(programs), measures=len(measures), occurrences=len(occurrence_rows), progress_reports=reports
    )
    return (
        f"программ: {len(programs)}, мероприятий: {len(measures)}, сроков: {len(occurrence_rows)}, отчётов: {reports}"
    )


def _progress(context, rng, occurrence_rows, measures, concerns, targets, staff, authority, today) -> tuple[int, int]:
    """Most past due dates reported and accepted, a few returned or waiting, some never reported."""
    concerns_by = {m.pk: c for m, c in zip(measures, concerns, strict=True)}
    program_of = {m.pk: m.program for m in measures}
    past = [o for o in occurrence_rows if o.due_date < today]
    rolls = rng.random(len(past) * (TARGET_SCHOOLS + 1)).reshape(len(past), TARGET_SCHOOLS + 1)
    now = timezone.now()
    reports = []
    for row, o in enumerate(past):
        program = program_of[o.measure_id]
        user = staff[program.municipality_id]
        filers = (
            [(s, None) for s in targets[program.pk]]
            if concerns_by[o.measure_id]
            else [(None, authority[program.municipality_id].pk)]
        )
        for col, (school_id, organisation_id) in enumerate(filers):
            roll = rolls[row, col]
            if roll > 0.9:
                continue  # never reported: stays overdue
            review = "accepted" if roll < 0.8 else "returned" if roll < 0.85 else "submitted"
            reports.append(
                ProgressReport(
                    occurrence=o,
                    school_id=school_id,
                    organisation_id=organisation_id,
                    status=ProgressReport.Status.DONE,
                    narrative="Мероприятие проведено в срок; материалы размещены на сайте.",
                    review=review,
                    review_comment="Приложите список участников." if review == "returned" else "",
                    filed_by_id=user,
                    reviewed_by_id=None if review == "submitted" else user,
                    reviewed_at=None if review == "submitted" else now,
                )
            )
    ProgressReport.objects.bulk_create(reports, batch_size=5000)
    events = [ProgressReview(report=r, action=ProgressReview.Action.SUBMITTED, by_id=r.filed_by_id) for r in reports]
    events += [
        ProgressReview(report=r, action=r.review, comment=r.review_comment, by_id=r.reviewed_by_id)
        for r in reports
        if r.review != "submitted"
    ]
    ProgressReview.objects.bulk_create(events, batch_size=5000)
    return len(reports), len(events)


class ScaleData:
    """The programs' part of ``manage.py demo_scale`` (schools.extensions.ScaleLoader): a tenth of
    the municipalities with a program of 50 measures and progress."""

    key = "programs"
    label = _("Программы")
    order = 20

    def load(self, context: ScaleContext) -> str:
        return load_scale(context)


SCALE = ScaleData()
