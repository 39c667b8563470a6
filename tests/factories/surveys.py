"""Questionnaires and campaigns, made by the services the portal uses (surveys/services/)."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from surveys.models import Campaign, Questionnaire
from surveys.services.campaigns import campaign_create
from surveys.services.questionnaires import questionnaire_create
from surveys.spec import FormSpec, QuestionSpec, SectionSpec

YES_NO = [{"value": "yes", "label": "да"}, {"value": "no", "label": "нет"}]


def small_spec(group: str = "parents") -> FormSpec:
    """Six questions: a scale, a yes/no with a follow-up shown only on «да», a number with a range,
    a matrix in a section shown only when the scale is 3 or more, a free text."""
    return FormSpec(
        title="Анкета для проверки",
        group=group,
        form_id="test_form",
        sections=[SectionSpec(name="more", title="Подробнее", relevant="${satisfaction} >= 3")],
        questions=[
            QuestionSpec(
                name="satisfaction",
                kind="scale",
                label="Удовлетворены ли вы школой?",
                required=True,
                scale_min=1,
                scale_max=5,
            ),
            QuestionSpec(
                name="club",
                kind="single",
                label="Ходит ли ребёнок в кружок?",
                required=True,
                choices=YES_NO,
                list_name="yes_no",
            ),
            QuestionSpec(
                name="club_name", kind="text", label="Какой кружок?", required=True, relevant="${club} = 'yes'"
            ),
            QuestionSpec(
                name="hours",
                kind="number",
                label="Сколько часов в неделю ребёнок делает уроки?",
                constraint=". >= 0 and . <= 40",
                constraint_message="От 0 до 40 часов.",
            ),
            QuestionSpec(
                name="grid",
                kind="matrix",
                label="Оцените",
                section="more",
                choices=YES_NO,
                list_name="yes_no",
                statements=[{"name": "grid_safe", "label": "Безопасно"}, {"name": "grid_clean", "label": "Чисто"}],
            ),
            QuestionSpec(name="wish", kind="long_text", label="Пожелания", section="more"),
        ],
    )


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    spec = factory.LazyFunction(small_spec)
    user = None

    @classmethod
    def _create(cls, model_class, *args, spec: FormSpec, user=None, **kwargs):
        return questionnaire_create(spec=spec, user=user)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    title = "Опрос родителей"
    questionnaire = factory.SubFactory(QuestionnaireFactory)
    start = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=3))
    end = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=10))
    personal_links = 0
    user = None

    @classmethod
    def _create(cls, model_class, *args, schools, municipality=None, region=None, **kwargs):
        municipality = municipality or schools[0].municipality
        return campaign_create(
            title=kwargs["title"],
            questionnaire=kwargs["questionnaire"],
            region=region or municipality.region,
            municipality=municipality,
            start=kwargs["start"],
            end=kwargs["end"],
            schools=list(schools),
            personal_links=kwargs["personal_links"],
            user=kwargs["user"],
        )
