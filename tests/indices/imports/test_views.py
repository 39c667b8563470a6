"""The web flow for the indices kinds, with the test client: the import page lists them, offers
their templates, previews and confirms; nothing in schools/imports knows about them."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indices.models import AssessmentResult, ImportedGroups
from schools.models import ImportBatch
from tests.schools.imports.workbooks import as_file, xlsx

from .rows import GROUP_HEADER, RESULT_HEADER, group_row, result_row

pytestmark = pytest.mark.django_db


def _upload(client, kind, data, name="результаты.xlsx"):
    return client.post(reverse("imports:upload", args=[kind]), {"file": as_file(data, name)})


def test_index_lists_the_indices_kinds_after_the_schools_ones(world, client_for):
    page = client_for(world.staff_a).get(reverse("imports:index")).content.decode()
    body = page[page.index("<main") :]  # the navigation names «Результаты оценочных процедур» too
    positions = [
        body.index(title)
        for title in (
            "Реестр школ",
            "Контекстные данные школ",
            "Результаты оценочных процедур",
            "Группы школ от регионального института",
        )
    ]
    assert positions == sorted(positions)
    assert reverse("imports:template", args=["results"]) in body
    assert reverse("imports:template", args=["groups"]) in body


@pytest.mark.parametrize(("kind", "header"), [("results", RESULT_HEADER), ("groups", GROUP_HEADER)])
def test_template_download(world, client_for, kind, header):
    response = client_for(world.region_staff).get(reverse("imports:template", args=[kind]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [c.value for c in sheet[1]] == header


@pytest.mark.parametrize("persona", ["team_a", "methodologist_a", "api_a"])
def test_import_pages_stay_committee_only(world, client_for, persona):
    client = client_for(getattr(world, persona))
    assert client.get(reverse("imports:upload", args=["results"])).status_code == 403
    assert client.get(reverse("imports:upload", args=["groups"])).status_code == 403


def test_unknown_kind_is_404(world, client_for):
    assert client_for(world.staff_a).get("/import/no-such-kind/").status_code == 404


def test_results_upload_preview_confirm(world, client_for):
    client = client_for(world.staff_a)
    response = _upload(client, "results", xlsx(RESULT_HEADER, [result_row("A-1"), result_row("A-2")]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and batch.status == ImportBatch.Status.PREVIEWED
    assert not AssessmentResult.objects.exists()  # nothing written by the preview
    page = client.get(response["Location"]).content.decode()
    assert "Подтвердить загрузку" in page
    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert "Файл загружен: добавлено 2, обновлено 0, без изменений 0." in response.content.decode()
    assert AssessmentResult.objects.count() == 2


def test_results_with_errors_cannot_be_confirmed_and_offer_the_report(world, client_for):
    client = client_for(world.staff_a)
    rows = [result_row("A-1"), result_row("A-2", subject="Астрономия"), result_row("B-1")]
    _upload(client, "results", xlsx(RESULT_HEADER, rows, title="Результаты ОГЭ"))
    batch = ImportBatch.objects.get()
    assert batch.status == ImportBatch.Status.REJECTED
    page = client.get(reverse("imports:batch", args=[batch.pk])).content.decode()
    assert "Найдено ошибок: 2" in page
    assert "предмет «Астрономия» не найден в справочнике" in page
    assert "нет прав на данные школы «Школа Б-1» (Город Б)" in page
    response = client.post(reverse("imports:confirm", args=[batch.pk]), follow=True)
    assert "Файл нельзя загрузить" in response.content.decode()
    assert not AssessmentResult.objects.exists()
    report = client.get(reverse("imports:report", args=[batch.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(report.streaming_content))).worksheets[0]
    errors = [row[-2].value for row in sheet.iter_rows(min_row=2)]
    assert errors == [None, "«Предмет»: предмет «Астрономия» не найден в справочнике", errors[2]]
    assert errors[2].startswith("«Код ОО»: нет прав")


def test_groups_upload_preview_confirm(world, client_for):
    client = client_for(world.region_staff)
    _upload(client, "groups", xlsx(GROUP_HEADER, [group_row("A-1", quality=2, wellbeing=1)]), name="группы.xlsx")
    batch = ImportBatch.objects.get()
    client.post(reverse("imports:confirm", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert ImportedGroups.objects.get().wellbeing_group == 1
