"""«Восстановить эту версию»: a measure or a target brought back to an earlier state.

A restore is an ordinary edit made by a person: it goes through measure_update / target_set, so
the editability rule (approved programs change only inside an amendment), the optimistic lock and
the version bump all apply, and the history gains a new record whose reason names the version it
came from. Nothing in the history is rewritten."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from monitoring.models import Target
from programs.models import Measure, Program, Section, Task

from .errors import ProgramRuleError
from .measures import measure_update
from .targets import target_set

if TYPE_CHECKING:
    from schools.models import User

_MEASURE_FIELDS = (
    "number",
    "title",
    "timing_text",
    "responsible_text",
    "planned_result",
    "position",
    "is_archived",
    "schedule",
    "schedule_kind",
    "schedule_confirmed",
    "support_categories",
)


def restore_reason(record) -> str:
    return _("восстановлено из версии от %s") % date_format(localtime(record.history_date), "j E Y г. H:i")


def _check(*, program: Program, user: User) -> None:
    if not user.has_perm("programs.manage_program", program):
        raise PermissionDenied
    status, amendment_open = Program.objects.values_list("status", "amendment_open").get(pk=program.pk)
    if status != Program.Status.DRAFT and not amendment_open:
        raise ProgramRuleError(
            _(
                "Программа утверждена: прежнюю версию можно восстановить только при внесении изменений. "
                "Начните внесение изменений на странице программы и повторите."
            )
        )


def measure_restore(*, measure: Measure, history_id: int, user: User, expected_version: int | None) -> Measure:
    program = measure.program
    _check(program=program, user=user)
    record = Measure.history.filter(id=measure.pk, history_id=history_id).exclude(history_type="-").first()
    if record is None:
        raise ProgramRuleError(_("Такой версии мероприятия нет."))
    data = {name: getattr(record, name) for name in _MEASURE_FIELDS}
    for key, model, label in (("task", Task, _("задача")), ("section", Section, _("раздел"))):
        ref = getattr(record, f"{key}_id")
        obj = model.objects.filter(pk=ref, program=program).first() if ref else None
        if ref and obj is None:
            raise ProgramRuleError(
                _("Эту версию не восстановить: %s, к которой относилось мероприятие, удалена.") % label
            )
        data[key] = obj
    # m2m as they were in that version (simple_history keeps them per record).
    data["responsible"] = list(record.responsible.values_list("organisation_id", flat=True))
    data["schools"] = list(record.schools.values_list("school_id", flat=True))
    return measure_update(
        measure=measure, data=data, expected_version=expected_version, user=user, reason=restore_reason(record)
    )


def target_restore(*, program: Program, history_id: int, user: User, expected_version: int | None) -> Target:
    """Also brings back a deleted target: its last version before the deletion."""
    _check(program=program, user=user)
    record = (
        Target.history.filter(target_set_id=program.target_set_id, history_id=history_id)
        .exclude(history_type="-")
        .select_related("indicator", "school", "municipality")
        .first()
    )
    if record is None:
        raise ProgramRuleError(_("Такой версии целевого показателя нет."))
    return target_set(
        program=program,
        indicator=record.indicator,
        school=record.school,
        municipality=record.municipality,
        baseline_value=record.baseline_value,
        baseline_year=record.baseline_year,
        planned=record.planned,
        expected_version=expected_version,
        user=user,
        reason=restore_reason(record),
    )
