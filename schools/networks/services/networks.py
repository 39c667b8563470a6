"""Writes for partner networks, organisations and project teams.

Every function validates everything it can *before* the first row is written (so a refused
request leaves nothing behind), calls ``full_clean()`` before each save, and runs in one
transaction when several rows change. ``actor`` is recorded as the history user; without it
simple_history falls back to the request's user (its middleware), so callers outside a request
(demo, Celery, API) should pass it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from ...models import (
    JointAction,
    Municipality,
    Organisation,
    School,
    Tie,
    TieParty,
    User,
)
from ..validators import prepare_basis_file

Role = TieParty.Role

# Kinds whose lead party is one school that supports the others (seed: «закрепление пилотной
# школы», «стажировочная площадка на базе успешной школы»).
LEAD_SCHOOL_KINDS = {Tie.Kind.MENTOR_PAIR, Tie.Kind.INTERNSHIP_SITE}


@dataclass(frozen=True)
class PartySpec:
    """One intended party of a tie: exactly one of school/organisation, and its role."""

    role: str
    school: School | None = None
    organisation: Organisation | None = None

    @property
    def key(self) -> tuple[str, int]:
        if self.school is not None:
            return ("s", self.school.pk)
        assert self.organisation is not None  # a party is a school or an organisation
        return ("o", self.organisation.pk)

    @property
    def name(self) -> str:
        return str(self.school or self.organisation)


def _stamp(obj: Any, actor: User | None) -> None:
    if actor is not None:
        obj._history_user = actor  # read by simple_history instead of the request's user


# --- Ties ------------------------------------------------------------------------------------


def tie_parties_validate(
    *,
    municipality: Municipality,
    kind: str,
    parties: Sequence[PartySpec],
    already: Iterable[tuple[str, int | None]] = (),
) -> None:
    """The rules for a tie's set of parties; ``already`` are the keys of current parties, which
    may stay even if archived since."""
    errors: list[str] = []
    keep = set(already)
    seen: set[tuple[str, int]] = set()
    for p in parties:
        if (p.school is None) == (p.organisation is None):
            errors.append(_("Сторона связи — это либо школа, либо организация."))
            continue
        if p.key in seen:
            errors.append(_("«%(name)s» указана стороной дважды.") % {"name": p.name})
        seen.add(p.key)
        if p.school is not None:
            inside = p.school.municipality_id == municipality.pk
            archived = p.school.is_archived
        else:
            org = p.organisation
            assert org is not None  # exactly one of the two, checked above
            inside = org.municipality_id == municipality.pk or (
                org.municipality_id is None and org.region_id == municipality.region_id
            )
            archived = org.is_archived
        if not inside:
            errors.append(
                _("«%(name)s» не относится к муниципалитету «%(mun)s».") % {"name": p.name, "mun": municipality.name}
            )
        if archived and p.key not in keep:
            errors.append(_("«%(name)s» в архиве и не может стать стороной связи.") % {"name": p.name})
        if p.role not in Role.values:
            errors.append(_("Неизвестная роль стороны «%(name)s».") % {"name": p.name})
    if len(seen) < 2:
        errors.append(_("У связи должно быть не меньше двух сторон."))
    leads = [p for p in parties if p.role == Role.LEAD]
    supported = [p for p in parties if p.role == Role.SUPPORTED]
    if kind == Tie.Kind.MENTOR_PAIR:
        if len(leads) != 1:
            errors.append(_("В сетевой паре должна быть ровно одна ведущая школа (наставник)."))
        if not supported:
            errors.append(_("В сетевой паре должна быть хотя бы одна школа, получающая поддержку."))
        if any(p.school is None for p in supported):
            errors.append(_("Получать поддержку в сетевой паре может только школа."))
    elif kind == Tie.Kind.INTERNSHIP_SITE and len(leads) != 1:
        errors.append(_("У стажировочной площадки должна быть ровно одна ведущая школа (площадка)."))
    if kind in LEAD_SCHOOL_KINDS and any(p.school is None for p in leads):
        errors.append(_("Ведущей стороной сетевой пары или стажировочной площадки может быть только школа."))
    if errors:
        raise ValidationError(list(dict.fromkeys(errors)))  # unique, in order


def _period_check(starts_on: date | None, ends_on: date | None) -> None:
    # The database constraint would say the same in a generic message; say it in Russian first.
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("Дата окончания не может быть раньше даты начала.")})


TIE_FIELDS = (
    "kind",
    "title",
    "status",
    "starts_on",
    "ends_on",
    "basis_type",
    "basis_number",
    "basis_date",
    "basis_file",
    "description",
)


def _save_parties(*, tie: Tie, parties: Sequence[PartySpec], actor: User | None) -> None:
    """Make the tie's parties exactly ``parties``: removed ones are deleted (their history
    remains), changed roles updated, new ones created."""
    current = {("s", p.school_id) if p.school_id else ("o", p.organisation_id): p for p in tie.parties.all()}
    wanted = {p.key: p for p in parties}
    for key, gone in current.items():
        if key not in wanted:
            _stamp(gone, actor)
            gone.delete()
    for key, spec in wanted.items():
        party = current.get(key)
        if party is None:
            party = TieParty(tie=tie, school=spec.school, organisation=spec.organisation, role=spec.role)
        elif party.role == spec.role:
            continue
        party.role = spec.role
        party.full_clean()
        _stamp(party, actor)
        party.save()


def _store_with_cleanup(tie: Tie, new_file: File | None, work) -> Any:
    """Run ``work`` in a transaction; if it fails after the new file reached storage, remove the
    file so a refused request leaves nothing behind, not even on disk."""
    try:
        with transaction.atomic():
            return work()
    except Exception:
        if new_file is not None and tie.basis_file and tie.basis_file.name:
            tie.basis_file.storage.delete(tie.basis_file.name)
        raise


def tie_create(
    *,
    municipality: Municipality,
    kind: str,
    title: str,
    parties: Sequence[PartySpec],
    description: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    basis_type: str = "",
    basis_number: str = "",
    basis_date: date | None = None,
    basis_file: File | None = None,
    status: str = Tie.Status.ACTIVE,
    actor: User | None = None,
) -> Tie:
    _period_check(starts_on, ends_on)
    tie_parties_validate(municipality=municipality, kind=kind, parties=parties)
    if basis_file:
        prepare_basis_file(basis_file)
    tie = Tie(
        municipality=municipality,
        kind=kind,
        title=title,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        basis_type=basis_type,
        basis_number=basis_number,
        basis_date=basis_date,
        basis_file=basis_file or "",
        status=status,
        created_by=actor,
    )
    tie.full_clean()

    def work() -> Tie:
        _stamp(tie, actor)
        tie.save()
        _save_parties(tie=tie, parties=parties, actor=actor)
        return tie

    return _store_with_cleanup(tie, basis_file or None, work)


def tie_update(
    *,
    tie: Tie,
    data: Mapping[str, Any],
    parties: Sequence[PartySpec] | None = None,
    actor: User | None = None,
) -> Tie:
    """Change the fields in ``data`` (only :data:`TIE_FIELDS`) and, when given, replace the
    parties. ``basis_file``: a File replaces the document, ``False`` removes it, ``None``
    keeps it."""
    unknown = set(data) - set(TIE_FIELDS)
    if unknown:
        raise ValueError(f"tie_update: not editable: {sorted(unknown)}")
    data = dict(data)
    new_file = data.pop("basis_file", None)
    old_file_name = tie.basis_file.name if tie.basis_file else ""
    kind = data.get("kind", tie.kind)
    _period_check(data.get("starts_on", tie.starts_on), data.get("ends_on", tie.ends_on))
    current = list(tie.parties.with_school_and_organisation())
    specs = (
        parties
        if parties is not None
        else [PartySpec(role=p.role, school=p.school, organisation=p.organisation) for p in current]
    )
    tie_parties_validate(
        municipality=tie.municipality,
        kind=kind,
        parties=specs,
        already=[("s", p.school_id) if p.school_id else ("o", p.organisation_id) for p in current],
    )
    changed = [f for f, v in data.items() if getattr(tie, f) != v]
    for field in changed:
        setattr(tie, field, data[field])
    if new_file:
        tie.basis_file = prepare_basis_file(new_file)
        changed.append("basis_file")
    elif new_file is False and old_file_name:
        tie.basis_file = ""
        changed.append("basis_file")
    tie.full_clean()

    def work() -> Tie:
        if changed:  # an unchanged save would only add an empty history record
            _stamp(tie, actor)
            tie.save()
        if parties is not None:
            _save_parties(tie=tie, parties=parties, actor=actor)
        if "basis_file" in changed and old_file_name:
            storage = tie.basis_file.storage
            transaction.on_commit(lambda: storage.delete(old_file_name))
        return tie

    return _store_with_cleanup(tie, new_file or None, work)


def tie_party_add(
    *,
    tie: Tie,
    role: str,
    school: School | None = None,
    organisation: Organisation | None = None,
    actor: User | None = None,
) -> TieParty:
    current = list(tie.parties.with_school_and_organisation())
    existing = [PartySpec(role=p.role, school=p.school, organisation=p.organisation) for p in current]
    spec = PartySpec(role=role, school=school, organisation=organisation)
    tie_parties_validate(
        municipality=tie.municipality,
        kind=tie.kind,
        parties=[*existing, spec],
        already=[p.key for p in existing],
    )
    party = TieParty(tie=tie, school=school, organisation=organisation, role=role)
    party.full_clean()
    _stamp(party, actor)
    party.save()
    return party


def tie_party_remove(*, party: TieParty, actor: User | None = None) -> None:
    tie = party.tie
    rest = [
        PartySpec(role=p.role, school=p.school, organisation=p.organisation)
        for p in tie.parties.with_school_and_organisation().exclude(pk=party.pk)
    ]
    tie_parties_validate(municipality=tie.municipality, kind=tie.kind, parties=rest, already=[p.key for p in rest])
    _stamp(party, actor)
    party.delete()


def tie_archive(*, tie: Tie, archived: bool = True, actor: User | None = None) -> Tie:
    """Archive (or restore) a tie: it leaves the default lists but is never deleted."""
    if tie.is_archived != archived:
        tie.is_archived = archived
        tie.full_clean()
        _stamp(tie, actor)
        tie.save(update_fields=["is_archived"])
    return tie


# --- Joint actions ---------------------------------------------------------------------------

JOINT_ACTION_FIELDS = ("title", "timing", "due_on", "responsible", "is_done", "position")


def joint_action_create(
    *,
    tie: Tie,
    title: str,
    timing: str = "",
    due_on: date | None = None,
    responsible: str = "",
    is_done: bool = False,
    actor: User | None = None,
) -> JointAction:
    with transaction.atomic():
        # Lock the tie so two people adding at once do not get the same number.
        # order_by(): no join through Meta.ordering, so only the tie row is locked.
        list(Tie.objects.select_for_update().filter(pk=tie.pk).order_by().values_list("pk"))
        last = tie.actions.aggregate(m=Max("position"))["m"] or 0
        action = JointAction(
            tie=tie,
            position=last + 1,
            title=title,
            timing=timing,
            due_on=due_on,
            responsible=responsible,
            is_done=is_done,
        )
        action.full_clean()
        _stamp(action, actor)
        action.save()
    return action


def joint_action_update(*, action: JointAction, data: Mapping[str, Any], actor: User | None = None) -> JointAction:
    unknown = set(data) - set(JOINT_ACTION_FIELDS)
    if unknown:
        raise ValueError(f"joint_action_update: not editable: {sorted(unknown)}")
    changed = [f for f, v in data.items() if getattr(action, f) != v]
    for field in changed:
        setattr(action, field, data[field])
    action.full_clean()
    if changed:
        _stamp(action, actor)
        action.save(update_fields=changed)
    return action


def joint_action_set_done(*, action: JointAction, is_done: bool, actor: User | None = None) -> JointAction:
    return joint_action_update(action=action, data={"is_done": is_done}, actor=actor)
