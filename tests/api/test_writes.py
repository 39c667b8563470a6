"""Writes through the API: the services' checks and the access layer's permissions, exactly as
in the portal's pages; a read-only token writes nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from monitoring.models import IndicatorValue
from programs.models import ProgressReport
from tests.programs.conftest import make_program

from .conftest import put_value

pytestmark = pytest.mark.django_db
VALUES = "/api/v1/indicator-values/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _value(school, value="48", **extra):
    return {"indicator": "teachers_total", "period": "2023/2024", "school": school.pk, "value": value, **extra}


def test_school_writer_creates_then_replaces_a_value(world, systems, issue, api):
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    created = client.post(VALUES, _value(world.school_a, expected_version=0), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["version"] == 1 and body["value"] == "48.0000" and body["period"]["label"] == "2023/2024 учебный год"
    replaced = client.post(VALUES, _value(world.school_a, "50", expected_version=1), format="json")
    assert replaced.status_code == 200 and replaced.json()["version"] == 2
    stored = IndicatorValue.objects.get()
    assert stored.entered_by == systems.writer_school_a and stored.source_ref.startswith("API, токен")
    assert stored.history.count() == 2


def test_stale_version_is_409_and_changes_nothing(world, systems, issue, api):
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    assert client.post(VALUES, _value(world.school_a, expected_version=0), format="json").status_code == 201
    response = client.post(VALUES, _value(world.school_a, "60", expected_version=0), format="json")
    assert response.status_code == 409
    assert "другой пользователь" in response.json()["detail"]
    assert IndicatorValue.objects.get().value == 48


@pytest.mark.parametrize(
    ("payload", "field", "words"),
    [
        ({"value": "-1"}, "value", "не меньше"),
        ({"value": "12,5"}, "value", "целым числом"),
        ({"value": "много"}, "value", "не число"),
        ({"indicator": "share_teachers_trained"}, "value", "вычисляется по формуле"),
        ({"indicator": "no_such_code"}, "indicator", "Нет показателя"),
        ({"period": "весной"}, "period", "период должен быть"),
    ],
)
def test_values_get_the_portals_checks(world, systems, issue, api, payload, field, words):
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    response = client.post(VALUES, {**_value(world.school_a), **payload}, format="json")
    assert response.status_code == 400, response.content
    assert words in " ".join(response.json()["errors"][field])
    assert not IndicatorValue.objects.exists()


def test_range_of_the_indicator_is_enforced(world, systems, issue, api):
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    payload = {"indicator": "service_quality_score", "period": "2024", "school": world.school_a.pk, "value": "101"}
    response = client.post(VALUES, payload, format="json")
    assert response.status_code == 400
    assert "от 0 до 100" in response.json()["errors"]["value"][0]


@pytest.mark.parametrize("where", ["school_a2", "school_b"])
def test_school_token_cannot_write_elsewhere(world, systems, issue, api, where):
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    response = client.post(VALUES, _value(getattr(world, where)), format="json")
    assert response.status_code == 403
    assert response.json()["detail"] == "Нет прав на запись значений показателей этой школы."
    assert not IndicatorValue.objects.exists()


def test_school_token_cannot_change_another_schools_value(world, systems, issue, api):
    other = put_value("teachers_total", 40, school=world.school_b)
    neighbour = put_value("teachers_total", 40, school=world.school_a2)
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    assert client.put(f"{VALUES}{other.pk}/", {"value": "1"}, format="json").status_code == 404
    assert client.put(f"{VALUES}{neighbour.pk}/", {"value": "1"}, format="json").status_code == 404
    other.refresh_from_db()
    assert other.value == 40


def test_put_changes_own_value_with_version_check(world, systems, issue, api):
    own = put_value("teachers_total", 40, school=world.school_a)
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    response = client.put(f"{VALUES}{own.pk}/", {"value": "41", "expected_version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    assert client.put(f"{VALUES}{own.pk}/", {"value": "42", "expected_version": 1}, format="json").status_code == 409


def test_read_only_token_cannot_write(world, systems, issue, api):
    own = put_value("teachers_total", 40, school=world.school_a)
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=True))
    for response in (
        client.post(VALUES, _value(world.school_a), format="json"),
        client.put(f"{VALUES}{own.pk}/", {"value": "1"}, format="json"),
        client.delete(f"{VALUES}{own.pk}/"),
        client.post("/api/v1/schools/", {}, format="json"),
    ):
        assert response.status_code == 403
        assert response.json()["detail"] == "Токен выдан только для чтения: изменять данные с ним нельзя."
    own.refresh_from_db()
    assert own.value == 40


def test_api_client_pushes_values_for_its_school_only(world, systems, issue, api):
    # docs/domain.md: a REST client may push indicator values — for the schools of its area only.
    client = api(issue(world.api_a, school=world.school_a, read_only=False))
    assert client.post(VALUES, _value(world.school_a), format="json").status_code == 201
    assert client.post(VALUES, _value(world.school_a2), format="json").status_code in (403, 404)
    read_only = api(issue(world.api_a, school=world.school_a, read_only=True))
    assert read_only.post(VALUES, _value(world.school_a), format="json").status_code == 403


def test_committee_token_writes_municipal_values(world, systems, issue, api):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a, read_only=False))
    payload = {"indicator": "schools_supported", "period": "2024", "municipality": world.mun_a.pk, "value": "4"}
    assert client.post(VALUES, payload, format="json").status_code == 201
    payload["municipality"] = world.mun_b.pk
    assert client.post(VALUES, payload, format="json").status_code == 403


# --- progress reports ------------------------------------------------------------------------------


def _occurrence(program, number="1.1"):
    return program.measures.get(number=number).occurrences.order_by("due_date").first()


def test_school_writer_files_progress(world, systems, issue, api):
    occurrence = _occurrence(make_program(world))
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    url = f"/api/v1/occurrences/{occurrence.pk}/progress/"
    first = client.post(url, {"school": world.school_a.pk, "status": "in_progress"}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["review"] == "submitted" and first.json()["version"] == 1
    again = client.post(
        url,
        {"school": world.school_a.pk, "status": "done", "narrative": "Проведено", "expected_version": 1},
        format="json",
    )
    assert again.status_code == 200 and again.json()["version"] == 2
    stale = client.post(
        url, {"school": world.school_a.pk, "status": "done", "narrative": "x", "expected_version": 1}, format="json"
    )
    assert stale.status_code == 409
    report = ProgressReport.objects.get()
    assert report.filed_by == systems.writer_school_a and report.narrative == "Проведено"


def test_progress_with_evidence_file(world, systems, issue, api, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    occurrence = _occurrence(make_program(world))
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    response = client.post(
        f"/api/v1/occurrences/{occurrence.pk}/progress/",
        {
            "school": world.school_a.pk,
            "status": "done",
            "narrative": "Проведено",
            "files": [SimpleUploadedFile("протокол.pdf", PDF, content_type="application/pdf")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    assert ProgressReport.objects.get().evidence.count() == 1
    fake = client.post(
        f"/api/v1/occurrences/{occurrence.pk}/progress/",
        {
            "school": world.school_a.pk,
            "status": "done",
            "narrative": "x",
            "files": [SimpleUploadedFile("a.pdf", b"MZ")],
        },
        format="multipart",
    )
    assert fake.status_code == 400 and "не является файлом PDF" in str(fake.json())


def test_progress_checks_are_the_services(world, systems, issue, api):
    occurrence = _occurrence(make_program(world))
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    url = f"/api/v1/occurrences/{occurrence.pk}/progress/"
    response = client.post(url, {"school": world.school_a.pk, "status": "done", "narrative": " "}, format="json")
    assert response.status_code == 400
    assert "без описания" in response.json()["errors"]["narrative"][0]


def test_progress_elsewhere_is_refused(world, systems, issue, api):
    program = make_program(world)
    occurrence = _occurrence(program)
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    url = f"/api/v1/occurrences/{occurrence.pk}/progress/"
    assert client.post(url, {"school": world.school_a2.pk, "status": "in_progress"}, format="json").status_code == 403
    assert client.post(url, {"school": world.school_b.pk, "status": "in_progress"}, format="json").status_code == 403
    # A measure of the program that concerns no school: the committee's own, not the school's.
    committee_only = _occurrence(program, "1.2")
    response = client.post(
        f"/api/v1/occurrences/{committee_only.pk}/progress/", {"status": "in_progress"}, format="json"
    )
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_progress_on_an_invisible_program_is_404(world, systems, issue, api):
    draft = make_program(world, status="draft")
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    response = client.post(
        f"/api/v1/occurrences/{_occurrence(draft).pk}/progress/",
        {"school": world.school_a.pk, "status": "in_progress"},
        format="json",
    )
    assert response.status_code == 404


def test_read_only_token_cannot_file_progress(world, systems, issue, api):
    occurrence = _occurrence(make_program(world))
    client = api(issue(systems.writer_school_a, school=world.school_a))
    response = client.post(
        f"/api/v1/occurrences/{occurrence.pk}/progress/",
        {"school": world.school_a.pk, "status": "in_progress"},
        format="json",
    )
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()
