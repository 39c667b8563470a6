"""Issue 19: funding lines and planned events from XLSX, on the shared import machinery: exact
amounts, planned money only while the program may be changed, every problem named by row and
column in Russian, and nothing half-saved."""

from __future__ import annotations

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from programs.services.programs import program_amendment_open
from resources.imports_events import EVENT_COLUMNS, EventResource
from resources.imports_funding import FUNDING_COLUMNS, FundingResource
from resources.models import EventAttendance, FundingLine, MethodEvent
from schools.imports.services import import_apply, import_preview, template_xlsx

from .conftest import make_live

pytestmark = pytest.mark.django_db

FUNDING_HEADER = [c.title for c in FUNDING_COLUMNS]
EVENT_HEADER = [c.title for c in EVENT_COLUMNS]


def _xlsx(header, rows, title="Лист1") -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _funding_rows(live):
    year = live.program.period_start.year
    return [
        [live.program.pk, None, year, "муниципальный бюджет", "1250000,10", None, None, None, "на программу"],
        [f"№ {live.program.pk}", "1.1", year, "региональный бюджет", 0.2, "0,05", None, None, None],
        [live.program.pk, "1.1", year, "грант", "999999999.99", None, "Грант «Школа Минпросвещения»", "A-1", None],
    ]


def _problems(outcome):
    return [(p.row, p.column, p.reason) for p in outcome.problems]


def test_columns_have_fields():
    assert {c.key for c in FUNDING_COLUMNS} - {"recipient_code"} <= set(FundingResource.fields)
    assert {c.key for c in EVENT_COLUMNS} - {"due_date", "date", "time", "host_code", "invited"} <= set(
        EventResource.fields
    )


@pytest.mark.parametrize("kind", ["funding", "events"])
def test_template_workbook_is_russian(kind):
    sheet = load_workbook(io.BytesIO(template_xlsx(kind))).worksheets[0]
    titles = [c.value for c in sheet[1] if c.value]
    assert "Программа" in titles and all(any("а" <= ch <= "я" for ch in t.lower()) for t in titles)


def test_funding_import_exact_and_reimport(world):
    live = make_live(world, approve=False)
    data = _xlsx(FUNDING_HEADER, _funding_rows(live))
    outcome = import_apply(kind="funding", file=io.BytesIO(data), user=world.staff_a)
    assert outcome.applied and outcome.new == 3, _problems(outcome)
    lines = {line.source: line for line in FundingLine.objects.all()}
    assert lines["municipal"].planned == Decimal("1250000.10") and lines["municipal"].measure is None
    assert lines["regional"].planned == Decimal("0.20") and lines["regional"].actual == Decimal("0.05")
    assert lines["grant"].recipient_school == world.school_a and lines["grant"].measure == live.seminars
    # The reference in integer kopecks, another arithmetic than the import's Decimals.
    assert sum(int(line.planned * 100) for line in lines.values()) == 125000010 + 20 + 99999999999
    again = import_apply(kind="funding", file=io.BytesIO(data), user=world.staff_a)
    assert again.applied and again.new == 0 and again.unchanged == 3 and FundingLine.objects.count() == 3


@pytest.mark.parametrize(
    ("cell", "value", "column", "reason"),
    [
        (4, "12,345", "План, руб.", "двух знаков"),
        (4, "-5", "План, руб.", "отрицательной"),
        (5, "1,001", "Исполнено, руб.", "двух знаков"),
        (2, 2090, "Год", "вне периода"),
        (1, "9.9", "Мероприятие", "нет мероприятия № 9.9"),
        (3, "спонсоры", "Источник", "недопустимое значение"),
        (0, 99999, "Программа", "не найдена"),
    ],
)
def test_funding_bad_row_names_row_and_column_and_writes_nothing(world, cell, value, column, reason):
    live = make_live(world, approve=False)
    rows = _funding_rows(live)
    rows[2][cell] = value
    outcome = import_apply(kind="funding", file=io.BytesIO(_xlsx(FUNDING_HEADER, rows)), user=world.staff_a)
    assert not outcome.applied
    assert any(p.row == 4 and p.column == column and reason in p.reason for p in outcome.problems), _problems(outcome)
    assert not FundingLine.objects.exists()


def test_funding_plan_of_an_approved_program_only_in_an_amendment(world):
    live = make_live(world, approve=True)
    rows = _funding_rows(live)[:1]
    refused = import_apply(kind="funding", file=io.BytesIO(_xlsx(FUNDING_HEADER, rows)), user=world.staff_a)
    assert not refused.applied and any("изменение программы" in p.reason for p in refused.problems)
    assert not FundingLine.objects.exists()
    program_amendment_open(program=live.program)
    live.program.refresh_from_db()
    done = import_apply(kind="funding", file=io.BytesIO(_xlsx(FUNDING_HEADER, rows)), user=world.staff_a)
    assert done.applied, _problems(done)
    # The amendment closed again: the spent amount may still be recorded, a new plan may not.
    type(live.program).objects.filter(pk=live.program.pk).update(amendment_open=False)
    rows[0][5] = "1000000"
    spent = import_apply(kind="funding", file=io.BytesIO(_xlsx(FUNDING_HEADER, rows)), user=world.staff_a)
    assert spent.applied and spent.updated == 1, _problems(spent)
    rows[0][4] = "1250000,11"
    plan = import_apply(kind="funding", file=io.BytesIO(_xlsx(FUNDING_HEADER, rows)), user=world.staff_a)
    assert not plan.applied
    line = FundingLine.objects.get()
    assert line.planned == Decimal("1250000.10") and line.actual == Decimal("1000000.00")


def test_funding_other_municipality_refused(world):
    live = make_live(world, approve=False)
    outcome = import_preview(
        kind="funding", file=io.BytesIO(_xlsx(FUNDING_HEADER, _funding_rows(live))), user=world.staff_b
    )
    assert any("нет прав" in p.reason for p in outcome.problems) and not FundingLine.objects.exists()


def _event_rows(live):
    past = live.past.due_date
    day = past - timedelta(days=1)
    return [
        [live.program.pk, "1.1", past.strftime("%d.%m.%Y"), "Семинар «Смысловое чтение»", "семинар",
         day.strftime("%d.%m.%Y"), "14:30", "4", "A-1", None, "очно", "актовый зал", "учителя", 40,
         "A-1 (20), A-2 (15)", None, None],
        [live.program.pk, "1.1", None, "Вебинар для родителей", "вебинар", day.strftime("%d.%m.%Y"), None, 1.5,
         "A-2", None, "дистанционно", None, "родители", 100, None, None, "нет"],
    ]  # fmt: skip


def test_event_import_and_reimport(world):
    live = make_live(world)
    data = _xlsx(EVENT_HEADER, _event_rows(live))
    outcome = import_apply(kind="events", file=io.BytesIO(data), user=world.staff_a)
    assert outcome.applied and outcome.new == 2, _problems(outcome)
    seminar = MethodEvent.objects.get(kind="seminar")
    assert seminar.occurrence == live.past and seminar.hours == Decimal("4") and seminar.host_school == world.school_a
    assert seminar.starts_at.astimezone().hour == 14 and seminar.created_by == world.staff_a
    assert {(a.school.code, a.planned) for a in EventAttendance.objects.filter(event=seminar)} == {
        ("A-1", 20),
        ("A-2", 15),
    }
    webinar = MethodEvent.objects.get(kind="webinar")
    assert webinar.format == "remote" and not webinar.announce and webinar.occurrence is None
    rows = _event_rows(live)
    rows[0][14] = "A-1 (30)"
    again = import_apply(kind="events", file=io.BytesIO(_xlsx(EVENT_HEADER, rows)), user=world.staff_a)
    assert again.applied and again.updated == 1 and MethodEvent.objects.count() == 2, _problems(again)
    assert list(EventAttendance.objects.filter(event=seminar).values_list("planned", flat=True)) == [30]
    # Held, the event is history: the same file loads again without change, a changed row is refused.
    MethodEvent.objects.filter(pk=seminar.pk).update(status=MethodEvent.Status.HELD)
    same = import_apply(kind="events", file=io.BytesIO(_xlsx(EVENT_HEADER, rows)), user=world.staff_a)
    assert same.applied and same.unchanged == 2, _problems(same)
    rows[0][7] = "6"
    refused = import_apply(kind="events", file=io.BytesIO(_xlsx(EVENT_HEADER, rows)), user=world.staff_a)
    assert not refused.applied and any("уже проведено" in p.reason for p in refused.problems), _problems(refused)
    assert MethodEvent.objects.get(pk=seminar.pk).hours == Decimal("4")


@pytest.mark.parametrize(
    ("cell", "value", "column", "reason"),
    [
        (7, "1,3", "Часов", "четверть часа"),
        (14, "A-1 (30), A-2 (15)", "Мест", "больше, чем мест"),
        (5, "01.01.2000", "Дата", "вне периода программы"),
        (2, "01.01.2001", "Срок", "нет срока"),
        (8, None, "Код ОО организатора", "одно из двух"),
        (14, "B-1 (3)", "Приглашённые школы", "не найдена"),
        (6, "25:99", "Дата", "время не прочитано"),
    ],
)
def test_event_bad_row_and_nothing_is_written(world, cell, value, column, reason):
    live = make_live(world)
    rows = _event_rows(live)
    rows[0][cell] = value
    outcome = import_apply(kind="events", file=io.BytesIO(_xlsx(EVENT_HEADER, rows)), user=world.staff_a)
    assert not outcome.applied
    assert any(p.row == 2 and p.column == column and reason in p.reason for p in outcome.problems), _problems(outcome)
    assert not MethodEvent.objects.exists() and not EventAttendance.objects.exists()


def test_events_of_a_draft_program_refused(world):
    live = make_live(world, approve=False)
    live.past = live.seminars.occurrences.order_by("due_date").first()
    outcome = import_preview(
        kind="events", file=io.BytesIO(_xlsx(EVENT_HEADER, _event_rows(live)[1:])), user=world.staff_a
    )
    assert any("утверждённой или действующей" in p.reason for p in outcome.problems)
