"""The programs' kinds (program, monitoring, school) and the indices' identification, built from a
small program and run made in the test: what each report says, in each of its formats."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from indices.models import Methodology, Run
from indices.services import run_create, run_execute
from programs.models import Occurrence, Program, Stage
from programs.services.measures import measure_create
from programs.services.programs import program_approve
from reporting.registry import ReportError
from reporting.services import report_render
from tests.indices.test_runs import YEAR, populate
from tests.programs.conftest import make_program

from .conftest import docx_cells, norm, pdf_text, xlsx_values

pytestmark = pytest.mark.django_db

LONG = (
    "Организационно-методическое сопровождение деятельности психолого-педагогических консилиумов "
    "общеобразовательных учреждений, функционирующих в неблагоприятных социальных условиях"
)
FORMULA = '=HYPERLINK("http://evil.example";"Отчёт")'


def report_program(world) -> Program:
    """A program with the approval line of an order, a stage and measures of every kind of title."""
    program = make_program(world, status="draft")
    program.appendix_label, program.approval_doc_type = "Приложение 1", "Приказ"
    program.approval_number, program.approval_date = "722", date(2018, 6, 20)
    program.approved_by = "Председатель Комитета образования"
    program.save()
    Stage.objects.create(
        program=program, number="1", title="подготовительный", start=date(2024, 1, 1), end=date(2024, 12, 31)
    )
    task = program.tasks.get()
    measure_create(
        program=program,
        data={
            "number": "1.3",
            "title": LONG,
            "task": task,
            "timing_text": "Ежеквартально",
            "responsible_text": "МБУ ДПО «УМОЦ»",
            "planned_result": "Повышение качества",
            "schools": [world.school_a],
        },
    )
    measure_create(
        program=program, data={"number": "1.4", "title": FORMULA, "task": task, "timing_text": "Май 2025 года"}
    )
    program_approve(program=program, user=world.staff_a)
    program.refresh_from_db()
    return program


@pytest.fixture
def rprogram(world) -> Program:
    return report_program(world)


def _titles(program: Program) -> list[str]:
    return [norm(t) for t in program.measures.values_list("title", flat=True)]


def test_program_pdf_reads_like_the_seed_document(world, rprogram):
    content, name = report_render(kind="program", format="pdf", object_id=rprogram.pk)
    assert name == f"program-{rprogram.pk}.pdf" and content.startswith(b"%PDF")
    text = norm(pdf_text(content))
    assert text.startswith("Приложение 1 к приказу № 722 от 20.06.2018")
    for expected in (
        "Программа повышения качества образования",
        "Паспорт программы",
        "Наименование программы",
        "Цель Выравнивание образовательных возможностей",
        "Задачи 1. Повысить качество",
        "Сроки реализации 1 января 2024 г. — 31 декабря 2026 г.",
        "Этапы реализации программы",
        "План мероприятий",
        "№ Мероприятие Сроки Ответственные Планируемый результат",
        "Задача 1. Повысить качество",
        "Школы — участники программы",
        "Школа А-1",
        "Страница 1 из",
    ):
        assert expected in text, expected
    for title in _titles(rprogram):
        assert title in text, title
    assert norm(pdf_text(content, raw=True)).count(LONG) == 1


def test_program_xlsx_has_every_measure_numbers_as_numbers_and_no_formula(world, rprogram):
    from io import BytesIO

    from openpyxl import load_workbook

    content, _name = report_render(kind="program", format="xlsx", object_id=rprogram.pk)
    values = xlsx_values(content)
    for title in _titles(rprogram):
        assert title in values, title
    sheet = load_workbook(BytesIO(content))["Мероприятия"]
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert header[:6] == ["Задача / раздел", "№", "Мероприятие", "Сроки", "Ответственные", "Планируемый результат"]
    targets = header.index("Сроков исполнения")
    rows = list(sheet.iter_rows(min_row=2))
    assert all(isinstance(r[targets].value, int) and r[targets].data_type == "n" for r in rows)
    formula = next(r[2] for r in rows if r[2].value == FORMULA)
    assert formula.data_type == "s" and formula.quotePrefix


def test_program_docx_has_every_measure(world, rprogram):
    content, _name = report_render(kind="program", format="docx", object_id=rprogram.pk)
    cells = docx_cells(content)
    for title in _titles(rprogram):
        assert title in cells, title
    assert "Школа А-1" in cells


def _expected_in_period(program: Program, start: date, end: date) -> tuple[int, int]:
    today = timezone.localdate()
    targets = overdue = 0
    for o in Occurrence.objects.filter(measure__program=program, due_date__range=(start, end)).prefetch_related(
        "measure__schools"
    ):
        weight = max(o.measure.schools.count(), 1)
        targets += weight
        overdue += weight if o.due_date < today else 0
    return targets, overdue


def test_monitoring_report_counts_the_period_per_task(world, rprogram):
    from io import BytesIO

    from openpyxl import load_workbook

    params = {"start": "2024-01-01", "end": "2025-12-31"}
    content, name = report_render(kind="monitoring", format="xlsx", object_id=rprogram.pk, params=params)
    assert name == f"monitoring-{rprogram.pk}-20240101-20251231.xlsx"
    sheet = load_workbook(BytesIO(content))["По задачам"]
    rows = {r[0].value: [c.value for c in r] for r in sheet.iter_rows(min_row=2)}
    targets, overdue = _expected_in_period(rprogram, date(2024, 1, 1), date(2025, 12, 31))
    task = rows["Задача 1. Повысить качество"]
    # measures, due in the period, done, waiting for review, not done in time
    assert task[1:6] == [4, targets, 0, 0, overdue]
    assert rows["Итого"][2] == targets
    pdf, _ = report_render(kind="monitoring", format="pdf", object_id=rprogram.pk, params=params)
    text = norm(pdf_text(pdf))
    assert "Период: с 1 января 2024 г. по 31 декабря 2025 г." in text
    for expected in (
        "Ход реализации программы в целом",
        "Выполнение мероприятий по задачам за период",
        "Календарь программы",
        "Сроки мероприятий",  # the calendar's legend: vl-convert's SVG, printed with real text
        "1.1. Семинар для учителей",  # a row of the calendar
        "Сборы данных",
        "Страница 1 из",
    ):
        assert expected in text, expected
    if overdue:
        assert "Просроченные мероприятия" in text and "Семинар для учителей" in text


@pytest.mark.parametrize(
    "params, message",
    [({"start": "2025-13-01"}, "ГГГГ-ММ-ДД"), ({"start": "2025-06-01", "end": "2025-01-01"}, "раньше его начала")],
)
def test_monitoring_report_refuses_a_bad_period(world, rprogram, params, message):
    with pytest.raises(ReportError, match=message):
        report_render(kind="monitoring", format="pdf", object_id=rprogram.pk, params=params)


def test_school_report_has_context_programs_measures_and_partners(world, rprogram):
    content, _name = report_render(kind="school", format="pdf", object_id=world.school_a.pk, user=world.staff_a)
    text = norm(pdf_text(content))
    for expected in (
        world.school_a.name,
        "Сведения о школе",
        "Социальный контекст",
        "Индекс качества, ИСБШ и группы по годам",
        "Участие в программах",
        "Программа повышения качества образования",
        "Мероприятия программ, касающиеся школы",
        "Семинар для учителей",
        LONG,
        "Партнёры и сетевое взаимодействие",
        "Проектная команда и кураторы",
    ):
        assert expected in text, expected
    assert "Совещание комитета" not in text  # a measure that names no school is not the school's


def test_identification_report_shows_the_run_and_only_the_rows_the_user_may_see(world):
    schools = populate(world.mun_a)
    methodology = Methodology.objects.get(slug="default", is_current=True)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    assert run.status == Run.Status.DONE
    content, _name = report_render(kind="identification", format="pdf", object_id=run.pk, user=world.staff_a)
    text = norm(pdf_text(content))
    for expected in (
        "Идентификация школ",
        "Методика",
        "Регрессия ИСБШ",
        "R² = ",
        "Качество и социальное благополучие",
        "Категории школ по муниципалитетам",
        "Группы качества по муниципалитетам",
        "Школы по категориям",
        "Город А",
        schools[0].short_name,
    ):
        assert expected in text, expected
    xlsx, _ = report_render(kind="identification", format="xlsx", object_id=run.pk)
    from io import BytesIO

    from openpyxl import load_workbook

    sheet = load_workbook(BytesIO(xlsx))["Школы"]
    index = [c.value for c in sheet[1]].index("Индекс качества")
    numbers = [r[index].value for r in sheet.iter_rows(min_row=2) if r[index].value is not None]
    assert numbers and all(isinstance(v, float) for v in numbers)
    with pytest.raises(ReportError, match="больше нет прав"):
        report_render(kind="identification", format="pdf", object_id=run.pk, user=world.staff_b)


def test_identification_needs_a_finished_run(world):
    methodology = Methodology.objects.get(slug="default", is_current=True)
    run = run_create(methodology=methodology, year=YEAR, region=world.region)
    with pytest.raises(ReportError, match="не завершён"):
        report_render(kind="identification", format="pdf", object_id=run.pk)
