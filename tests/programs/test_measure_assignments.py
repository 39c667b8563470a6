"""Roadmap executors (MeasureAssignment) created, changed and deleted with the measure: in the
measure form's rows and through the service, under the rules of an approved program."""

from __future__ import annotations

from datetime import date

import pytest

from programs.models import Measure, MeasureAssignment, ProgressReport
from programs.selectors.programs import State, execution, measures_table
from programs.services import programs as psvc
from programs.services.errors import ProgramRuleError
from programs.services.measures import (
    AssignmentChange,
    measure_assignment_set,
    measure_assignments_save,
    measure_create,
    measure_update,
)
from programs.services.progress import ProgressTarget, on_demand_occurrence, progress_accept, progress_file
from tests.factories import ExecutorFactory, OrganisationFactory

from .conftest import make_program

pytestmark = pytest.mark.django_db
PREFIX = "assignments"


def _org(world, name="Методический центр А", municipality=None):
    return OrganisationFactory(municipality=municipality or world.mun_a, name=name, short_name=name)


def _measure_post(number="2.1", *, title="Дорожная карта: строка", version=None, **extra) -> dict:
    data = {"number": number, "title": title, "timing_text": "", **extra}
    if version is not None:
        data["version"] = str(version)
    return data


def _rows(*rows, initial=0) -> dict:
    """The formset's POST: rows as dicts of level / organisation / text (/ id / DELETE)."""
    data = {
        f"{PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{PREFIX}-INITIAL_FORMS": str(initial),
        f"{PREFIX}-MIN_NUM_FORMS": "0",
        f"{PREFIX}-MAX_NUM_FORMS": "3",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{PREFIX}-{i}-{key}"] = "" if value is None else str(value)
    return data


def test_create_form_offers_one_row_per_level(world, client_for, draft):
    page = client_for(world.staff_a).get(f"/programs/{draft.pk}/measures/new/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Исполнители дорожной карты" in body
    assert body.count('data-testid="assignment-row"') == 3


def test_measure_and_its_executors_are_created_together(world, client_for, draft):
    org = _org(world)
    post = {
        **_measure_post(),
        **_rows(
            {"level": "authority", "text": "Издать приказ"},
            {"level": "methodological_service", "organisation": org.pk, "text": "Создать творческую группу"},
            {"level": "quality_assessment", "text": ""},  # left empty: not saved
        ),
    }
    response = client_for(world.staff_a).post(f"/programs/{draft.pk}/measures/new/", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    measure = draft.measures.get(number="2.1")
    rows = {a.level: a for a in measure.assignments.all()}
    assert set(rows) == {"authority", "methodological_service"}
    assert rows["methodological_service"].organisation == org


def test_same_level_twice_is_a_russian_form_error(world, client_for, draft):
    post = {
        **_measure_post(),
        **_rows({"level": "authority", "text": "Первое"}, {"level": "authority", "text": "Второе"}),
    }
    response = client_for(world.staff_a).post(f"/programs/{draft.pk}/measures/new/", post)
    assert response.status_code == 200
    assert "указан дважды" in response.content.decode()
    assert not Measure.objects.filter(program=draft, number="2.1").exists()


def test_level_taken_meanwhile_is_refused_by_the_service_not_a_500(world, draft):
    measure = draft.measures.get(number="1.2")
    measure_assignment_set(measure=measure, level="authority", text="Своё")
    with pytest.raises(ProgramRuleError) as refused:
        # A second row of the same level, as if another request had created it between read and write.
        measure_assignments_save(measure=measure, changes=[AssignmentChange(level="authority", text="Чужое")])
    assert "уже есть исполнитель уровня «орган управления образованием»" in refused.value.messages[0]
    assert measure.assignments.count() == 1


def test_edit_changes_adds_and_deletes_rows(world, client_for, draft):
    measure = draft.measures.get(number="1.2")
    kept = measure_assignment_set(measure=measure, level="authority", text="Старый текст")
    gone = measure_assignment_set(measure=measure, level="quality_assessment", text="Лишнее")
    measure.refresh_from_db()
    post = {
        **_measure_post("1.2", title=measure.title, version=measure.version, timing_text=measure.timing_text),
        "task": measure.task_id,
        **_rows(
            {"id": kept.pk, "level": "authority", "text": "Новый текст"},
            {"id": gone.pk, "level": "quality_assessment", "text": "Лишнее", "DELETE": "on"},
            {"level": "methodological_service", "text": "Методическое сопровождение"},
            initial=2,
        ),
    }
    response = client_for(world.staff_a).post(f"/programs/{draft.pk}/measures/{measure.pk}/edit/", post)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert dict(measure.assignments.values_list("level", "text")) == {
        "authority": "Новый текст",
        "methodological_service": "Методическое сопровождение",
    }


def test_organisation_of_another_region_is_not_offered_nor_accepted(world, draft):
    elsewhere = _org(world, "Чужой центр", municipality=world.mun_b)
    measure = draft.measures.get(number="1.2")
    with pytest.raises(ProgramRuleError) as refused:
        measure_assignments_save(
            measure=measure, changes=[AssignmentChange(level="authority", text="x", organisation=elsewhere)]
        )
    assert "не из региона программы" in refused.value.messages[0]


def test_approved_program_changes_executors_only_within_an_amendment(world, program):
    measure = program.measures.get(number="1.2")
    change = [AssignmentChange(level="authority", text="Издать приказ")]
    with pytest.raises(ProgramRuleError, match="только через новую версию"):
        measure_assignments_save(measure=measure, changes=change)
    psvc.program_amendment_open(program=program)
    measure_assignments_save(measure=measure, changes=change)
    assert measure.assignments.get().text == "Издать приказ"


def _roadmap_with_report(world):
    """A running roadmap (no due dates) whose methodological centre reported on its row."""
    program = make_program(world, start=date(2024, 1, 1), end=date(2027, 8, 31))
    org = _org(world)
    psvc.program_amendment_open(program=program)
    measure = program.measures.get(number="1.2")
    measure_update(measure=measure, data={"timing_text": ""})  # the roadmap states no timing
    row = measure_assignment_set(measure=measure, level="methodological_service", text="Семинары", organisation=org)
    psvc.program_amendment_commit(program=program, user=world.staff_a, reason="Исполнители дорожной карты")
    staff = ExecutorFactory(username="centre_a", organisation=org)
    occurrence = on_demand_occurrence(measure=measure, done_on=date(2025, 3, 12))
    progress_file(target=ProgressTarget(occurrence, assignment=row), user=staff, status="done", narrative="Проведено")
    return program, measure, row


def test_executor_with_reports_is_not_deleted_and_the_reports_are_named(world, client_for):
    program, measure, row = _roadmap_with_report(world)
    psvc.program_amendment_open(program=program)
    measure.refresh_from_db()
    post = {
        **_measure_post("1.2", title=measure.title, version=measure.version),
        "task": measure.task_id,
        **_rows({"id": row.pk, "level": row.level, "text": row.text, "DELETE": "on"}, initial=1),
    }
    response = client_for(world.staff_a).post(f"/programs/{program.pk}/measures/{measure.pk}/edit/", post)
    assert response.status_code == 200
    body = response.content.decode()
    assert "удалить нельзя: по нему поданы отчёты — отчёт за 12.03.2025 (на проверке)" in body
    assert MeasureAssignment.objects.filter(pk=row.pk).exists() and ProgressReport.objects.count() == 1


def test_a_rows_refusal_keeps_the_measure_unchanged(world):
    program, measure, row = _roadmap_with_report(world)
    psvc.program_amendment_open(program=program)
    before = measure.title
    with pytest.raises(ProgramRuleError):
        measure_update(
            measure=measure,
            data={"title": "Другое название"},
            assignments=[AssignmentChange(level=row.level, text=row.text, pk=row.pk, delete=True)],
        )
    measure.refresh_from_db()
    assert measure.title == before


# --- each executor level's own state (the roadmap's columns) ---------------------------------------


def test_each_executor_level_shows_its_own_state(world, client_for):
    program, measure, row = _roadmap_with_report(world)
    psvc.program_amendment_open(program=program)
    measure_assignment_set(measure=measure, level="authority", text="Издать приказ")
    psvc.program_amendment_commit(program=program, user=world.staff_a, reason="Ещё исполнитель")
    states = {
        e.assignment.level: e.state
        for g in measures_table(program=program)
        for r in g.rows
        if r.measure.pk == measure.pk
        for e in r.executors
    }
    assert states == {"authority": State.OPEN, "methodological_service": State.WAITING}
    progress_accept(report=ProgressReport.objects.get(), user=world.staff_a)
    page = client_for(world.staff_a).get(f"/programs/{program.pk}/").content.decode()
    assert 'data-level="methodological_service" data-state="done"' in page
    assert 'data-level="authority" data-state="open"' in page
    detail = client_for(world.staff_a).get(f"/programs/{program.pk}/measures/{measure.pk}/").content.decode()
    assert 'data-testid="executor" data-level="methodological_service" data-state="done"' in detail


def test_executor_states_cost_no_query_per_row(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    program, measure, _row = _roadmap_with_report(world)

    def queries() -> int:
        work = execution(program_ids=[program.pk])
        with CaptureQueriesContext(connection) as captured:
            rows = [r for g in measures_table(program=program, work=work) for r in g.rows]
            [e.assignment.organisation for r in rows for e in r.executors]
        return len(captured)

    few = queries()
    psvc.program_amendment_open(program=program)
    for n in range(3):
        extra = measure_create(program=program, data={"number": f"3.{n}", "title": "Ещё строка", "timing_text": ""})
        measure_assignment_set(measure=extra, level="authority", text="Приказ")
        measure_assignment_set(
            measure=extra, level="quality_assessment", text="Мониторинг", organisation=_org(world, f"МСОКО {n}")
        )
    assert queries() == few


def test_a_form_posted_without_the_executors_section_leaves_them_as_they_are(world, client_for, draft):
    measure = draft.measures.get(number="1.2")
    measure_assignment_set(measure=measure, level="authority", text="Издать приказ")
    measure.refresh_from_db()
    post = _measure_post("1.2", title="Совещание комитета (уточнено)", version=measure.version, task=measure.task_id)
    response = client_for(world.staff_a).post(f"/programs/{draft.pk}/measures/{measure.pk}/edit/", post)
    assert response.status_code == 302
    assert list(measure.assignments.values_list("level", "text")) == [("authority", "Издать приказ")]
