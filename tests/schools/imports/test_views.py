"""The web flow with the test client: upload → preview with every problem → confirm."""

from __future__ import annotations

import io
import zipfile
from unittest import mock

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from schools.models import ImportBatch, Municipality, School, SchoolContext

from .workbooks import CONTEXT_HEADER, SCHOOL_HEADER, as_file, context_row, school_row, xlsx

pytestmark = pytest.mark.django_db


def _upload(client, kind, data, name="реестр.xlsx"):
    return client.post(reverse("imports:upload", args=[kind]), {"file": as_file(data, name)})


@pytest.mark.parametrize(
    "url",
    [
        reverse("imports:index"),
        reverse("imports:upload", args=["schools"]),
        reverse("imports:template", args=["context"]),
    ],
)
@pytest.mark.parametrize("persona", ["team_a", "methodologist_a", "api_a"])
def test_import_pages_are_forbidden_without_import_permission(world, client_for, url, persona):
    assert client_for(getattr(world, persona)).get(url).status_code == 403


def test_anonymous_goes_to_login(world, client_for):
    response = client_for(None).get(reverse("imports:index"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_index_lists_kinds_templates_and_own_batches(world, client_for):
    client = client_for(world.staff_a)
    _upload(client, "context", xlsx(CONTEXT_HEADER, [context_row("A-1")]), name="контекст.xlsx")
    _upload(
        client_for(world.staff_b),
        "context",
        xlsx(CONTEXT_HEADER, [context_row("B-1")]),
        name="чужой.xlsx",
    )
    body = client.get(reverse("imports:index")).content.decode()
    assert "Реестр школ" in body and "Контекстные данные школ" in body
    assert reverse("imports:template", args=["schools"]) in body
    assert "Скачать шаблон" in body
    assert "контекст.xlsx" in body and "чужой.xlsx" not in body


def test_template_download_is_an_xlsx_with_the_template_header(world, client_for):
    response = client_for(world.region_staff).get(reverse("imports:template", args=["schools"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert sheet.title == "Школы"
    assert [c.value for c in sheet[1]] == SCHOOL_HEADER


def test_upload_preview_confirm(world, client_for):
    client = client_for(world.staff_a)
    response = _upload(client, "schools", xlsx(SCHOOL_HEADER, [school_row("A-1"), school_row("A-50")]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:batch", args=[batch.pk])
    assert batch.status == ImportBatch.Status.PREVIEWED and batch.original_name == "реестр.xlsx"
    assert not School.objects.filter(code="A-50").exists()  # nothing written by the preview
    page = client.get(response["Location"]).content.decode()
    assert "Подтвердить загрузку" in page and "disabled" not in page.split('data-testid="confirm-form"')[1]
    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert "Файл загружен: добавлено 1, обновлено 1, без изменений 0." in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.applied_at is not None
    assert School.objects.get(code="A-50").municipality == world.mun_a


def test_double_confirm_applies_once(world, client_for):
    client = client_for(world.staff_a)
    _upload(client, "context", xlsx(CONTEXT_HEADER, [context_row("A-1")]))
    batch = ImportBatch.objects.get()
    url = reverse("imports:confirm", args=[batch.pk])
    client.post(url)
    history = SchoolContext.history.count()
    response = client.post(url, follow=True)
    assert "Этот файл уже загружен; повторно он не применяется." in response.content.decode()
    assert SchoolContext.objects.count() == 1 and SchoolContext.history.count() == history


def test_batch_row_is_locked_while_applying(world, client_for):
    client = client_for(world.staff_a)
    _upload(client, "context", xlsx(CONTEXT_HEADER, [context_row("A-1")]))
    batch = ImportBatch.objects.get()
    with mock.patch(
        "schools.imports.services.ImportBatch.objects.select_for_update",
        wraps=ImportBatch.objects.select_for_update,
    ) as lock:
        client.post(reverse("imports:confirm", args=[batch.pk]))
    lock.assert_called_once()


def test_file_with_errors_cannot_be_confirmed_and_offers_the_report(world, client_for):
    client = client_for(world.staff_a)
    rows = [
        context_row("A-1"),
        context_row("A-2", total='=HYPERLINK("http://evil")'),
        context_row("A-2", year="2023/2025"),
    ]
    _upload(client, "context", xlsx(CONTEXT_HEADER, rows, title="Контекст", notes=1))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Найдено ошибок: 2" in page
    assert "Подтвердить нельзя: в файле есть ошибки" in page
    assert "не число: укажите целое число без букв" in page
    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert "Файл нельзя загрузить" in response.content.decode()
    assert not SchoolContext.objects.exists()

    report = client.get(reverse("imports:report", args=[batch.pk]))
    assert report.status_code == 200
    content = b"".join(report.streaming_content)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    assert header[: len(CONTEXT_HEADER)] == CONTEXT_HEADER
    assert header[-2:] == ["Ошибка", "Строка в исходном файле"]
    rows = list(sheet.iter_rows(min_row=2))
    assert [r[-1].value for r in rows] == [4, 5, 6]  # numbers of the original file
    assert rows[0][-2].value is None
    assert rows[1][-2].value.startswith("«Обучающихся всего»: не число")
    # the report is a valid file to fix and upload again: its extra columns are ignored
    rows[1][3].value = 480
    rows[2][2].value = "2022/2023"
    fixed = io.BytesIO()
    sheet.parent.save(fixed)
    _upload(client, "context", fixed.getvalue(), name="исправлено.xlsx")
    retry = ImportBatch.objects.latest("pk")
    assert retry.status == ImportBatch.Status.PREVIEWED, retry.summary["problems"][:3]

    injected = load_workbook(io.BytesIO(content)).worksheets[0].cell(row=3, column=4)
    assert injected.value == '=HYPERLINK("http://evil")'
    assert injected.data_type == "s" and injected.quotePrefix  # text, never a formula


def test_not_an_xlsx_is_refused_on_the_form(world, client_for):
    response = _upload(client_for(world.staff_a), "schools", b"MZ\x90\x00" + b"\x00" * 2000, name="реестр.xlsx")
    assert response.status_code == 200
    assert "Файл не является книгой Excel (.xlsx)." in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_a_too_large_upload_is_refused_on_the_form(world, client_for, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024
    data = xlsx(SCHOOL_HEADER, [school_row(f"A-{i}") for i in range(200)])
    response = _upload(client_for(world.staff_a), "schools", data)
    assert "Файл слишком большой" in response.content.decode()
    assert not ImportBatch.objects.exists()


def test_other_users_cannot_see_or_confirm_a_batch(world, client_for):
    _upload(client_for(world.staff_a), "context", xlsx(CONTEXT_HEADER, [context_row("A-1")]))
    batch = ImportBatch.objects.get()
    other = client_for(world.region_staff)
    assert other.get(reverse("imports:batch", args=[batch.pk])).status_code == 404
    assert other.get(reverse("imports:report", args=[batch.pk])).status_code == 404
    assert other.post(reverse("imports:confirm", args=[batch.pk])).status_code == 404
    assert not SchoolContext.objects.exists()


def test_create_missing_needs_the_checkbox(world, client_for):
    client = client_for(world.region_staff)
    _upload(client, "schools", xlsx(SCHOOL_HEADER, [school_row("A-60", municipality="Новый посёлок")]))
    batch = ImportBatch.objects.get()
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Будут созданы при подтверждении" in page and "Новый посёлок (Тестовая область)" in page
    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert "Отметьте «Создать недостающие регионы и муниципалитеты»" in response.content.decode()
    assert not Municipality.objects.filter(name="Новый посёлок").exists()
    client.post(reverse("imports:confirm", args=[batch.pk]), {"create_missing": "on"})
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED and batch.create_missing
    assert School.objects.get(code="A-60").municipality.name == "Новый посёлок"


def test_unknown_kind_is_404(world, client_for):
    assert client_for(world.staff_a).get("/import/no-such-kind/").status_code == 404
