"""``__in_ids``: one parameter for a long list of ids, the same rows as ``__in`` on either backend."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from schools.models import School
from tests.factories.schools import MunicipalityFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_same_rows_as_in_and_one_parameter():
    municipality = MunicipalityFactory()
    schools = SchoolFactory.create_batch(6, municipality=municipality, region=municipality.region)
    wanted = [s.pk for s in schools[::2]] + [10**9]  # an id that does not exist matches nothing
    with CaptureQueriesContext(connection) as queries:
        got = sorted(School.objects.filter(pk__in_ids=wanted).values_list("pk", flat=True))
    assert got == sorted(School.objects.filter(pk__in=wanted).values_list("pk", flat=True)) == sorted(wanted[:-1])
    sql = queries.captured_queries[0]["sql"]
    assert str(schools[2].pk) in sql and sql.count(str(schools[4].pk)) >= 1  # the list travels as one value
    assert " IN (%s" not in sql and ", %s, %s" not in sql


def test_through_a_relation_and_in_an_or():
    municipality = MunicipalityFactory()
    other = MunicipalityFactory(region=municipality.region)
    here = SchoolFactory(municipality=municipality, region=municipality.region)
    there = SchoolFactory(municipality=other, region=other.region)
    rows = School.objects.filter(Q(municipality_id__in_ids=[municipality.pk]) | Q(pk__in_ids=[there.pk]))
    assert set(rows) == {here, there}


def test_empty_list_matches_nothing():
    SchoolFactory()
    assert not School.objects.filter(pk__in_ids=[]).exists()
    assert School.objects.exclude(pk__in_ids=[]).count() == School.objects.count()


def test_ids_must_be_whole_numbers():
    with pytest.raises((TypeError, ValueError)):
        list(School.objects.filter(pk__in_ids=["1; DROP TABLE schools_school"]))
