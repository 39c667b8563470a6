"""The factories make rows the way the portal does: each one through its service, with the scope a
role needs and the status a program reaches by approval."""

from __future__ import annotations

from datetime import date

import pytest

from indices.models import Run
from monitoring.models import Submission
from programs.models import Program
from schools.access import visible_schools
from schools.models import Membership, Role
from tests.factories import (
    ApiClientFactory,
    CollectionFactory,
    ExecutorFactory,
    MeasureFactory,
    MethodologistFactory,
    MunicipalStaffFactory,
    ProgramFactory,
    RegionStaffFactory,
    RunFactory,
    SchoolFactory,
    SchoolResultFactory,
    SchoolTeamFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db


def test_each_role_factory_makes_one_active_membership_with_its_scope():
    staff, team, executor = MunicipalStaffFactory(), SchoolTeamFactory(), ExecutorFactory()
    assert staff.memberships.get().municipality is not None
    assert team.memberships.get().school is not None
    assert executor.memberships.get().organisation is not None
    assert RegionStaffFactory().memberships.get().role == Role.REGION_STAFF
    school = SchoolFactory()
    api = ApiClientFactory(school=school).memberships.get()
    assert (api.school, api.municipality) == (school, None)
    methodologist = MethodologistFactory(assigned=[school])
    assert list(methodologist.assignments.values_list("school", flat=True)) == [school.pk]
    assert Membership.objects.filter(is_active=True).count() == 6


def test_a_municipal_staff_persona_sees_its_municipality():
    staff = MunicipalStaffFactory()
    school = SchoolFactory(municipality=staff.memberships.get().municipality)
    assert list(visible_schools(staff)) == [school]


def test_program_factory_reaches_a_status_through_approval():
    draft = ProgramFactory()
    assert draft.status == Program.Status.DRAFT and not draft.versions.exists()
    active = ProgramFactory(status=Program.Status.ACTIVE, schools=[SchoolFactory()])
    assert active.status == Program.Status.ACTIVE
    assert active.versions.count() == 1 and active.goals.exists() and active.measures.count() == 1
    assert active.participants.count() == 1


def test_measure_and_target_factories_use_the_services():
    program = ProgramFactory(period_start=date(2025, 1, 1), period_end=date(2025, 12, 31))
    measure = MeasureFactory(program=program, timing_text="Сентябрь, ежегодно")
    assert list(measure.occurrences.values_list("due_date", flat=True)) == [date(2025, 9, 30)]
    target = TargetFactory(program=program)
    assert target.school.municipality == program.municipality and target.planned == {"2025": 60.0}
    on_municipality = TargetFactory(program=program, municipality=program.municipality, indicator=target.indicator)
    assert on_municipality.school is None


def test_collection_factory_opens_one_submission_per_school():
    collection = CollectionFactory()
    assert collection.submissions.get().status == Submission.Status.DRAFT


def test_run_factories():
    queued = RunFactory()
    assert queued.status == Run.Status.QUEUED and queued.methodology_frozen
    result = SchoolResultFactory()
    assert result.run.status == Run.Status.DONE and result.school.region == result.run.region
