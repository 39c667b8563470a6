"""Assessment results import («Результаты»): tolerant reading, the subject dictionary and score
maxima, update in place, all or nothing, a row-level report in Russian."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

from indices.imports import RESULTS
from indices.imports.results import ResultResource
from indices.models import AssessmentResult, Subject
from schools.imports.services import import_apply, import_preview, template_xlsx
from tests.factories import MunicipalityFactory, RegionFactory, SchoolFactory
from tests.schools.imports.workbooks import fill_template, xlsx

from .rows import RESULT_HEADER, result_row, results_state

pytestmark = pytest.mark.django_db


def _apply(data: bytes, user=None):
    return import_apply(kind="results", file=io.BytesIO(data), user=user)


def _problems(outcome) -> list[tuple]:
    return [(p.sheet, p.row, p.column, p.value, p.reason) for p in outcome.problems]


def test_every_column_has_a_resource_field():
    informative = {"school_code", "school_name"}
    assert {c.key for c in RESULTS.columns} - informative <= set(ResultResource.fields)
    assert [c.title for c in RESULTS.columns] == RESULT_HEADER


def test_template_round_trip(world):
    template = template_xlsx("results")
    sheet = load_workbook(io.BytesIO(template)).worksheets[0]
    assert sheet.title == "Результаты"
    assert [c.value for c in sheet[1]] == RESULT_HEADER
    data = fill_template(
        template,
        [
            result_row("A-1", name="Школа А-1", subject="Математика", mean=16.5, sd=4.2, shares=[4, 36, 40, 20]),
            result_row("A-1", subject="Русский язык", mean=27.25, sd=None, shares=[None] * 4),
            result_row("A-2", year=2023, procedure="ЕГЭ", grade=11, subject="Математика (базовый уровень)", mean=4.1),
        ],
    )
    outcome = _apply(data)
    assert outcome.problems == [] and outcome.applied
    assert (outcome.new, outcome.updated, outcome.unchanged) == (3, 0, 0)
    math = AssessmentResult.objects.get(school=world.school_a, subject__code="math")
    assert (math.year, math.procedure, math.grade, math.participants) == (2024, "ОГЭ", 9, 50)
    assert (math.mean_score, math.sd) == (Decimal("16.50"), Decimal("4.20"))
    assert [math.share_2, math.share_3, math.share_4, math.share_5] == [4, 36, 40, 20]
    russian = AssessmentResult.objects.get(school=world.school_a, subject__code="russian")
    assert russian.mean_score == Decimal("27.25") and russian.sd is None and russian.share_5 is None
    base = AssessmentResult.objects.get(school=world.school_a2)
    assert (base.year, base.procedure, base.grade, base.subject.code) == (2023, "ЕГЭ", 11, "math_base")


def test_real_world_messy_file(world):
    header = [
        " код оо ",
        "Наименование ОО",
        "Учебный год:",
        "процедура",
        "Класс",
        "Предмет",
        "Количество участников",
        "Средний балл",
        "Ст. отклонение",
        "Доля «2»",
        "Доля «3»",
        "Доля «4»",
        "Доля «5»",
        "Примечание",
    ]
    rows = [
        [
            " A-1 ",
            "Школа А-1",
            "2023-2024",
            "огэ",
            "9 класс",
            "русский язык",
            " 48 ",
            "27,5",
            "3,25",
            "2,1 %",
            "20,9 %",
            "45 %",
            "32 %",
            "сдавали в резервный день",
        ],
        ["A-1", "Школа А-1", "2023 – 2024", "ОГЭ", "9", "  АЛГЕБРА ", "48", "15,04", "", "", "", "", "", ""],
        ["A-2", None, 2024.0, "ВПР", 4, "Окружающий мир", "1\u00a0020", "21", None, None, None, None, None, None],
    ]
    data = xlsx(header, rows, title="Результаты ОГЭ и ВПР, 2023/2024 учебный год", notes=1)
    outcome = _apply(data)
    assert outcome.problems == [] and outcome.applied
    assert outcome.header_row == 3 and outcome.ignored_columns == ["Примечание"]
    russian = AssessmentResult.objects.get(subject__code="russian")
    assert (russian.school, russian.year, russian.procedure, russian.grade, russian.participants) == (
        world.school_a,
        2024,
        "ОГЭ",
        9,
        48,
    )
    assert (russian.mean_score, russian.sd) == (Decimal("27.5"), Decimal("3.25"))
    assert (russian.share_2, russian.share_3, russian.share_4, russian.share_5) == (
        Decimal("2.1"),
        Decimal("20.9"),
        Decimal("45"),
        Decimal("32"),
    )
    algebra = AssessmentResult.objects.get(subject__code="math")  # "алгебра" is an alias of Математика
    assert algebra.mean_score == Decimal("15.04") and algebra.sd is None
    vpr = AssessmentResult.objects.get(procedure="ВПР")
    assert (vpr.school, vpr.grade, vpr.participants, vpr.subject.code) == (world.school_a2, 4, 1020, "world")


def test_percent_formatted_cells_hold_fractions_and_are_read_as_percentages(world):
    workbook = Workbook()
    ws = workbook.active
    ws.append(RESULT_HEADER)
    ws.append(result_row("A-1", shares=[0.04, 0.36, 0.4, 0.2]))
    for cell in ws[2][9:13]:
        cell.number_format = "0%"
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _apply(buffer.getvalue()).applied
    result = AssessmentResult.objects.get()
    assert [result.share_2, result.share_3, result.share_4, result.share_5] == [4, 36, 40, 20]


def test_subject_matches_case_and_yo_insensitively(world):
    Subject.objects.create(code="drawing", name="Черчение", aliases=["графика"])
    outcome = _apply(xlsx(RESULT_HEADER, [result_row("A-1", procedure="МДР", grade=8, subject="ЧЁРЧЕНИЕ", mean=40)]))
    assert outcome.applied
    assert AssessmentResult.objects.get().subject.code == "drawing"


def test_zero_participants_with_nothing_else_is_stored(world):
    row = result_row("A-1", participants=0, mean=None, sd=None, shares=[None] * 4)
    assert _apply(xlsx(RESULT_HEADER, [row])).applied
    result = AssessmentResult.objects.get()
    assert result.participants == 0 and result.mean_score is None


def test_dry_run_changes_nothing(world):
    before = results_state()
    outcome = import_preview(kind="results", file=io.BytesIO(xlsx(RESULT_HEADER, [result_row("A-1")])), user=None)
    assert outcome.new == 1 and not outcome.applied
    assert results_state() == before


def test_reimport_is_unchanged_and_writes_nothing(world):
    rows = [
        result_row("A-1"),
        result_row("A-1", subject="Русский язык", mean="27,333", sd=None),
        result_row("A-2", year="2022/2023", shares=[0.04, 0.36, 0.4, 0.2]),
    ]
    data = xlsx(RESULT_HEADER, rows)
    assert _apply(data).applied
    before = results_state()
    with CaptureQueriesContext(connection) as captured:
        outcome = _apply(data)
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 0, 3)
    assert outcome.problems == []
    assert not [q for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert results_state() == before


def test_corrected_file_updates_in_place(world):
    _apply(xlsx(RESULT_HEADER, [result_row("A-1", mean=16.5), result_row("A-2", mean=14)]))
    result = AssessmentResult.objects.get(school=world.school_a)
    other = AssessmentResult.objects.get(school=world.school_a2)
    corrected = [
        # the same key written differently: 2024, lowercase subject, the procedure in words
        result_row(
            "A-1",
            year=2024,
            procedure="основной государственный экзамен",
            subject="математика",
            participants=52,
            mean="17,1",
            sd=None,
            shares=[2, 38, 40, 20],
        ),
        result_row("A-2", mean=14),
    ]
    outcome = _apply(xlsx(RESULT_HEADER, corrected))
    assert (outcome.new, outcome.updated, outcome.unchanged) == (0, 1, 1)
    assert AssessmentResult.objects.count() == 2
    result.refresh_from_db()
    assert (result.participants, result.mean_score, result.sd, result.share_2) == (52, Decimal("17.1"), None, 2)
    other_before = (other.pk, other.mean_score)
    other.refresh_from_db()
    assert (other.pk, other.mean_score) == other_before


def test_a_file_without_optional_columns_keeps_what_is_stored(world):
    _apply(xlsx(RESULT_HEADER, [result_row("A-1", sd=4.2)]))
    short = [h for h in RESULT_HEADER if not h.startswith(("Доля", "Стандартное"))]
    outcome = _apply(xlsx(short, [["A-1", "", "2023/2024", "ОГЭ", 9, "Математика", 51, 16.5]]))
    assert (outcome.updated, outcome.problems) == (1, [])
    result = AssessmentResult.objects.get()
    assert (result.participants, result.sd, result.share_5) == (51, Decimal("4.2"), 20)


BAD_ROWS = [
    pytest.param(
        result_row("Z-404"), "Код ОО", "Z-404", "школа с таким кодом ОО не найдена в портале", id="unknown-school"
    ),
    pytest.param(
        result_row("A-1", subject="Астрономия"),
        "Предмет",
        "Астрономия",
        "предмет «Астрономия» не найден в справочнике",
        id="unknown-subject",
    ),
    pytest.param(
        result_row("A-1", subject="математика", mean=35, shares=[None] * 4),
        "Средний балл",
        "35",
        "средний балл выше максимально возможного: в ОГЭ по предмету «Математика» максимум 31",
        id="mean-above-maximum",
    ),
    pytest.param(
        result_row("A-1", procedure="ЕГЭ", grade=11, subject="математика базовая", mean="5,5"),
        "Средний балл",
        "5,5",
        "средний балл выше максимально возможного: в ЕГЭ по предмету «Математика (базовый уровень)» максимум 5",
        id="mean-above-maximum-base-math",
    ),
    pytest.param(
        result_row("A-1", participants=0, mean=15, sd=None, shares=[None] * 4),
        "Средний балл",
        "15",
        "при 0 участников средний балл должен быть пустым",
        id="mean-without-participants",
    ),
    pytest.param(
        result_row("A-1", shares=[10, 30, 40, 10]),
        "Доля «2», %",
        "10",
        "сумма долей «2», «3», «4» и «5» равна 90 %, а должна быть 100 % (± 0,5)",
        id="shares-not-100",
    ),
    pytest.param(
        result_row("A-1", shares=["4", "36", "40,6", "20"]),
        "Доля «2», %",
        "4",
        "сумма долей «2», «3», «4» и «5» равна 100,6 %, а должна быть 100 % (± 0,5)",
        id="shares-just-outside-tolerance",
    ),
    pytest.param(result_row("A-1", grade=12), "Класс", "12", "класс должен быть от 4 до 11", id="grade-12"),
    pytest.param(result_row("A-1", grade="9,5"), "Класс", "9,5", "должно быть целым числом", id="grade-fraction"),
    pytest.param(
        result_row("A-1", grade=None), "Класс", "", "не заполнено: укажите класс от 4 до 11", id="grade-empty"
    ),
    pytest.param(
        result_row("A-1", procedure="ГИА"),
        "Процедура",
        "ГИА",
        "недопустимое значение; допустимые: ОГЭ, ЕГЭ, ВПР, РДР, МДР",
        id="unknown-procedure",
    ),
    pytest.param(
        result_row("A-1", participants=-3),
        "Участников",
        "-3",
        "не может быть отрицательным",
        id="participants-negative",
    ),
    pytest.param(
        result_row("A-1", participants="сорок"),
        "Участников",
        "сорок",
        "не число: укажите целое число без букв",
        id="participants-text",
    ),
    pytest.param(
        result_row("A-1", mean=None),
        "Средний балл",
        "",
        "не заполнено: укажите средний балл (пусто — только при 0 участников)",
        id="mean-empty",
    ),
    pytest.param(
        result_row("A-1", mean="н/д"),
        "Средний балл",
        "н/д",
        "не число: укажите число без букв (дробную часть — через запятую)",
        id="mean-text",
    ),
    pytest.param(
        result_row("A-1", sd="-1,5"), "Стандартное отклонение", "-1,5", "не может быть отрицательным", id="sd-negative"
    ),
    pytest.param(
        result_row("A-1", shares=[None, None, "120 %", None]),
        "Доля «4», %",
        "120 %",
        "доля должна быть от 0 до 100 %",
        id="share-above-100",
    ),
    pytest.param(
        result_row("A-1", year="2023/2025"),
        "Учебный год",
        "2023/2025",
        "«2023/2025»: второй год должен следовать за первым",
        id="bad-year",
    ),
]


@pytest.mark.parametrize(("row", "column", "value", "reason"), BAD_ROWS)
def test_bad_values_are_reported_and_nothing_is_written(world, row, column, value, reason):
    # A stored row the file would update, and a valid new row before the bad one.
    _apply(xlsx(RESULT_HEADER, [result_row("A-1", mean=12), result_row("A-1", procedure="ЕГЭ", grade=11, mean=60)]))
    before = results_state()
    outcome = _apply(xlsx(RESULT_HEADER, [result_row("A-2"), row], sheet="Результаты"))
    assert _problems(outcome) == [("Результаты", 3, column, value, reason)]
    assert not outcome.applied and outcome.invalid_rows == 1
    assert results_state() == before


def test_every_problem_of_a_row_is_reported_not_only_the_first(world):
    row = result_row("A-1", grade=12, subject="Астрономия", participants=-1, shares=[50, 50, 50, 50])
    outcome = _apply(xlsx(RESULT_HEADER, [row]))
    assert [p.column for p in outcome.problems] == ["Класс", "Предмет", "Участников", "Доля «2», %"]


def test_a_bad_mean_is_not_compared_with_the_stored_one(world):
    _apply(xlsx(RESULT_HEADER, [result_row("A-1", mean=16)]))
    outcome = _apply(xlsx(RESULT_HEADER, [result_row("A-1", mean="много")]))
    assert [(p.column, p.reason) for p in outcome.problems] == [
        ("Средний балл", "не число: укажите число без букв (дробную часть — через запятую)")
    ]


def test_duplicate_row_in_one_file(world):
    before = results_state()
    rows = [
        result_row("A-1", subject="Математика", year="2023/2024"),
        result_row("A-1", subject="Русский язык"),
        result_row("A-1", subject="алгебра", year=2024, procedure="огэ", grade="9 класс"),
    ]
    outcome = _apply(xlsx(RESULT_HEADER, rows))
    assert _problems(outcome) == [
        (
            "Лист1",
            4,
            "Код ОО",
            "A-1",
            "школа, учебный год, процедура, класс и предмет повторяются в файле: уже есть в строке 2",
        )
    ]
    assert results_state() == before


def test_code_shared_by_two_regions(world):
    other = MunicipalityFactory(region=RegionFactory(code="79", name="Третья область"), name="Город В")
    SchoolFactory(municipality=other, code="A-1", short_name="Школа В-1")
    outcome = _apply(xlsx(RESULT_HEADER, [result_row("A-1")]))  # the system cannot choose
    assert outcome.problems[0].reason == (
        "код ОО неоднозначен: школы с этим кодом есть в нескольких муниципалитетах (Город А, Город В)"
    )
    # a committee member means their own school
    assert _apply(xlsx(RESULT_HEADER, [result_row("A-1")]), user=world.staff_a).applied
    assert AssessmentResult.objects.get().school == world.school_a
