import pytest
from django.db import IntegrityError, transaction

from schools.models import Membership, Role, School
from tests.factories import MunicipalityFactory, SchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_membership_must_carry_the_scope_of_its_role():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.SCHOOL_TEAM)  # a team without a school
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, role=Role.MUNICIPAL_STAFF)


def test_school_code_is_unique_within_region_only():
    a = MunicipalityFactory()
    b = MunicipalityFactory(region=a.region)
    c = MunicipalityFactory()
    SchoolFactory(municipality=a, code="X1")
    SchoolFactory(municipality=c, code="X1")  # another region: allowed
    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolFactory(municipality=b, code="X1")


def test_school_region_follows_municipality():
    municipality = MunicipalityFactory()
    school = School.objects.create(municipality=municipality, code="Z", name="Школа", short_name="Ш")
    assert school.region_id == municipality.region_id


def test_school_changes_are_history_tracked():
    school = SchoolFactory(director="Иванов И. И.")
    school.director = "Петров П. П."
    school.save()
    assert list(school.history.values_list("director", flat=True)) == ["Петров П. П.", "Иванов И. И."]
