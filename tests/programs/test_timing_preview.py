"""The timing preview on the measure and schedule forms, and the refusals of schedules that give
no due date in the program period (form and service alike)."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from programs.forms.programs import ScheduleForm
from programs.models import Measure
from programs.services.measures import timing_preview
from programs.timing import Kind, Schedule

from .conftest import make_program

pytestmark = pytest.mark.django_db


def _preview_url(program) -> str:
    return reverse("programs:measure_timing_preview", args=[program.pk])


def test_committee_staff_see_what_was_understood_and_the_due_dates(draft, world, client_for):
    response = client_for(world.staff_a).get(_preview_url(draft), {"timing_text": "ежеквартально, до 10 числа"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "ежеквартально, до 10 числа месяца, следующего за кварталом" in body
    assert "10.04.2024" in body and "10.04.2025" in body
    # the 4th quarter of the program's last year is reported after its end, and the page says so
    assert "10.01.2027" in body and "после окончания программы" in body


def test_the_preview_lists_twelve_dates_and_counts_the_rest_with_notes(draft, world, client_for):
    body = (
        client_for(world.staff_a).get(_preview_url(draft), {"timing_text": "ежемесячно, до 31 числа"}).content.decode()
    )
    assert "и ещё 24" in body  # 36 months
    assert "29.02.2024" in body and "30.04.2024" in body
    assert "В месяцах, где меньше 31 дня, срок — последний день месяца." in body


def test_an_unreadable_or_impossible_timing_is_said_before_saving(draft, world, client_for):
    staff = client_for(world.staff_a)
    body = staff.get(_preview_url(draft), {"timing_text": "когда получится"}).content.decode()
    assert "Не распознано — уточните расписание после сохранения." in body
    body = staff.get(_preview_url(draft), {"timing_text": "Июнь-июль 2018"}).content.decode()
    assert "выходит за период программы 2024–2026" in body


@pytest.mark.parametrize("persona", ["team_a", "staff_b", "methodologist_a"])
def test_the_preview_is_only_for_those_who_edit_the_measures(draft, world, client_for, persona):
    response = client_for(getattr(world, persona)).get(_preview_url(draft), {"timing_text": "ежеквартально"})
    assert response.status_code == 403


def test_an_anonymous_visitor_is_sent_to_log_in(draft, client_for):
    response = client_for(None).get(_preview_url(draft), {"timing_text": "ежеквартально"})
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_measure_form_asks_for_the_preview_while_typing(draft, world, client_for):
    body = client_for(world.staff_a).get(reverse("programs:measure_create", args=[draft.pk])).content.decode()
    assert f'hx-get="{_preview_url(draft)}"' in body
    assert 'hx-trigger="load, input changed delay:400ms"' in body
    assert 'id="timing-preview"' in body


def test_preview_service_matches_what_saving_creates(draft):
    preview = timing_preview(program=draft, text="в течение 10 дней после окончания квартала")
    assert preview.schedule == Schedule(Kind.QUARTERLY, offset_days=10)
    assert preview.dates[0] == date(2024, 4, 10) and preview.total == 12 and preview.more == 0
    assert preview.error is None
    empty = timing_preview(program=draft, text="  ")
    assert empty.schedule.kind is Kind.ON_REQUEST and empty.dates == []


# --- schedule correction ---------------------------------------------------------------------


@pytest.fixture
def short(world):
    """A draft program of January–September 2025: "every October" gives no due date in it."""
    return make_program(world, status="draft", start=date(2025, 1, 1), end=date(2025, 9, 30))


def test_schedule_form_refuses_a_schedule_without_a_due_date_in_the_period(short):
    form = ScheduleForm({"kind": "yearly", "months": ["10"]}, program=short)
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "Срок «ежегодно в октябре» не даёт ни одной даты отчёта в период программы 01.01.2025–30.09.2025"
    ]
    outside = ScheduleForm({"kind": "range", "start": "2018-06-01", "end": "2018-07-31"}, program=short)
    assert not outside.is_valid()
    assert "выходит за период программы" in outside.non_field_errors()[0]


def test_schedule_form_refuses_a_day_outside_1_to_31_in_russian():
    form = ScheduleForm({"kind": "quarterly", "day": "32"})
    assert not form.is_valid()
    assert form.errors["day"] == ["Убедитесь, что это значение меньше либо равно 31."]
    assert not ScheduleForm({"kind": "quarterly", "day": "0"}).is_valid()
    april = ScheduleForm({"kind": "yearly", "months": ["4"], "day": "31"})
    assert not april.is_valid() and april.errors["day"] == ["В месяце «апрель» нет 31 числа."]
    both = ScheduleForm({"kind": "quarterly", "day": "10", "offset_days": "5"})
    assert not both.is_valid() and "либо число месяца" in both.non_field_errors()[0]


def test_schedule_form_builds_only_what_the_kind_uses():
    form = ScheduleForm(
        {"kind": "quarterly", "months": ["9", "10"], "weekday": "1", "quarter": "4", "day": "10", "note": "отчёт"}
    )
    assert form.is_valid(), form.errors
    assert form.schedule() == Schedule(Kind.QUARTERLY, day=10, note="отчёт")
    weekly = ScheduleForm({"kind": "weekly", "months": ["9", "10"], "weekday": "1", "day": "10"})
    assert weekly.is_valid(), weekly.errors
    assert weekly.schedule() == Schedule(Kind.WEEKLY, months=(9, 10), weekday=1)


def test_once_per_academic_year_needs_no_quarter(draft, world, client_for):
    measure = draft.measures.get(number="1.1")
    url = reverse("programs:measure_schedule", args=[draft.pk, measure.pk])
    response = client_for(world.staff_a).post(url, {"kind": "academic_yearly", "quarter": ""})
    assert response.status_code == 302
    measure.refresh_from_db()
    assert Schedule.from_dict(measure.schedule) == Schedule(Kind.ACADEMIC_YEARLY)
    assert [o.due_date for o in measure.occurrences.order_by("due_date")] == [
        date(2024, 8, 31),
        date(2025, 8, 31),
        date(2026, 8, 31),
        date(2026, 12, 31),
    ]


def test_schedule_page_refuses_a_schedule_without_dates_and_saves_nothing(short, world, client_for):
    measure = short.measures.get(number="1.2")  # "2 квартал 2025 года"
    before = dict(measure.schedule)
    url = reverse("programs:measure_schedule", args=[short.pk, measure.pk])
    response = client_for(world.staff_a).post(url, {"kind": "yearly", "months": ["12"], "day": "25"})
    assert response.status_code == 200
    assert "не даёт ни одной даты отчёта в период программы" in response.content.decode()
    measure.refresh_from_db()
    assert measure.schedule == before


def test_schedule_page_marks_each_field_with_the_kinds_that_use_it(draft, world, client_for):
    measure = draft.measures.get(number="1.1")
    body = (
        client_for(world.staff_a)
        .get(reverse("programs:measure_schedule", args=[draft.pk, measure.pk]))
        .content.decode()
    )
    assert "data-schedule-form" in body
    assert 'data-schedule-kinds="academic_yearly"' in body  # the quarter
    assert 'data-schedule-kinds="yearly monthly weekly"' in body  # the months
    assert reverse("programs:measure_schedule_preview", args=[draft.pk, measure.pk]) in body


def test_schedule_preview_reads_the_form_fields(program, world, client_for):
    """The correction form also serves approved programs: its preview follows its permission."""
    measure = program.measures.get(number="1.1")
    url = reverse("programs:measure_schedule_preview", args=[program.pk, measure.pk])
    body = client_for(world.staff_a).get(url, {"kind": "quarterly", "day": "10"}).content.decode()
    assert "10.04.2025" in body
    body = client_for(world.staff_a).get(url, {"kind": "quarterly", "day": "40"}).content.decode()
    assert "меньше либо равно 31" in body
    assert client_for(world.team_a).get(url, {"kind": "quarterly"}).status_code == 403


def test_measure_create_refuses_a_timing_without_dates_and_saves_nothing(short, world, client_for):
    url = reverse("programs:measure_create", args=[short.pk])
    response = client_for(world.staff_a).post(
        url, {"number": "1.3", "title": "Отчёт", "timing_text": "Октябрь, ежегодно"}
    )
    assert response.status_code == 200
    assert "не даёт ни одной даты отчёта в период программы 01.01.2025–30.09.2025" in response.content.decode()
    assert not Measure.objects.filter(program=short, number="1.3").exists()
