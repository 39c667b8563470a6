"""Uploaded and generated files on S3-compatible object storage (a real local S3 server: moto in
server mode): evidence uploaded over the API, a generated report and an import file are written
to the bucket, never to the web node's disk, and come back only through the portal's
permission-checked views, streamed from the store."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from config.api.tokens import token_issue
from config.nodes import S3_BACKEND, object_storage_options
from programs.models import Evidence
from reporting.models import ReportJob
from schools.imports.services import batch_apply, batch_create
from schools.models import ImportBatch, School
from tests.factories import ApiClientFactory, MembershipFactory
from tests.programs.conftest import make_program

pytestmark = [pytest.mark.services, pytest.mark.django_db]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF" + b"x" * 300_000  # several read blocks


@pytest.fixture
def on_object_storage(settings, object_store, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"  # must stay empty
    options = object_storage_options(object_store.url, {})
    settings.OBJECT_STORAGE = options
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": S3_BACKEND, "OPTIONS": options}}
    return object_store


@pytest.fixture
def eager(settings):
    from config.celery_app import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


def _occurrence(program):
    return program.measures.get(number="1.1").occurrences.order_by("due_date").first()


def test_evidence_goes_to_the_bucket_and_back_only_through_the_view(world, on_object_storage, client_for, tmp_path):
    program = make_program(world)
    writer = ApiClientFactory(username="writer_nodes", school=world.school_a)
    MembershipFactory(user=writer, role="school_team", school=world.school_a)
    _token, raw = token_issue(
        user=writer, name="Система", school=world.school_a, read_only=False, created_by=world.region_staff
    )
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
    response = api.post(
        f"/api/v1/occurrences/{_occurrence(program).pk}/progress/",
        {
            "school": world.school_a.pk,
            "status": "done",
            "narrative": "Проведено",
            "files": [SimpleUploadedFile("протокол.pdf", PDF, content_type="application/pdf")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.content
    evidence = Evidence.objects.get()
    keys = on_object_storage.keys()
    assert keys == [f"media/{evidence.file.name}"]  # under the location prefix, in the bucket
    # Read back by boto3 itself, not by the portal: the stored bytes are the uploaded ones.
    stored = on_object_storage.client().get_object(Bucket=on_object_storage.bucket, Key=keys[0])["Body"].read()
    assert stored == PDF
    assert not (tmp_path / "media").exists()  # nothing on the node's disk
    # Private: no grant to everyone, so a bucket URL would be refused without a signature.
    acl = on_object_storage.client().get_object_acl(Bucket=on_object_storage.bucket, Key=keys[0])
    assert not [g for g in acl["Grants"] if "AllUsers" in str(g.get("Grantee", {}).get("URI", ""))]

    url = reverse("programs:evidence", args=[evidence.pk])
    download = client_for(world.staff_a).get(url)
    assert download.status_code == 200 and download.streaming
    assert int(download["Content-Length"]) == len(PDF)
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    # Other municipality's staff and the anonymous visitor get nothing.
    assert client_for(world.staff_b).get(url).status_code in (403, 404)
    anonymous = client_for(None).get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    # Gone from the store: a 404, not a server error.
    on_object_storage.client().delete_object(Bucket=on_object_storage.bucket, Key=keys[0])
    assert client_for(world.staff_a).get(url).status_code == 404


def test_generated_report_is_stored_in_the_bucket(
    world, on_object_storage, client_for, eager, tmp_path, django_capture_on_commit_callbacks
):
    program = make_program(world)
    client = client_for(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:order"), {"kind": "program", "format": "xlsx", "object_id": program.pk})
    assert response.status_code == 302
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.DONE, job.error
    assert on_object_storage.keys() == [f"media/{job.file.name}"]
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download.status_code == 200
    body = b"".join(download.streaming_content)
    from openpyxl import load_workbook

    load_workbook(io.BytesIO(body))  # a real workbook, read back whole
    assert client_for(world.staff_b).get(reverse("reports:download", args=[job.pk])).status_code in (403, 404)
    assert not (tmp_path / "media").exists()


def test_an_import_is_kept_in_the_bucket_and_applied_from_it(world, on_object_storage, tmp_path):
    from tests.schools.imports.workbooks import SCHOOL_HEADER, school_row, xlsx

    upload = SimpleUploadedFile("школы.xlsx", xlsx(SCHOOL_HEADER, [school_row("A-77")]))
    batch = batch_create(kind="schools", upload=upload, user=world.region_staff)
    assert batch.status == ImportBatch.Status.PREVIEWED, batch.summary
    assert on_object_storage.keys() == [f"media/{batch.file.name}"]
    batch_apply(batch_id=batch.pk, user=world.region_staff, create_missing=False)  # reads the file back
    assert School.objects.filter(code="A-77").exists()
    assert not (tmp_path / "media").exists()
