"""A school's document (issue 21) as PDF and DOCX: the title block, the sections of its kind and
the tables of indicators, stages and measures, read back (pdftotext, python-docx) and compared
with the document's own rows."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import docx
import pytest

from monitoring.models import Indicator
from programs.services import school_programs as svc
from reporting.registry import ReportError
from reporting.services import report_render
from tests.factories import IndicatorFactory

from .conftest import docx_cells, norm, pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(world):
    catalogue = IndicatorFactory(direction=Indicator.Direction.HIGHER, name="Средний балл ОГЭ по математике")
    program = svc.school_program_create(
        user=world.team_a,
        school=world.school_a,
        data={
            "kind": "anti_risk",
            "title": "Антирисковая программа «Высокая доля обучающихся с рисками учебной неуспешности»",
            "period_start": 2025,
            "period_end": 2026,
            "analysis": "Каждый пятый обучающийся 7–9 классов имеет неудовлетворительные отметки по двум предметам.",
            "goals": "Снизить долю обучающихся с рисками учебной неуспешности",
            "tasks": "Выявить дефициты каждого обучающегося\nОрганизовать индивидуальные консультации",
        },
    )
    svc.school_program_save(
        user=world.team_a,
        program=program,
        data={},
        measures=[
            {
                "number": 1,
                "title": "Диагностика предметных дефицитов",
                "deadline": date(2025, 10, 15),
                "responsible": "Руководитель ШМО математики",
                "participants": "обучающиеся 7–9 классов",
            },
            {
                "number": 2,
                "title": "Консультации по индивидуальным планам",
                "deadline": date(2026, 3, 1),
                "responsible": "Классные руководители",
                "participants": "учителя-предметники, родители",
            },
        ],
        indicators=[
            {
                "name": "Средний балл ОГЭ по математике",
                "indicator": catalogue,
                "unit": "балл",
                "baseline": Decimal("11.25"),
                "target": Decimal("13.5"),
                "target_year": 2026,
                "method": "результаты ОГЭ из РЦОИ",
            }
        ],
        stages=[
            {"number": 1, "title": "Диагностический", "start": date(2025, 9, 1), "end": date(2025, 10, 31)},
            {"number": 2, "title": "Основной", "start": date(2025, 11, 1), "end": date(2026, 5, 31)},
        ],
        expected_version=program.version,
    )
    svc.school_program_submit(user=world.team_a, program=program)
    program.refresh_from_db()
    return program


def test_pdf_carries_the_title_block_sections_and_tables(world, document):
    content, name = report_render(kind="school_program", format="pdf", object_id=document.pk, user=world.team_a)
    assert name == f"school-document-{document.pk}.pdf"
    text = norm(pdf_text(content))
    for expected in (
        "Сведения о документе",
        world.school_a.name,
        "Антирисковая программа",  # the kind, capitalised
        "2025–2026 гг.",
        "Подана на экспертизу",
        "версия 1 от",
        "Описание риска и его причин",
        "1. Снизить долю обучающихся с рисками учебной неуспешности",
        "2. Организовать индивидуальные консультации",
        "Целевые показатели",
        "11,25",
        "13,5",
        "результаты ОГЭ из РЦОИ",
        "чем больше, тем лучше",
        "Этапы и сроки реализации",
        "01.09.2025",
        "31.05.2026",
        "Диагностика предметных дефицитов",
        "15.10.2025",
        "учителя-предметники, родители",
    ):
        assert expected in text, expected
    # The kind's sections only: an anti-risk program has no mission nor directions.
    assert "Миссия" not in text and "Направления развития" not in text


def test_docx_tables_hold_the_rows(world, document):
    content, _name = report_render(kind="school_program", format="docx", object_id=document.pk, user=world.team_a)
    cells = docx_cells(content)
    for row in document.measures.all():
        assert row.title in cells and row.responsible in cells and row.participants in cells
        assert f"{row.deadline:%d.%m.%Y}" in cells
    for stage in document.stages.all():
        assert stage.title in cells and f"{stage.end:%d.%m.%Y}" in cells
    indicator = document.indicators.get()
    assert "11,25" in cells and "13,5" in cells and indicator.method in cells
    paragraphs = [p.text for p in docx.Document(io.BytesIO(content)).paragraphs]
    assert paragraphs[0] == document.title
    order = ["Сведения о документе", "Описание риска и его причин", "Цель", "Задачи", "Целевые показатели"]
    order += ["Этапы и сроки реализации", "Мероприятия"]
    assert [p for p in paragraphs if p in order] == order  # the kind's sections, in its reading order
    assert "2. Организовать индивидуальные консультации" in paragraphs


def test_concept_report_has_the_concepts_sections(world):
    program = svc.school_program_create(
        user=world.team_a,
        school=world.school_a,
        data={
            "kind": "concept",
            "title": "Концепция развития",
            "period_start": 2025,
            "period_end": 2030,
            "mission": "Школа равных возможностей",
            "directions": "Наставничество\nСемья и школа",
        },
    )
    text = norm(pdf_text(report_render(kind="school_program", format="pdf", object_id=program.pk, user=None)[0]))
    assert "Миссия и ценности школы" in text and "Школа равных возможностей" in text
    assert "1. Наставничество" in text and "2. Семья и школа" in text
    assert "на экспертизу не подавался" in text
    assert "Мероприятия" not in text and "Целевые показатели" not in text


def test_other_municipality_may_not_order_it(world, document):
    with pytest.raises(ReportError):
        report_render(kind="school_program", format="pdf", object_id=document.pk, user=world.staff_b)


@pytest.mark.parametrize(
    ("persona", "ordered"),
    [("team_a", True), ("staff_a", True), ("region_staff", True), ("staff_b", False)],
)
def test_who_may_order_the_document(world, document, client_for, persona, ordered):
    from django.urls import reverse

    from reporting.models import ReportJob

    response = client_for(getattr(world, persona)).post(
        reverse("reports:order"), {"kind": "school_program", "format": "docx", "object_id": document.pk}
    )
    assert response.status_code == (302 if ordered else 403)
    assert ReportJob.objects.filter(kind="school_program", object_id=document.pk).exists() is ordered


def test_the_order_buttons_are_on_the_document_page(world, document, client_for):
    html = client_for(world.team_a).get(document.get_absolute_url()).content.decode()
    assert 'data-testid="report-order-school_program"' in html
