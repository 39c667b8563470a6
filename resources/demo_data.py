"""The resources' demo data: the live program's events (a parents' club held and recorded by the
school, a supervision session on request, a seminar announced), its funding and the target school's
professional development register; the seeds' own events where they name them (Korolyov's
supervision sessions and parents' club, Sysert's seminar for the pilot sites) and plausible funding
lines for Dagestanskiye Ogni's financed items (13, 21, 23).

The live program runs, so its events go through the services the pages use (a held event files its
occurrence's report). The seed programs have ended: their events are history, written as rows, and
their money was planned before the portal existed, so it is written as rows too."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from programs.models import Measure, Program
from programs.services.progress import progress_accept
from schools.models import School, User

from .models import EventAttendance, FundingLine, MethodEvent, StaffCount, Training
from .services.events import EventData, event_plan, event_record
from .services.training import TrainingData, staff_count_set, training_add


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), timezone.get_current_timezone())


def demo_load_resources(context: Mapping[str, Any]) -> str:
    if MethodEvent.objects.exists() or FundingLine.objects.exists():
        return "уже загружены"
    users = User.objects.in_bulk(["committee", "school", "region", "admin"], field_name="username")
    events = _live(users) + _seed_events()
    lines = _dagogni_funding()
    trainings = Training.objects.count()
    plans, pairs = demo_plans_and_pairs()
    return (
        f"методических мероприятий: {events}, строк финансирования: {lines}, "
        f"записей о повышении квалификации: {trainings}, планов развития педагогов: {plans}, "
        f"пар наставничества: {pairs}"
    )


def _live(users: dict[str, User]) -> int:
    program = Program.objects.filter(title__endswith="(демонстрационная)").select_related("municipality").first()
    staff, team = users.get("committee"), users.get("school")
    if program is None or staff is None or team is None:
        return 0
    measures = {m.title: m for m in program.measures.all()}
    participants = [p.school for p in program.participants.select_related("school").order_by("school__short_name")]
    team_school = School.objects.filter(membership__user=team, membership__is_active=True).first()
    target = team_school if team_school in participants else participants[0]
    partner = next((s for s in participants if s != target), target)
    today = timezone.localdate()
    count = 0
    club = measures.get("Родительский клуб «Учимся вместе»")
    if club is not None:
        # The last past due dates not yet closed: the club met, the school records it.
        free = [
            o
            for o in club.occurrences.filter(due_date__lt=today - timedelta(days=3), due_date__gte=program.period_start)
            # A report already accepted closes the date; one waiting or returned is the club's record.
            .exclude(reports__school=target, reports__review="accepted")
            .order_by("-due_date")[:2]
        ]
        for occurrence in free:
            try:
                event = event_plan(
                    program=program,
                    measure=club,
                    occurrence=occurrence,
                    data=EventData(
                        title="Заседание родительского клуба «Учимся вместе»: как помочь ребёнку с домашним заданием",
                        kind=MethodEvent.Kind.PARENTS_CLUB,
                        starts_at=_at(occurrence.due_date - timedelta(days=2), 18),
                        hours="1.5",
                        audience="родители обучающихся 5–9 классов",
                        audience_size=40,
                        host_school=target,
                        place="актовый зал",
                        announce=False,
                    ),
                    schools={target: 30},
                    user=staff,
                )
                event_record(
                    event=event,
                    user=team,
                    actual={target.pk: 27},
                    outcome="Родители получили памятки; запись на индивидуальные консультации — 9 семей.",
                    links=["https://example.org/klub-uchimsya-vmeste"],
                )
                for report in event.reports.all():
                    progress_accept(report=report, user=staff)
                count += 1
            except ValidationError:
                continue  # a due date the program's own demo has already closed
    consultations = measures.get("Консультации педагога-психолога для семей")
    if consultations is not None:
        try:
            event = event_plan(
                program=program,
                measure=consultations,
                occurrence=None,
                data=EventData(
                    title="Супервизия сложных случаев психолого-педагогической практики",
                    kind=MethodEvent.Kind.SUPERVISION,
                    starts_at=_at(today - timedelta(days=12), 15),
                    hours="2",
                    audience="педагоги-психологи, социальные педагоги",
                    audience_size=12,
                    host_school=target,
                ),
                schools={target: 6},
                user=staff,
            )
            event_record(
                event=event, user=team, actual={target.pk: 5}, outcome="Разобраны два случая; план помощи семьям."
            )
            count += 1
        except ValidationError:
            pass
    training = measures.get("Стажировка учителей на базе МБОУ «Гимназия № 5»") or next(iter(measures.values()), None)
    if training is not None:
        upcoming = training.occurrences.filter(due_date__gt=today).order_by("due_date").first()
        day = min(today + timedelta(days=21), program.period_end)
        try:
            event_plan(
                program=program,
                measure=training,
                occurrence=upcoming,
                data=EventData(
                    title="Семинар «Формирующее оценивание на уроках математики»",
                    kind=MethodEvent.Kind.SEMINAR,
                    starts_at=_at(day, 14),
                    hours="4",
                    audience="учителя математики 5–9 классов",
                    audience_size=35,
                    host_school=partner,
                    description="Не менее 4 часов: практикум по критериальному оцениванию и разбор заданий ОГЭ.",
                ),
                schools={target: 12, partner: 10},
                user=staff,
            )
            count += 1
        except ValidationError:
            pass
    _live_funding(program, measures, target)
    _register(target, today.year)
    return count


def _live_funding(program: Program, measures: dict[str, Measure], recipient: School) -> None:
    rows = [
        ("Персонифицированное повышение квалификации учителей", "municipal", "180000.00", "164250.00"),
        ("Персонифицированное повышение квалификации учителей", "regional", "250000.00", "250000.00"),
        ("Родительский клуб «Учимся вместе»", "municipal", "24000.00", "18650.50"),
        ("Стажировка учителей на базе МБОУ «Гимназия № 5»", "extra", "35000.00", None),
    ]
    for year in range(program.period_start.year, program.period_end.year + 1):
        for title, source, planned, actual in rows:
            measure = measures.get(title)
            if measure is None:
                continue
            FundingLine.objects.create(
                program=program,
                measure=measure,
                year=year,
                source=source,
                planned=Decimal(planned),
                # Spent: the past years in full, the current one as recorded so far.
                actual=Decimal(actual) if actual and year <= timezone.localdate().year else None,
            )
    # A grant the target school won for its digital classroom: the grant register's row.
    FundingLine.objects.create(
        program=program,
        year=timezone.localdate().year,
        source="grant",
        planned=Decimal("300000.00"),
        actual=Decimal("120000.50"),
        grant_title="Грант «Цифровая образовательная среда»",
        recipient_school=recipient,
        note="оборудование кабинета информатики",
    )


def _register(school: School, year: int) -> None:
    staff_count_set(school=school, year=year, teachers=24, target_share="50")
    staff_count_set(school=school, year=year - 1, teachers=23, target_share="40")
    people = [
        ("Смирнова Ольга Викторовна", "учитель", "математика", True),
        ("Кузнецов Андрей Павлович", "учитель", "физика", True),
        ("Волкова Наталья Игоревна", "учитель", "русский язык", True),
        ("Морозова Елена Сергеевна", "учитель начальных классов", "", False),
        ("Лебедев Игорь Николаевич", "учитель", "история", True),
        ("Соколова Татьяна Андреевна", "учитель", "английский язык", False),
        ("Попова Анна Дмитриевна", "учитель", "биология", True),
    ]
    for i, (name, position, subject, quality) in enumerate(people):
        start = date(year, 1 + i, 10) if 1 + i <= 11 else date(year, 11, 1)
        training_add(
            school=school,
            user=User.objects.filter(is_superuser=True).first() or User.objects.first(),  # type: ignore[arg-type]
            data=TrainingData(
                year=year,
                form=Training.Form.COURSE,
                topic="Формирование и оценка функциональной грамотности" if quality else "Обновлённые ФГОС",
                provider="МБУДПО «УМОЦ»",
                hours="36" if quality else "18",
                starts_on=start,
                ends_on=start + timedelta(days=14),
                quality_topic=quality,
                full_name=name,
                position=position,
                subject=subject,
            ),
        )
    training_add(
        school=school,
        user=User.objects.filter(is_superuser=True).first() or User.objects.first(),  # type: ignore[arg-type]
        data=TrainingData(
            year=year,
            form=Training.Form.MENTORING,
            topic="Наставничество молодого учителя",
            hours="72",
            starts_on=date(year, 1, 15),
            ends_on=date(year, 5, 31),
            full_name="Новикова Дарья Олеговна",
            position="учитель",
            subject="математика",
            mentor="Смирнова Ольга Викторовна",
        ),
    )


def _history_event(program: Program, measure: Measure | None, *, title, kind, day, hours, audience, size, outcome):
    if measure is None:
        return 0
    host = program.participants.select_related("school").order_by("school__short_name").first()
    event = MethodEvent.objects.create(
        program=program,
        measure=measure,
        title=title,
        kind=kind,
        starts_at=_at(day, 14),
        hours=Decimal(hours),
        host_school=host.school if host else None,
        audience=audience,
        audience_size=size,
        status=MethodEvent.Status.HELD,
        outcome=outcome,
        announce=False,
        created_by=program.created_by,
    )
    for p in program.participants.select_related("school")[:5]:
        EventAttendance.objects.create(event=event, school=p.school, planned=4, actual=3)
    return 1


def _seed_events() -> int:
    count = 0
    korolev = Program.objects.filter(municipality__code="korolev").exclude(title__endswith="(демонстрационная)").first()
    if korolev is not None:
        measures = list(korolev.measures.all())
        supervision = next((m for m in measures if m.title.startswith("Супервизия сложных случаев психолого")), None)
        club = next((m for m in measures if "Родительского клуба" in m.title), None)
        start = korolev.period_start
        count += _history_event(korolev, supervision, title="Супервизия сложных случаев психолого-педагогической практики",
                                kind=MethodEvent.Kind.SUPERVISION, day=start + timedelta(days=120), hours="3",
                                audience="педагоги-психологи школ", size=20,
                                outcome="Разобраны три случая; рекомендации переданы школам.")  # fmt: skip
        count += _history_event(korolev, club, title="Выездное занятие городского Родительского клуба",
                                kind=MethodEvent.Kind.PARENTS_CLUB, day=start + timedelta(days=150), hours="2",
                                audience="родители", size=60, outcome="Встреча с родителями выпускников.")  # fmt: skip
    sysert = Program.objects.filter(municipality__code="sysert").first()
    if sysert is not None:
        pilot = next((m for m in sysert.measures.all() if "пилотн" in m.title.lower()), None)
        pilot = pilot or sysert.measures.first()
        count += _history_event(sysert, pilot, title="Семинар для школ — пилотных площадок (не менее 4 часов)",
                                kind=MethodEvent.Kind.SEMINAR, day=sysert.period_start + timedelta(days=60),
                                hours="4", audience="не менее 5 педагогов каждой пилотной площадки", size=40,
                                outcome="Пилотные площадки представили планы; определены темы стажировок.")  # fmt: skip
    return count


def _dagogni_funding() -> int:
    program = Program.objects.filter(municipality__code="dagogni").first()
    if program is None:
        return 0
    measures = {m.number: m for m in program.measures.all()}
    plan = {
        "13": [("municipal", "150000.00"), ("regional", "450000.00")],
        "21": [("municipal", "320000.00")],
        "23": [("municipal", "1200000.00"), ("regional", "2800000.00")],
    }
    count = 0
    for number, sources in plan.items():
        measure = measures.get(number)
        if measure is None:
            continue
        for year in range(program.period_start.year, program.period_end.year + 1):
            for source, amount in sources:
                planned = Decimal(amount)
                # The ended program: spent 85–100 % of the plan, to the kopeck.
                share = Decimal(85 + (year * 7 + int(number)) % 16) / 100
                FundingLine.objects.create(
                    program=program,
                    measure=measure,
                    year=year,
                    source=source,
                    planned=planned,
                    actual=(planned * share).quantize(Decimal("0.01")),
                )
                count += 1
    FundingLine.objects.create(
        program=program,
        year=program.period_start.year + 1,
        source="grant",
        planned=Decimal("500000.00"),
        actual=Decimal("500000.00"),
        grant_title="Грант на создание центра «Точка роста»",
        recipient_school=program.participants.select_related("school").first().school
        if program.participants.exists()
        else None,
    )
    return count + 1


def demo_plans_and_pairs() -> tuple[int, int]:
    """The live program's target school: per-teacher plans («персонифицированное повышение
    квалификации», Korolyov 2.3–2.4) whose states the register above decides, and mentor–mentee
    pairs; Dagestanskiye Ogni's item 29: mentors for teachers whose students' results stay low."""
    from .demo_plans import load_plans_and_pairs

    return load_plans_and_pairs()


__all__ = ["demo_load_resources", "StaffCount"]
