"""Funding lines: planned money is part of the program and changes like every other part of it
(freely in a draft, inside an open amendment once approved); the amounts spent are execution and
are recorded at any time while the program runs."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from programs.models import Measure, Program
from schools.models import Organisation, School

from ..models import FundingLine, FundingPublication, Source
from .checks import check_amount
from .errors import ResourceRuleError

if TYPE_CHECKING:
    from schools.models import User


def _plan_editable(program_id: int) -> None:
    # Read from the database, not from the caller's (possibly stale) program instance.
    status, amendment_open = Program.objects.values_list("status", "amendment_open").get(pk=program_id)
    if status != Program.Status.DRAFT and not amendment_open:
        raise ResourceRuleError(
            _("Программа утверждена: плановые суммы меняются только через новую версию (изменение программы).")
        )


def _check_line(
    program: Program,
    *,
    measure: Measure | None,
    year: int,
    source: str,
    recipient_school: School | None,
    recipient_organisation: Organisation | None,
) -> None:
    if measure is not None and (measure.program_id != program.pk or measure.is_archived):
        raise ResourceRuleError({"measure": _("Выберите мероприятие этой программы.")})
    if not program.period_start.year <= year <= program.period_end.year:
        raise ResourceRuleError(
            {
                "year": _("Год должен быть в периоде программы: %(start)s — %(end)s.")
                % {"start": program.period_start.year, "end": program.period_end.year}
            }
        )
    if source not in Source.values:
        raise ResourceRuleError({"source": _("Выберите источник финансирования из списка.")})
    if recipient_school is not None and recipient_organisation is not None:
        raise ResourceRuleError({"recipient_school": _("Получатель — школа или организация, не обе сразу.")})


def funding_add(
    *,
    program: Program,
    user: User,
    year: int,
    source: str,
    planned: object,
    actual: object = None,
    measure: Measure | None = None,
    grant_title: str = "",
    recipient_school: School | None = None,
    recipient_organisation: Organisation | None = None,
    note: str = "",
) -> FundingLine:
    planned_amount = check_amount(planned, field="planned")
    actual_amount = None if actual in (None, "") else check_amount(actual, field="actual")
    _check_line(
        program,
        measure=measure,
        year=year,
        source=source,
        recipient_school=recipient_school,
        recipient_organisation=recipient_organisation,
    )
    with transaction.atomic():
        _plan_editable(program.pk)
        line = FundingLine(
            program=program,
            measure=measure,
            year=year,
            source=source,
            planned=planned_amount,
            actual=actual_amount,
            grant_title=grant_title.strip(),
            recipient_school=recipient_school,
            recipient_organisation=recipient_organisation,
            note=note.strip(),
        )
        line._history_user = user  # type: ignore[attr-defined]  # read by simple-history
        line.full_clean()
        line.save()
    return line


def funding_change(
    *, line: FundingLine, user: User, planned: object | None = None, actual: object = None
) -> FundingLine:
    """Changes the plan (only while the program may be changed) and/or the amount spent."""
    with transaction.atomic():
        current = FundingLine.objects.select_for_update().get(pk=line.pk)
        if planned is not None:
            amount = check_amount(planned, field="planned")
            if amount != current.planned:
                _plan_editable(current.program_id)
                current.planned = amount
        current.actual = None if actual in (None, "") else check_amount(actual, field="actual")
        current._history_user = user  # type: ignore[attr-defined]  # read by simple-history
        current.save()
    return current


def funding_delete(*, line: FundingLine, user: User) -> None:
    with transaction.atomic():
        _plan_editable(line.program_id)
        line._history_user = user  # type: ignore[attr-defined]  # read by simple-history
        line.delete()


def funding_publish(*, program: Program, published: bool) -> FundingPublication:
    publication, _created = FundingPublication.objects.update_or_create(
        program=program, defaults={"published": published}
    )
    return publication


def total(amounts) -> Decimal:
    """A sum of exact amounts (an empty sum is 0,00, not 0)."""
    return sum((Decimal(a) for a in amounts if a is not None), Decimal("0.00"))
