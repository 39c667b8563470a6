"""The grant register: grant lines of the programs a user sees, with their recipients, planned and
spent amounts, per program and municipality, for a year or all years."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from schools.access import AnyUser

from ..access import visible_funding
from ..models import FundingLine, Source
from .funding import Sums

ZERO = Decimal("0.00")


@dataclass
class ProgramGrants:
    """A program's grants in the register, with their sums."""

    program_id: int
    title: str
    municipality: str
    lines: list[FundingLine] = field(default_factory=list)
    sums: Sums = field(default_factory=Sums)


@dataclass
class GrantRegister:
    programs: list[ProgramGrants]
    total: Sums
    years: list[int]  # every year with a grant the user sees, for the filter
    municipalities: list[tuple[int, str]]

    @property
    def count(self) -> int:
        return sum(len(p.lines) for p in self.programs)


def grant_register(*, user: AnyUser, year: int | None = None, municipality_id: int | None = None) -> GrantRegister:
    """Two queries, whatever the number of grants; sums are Decimal, line by line."""
    visible = visible_funding(user).filter(source=Source.GRANT)
    options = list(visible.values_list("year", "program__municipality_id", "program__municipality__name").distinct())
    lines = visible
    if year is not None:
        lines = lines.filter(year=year)
    if municipality_id is not None:
        lines = lines.filter(program__municipality_id=municipality_id)
    lines = lines.select_related(
        "program__municipality", "measure", "recipient_school", "recipient_organisation"
    ).order_by("program__municipality__name", "program__title", "program_id", "-year", "pk")
    programs: dict[int, ProgramGrants] = {}
    total = Sums()
    for line in lines:
        entry = programs.get(line.program_id)
        if entry is None:
            entry = programs[line.program_id] = ProgramGrants(
                line.program_id, line.program.short_title or line.program.title, line.program.municipality.name
            )
        entry.lines.append(line)
        entry.sums.add(line)
        total.add(line)
    return GrantRegister(
        programs=list(programs.values()),
        total=total,
        years=sorted({y for y, _m, _n in options}, reverse=True),
        municipalities=sorted({(m, n) for _y, m, n in options}, key=lambda item: item[1]),
    )
