"""A constant number of queries per file, not per row: everything a row refers to is
prefetched into dictionaries and rows are written in bulk (with their history).

Reads and transaction statements are the same for 20 and for 200 rows. Writes are one statement
per batch of rows: WRITE_BATCH rows, or fewer where the backend limits query parameters (SQLite
allows 999, so a 20-field history row goes 49 to a statement there; PostgreSQL takes all 200).
"""

from __future__ import annotations

import io
import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools.access import scope_of
from schools.imports.resource_base import WRITE_BATCH
from schools.imports.services import import_apply, import_preview
from schools.models import School, SchoolContext
from tests.factories import SchoolFactory

from .workbooks import CONTEXT_HEADER, SCHOOL_HEADER, context_row, school_row, xlsx

pytestmark = pytest.mark.django_db

WRITES = ("INSERT", "UPDATE")


def _count(run, user) -> tuple[int, int]:
    """(reads and transaction statements, writes) of one import."""
    scope_of(user)  # computed once per user object (one request), not per import
    with CaptureQueriesContext(connection) as captured:
        outcome = run()
    assert not outcome.problems, outcome.problems[:3]
    writes = sum(1 for q in captured.captured_queries if q["sql"].lstrip().upper().startswith(WRITES))
    return len(captured) - writes, writes


def _max_write_statements(model, rows: int, streams: int) -> int:
    """Statements needed to write ``rows`` rows in each of ``streams`` bulk writes (created
    rows, updated rows and the historical record of each), for the widest table involved."""
    history_fields = model.history.model._meta.concrete_fields
    per_statement = min(WRITE_BATCH, connection.ops.bulk_batch_size(history_fields, [None] * rows))
    return streams * math.ceil(rows / per_statement)


@pytest.fixture
def schools_200(world):
    return [SchoolFactory(municipality=world.mun_a, code=f"Q-{i:03d}") for i in range(200)]


@pytest.mark.parametrize("kind", ["context", "schools"])
def test_preview_queries_are_the_same_for_20_and_200_rows(world, schools_200, kind):
    counts = []
    for n in (20, 200):
        rows = (
            [context_row(s.code) for s in schools_200[:n]]
            if kind == "context"
            else [school_row(s.code) for s in schools_200[:n]]
        )
        data = xlsx(CONTEXT_HEADER if kind == "context" else SCHOOL_HEADER, rows)
        counts.append(
            _count(
                lambda data=data: import_preview(kind=kind, file=io.BytesIO(data), user=world.staff_a),
                world.staff_a,
            )
        )
    assert counts[0] == counts[1]
    assert counts[1][1] == 0  # a preview writes nothing


def test_context_apply_reads_are_constant_and_writes_are_per_batch(world, schools_200, django_assert_max_num_queries):
    counts = {}
    for n in (20, 200):
        # half of the rows update existing contexts, half create new ones
        SchoolContext.objects.all().delete()
        SchoolContext.objects.bulk_create(SchoolContext(school=s, year=2024, total=1) for s in schools_200[: n // 2])
        data = xlsx(CONTEXT_HEADER, [context_row(s.code) for s in schools_200[:n]])
        counts[n] = _count(
            lambda data=data: import_apply(kind="context", file=io.BytesIO(data), user=world.staff_a),
            world.staff_a,
        )
    assert counts[20][0] == counts[200][0]
    assert counts[200][1] <= _max_write_statements(SchoolContext, 100, streams=4)
    # and a fixed bound, whatever the backend
    SchoolContext.objects.all().delete()
    data = xlsx(CONTEXT_HEADER, [context_row(s.code, year=2020) for s in schools_200])
    with django_assert_max_num_queries(35):
        import_apply(kind="context", file=io.BytesIO(data), user=world.staff_a)
    assert SchoolContext.objects.count() == 200


def test_schools_apply_reads_are_constant_and_writes_are_per_batch(world):
    counts = {}
    for n in (20, 200):
        data = xlsx(SCHOOL_HEADER, [school_row(f"S{n}-{i:03d}") for i in range(n)])
        counts[n] = _count(
            lambda data=data: import_apply(kind="schools", file=io.BytesIO(data), user=world.staff_a),
            world.staff_a,
        )
    assert counts[20][0] == counts[200][0]
    assert counts[200][1] <= _max_write_statements(School, 200, streams=2)
    assert School.objects.filter(code__startswith="S200-").count() == 200
