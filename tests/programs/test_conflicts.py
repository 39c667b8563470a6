"""Two people editing the same measure or target through the pages: both open the form, the first
saves, the second gets a Russian conflict message naming the first person's change, and the
database keeps the first change — never a silent overwrite. Saving again after reading it is a
deliberate choice and goes through."""

import pytest
from django.urls import reverse

from monitoring.models import Indicator, Target
from programs.models import Measure
from programs.services.targets import target_set
from schools.models import Role
from tests.factories import MembershipFactory, UserFactory

from .conftest import make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(world):
    """A second committee specialist of the same municipality, with a name to be seen in messages."""
    user = UserFactory(username="staff_a2", last_name="Соколова", first_name="Мария")
    MembershipFactory(user=user, role=Role.MUNICIPAL_STAFF, municipality=world.mun_a)
    return user


def _form_from_response(response) -> dict:
    """What the browser would post back: the form as shown, hidden version included."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value in (None, ""):
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return data


def test_second_measure_save_gets_a_conflict_naming_the_first_change(world, client_for, colleague):
    program = make_program(world, status="draft")
    measure = Measure.objects.get(program=program, number="1.1")
    url = reverse("programs:measure_edit", args=[program.pk, measure.pk])
    first, second = client_for(colleague), client_for(world.staff_a)
    form_first, form_second = _form_from_response(first.get(url)), _form_from_response(second.get(url))

    assert first.post(url, {**form_first, "title": "Семинар по функциональной грамотности"}).status_code == 302
    response = second.post(url, {**form_second, "title": "Семинар для молодых учителей"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Мероприятие 1.1 уже изменил(а) Соколова Мария" in body
    assert "«Семинар для учителей» → «Семинар по функциональной грамотности»" in body
    assert "Ваши изменения не сохранены" in body
    assert "Семинар для молодых учителей" in body  # what the second person typed is not lost
    measure.refresh_from_db()
    assert measure.title == "Семинар по функциональной грамотности" and measure.version == 2

    # The form kept what the second person typed and now carries the latest version: saving again
    # after reading the message is a deliberate overwrite, recorded as such.
    retry = _form_from_response(response)
    assert second.post(url, retry).status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Семинар для молодых учителей" and measure.version == 3


@pytest.fixture
def indicator():
    return Indicator.objects.create(
        code="share_passed", name="Доля выпускников, сдавших ГИА", unit="percent", min_value=0, max_value=100
    )


def test_second_target_save_gets_a_conflict_naming_the_first_change(world, client_for, colleague, indicator):
    program = make_program(world, status="draft")
    target = target_set(program=program, indicator=indicator, school=world.school_a, planned={2025: 60})
    url = reverse("programs:targets", args=[program.pk])
    edit = f"{url}?edit={target.pk}"
    first, second = client_for(colleague), client_for(world.staff_a)
    loaded_first, loaded_second = _form_from_response(first.get(edit)), _form_from_response(second.get(edit))
    assert loaded_first["version"] == "1" and float(loaded_first["plan_2025"]) == 60

    assert first.post(edit, {**loaded_first, "plan_2025": "75"}).status_code == 302
    response = second.post(edit, {**loaded_second, "plan_2025": "80"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Целевой показатель «Доля выпускников, сдавших ГИА» уже изменил(а) Соколова Мария" in body
    assert "плановые значения по годам: «2025: 60» → «2025: 75»" in body
    target.refresh_from_db()
    assert target.planned == {"2025": 75.0} and target.version == 2


def test_adding_a_target_someone_else_just_added_is_a_conflict(world, client_for, colleague, indicator):
    program = make_program(world, status="draft")
    url = reverse("programs:targets", args=[program.pk])
    first, second = client_for(colleague), client_for(world.staff_a)
    empty_first, empty_second = _form_from_response(first.get(url)), _form_from_response(second.get(url))
    add = {"indicator": str(indicator.pk), "school": str(world.school_a.pk)}

    assert first.post(url, {**empty_first, **add, "plan_2025": "70"}).status_code == 302
    response = second.post(url, {**empty_second, **add, "plan_2025": "50"})

    assert response.status_code == 200
    assert "уже изменил(а) Соколова Мария" in response.content.decode()
    assert Target.objects.get(target_set__program=program).planned == {"2025": 70.0}


def test_second_passport_save_gets_a_conflict_naming_the_first_change(world, client_for, colleague):
    program = make_program(world, status="draft")
    url = reverse("programs:edit", args=[program.pk])
    first, second = client_for(colleague), client_for(world.staff_a)
    form_first, form_second = _form_from_response(first.get(url)), _form_from_response(second.get(url))

    assert first.post(url, {**form_first, "short_title": "Программа «Шаг вперёд»"}).status_code == 302
    response = second.post(url, {**form_second, "short_title": "Программа «Равные возможности»"})

    assert response.status_code == 200
    body = response.content.decode()
    assert "Паспорт программы уже изменил(а) Соколова Мария" in body and "Шаг вперёд" in body
    program.refresh_from_db()
    assert program.short_title == "Программа «Шаг вперёд»"
