"""Two members of a school team fill the same collection form: the second save is refused with a
Russian message naming the first person and the values they changed; the database keeps the first
person's values, and the form keeps what the second one typed."""

import pytest
from django.urls import reverse

from monitoring.models import SubmissionValue
from schools.models import Role
from tests.factories import MembershipFactory, UserFactory
from tests.monitoring.collection_helpers import make_collection, make_indicators

pytestmark = pytest.mark.django_db


def _form(indicators, version, **values):
    data = {"version": str(version), "save": "1"}
    data.update({f"value_{indicators[code].pk}": value for code, value in values.items()})
    return data


def test_second_submission_save_gets_a_conflict_naming_the_first_change(world, client_for):
    indicators = make_indicators()
    collection = make_collection(world, indicators)
    submission = collection.submissions.get(school=world.school_a)
    deputy = UserFactory(username="team_a2", last_name="Орлова", first_name="Елена")
    MembershipFactory(user=deputy, role=Role.SCHOOL_TEAM, school=world.school_a)
    url = reverse("monitoring:submission_fill", args=[submission.pk])
    first, second = client_for(deputy), client_for(world.team_a)
    seen_first = first.get(url).context["version"]
    seen_second = second.get(url).context["version"]
    assert seen_first == seen_second == submission.version

    saved = first.post(url, _form(indicators, seen_first, teachers_total="40", teachers_trained="12", satisfied="45"))
    assert saved.status_code == 302
    response = second.post(
        url, _form(indicators, seen_second, teachers_total="38", teachers_trained="10", satisfied="44")
    )

    assert response.status_code == 200
    body = response.content.decode()
    assert "Ответ школы уже изменил(а) Орлова Елена" in body
    assert "Численность педагогов, значение: «—» → «40»" in body
    assert "Ваши изменения не сохранены" in body
    assert 'value="38"' in body  # what the second person typed is still on the form
    stored = {v.indicator.code: v.value for v in SubmissionValue.objects.filter(submission=submission)}
    assert stored["t_teachers_total"] == 40 and stored["t_satisfied"] == 45

    # Saving again after reading the message goes through, deliberately.
    retry = second.post(
        url, _form(indicators, response.context["version"], teachers_total="38", teachers_trained="10", satisfied="44")
    )
    assert retry.status_code == 302
    assert SubmissionValue.objects.get(submission=submission, indicator=indicators["teachers_total"]).value == 38
