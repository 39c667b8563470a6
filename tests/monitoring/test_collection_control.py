"""The committee moves a collection's deadline, closes and reopens it; every change has a reason
kept in history, bad input is refused in Russian, and nobody else may do it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Collection
from monitoring.services.collections import CollectionError, submission_save
from tests.monitoring.collection_helpers import make_collection, make_indicators


@pytest.fixture
def collection(world):
    return make_collection(world, make_indicators())


def _post(client, collection, **data):
    return client.post(reverse("monitoring:collection_control", args=[collection.pk]), data, follow=True)


def test_deadline_moved_with_a_reason_kept_in_history(world, collection, client_for):
    staff = client_for(world.staff_a)
    new = timezone.localdate() + timedelta(days=20)
    page = _post(staff, collection, action="deadline", deadline=new.isoformat(), reason="").content.decode()
    assert "Укажите причину переноса срока" in page
    collection.refresh_from_db()
    assert collection.deadline != new
    _post(staff, collection, action="deadline", deadline=new.isoformat(), reason="Каникулы")
    collection.refresh_from_db()
    assert collection.deadline == new
    record = collection.history.first()
    assert record.history_change_reason == "Каникулы" and record.history_user == world.staff_a


def test_deadline_in_the_past_is_refused(world, collection, client_for):
    past = timezone.localdate() - timedelta(days=1)
    page = _post(client_for(world.staff_a), collection, action="deadline", deadline=past.isoformat(), reason="x")
    assert "не может быть в прошлом" in page.content.decode()


def test_closed_collection_refuses_entries_and_reopens_with_a_reason(world, collection, client_for):
    staff = client_for(world.staff_a)
    _post(staff, collection, action="close", reason="Срок вышел")
    collection.refresh_from_db()
    assert collection.status == Collection.Status.CLOSED
    submission = collection.submissions.get(school=world.school_a)
    with pytest.raises(CollectionError, match="Сбор закрыт"):
        submission_save(
            submission=submission, values={}, confirmations=[], user=world.team_a, expected_version=submission.version
        )
    assert "Сбор уже закрыт" in _post(staff, collection, action="close").content.decode()
    assert "зачем сбор открывается" in _post(staff, collection, action="reopen", reason="").content.decode()
    _post(staff, collection, action="reopen", reason="Две школы не успели")
    collection.refresh_from_db()
    assert collection.status == Collection.Status.OPEN


@pytest.mark.parametrize("persona", ["staff_b", "team_a", "methodologist_a", "region_staff"])
def test_only_the_committee_of_the_municipality_controls_it(world, collection, client_for, persona):
    response = client_for(getattr(world, persona)).post(
        reverse("monitoring:collection_control", args=[collection.pk]), {"action": "close"}
    )
    collection.refresh_from_db()
    if persona == "region_staff":  # the region governs its municipalities
        assert collection.status == Collection.Status.CLOSED
    else:
        assert response.status_code == 403 and collection.status == Collection.Status.OPEN
