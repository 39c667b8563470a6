"""Fast inserts of many rows: PostgreSQL COPY where available, executemany elsewhere.

bulk_create builds a model instance and a parameter list per row; for the millions of rows of
the national scale that Python overhead dominates. COPY streams CSV text straight into the table
(constraints and indexes still apply), roughly an order of magnitude faster."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from django.db import connection

CHUNK_ROWS = 200_000  # rows per COPY: bounds the memory of the CSV buffer


def _copy(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the driver's cursor under Django's wrapper
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        count = 0

        def flush() -> None:
            buffer.seek(0)
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(buffer.getvalue())
            buffer.seek(0)
            buffer.truncate()

        for row in rows:
            writer.writerow(["\\N" if v is None else v for v in row])
            count += 1
            if count % CHUNK_ROWS == 0:
                flush()
        if buffer.tell():
            flush()


def _executemany(table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    batch: list[Sequence] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                cursor.executemany(sql, batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)


def insert_rows(model, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert plain tuples into ``model``'s table; ``columns`` are database column names.
    No model instances, no signals, no history records: for generated data only."""
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = [connection.ops.quote_name(c) for c in columns]
    if connection.vendor == "postgresql":
        _copy(table, quoted, rows)
    else:
        _executemany(table, quoted, rows)


def ids_by(model, field: str, values: Iterable, **filters) -> dict:
    """value of ``field`` → pk for the rows just inserted (COPY returns no ids)."""
    wanted = set(values)
    return {
        key: pk
        for key, pk in model.objects.filter(**filters).values_list(field, "pk").iterator(chunk_size=20_000)
        if key in wanted
    }
