from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from risks.demo_data import answers_store, director_spec, students_spec
from schools.models import SchoolProfile
from schools.years import current_academic_year
from surveys.services.questionnaires import questionnaire_create
from tests.factories import CampaignFactory
from tests.factories.curators import CuratorAssignmentFactory

YEAR = current_academic_year()


def answered(school, spec, answers):
    """A questionnaire of ``spec`` answered at ``school`` this academic year (the demo's path)."""
    questionnaire = questionnaire_create(spec=spec, user=None)
    campaign = CampaignFactory(questionnaire=questionnaire, schools=[school], title=spec.title)
    answers_store(campaign=campaign, school=school, answers=answers, day=timezone.localdate())
    return campaign


@pytest.fixture
def school_data(world):
    # methodologist_a is school A-1's curator by the region's order: the one who may agree.
    CuratorAssignmentFactory(school=world.school_a, curator=world.methodologist_a, assigned_by=world.region_staff)
    return make_school_data(world)


def make_school_data(world):
    """School A-1 with hand-made inputs: a profile, the director's and ten students' answers."""
    school = world.school_a
    # The yearly profile has no service of its own (it is typed in or imported): a plain row.
    SchoolProfile.objects.create(school=school, year=YEAR, enrolment=300, disabilities=45, teachers=25, vacancies=3)
    answered(school, director_spec(), [{"equipment": ["2"], "pd_plan": ["no"]}])
    students = [{"like_learning": ["no"], "feel_safe": ["yes"], "language": ["never"]}] * 4 + [
        {"like_learning": ["yes"], "feel_safe": ["rather_no"], "language": ["often"]}
    ] * 6
    answered(school, students_spec(), students)
    return school


def profile_item(profile, code):
    return profile.items.select_related("factor").get(factor__code=code)


__all__ = ["YEAR", "answered", "profile_item", "dt"]
