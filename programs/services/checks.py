"""Typical defects of a school's document, found before it is submitted for review.

The checks programs knows itself (the document's own rows) and those other apps contribute
through ``schools.extensions.SCHOOL_PROGRAM_CHECKS`` (risks: a confirmed risk without its anti-risk
program). Each defect is one Russian sentence a school team understands: the document page lists
them under «Проверка перед подачей» and the submission is refused with the same sentences.

A missing date or responsible person of a measure is a gap in a section and stays with the
completeness check (services/school_programs.py: ``completeness_problems``)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from monitoring.models import Indicator
from programs.models import SchoolProgram, SchoolProgramIndicator, SchoolProgramStage
from schools import extensions
from schools.formats import format_number


def _num(value: Decimal) -> str:
    return format_number(value, 4)


def _d(day: date) -> str:
    return f"{day:%d.%m.%Y}"


def measurable(row: SchoolProgramIndicator) -> bool:
    """An indicator one can measure progress on: both its baseline and its planned value are set."""
    return row.baseline is not None and row.target is not None


def indicator_defects(program: SchoolProgram, rows: list[SchoolProgramIndicator]) -> list[str]:
    out = []
    if program.kind == SchoolProgram.Kind.ANTI_RISK and not any(measurable(r) for r in rows):
        out.append(
            _(
                "В антирисковой программе нет измеримого показателя: укажите хотя бы один целевой показатель "
                "с базовым и целевым значением."
            )
        )
    for row in rows:
        # Only a row linked to the monitoring catalogue knows which way is better.
        if not measurable(row) or row.indicator is None:
            continue
        assert row.baseline is not None and row.target is not None  # measurable() checked them
        if row.indicator.direction == Indicator.Direction.HIGHER and row.target < row.baseline:
            out.append(
                _(
                    "Показатель «%(name)s»: целевое значение %(target)s ниже базового %(base)s, а для этого "
                    "показателя чем больше, тем лучше."
                )
                % {"name": row.name, "target": _num(row.target), "base": _num(row.baseline)}
            )
        elif row.indicator.direction == Indicator.Direction.LOWER and row.target > row.baseline:
            out.append(
                _(
                    "Показатель «%(name)s»: целевое значение %(target)s выше базового %(base)s, а для этого "
                    "показателя чем меньше, тем лучше."
                )
                % {"name": row.name, "target": _num(row.target), "base": _num(row.baseline)}
            )
    return out


def stage_defects(program: SchoolProgram, stages: list[SchoolProgramStage]) -> list[str]:
    """A stage ending before it starts, or reaching outside the program's years (a program of
    2025–2027 runs from 1 January 2025 to 31 December 2027)."""
    out = []
    first, last = date(program.period_start, 1, 1), date(program.period_end, 12, 31)
    for stage in stages:
        name = {"n": stage.number, "title": stage.title, "start": _d(stage.start), "end": _d(stage.end)}
        if stage.end < stage.start:
            out.append(_("Этап %(n)s «%(title)s» заканчивается (%(end)s) раньше, чем начинается (%(start)s).") % name)
        elif stage.start < first or stage.end > last:
            out.append(
                _("Этап %(n)s «%(title)s» (%(start)s — %(end)s) выходит за срок программы %(first)s–%(last)s гг.")
                % {**name, "first": program.period_start, "last": program.period_end}
            )
    return out


def own_defects(program: SchoolProgram) -> list[str]:
    """The defects programs finds in the document's own rows (two queries)."""
    out: list[str] = []
    if program.has_section("indicators"):
        out += indicator_defects(program, list(program.indicators.select_related("indicator")))
    if program.has_section("stages"):
        out += stage_defects(program, list(program.stages.all()))
    return out


def typical_defects(program: SchoolProgram) -> list[str]:
    """Programs' own defects, then each contributor's, in INSTALLED_APPS order."""
    contributed = [str(text) for check in extensions.school_program_check_providers() for text in check(program)]
    return own_defects(program) + contributed
