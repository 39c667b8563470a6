"""Every surveys page for every persona (tests/conftest.py `world`): who gets the page, who gets
403, who is sent to sign in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from surveys.models import CampaignSchool
from tests.factories import CampaignFactory

pytestmark = pytest.mark.django_db

PERSONAS = ["staff_a", "region_staff", "staff_b", "team_a", "methodologist_a", "api_a", None]


@pytest.fixture
def setup(world):
    campaign = CampaignFactory(schools=[world.school_a, world.school_a2], municipality=world.mun_a)
    rows = {r.school_id: r for r in CampaignSchool.objects.filter(campaign=campaign)}
    return world, campaign, rows


def _get(client_for, world, persona, url, method="get"):
    user = getattr(world, persona) if persona else None
    client = client_for(user)
    return getattr(client, method)(url)


def _expect(response, code):
    if code == "login":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], response.status_code
    else:
        assert response.status_code == code, response.status_code


DESIGN = {
    "staff_a": 200,
    "region_staff": 200,
    "staff_b": 200,
    "team_a": 403,
    "methodologist_a": 403,
    "api_a": 403,
    None: "login",
}
CAMPAIGN = {
    "staff_a": 200,
    "region_staff": 200,
    "staff_b": 403,
    "team_a": 403,
    "methodologist_a": 403,
    "api_a": 403,
    None: "login",
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    "name",
    [
        "questionnaires",
        "questionnaire_create",
        "questionnaire_import",
        "questionnaire",
        "questionnaire_export",
        "campaign_create",
    ],
)
def test_design_pages(setup, client_for, persona, name):
    world, campaign, _rows = setup
    args = [campaign.questionnaire_id] if name in {"questionnaire", "questionnaire_export"} else []
    expected = DESIGN[persona]
    if name == "campaign_create" and persona == "staff_b":
        expected = 200  # their own municipality
    _expect(_get(client_for, world, persona, reverse(f"surveys:{name}", args=args)), expected)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["campaign", "results", "results_xlsx", "results_csv"])
def test_campaign_pages(setup, client_for, persona, name):
    world, campaign, _rows = setup
    _expect(_get(client_for, world, persona, reverse(f"surveys:{name}", args=[campaign.pk])), CAMPAIGN[persona])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", ["campaign_remind", "campaign_close"])
def test_campaign_actions(setup, client_for, persona, name):
    world, campaign, _rows = setup
    response = _get(client_for, world, persona, reverse(f"surveys:{name}", args=[campaign.pk]), method="post")
    expected = CAMPAIGN[persona]
    _expect(response, 302 if expected == 200 else expected)
    campaign.refresh_from_db()
    assert campaign.closed == (name == "campaign_close" and expected == 200)


@pytest.mark.parametrize("persona", PERSONAS)
def test_school_links(setup, client_for, persona):
    world, campaign, rows = setup
    own = {
        "staff_a": 200,
        "region_staff": 200,
        "staff_b": 403,
        "team_a": 200,
        "methodologist_a": 403,
        "api_a": 403,
        None: "login",
    }
    url = reverse("surveys:school_links", args=[campaign.pk, rows[world.school_a.pk].pk])
    response = _get(client_for, world, persona, url)
    _expect(response, own[persona])
    if own[persona] == 200:
        page = response.content.decode()
        assert "<svg" in page and rows[world.school_a.pk].token in page
    other = reverse("surveys:school_links", args=[campaign.pk, rows[world.school_a2.pk].pk])
    _expect(_get(client_for, world, persona, other), 403 if persona == "team_a" else own[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_campaign_list(setup, client_for, persona):
    world, campaign, rows = setup
    expected = {
        "staff_a": 200,
        "region_staff": 200,
        "staff_b": 200,
        "team_a": 200,
        "methodologist_a": 403,
        "api_a": 403,
        None: "login",
    }
    response = _get(client_for, world, persona, reverse("surveys:campaigns"))
    _expect(response, expected[persona])
    if expected[persona] == 200:
        page = response.content.decode()
        assert (campaign.title in page) == (persona in {"staff_a", "region_staff", "team_a"})


def test_the_answer_page_needs_no_account(setup, client_for):
    world, campaign, rows = setup
    response = client_for(None).get(reverse("surveys:answer", args=[rows[world.school_a.pk].token]))
    assert response.status_code == 200 and "Отправить ответы" in response.content.decode()


def test_a_campaign_is_created_from_the_page(world, client_for):
    from surveys.models import Campaign, PersonalLink
    from tests.factories import QuestionnaireFactory
    from tests.factories.surveys import small_spec

    questionnaire = QuestionnaireFactory(spec=small_spec("teachers"))
    client = client_for(world.staff_a)
    url = reverse("surveys:campaign_create")
    data = {
        "title": "Педагоги",
        "questionnaire": questionnaire.pk,
        "municipality": world.mun_a.pk,
        "start": "2026-01-10",
        "end": "2026-01-01",
        "schools": [world.school_a.pk],
        "personal_links": "3",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "Окончание раньше начала." in refused.content.decode()
    assert not Campaign.objects.exists()
    # Another municipality's school is not offered at all.
    other = client.post(url, {**data, "end": "2026-02-01", "schools": [world.school_b.pk]})
    assert other.status_code == 200 and not Campaign.objects.exists()
    created = client.post(url, {**data, "end": "2026-02-01"})
    assert created.status_code == 302
    assert PersonalLink.objects.filter(campaign_school__campaign__title="Педагоги").count() == 3


def test_the_editor_adds_a_question_and_refuses_a_broken_one(world, client_for):
    from tests.factories import QuestionnaireFactory

    questionnaire = QuestionnaireFactory()
    client = client_for(world.staff_a)
    url = reverse("surveys:questionnaire", args=[questionnaire.pk])
    base = {
        "action": "question",
        "kind": "single",
        "name": "transport",
        "label": "Как ребёнок добирается до школы?",
        "choices_text": "пешком\nавтобус = на автобусе",
        "relevant": "${satisfaction} >= 2",
    }
    response = client.post(url, base)
    assert response.status_code == 302
    added = questionnaire.questions.get(name="transport")
    assert added.choices == [{"value": "1", "label": "пешком"}, {"value": "автобус", "label": "на автобусе"}]
    broken = client.post(url, {**base, "name": "broken", "relevant": "${nosuch} = 1"}, follow=True)
    assert "такого вопроса нет выше в анкете" in broken.content.decode()
    assert not questionnaire.questions.filter(name="broken").exists()


def test_the_import_page_checks_then_creates(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from surveys.models import Questionnaire

    from . import xlsform_example as example

    client = client_for(world.staff_a)
    url = reverse("surveys:questionnaire_import")

    def upload():
        return SimpleUploadedFile("form.xlsx", example.workbook())

    checked = client.post(url, {"file": upload(), "group": "parents", "dry_run": "on"})
    assert "ошибок нет" in checked.content.decode() and not Questionnaire.objects.exists()
    created = client.post(url, {"file": upload(), "group": "parents"})
    assert created.status_code == 302 and Questionnaire.objects.count() == 1
    bad = example.SURVEY[:5] + [["geopoint", "where", "Where", "Где", "", "", "", "", "", "", ""]]
    refused = client.post(
        url, {"file": SimpleUploadedFile("bad.xlsx", example.workbook(survey=bad)), "group": "parents"}
    )
    assert "Строка 6: тип вопроса «geopoint» не поддерживается" in refused.content.decode()
    assert Questionnaire.objects.count() == 1


def test_a_survey_indicator_is_defined_on_the_questionnaire_page(world, client_for):
    from surveys.models import SurveyIndicator
    from tests.factories import QuestionnaireFactory

    questionnaire = QuestionnaireFactory()
    client = client_for(world.staff_a)
    url = reverse("surveys:questionnaire", args=[questionnaire.pk])
    data = {
        "action": "indicator",
        "code": "happy_parents",
        "name": "Доля довольных родителей",
        "question_name": "satisfaction",
        "values": "4, 9",
        "measure": "share",
    }
    refused = client.post(url, data)
    assert "коды вариантов этого вопроса: 1, 2, 3, 4, 5" in refused.content.decode()
    assert not SurveyIndicator.objects.exists()
    assert client.post(url, {**data, "values": "4, 5"}).status_code == 302
    indicator = SurveyIndicator.objects.get()
    assert (indicator.question_name, indicator.values, indicator.family_id) == (
        "satisfaction",
        ["4", "5"],
        questionnaire.pk,
    )
