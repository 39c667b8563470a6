"""The demo loader on the test ladder: profiles computed, decisions taken, anti-risk programs at
three stages of review."""

from __future__ import annotations

import pytest

from programs.models import SchoolProgram
from risks.demo_data import demo_load_risks
from risks.models import AntiRiskProgram, ProfileItem, RiskProfile
from schools.models import SchoolProfile
from tests.factories import MethodologistFactory, MunicipalStaffFactory
from tests.factories.curators import CuratorAssignmentFactory

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_demo_loads_profiles_and_programs_at_three_stages(world):
    MunicipalStaffFactory(username="committee", municipality=world.mun_a)
    curator = MethodologistFactory(username="methodologist", municipality=world.mun_a)
    for school in (world.school_a, world.school_a2):  # as the curators demo (run before) does
        CuratorAssignmentFactory(school=school, curator=curator, assigned_by=world.region_staff)
    # The first school (by name) gets the anti-risk programs: it needs a yearly profile with risks.
    SchoolProfile.objects.create(school=world.school_a, year=YEAR, enrolment=300, disabilities=45, teachers=25)
    message = demo_load_risks(municipality=world.mun_a)
    assert message == "профилей рисков: 2, антирисковых программ: 3"
    assert RiskProfile.objects.count() == 2
    statuses = sorted(AntiRiskProgram.objects.values_list("program__status", flat=True))
    assert statuses == ["draft", "returned", "submitted"]
    assert all(p.kind == SchoolProgram.Kind.ANTI_RISK for p in SchoolProgram.objects.all())
    confirmed = ProfileItem.objects.filter(decision="confirmed", profile__school=world.school_a)
    assert confirmed.count() == 3 and all(i.verdict == "agreed" and i.reason for i in confirmed)
    assert demo_load_risks(municipality=world.mun_a) == "уже загружены"
