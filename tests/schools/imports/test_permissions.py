"""Each row must be within the importing user's scope (schools/access.py), for every persona."""

from __future__ import annotations

import io

import pytest

from schools.imports.services import import_apply, import_preview
from schools.models import Municipality, School, SchoolContext

from .workbooks import CONTEXT_HEADER, SCHOOL_HEADER, context_row, school_row, xlsx

pytestmark = pytest.mark.django_db


def _schools(user, rows, **kwargs):
    return import_apply(kind="schools", file=io.BytesIO(xlsx(SCHOOL_HEADER, rows)), user=user, **kwargs)


def test_staff_b_cannot_import_schools_of_municipality_a(world):
    outcome = _schools(world.staff_b, [school_row("A-1", short="Захвачено"), school_row("A-99")])
    reasons = {(p.row, p.column): p.reason for p in outcome.problems}
    assert reasons[(2, "Код ОО")] == "нет прав на школу «Школа А-1» (Город А)"
    assert reasons[(3, "Муниципалитет")] == "нет прав на муниципалитет «Город А»"
    world.school_a.refresh_from_db()
    assert world.school_a.short_name == "Школа А-1"
    assert not School.objects.filter(code="A-99").exists()


def test_staff_b_cannot_move_a_school_into_municipality_a(world):
    row = school_row("B-1", region="Соседняя область", municipality="Город А")
    outcome = _schools(world.staff_b, [row])
    # Город А is not in «Соседняя область», so it is not found there at all
    assert outcome.problems[0].column == "Муниципалитет"


def test_staff_a_imports_own_municipality(world):
    outcome = _schools(world.staff_a, [school_row("A-1", short="Школа А-1 (уточнено)"), school_row("A-98")])
    assert outcome.applied and (outcome.new, outcome.updated) == (1, 1)
    assert School.objects.get(code="A-98").history.get().history_user == world.staff_a


def test_municipal_staff_cannot_create_municipalities_but_region_staff_can(world):
    row = school_row("A-97", municipality="Новый посёлок")
    preview = import_preview(kind="schools", file=io.BytesIO(xlsx(SCHOOL_HEADER, [row])), user=world.staff_a)
    assert preview.problems[0].reason == ("нет прав на создание муниципалитета в регионе «Тестовая область»")
    assert preview.to_create == {"regions": [], "municipalities": []}
    outcome = _schools(world.region_staff, [row], create_missing=True)
    assert outcome.applied
    assert Municipality.objects.get(name="Новый посёлок").region == world.region


def test_only_a_superuser_creates_regions(world, django_user_model):
    row = school_row("N-1", region="Новая область", municipality="Новоград")
    outcome = _schools(world.region_staff, [row], create_missing=True)
    assert outcome.problems[0].reason.startswith("нет прав на создание региона")
    admin = django_user_model.objects.create_superuser("root", "root@example.test", "x" * 12)
    assert _schools(admin, [row], create_missing=True).applied


def test_context_of_another_municipality_is_refused(world):
    outcome = import_apply(
        kind="context",
        user=world.staff_b,
        file=io.BytesIO(xlsx(CONTEXT_HEADER, [context_row("A-1"), context_row("B-1")])),
    )
    assert [(p.row, p.reason) for p in outcome.problems] == [(2, "нет прав на данные школы «Школа А-1» (Город А)")]
    assert not SchoolContext.objects.exists()


def test_unchanged_rows_outside_scope_are_still_refused(world):
    data = io.BytesIO(xlsx(CONTEXT_HEADER, [context_row("A-1")]))
    import_apply(kind="context", file=data, user=None)
    data.seek(0)
    outcome = import_apply(kind="context", file=data, user=world.staff_b)
    assert outcome.problems and outcome.problems[0].reason.startswith("нет прав")
