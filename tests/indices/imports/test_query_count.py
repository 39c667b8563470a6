"""A constant number of queries per file, not per row: schools, subjects, score maxima and stored
rows are prefetched into dictionaries, and rows are written in bulk once, after the last one.

Reads and transaction statements are the same for 20 and for 200 rows; writes are one statement
per batch (WRITE_BATCH rows, or fewer where the backend limits query parameters, as SQLite does).
"""

from __future__ import annotations

import io
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from indices.models import AssessmentResult, ImportedGroups, Subject
from schools.access import scope_of
from schools.imports.resource_base import WRITE_BATCH
from schools.imports.services import import_apply, import_preview
from tests.factories import SchoolFactory
from tests.schools.imports.workbooks import xlsx

from .rows import GROUP_HEADER, RESULT_HEADER, group_row, result_row

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE")
SUBJECTS = ("Математика", "русский язык")


def _count(run, user) -> tuple[int, int]:
    """(reads and transaction statements, writes) of one import."""
    scope_of(user)  # computed once per user object (one request), not per import
    with CaptureQueriesContext(connection) as captured:
        outcome = run()
    assert not outcome.problems, outcome.problems[:3]
    writes = sum(1 for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES))
    return len(captured) - writes, writes


def _max_write_statements(model, rows: int, streams: int) -> int:
    """Statements for ``rows`` rows in each of ``streams`` bulk writes (created and updated rows),
    counting every concrete field twice, as bulk_update's CASE WHEN does."""
    fields = model._meta.concrete_fields
    per_statement = min(WRITE_BATCH, connection.ops.bulk_batch_size([*fields, *fields], [None] * rows))
    return streams * math.ceil(rows / per_statement)


@pytest.fixture
def schools_100(world):
    return [SchoolFactory(municipality=world.mun_a, code=f"Q-{i:03d}") for i in range(100)]


def _rows(schools, n: int) -> list[list]:
    """n rows: two subjects for each of the first n / 2 schools."""
    return [result_row(s.code, subject=subject) for s in schools[: n // 2] for subject in SUBJECTS]


def test_results_preview_queries_are_the_same_for_20_and_200_rows(world, schools_100):
    counts = []
    for n in (20, 200):
        data = xlsx(RESULT_HEADER, _rows(schools_100, n))
        counts.append(
            _count(
                lambda data=data: import_preview(kind="results", file=io.BytesIO(data), user=world.staff_a),
                world.staff_a,
            )
        )
    assert counts[0] == counts[1]
    assert counts[1][1] == 0  # a preview writes nothing


def test_results_apply_reads_are_constant_and_writes_are_per_batch(world, schools_100):
    math_subject = Subject.objects.get(code="math")
    counts = {}
    for n in (20, 200):
        # half of the rows update stored results (mathematics), half create new ones (Russian)
        AssessmentResult.objects.all().delete()
        AssessmentResult.objects.bulk_create(
            AssessmentResult(
                school=s, year=2024, procedure="ОГЭ", grade=9, subject=math_subject, participants=1, mean_score=1
            )
            for s in schools_100[: n // 2]
        )
        data = xlsx(RESULT_HEADER, _rows(schools_100, n))
        counts[n] = _count(
            lambda data=data: import_apply(kind="results", file=io.BytesIO(data), user=world.staff_a),
            world.staff_a,
        )
        assert AssessmentResult.objects.filter(participants=50).count() == n
    assert counts[20][0] == counts[200][0]
    assert counts[200][1] <= _max_write_statements(AssessmentResult, 100, streams=2)


def test_groups_apply_reads_are_constant(world, schools_100):
    counts = {}
    for n in (20, 100):
        ImportedGroups.objects.all().delete()
        data = xlsx(GROUP_HEADER, [group_row(s.code) for s in schools_100[:n]])
        counts[n] = _count(
            lambda data=data: import_apply(kind="groups", file=io.BytesIO(data), user=world.staff_a),
            world.staff_a,
        )
    assert counts[20][0] == counts[100][0]
    assert counts[100][1] <= _max_write_statements(ImportedGroups, 100, streams=1)
