"""Demo of school programs under expert review and of the best-practice bank.

The texts are illustrative (the seeds name the instruments — "экспертиза и утверждение школьных
программ", "банк лучших практик" — but not their contents); they are built through the same
services as the pages, so the demo accounts see a real review story: the `school` team's program
was returned by the `methodologist` and resubmitted, and now waits in the methodologist's inbox
with the difference from the version they reviewed."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from programs.models import Practice, PracticeTag, SchoolProgram
from programs.selectors import reviews as review_reads
from programs.services import practices as practice_svc
from programs.services import reviews as review_svc
from programs.services import school_programs as svc
from schools.models import School, User

ANALYSIS = (
    "По результатам ОГЭ 2024 года средний балл по математике ниже регионального; школа попала в группу "
    "школ с низкими результатами. 72 обучающихся (17 %) — дети, для которых русский язык не родной; "
    "доля детей из неполных семей выше средней по региону. Причины: слабая адаптация детей-инофонов, "
    "низкая вовлечённость родителей, дефицит методической поддержки учителей математики."
)

MEASURES = [
    (1, "Адаптационные группы по русскому языку для детей-инофонов", 1, "2025-10-01", "Руководитель ШМО филологов"),
    (
        2,
        "Методический семинар «Формирующее оценивание на уроках математики»",
        2,
        "2025-11-15",
        "Заместитель директора по УВР",
    ),
    (3, "Родительские собрания по подготовке к ОГЭ", 3, "2026-02-20", "Классные руководители 9-х классов"),
]


def _program_data() -> dict:
    return {
        "kind": SchoolProgram.Kind.EFFECTIVE_MODE,
        "title": "Программа перехода в эффективный режим работы на 2025–2027 годы",
        "period_start": 2025,
        "period_end": 2027,
        "analysis": ANALYSIS,
        "goals": "Повысить результаты ОГЭ по математике и русскому языку до среднего по региону",
        "tasks": "Обеспечить языковую адаптацию детей-инофонов\nПовысить методическую компетентность учителей\n"
        "Вовлечь родителей в образовательный процесс",
        "results": "Средний балл ОГЭ по математике не ниже регионального; все дети-инофоны охвачены адаптацией.",
    }


def _measures() -> list[dict]:
    return [
        {"number": n, "title": t, "task_number": k, "deadline": date.fromisoformat(d), "responsible": r}
        for n, t, k, d, r in MEASURES
    ]


def _indicators(with_russian: bool) -> list[dict]:
    rows = [
        {
            "name": "Средний балл ОГЭ по математике",
            "unit": "балл",
            "baseline": Decimal("11.2"),
            "target": Decimal("13.5"),
            "target_year": 2027,
        }
    ]
    if with_russian:
        rows.append(
            {
                "name": "Средний балл ОГЭ по русскому языку",
                "unit": "балл",
                "baseline": Decimal("22"),
                "target": Decimal("25"),
                "target_year": 2027,
            }
        )
    return rows


def _school_program(team: User, staff: User, methodologist: User, school: School) -> None:
    program = svc.school_program_create(user=team, school=school, data=_program_data())
    program = svc.school_program_save(
        user=team,
        program=program,
        data={},
        measures=_measures(),
        indicators=_indicators(False),
        expected_version=program.version,
    )
    svc.school_program_submit(user=team, program=program)
    review_svc.assign_reviewer(
        user=staff, program=program, reviewer=methodologist, deadline=timezone.localdate() + timedelta(days=7)
    )
    scores = {c.pk: 1 for c in review_reads.criteria_for(school.municipality)}
    review_svc.review_submit(
        user=methodologist,
        program=program,
        scores=scores,
        section_comments={"indicators": "Нет показателя по русскому языку, хотя задача 1 — языковая адаптация."},
        verdict="return",
        summary="Добавьте показатели по каждой задаче.",
    )
    # The team answers the comment: the same rows (kept by id) plus the missing indicator.
    program.refresh_from_db()
    measure_ids = list(program.measures.order_by("number").values_list("pk", flat=True))
    indicator_ids = list(program.indicators.values_list("pk", flat=True))
    indicators = _indicators(True)
    indicators[0]["id"] = indicator_ids[0]
    program = svc.school_program_save(
        user=team,
        program=program,
        data={},
        measures=[{**row, "id": pk} for row, pk in zip(_measures(), measure_ids, strict=True)],
        indicators=indicators,
        expected_version=program.version,
    )
    svc.school_program_submit(user=team, program=program)


PRACTICES = [
    (
        "KOR-022",
        "Адаптационные группы для детей-инофонов",
        "Дети, для которых русский язык не родной, не понимают условий задач и отстают по всем предметам.",
        "Диагностика владения русским языком при приёме; группы по 6–8 человек два раза в неделю; "
        "словари предметных терминов для учителей математики; встречи с родителями при участии переводчика.",
        "За два года доля детей-инофонов с неудовлетворительными годовыми отметками снизилась с 31 до 12 %.",
        ["Русский язык", "Обучающиеся с неродным русским языком", "Основное общее образование"],
        True,
    ),
    (
        "KOR-G05",
        "Родительский клуб «Учимся вместе»",
        "Родители выпускников не участвуют в подготовке детей к ОГЭ и не знают требований экзамена.",
        "Ежемесячные встречи родителей с учителями-предметниками, разбор демоверсий, открытые уроки, "
        "чат класса с напоминаниями о консультациях.",
        "Посещаемость консультаций выросла вдвое; доля «двоек» на ОГЭ по математике снизилась с 9 до 3 %.",
        ["Работа с семьями", "Подготовка к ГИА", "Математика"],
        True,
    ),
    (
        "DAG-001",
        "Сетевая пара: наставничество учителей математики",
        "Молодые учителя школы с низкими результатами не имеют опытного наставника.",
        "Закрепление пары школ приказом; взаимопосещение уроков раз в месяц; совместный банк заданий.",
        "Средний балл ОГЭ по математике в школе-партнёре вырос на 2,1 балла за год.",
        ["Наставничество", "Сетевое взаимодействие", "Математика"],
        True,
    ),
    (
        "KOR-022",
        "Психолого-педагогический консилиум по профилактике неуспешности",
        "Неуспешность ученика замечают только по итогам четверти, когда помочь уже трудно.",
        "Ежемесячный консилиум классного руководителя, психолога и учителей; индивидуальный план поддержки.",
        "Число обучающихся с академической задолженностью сократилось с 14 до 5.",
        ["Профилактика", "Основное общее образование"],
        False,  # waits for the methodologist
    ),
]


def _practices(team: User, methodologist: User, admin: User | None) -> int:
    created = 0
    tags = {t.name: t for t in PracticeTag.objects.all()}
    for code, title, problem, actions, results, tag_names, publish in PRACTICES:
        school = School.objects.filter(code=code).first()
        if school is None:
            continue
        author = team if code == "KOR-022" else admin
        if author is None:
            continue
        data = {
            "title": title,
            "problem": problem,
            "actions": actions,
            "results": results,
            "authors": "Демонстрационная запись",
        }
        practice = Practice(school=school, created_by=author, **data)
        # Schools other than the demo team's have no team account: the loader writes their rows
        # directly and lets the services do the rest.
        practice.save()
        practice.tags.set([tags[n] for n in tag_names if n in tags])
        practice_svc.practice_index(practice)
        Practice.objects.filter(pk=practice.pk).update(status=Practice.Status.SUBMITTED)
        practice.refresh_from_db()
        if publish:
            reviewer = methodologist if code.startswith("KOR") else admin
            practice_svc.practice_review(user=reviewer, practice=practice, publish=True)
        created += 1
    return created


def demo_load_reviews() -> str:
    users = User.objects.in_bulk(["admin", "committee", "school", "methodologist"], field_name="username")
    team, staff, methodologist = users.get("school"), users.get("committee"), users.get("methodologist")
    school = School.objects.filter(code="KOR-022").first()
    if None in (team, staff, methodologist, school) or SchoolProgram.objects.filter(school=school).exists():
        return "программ школ и практик: без изменений"
    _school_program(team, staff, methodologist, school)
    practices = _practices(team, methodologist, users.get("admin"))
    return f"программа школы на экспертизе: 1, практик: {practices}"
