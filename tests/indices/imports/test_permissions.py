"""Every row must be within the importing user's scope (schools/access.py): results need
``schools.change_school_data`` on the school (committee staff over it, or its own team); imported
groups need ``schools.manage_school`` (committee staff only)."""

from __future__ import annotations

import io

import pytest

from indices.models import AssessmentResult, ImportedGroups
from schools.imports.services import import_apply
from tests.schools.imports.workbooks import xlsx

from .rows import GROUP_HEADER, RESULT_HEADER, group_row, groups_state, result_row, results_state

pytestmark = pytest.mark.django_db


def _results(user, rows):
    return import_apply(kind="results", file=io.BytesIO(xlsx(RESULT_HEADER, rows)), user=user)


def _groups(user, rows):
    return import_apply(kind="groups", file=io.BytesIO(xlsx(GROUP_HEADER, rows)), user=user)


def test_staff_b_cannot_import_results_of_school_a(world):
    outcome = _results(world.staff_b, [result_row("B-1"), result_row("A-1")])
    assert [(p.row, p.column, p.reason) for p in outcome.problems] == [
        (3, "Код ОО", "нет прав на данные школы «Школа А-1» (Город А)")
    ]
    assert not AssessmentResult.objects.exists()


def test_staff_a_and_region_staff_import_results_of_their_schools(world):
    assert _results(world.staff_a, [result_row("A-1"), result_row("A-2")]).applied
    outcome = _results(world.region_staff, [result_row("A-1", mean=17), result_row("A-2")])
    assert outcome.applied and (outcome.updated, outcome.unchanged) == (1, 1)


def test_team_a_imports_its_own_school_but_not_school_a2(world):
    assert _results(world.team_a, [result_row("A-1")]).applied
    assert AssessmentResult.objects.get().school == world.school_a
    before = results_state()
    outcome = _results(world.team_a, [result_row("A-1", mean=18), result_row("A-2")])
    assert [(p.row, p.column, p.reason) for p in outcome.problems] == [
        (3, "Код ОО", "нет прав на данные школы «Школа А-2» (Город А)")
    ]
    assert results_state() == before


@pytest.mark.parametrize("persona", ["methodologist_a", "api_a"])
def test_methodologist_and_api_client_cannot_import_results(world, persona):
    outcome = _results(getattr(world, persona), [result_row("A-1")])
    assert outcome.problems[0].reason == "нет прав на данные школы «Школа А-1» (Город А)"
    assert not AssessmentResult.objects.exists()


def test_unchanged_rows_outside_scope_are_still_refused(world):
    _results(None, [result_row("A-1")])
    outcome = _results(world.staff_b, [result_row("A-1")])
    assert outcome.problems and outcome.problems[0].reason.startswith("нет прав")


def test_groups_need_committee_staff_over_the_school(world):
    outcome = _groups(world.team_a, [group_row("A-1")])  # its own school, but groups are the committee's
    assert [(p.row, p.column, p.reason) for p in outcome.problems] == [
        (2, "Код ОО", "нет прав на группы школы «Школа А-1» (Город А): их загружают сотрудники комитета")
    ]
    outcome = _groups(world.staff_b, [group_row("B-1"), group_row("A-1")])
    assert [p.row for p in outcome.problems] == [3]
    assert groups_state() == []
    assert _groups(world.staff_a, [group_row("A-1"), group_row("A-2")]).applied
    assert ImportedGroups.objects.count() == 2
