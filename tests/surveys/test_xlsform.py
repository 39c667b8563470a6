"""XLSForm import and export: round trip, a real published form, refusals that name the row and
create nothing, and `manage.py survey_import`."""

from __future__ import annotations

import dataclasses

import pytest
from django.core.management import CommandError, call_command

from surveys import spec as specs
from surveys.imports import xlsform
from surveys.models import Question, Questionnaire
from surveys.services.questionnaires import questionnaire_create, spec_of
from tests.factories import QuestionnaireFactory
from tests.factories.surveys import small_spec

from . import xlsform_example as example

pytestmark = pytest.mark.django_db


def _essence(spec: specs.FormSpec):
    """What must survive a round trip: questions, their logic and choices, sections."""
    return (
        spec.title,
        spec.group,
        [(s.name, s.title, s.relevant) for s in spec.sections],
        [
            (
                q.name,
                q.kind,
                q.label,
                q.section,
                q.required,
                q.relevant,
                q.constraint,
                q.constraint_message,
                q.choices,
                q.statements,
                q.scale_min,
                q.scale_max,
                q.integer_only if q.kind == "number" else None,
            )
            for q in spec.questions
        ],
    )


def test_a_questionnaire_round_trips_through_xlsform():
    original = QuestionnaireFactory()
    content = xlsform.write(spec_of(original))
    again = questionnaire_create(spec=xlsform.read(content), user=None)
    assert _essence(spec_of(again)) == _essence(spec_of(original))
    assert again.pk != original.pk and again.questions.count() == original.questions.count() == 6


def test_the_demo_forms_round_trip():
    from surveys.demo import parents_spec, teachers_spec

    for make in (parents_spec, teachers_spec):
        stored = questionnaire_create(spec=make(), user=None)
        back = xlsform.read(xlsform.write(spec_of(stored)))
        assert _essence(back) == _essence(spec_of(stored))


def test_the_published_example_imports():
    spec = xlsform.read(example.workbook(), group="parents")
    assert specs.check(spec) == []
    q = questionnaire_create(spec=spec, user=None)
    by_name = {x.name: x for x in q.questions.all()}
    assert list(by_name) == ["age", "likes_pizza", "favorite_topping", "amount", "my_table", "why", "thanks"]
    assert by_name["age"].label == "Сколько вам лет?"  # the Russian translation is taken
    assert by_name["age"].required and by_name["age"].constraint == ". <= 150"
    assert by_name["favorite_topping"].relevant == "${likes_pizza} = 'yes'"
    assert by_name["amount"].kind == "scale" and (by_name["amount"].scale_min, by_name["amount"].scale_max) == (1, 5)
    matrix = by_name["my_table"]
    assert matrix.kind == "matrix" and [s["name"] for s in matrix.statements] == ["q1", "q2", "q3"]
    assert [c["label"] for c in matrix.choices] == ["Да", "Нет"]
    assert by_name["why"].kind == "long_text" and by_name["why"].section.relevant == "${amount} < 3"
    assert len(spec.skipped) == 4 and all("служебное" in line for line in spec.skipped)


def _with_row(row):
    survey = [*example.SURVEY[:6], row, *example.SURVEY[6:]]
    return example.workbook(survey=survey)


@pytest.mark.parametrize(
    ("row", "words"),
    [
        (["geopoint", "where", "Where?", "Где?", "", "", "", "", "", "", ""], ["Строка 7", "geopoint"]),
        (["image", "photo", "Photo", "Фото", "", "", "", "", "", "", ""], ["Строка 7", "image"]),
        (["barcode", "code", "Code", "Код", "", "", "", "", "", "", ""], ["Строка 7", "barcode"]),
        (["select_one no_such", "x", "X", "Икс", "", "", "", "", "", "", ""], ["Строка 7", "no_such"]),
        (["integer", "age", "Again", "Снова", "", "", "", "", "", "", ""], ["строка 7", "age", "уже встречалось"]),
        (
            ["integer", "bad", "Bad", "Плохо", "", "", "${age} >=", "", "", "", ""],
            ["строка 7", "relevant", "не разобрано"],
        ),
        (["integer", "ahead", "Ahead", "Вперёд", "", "", "${amount} > 1", "", "", "", ""], ["строка 7", "${amount}"]),
    ],
)
def test_bad_forms_are_refused_naming_the_row_and_nothing_is_created(row, words):
    content = _with_row(row)
    with pytest.raises(xlsform.XLSFormError) as err:
        spec = xlsform.read(content, group="parents")
        problems = specs.check(spec)
        if problems:
            raise xlsform.XLSFormError(problems)
    message = " ".join(err.value.problems)
    for word in words:
        assert word in message
    with pytest.raises(CommandError):
        path = _write_tmp(content)
        call_command("survey_import", str(path), "--group", "parents")
    assert not Questionnaire.objects.exists() and not Question.objects.exists()


def _write_tmp(content: bytes):
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "form.xlsx"
    path.write_bytes(content)
    return path


def test_the_command_prints_the_id_and_the_number_of_questions(capsys):
    path = _write_tmp(example.workbook())
    call_command("survey_import", str(path), "--group", "parents", "--dry-run")
    out = capsys.readouterr().out
    assert "Ничего не создано" in out and "7 вопросов" in out
    assert not Questionnaire.objects.exists()
    call_command("survey_import", str(path), "--group", "parents")
    out = capsys.readouterr().out
    created = Questionnaire.objects.get()
    assert f"id {created.pk}, 7 вопросов" in out


def test_without_a_group_the_import_says_so():
    with pytest.raises(xlsform.XLSFormError) as err:
        xlsform.read(example.workbook())
    assert "respondents" in err.value.problems[0]


def test_a_file_that_is_not_a_workbook_is_refused():
    with pytest.raises(xlsform.XLSFormError) as err:
        xlsform.read(b"not a zip")
    assert "не читается" in err.value.problems[0]


def test_export_is_formula_safe():
    spec = small_spec()
    spec.questions[0] = dataclasses.replace(spec.questions[0], label='=HYPERLINK("http://x")')
    content = xlsform.write(spec)
    import io

    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(content))["survey"]
    cell = ws.cell(row=2, column=3)
    assert cell.value == spec.questions[0].label and cell.data_type == "s"
    assert xlsform.read(content).questions[0].label == spec.questions[0].label
