"""The program calendar is a Vega-Lite spec (programs/charts.py: timeline_spec): a row per stage,
then per task and measure in order; a measure's due dates are marks by state with Russian words;
today's line; axis labels in Russian as fine as the period allows. vl-convert draws it (the PDF
path) with its Russian words."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from programs.charts import LABEL_LIMIT, timeline_spec
from programs.models import Stage
from programs.selectors import programs as selectors
from programs.services.programs import program_approve
from reporting.charts import chart_svg
from tests.factories import MeasureFactory, ProgramFactory
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db

TODAY = date(2025, 11, 15)
LONG = "Организация методического сопровождения педагогов по подготовке обучающихся к оценочным процедурам"


def _calendar(program, today=TODAY):
    work = selectors.execution(program_ids=[program.pk], today=today)
    groups = selectors.measures_table(program=program, work=work)
    return timeline_spec(program=program, groups=groups, work=work, today=today)


def _layer(spec, mark):
    return next(
        layer for layer in spec["layer"] if isinstance(layer.get("mark"), dict) and layer["mark"]["type"] == mark
    )


@pytest.fixture
def calendar(world):
    program = make_program(world, status="draft")
    Stage.objects.create(
        program=program, number="1", title="Подготовительный", start=date(2024, 1, 1), end=date(2024, 8, 31)
    )
    Stage.objects.create(program=program, number="2", title="Основной", start=date(2024, 9, 1), end=date(2027, 5, 31))
    task = program.tasks.get(number="1")
    MeasureFactory(program=program, number="1.3", title=LONG, task=task, timing_text="Декабрь 2025 года")
    program_approve(program=program, user=world.staff_a)
    return program


def test_the_rows_are_stages_then_the_task_and_its_measures_in_order(world, calendar):
    spec = _calendar(calendar)
    rows = [r["row"] for r in _layer(spec, "rect")["data"]["values"]]
    assert rows[:2] == ["Этап 1. Подготовительный", "Этап 2. Основной"]
    assert rows[2].startswith("Задача 1") and "Повысить качество" in rows[2]
    assert rows[3:] == ["1.1. Семинар для учителей", "1.2. Совещание комитета", f"1.3. {LONG}"]
    assert _layer(spec, "rect")["encoding"]["y"]["sort"] == rows
    assert _layer(spec, "rect")["encoding"]["y"]["axis"]["labelLimit"] == LABEL_LIMIT  # long titles cut…
    bands = {r["row"]: r["full"] for r in _layer(spec, "rect")["data"]["values"]}
    assert bands[f"1.3. {LONG}"] == f"1.3. {LONG}"  # …and whole in the row's tooltip
    # A stage's bar is clipped to the program's period (the second ends after it).
    stages = {r["row"]: (r["start"], r["end"]) for r in _layer(spec, "bar")["data"]["values"]}
    assert stages == {
        "Этап 1. Подготовительный": ("2024-01-01", "2024-08-31"),
        "Этап 2. Основной": ("2024-09-01", "2026-12-31"),
    }


def test_each_due_date_is_a_mark_by_state_in_russian(world, calendar):
    spec = _calendar(calendar)
    points = _layer(spec, "point")["data"]["values"]
    got = sorted((p["row"].split(".")[0] + "." + p["row"].split(".")[1], p["at"], p["state"]) for p in points)
    # By hand, on 15 November 2025, nothing reported: 1.1 each September (2024 and 2025 past, 2026
    # ahead), 1.2 in the second quarter of 2025 (past), 1.3 in December 2025 (ahead).
    past = [(m, at) for m, at, state in got if at < TODAY.isoformat()]
    assert [(m, at[:7]) for m, at in past] == [("1.1", "2024-09"), ("1.1", "2025-09"), ("1.2", "2025-06")]
    assert {state for _m, at, state in got if at < TODAY.isoformat()} == {"просрочено"}
    assert {state for _m, at, state in got if at > TODAY.isoformat()} == {"предстоит"}
    assert {(m, at[:7]) for m, at, _s in got if at > TODAY.isoformat()} == {("1.1", "2026-09"), ("1.3", "2025-12")}
    colour = _layer(spec, "point")["encoding"]["color"]
    assert colour["scale"]["domain"] == ["выполнено", "просрочено", "ждёт проверки", "предстоит"]
    assert colour["title"] == "Сроки мероприятий"
    tooltip = [t["title"] for t in _layer(spec, "point")["encoding"]["tooltip"]]
    assert tooltip == ["Мероприятие", "Срок", "Состояние"]
    assert {p["date"] for p in points} >= {"30 сентября 2024 г.", "30 сентября 2025 г."} or all(
        re.fullmatch(r"\d{1,2} [а-я]+ 20\d\d г\.", p["date"]) for p in points
    )
    assert all(re.fullmatch(r"\d{1,2} [а-я]+ 20\d\d г\.", p["date"]) for p in points)


def test_today_is_a_rule_within_the_period_only(world, calendar):
    spec = _calendar(calendar)
    today = next(layer for layer in spec["layer"] if "layer" in layer)
    assert today["data"]["values"][0]["at"] == "2025-11-15"
    assert [sub["mark"]["type"] for sub in today["layer"]] == ["rule", "text"]
    assert today["layer"][1]["mark"]["text"] == "сегодня"
    assert "сегодня" in re.findall(r"<text[^>]*>([^<]+)</text>", chart_svg(spec))
    after = _calendar(calendar, today=date(2027, 3, 1))
    assert not any("layer" in layer for layer in after["layer"])  # out of the period: no line
    assert "сегодня" not in re.findall(r"<text[^>]*>([^<]+)</text>", chart_svg(after))


@pytest.mark.parametrize(
    ("start", "end", "first_labels"),
    [
        (date(2025, 9, 1), date(2026, 5, 31), ["сен", "окт", "ноя", "дек", "2026", "фев"]),
        (date(2024, 1, 1), date(2026, 12, 31), ["2024", "II кв.", "III кв.", "IV кв.", "2025"]),
        (date(2017, 6, 30), date(2027, 8, 31), ["2018", "2019", "2020"]),
    ],
)
def test_axis_labels_are_russian_months_quarters_or_years(world, start, end, first_labels):
    program = ProgramFactory(
        municipality=world.mun_a, period_start=start, period_end=end, created_by=world.staff_a, schools=[]
    )
    svg = chart_svg(_calendar(program, today=start))
    labels = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    at = labels.index(first_labels[0])
    assert labels[at : at + len(first_labels)] == first_labels


def test_vl_convert_draws_the_calendar_with_its_russian_words(world, calendar):
    svg = chart_svg(_calendar(calendar))
    texts = re.findall(r"<text[^>]*>([^<]+)</text>", svg)
    for text in ("Этап 1. Подготовительный", "1.1. Семинар для учителей", "просрочено", "предстоит", "ждёт проверки"):
        assert text in texts, text
    assert "Сроки мероприятий" in texts and "сегодня" in texts
    cut = next(t for t in texts if t.startswith("1.3. "))
    assert cut.endswith("…") and LONG.startswith(cut[5:-1])  # the long title is cut on the axis
    # No field name reaches a screen reader: the marks say what they are in Russian.
    assert not re.search(r'aria-label="[^"]*\b(row|at|state|full|kind)\b', svg)
    assert 'aria-label="1.1: срок' in svg


def test_the_calendar_page_writes_the_spec_for_charts_js(world, calendar, client_for):
    response = client_for(world.staff_a).get(reverse("programs:timeline", args=[calendar.pk]))
    html = response.content.decode()
    block = re.search(r'data-testid="timeline-chart" data-chart>.*?<script[^>]*>(.*?)</script>', html, re.S)
    assert block
    spec = json.loads(block.group(1))
    rows = [r["row"] for r in _layer(spec, "rect")["data"]["values"]]
    assert "1.1. Семинар для учителей" in rows and "Этап 2. Основной" in rows
