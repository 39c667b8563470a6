"""Pages of other organisations and of project teams (thin, like ``views.py``)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from rules.contrib.views import PermissionRequiredMixin

from ...access import visible_organisations
from ...models import Municipality, ProjectTeam, School, TeamMember
from ...views.guards import ObjectPermissionMixin, fetch_object
from .. import selectors
from ..forms import OrganisationFilterForm, OrganisationForm, TeamMemberForm, apply_service_errors
from ..services import directory as services
from .networks import ArchiveView, detached

# --- Organisations ---------------------------------------------------------------------------


class OrganisationListView(PermissionRequiredMixin, View):
    permission_required = "schools.view_organisation"

    def get(self, request):
        form = OrganisationFilterForm(
            request.GET or None,
            municipalities=selectors.organisation_filter_municipalities(user=request.user),
        )
        f = form.cleaned_data if form.is_valid() else {}
        qs = selectors.organisation_list(
            user=request.user,
            kind=f.get("kind", ""),
            municipality=f.get("municipality", ""),
            search=(f.get("q") or "").strip(),
            include_archived=bool(f.get("archived")),
        )
        return render(
            request,
            "networks/organisation_list.html",
            {
                "filter_form": form,
                "page": Paginator(qs, 50).get_page(request.GET.get("page")),
                "can_create": bool(selectors.organisation_places(user=request.user)),
            },
        )


class OrganisationCreateView(PermissionRequiredMixin, View):
    """Allowed when rules grant ``schools.change_organisation`` for at least one territory;
    the form offers exactly those territories."""

    def has_permission(self) -> bool:
        self.places = selectors.organisation_places(user=self.request.user)
        return bool(self.places)

    def _form(self, data=None) -> OrganisationForm:
        return OrganisationForm(data, places=[(key, label) for key, label, _m, _r in self.places])

    def get(self, request):
        return render(request, "networks/organisation_form.html", {"form": self._form()})

    def post(self, request):
        form = self._form(request.POST)
        if form.is_valid():
            _key, _label, municipality, region_id = next(p for p in self.places if p[0] == form.cleaned_data["place"])
            try:
                org = services.organisation_create(
                    region_id=region_id,
                    municipality=municipality,
                    kind=form.cleaned_data["kind"],
                    name=form.cleaned_data["name"],
                    short_name=form.cleaned_data["short_name"],
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Организация добавлена."))
                return redirect("networks:organisation_detail", pk=org.pk)
        return render(request, "networks/organisation_form.html", {"form": form})


class OrganisationObjectMixin(ObjectPermissionMixin):
    def object_queryset(self):
        # Outside the user's visible organisations it does not exist for them (404).
        return visible_organisations(self.request.user).select_related("municipality", "region")


class OrganisationDetailView(OrganisationObjectMixin, View):
    permission_required = "schools.view_organisation"

    def get(self, request, pk):
        org = self.object
        return render(
            request,
            "networks/organisation_detail.html",
            {
                "organisation": org,
                "ties": selectors.tie_list(user=request.user, organisation_id=org.pk),
                "can_change": request.user.has_perm("schools.change_organisation", org),
                "history": selectors.organisation_history(organisation=org)
                if request.user.has_perm("schools.view_history", org)
                else None,
            },
        )


class OrganisationUpdateView(OrganisationObjectMixin, View):
    permission_required = "schools.change_organisation"

    def get(self, request, pk):
        return render(
            request,
            "networks/organisation_form.html",
            {"form": OrganisationForm(instance=detached(self.object)), "organisation": self.object},
        )

    def post(self, request, pk):
        form = OrganisationForm(request.POST, instance=detached(self.object))
        if form.is_valid():
            try:
                services.organisation_update(organisation=self.object, data=form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Изменения сохранены."))
                return redirect("networks:organisation_detail", pk=pk)
        return render(request, "networks/organisation_form.html", {"form": form, "organisation": self.object})


class OrganisationArchiveView(OrganisationObjectMixin, ArchiveView):
    permission_required = "schools.change_organisation"
    detail_url = "networks:organisation_detail"
    label_field = "name"
    confirm_title = gettext_lazy("Перенести организацию в архив?")
    confirm_text = gettext_lazy(
        "Организация не будет предлагаться для новых связей; существующие связи и история сохранятся."
    )
    archived_message = gettext_lazy("Организация перенесена в архив.")
    restored_message = gettext_lazy("Организация возвращена из архива.")

    def archive(self, *, archived: bool) -> None:
        services.organisation_archive(organisation=self.object, archived=archived, actor=self.request.user)


# --- Project teams ---------------------------------------------------------------------------


def _team_page(request, *, team: ProjectTeam | None, owner) -> dict:
    """Context of a team page; ``team`` is None while a school's team has no row yet."""
    user = request.user
    members = list(team.members.all()) if team else []
    school = owner if isinstance(owner, School) else None
    return {
        "team": team,
        "owner": owner,
        "school": school,
        "active_members": [m for m in members if m.is_active],
        "former_members": [m for m in members if not m.is_active],
        "summary": selectors.team_summary(team) if team else {"members": 0, "mentees": 0, "curated": 0},
        "curators": selectors.school_curators(school=school) if school else [],
        "can_change": user.has_perm("schools.change_team", team or owner),
        "history": selectors.team_history(team=team) if team and user.has_perm("schools.view_history", team) else None,
        "add_url": (
            reverse("networks:member_create", args=[team.pk])
            if team
            else reverse("networks:member_create_school", args=[owner.pk])
            if school
            else reverse("networks:member_create_municipality", args=[owner.pk])
        ),
    }


class TeamDetailView(ObjectPermissionMixin, View):
    permission_required = "schools.view_team"

    def object_queryset(self):
        return selectors.team_detail_queryset()

    def get(self, request, pk):
        team = self.object
        ctx = _team_page(request, team=team, owner=team.school or team.municipality)
        return render(request, "networks/team_detail.html", ctx)


class TeamOwnerMixin(ObjectPermissionMixin):
    """The school or municipality whose team is meant (``school_id`` / ``municipality_id``)."""

    def load_object(self) -> School | Municipality:
        if "school_id" in self.kwargs:
            return fetch_object(School.objects.select_related("municipality"), {"pk": self.kwargs["school_id"]})
        return fetch_object(Municipality.objects.select_related("region"), {"pk": self.kwargs["municipality_id"]})

    def existing_team(self) -> ProjectTeam | None:
        owner = self.object
        lookup = {"school": owner} if isinstance(owner, School) else {"municipality": owner}
        return selectors.team_detail_queryset().filter(**lookup).first()


class TeamForOwnerView(TeamOwnerMixin, View):
    """``/teams/school/<id>/``: the school's team page; until the team has a row, an empty page
    from which someone with ``change_team`` adds the first member (which creates the team)."""

    permission_required = "schools.view_team"

    def get(self, request, **kwargs):
        team = self.existing_team()
        if team is not None:
            return redirect("networks:team_detail", pk=team.pk)
        return render(request, "networks/team_detail.html", _team_page(request, team=None, owner=self.object))


class MemberCreateView(TeamOwnerMixin, View):
    """Add a member to a team given by id, or to the team of a school/municipality, created
    with its first member."""

    permission_required = "schools.change_team"

    def load_object(self):
        if "pk" in self.kwargs:
            self.team = fetch_object(
                ProjectTeam.objects.select_related("school__municipality", "municipality__region"),
                {"pk": self.kwargs["pk"]},
            )
            return self.team
        owner = super().load_object()
        lookup = {"school": owner} if isinstance(owner, School) else {"municipality": owner}
        self.team = ProjectTeam.objects.filter(**lookup).first() or ProjectTeam(**lookup)
        # Checked on the school/municipality itself, so the rule is the same before and after
        # the team row exists.
        return owner

    def _render(self, form):
        return render(
            self.request,
            "networks/team_member_form.html",
            {"form": form, "team": self.team, "owner": self.team.school or self.team.municipality},
        )

    def get(self, request, **kwargs):
        return self._render(TeamMemberForm(team=self.team))

    def post(self, request, **kwargs):
        form = TeamMemberForm(request.POST, team=self.team)
        if form.is_valid():
            data = form.service_data()
            data.pop("is_active", None)
            try:
                services.team_member_add(
                    team=self.team,
                    curated_schools=form.cleaned_data.get("curated_schools") or (),
                    actor=request.user,
                    **data,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Участник добавлен в команду."))
                return redirect("networks:team_detail", pk=self.team.pk)
        return self._render(form)


class MemberObjectMixin(ObjectPermissionMixin):
    permission_required = "schools.change_team"
    object_source = TeamMember.objects.select_related("team__school__municipality", "team__municipality__region")
    object_lookup = {"pk": "member_pk", "team_id": "pk"}

    def load_object(self) -> ProjectTeam:
        self.member = super().load_object()
        return self.member.team


class MemberUpdateView(MemberObjectMixin, View):
    def _render(self, form):
        return render(
            self.request,
            "networks/team_member_form.html",
            {
                "form": form,
                "team": self.object,
                "member": self.member,
                "owner": self.object.school or self.object.municipality,
            },
        )

    def get(self, request, pk, member_pk):
        return self._render(TeamMemberForm(instance=detached(self.member), team=self.object))

    def post(self, request, pk, member_pk):
        form = TeamMemberForm(request.POST, instance=detached(self.member), team=self.object)
        if form.is_valid():
            curated = form.cleaned_data.get("curated_schools") if "curated_schools" in form.fields else None
            try:
                services.team_member_update(
                    member=self.member,
                    data=form.service_data(),
                    curated_schools=curated,
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Изменения сохранены."))
                return redirect("networks:team_detail", pk=pk)
        return self._render(form)


class MemberDeactivateView(MemberObjectMixin, View):
    def get(self, request, pk, member_pk):
        return render(
            request,
            "networks/confirm.html",
            {
                "title": _("Вывести участника из команды?"),
                "object_label": str(self.member),
                "text": _("Участник останется в истории команды; курируемые им школы освободятся."),
                "button": _("Вывести из команды"),
                "value": "1",
                "cancel_url": reverse("networks:team_detail", args=[pk]),
            },
        )

    def post(self, request, pk, member_pk):
        services.team_member_deactivate(member=self.member, actor=request.user)
        messages.success(request, _("Участник выведен из команды."))
        return redirect("networks:team_detail", pk=pk)
