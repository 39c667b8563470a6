"""``field__in_ids=[…]``: membership in a long list of ids passed as ONE parameter
(wrap them in :class:`Ids`).

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

from django.db.models import Field, ForeignObject, Lookup, Q


class Ids:
    """Ids handed to ``__in_ids`` as one value. Django walks a list or tuple given to a lookup
    element by element (resolving and type-checking each, twice for a relation); this holder is
    neither, so a thousand ids cost what one does. ``Q(school_id__in_ids=Ids(ids))``."""

    __slots__ = ("values",)

    def __init__(self, values: Iterable[int]) -> None:
        self.values = [int(v) for v in values]  # a str or float here is a bug: ValueError/TypeError

    def __repr__(self) -> str:  # a Q printed in a log or a failing test, without a thousand ids
        return f"Ids({len(self.values)})"


class InIds(Lookup):
    lookup_name = "in_ids"
    prepare_rhs = False  # the point: no per-element preparation

    def get_prep_lookup(self) -> list[int]:
        rhs = self.rhs
        return rhs.values if isinstance(rhs, Ids) else Ids(rhs).values

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


def one_of(field: str, ids: Iterable[int]) -> Q:
    """``field`` is one of ``ids``: a plain equality for one id — PostgreSQL then reads an index
    in the order of its next column (a page in id order stops after its rows), which it does not
    for ``= ANY(array)`` — else the list as one array parameter."""
    unique = sorted(set(ids))
    if len(unique) == 1:
        return Q(**{field: unique[0]})
    return Q(**{f"{field}__in_ids": Ids(unique)})
