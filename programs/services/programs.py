"""Programs: creation, passport edits, approval, status, amendments (versions), publication."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from monitoring.models import Collection, Indicator, Period, TargetSet
from monitoring.services.collections import collection_open
from programs.models import Program, ProgramVersion
from schools.history import changes_since_version, conflict_message
from schools.models import School

from .errors import ProgramRuleError, StaleVersion
from .snapshot import program_snapshot

if TYPE_CHECKING:
    from schools.models import User

PASSPORT_FIELDS = (
    "kind",
    "title",
    "short_title",
    "period_start",
    "period_end",
    "period_end_assumed",
    "approval_doc_type",
    "approval_number",
    "approval_date",
    "approved_by",
    "signatory",
    "appendix_label",
    "control",
)

# Status moves a committee may make; anything else is refused.
TRANSITIONS: dict[str, set[str]] = {
    Program.Status.APPROVED: {Program.Status.ACTIVE, Program.Status.ARCHIVED},
    Program.Status.ACTIVE: {Program.Status.COMPLETED},
    Program.Status.COMPLETED: {Program.Status.ARCHIVED},
}


# A finished program gets no new data collection.
CLOSED_FOR_COLLECTIONS: dict[str, str] = {
    Program.Status.COMPLETED: gettext_noop("Программа завершена: сбор данных по ней не открывается."),
    Program.Status.ARCHIVED: gettext_noop("Программа в архиве: сбор данных по ней не открывается."),
}


def program_target_set_create(*, municipality, title: str, short_title: str = "") -> TargetSet:
    """The set a new program's targets and data collections hang on (monitoring owns it), named
    as the program is (``str(program)``). Every program gets one before it is first saved."""
    return TargetSet.objects.create(title=TargetSet.fit_title(short_title or title), municipality=municipality)


def _target_set_rename(program: Program) -> None:
    """Keeps the set's title the program's name (monitoring shows it beside the targets)."""
    title = TargetSet.fit_title(str(program))
    TargetSet.objects.filter(pk=program.target_set_id).exclude(title=title).update(title=title)


def program_create(*, municipality, data: dict[str, Any], user: User) -> Program:
    program = Program(
        municipality=municipality, created_by=user, **{k: v for k, v in data.items() if k in PASSPORT_FIELDS}
    )
    program.full_clean(exclude=["target_set"])
    with transaction.atomic():
        program.target_set = program_target_set_create(
            municipality=municipality, title=program.title, short_title=program.short_title
        )
        program.save()
    return program


def program_update(*, program: Program, data: dict[str, Any], expected_version: int | None = None) -> Program:
    with transaction.atomic():
        current = Program.objects.select_for_update().get(pk=program.pk)
        if not current.is_editable_directly:
            raise ProgramRuleError(_("Утверждённая программа меняется только через новую версию."))
        if expected_version is not None and current.version != expected_version:
            entries = changes_since_version(
                Program.history.filter(id=current.pk).select_related("municipality"),
                version=expected_version,
                subject=lambda r: _("Паспорт программы"),
                hide={"status", "amendment_open", "is_public"},
            )
            raise StaleVersion(conflict_message(_("Паспорт программы"), entries))
        period_changed = any(
            data.get(k, getattr(current, k)) != getattr(current, k) for k in ("period_start", "period_end")
        )
        for key, value in data.items():
            if key in PASSPORT_FIELDS:
                setattr(current, key, value)
        current.version += 1
        current.full_clean()
        current.save()
        _target_set_rename(current)
        if period_changed:
            _resync_all(current)
        return current


def _resync_all(program: Program) -> None:
    from .measures import occurrences_sync

    for measure in program.measures.filter(is_archived=False):
        occurrences_sync(measure=measure)


def _check_complete(program: Program) -> None:
    missing = []
    # A program states its goal and tasks; a roadmap or a municipal model may be a list of
    # actions only (Dubna's roadmap has no goal section, Sysert's model no numbered tasks).
    if program.kind == Program.Kind.PROGRAM and not program.goals.exists():
        missing.append(_("цель"))
    if program.kind == Program.Kind.PROGRAM and not program.tasks.exists():
        missing.append(_("задачи"))
    if not program.measures.filter(is_archived=False).exists():
        missing.append(_("мероприятия"))
    if missing:
        raise ProgramRuleError(_("Программу нельзя утвердить: не заполнены разделы — %s.") % ", ".join(missing))
    unread = program.measures.filter(is_archived=False, schedule_kind="unparsed", schedule_confirmed=False)
    if unread.exists():
        numbers = ", ".join(unread.values_list("number", flat=True)[:10])
        raise ProgramRuleError(
            _("Программу нельзя утвердить: сроки мероприятий %s не распознаны — уточните расписание.") % numbers
        )


def program_approve(
    *, program: Program, user: User, doc_type: str = "", doc_number: str = "", doc_date=None
) -> ProgramVersion:
    """Draft → approved, freezing version 1. Safe under double clicks: the row is locked and a
    second call finds the program already approved."""
    with transaction.atomic():
        current = Program.objects.select_for_update().get(pk=program.pk)
        if current.status != Program.Status.DRAFT:
            first = current.versions.select_related("created_by").order_by("number").first()
            if first is not None and first.created_by is not None:
                raise ProgramRuleError(
                    _("Программа уже утверждена: %(who)s, %(when)s.")
                    % {
                        "who": first.created_by.display_name,
                        "when": date_format(localtime(first.created_at), "j E Y г. в H:i"),
                    }
                )
            raise ProgramRuleError(_("Программа уже утверждена."))
        _check_complete(current)
        if doc_type:
            current.approval_doc_type, current.approval_number, current.approval_date = doc_type, doc_number, doc_date
        current.status = Program.Status.APPROVED
        current.save()
        return ProgramVersion.objects.create(
            program=current,
            number=1,
            reason=_("Утверждение программы"),
            doc_type=current.approval_doc_type,
            doc_number=current.approval_number,
            doc_date=current.approval_date,
            snapshot=program_snapshot(current),
            created_by=user,
        )


def program_status_set(*, program: Program, status: str) -> Program:
    if status not in Program.Status.values:
        raise ProgramRuleError(_("Неизвестный статус программы: «%(s)s».") % {"s": status})
    with transaction.atomic():
        current = Program.objects.select_for_update().get(pk=program.pk)
        if status == current.status:
            return current
        if status not in TRANSITIONS.get(current.status, set()):
            raise ProgramRuleError(
                _("Нельзя перевести программу из статуса «%(a)s» в «%(b)s».")
                % {"a": current.get_status_display(), "b": Program.Status(status).label}
            )
        if current.amendment_open:
            raise ProgramRuleError(_("Сначала завершите внесение изменений."))
        current.status = status
        current.save()
        return current


def program_amendment_open(*, program: Program) -> Program:
    with transaction.atomic():
        current = Program.objects.select_for_update().get(pk=program.pk)
        if current.status == Program.Status.DRAFT:
            raise ProgramRuleError(_("Проект программы редактируется без новой версии."))
        if current.status == Program.Status.ARCHIVED:
            raise ProgramRuleError(_("Программа в архиве не меняется."))
        current.amendment_open = True
        current.save()
        return current


def program_amendment_commit(
    *, program: Program, user: User, reason: str, doc_type: str = "", doc_number: str = "", doc_date=None, doc_file=None
) -> ProgramVersion:
    if not reason.strip():
        raise ProgramRuleError({"reason": _("Укажите основание изменений.")})
    with transaction.atomic():
        current = Program.objects.select_for_update().get(pk=program.pk)
        if not current.amendment_open:
            raise ProgramRuleError(_("Внесение изменений не начато или уже завершено."))
        _check_complete(current)
        last = current.versions.order_by("-number").first()
        snapshot = program_snapshot(current)
        version = ProgramVersion.objects.create(
            program=current,
            number=(last.number + 1) if last else 1,
            reason=reason.strip(),
            doc_type=doc_type,
            doc_number=doc_number,
            doc_date=doc_date,
            doc_file=doc_file or "",
            snapshot=snapshot,
            created_by=user,
        )
        current.amendment_open = False
        current.save()
        return version


def program_amendment_discard(*, program: Program) -> None:
    """Leaves the amendment without a new version. Edits already made stay recorded in history; the
    document on screen is the live one, the versions keep what was approved."""
    Program.objects.filter(pk=program.pk).update(amendment_open=False)


def program_publish(*, program: Program, public: bool) -> Program:
    if public and program.status == Program.Status.DRAFT:
        raise ProgramRuleError(_("Опубликовать можно только утверждённую программу."))
    program.is_public = public
    program.save(update_fields=["is_public"])
    return program


def news_publish(*, program: Program, user: User, title: str, body: str):
    from programs.models import NewsItem

    item = NewsItem(program=program, author=user, title=title, body=body, published_at=timezone.now())
    item.full_clean()
    item.save()
    return item


def program_collection_open(
    *,
    program: Program,
    title: str,
    period: Period,
    indicators: Iterable[Indicator],
    schools: Iterable[School],
    deadline: date,
    user: User,
) -> Collection:
    """A data collection over the program's schools, hung on its target set; a completed or
    archived program gets none. Monitoring's service checks the rest (indicators, schools of the
    program's municipality, deadline) and opens it. The program row stays locked meanwhile, so a
    status change (program_status_set locks it too) cannot slip in between."""
    with transaction.atomic():
        status = Program.objects.select_for_update().values_list("status", flat=True).get(pk=program.pk)
        if status in CLOSED_FOR_COLLECTIONS:
            raise ProgramRuleError(_(CLOSED_FOR_COLLECTIONS[status]))
        return collection_open(
            municipality=program.municipality,
            title=title,
            period=period,
            indicators=indicators,
            schools=schools,
            deadline=deadline,
            user=user,
            target_set=program.target_set,
        )
