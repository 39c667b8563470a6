"""Writes for other organisations and project teams (ties are in ``services.py``, which
re-exports these functions so callers have one entry point). Same habits: validate before the
first write, ``full_clean()`` before each save, one transaction when several rows change,
``actor`` recorded as the history user."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ...models import Municipality, Organisation, ProjectTeam, School, TeamMember, User


def _stamp(obj: Any, actor: User | None) -> None:
    if actor is not None:
        obj._history_user = actor  # read by simple_history instead of the request's user


# --- Organisations ---------------------------------------------------------------------------

ORGANISATION_FIELDS = ("kind", "name", "short_name")


def _organisation_duplicate_check(org: Organisation) -> None:
    # The database constraint does not see duplicates among regional organisations (NULL
    # municipality), so check the same rule for both levels here.
    clash = Organisation.objects.filter(
        region_id=org.region_id, municipality=org.municipality_id, name__iexact=org.name.strip()
    ).exclude(pk=org.pk)
    if clash.exists():
        raise ValidationError({"name": _("Организация с таким полным наименованием уже есть.")})


def organisation_create(
    *,
    region_id: int,
    municipality: Municipality | None,
    kind: str,
    name: str,
    short_name: str,
    actor: User | None = None,
) -> Organisation:
    if municipality is not None and municipality.region_id != region_id:
        raise ValidationError(_("Муниципалитет не относится к выбранному региону."))
    org = Organisation(
        region_id=region_id,
        municipality=municipality,
        kind=kind,
        name=name.strip(),
        short_name=short_name.strip(),
    )
    _organisation_duplicate_check(org)  # before full_clean: its message is the clearer one
    org.full_clean()
    _stamp(org, actor)
    org.save()
    return org


def organisation_update(
    *, organisation: Organisation, data: Mapping[str, Any], actor: User | None = None
) -> Organisation:
    """The territory is not editable: ties and teams of that territory may name the body."""
    unknown = set(data) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"organisation_update: not editable: {sorted(unknown)}")
    changed = [f for f, v in data.items() if getattr(organisation, f) != v]
    for field in changed:
        setattr(
            organisation,
            field,
            data[field].strip() if isinstance(data[field], str) else data[field],
        )
    _organisation_duplicate_check(organisation)
    organisation.full_clean()
    if changed:
        _stamp(organisation, actor)
        organisation.save(update_fields=changed)
    return organisation


def organisation_archive(
    *, organisation: Organisation, archived: bool = True, actor: User | None = None
) -> Organisation:
    if organisation.is_archived != archived:
        organisation.is_archived = archived
        organisation.full_clean()
        _stamp(organisation, actor)
        organisation.save(update_fields=["is_archived"])
    return organisation


# --- Project teams ---------------------------------------------------------------------------


def team_get_or_create(
    *,
    school: School | None = None,
    municipality: Municipality | None = None,
    actor: User | None = None,
) -> ProjectTeam:
    """The team of a school or of a municipality, created on first use."""
    if (school is None) == (municipality is None):
        raise ValueError("team_get_or_create: pass exactly one of school, municipality")
    lookup: dict[str, School | Municipality | None] = (
        {"school": school} if school is not None else {"municipality": municipality}
    )
    team = ProjectTeam.objects.filter(**lookup).first()
    if team is None:
        team = ProjectTeam(**lookup)
        team.full_clean()
        _stamp(team, actor)
        team.save()
    return team


MEMBER_FIELDS = (
    "full_name",
    "position",
    "role",
    "user",
    "from_school",
    "from_organisation",
    "mentees_count",
    "is_active",
)


def _team_municipality_id(team: ProjectTeam) -> int:
    if team.municipality_id is not None:
        return team.municipality_id
    assert team.school is not None  # a team is a municipality's or a school's (a constraint)
    return team.school.municipality_id


def _member_check(member: TeamMember, curated: Sequence[School] | None) -> None:
    team = member.team
    mun_id = _team_municipality_id(team)
    errors: dict[str, list[str]] = {}
    if member.from_school_id and member.from_organisation_id:
        errors.setdefault("from_organisation", []).append(
            _("Укажите либо школу, либо организацию, из которой пришёл участник, но не обе.")
        )
    if member.from_school is not None:
        if team.school_id and member.from_school_id == team.school_id:
            errors.setdefault("from_school", []).append(
                _("Здесь указывается другая школа (например, школа-партнёр), а не своя.")
            )
        elif member.from_school.municipality_id != mun_id:
            errors.setdefault("from_school", []).append(_("Школа из другого муниципалитета."))
    if member.from_organisation is not None:
        org = member.from_organisation
        if not (
            org.municipality_id == mun_id or (org.municipality_id is None and org.region_id == team_region_id(team))
        ):
            errors.setdefault("from_organisation", []).append(_("Организация другой территории."))
    if member.role == TeamMember.Role.COACH and not (member.from_school_id or member.from_organisation_id):
        errors.setdefault("from_school", []).append(
            _("Для тренера укажите школу или организацию, из которой он приходит.")
        )
    if curated:
        if not team.is_municipal:
            errors.setdefault("curated_schools", []).append(
                _("Курируемые школы назначаются только в муниципальной команде.")
            )
        elif any(s.municipality_id != mun_id for s in curated):
            errors.setdefault("curated_schools", []).append(_("Курировать можно только школы своего муниципалитета."))
    if errors:
        raise ValidationError(errors)


def team_region_id(team: ProjectTeam) -> int:
    if team.municipality is not None:
        return team.municipality.region_id
    assert team.school is not None  # a team is a municipality's or a school's (a constraint)
    return team.school.region_id


def team_member_add(
    *,
    team: ProjectTeam,
    full_name: str,
    role: str,
    position: str = "",
    user: User | None = None,
    from_school: School | None = None,
    from_organisation: Organisation | None = None,
    curated_schools: Sequence[School] = (),
    mentees_count: int = 0,
    actor: User | None = None,
) -> TeamMember:
    """``team`` may be unsaved (``ProjectTeam(school=…)``): it is created together with its first
    member, so a refused member leaves no empty team behind."""
    member = TeamMember(
        team=team,
        full_name=full_name.strip(),
        role=role,
        position=position.strip(),
        user=user,
        from_school=from_school,
        from_organisation=from_organisation,
        mentees_count=mentees_count,
    )
    member.full_clean(exclude=["team"] if team.pk is None else None)
    _member_check(member, list(curated_schools))
    with transaction.atomic():
        if team.pk is None:
            team.full_clean()
            _stamp(team, actor)
            team.save()
            member.team = team
        _stamp(member, actor)
        member.save()
        if curated_schools:
            member.curated_schools.set(curated_schools)
    return member


def team_member_update(
    *,
    member: TeamMember,
    data: Mapping[str, Any],
    curated_schools: Sequence[School] | None = None,
    actor: User | None = None,
) -> TeamMember:
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"team_member_update: not editable: {sorted(unknown)}")
    changed = [f for f, v in data.items() if getattr(member, f) != v]
    for field in changed:
        setattr(member, field, data[field])
    member.full_clean()
    _member_check(
        member,
        list(curated_schools) if curated_schools is not None else list(member.curated_schools.all()),
    )
    with transaction.atomic():
        _stamp(member, actor)
        if changed:
            member.save(update_fields=changed)
        if curated_schools is not None and (
            {s.pk for s in curated_schools} != set(member.curated_schools.values_list("pk", flat=True))
        ):
            member.curated_schools.set(curated_schools)
    return member


def team_member_deactivate(*, member: TeamMember, actor: User | None = None) -> TeamMember:
    """Members leave the team but stay in its history; curated schools are released so the
    school page no longer names a curator who has left."""
    with transaction.atomic():
        if member.is_active:
            member.is_active = False
            member.full_clean()
            _stamp(member, actor)
            member.save(update_fields=["is_active"])
        if member.curated_schools.exists():
            _stamp(member, actor)
            member.curated_schools.clear()
    return member
