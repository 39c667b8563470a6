"""Demo surveys (``manage.py demo``): a parents' satisfaction survey and a teachers' survey of
professional difficulties in the schools of the live program (Korolyov's), with realistic answers.

Modelled on the seeds: parents' satisfaction with the quality of education (Korolyov 000,
Tungiro-Olyokminsky 003, Dagestanskiye Ogni 004) and the diagnostics of teachers' professional
difficulties (Dagestanskiye Ogni, measure 29). Answers pass the same checks as a respondent's
(``answers_clean``) and are written in bulk; the indicator «доля удовлетворённых родителей» is
computed from them (SurveyIndicator ``survey_parents_satisfied``)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from schools.models import Municipality, School, SchoolProfile, User

from .models import Campaign, PersonalLink, Questionnaire, Response, SurveyIndicator
from .services.answers import answers_clean
from .services.campaigns import campaign_create
from .services.questionnaires import questionnaire_create
from .spec import FormSpec, QuestionSpec, SectionSpec

PARENTS_TITLE = "Удовлетворённость родителей качеством образования"
TEACHERS_TITLE = "Профессиональные затруднения педагогов"
SCALE5 = [
    {"value": "1", "label": "совсем не удовлетворён"},
    {"value": "2", "label": "скорее не удовлетворён"},
    {"value": "3", "label": "отчасти"},
    {"value": "4", "label": "скорее удовлетворён"},
    {"value": "5", "label": "полностью удовлетворён"},
]
OFTEN = [
    {"value": "never", "label": "не испытываю"},
    {"value": "sometimes", "label": "иногда"},
    {"value": "often", "label": "часто"},
]


def parents_spec() -> FormSpec:
    return FormSpec(
        title=PARENTS_TITLE,
        group="parents",
        form_id="parents_satisfaction",
        description="Уважаемые родители! Ответьте, пожалуйста, на несколько вопросов о школе, в которой учится ваш ребёнок. Анкета анонимная.",
        sections=[
            SectionSpec(name="about", title="О вашем ребёнке"),
            SectionSpec(name="school", title="Оценка школы"),
            SectionSpec(name="wishes", title="Пожелания"),
        ],
        questions=[
            QuestionSpec(
                name="level",
                kind="single",
                section="about",
                required=True,
                label="В каком классе учится ваш ребёнок?",
                choices=[
                    {"value": "1_4", "label": "1–4 класс"},
                    {"value": "5_9", "label": "5–9 класс"},
                    {"value": "10_11", "label": "10–11 класс"},
                ],
            ),
            QuestionSpec(
                name="satisfaction",
                kind="scale",
                section="school",
                required=True,
                scale_min=1,
                scale_max=5,
                label="Насколько вы в целом удовлетворены качеством образования в школе?",
                hint="1 — совсем не удовлетворён, 5 — полностью",
            ),
            QuestionSpec(
                name="aspects",
                kind="matrix",
                section="school",
                label="Оцените, насколько вы удовлетворены:",
                choices=SCALE5,
                statements=[
                    {"name": "aspects_teaching", "label": "качеством преподавания"},
                    {"name": "aspects_safety", "label": "безопасностью и порядком"},
                    {"name": "aspects_info", "label": "информированием об успехах ребёнка"},
                    {"name": "aspects_extra", "label": "кружками и внеурочной деятельностью"},
                    {"name": "aspects_food", "label": "организацией питания"},
                ],
            ),
            QuestionSpec(
                name="why_not",
                kind="long_text",
                section="school",
                relevant="${satisfaction} <= 2",
                label="Что вас не устраивает больше всего?",
            ),
            QuestionSpec(
                name="recommend",
                kind="single",
                section="school",
                required=True,
                label="Порекомендовали бы вы эту школу знакомым?",
                choices=[
                    {"value": "yes", "label": "да"},
                    {"value": "no", "label": "нет"},
                    {"value": "unsure", "label": "затрудняюсь ответить"},
                ],
            ),
            QuestionSpec(
                name="improve",
                kind="multiple",
                section="wishes",
                label="Что школе стоит улучшить в первую очередь?",
                constraint="count-selected(.) <= 3",
                constraint_message="Выберите не больше трёх.",
                choices=[
                    {"value": "teaching", "label": "качество уроков"},
                    {"value": "exams", "label": "подготовку к ОГЭ и ЕГЭ"},
                    {"value": "contact", "label": "общение с родителями"},
                    {"value": "extra", "label": "кружки и секции"},
                    {"value": "building", "label": "здание и оснащение"},
                    {"value": "food", "label": "питание"},
                ],
            ),
            QuestionSpec(
                name="meetings",
                kind="number",
                section="wishes",
                label="Сколько раз за год вы были в школе на собраниях и встречах?",
                constraint=". >= 0 and . <= 50",
                constraint_message="Число от 0 до 50.",
            ),
            QuestionSpec(name="suggestion", kind="text", section="wishes", label="Ваше предложение школе (по желанию)"),
        ],
    )


def teachers_spec() -> FormSpec:
    return FormSpec(
        title=TEACHERS_TITLE,
        group="teachers",
        form_id="teacher_difficulties",
        description="Диагностика профессиональных затруднений педагогов: по её итогам методическая служба планирует поддержку. Анкета анонимная.",
        questions=[
            QuestionSpec(
                name="experience",
                kind="number",
                required=True,
                label="Ваш педагогический стаж, лет",
                constraint=". >= 0 and . <= 60",
                constraint_message="Стаж — от 0 до 60 лет.",
            ),
            QuestionSpec(
                name="subject",
                kind="single",
                required=True,
                label="Что вы преподаёте?",
                choices=[
                    {"value": "primary", "label": "начальные классы"},
                    {"value": "math", "label": "математика, информатика"},
                    {"value": "science", "label": "естественные науки"},
                    {"value": "humanities", "label": "русский язык, литература, история, обществознание"},
                    {"value": "languages", "label": "иностранные языки"},
                    {"value": "other", "label": "другое"},
                ],
            ),
            QuestionSpec(
                name="difficulties",
                kind="matrix",
                label="Испытываете ли вы затруднения:",
                choices=OFTEN,
                statements=[
                    {"name": "diff_low", "label": "в работе с низкомотивированными и неуспевающими обучающимися"},
                    {"name": "diff_ovz", "label": "в обучении детей с ОВЗ"},
                    {"name": "diff_assess", "label": "в оценивании образовательных результатов"},
                    {"name": "diff_exam", "label": "в подготовке к ГИА"},
                    {"name": "diff_digital", "label": "в использовании цифровых ресурсов"},
                    {"name": "diff_parents", "label": "во взаимодействии с родителями"},
                ],
            ),
            QuestionSpec(
                name="support",
                kind="scale",
                scale_min=1,
                scale_max=5,
                required=True,
                label="Насколько методическая поддержка в школе помогает вам в работе?",
            ),
            QuestionSpec(
                name="forms",
                kind="multiple",
                label="Какие формы поддержки вам нужны?",
                choices=[
                    {"value": "courses", "label": "курсы повышения квалификации"},
                    {"value": "mentor", "label": "наставник"},
                    {"value": "open_lessons", "label": "открытые уроки коллег"},
                    {"value": "consult", "label": "консультации методиста"},
                    {"value": "community", "label": "профессиональное сообщество"},
                ],
            ),
            QuestionSpec(name="comment", kind="long_text", label="Что ещё мешает вам в работе?"),
        ],
    )


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))


def _pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


WHY = [
    "Мало внимания слабым ученикам.",
    "Не хватает учителей по нескольким предметам.",
    "Плохо информируют об оценках.",
    "Большие классы, шумно.",
]
SUGGEST = [
    "Больше кружков для младших.",
    "Проводить родительские собрания онлайн.",
    "Спасибо учителям!",
    "Отремонтировать спортзал.",
    "Чаще сообщать об успехах ребёнка.",
]
COMMENTS = [
    "Много отчётов и бумажной работы.",
    "Не хватает времени на подготовку.",
    "Нужны современные пособия.",
    "Большая нагрузка.",
]


def _parent_answers(rng: random.Random, mood: float) -> dict[str, list[str]]:
    satisfaction = max(1, min(5, round(rng.gauss(3.6 + mood, 0.9))))
    data = {
        "level": [_pick(rng, {"1_4": 0.45, "5_9": 0.42, "10_11": 0.13})],
        "satisfaction": [str(satisfaction)],
        "recommend": [_pick(rng, {"yes": satisfaction / 5, "no": (5 - satisfaction) / 8, "unsure": 0.25})],
        "improve": rng.sample(["teaching", "exams", "contact", "extra", "building", "food"], rng.randint(0, 3)),
        "meetings": [str(rng.randint(0, 8))],
    }
    for name in ["aspects_teaching", "aspects_safety", "aspects_info", "aspects_extra", "aspects_food"]:
        if rng.random() < 0.92:
            data[name] = [str(max(1, min(5, satisfaction + rng.choice([-1, 0, 0, 1]))))]
    if satisfaction <= 2 and rng.random() < 0.7:
        data["why_not"] = [rng.choice(WHY)]
    if rng.random() < 0.25:
        data["suggestion"] = [rng.choice(SUGGEST)]
    return data


def _teacher_answers(rng: random.Random) -> dict[str, list[str]]:
    data = {
        "experience": [str(max(0, min(45, round(rng.gauss(17, 10)))))],
        "subject": [
            _pick(
                rng,
                {"primary": 0.25, "math": 0.18, "science": 0.15, "humanities": 0.25, "languages": 0.1, "other": 0.07},
            )
        ],
        "support": [str(max(1, min(5, round(rng.gauss(3.4, 1)))))],
        "forms": rng.sample(["courses", "mentor", "open_lessons", "consult", "community"], rng.randint(1, 3)),
    }
    odds = {
        "diff_low": 0.6,
        "diff_ovz": 0.55,
        "diff_assess": 0.3,
        "diff_exam": 0.4,
        "diff_digital": 0.35,
        "diff_parents": 0.3,
    }
    for name, p in odds.items():
        roll = rng.random()
        data[name] = ["often" if roll < p * 0.45 else "sometimes" if roll < p else "never"]
    if rng.random() < 0.2:
        data["comment"] = [rng.choice(COMMENTS)]
    return data


def _store(campaign: Campaign, school: School, answers_raw: list[dict[str, list[str]]], days: list[dt.date]) -> int:
    questionnaire = campaign.questionnaire
    sections = list(questionnaire.sections.all())
    questions = list(questionnaire.questions.order_by("order"))
    rows = []
    for i, raw in enumerate(answers_raw):
        answers = answers_clean(sections=sections, questions=questions, get=lambda name, raw=raw: raw.get(name, []))
        rows.append(
            Response(
                campaign=campaign,
                questionnaire=questionnaire,
                school=school,
                submitted_on=days[i % len(days)],
                answers=answers,
            )
        )
    Response.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def demo_load_surveys(*, municipality: Municipality) -> str:
    if Questionnaire.objects.filter(title=PARENTS_TITLE).exists():
        return "уже загружены"
    staff = User.objects.filter(username="committee").first()
    parents = questionnaire_create(spec=parents_spec(), user=staff)
    teachers = questionnaire_create(spec=teachers_spec(), user=staff)
    schools = list(School.objects.filter(municipality=municipality, is_archived=False).order_by("short_name"))
    today = timezone.localdate()
    start = today - dt.timedelta(days=18)
    days = [start + dt.timedelta(days=d) for d in range(0, 19)]
    p_campaign = campaign_create(
        title="Удовлетворённость родителей — осень",
        questionnaire=parents,
        region=municipality.region,
        municipality=municipality,
        start=start,
        end=today + dt.timedelta(days=12),
        schools=schools,
        user=staff,
    )
    profiles: dict[int, SchoolProfile] = {}
    for profile in SchoolProfile.objects.filter(school__in=schools).order_by("school_id", "-year"):
        profiles.setdefault(profile.school_id, profile)
    links = max(5, min(40, max((p.teachers or 0) for p in profiles.values()) if profiles else 20))
    t_campaign = campaign_create(
        title="Диагностика профессиональных затруднений педагогов",
        questionnaire=teachers,
        region=municipality.region,
        municipality=municipality,
        start=start,
        end=today + dt.timedelta(days=12),
        schools=schools,
        personal_links=links,
        user=staff,
    )
    n_parents = n_teachers = 0
    for index, school in enumerate(schools):
        rng = _rng(f"surveys:{school.code}")
        enrolment = (profiles[school.pk].enrolment if school.pk in profiles else None) or 300
        # Most schools collect a fair share; one in three lags behind (the «не опрошены» list).
        share = rng.uniform(0.08, 0.3) if index % 3 == 2 else rng.uniform(0.5, 0.8)
        count = min(round(enrolment * share), 150)
        mood = rng.uniform(-0.6, 0.6)
        n_parents += _store(p_campaign, school, [_parent_answers(rng, mood) for _ in range(count)], days)
        used = list(
            PersonalLink.objects.filter(campaign_school__campaign=t_campaign, campaign_school__school=school)[
                : round(links * rng.uniform(0.5, 0.9))
            ]
        )
        n_teachers += _store(t_campaign, school, [_teacher_answers(rng) for _ in used], days)
        PersonalLink.objects.filter(pk__in=[link.pk for link in used]).update(used=True)
    SurveyIndicator.objects.update_or_create(
        code="survey_parents_satisfied",
        defaults={
            "name": "Доля родителей, удовлетворённых качеством образования (4–5 баллов по анкете), %",
            "family": parents,
            "question_name": "satisfaction",
            "values": ["4", "5"],
        },
    )
    return f"анкет родителей — {n_parents}, педагогов — {n_teachers} в {len(schools)} школах"


class DemoData:
    label = "Анкетирование"
    order = 30

    def load(self, context: Mapping[str, Any]) -> str:
        municipality = context["municipalities"].get("korolev")
        if municipality is None:
            return "нет муниципалитета Королёв"
        return demo_load_surveys(municipality=municipality)


DEMO = DemoData()
