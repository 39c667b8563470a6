"""Reads for partner networks, organisations and project teams.

Lists go through the access layer's ``visible_*`` querysets; every queryset here owns its
``select_related``/``prefetch_related``, so pages make a constant number of queries whatever
the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import badges
from ..access import visible_municipalities, visible_organisations, visible_schools, visible_ties
from ..history import HistoryEntry, history_entries
from ..models import (
    JointAction,
    Municipality,
    Organisation,
    ProjectTeam,
    School,
    TeamMember,
    Tie,
    TieParty,
)

if TYPE_CHECKING:
    from schools.access import AnyUser

_PARTIES = Prefetch(
    "parties",
    queryset=TieParty.objects.with_school_and_organisation().order_by("role", "pk"),
)


def party_key(party: TieParty) -> str:
    return f"s{party.school_id}" if party.school_id else f"o{party.organisation_id}"


# --- Ties and the network --------------------------------------------------------------------


def network_municipalities(*, user: AnyUser) -> QuerySet[Municipality]:
    """Municipalities whose network the user may open: those they govern or read through an API
    scope, and those of the schools they work with (a school team sees its own school's ties)."""
    return (
        Municipality.objects.filter(
            Q(pk__in=visible_municipalities(user).values("pk"))
            | Q(pk__in=visible_schools(user).values("municipality_id"))
        )
        .with_region()
        .order_by("name")
    )


def tie_list(
    *,
    user: AnyUser,
    municipality_id: int | None = None,
    kind: str = "",
    status: str = "",
    include_archived: bool = False,
    school_id: int | None = None,
    organisation_id: int | None = None,
) -> QuerySet[Tie]:
    """Ties the user may see, with parties and action counts: three queries for any length."""
    qs = Tie.objects.filter(pk__in=visible_ties(user).values("pk"))
    if municipality_id is not None:
        qs = qs.filter(municipality_id=municipality_id)
    if school_id is not None:
        qs = qs.filter(parties__school_id=school_id)
    if organisation_id is not None:
        qs = qs.filter(parties__organisation_id=organisation_id)
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if not include_archived:
        qs = qs.filter(is_archived=False)
    return (
        qs.annotate(
            actions_total=Count("actions", distinct=True),
            actions_done=Count("actions", filter=Q(actions__is_done=True), distinct=True),
        )
        .prefetch_related(_PARTIES)
        .order_by("kind", "title", "pk")
    )


def tie_detail_queryset() -> QuerySet[Tie]:
    return Tie.objects.select_related("municipality__region", "created_by").prefetch_related(
        _PARTIES, Prefetch("actions", queryset=JointAction.objects.order_by("position", "pk"))
    )


class ActionState(models.TextChoices):
    """The state of a joint action: its colour and label (docs/decisions.md)."""

    DONE = "done", gettext_lazy("выполнено")
    OVERDUE = "overdue", gettext_lazy("просрочено")
    PLANNED = "planned", gettext_lazy("запланировано")

    tones = badges.badge_tones(done=badges.DONE, overdue=badges.OVERDUE, planned=badges.IN_PROGRESS)


def joint_action_state(action: JointAction, today: date | None = None) -> ActionState:
    today = today or timezone.localdate()
    if action.is_done:
        return ActionState.DONE
    if action.due_on and action.due_on < today:
        return ActionState.OVERDUE
    return ActionState.PLANNED


def party_candidates(*, municipality: Municipality, tie: Tie | None = None) -> tuple[list[School], list[Organisation]]:
    """Schools and organisations that may be parties of a tie in this municipality: its own and
    the region's organisations; archived ones only if they already are parties."""
    keep_s: list[int] = []
    keep_o: list[int | None] = []
    if tie is not None and tie.pk:
        for p in tie.parties.all():
            (keep_s.append(p.school_id) if p.school_id else keep_o.append(p.organisation_id))
    schools = School.objects.filter(Q(municipality=municipality) & (Q(is_archived=False) | Q(pk__in=keep_s))).order_by(
        "short_name"
    )
    orgs = Organisation.objects.filter(
        (Q(municipality=municipality) | Q(municipality__isnull=True, region_id=municipality.region_id))
        & (Q(is_archived=False) | Q(pk__in=keep_o))
    ).order_by("municipality_id", "short_name")
    return list(schools), list(orgs)


@dataclass(frozen=True)
class GraphNode:
    key: str
    label: str
    full_name: str
    is_school: bool
    column: str  # "lead" | "supported" | "organisation"
    object_id: int


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    kind: str
    kind_label: str
    title: str
    status: str
    status_label: str
    directed: bool
    tie_id: int


@dataclass
class NetworkGraph:
    title: str
    nodes: list[GraphNode] = field(default_factory=list)
    edges: list[GraphEdge] = field(default_factory=list)


def network_graph(*, ties: list[Tie], title: str = "") -> NetworkGraph:
    """Who is tied to whom, from ties whose parties are prefetched (no queries).

    A tie with a lead party is drawn as arrows from the lead to every other party; a tie with
    none as a star from its first organisation (the hub of a community or an agreement), or from
    its first school — N parties give N-1 lines, not N², so large agreements stay readable."""
    nodes: dict[str, dict] = {}
    edges: list[GraphEdge] = []
    for tie in ties:
        parties = list(tie.parties.all())
        for p in parties:
            key = party_key(p)
            obj = p.school or p.organisation
            assert obj is not None  # a party is a school or an organisation (a constraint)
            node = nodes.setdefault(
                key,
                {
                    "label": obj.short_name or obj.name,
                    "full_name": obj.name,
                    "is_school": p.school_id is not None,
                    "roles": set(),
                    "id": obj.pk,
                },
            )
            node["roles"].add(p.role)
        if not parties:
            continue
        leads = [p for p in parties if p.role == TieParty.Role.LEAD]
        directed = bool(leads)
        if not leads:
            by_pk = sorted(parties, key=lambda p: p.pk)
            orgs = [p for p in by_pk if p.organisation_id]
            hubs = [(orgs or by_pk)[0]]
        else:
            hubs = leads
        hub_keys = {party_key(h) for h in hubs}
        for hub in hubs:
            for other in parties:
                if party_key(other) in hub_keys:
                    continue
                edges.append(
                    GraphEdge(
                        source=party_key(hub),
                        target=party_key(other),
                        kind=tie.kind,
                        kind_label=tie.get_kind_display(),
                        title=tie.title,
                        status=tie.status,
                        status_label=tie.get_status_display(),
                        directed=directed,
                        tie_id=tie.pk,
                    )
                )
    graph_nodes = []
    for key, n in nodes.items():
        if not n["is_school"]:
            column = "organisation"
        elif TieParty.Role.SUPPORTED in n["roles"] or TieParty.Role.LEAD not in n["roles"]:
            column = "supported"
        else:
            column = "lead"
        graph_nodes.append(
            GraphNode(
                key=key,
                label=n["label"],
                full_name=n["full_name"],
                is_school=n["is_school"],
                column=column,
                object_id=n["id"],
            )
        )
    graph_nodes.sort(key=lambda n: (n.label.casefold(), n.key))
    return NetworkGraph(title=title, nodes=graph_nodes, edges=edges)


@dataclass(frozen=True)
class PartnerRow:
    tie: Tie
    role_label: str
    partners: list[TieParty]


def school_partners(*, school: School, user: AnyUser | None = None) -> list[PartnerRow]:
    """The school's current ties and, for each, the other parties: for the school page's
    "partners" tab. The caller has checked ``schools.view_school``; pass ``user`` to narrow
    to the ties that user may see."""
    qs = (visible_ties(user) if user is not None else Tie.objects.all()).filter(
        parties__school=school, is_archived=False
    )
    ties = (
        Tie.objects.filter(pk__in=qs.values("pk"))
        .annotate(
            actions_total=Count("actions", distinct=True),
            actions_done=Count("actions", filter=Q(actions__is_done=True), distinct=True),
        )
        .prefetch_related(_PARTIES)
        .order_by("kind", "title")
    )
    rows = []
    for tie in ties:
        mine = next((p for p in tie.parties.all() if p.school_id == school.pk), None)
        rows.append(
            PartnerRow(
                tie=tie,
                role_label=mine.get_role_display() if mine else "",
                partners=[p for p in tie.parties.all() if p.school_id != school.pk],
            )
        )
    return rows


def tie_history(*, tie: Tie) -> list[HistoryEntry]:
    return history_entries(
        [
            (tie.history.all(), lambda r: str(_("связь"))),
            (
                TieParty.history.filter(tie_id=tie.pk).select_related("school", "organisation"),
                lambda r: f"{_('сторона')}: {r.school or r.organisation}",
            ),
            (
                JointAction.history.filter(tie_id=tie.pk),
                lambda r: f"{_('мероприятие')} № {r.position}: {r.title}",
            ),
        ]
    )


# --- Organisations ---------------------------------------------------------------------------

REGIONAL = "regional"


def _text_search(text: str, *fields: str) -> Q:
    """Case-insensitive ``icontains`` that also works for Cyrillic on SQLite, whose LIKE folds
    ASCII only: the usual spellings (as typed, lower, Capitalised, UPPER) are tried. On
    PostgreSQL the extra variants are redundant and harmless."""
    cond = Q()
    for variant in {text, text.lower(), text.capitalize(), text.upper()}:
        for f in fields:
            cond |= Q(**{f"{f}__icontains": variant})
    return cond


def organisation_list(
    *,
    user: AnyUser,
    kind: str = "",
    municipality: str = "",
    search: str = "",
    include_archived: bool = False,
) -> QuerySet[Organisation]:
    """``municipality``: an id, :data:`REGIONAL` for regional bodies, or empty for all."""
    qs = (
        visible_organisations(user)
        .select_related("municipality", "region")
        .annotate(tie_count=Count("tie_parties", filter=Q(tie_parties__tie__is_archived=False), distinct=True))
    )
    if kind:
        qs = qs.filter(kind=kind)
    if municipality == REGIONAL:
        qs = qs.filter(municipality__isnull=True)
    elif municipality.isdigit():
        qs = qs.filter(municipality_id=int(municipality))
    if search:
        qs = qs.filter(_text_search(search, "name", "short_name"))
    if not include_archived:
        qs = qs.filter(is_archived=False)
    return qs.order_by("region__name", "municipality__name", "short_name")


def organisation_places(*, user: AnyUser) -> list[tuple[str, str, Municipality | None, int]]:
    """Where the user may create an organisation: (key, label, municipality, region id) for each
    municipality and each region (regional bodies) for which rules grant
    ``schools.change_organisation`` on a would-be organisation there."""
    places: list[tuple[str, str, Municipality | None, int]] = []
    regions: dict[int, str] = {}
    for m in visible_municipalities(user).with_region().order_by("region__name", "name"):
        regions.setdefault(m.region_id, m.region.name)
        if user.has_perm("schools.change_organisation", Organisation(region=m.region, municipality=m)):
            places.append((f"m{m.pk}", m.name, m, m.region_id))
    for region_id, name in regions.items():
        if user.has_perm("schools.change_organisation", Organisation(region_id=region_id)):
            places.insert(0, (f"r{region_id}", f"{name} — {_('региональный уровень')}", None, region_id))
    return places


def organisation_filter_municipalities(*, user: AnyUser) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=visible_organisations(user).values("municipality_id")).order_by("name")


def organisation_history(*, organisation: Organisation) -> list[HistoryEntry]:
    return history_entries(
        [
            (
                organisation.history.select_related("municipality", "region"),
                lambda r: str(_("организация")),
            ),
        ]
    )


# --- Project teams ---------------------------------------------------------------------------

# Members are listed leader first, as a team's roster is read, not alphabetically by role code.
_ROLE_ORDER = Case(
    *[When(role=role, then=Value(i)) for i, role in enumerate(TeamMember.Role.values)],
    default=Value(len(TeamMember.Role.values)),
)
_MEMBERS = Prefetch(
    "members",
    queryset=TeamMember.objects.select_related("from_school", "from_organisation", "user")
    .prefetch_related(Prefetch("curated_schools", queryset=School.objects.order_by("short_name")))
    .order_by("-is_active", _ROLE_ORDER, "full_name"),
)


def team_detail_queryset() -> QuerySet[ProjectTeam]:
    return ProjectTeam.objects.select_related(
        "municipality__region", "school__municipality", "school__region"
    ).prefetch_related(_MEMBERS)


def school_team(*, school: School) -> ProjectTeam | None:
    """The school's team with its members, or None until someone creates it."""
    return team_detail_queryset().filter(school=school).first()


def school_curators(*, school: School) -> list[TeamMember]:
    """Active curators of the municipal team assigned to this school."""
    return list(
        school.curators.filter(is_active=True, team__municipality__isnull=False)
        .select_related("team")
        .order_by("full_name")
    )


def team_history(*, team: ProjectTeam) -> list[HistoryEntry]:
    return history_entries(
        [
            (team.history.all(), lambda r: str(_("команда"))),
            (
                TeamMember.history.filter(team_id=team.pk).select_related("from_school", "from_organisation", "user"),
                lambda r: f"{_('участник')}: {r.full_name}",
            ),
        ]
    )


def team_summary(team: ProjectTeam) -> dict[str, int]:
    """Counts shown above the member table; uses the prefetched members."""
    active = [m for m in team.members.all() if m.is_active]
    return {
        "members": len(active),
        "mentees": sum(m.mentees_count for m in active),
        "curated": len({s.pk for m in active for s in m.curated_schools.all()}),
    }
