"""Taking answers: skip logic and constraints on the server, one-use links, closed campaigns,
the rate limit, and anonymity (nothing links an answer to an address, a session or a time)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import models
from django.test import Client
from django.urls import reverse

from surveys.models import CampaignSchool, PersonalLink, Questionnaire, Response
from surveys.services.questionnaires import questionnaire_save, spec_of
from tests.factories import CampaignFactory, QuestionnaireFactory, SchoolFactory
from tests.factories.surveys import small_spec

pytestmark = pytest.mark.django_db

GOOD = {
    "satisfaction": "4",
    "club": "yes",
    "club_name": "Шахматы",
    "hours": "10",
    "grid_safe": "yes",
    "wish": "Всё хорошо",
}


@pytest.fixture
def campaign():
    return CampaignFactory(schools=[SchoolFactory()])


def _url(campaign) -> str:
    return reverse("surveys:answer", args=[CampaignSchool.objects.get(campaign=campaign).token])


def test_a_parent_answers_through_the_school_link(campaign):
    response = Client().post(_url(campaign), GOOD)
    assert response.status_code == 200 and "Спасибо" in response.content.decode()
    stored = Response.objects.get()
    assert stored.answers == {
        "satisfaction": 4,
        "club": "yes",
        "club_name": "Шахматы",
        "hours": 10,
        "grid_safe": "yes",
        "wish": "Всё хорошо",
    }
    # The school's link takes the next parent too.
    assert Client().post(_url(campaign), GOOD).status_code == 200
    assert Response.objects.count() == 2


def test_skip_logic_hides_a_question_and_its_answer_is_dropped(campaign):
    # «club» is «no»: «club_name» is not shown, so it is neither required nor kept.
    data = {**GOOD, "club": "no", "satisfaction": "2"}
    assert Client().post(_url(campaign), data).status_code == 200
    answers = Response.objects.get().answers
    assert "club_name" not in answers
    # The section «Подробнее» is shown only at 3 or more: its matrix and text are dropped too.
    assert "grid_safe" not in answers and "wish" not in answers


def test_a_shown_required_question_must_be_answered(campaign):
    data = {k: v for k, v in GOOD.items() if k != "club_name"}
    response = Client().post(_url(campaign), data)
    assert response.status_code == 400
    assert "Ответьте на этот вопрос." in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours", "41", "От 0 до 40 часов."),
        ("hours", "много", "Введите число."),
        ("hours", "2,5", "Введите целое число."),
        ("satisfaction", "6", "Выберите значение от 1 до 5."),
        ("club", "maybe", "Выберите вариант из списка."),
    ],
)
def test_constraints_and_types_are_enforced_on_the_server(campaign, field, value, message):
    response = Client().post(_url(campaign), {**GOOD, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Response.objects.exists()
    # The typed answers come back into the form.
    assert "Шахматы" in response.content.decode()


def test_a_personal_link_takes_one_answer():
    campaign = CampaignFactory(
        schools=[SchoolFactory()], questionnaire=QuestionnaireFactory(spec=small_spec("teachers")), personal_links=2
    )
    links = list(PersonalLink.objects.order_by("number"))
    assert len(links) == 2
    url = reverse("surveys:answer", args=[links[0].token])
    assert Client().post(url, GOOD).status_code == 200
    again = Client().post(url, GOOD)
    assert again.status_code == 410 and "уже отправлена" in again.content.decode()
    assert Client().get(url).status_code == 410
    assert Response.objects.count() == 1
    # The other link still works; nothing tells which link brought which answer.
    assert Client().post(reverse("surveys:answer", args=[links[1].token]), GOOD).status_code == 200
    assert campaign.responses.count() == 2


def test_a_closed_campaign_takes_no_answers(campaign):
    campaign.closed = True
    campaign.save()
    response = Client().post(_url(campaign), GOOD)
    assert response.status_code == 410 and "Опрос закрыт" in response.content.decode()
    assert not Response.objects.exists()


def test_a_campaign_past_its_end_takes_no_answers():
    today = dt.date.today()
    campaign = CampaignFactory(
        schools=[SchoolFactory()], start=today - dt.timedelta(days=10), end=today - dt.timedelta(days=1)
    )
    assert Client().post(_url(campaign), GOOD).status_code == 410


def test_an_unknown_link_is_not_found():
    assert Client().get(reverse("surveys:answer", args=["nope"])).status_code == 404


def test_a_flood_from_one_address_is_refused(campaign, settings, worker_cache):
    from surveys.views import answer

    answer.RATE_LIMIT = (3, 600)
    try:
        client = Client(REMOTE_ADDR="10.1.2.3")
        codes = [client.post(_url(campaign), GOOD).status_code for _ in range(5)]
        assert codes == [200, 200, 200, 429, 429]
        refused = client.post(_url(campaign), GOOD)
        assert "Слишком много" in refused.content.decode()
        # Another address is not affected.
        assert Client(REMOTE_ADDR="10.9.9.9").post(_url(campaign), GOOD).status_code == 200
        assert Response.objects.count() == 4
    finally:
        answer.RATE_LIMIT = (60, 600)


def test_an_answer_cannot_be_linked_to_an_address_a_session_or_a_time(campaign):
    fields = {f.name: f for f in Response._meta.get_fields()}
    assert set(fields) == {"id", "campaign", "questionnaire", "school", "submitted_on", "answers"}
    assert isinstance(fields["submitted_on"], models.DateField) and not isinstance(
        fields["submitted_on"], models.DateTimeField
    )
    for model in (Response, PersonalLink, CampaignSchool):
        for field in model._meta.get_fields():
            assert not isinstance(field, models.GenericIPAddressField | models.DateTimeField), (model, field.name)
            assert "session" not in field.name and "ip" != field.name
    # The personal link does not point at the answer, nor the answer at the link.
    assert not any(f.related_model is PersonalLink for f in Response._meta.get_fields())
    assert not any(f.related_model is Response for f in PersonalLink._meta.get_fields())
    client = Client(REMOTE_ADDR="192.0.2.77")
    response = client.post(_url(campaign), GOOD)
    assert "sessionid" not in response.cookies
    stored = Response.objects.values().get()
    assert "192.0.2.77" not in str(stored)


def test_editing_a_questionnaire_with_answers_makes_a_new_version(campaign):
    questionnaire = campaign.questionnaire
    spec = spec_of(questionnaire)
    spec.questions[0].label = "Изменённый вопрос"
    same = questionnaire_save(questionnaire=questionnaire, spec=spec, user=None)
    assert same.pk == questionnaire.pk  # nobody answered yet: edited in place
    Client().post(_url(campaign), GOOD)
    spec.questions[0].label = "Ещё раз изменённый"
    new = questionnaire_save(questionnaire=questionnaire, spec=spec, user=None)
    assert new.pk != questionnaire.pk and new.version == 2 and new.family_id == questionnaire.pk
    questionnaire.refresh_from_db()
    assert questionnaire.questions.get(name="satisfaction").label == "Изменённый вопрос"
    assert new.questions.get(name="satisfaction").label == "Ещё раз изменённый"
    assert Questionnaire.objects.count() == 2


def test_a_broken_edit_changes_nothing(campaign):
    questionnaire = campaign.questionnaire
    spec = spec_of(questionnaire)
    spec.questions[1].relevant = "${satisfaction >"
    with pytest.raises(Exception) as err:
        questionnaire_save(questionnaire=questionnaire, spec=spec, user=None)
    assert "не разобрано" in str(err.value)
    assert questionnaire.questions.get(name="club").relevant == ""
