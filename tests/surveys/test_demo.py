"""The demo's surveys: a parents' satisfaction survey and a teachers' difficulties survey in the
live program's (Korolyov's) schools, with answers, a school still to survey and the indicator."""

import pytest
from django.core.management import call_command

from schools.models import School
from surveys.demo import PARENTS_TITLE, TEACHERS_TITLE
from surveys.models import Campaign, PersonalLink, Response
from surveys.selectors.campaigns import academic_year, tracker
from surveys.selectors.indicators import indicator_values

pytestmark = pytest.mark.django_db


def test_the_demo_surveys_parents_and_teachers_of_the_live_programs_schools():
    call_command("demo")
    korolev = list(School.objects.filter(municipality__code="korolev", is_archived=False))
    parents = Campaign.objects.get(questionnaire__title=PARENTS_TITLE)
    teachers = Campaign.objects.get(questionnaire__title=TEACHERS_TITLE)
    for campaign in (parents, teachers):
        assert {r.school for r in tracker(campaign)} == set(korolev)
        assert all(Response.objects.filter(campaign=campaign, school=s).count() >= 5 for s in korolev)
    # Each teachers' answer used one personal link.
    assert (
        PersonalLink.objects.filter(campaign_school__campaign=teachers, used=True).count() == teachers.responses.count()
    )
    assert any(not row.surveyed for row in tracker(parents))  # «кто ещё не опрошен» is not empty
    values = indicator_values(
        indicator_code="survey_parents_satisfied", school_ids=[s.pk for s in korolev], year=academic_year(parents.start)
    )
    assert set(values) == {s.pk for s in korolev} and all(0 < v < 100 for v in values.values())
    # Run again: nothing is added twice.
    before = Response.objects.count()
    call_command("demo")
    assert Response.objects.count() == before
