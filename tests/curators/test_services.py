"""The curators' services: assigning opens the methodologist's right in schools (the one access
layer) and ending withdraws only what it opened; a visit closes a plan item; bad input is refused
in Russian with nothing half-saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from curators.access import curator_school_ids
from curators.models import CuratorAssignment, PlanItem, Visit, VisitFile
from curators.selectors.school import PlanState, school_curation
from curators.services.assignments import OrderData, curator_assign, curator_end
from curators.services.visits import VisitData, plan_item_add, visit_record
from schools.access import scope_of
from schools.models import MethodologistAssignment, User
from tests.factories import MethodologistFactory, SchoolFactory, UserFactory

from .conftest import pdf

pytestmark = pytest.mark.django_db


def _order(days_ago: int = 30, **kw) -> OrderData:
    day = timezone.localdate() - timedelta(days=days_ago)
    return OrderData(
        number=kw.get("number", "12-к"), date=kw.get("date", day), starts_on=day, ends_on=kw.get("ends_on")
    )


def _fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # a new user object: no cached scope


def test_assign_opens_the_right_in_schools_and_end_withdraws_it(world):
    curator = MethodologistFactory()
    assert not MethodologistAssignment.objects.filter(methodologist=curator).exists()
    made = curator_assign(
        curator=curator, schools=[world.school_a, world.school_a2], order=_order(), user=world.region_staff
    )
    assert [a.school for a in made] == sorted([world.school_a, world.school_a2], key=lambda s: s.pk)
    assert all(a.opened_access for a in made)
    fresh = _fresh(curator)
    assert scope_of(fresh).assigned_school_ids == {world.school_a.pk, world.school_a2.pk}
    assert curator_school_ids(fresh) == {world.school_a.pk, world.school_a2.pk}
    assert fresh.has_perm("schools.view_school", world.school_a)

    curator_end(assignment=made[0], ended_on=timezone.localdate(), user=world.region_staff)
    fresh = _fresh(curator)
    ended_school = made[0].school
    assert ended_school.pk not in scope_of(fresh).assigned_school_ids
    assert not fresh.has_perm("schools.view_school", ended_school)
    assert not fresh.has_perm("curators.view_curation", ended_school)
    assert CuratorAssignment.objects.get(pk=made[0].pk).ended_by == world.region_staff


def test_end_keeps_a_right_that_was_open_for_another_reason(world):
    # methodologist_a was assigned to A-1 before (a reviewer): the curator's assignment finds it.
    [assignment] = curator_assign(
        curator=world.methodologist_a, schools=[world.school_a], order=_order(), user=world.region_staff
    )
    assert not assignment.opened_access
    curator_end(assignment=assignment, ended_on=timezone.localdate(), user=world.region_staff)
    fresh = _fresh(world.methodologist_a)
    assert world.school_a.pk in scope_of(fresh).assigned_school_ids  # still the reviewer
    assert curator_school_ids(fresh) == frozenset()  # but no longer the curator


def test_a_withdrawn_right_is_opened_again_by_a_new_order(world):
    curator = MethodologistFactory()
    [first] = curator_assign(curator=curator, schools=[world.school_a], order=_order(60), user=world.region_staff)
    curator_end(assignment=first, ended_on=timezone.localdate() - timedelta(days=10), user=world.region_staff)
    [second] = curator_assign(curator=curator, schools=[world.school_a], order=_order(5), user=world.region_staff)
    assert second.opened_access and second.access_id == first.access_id
    assert world.school_a.pk in curator_school_ids(_fresh(curator))


def _messages(exc: ValidationError) -> str:
    return " ".join(exc.messages)


def test_assign_refuses_bad_input_and_saves_nothing(world, curation):
    curator = MethodologistFactory()
    before = (CuratorAssignment.objects.count(), MethodologistAssignment.objects.count())
    # A-2 already has curator_a2: the whole order is refused, A-1's assignment is not made either.
    with pytest.raises(ValidationError) as exc:
        curator_assign(curator=curator, schools=[SchoolFactory(municipality=world.mun_a), world.school_a2],
                       order=_order(), user=world.region_staff)  # fmt: skip
    assert "уже есть куратор" in _messages(exc.value) and "Другой Пётр" in _messages(exc.value)
    assert (CuratorAssignment.objects.count(), MethodologistAssignment.objects.count()) == before

    with pytest.raises(ValidationError) as exc:
        curator_assign(curator=UserFactory(), schools=[world.school_a], order=_order(), user=world.region_staff)
    assert "«методист, эксперт, куратор»" in _messages(exc.value)

    with pytest.raises(ValidationError) as exc:  # a school of another region
        curator_assign(curator=curator, schools=[world.school_b], order=_order(), user=world.region_staff)
    assert "своего региона" in _messages(exc.value) and "Школа Б-1" in _messages(exc.value)

    tomorrow = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        curator_assign(curator=curator, schools=[SchoolFactory(municipality=world.mun_a)],
                       order=_order(date=tomorrow, number=" "), user=world.region_staff)  # fmt: skip
    assert set(exc.value.message_dict) == {"order_number", "order_date"}
    assert "ещё не наступила" in exc.value.message_dict["order_date"][0]
    assert (CuratorAssignment.objects.count(), MethodologistAssignment.objects.count()) == before


def test_plan_item_outside_the_period_is_refused(world, curation):
    a = curation.assignment
    with pytest.raises(ValidationError) as exc:
        plan_item_add(assignment=a, planned_on=a.starts_on - timedelta(days=1), kind="visit", topic="Визит",
                      user=curation.curator_a)  # fmt: skip
    assert "раньше начала закрепления" in exc.value.message_dict["planned_on"][0]
    assert not PlanItem.objects.exists()


def test_a_visit_closes_its_plan_item(world, curation):
    a = curation.assignment
    today = timezone.localdate()
    item = plan_item_add(assignment=a, planned_on=today - timedelta(days=3), kind="visit", topic="Уроки",
                         user=curation.curator_a)  # fmt: skip
    [row] = school_curation(school=world.school_a).plan
    assert row.state == PlanState.OVERDUE
    visit = visit_record(
        assignment=a,
        data=VisitData(today - timedelta(days=1), "onsite", "Наблюдение уроков", recommendations="Уровневые задания"),
        plan_item=item,
        files=[pdf()],
        user=curation.curator_a,
    )
    curation_now = school_curation(school=world.school_a)
    [row] = curation_now.plan
    assert row.state == PlanState.DONE and row.visit == visit
    assert curation_now.overdue == 0
    assert [f.original_name for f in visit.files.all()] == ["протокол.pdf"]
    # The item is closed: a second visit cannot close it again.
    with pytest.raises(ValidationError) as exc:
        visit_record(assignment=a, data=VisitData(today, "remote", "Консультация"), plan_item=item,
                     user=curation.curator_a)  # fmt: skip
    assert "уже закрыт" in _messages(exc.value)
    assert Visit.objects.count() == 1


def test_a_visit_dated_in_the_future_is_refused_and_nothing_is_saved(world, curation):
    a = curation.assignment
    tomorrow = timezone.localdate() + timedelta(days=1)
    item = plan_item_add(assignment=a, planned_on=tomorrow, kind="visit", topic="Уроки", user=curation.curator_a)
    with pytest.raises(ValidationError) as exc:
        visit_record(assignment=a, data=VisitData(tomorrow, "onsite", "Наблюдение уроков"), plan_item=item,
                     files=[pdf()], user=curation.curator_a)  # fmt: skip
    message = exc.value.message_dict["visited_on"][0]
    assert f"{tomorrow:%d.%m.%Y}" in message and "ещё не наступила" in message
    assert not Visit.objects.exists() and not VisitFile.objects.exists()
    assert school_curation(school=world.school_a).plan[0].state == PlanState.UPCOMING


@pytest.mark.parametrize(
    ("name", "content", "words"),
    [
        ("вирус.exe", b"MZ\x90\x00", "допустимы PDF"),
        ("протокол.pdf", b"PK\x03\x04 not a pdf", "не является файлом PDF"),
    ],
)
def test_visit_files_are_checked_and_a_bad_one_saves_nothing(world, curation, name, content, words):
    bad = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError) as exc:
        visit_record(assignment=curation.assignment, data=VisitData(timezone.localdate(), "onsite", "Визит"),
                     files=[pdf(), bad], user=curation.curator_a)  # fmt: skip
    assert words in _messages(exc.value)
    assert not Visit.objects.exists() and not VisitFile.objects.exists()


def test_a_too_large_file_is_refused(world, curation, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        visit_record(assignment=curation.assignment, data=VisitData(timezone.localdate(), "onsite", "Визит"),
                     files=[pdf()], user=curation.curator_a)  # fmt: skip
    assert "больше" in _messages(exc.value)
    assert not Visit.objects.exists()


def test_no_visits_after_the_assignment_ended(world, curation):
    a = curator_end(assignment=curation.assignment, ended_on=timezone.localdate(), user=world.region_staff)
    with pytest.raises(ValidationError) as exc:
        visit_record(assignment=a, data=VisitData(timezone.localdate(), "onsite", "Визит"), user=curation.curator_a)
    assert "завершено" in _messages(exc.value)
    with pytest.raises(ValidationError):
        curator_end(assignment=a, ended_on=timezone.localdate(), user=world.region_staff)
