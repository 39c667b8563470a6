"""Roadmap executors through the API: read on measures, written under the measure form's service
and permissions, and reported on by the executing organisation's staff («assignment»)."""

from __future__ import annotations

from datetime import date

import pytest
from rest_framework.test import APIClient

from programs.models import MeasureAssignment, ProgressReport
from programs.services import programs as psvc
from programs.services.measures import measure_assignment_set, measure_create
from programs.services.progress import ProgressTarget, progress_file
from schools.models import Organisation
from tests.factories import ExecutorFactory, OrganisationFactory
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db


def _org(world, name: str, municipality=None) -> Organisation:
    return OrganisationFactory(municipality=municipality or world.mun_a, kind="other", name=name, short_name=name)


def _session(user) -> APIClient:
    client = APIClient()
    client.force_login(user)
    return client


def _url(measure) -> str:
    return f"/api/v1/measures/{measure.pk}/assignments/"


def test_measures_carry_their_executors(world, systems, issue, api):
    program = make_program(world, status="draft")
    centre = _org(world, "Методический центр")
    measure = program.measures.get(number="1.2")
    measure_assignment_set(measure=measure, level="methodological_service", text="Семинары", organisation=centre)
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    body = client.get(f"/api/v1/measures/{measure.pk}/").json()
    assert body["assignments"] == [
        {
            "id": measure.assignments.get().pk,
            "level": "methodological_service",
            "level_label": "муниципальная методическая служба",
            "organisation": centre.pk,
            "text": "Семинары",
        }
    ]
    assert body["version"] == 1


def test_committee_creates_changes_and_deletes_executors_at_once(world, systems, issue, api):
    program = make_program(world, status="draft")
    measure = program.measures.get(number="1.2")
    centre = _org(world, "Методический центр")
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a, read_only=False))
    created = client.put(
        _url(measure),
        {
            "assignments": [
                {"level": "authority", "text": "Издать приказ"},
                {"level": "quality_assessment", "text": "Мониторинг"},
            ]
        },
        format="json",
    )
    assert created.status_code == 200, created.content
    assert [r["level"] for r in created.json()] == ["authority", "quality_assessment"]
    authority = measure.assignments.get(level="authority")
    changed = client.put(
        _url(measure),
        {
            "assignments": [
                {"id": authority.pk, "level": "authority", "text": "Издать приказ и назначить координатора"},
                {"level": "methodological_service", "organisation": centre.pk, "text": "Творческая группа"},
            ],
            "expected_version": 2,
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert dict(measure.assignments.values_list("level", "text")) == {
        "authority": "Издать приказ и назначить координатора",
        "methodological_service": "Творческая группа",
    }
    stale = client.put(_url(measure), {"assignments": [], "expected_version": 2}, format="json")
    assert stale.status_code == 409
    assert measure.assignments.count() == 2


@pytest.mark.parametrize(
    ("rows", "words"),
    [
        ([{"level": "authority", "text": "a"}, {"level": "authority", "text": "b"}], "одна строка дорожной карты"),
        ([{"level": "authority", "text": "a", "organisation": 10**9}], "Нет организации"),
        ([{"id": 10**9, "level": "authority", "text": "a"}], "не относится к этому мероприятию"),
    ],
)
def test_executor_rows_get_the_services_checks(world, systems, issue, api, rows, words):
    measure = make_program(world, status="draft").measures.get(number="1.2")
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a, read_only=False))
    response = client.put(_url(measure), {"assignments": rows}, format="json")
    assert response.status_code == 400, response.content
    assert words in " ".join(response.json()["errors"]["assignments"])
    assert not MeasureAssignment.objects.exists()


def test_organisation_of_another_region_is_refused(world, systems, issue, api):
    measure = make_program(world, status="draft").measures.get(number="1.2")
    elsewhere = _org(world, "Чужой центр", municipality=world.mun_b)
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a, read_only=False))
    rows = [{"level": "authority", "text": "a", "organisation": elsewhere.pk}]
    response = client.put(_url(measure), {"assignments": rows}, format="json")
    assert response.status_code == 400 and "не из региона программы" in response.json()["errors"]["assignments"][0]


def test_approved_program_refuses_outside_an_amendment(world, systems, issue, api):
    program = make_program(world)
    measure = program.measures.get(number="1.2")
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a, read_only=False))
    rows = {"assignments": [{"level": "authority", "text": "a"}]}
    assert client.put(_url(measure), rows, format="json").status_code == 403
    psvc.program_amendment_open(program=program)
    assert client.put(_url(measure), rows, format="json").status_code == 200


def test_only_the_committee_writes_executors(world, systems, issue, api):
    program = make_program(world)
    measure = program.measures.get(number="1.1")
    rows = {"assignments": [{"level": "authority", "text": "a"}]}
    psvc.program_amendment_open(program=program)
    school = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    assert school.put(_url(measure), rows, format="json").status_code == 403
    read_only = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    assert read_only.put(_url(measure), rows, format="json").status_code == 403
    other = api(issue(world.api_a, school=world.school_a, read_only=False))
    assert other.put(_url(measure), rows, format="json").status_code == 403
    assert not MeasureAssignment.objects.exists()


def _roadmap_row(world):
    """A running program whose measure 3.1 (yearly in September) has two executor levels."""
    program = make_program(world, start=date(2024, 1, 1), end=date(2027, 8, 31))
    psvc.program_amendment_open(program=program)
    measure = measure_create(
        program=program, data={"number": "3.1", "title": "Творческая группа", "timing_text": "Сентябрь, ежегодно"}
    )
    centre, authority = _org(world, "Методический центр"), _org(world, "Управление образования")
    mine = measure_assignment_set(measure=measure, level="methodological_service", text="Группа", organisation=centre)
    theirs = measure_assignment_set(measure=measure, level="authority", text="Приказ", organisation=authority)
    psvc.program_amendment_commit(program=program, user=world.staff_a, reason="Исполнители")
    occurrence = measure.occurrences.order_by("due_date").first()
    return program, occurrence, mine, theirs, centre


def test_executor_files_on_its_own_row_only(world):
    _program, occurrence, mine, theirs, centre = _roadmap_row(world)
    client = _session(ExecutorFactory(username="centre_a", organisation=centre))
    url = f"/api/v1/occurrences/{occurrence.pk}/progress/"
    filed = client.post(url, {"assignment": mine.pk, "status": "done", "narrative": "Создана"}, format="json")
    assert filed.status_code == 201, filed.content
    assert filed.json()["assignment"] == mine.pk and filed.json()["organisation"] == centre.pk
    refused = client.post(url, {"assignment": theirs.pk, "status": "done", "narrative": "x"}, format="json")
    assert refused.status_code == 403
    assert "за этого исполнителя" in refused.json()["detail"]
    # Staff of an organisation that executes nothing in the program do not even see it.
    stranger = _session(ExecutorFactory(username="college_a", organisation=_org(world, "Колледж")))
    response = stranger.post(url, {"assignment": mine.pk, "status": "done", "narrative": "x"}, format="json")
    assert response.status_code == 404
    assert list(ProgressReport.objects.values_list("assignment_id", flat=True)) == [mine.pk]


def test_assignment_of_another_measure_or_with_a_school_is_400(world):
    program, occurrence, mine, _theirs, centre = _roadmap_row(world)
    other = program.measures.get(number="1.2")
    client = _session(ExecutorFactory(username="centre_a", organisation=centre))
    url = f"/api/v1/occurrences/{other.occurrences.first().pk}/progress/"
    response = client.post(url, {"assignment": mine.pk, "status": "in_progress"}, format="json")
    assert response.status_code == 400 and "нет исполнителя" in response.json()["errors"]["assignment"][0]
    both = client.post(
        f"/api/v1/occurrences/{occurrence.pk}/progress/",
        {"assignment": mine.pk, "school": world.school_a.pk, "status": "in_progress"},
        format="json",
    )
    assert both.status_code == 400 and "а не обоих" in both.json()["errors"]["assignment"][0]


def test_committee_files_for_an_executor_on_its_behalf(world, systems, issue, api):
    _program, occurrence, mine, _theirs, _centre = _roadmap_row(world)
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a, read_only=False))
    response = client.post(
        f"/api/v1/occurrences/{occurrence.pk}/progress/",
        {"assignment": mine.pk, "status": "in_progress"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert ProgressReport.objects.get().on_behalf


def test_executor_with_reports_cannot_be_deleted_through_the_api(world, systems, issue, api):
    program, occurrence, mine, theirs, centre = _roadmap_row(world)
    progress_file(
        target=ProgressTarget(occurrence, assignment=mine),
        user=ExecutorFactory(username="centre_a", organisation=centre),
        status="done",
        narrative="Создана",
    )
    psvc.program_amendment_open(program=program)
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a, read_only=False))
    keep_one = {"assignments": [{"id": theirs.pk, "level": "authority", "text": "Приказ"}]}
    response = client.put(_url(occurrence.measure), keep_one, format="json")
    assert response.status_code == 400
    message = response.json()["errors"]["assignments"][0]
    assert "удалить нельзя: по нему поданы отчёты — отчёт за" in message and "(на проверке)" in message
    assert MeasureAssignment.objects.filter(pk=mine.pk).exists()
