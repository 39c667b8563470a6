"""``field__in_ids=[…]``: membership in a long list of ids passed as ONE parameter.

Django's ``__in`` turns every element into its own placeholder and prepares each through the
field (a few microseconds apiece): for the thousand-odd schools of a big city, read once per API
request by the access layer, that is ~5 ms of Python and a statement the database must parse
and plan with a thousand constants. PostgreSQL takes the list as one array (``= ANY(%s)``) and
plans it exactly as an IN list, bitmap index scans included; SQLite (the embedded default) reads
it as one JSON text through ``json_each``. The ids must be ints: they come from the database
(access scopes), never from a request."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db.models import Field, ForeignObject, Lookup


class InIds(Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False  # the point: no per-element preparation

    def get_prep_lookup(self) -> list[int]:
        values: Iterable[object] = self.rhs
        ids = [int(v) for v in values]  # type: ignore[call-overload]  # a str or float here is a bug
        return ids

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        ids = self.rhs
        if not ids:
            return "1 = 0", []  # as Django's empty IN: nothing matches
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s::bigint[])", [*lhs_params, ids]
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*lhs_params, json.dumps(ids)]


Field.register_lookup(InIds)
# Relations list their own lookups (Django stops at ForeignObject when it collects them).
ForeignObject.register_lookup(InIds)
