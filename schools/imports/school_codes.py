"""A school named in an import row by its code («код ОО»): every import kind resolves it here.

The schools a file names are loaded once per file (``load``, a query per 500 codes); each row
then reads the dictionary. Codes are unique within a region only, so a code may name several
schools: the importing user's own school wins, and otherwise the row is ambiguous.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _

from ..models import School
from .resource_base import chunked

CODE_COLUMN = "school_code"


class SchoolCodes:
    """The schools of one file by code. ``allowed(school)`` says whether the importing user may
    change the school's data; it picks the user's own school among several with one code."""

    def __init__(self, allowed: Callable[[School], bool]):
        self.allowed = allowed
        self.by_code: dict[str, list[School]] = defaultdict(list)
        self.by_pk: dict[int, School] = {}

    def load(self, rows: Iterable[dict[str, Any]]) -> None:
        codes = sorted({str(r[CODE_COLUMN]) for r in rows if r.get(CODE_COLUMN) is not None})
        for chunk in chunked(codes):
            for school in School.objects.filter(code__in=chunk).with_municipality():
                self.by_pk[school.pk] = school
                self.by_code[school.code].append(school)

    def candidates(self, code: Any) -> list[School]:
        candidates = self.by_code.get(str(code), []) if code is not None else []
        if len(candidates) > 1:
            mine = [s for s in candidates if self.allowed(s)]
            candidates = mine or candidates
        return candidates

    def of_row(self, row: dict[str, Any]) -> School | None:
        """The row's school when its code names exactly one (the widget reports the others)."""
        candidates = self.candidates(row.get(CODE_COLUMN))
        return candidates[0] if len(candidates) == 1 else None

    def resolve(self, code: Any) -> School:
        """The school of a code cell, or ValueError with the Russian reason."""
        if code is None:
            raise ValueError(_("не заполнено: укажите код ОО"))
        candidates = self.candidates(code)
        if not candidates:
            raise ValueError(_("школа с таким кодом ОО не найдена в портале"))
        if len(candidates) > 1:
            where = ", ".join(sorted({s.municipality.name for s in candidates}))
            raise ValueError(
                _("код ОО неоднозначен: школы с этим кодом есть в нескольких муниципалитетах (%(where)s)")
                % {"where": where}
            )
        return candidates[0]
