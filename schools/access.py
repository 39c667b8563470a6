"""The one access layer: who may see or change what.

Every view, API endpoint, form and report asks this module — through the ``rules`` permissions
registered at the bottom (object checks) or the ``visible_*`` functions (querysets for lists).
Both read the same :class:`Scope`, computed once per user object from active memberships and
methodologist assignments, so a list and a detail page can never disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TypeAlias

import rules
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from .models import Membership, MethodologistAssignment, Municipality, Organisation, Role, School, User
from .models.ladder import MunicipalityQuerySet, SchoolQuerySet

#: Whoever asks: a signed-in person or an anonymous visitor (``request.user`` either way). Services
#: that act for someone take a ``User``; the access layer and the selectors take this.
AnyUser: TypeAlias = User | AnonymousUser

_SCOPE_ATTR = "_portal_scope"


@dataclass(frozen=True)
class Scope:
    authenticated: bool = False
    superuser: bool = False
    region_ids: frozenset[int] = frozenset()
    municipality_ids: frozenset[int] = frozenset()  # committee staff
    team_school_ids: frozenset[int] = frozenset()  # school project team
    assigned_school_ids: frozenset[int] = frozenset()  # methodologist / curator
    api_municipality_ids: frozenset[int] = frozenset()
    api_school_ids: frozenset[int] = frozenset()
    organisation_ids: frozenset[int] = frozenset()  # executing organisation staff
    # An API token of an executing organisation's account: its organisation rights hold only for
    # programs of these municipalities (the token's area). None: anywhere (no token).
    organisation_area: frozenset[int] | None = None
    roles: frozenset[str] = frozenset()
    # Where the user's places lie, read with the memberships so that no rule asks again: each of
    # the municipalities above → its region; each of the schools above → (its region, its
    # municipality). Not part of equality: they follow from the ids.
    municipality_regions: Mapping[int, int] = field(default_factory=dict, compare=False)
    school_places: Mapping[int, tuple[int, int]] = field(default_factory=dict, compare=False)

    @property
    def is_staff_anywhere(self) -> bool:
        return self.superuser or bool(self.region_ids or self.municipality_ids)

    def regions_of(
        self, *, municipalities: frozenset[int] = frozenset(), schools: frozenset[int] = frozenset()
    ) -> set[int]:
        """The regions of some of the user's own municipalities and schools (no query)."""
        return {self.municipality_regions[m] for m in municipalities} | {self.school_places[s][0] for s in schools}

    def municipalities_of(self, schools: frozenset[int]) -> set[int]:
        """The municipalities of some of the user's own schools (no query)."""
        return {self.school_places[s][1] for s in schools}


ANONYMOUS = Scope()


def scope_of(user: AnyUser | None) -> Scope:
    """The user's scope, cached on the user object (one request = one user object)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, _SCOPE_ATTR, None)
    if cached is not None:
        return cached
    roles: set[str] = set()
    regions: set[int] = set()
    municipalities: set[int] = set()
    team: set[int] = set()
    api_mun: set[int] = set()
    api_sch: set[int] = set()
    organisations: set[int] = set()
    municipality_regions: dict[int, int] = {}
    school_places: dict[int, tuple[int, int]] = {}
    # Each role's rung is set (a database constraint on Membership); the `is not None` tests only
    # tell the type checker so. Where each place lies comes with it (two joins on primary keys).
    for (
        role,
        region_id,
        municipality_id,
        school_id,
        organisation_id,
        m_region,
        s_region,
        s_municipality,
    ) in Membership.objects.filter(user=user, is_active=True).values_list(
        "role",
        "region_id",
        "municipality_id",
        "school_id",
        "organisation_id",
        "municipality__region_id",
        "school__region_id",
        "school__municipality_id",
    ):
        roles.add(role)
        if municipality_id is not None:
            municipality_regions[municipality_id] = m_region
        if school_id is not None:
            school_places[school_id] = (s_region, s_municipality)
        if role == Role.REGION_STAFF and region_id is not None:
            regions.add(region_id)
        elif role == Role.MUNICIPAL_STAFF and municipality_id is not None:
            municipalities.add(municipality_id)
        elif role == Role.SCHOOL_TEAM and school_id is not None:
            team.add(school_id)
        elif role == Role.API_CLIENT:
            if school_id:
                api_sch.add(school_id)
            elif municipality_id is not None:
                api_mun.add(municipality_id)
        elif role == Role.EXECUTOR and organisation_id is not None:
            organisations.add(organisation_id)
    assigned: set[int] = set()
    if Role.METHODOLOGIST in roles:
        for school_id, s_region, s_municipality in MethodologistAssignment.objects.filter(
            methodologist=user, is_active=True
        ).values_list("school_id", "school__region_id", "school__municipality_id"):
            assigned.add(school_id)
            school_places[school_id] = (s_region, s_municipality)
    scope = Scope(
        authenticated=True,
        superuser=user.is_superuser,
        region_ids=frozenset(regions),
        municipality_ids=frozenset(municipalities),
        team_school_ids=frozenset(team),
        assigned_school_ids=frozenset(assigned),
        api_municipality_ids=frozenset(api_mun),
        api_school_ids=frozenset(api_sch),
        organisation_ids=frozenset(organisations),
        roles=frozenset(roles),
        municipality_regions=municipality_regions,
        school_places=school_places,
    )
    setattr(user, _SCOPE_ATTR, scope)
    return scope


# --- Primary role, for the home page and the navigation -------------------------------------

ROLE_PRIORITY = [
    Role.REGION_STAFF,
    Role.MUNICIPAL_STAFF,
    Role.METHODOLOGIST,
    Role.SCHOOL_TEAM,
    Role.EXECUTOR,
    Role.API_CLIENT,
]


def primary_role(user: AnyUser) -> str | None:
    scope = scope_of(user)
    if not scope.authenticated:
        return None
    if scope.superuser and not scope.roles:
        return Role.REGION_STAFF
    for role in ROLE_PRIORITY:
        if role in scope.roles:
            return role
    return None


# --- The user's own places, for their pages ----------------------------------------------------


def team_school_ids(user: AnyUser) -> frozenset[int]:
    """The schools whose project team the user is on."""
    return scope_of(user).team_school_ids


def own_school_ids(user: AnyUser) -> frozenset[int]:
    """The schools the user works in: on their project team, or assigned to them as methodologist."""
    scope = scope_of(user)
    return scope.team_school_ids | scope.assigned_school_ids


def staff_municipalities(user: AnyUser) -> QuerySet[Municipality]:
    """The municipalities whose committee the user is staff of (not those they reach through
    their region)."""
    return Municipality.objects.filter(pk__in=scope_of(user).municipality_ids)


def own_organisations(user: AnyUser) -> QuerySet[Organisation]:
    """The executing organisations the user is staff of."""
    return Organisation.objects.filter(pk__in=scope_of(user).organisation_ids)


# --- Querysets for lists --------------------------------------------------------------------


def school_condition(user: AnyUser, prefix: str = "") -> Q | None:
    """The schools the user may see, as a condition on a school reached through ``prefix``
    (``"school__"`` from a per-school record); None: every school. A record that joins its school
    anyway filters on that join rather than on a subquery of schools, which PostgreSQL misjudges
    (it expects a few dozen rows where a big city has a thousand, and loops)."""
    scope = scope_of(user)
    if scope.superuser:
        return None
    return (
        Q(**{f"{prefix}region_id__in": scope.region_ids})
        | Q(**{f"{prefix}municipality_id__in": scope.municipality_ids | scope.api_municipality_ids})
        | Q(**{f"{prefix}id__in": scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids})
    )


def visible_schools(user: AnyUser, qs: SchoolQuerySet | None = None) -> SchoolQuerySet:
    qs = School.objects.all() if qs is None else qs
    condition = school_condition(user)
    return qs if condition is None else qs.filter(condition)


def visible_municipalities(user: AnyUser, qs: MunicipalityQuerySet | None = None) -> MunicipalityQuerySet:
    qs = Municipality.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    return qs.filter(Q(region_id__in=scope.region_ids) | Q(id__in=scope.municipality_ids | scope.api_municipality_ids))


# --- Object predicates ----------------------------------------------------------------------


def _ladder_ids(obj) -> tuple[int | None, int | None, int | None]:
    """(region_id, municipality_id, school_id) of anything on the ladder.

    Schools, municipalities, organisations, ties, teams and every per-school record (profile,
    context, …: anything with a ``school``) are placed on the ladder here, so the predicates
    below work for all of them."""
    if isinstance(obj, School):
        return obj.region_id, obj.municipality_id, obj.pk
    if isinstance(obj, Municipality):
        return obj.region_id, obj.pk, None
    school = getattr(obj, "school", None)
    if isinstance(school, School):
        return school.region_id, school.municipality_id, school.pk
    municipality = getattr(obj, "municipality", None)
    if isinstance(municipality, Municipality):
        return municipality.region_id, municipality.pk, None
    return getattr(obj, "region_id", None), None, None


@rules.predicate
def is_superuser(user: AnyUser) -> bool:
    return scope_of(user).superuser


@rules.predicate
def is_committee_staff(user: AnyUser) -> bool:
    return scope_of(user).is_staff_anywhere


@rules.predicate
def governs_school(user: AnyUser, obj) -> bool:
    """Committee staff of the school's municipality or region."""
    region_id, municipality_id, _ = _ladder_ids(obj)
    scope = scope_of(user)
    return region_id in scope.region_ids or municipality_id in scope.municipality_ids


@rules.predicate
def is_team_of_school(user: AnyUser, obj) -> bool:
    _, _, school_id = _ladder_ids(obj)
    return school_id in scope_of(user).team_school_ids


@rules.predicate
def is_assigned_to_school(user: AnyUser, obj) -> bool:
    _, _, school_id = _ladder_ids(obj)
    return school_id in scope_of(user).assigned_school_ids


@rules.predicate
def api_scope_covers_school(user: AnyUser, obj) -> bool:
    _, municipality_id, school_id = _ladder_ids(obj)
    scope = scope_of(user)
    return school_id in scope.api_school_ids or municipality_id in scope.api_municipality_ids


@rules.predicate
def governs_municipality(user: AnyUser, obj) -> bool:
    """Committee staff over the object's municipality (or region, for regional records)."""
    region_id, municipality_id, _ = _ladder_ids(obj)
    scope = scope_of(user)
    return region_id in scope.region_ids or (municipality_id is not None and municipality_id in scope.municipality_ids)


@rules.predicate
def is_party_of_tie(user: AnyUser, tie) -> bool:
    """A school team or assigned methodologist of one of the tie's schools."""
    scope = scope_of(user)
    mine = scope.team_school_ids | scope.assigned_school_ids
    return bool(mine) and any(p.school_id in mine for p in tie.parties.all())


can_view_school = is_superuser | governs_school | is_team_of_school | is_assigned_to_school | api_scope_covers_school
can_change_school_data = is_superuser | governs_school | is_team_of_school
can_manage_school_registry = is_superuser | governs_school

rules.add_perm("schools.view_school", can_view_school)
rules.add_perm("schools.change_school_data", can_change_school_data)
rules.add_perm("schools.manage_school", can_manage_school_registry)
rules.add_perm("schools.view_municipality", is_superuser | governs_municipality)
rules.add_perm("schools.view_dashboard", is_superuser | is_committee_staff)
rules.add_perm("schools.view_history", is_superuser | governs_school | governs_municipality)

# Imports: committee staff only; which rows they may touch is checked per row with the
# permissions above (a municipality's staff cannot import another municipality's schools).
rules.add_perm("schools.import_data", is_superuser | is_committee_staff)

# Organisations, partner networks and project teams.
rules.add_perm("schools.view_organisation", rules.is_authenticated)
rules.add_perm("schools.change_organisation", is_superuser | governs_municipality)
rules.add_perm("schools.add_tie", is_superuser | governs_municipality)  # obj: the municipality
rules.add_perm("schools.view_tie", is_superuser | governs_municipality | is_party_of_tie)
rules.add_perm("schools.change_tie", is_superuser | governs_municipality)
# A school team is the school's: its own members keep it; a municipal team is the committee's.
rules.add_perm(
    "schools.view_team",
    is_superuser | governs_school | governs_municipality | is_team_of_school | is_assigned_to_school,
)
rules.add_perm("schools.change_team", is_superuser | governs_school | governs_municipality | is_team_of_school)


@rules.predicate
def is_region_staff(user: AnyUser) -> bool:
    return bool(scope_of(user).region_ids)


@rules.predicate
def governs_region(user: AnyUser, region) -> bool:
    """Region staff of this region (obj: a Region)."""
    return region is not None and region.pk in scope_of(user).region_ids


# The region's page (its dashboard): its own staff and superusers.
rules.add_perm("schools.view_region", is_superuser | governs_region)


# The access log (sign-ins and exports of data) is read by the region and by superusers, not by a
# municipality: it shows who of the region's people took what out of the portal.
rules.add_perm("schools.view_access_log", is_superuser | is_region_staff)


def visible_ties(user: AnyUser, qs=None):
    from .models import Tie

    qs = Tie.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    mine = scope.team_school_ids | scope.assigned_school_ids
    return qs.filter(
        Q(municipality__region_id__in=scope.region_ids)
        | Q(municipality_id__in=scope.municipality_ids)
        | Q(parties__school_id__in=mine)
    ).distinct()


def visible_organisations(user: AnyUser, qs=None):
    from .models import Organisation

    qs = Organisation.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    if not scope.authenticated:
        return qs.none()
    region_ids = set(scope.region_ids) | scope.regions_of(
        municipalities=scope.municipality_ids | scope.api_municipality_ids,
        schools=scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids,
    )
    return qs.filter(region_id__in=region_ids)


def visible_import_batches(user: AnyUser, qs=None):
    """Upload batches of the import pages: a superuser sees every batch, anybody else only those
    they uploaded (for them the others do not exist)."""
    from .models import ImportBatch

    qs = ImportBatch.objects.all() if qs is None else qs
    return qs if scope_of(user).superuser else qs.filter(uploaded_by=user)


def visible_access_events(user: AnyUser, qs=None):
    """A superuser reads every event. Region staff read the events of people with a membership
    in their region (at any level), and failed sign-ins under those people's names; attempts
    under names nobody has are left to superusers, since they belong to no region."""
    from .models import AccessEvent, User

    qs = AccessEvent.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope.superuser:
        return qs
    if not scope.region_ids:
        return qs.none()
    people = Membership.objects.filter(
        Q(region_id__in=scope.region_ids)
        | Q(municipality__region_id__in=scope.region_ids)
        | Q(school__region_id__in=scope.region_ids)
    ).values("user_id")
    names = User.objects.filter(pk__in=people).values("username")
    return qs.filter(Q(user_id__in=people) | Q(user__isnull=True, username__in=names))


# --- Narrowing a scope to one municipality or one school (API tokens) --------------------------


def scope_narrow(scope: Scope, *, municipality: Municipality | None = None, school: School | None = None) -> Scope:
    """The part of ``scope`` that lies inside one municipality or one school: the area of an API
    token. Never more than ``scope`` itself and never regional rights, so everything that reads
    the scope (``visible_*``, the rules predicates) answers for the intersection.

    In a municipality, committee rights are kept only where the user governs it (its own staff or
    its region's, which become the municipality's), with the user's own schools that lie in it.
    In a school, a team, an assigned methodologist or an API client of that school keep their
    role there; committee rights shrink to reading the school, because a scope has no "staff of
    one school". Costs no query: the scope knows where the user's schools lie."""
    if (municipality is None) == (school is None):
        raise ValueError("scope_narrow: give exactly one of municipality or school")
    if not scope.authenticated:
        return ANONYMOUS
    empty: frozenset[int] = frozenset()
    if municipality is not None:
        governs = (
            scope.superuser or municipality.region_id in scope.region_ids or municipality.pk in scope.municipality_ids
        )
        mine = scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids
        inside = frozenset(pk for pk in mine if scope.school_places[pk][1] == municipality.pk)
        municipality_ids = frozenset({municipality.pk}) if governs else empty
        team, assigned, api_schools = (
            scope.team_school_ids & inside,
            scope.assigned_school_ids & inside,
            scope.api_school_ids & inside,
        )
        api_municipalities = scope.api_municipality_ids & {municipality.pk}
        # An executing organisation's staff keep their organisations' rights, limited to the
        # programs of this municipality (``organisation_area``): such a token reports progress.
        organisations = scope.organisation_ids
    else:
        assert school is not None  # exactly one of the two, checked above
        governs = (
            scope.superuser or school.region_id in scope.region_ids or school.municipality_id in scope.municipality_ids
        )
        reads = governs or school.pk in scope.api_school_ids or school.municipality_id in scope.api_municipality_ids
        municipality_ids, api_municipalities = empty, empty
        team = scope.team_school_ids & {school.pk}
        assigned = scope.assigned_school_ids & {school.pk}
        api_schools = frozenset({school.pk}) if reads else empty
        organisations = empty
    roles = {
        role
        for role, ids in (
            (Role.MUNICIPAL_STAFF, municipality_ids),
            (Role.SCHOOL_TEAM, team),
            (Role.METHODOLOGIST, assigned),
            (Role.API_CLIENT, api_schools | api_municipalities),
            (Role.EXECUTOR, organisations),
        )
        if ids
    }
    return Scope(
        authenticated=True,
        superuser=False,
        municipality_ids=municipality_ids,
        team_school_ids=frozenset(team),
        assigned_school_ids=frozenset(assigned),
        api_municipality_ids=frozenset(api_municipalities),
        api_school_ids=frozenset(api_schools),
        organisation_ids=organisations,
        organisation_area=frozenset({municipality.pk}) if municipality is not None and organisations else None,
        roles=frozenset(roles),
        municipality_regions={municipality.pk: municipality.region_id} if municipality is not None else {},
        school_places={pk: scope.school_places[pk] for pk in team | assigned | api_schools}
        if school is None
        else {school.pk: (school.region_id, school.municipality_id)},
    )


def scope_pin(user: AnyUser, scope: Scope) -> None:
    """Make ``scope`` the user's scope for the rest of the request (an API token's narrowed one)."""
    setattr(user, _SCOPE_ATTR, scope)
