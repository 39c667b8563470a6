"""History of a program (who, when, before/after) and «Восстановить эту версию» on a measure and a
target: an ordinary, permission-checked, version-bumping edit recorded with its reason; refused in an
approved program outside an amendment. Deleting what others depend on is refused or soft."""

from decimal import Decimal

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from monitoring.models import Indicator, Target
from programs.models import Goal, Measure, ProgressReport
from programs.services import programs as psvc
from programs.services.measures import measure_archive, measure_update
from programs.services.progress import ProgressTarget, progress_file
from programs.services.targets import target_delete, target_set

from .conftest import make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    return Indicator.objects.create(
        code="share_passed", name="Доля выпускников, сдавших ГИА", unit="percent", min_value=0, max_value=100
    )


def _history(client, program) -> str:
    return client.get(reverse("programs:history", args=[program.pk])).content.decode()


def _restore(client, program, **data):
    return client.post(reverse("programs:restore", args=[program.pk]), data, follow=True).content.decode()


def test_history_shows_who_changed_measures_targets_and_passport_parts(world, client_for, indicator):
    program = make_program(world, status="draft")
    staff = client_for(world.staff_a)
    measure = Measure.objects.get(program=program, number="1.1")
    edit = reverse("programs:measure_edit", args=[program.pk, measure.pk])
    form = {"number": "1.1", "title": "Семинар для учителей математики", "timing_text": "Сентябрь, ежегодно"}
    staff.post(edit, {**form, "version": measure.version, "task": measure.task_id, "schools": [world.school_a.pk]})
    target_set(program=program, indicator=indicator, school=world.school_a, planned={2025: "70"})
    staff.post(
        reverse("programs:part", args=[program.pk, "goals"]),
        {
            "goals-TOTAL_FORMS": "1",
            "goals-INITIAL_FORMS": "1",
            "goals-0-id": Goal.objects.get(program=program).pk,
            "goals-0-position": "0",
            "goals-0-text": "Равные возможности для всех обучающихся",
        },
    )

    body = _history(staff, program)
    assert "Мероприятие 1.1" in body and "Семинар для учителей математики" in body
    assert world.staff_a.display_name in body  # who: the request's user, through simple_history's middleware
    assert "Целевой показатель «Доля выпускников, сдавших ГИА»" in body
    assert "Равные возможности для всех обучающихся" in body  # goals now have a history too
    assert "Восстановить эту версию" in body


@pytest.mark.parametrize("user", ["team_a", "staff_b", "methodologist_a"])
def test_only_the_governing_committee_sees_and_restores_history(world, client_for, user):
    program = make_program(world)
    client = client_for(getattr(world, user))
    assert client.get(reverse("programs:history", args=[program.pk])).status_code in (403, 404)
    response = client.post(reverse("programs:restore", args=[program.pk]), {"kind": "measure", "history_id": 1})
    assert response.status_code in (403, 404)


def test_restore_measure_writes_old_values_bumps_version_and_records_reason(world, client_for):
    program = make_program(world, status="draft")
    measure = Measure.objects.get(program=program, number="1.1")
    # The state after creation, schools included (simple_history records m2m changes as their own step).
    original = measure.history.filter(version=1).latest("history_date")
    measure = measure_update(
        measure=measure,
        data={"title": "Семинар отменён", "timing_text": "2 квартал 2025 года", "schools": []},
        expected_version=measure.version,
    )
    assert measure.schedule_kind == "range" and measure.occurrences.count() == 1
    staff = client_for(world.staff_a)
    before = measure.history.filter(history_date__lte=original.history_date).count()

    body = _restore(
        staff,
        program,
        kind="measure",
        history_id=original.history_id,
        object_id=measure.pk,
        version=measure.version,
    )
    assert "восстановлено из выбранной версии" in body
    restored = Measure.objects.get(pk=measure.pk)
    assert restored.title == "Семинар для учителей"
    assert restored.timing_text == "Сентябрь, ежегодно" and restored.schedule_kind == "yearly"
    assert list(restored.schools.all()) == [world.school_a]
    assert restored.version == measure.version + 1
    latest = restored.history.latest("history_date")
    assert latest.history_change_reason.startswith("восстановлено из версии от")
    assert latest.history_user == world.staff_a
    assert restored.history.filter(history_date__lte=original.history_date).count() == before  # nothing rewritten
    assert "восстановлено из версии от" in _history(staff, program)


def test_restore_with_a_stale_version_is_refused_naming_the_other_change(world, client_for):
    program = make_program(world, status="draft")
    measure = Measure.objects.get(program=program, number="1.1")
    original = measure.history.earliest("history_date")
    seen = measure.version
    measure_update(measure=measure, data={"title": "Изменено другим"}, expected_version=seen, user=world.staff_a)

    body = _restore(
        client_for(world.staff_a),
        program,
        kind="measure",
        history_id=original.history_id,
        object_id=measure.pk,
        version=seen,
    )
    assert "уже изменил" in body and "Изменено другим" in body
    assert Measure.objects.get(pk=measure.pk).title == "Изменено другим"


def test_restore_is_refused_in_an_approved_program_outside_an_amendment(world, client_for):
    program = make_program(world, status="draft")
    measure = Measure.objects.get(program=program, number="1.1")
    original = measure.history.earliest("history_date")
    measure = measure_update(measure=measure, data={"title": "Новая редакция"}, expected_version=measure.version)
    psvc.program_approve(program=program, user=world.staff_a)
    staff = client_for(world.staff_a)
    data = {"kind": "measure", "history_id": original.history_id, "object_id": measure.pk, "version": measure.version}

    body = _restore(staff, program, **data)
    assert "Программа утверждена: прежнюю версию можно восстановить только при внесении изменений" in body
    assert Measure.objects.get(pk=measure.pk).title == "Новая редакция"

    psvc.program_amendment_open(program=program)
    _restore(staff, program, **data)
    assert Measure.objects.get(pk=measure.pk).title == "Семинар для учителей"


def test_restore_target_brings_back_a_deleted_target(world, client_for, indicator):
    program = make_program(world, status="draft")
    target = target_set(
        program=program, indicator=indicator, school=world.school_a, baseline_value=Decimal("60"), planned={2025: 70}
    )
    target = target_set(
        program=program, indicator=indicator, school=world.school_a, planned={2025: 90}, expected_version=1
    )
    first = target.history.earliest("history_date")
    target_delete(program=program, target=target)
    staff = client_for(world.staff_a)

    body = _restore(staff, program, kind="target", history_id=first.history_id, version=0)
    assert "восстановлен из выбранной версии" in body
    back = Target.objects.get(target_set__program=program)
    assert back.planned == {"2025": 70.0} and back.baseline_value == Decimal("60")
    assert back.history.latest("history_date").history_change_reason.startswith("восстановлено из версии от")


def test_measure_with_progress_reports_is_archived_never_deleted(world):
    program = make_program(world)
    measure = Measure.objects.get(program=program, number="1.1")
    occurrence = measure.occurrences.first()
    psvc.program_amendment_open(program=program)
    progress_file(
        target=ProgressTarget(occurrence=occurrence, school=world.school_a),
        user=world.team_a,
        status="in_progress",
        narrative="Идёт подготовка",
    )
    with pytest.raises(ProtectedError):
        measure.delete()  # the database refuses: reports protect their occurrence
    with pytest.raises(ProtectedError):
        program.delete()

    measure_archive(measure=measure)
    measure.refresh_from_db()
    assert measure.is_archived
    assert ProgressReport.objects.filter(occurrence__measure=measure).count() == 1
    assert measure.history.filter(is_archived=True).exists()


def test_deleting_a_task_that_measures_use_is_refused_in_russian(world, client_for):
    program = make_program(world, status="draft")
    task = program.tasks.get()
    response = client_for(world.staff_a).post(
        reverse("programs:part", args=[program.pk, "tasks"]),
        {
            "tasks-TOTAL_FORMS": "1",
            "tasks-INITIAL_FORMS": "1",
            "tasks-0-id": task.pk,
            "tasks-0-number": "1",
            "tasks-0-text": task.text,
            "tasks-0-DELETE": "on",
        },
        follow=True,
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Удалить нельзя: от этой записи зависят мероприятие 1.1" in body
    assert program.tasks.filter(pk=task.pk).exists()


@pytest.mark.parametrize("model", ["programs/program", "programs/measure", "schools/school", "schools/organisation"])
def test_admin_offers_no_deletion_of_what_others_depend_on(world, client, model):
    from django.contrib.auth import get_user_model

    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "x")
    client.force_login(admin_user)
    program = make_program(world, status="draft")
    obj = {
        "programs/program": program,
        "programs/measure": program.measures.first(),
        "schools/school": world.school_a,
        "schools/organisation": None,
    }[model]
    if obj is None:
        from schools.models import Organisation

        obj = Organisation.objects.create(name="Методический центр", short_name="МЦ", region=world.region)
    assert client.get(f"/admin/{model}/{obj.pk}/change/").status_code == 200
    assert client.get(f"/admin/{model}/{obj.pk}/delete/").status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_history_page_queries_do_not_grow_with_the_history(world, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from programs.services.measures import measure_create

    program = make_program(world, status="draft")
    staff = client_for(world.staff_a)
    url = reverse("programs:history", args=[program.pk])
    with CaptureQueriesContext(connection) as small:
        staff.get(url)
    task = program.tasks.get()
    for i in range(5):  # each: created, schools set (an m2m step), edited, schools cleared
        m = measure_create(
            program=program,
            data={"number": f"2.{i}", "title": "Консультация", "task": task, "timing_text": "Май 2025 года"},
        )
        m.schools.set([world.school_a])
        measure_update(measure=m, data={"title": "Консультация для родителей", "schools": []}, expected_version=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        body = staff.get(url).content.decode()
    assert body.count("Консультация для родителей") >= 5 and "школы, которых касается" in body
