"""Demo risk profiles (``manage.py demo``, after the surveys' parents' and teachers' answers).

Three schools of the live Korolyov program: the director's and the students' questionnaires
answered (the parents' and teachers' come from the surveys demo), the profiles computed, risks
confirmed and rejected with reasons, the curator's word, and anti-risk programs at three stages
of review (a draft, one submitted, one returned with the methodologist's comment)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from programs.models import SchoolProgram
from programs.selectors import reviews as review_reads
from programs.services import reviews as review_svc
from programs.services import school_programs as program_svc
from schools.models import Membership, Municipality, Role, School, SchoolProfile, User
from schools.years import academic_year_bounds, current_academic_year
from surveys.models import Campaign, Questionnaire, Response
from surveys.services.answers import answers_clean
from surveys.services.campaigns import campaign_create
from surveys.services.questionnaires import questionnaire_create
from surveys.spec import FormSpec, QuestionSpec

from .models import ProfileItem
from .services.antirisk import antirisk_start
from .services.profiles import item_decide, item_review, profiles_compute

DIRECTOR_TITLE = "Анкета руководителя школы (профиль рисков)"
STUDENTS_TITLE = "Анкета обучающихся (профиль рисков)"
AGREE4 = [
    {"value": "yes", "label": "да"},
    {"value": "rather_yes", "label": "скорее да"},
    {"value": "rather_no", "label": "скорее нет"},
    {"value": "no", "label": "нет"},
]


def director_spec() -> FormSpec:
    return FormSpec(
        title=DIRECTOR_TITLE,
        group="director",
        form_id="risk_director",
        description="Анкета руководителя для построения профиля рисков школы (федеральная модель адресной помощи).",
        questions=[
            QuestionSpec(
                name="equipment",
                kind="scale",
                scale_min=1,
                scale_max=5,
                required=True,
                label="Оцените оснащённость школы (учебное оборудование, компьютеры, интернет)",
                hint="1 — очень низкая, 5 — полностью соответствует требованиям",
            ),
            QuestionSpec(
                name="pd_plan",
                kind="single",
                required=True,
                label="Есть ли в школе план внутришкольного повышения квалификации на этот год?",
                choices=[{"value": "yes", "label": "да"}, {"value": "no", "label": "нет"}],
            ),
        ],
    )


def students_spec() -> FormSpec:
    return FormSpec(
        title=STUDENTS_TITLE,
        group="students",
        form_id="risk_students",
        grade_from=5,
        grade_to=11,
        description="Анкета анонимная. Ответь, пожалуйста, честно: это поможет сделать школу лучше.",
        questions=[
            QuestionSpec(
                name="like_learning", kind="single", required=True, label="Тебе нравится учиться?", choices=AGREE4
            ),
            QuestionSpec(
                name="feel_safe",
                kind="single",
                required=True,
                label="Ты чувствуешь себя в школе в безопасности?",
                choices=AGREE4,
            ),
            QuestionSpec(
                name="language",
                kind="single",
                required=True,
                label="Бывает ли тебе трудно понять объяснение учителя на русском языке?",
                choices=[
                    {"value": "never", "label": "никогда"},
                    {"value": "sometimes", "label": "иногда"},
                    {"value": "often", "label": "часто"},
                ],
            ),
        ],
    )


def answers_store(*, campaign: Campaign, school: School, answers: Sequence[dict[str, list[str]]], day: dt.date) -> int:
    """Answers as a respondent would send them (the same cleaning), written in bulk."""
    questionnaire = campaign.questionnaire
    sections = list(questionnaire.sections.all())
    questions = list(questionnaire.questions.order_by("order"))
    rows = [
        Response(
            campaign=campaign,
            questionnaire=questionnaire,
            school=school,
            submitted_on=day,
            answers=answers_clean(sections=sections, questions=questions, get=lambda n, raw=raw: raw.get(n, [])),
        )
        for raw in answers
    ]
    Response.objects.bulk_create(rows)
    return len(rows)


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))


# Per school: director's equipment score and plan, students' weights of «no / rather no», language help.
MOODS = [(2, "no", 0.45, 0.35), (3, "yes", 0.25, 0.15), (4, "yes", 0.15, 0.05)]


def _student(rng: random.Random, unhappy: float, language: float) -> dict[str, list[str]]:
    def agree() -> str:
        return rng.choices(
            ["yes", "rather_yes", "rather_no", "no"], [1 - unhappy, 1 - unhappy, unhappy, unhappy * 0.6]
        )[0]

    lang = "often" if rng.random() < language / 2 else "sometimes" if rng.random() < language else "never"
    return {"like_learning": [agree()], "feel_safe": [agree()], "language": [lang]}


def _team(school: School, fallback: User | None) -> User:
    member = (
        Membership.objects.filter(role=Role.SCHOOL_TEAM, school=school, is_active=True).select_related("user").first()
    )
    if member is not None:
        return member.user
    user, _created = User.objects.get_or_create(
        username=f"team-{school.code.lower()}", defaults={"first_name": "Проектная", "last_name": "Команда"}
    )
    user.set_unusable_password()
    user.save()
    Membership.objects.update_or_create(
        user=user, role=Role.SCHOOL_TEAM, defaults={"school": school, "is_active": True}
    )
    return user


def _fill_program(team: User, program: SchoolProgram, factor: str) -> SchoolProgram:
    year = program.period_start
    return program_svc.school_program_save(
        user=team,
        program=program,
        data={
            "analysis": f"Профиль рисков школы показал фактор «{factor}». Самодиагностика с куратором подтвердила его: "
            "причины — в организации работы школы, их можно устранить за год.",
            "goals": f"Снизить влияние фактора «{factor}» к концу {year + 1} года",
            "tasks": "Провести углублённую диагностику\nОрганизовать методическую поддержку педагогов",
            "results": "Уровень риска по профилю снижен на одну ступень.",
        },
        measures=[
            {
                "number": 1,
                "title": "Углублённая диагностика причин",
                "task_number": 1,
                "deadline": dt.date(year, 12, 1),
                "responsible": "Заместитель директора по УВР",
            },
            {
                "number": 2,
                "title": "Методический семинар для педагогов",
                "task_number": 2,
                "deadline": dt.date(year + 1, 3, 1),
                "responsible": "Руководитель методического объединения",
            },
        ],
        indicators=[
            {
                "name": f"Уровень фактора «{factor}» по профилю",
                "unit": "%",
                "baseline": Decimal(40),
                "target": Decimal(25),
                "target_year": year + 1,
            }
        ],
        stages=[
            {"number": 1, "title": "Диагностический", "start": dt.date(year, 1, 15), "end": dt.date(year, 5, 31)},
            {"number": 2, "title": "Основной", "start": dt.date(year, 6, 1), "end": dt.date(year + 1, 5, 31)},
            {
                "number": 3,
                "title": "Итоговый",
                "start": dt.date(year + 1, 6, 1),
                "end": dt.date(program.period_end, 12, 20),
            },
        ],
        expected_version=program.version,
    )


@transaction.atomic
def demo_load_risks(*, municipality: Municipality) -> str:
    if Questionnaire.objects.filter(title=DIRECTOR_TITLE).exists():
        return "уже загружены"
    users = User.objects.in_bulk(["committee", "school", "methodologist"], field_name="username")
    staff, team_user, curator = users.get("committee"), users.get("school"), users.get("methodologist")
    schools = list(School.objects.filter(municipality=municipality, is_archived=False).order_by("short_name"))
    main = next((s for s in schools if s.code == "KOR-022"), None)
    chosen = ([main] if main else []) + [s for s in schools if s is not main][: 3 - (1 if main else 0)]
    if not chosen:
        return "нет школ"
    year = current_academic_year()
    today = timezone.localdate()
    start = max(academic_year_bounds(year)[0], today - dt.timedelta(days=10))
    director = questionnaire_create(spec=director_spec(), user=staff)
    students = questionnaire_create(spec=students_spec(), user=staff)
    campaigns = {
        q.group: campaign_create(
            title=f"{q.title} — {year - 1}/{year}",
            questionnaire=q,
            region=municipality.region,
            municipality=municipality,
            start=start,
            end=today + dt.timedelta(days=14),
            schools=chosen,
            personal_links=1 if q.group == "director" else 0,
            user=staff,
        )
        for q in (director, students)
    }
    for n, school in enumerate(chosen):
        equipment, plan, unhappy, language = MOODS[n % len(MOODS)]
        rng = _rng(f"risks-{school.code}")
        answers_store(
            campaign=campaigns["director"],
            school=school,
            answers=[{"equipment": [str(equipment)], "pd_plan": [plan]}],
            day=today,
        )
        answers_store(
            campaign=campaigns["students"],
            school=school,
            answers=[_student(rng, unhappy, language) for _ in range(40)],
            day=today,
        )
        # A vacancy count where the profile has none, so the staffing factor has data.
        SchoolProfile.objects.filter(school=school, vacancies__isnull=True).update(vacancies=2 - n % 2 + n)
    profiles = profiles_compute(schools=chosen, year=year, user=None)
    programs = 0
    for n, profile in enumerate(profiles):
        team = team_user if profile.school == main and team_user else _team(profile.school, None)
        risky = sorted(
            (i for i in profile.items.select_related("factor") if i.level in ("medium", "high")),
            key=lambda i: (-{"high": 2, "medium": 1}[i.level], i.factor.order),
        )
        for k, item in enumerate(risky[:4]):
            decision = ProfileItem.Decision.REJECTED if k == 3 else ProfileItem.Decision.CONFIRMED
            reason = (
                "Подтверждаем по итогам самодиагностики: данные анкет совпадают с наблюдениями администрации."
                if decision == ProfileItem.Decision.CONFIRMED
                else "Отклоняем: причина снята — в сентябре закрыты вакансии и обновлено оборудование."
            )
            item_decide(user=team, item=item, decision=decision, reason=reason)
            # The curator (the curators demo, run before, assigns them) agrees with the school.
            if curator is not None and curator.has_perm("risks.review_risk", item):
                item_review(user=curator, item=item, verdict=ProfileItem.Verdict.AGREED, comment="")
        if n != 0 or not risky:
            continue
        # The main school: three anti-risk programs at three stages of review.
        confirmed = [i for i in risky[:3]]
        for stage, item in enumerate(confirmed):
            program = _fill_program(team, antirisk_start(user=team, item=item), item.factor.title)
            programs += 1
            if stage == 0:
                continue  # a draft
            program_svc.school_program_submit(user=team, program=program)
            if stage == 2 and staff and curator:
                review_svc.assign_reviewer(
                    user=staff, program=program, reviewer=curator, deadline=today + dt.timedelta(days=7)
                )
                review_svc.review_submit(
                    user=curator,
                    program=program,
                    scores={c.pk: 1 for c in review_reads.criteria_for(profile.school.municipality)},
                    section_comments={"indicators": "Показатель должен быть измеримым: укажите, как его считают."},
                    verdict="return",
                    summary="Уточните показатели и способ сбора данных.",
                )
    return f"профилей рисков: {len(profiles)}, антирисковых программ: {programs}"
