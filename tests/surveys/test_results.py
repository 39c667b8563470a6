"""Results, small-group suppression, the tracker's response rates and the indicator computed from
answers — each checked against a count made differently in the test."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from monitoring.providers import provided_values
from schools.models import SchoolProfile
from surveys.models import CampaignSchool, SurveyIndicator
from surveys.selectors.campaigns import academic_year, tracker, tracker_totals
from surveys.selectors.results import campaign_results
from tests.factories import CampaignFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _answer(campaign, school, satisfaction: int, club: str = "no", wish: str = "") -> None:
    token = CampaignSchool.objects.get(campaign=campaign, school=school).token
    data = {"satisfaction": str(satisfaction), "club": club, "hours": "3"}
    if club == "yes":
        data["club_name"] = "Робототехника"
    if wish:
        data["wish"] = wish
    response = Client(REMOTE_ADDR=f"10.0.0.{satisfaction}").post(reverse("surveys:answer", args=[token]), data)
    assert response.status_code == 200, response.content.decode()


@pytest.fixture
def two_schools():
    a = SchoolFactory(short_name="Школа большая")
    b = SchoolFactory(short_name="Школа малая", municipality=a.municipality)
    campaign = CampaignFactory(schools=[a, b])
    return campaign, a, b


def test_a_school_under_five_answers_is_suppressed(two_schools):
    campaign, big, small = two_schools
    for s in [5, 4, 4, 3, 1, 5]:
        _answer(campaign, big, s)
    for s in [2, 2, 5, 4]:
        _answer(campaign, small, s)
    small_results = campaign_results(campaign=campaign, school_ids=[small.pk])
    assert small_results.suppressed and small_results.questions == [] and small_results.responses == 4
    big_results = campaign_results(campaign=campaign, school_ids=[big.pk])
    assert not big_results.suppressed
    # The whole campaign includes the small school's answers (10 in all).
    everything = campaign_results(campaign=campaign)
    satisfaction = next(r for r in everything.questions if r.question.name == "satisfaction")
    counts = {label: n for label, n, _share in satisfaction.distribution}
    assert counts == {"1": 1, "2": 2, "3": 1, "4": 3, "5": 3}
    assert satisfaction.mean == pytest.approx(sum([5, 4, 4, 3, 1, 5, 2, 2, 5, 4]) / 10)
    # The page says so and shows none of the small school's answers.
    from tests.factories import MunicipalStaffFactory

    client = Client()
    client.force_login(MunicipalStaffFactory(municipality=big.municipality))
    page = client.get(reverse("surveys:results", args=[campaign.pk]) + f"?school={small.pk}").content.decode()
    assert "Ответов меньше 5" in page and 'data-question="satisfaction"' not in page
    export = client.get(reverse("surveys:results_csv", args=[campaign.pk]) + f"?school={small.pk}").content.decode()
    assert "меньше 5" in export and "Удовлетворены" not in export


def test_free_text_is_listed_sorted_and_exported_formula_safe(two_schools):
    campaign, big, _small = two_schools
    for wish in ["Яблоки", "=1+1", "арбуз", "Больше кружков", "Спасибо"]:
        _answer(campaign, big, 4, wish=wish)
    result = next(r for r in campaign_results(campaign=campaign).questions if r.question.name == "wish")
    assert result.texts == sorted(["Яблоки", "=1+1", "арбуз", "Больше кружков", "Спасибо"], key=str.casefold)
    from tests.factories import MunicipalStaffFactory

    client = Client()
    client.force_login(MunicipalStaffFactory(municipality=big.municipality))
    csv_text = client.get(reverse("surveys:results_csv", args=[campaign.pk])).content.decode("utf-8-sig")
    assert "'=1+1" in csv_text and "\n=1+1" not in csv_text
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(client.get(reverse("surveys:results_xlsx", args=[campaign.pk])).content)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value == "=1+1"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_the_tracker_counts_answers_against_the_schools_counts(two_schools):
    campaign, big, small = two_schools
    year = academic_year(campaign.start)
    SchoolProfile.objects.create(school=big, year=year, enrolment=10, teachers=3)
    SchoolProfile.objects.create(school=small, year=year - 1, enrolment=8, teachers=2)
    for s in [5, 4, 4, 3, 1, 5]:
        _answer(campaign, big, s)
    _answer(campaign, small, 3)
    rows = {r.school.pk: r for r in tracker(campaign)}
    assert (rows[big.pk].expected, rows[big.pk].received, rows[big.pk].rate) == (10, 6, 60.0)
    assert (rows[small.pk].expected, rows[small.pk].received) == (8, 1)
    assert rows[big.pk].surveyed and not rows[small.pk].surveyed
    totals = tracker_totals(list(rows.values()))
    assert totals["received"] == 7 and totals["expected"] == 18 and totals["not_surveyed"] == 1
    from tests.factories import MunicipalStaffFactory

    client = Client()
    client.force_login(MunicipalStaffFactory(municipality=big.municipality))
    page = client.get(reverse("surveys:campaign", args=[campaign.pk]) + "?show=missing").content.decode()
    assert "Школа малая" in page and "Школа большая" not in page


def test_reminders_go_to_the_teams_of_schools_not_surveyed(two_schools, mailoutbox):
    campaign, big, small = two_schools
    from tests.factories import MunicipalStaffFactory, SchoolTeamFactory

    SchoolTeamFactory(school=small, email="team@example.org")
    SchoolTeamFactory(school=big, email="big@example.org")
    SchoolProfile.objects.create(school=big, year=academic_year(campaign.start), enrolment=6)
    for s in [5, 4, 4, 3, 1]:
        _answer(campaign, big, s)
    client = Client()
    client.force_login(MunicipalStaffFactory(municipality=big.municipality))
    client.post(reverse("surveys:campaign_remind", args=[campaign.pk]))
    assert [m.to for m in mailoutbox] == [["team@example.org"]]
    assert "Школа малая" in mailoutbox[0].body
    assert CampaignSchool.objects.get(campaign=campaign, school=small).reminded_on is not None


def test_the_indicator_computed_from_answers_agrees_with_a_hand_count(two_schools):
    campaign, big, small = two_schools
    rng = random.Random(7)
    given = {big.pk: [rng.randint(1, 5) for _ in range(23)], small.pk: [rng.randint(1, 5) for _ in range(4)]}
    for school in (big, small):
        for s in given[school.pk]:
            _answer(campaign, school, s)
    SurveyIndicator.objects.create(
        code="parents_happy",
        name="Доля довольных",
        family=campaign.questionnaire,
        question_name="satisfaction",
        values=["4", "5"],
    )
    year = academic_year(dt.date.today())
    values = provided_values(indicator_code="parents_happy", school_ids=[big.pk, small.pk], year=year)
    hand = Decimal(sum(1 for s in given[big.pk] if s >= 4)) / Decimal(len(given[big.pk])) * 100
    assert values[big.pk] == hand.quantize(Decimal("0.0001"))
    assert small.pk not in values  # four answers: too few to show
    assert provided_values(indicator_code="parents_happy", school_ids=[big.pk], year=year - 1) == {}
    assert provided_values(indicator_code="other_code", school_ids=[big.pk], year=year) == {}
