"""The access rules views call by name instead of reading the Scope, and the one shape of a save
under optimistic locking (schools/views/editing.py)."""

from __future__ import annotations

import pytest
from django import forms
from django.http import QueryDict
from django.urls import reverse

from monitoring.access import own_dashboard
from schools.access import (
    own_organisations,
    own_school_ids,
    staff_municipalities,
    team_school_ids,
    visible_import_batches,
)
from schools.models import ImportBatch, Membership, Role
from schools.views.editing import keep_typed_if_stale
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_own_places(world):
    assert team_school_ids(world.team_a) == {world.school_a.pk}
    assert own_school_ids(world.team_a) == {world.school_a.pk}
    assert own_school_ids(world.methodologist_a) == {world.school_a.pk}
    assert team_school_ids(world.methodologist_a) == frozenset()
    assert list(staff_municipalities(world.staff_a)) == [world.mun_a]
    # Region staff reach the municipalities through their region, but are not on their staff.
    assert list(staff_municipalities(world.region_staff)) == []
    assert own_school_ids(None) == frozenset()


def test_own_organisations(world):
    org = OrganisationFactory(region=world.region)
    OrganisationFactory(region=world.region)
    executor = UserFactory()
    Membership.objects.create(user=executor, role=Role.EXECUTOR, organisation=org)
    assert list(own_organisations(executor)) == [org]
    assert list(own_organisations(world.staff_a)) == []


def test_own_dashboard(world):
    assert own_dashboard(world.region_staff) == ("region", world.region.pk)
    assert own_dashboard(world.staff_a) == ("municipality", world.mun_a.pk)
    assert own_dashboard(world.team_a) == ("school", world.school_a.pk)
    assert own_dashboard(world.methodologist_a) is None


def test_the_region_page_is_its_staffs_and_superusers(world, client_for):
    url = reverse("monitoring:dashboard_region", args=[world.region.pk])
    assert world.region_staff.has_perm("schools.view_region", world.region)
    assert UserFactory(is_superuser=True).has_perm("schools.view_region", world.region)
    assert not world.staff_a.has_perm("schools.view_region", world.region)
    assert client_for(world.staff_a).get(url).status_code == 403
    assert client_for(None).get(url).status_code == 302
    missing = reverse("monitoring:dashboard_region", args=[world.region.pk + 1000])
    assert client_for(world.region_staff).get(missing).status_code == 404


def test_import_batches_are_their_uploaders(world):
    mine = ImportBatch.objects.create(kind="schools", original_name="a.xlsx", uploaded_by=world.staff_a)
    ImportBatch.objects.create(kind="schools", original_name="b.xlsx", uploaded_by=world.region_staff)
    assert list(visible_import_batches(world.staff_a)) == [mine]
    assert visible_import_batches(UserFactory(is_superuser=True)).count() == 2


class VersionForm(forms.Form):
    name = forms.CharField()
    version = forms.IntegerField(widget=forms.HiddenInput)


class Stale(Exception):
    pass


def _form() -> VersionForm:
    form = VersionForm(QueryDict("name=typed&version=3"))
    assert form.is_valid()
    return form


def test_a_stale_save_keeps_the_typed_values_against_the_latest_version():
    form = _form()
    with pytest.raises(Stale), keep_typed_if_stale(form, Stale, latest=lambda refusal: 5) as kept:
        raise Stale
    assert kept.version == 5
    assert form.data["name"] == "typed" and form.data["version"] == "5"


def test_other_refusals_and_saves_leave_the_form_alone():
    form = _form()
    with pytest.raises(ValueError), keep_typed_if_stale(form, Stale, latest=lambda refusal: 5) as kept:
        raise ValueError
    assert kept.version is None and form.data["version"] == "3"
    with keep_typed_if_stale(form, Stale, latest=lambda refusal: 5) as kept:
        pass
    assert kept.version is None and form.data["version"] == "3"


def test_no_record_yet_is_version_0_and_the_record_itself_is_read_again(world):
    form = _form()
    with pytest.raises(Stale), keep_typed_if_stale(form, Stale, latest=lambda refusal: None):
        raise Stale
    assert form.data["version"] == "0"

    from schools.models import SchoolProfile

    profile = SchoolProfile.objects.create(school=world.school_a, year=2025)
    SchoolProfile.objects.filter(pk=profile.pk).update(version=7)
    with pytest.raises(Stale), keep_typed_if_stale(None, Stale, latest=profile) as kept:
        raise Stale
    assert kept.version == 7
