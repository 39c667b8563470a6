"""A program's money: its lines and their totals per task or section, year and source."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from programs.models import Program
from schools.formats import format_number

from ..models import FundingLine, FundingPublication, Source

ZERO = Decimal("0.00")


@dataclass
class Sums:
    planned: Decimal = ZERO
    actual: Decimal = ZERO

    def add(self, line: FundingLine) -> None:
        self.planned += line.planned
        self.actual += line.actual if line.actual is not None else ZERO


@dataclass
class Funding:
    lines: list[FundingLine]
    total: Sums = field(default_factory=Sums)
    by_year: dict[int, Sums] = field(default_factory=dict)
    by_source: dict[str, Sums] = field(default_factory=dict)
    by_year_source: dict[tuple[int, str], Sums] = field(default_factory=dict)
    by_part: dict[str, Sums] = field(default_factory=dict)  # «Задача 1. …» / «Раздел …» / «Программа в целом»

    @property
    def years(self) -> list[int]:
        return sorted(self.by_year)

    @property
    def sources(self) -> list[tuple[str, str]]:
        return [(s.value, str(s.label)) for s in Source if s.value in self.by_source]


def part_title(line: FundingLine) -> str:
    measure = line.measure
    if measure is None:
        return "Программа в целом"
    if measure.task is not None:
        return f"Задача {measure.task.number}. {measure.task.text[:120]}"
    if measure.section is not None:
        return f"Раздел {measure.section.number}. {measure.section.title[:120]}"
    return "Без задачи"


def program_funding(*, program: Program) -> Funding:
    """One query; every sum is a Decimal added line by line, so the totals are exact."""
    lines = list(
        FundingLine.objects.filter(program=program)
        .select_related("measure__task", "measure__section", "recipient_school", "recipient_organisation")
        .order_by("year", "source", "measure__sort_key", "pk")
    )
    funding = Funding(lines)
    by_year: dict[int, Sums] = defaultdict(Sums)
    by_source: dict[str, Sums] = defaultdict(Sums)
    by_year_source: dict[tuple[int, str], Sums] = defaultdict(Sums)
    by_part: dict[str, Sums] = defaultdict(Sums)
    for line in lines:
        funding.total.add(line)
        by_year[line.year].add(line)
        by_source[line.source].add(line)
        by_year_source[(line.year, line.source)].add(line)
        by_part[part_title(line)].add(line)
    funding.by_year, funding.by_source = dict(by_year), dict(by_source)
    funding.by_year_source, funding.by_part = dict(by_year_source), dict(by_part)
    return funding


def grants(*, program_ids: list[int]) -> list[FundingLine]:
    """The grant register: grant lines with their recipients."""
    return list(
        FundingLine.objects.filter(program_id__in=program_ids, source=Source.GRANT)
        .select_related("program", "recipient_school", "recipient_organisation", "measure")
        .order_by("-year", "pk")
    )


def plan_snapshot(*, program: Program) -> dict[str, str]:
    """The planned money as a program version freezes it (programs' PROGRAM_SNAPSHOT_PARTS): one
    item per line, keyed by its id, in the words an amendment's difference shows. The amounts spent
    are execution, not the program, and stay out. One query."""
    lines = FundingLine.objects.filter(program=program).select_related(
        "measure", "recipient_school", "recipient_organisation"
    )
    items = {}
    for line in lines.order_by("year", "source", "measure__sort_key", "pk"):
        where = f"мероприятие {line.measure.number}" if line.measure else "программа в целом"
        grant = f", «{line.grant_title}»" if line.grant_title else ""
        recipient = f", получатель: {line.recipient}" if line.recipient else ""
        items[str(line.pk)] = (
            f"{line.year}, {line.get_source_display()}, {where}{grant}{recipient}: "
            f"план {format_number(line.planned, 2)} руб."
        )
    return items


def program_source(pk: int) -> Program:
    """The program of the funding pages, as their guard reads it."""
    return Program.objects.select_related("municipality").get(pk=pk)


def line_source():
    """The funding lines as the line pages' guard reads them (the right is the program's)."""
    return FundingLine.objects.select_related("program")


def is_published(*, program: Program) -> bool:
    return FundingPublication.objects.filter(program=program, published=True).exists()
