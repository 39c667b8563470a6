"""Committee brings a program in from Word: uploads the document, sees the preview with one
organisation the registry does not know, matches it, creates the draft and opens the program
and its source document."""

import io

import pytest
from docx import Document

from programs.models import Program
from tests.factories import OrganisationFactory

from .helpers import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _document() -> bytes:
    d = Document()
    d.add_paragraph("Приложение 1 к приказу № 12 от 15.01.2025")
    d.add_paragraph("ПРОГРАММА")
    d.add_paragraph("поддержки школ города А с низкими результатами обучения на 2025-2026 годы")
    d.add_paragraph("Цель программы: повышение качества образования")
    t = d.add_table(rows=1, cols=5)
    for cell, text in zip(
        t.rows[0].cells,
        ["№ п/п", "Наименование мероприятия", "Срок исполнения", "Исполнители", "Ожидаемый результат"],
        strict=True,
    ):
        cell.text = text
    heading = t.add_row().cells
    heading[0].merge(heading[-1]).text = "Задача 1. Поддержать учителей"
    for row in (
        ["1.1.", "Семинар для учителей математики", "Сентябрь, ежегодно", "МЦ Город А", "Семинар проведён"],
        ["1.2.", "Мониторинг результатов ВПР", "Ежеквартально", "ГМО учителей математики", "Справка"],
        ["1.3.", "Консультации для родителей", "По запросу", "МЦ Город А", ""],
    ):
        for cell, text in zip(t.add_row().cells, row, strict=True):
            cell.text = text
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_upload_preview_match_create_open(world, live_server, page, screenshot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    centre = OrganisationFactory(municipality=world.mun_a, name="Методический центр Города А", short_name="МЦ Город А")
    path = tmp_path / "Программа города А.docx"
    path.write_bytes(_document())
    base = live_server.url
    login(page, base, "staff_a")
    page.goto(f"{base}/programs/")
    page.get_by_role("link", name="Загрузить программу из Word").click()
    page.set_input_files("[name=document]", str(path))
    page.get_by_role("button", name="Прочитать документ").click()

    page.wait_for_selector("#measures")
    assert page.locator("#measures tbody tr[data-number]").count() == 3
    flagged = page.locator(".doubt", has_text="организация не найдена в реестре")
    assert flagged.count() == 1
    assert page.locator("#organisations").is_visible()
    screenshot("preview")
    page.get_by_label("ГМО учителей математики").select_option(label="МЦ Город А")
    page.get_by_role("button", name="Создать черновик").click()

    page.wait_for_selector("text=Черновик программы создан")
    program = Program.objects.get()
    assert program.status == Program.Status.DRAFT and program.measures.count() == 3
    assert list(program.measures.get(number="1.2").responsible.all()) == [centre]
    assert program.approval_number == "12" and program.tasks.get().number == "1"
    screenshot("program")
    with page.expect_download() as info:
        page.get_by_test_id("source-document").click()
    assert info.value.suggested_filename == "Программа города А.docx"
    assert open(info.value.path(), "rb").read() == path.read_bytes()
