"""Data collections (сбор данных): the committee opens a collection, each school fills its form,
the committee accepts or returns it; accepted data is locked and becomes IndicatorValue rows.

Every transition locks the submission row (``select_for_update`` inside one transaction), so a
double click, or a school saving while the committee accepts, cannot write twice or write into
locked data. Values are checked as a whole before anything is written: one wrong value and the
whole save is refused, with a Russian message on the row it concerns.

Reading, showing and checking each value of the form: services/form_values.py.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from monitoring.formulas import FormulaError, evaluate, ratio_pairs, referenced_codes
from monitoring.models import (
    Collection,
    Indicator,
    IndicatorValue,
    Period,
    Submission,
    SubmissionEvent,
    SubmissionValue,
    TargetSet,
)
from schools.history import changes_since_version, conflict_message
from schools.models import Municipality, School

from .form_values import (
    ComputedRow,
    EntryRow,
    check_ratios,
    check_rows,
    derived_indicators,
    is_unusual,
    number_display,
    previous_period,
    value_field,
    value_parse,
)
from .values import indicator_range

if TYPE_CHECKING:
    from schools.models import User


class CollectionError(ValidationError):
    """A business rule refused the change; the message is Russian and meant for the user."""


class StaleVersion(CollectionError):
    """Someone else saved the submission after the form was opened (optimistic locking)."""


class SubmissionInvalid(CollectionError):
    """Some values are wrong; nothing was saved. ``errors`` maps indicator id → messages,
    ``unusual`` holds the indicators far from last period (their rows show the confirmation)."""

    def __init__(self, errors: Mapping[int, list[str]], unusual: Iterable[int] = ()):
        super().__init__({value_field(pk): list(msgs) for pk, msgs in errors.items()})
        self.errors = dict(errors)
        self.unusual = set(unusual)


# --- Opening a collection ------------------------------------------------------------------------


def collection_open(
    *,
    municipality: Municipality,
    title: str,
    period: Period,
    indicators: Iterable[Indicator],
    schools: Iterable[School],
    deadline: date,
    user: User,
    target_set: TargetSet | None = None,
) -> Collection:
    """Open a collection and one (empty) submission per school. ``target_set``: the program's set
    when a program opens it (programs.services.programs.program_collection_open decides whether
    the program may); None for the committee's own collections."""
    indicators, schools = list(indicators), list(schools)
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors.setdefault("title", []).append(_("Укажите название сбора."))
    if not indicators:
        errors.setdefault("indicators", []).append(_("Выберите хотя бы один показатель."))
    codes = {i.code for i in indicators}
    for indicator in indicators:
        if indicator.is_archived:
            errors.setdefault("indicators", []).append(_("Показатель «%s» в архиве.") % indicator.name)
        elif indicator.kind == Indicator.Kind.INDEX:
            errors.setdefault("indicators", []).append(
                _("Показатель «%s» берётся из расчётов портала (индексы, анкеты), школы его не вводят.")
                % indicator.name
            )
        elif indicator.kind == Indicator.Kind.COMPUTED:
            try:
                missing = sorted(referenced_codes(indicator.formula) - codes)
            except FormulaError as exc:
                errors.setdefault("indicators", []).append(
                    _("Формула показателя «%(name)s» не читается: %(error)s") % {"name": indicator.name, "error": exc}
                )
                continue
            if missing:
                errors.setdefault("indicators", []).append(
                    _("Показатель «%(name)s» вычисляется из показателей %(codes)s — добавьте их в сбор.")
                    % {"name": indicator.name, "codes": ", ".join(f"«{c}»" for c in missing)}
                )
    if not any(i.kind == Indicator.Kind.ENTERED for i in indicators) and indicators and "indicators" not in errors:
        errors.setdefault("indicators", []).append(_("В сборе нет ни одного показателя, который вводит школа."))
    if not schools:
        errors.setdefault("schools", []).append(_("Выберите хотя бы одну школу."))
    foreign = [s.short_name for s in schools if s.municipality_id != municipality.pk]
    if foreign:
        errors.setdefault("schools", []).append(
            _("Эти школы не из муниципалитета «%(municipality)s»: %(schools)s.")
            % {"municipality": municipality.name, "schools": ", ".join(foreign)}
        )
    archived = [s.short_name for s in schools if s.is_archived]
    if archived:
        errors.setdefault("schools", []).append(_("Эти школы в архиве: %s.") % ", ".join(archived))
    if deadline is None:
        errors.setdefault("deadline", []).append(_("Укажите срок сдачи."))
    elif deadline < timezone.localdate():
        errors.setdefault("deadline", []).append(_("Срок сдачи уже прошёл: укажите дату не раньше сегодняшней."))
    if errors:
        raise CollectionError(errors)
    with transaction.atomic():
        collection = Collection(
            municipality=municipality,
            target_set=target_set,
            title=title,
            period=period,
            deadline=deadline,
            created_by=user,
        )
        collection.full_clean()
        collection.save()
        collection.indicators.set(indicators)
        collection.schools.set(schools)
        bulk_create_with_history(
            [Submission(collection=collection, school=s) for s in schools], Submission, default_user=user
        )
    return collection


# --- Checking values -----------------------------------------------------------------------------


@dataclass
class Entry:
    """The whole form of one submission: its rows, the computed indicators, last period."""

    submission: Submission
    rows: list[EntryRow]
    computed: list[ComputedRow]
    last_period: Period | None

    @property
    def has_errors(self) -> bool:
        return any(r.errors for r in self.rows)

    @property
    def errors(self) -> dict[int, list[str]]:
        return {r.pk: r.errors for r in self.rows if r.errors}

    @property
    def unusual(self) -> set[int]:
        return {r.pk for r in self.rows if r.unusual}


def submission_entry(
    *,
    submission: Submission,
    values: Mapping[int, Decimal | int | str | None] | None = None,
    confirmations: Iterable[int] | None = None,
) -> Entry:
    """The form of a submission, checked. Without `values`: the stored values (rows far from
    last period are flagged, not in error). With `values` (what the user typed, by indicator id):
    every rule is applied and each row carries its Russian errors. A fixed number of queries."""
    collection = submission.collection
    indicators = list(collection.indicators.filter(kind__in=[Indicator.Kind.ENTERED, Indicator.Kind.COMPUTED]))
    entered = [i for i in indicators if i.kind == Indicator.Kind.ENTERED]
    stored = {v.indicator_id: v for v in submission.values.all()} if submission.pk else {}
    last_period = previous_period(collection.period)
    last: dict[int, Decimal] = {}
    if last_period is not None and entered:
        last = dict(
            IndicatorValue.objects.filter(
                period=last_period, school_id=submission.school_id, indicator__in=entered
            ).values_list("indicator_id", "value")
        )
    rows: list[EntryRow] = []
    for indicator in entered:
        low, high = indicator_range(indicator)
        kept = stored.get(indicator.pk)
        value = kept.value if kept else None
        rows.append(
            EntryRow(
                indicator=indicator,
                low=low,
                high=high,
                last_value=last.get(indicator.pk),
                value=value,
                raw=number_display(value, grouping=False) if value is not None else "",
                confirmed=bool(kept and kept.confirmed_unusual),
                unusual=is_unusual(value, last.get(indicator.pk)),
            )
        )
    current: dict[int, Decimal | None] = {r.pk: r.value for r in rows}
    if values is not None:
        confirmed = set(confirmations or ())
        current = check_rows(rows, values, confirmed)
        check_ratios(submission, rows, current)
    # A share is shown only from values that passed their checks: 120 % helps nobody.
    by_code = {r.indicator.code: None if r.errors else current.get(r.pk) for r in rows}
    by_row = {r.indicator.code: r for r in rows}
    computed = []
    for indicator in derived_indicators(indicators, set(by_row)):
        try:
            result = evaluate(indicator.formula, by_code)
            pairs = ratio_pairs(indicator.formula) if indicator.unit == Indicator.Unit.PERCENT else []
        except FormulaError:
            result, pairs = None, []
        numerator, denominator = pairs[0] if len(pairs) == 1 else ("", "")
        row = ComputedRow(indicator, result, numerator, denominator)
        computed.append(row)
        if numerator in by_row and denominator in by_row:
            by_row[numerator].shares.append(row)
    return Entry(submission=submission, rows=rows, computed=computed, last_period=last_period)


# --- Transitions ---------------------------------------------------------------------------------


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update().select_related("collection", "collection__period").get(pk=submission.pk)
    )


def _check_editable(submission: Submission) -> None:
    if submission.collection.status != Collection.Status.OPEN:
        raise CollectionError(_("Сбор закрыт: изменения не принимаются."))
    if submission.locked:
        raise CollectionError(
            _("Ответ принят и заблокирован: изменить данные можно, только когда комитет откроет его для исправления.")
        )
    if submission.status == Submission.Status.SUBMITTED:
        raise CollectionError(_("Ответ отправлен и ждёт проверки: изменить его можно после возврата на доработку."))


def _check_version(submission: Submission, expected_version: int | None) -> None:
    """The refusal names who changed the answer since the form was opened and which values."""
    if expected_version is None or submission.version == expected_version:
        return
    entries = changes_since_version(
        Submission.history.filter(id=submission.pk),
        version=expected_version,
        subject=lambda r: _("Ответ школы"),
        related=[
            (
                SubmissionValue.history.filter(submission_id=submission.pk).select_related("indicator"),
                lambda r: r.indicator.name,
            )
        ],
        hide={"collection", "school", "submission", "indicator", "locked", "submitted_at"},
    )
    raise StaleVersion(conflict_message(_("Ответ школы"), entries))


def _already(submission: Submission, action: str, what: str) -> str:
    """«Ответ уже принят: Петрова Анна, 22 ноября 2026 г. в 18:05.»"""
    event = submission.events.filter(action=action).select_related("by").order_by("-at", "-pk").first()
    if event is None:
        return f"{what}."
    when = date_format(localtime(event.at), "j E Y г. в H:i")
    return _("%(what)s: %(who)s, %(when)s.") % {"what": what, "who": event.by.display_name, "when": when}


def _record(submission: Submission, action: str, user: User, comment: str = "") -> SubmissionEvent:
    return SubmissionEvent.objects.create(submission=submission, action=action, by=user, comment=comment)


def submission_save(
    *,
    submission: Submission,
    values: Mapping[int, Decimal | int | str | None],
    confirmations: Iterable[int],
    user: User,
    expected_version: int | None,
) -> Submission:
    """Save a draft: all values or none. `values` maps indicator id → the value (a number, the
    text the user typed, or None to clear it); `confirmations` are the indicators whose unusual
    value the user confirmed. Raises SubmissionInvalid (errors per indicator) on any bad value."""
    confirmations = set(confirmations)
    with transaction.atomic():
        current = _locked(submission)
        _check_editable(current)
        _check_version(current, expected_version)
        entry = submission_entry(submission=current, values=values, confirmations=confirmations)
        foreign = set(values) - {r.pk for r in entry.rows}
        if foreign:
            raise CollectionError(_("Среди значений есть показатели, которых нет в этом сборе."))
        if entry.has_errors:
            raise SubmissionInvalid(entry.errors, entry.unusual)
        stored = {v.indicator_id: v for v in current.values.all()}
        to_create, to_update = [], []
        for row in entry.rows:
            if row.pk not in values:
                continue
            value = value_parse(values[row.pk])
            confirmed = row.unusual and row.pk in confirmations
            kept = stored.get(row.pk)
            if kept is None:
                if value is not None:
                    to_create.append(
                        SubmissionValue(
                            submission=current, indicator=row.indicator, value=value, confirmed_unusual=confirmed
                        )
                    )
            elif kept.value != value or kept.confirmed_unusual != confirmed:
                kept.value, kept.confirmed_unusual = value, confirmed
                to_update.append(kept)
        if not (to_create or to_update):
            return current
        if to_create:
            bulk_create_with_history(to_create, SubmissionValue, default_user=user)
        if to_update:
            bulk_update_with_history(to_update, SubmissionValue, ["value", "confirmed_unusual"], default_user=user)
        current.version += 1
        current.save(update_fields=["version"])
        _record(current, SubmissionEvent.Action.SAVED, user)
    return current


def submission_submit(
    *, submission: Submission, user: User, expected_version: int | None = None, comment: str = ""
) -> Submission:
    """Send the stored values for review. Every value must be filled and pass every check again
    (last period's data may have arrived since the draft was saved)."""
    with transaction.atomic():
        current = _locked(submission)
        _check_editable(current)
        _check_version(current, expected_version)
        stored = {v.indicator_id: v for v in current.values.all()}
        entry = submission_entry(
            submission=current,
            values={pk: v.value for pk, v in stored.items()},
            confirmations={pk for pk, v in stored.items() if v.confirmed_unusual},
        )
        errors = entry.errors
        for row in entry.rows:
            if row.value is None and not row.errors:
                errors.setdefault(row.pk, []).append(_("Заполните значение: без него ответ не отправить."))
        if errors:
            raise SubmissionInvalid(errors, entry.unusual)
        current.status = Submission.Status.SUBMITTED
        current.submitted_at = timezone.now()
        current.version += 1
        current.save(update_fields=["status", "submitted_at", "version"])
        _record(current, SubmissionEvent.Action.SUBMITTED, user, (comment or "").strip())
    return current


def submission_return(*, submission: Submission, user: User, comment: str) -> Submission:
    comment = (comment or "").strip()
    if not comment:
        raise CollectionError({"comment": _("Напишите, что нужно исправить: без комментария ответ не возвращается.")})
    with transaction.atomic():
        current = _locked(submission)
        if current.status != Submission.Status.SUBMITTED:
            raise CollectionError(
                _("Вернуть можно только отправленный ответ (сейчас: %s).") % current.get_status_display()
            )
        current.status = Submission.Status.RETURNED
        current.version += 1
        current.save(update_fields=["status", "version"])
        _record(current, SubmissionEvent.Action.RETURNED, user, comment)
    return current


def submission_accept(*, submission: Submission, user: User, comment: str = "") -> Submission:
    """Accept, lock and publish the values as IndicatorValue rows (source «сбор данных») — all in
    one transaction. Accepting an accepted submission (a double click, a colleague at the same
    moment) changes nothing and says who accepted it: the row lock makes the second wait and then
    see the first one's result."""
    with transaction.atomic():
        current = _locked(submission)
        if current.status == Submission.Status.ACCEPTED and current.locked:
            raise CollectionError(_already(current, SubmissionEvent.Action.ACCEPTED, _("Ответ уже принят")))
        if current.status != Submission.Status.SUBMITTED:
            raise CollectionError(
                _("Принять можно только отправленный ответ (сейчас: %s).") % current.get_status_display()
            )
        _publish_values(current, user)
        current.status = Submission.Status.ACCEPTED
        current.locked = True
        current.version += 1
        current.save(update_fields=["status", "locked", "version"])
        _record(current, SubmissionEvent.Action.ACCEPTED, user, (comment or "").strip())
    return current


def submission_source_ref(submission: Submission) -> str:
    return f"collection:{submission.collection_id}/submission:{submission.pk}"


def _publish_values(submission: Submission, user: User) -> None:
    values = list(
        submission.values.filter(value__isnull=False, indicator__kind=Indicator.Kind.ENTERED).select_related(
            "indicator"
        )
    )
    if not values:
        return
    # Who typed the values: the last person who saved the draft (the acceptor only approves).
    entered_by_id = (
        submission.events.filter(action=SubmissionEvent.Action.SAVED)
        .order_by("-at", "-pk")
        .values_list("by_id", flat=True)
        .first()
    ) or user.pk
    period = submission.collection.period
    existing = {
        iv.indicator_id: iv
        for iv in IndicatorValue.objects.select_for_update().filter(
            period=period, school_id=submission.school_id, indicator_id__in=[v.indicator_id for v in values]
        )
    }
    ref, now = submission_source_ref(submission), timezone.now()
    to_create, to_update = [], []
    for sv in values:
        assert sv.value is not None  # the query above takes filled-in values only
        iv = existing.get(sv.indicator_id)
        if iv is None:
            to_create.append(
                IndicatorValue(
                    indicator_id=sv.indicator_id,
                    period=period,
                    school_id=submission.school_id,
                    value=sv.value,
                    source=IndicatorValue.Source.COLLECTION,
                    source_ref=ref,
                    entered_by_id=entered_by_id,
                )
            )
        else:
            iv.value, iv.source, iv.source_ref = sv.value, IndicatorValue.Source.COLLECTION, ref
            iv.entered_by_id, iv.updated_at, iv.version = entered_by_id, now, iv.version + 1
            to_update.append(iv)
    if to_create:
        bulk_create_with_history(IndicatorValue.fill_areas(to_create), IndicatorValue, default_user=user)
    if to_update:
        bulk_update_with_history(
            to_update,
            IndicatorValue,
            ["value", "source", "source_ref", "entered_by", "updated_at", "version"],
            default_user=user,
        )


def submission_reopen(*, submission: Submission, user: User, comment: str) -> Submission:
    """Unlock accepted data for correction — explicitly and on the record. The published
    IndicatorValue rows stay as they are until the corrected submission is accepted again."""
    comment = (comment or "").strip()
    if not comment:
        raise CollectionError(
            {"comment": _("Напишите, зачем открываете ответ: без комментария принятые данные не открываются.")}
        )
    with transaction.atomic():
        current = _locked(submission)
        if not (current.locked and current.status == Submission.Status.ACCEPTED):
            raise CollectionError(_("Открыть для исправления можно только принятый ответ."))
        current.locked = False
        current.status = Submission.Status.RETURNED
        current.version += 1
        current.save(update_fields=["locked", "status", "version"])
        _record(current, SubmissionEvent.Action.REOPENED, user, comment)
    return current
