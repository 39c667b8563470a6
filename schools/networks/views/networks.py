"""Network pages: the network of a municipality, ties and their plans of joint actions.

Views stay thin: they parse input, ask ``rules`` (through :class:`ObjectPermissionMixin`) or a
``visible_*`` queryset, call one selector or service, and render. Organisation and team pages
are in ``views/directory.py``.
"""

from __future__ import annotations

import copy
import os

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from ...access import visible_schools
from ...access_log import access_event_record
from ...files import stored_file_response
from ...models import AccessEvent, JointAction, Municipality, Tie
from ...views.guards import ObjectPermissionMixin
from .. import selectors
from ..forms import JointActionForm, NetworkFilterForm, TieForm, apply_service_errors
from ..services import networks as services
from ..svg import render_network_svg


def detached(obj):
    """A copy for a ModelForm: the form writes the submitted values into its instance while
    validating, and the service must compare them against the stored ones."""
    return copy.copy(obj)


class ArchiveView(View):
    """Archiving and restoring one object (a tie, an organisation): GET asks for confirmation;
    POST ``archived=1`` archives, ``archived=0`` restores, then back to the object's page.

    Combined with the object's permission mixin; a subclass names its texts, ``detail_url`` (the
    URL name of the object's page), ``label_field`` and ``archive()`` — the service call."""

    detail_url: str
    label_field: str
    confirm_title = confirm_text = archived_message = restored_message = ""

    def archive(self, *, archived: bool) -> None:
        raise NotImplementedError

    def get(self, request, pk):
        return render(
            request,
            "networks/confirm.html",
            {
                "title": self.confirm_title,
                "object_label": getattr(self.object, self.label_field),
                "text": self.confirm_text,
                "button": _("Перенести в архив"),
                "value": "1",
                "cancel_url": reverse(self.detail_url, args=[pk]),
            },
        )

    def post(self, request, pk):
        archived = request.POST.get("archived", "1") == "1"
        self.archive(archived=archived)
        messages.success(request, str(self.archived_message if archived else self.restored_message))
        return redirect(self.detail_url, pk=pk)


def _int_or_404(value: str | None) -> int:
    if not value or not str(value).isdigit():
        raise Http404
    return int(value)


# --- The network of a municipality ---------------------------------------------------------


def _network_context(request) -> dict:
    """The municipality, filters, visible ties and their graph; shared by the page and the SVG."""
    municipalities = list(selectors.network_municipalities(user=request.user))
    requested = request.GET.get("municipality")
    if requested:
        pk = _int_or_404(requested)
        municipality = next((m for m in municipalities if m.pk == pk), None)
        if municipality is None:
            raise Http404
    else:
        municipality = municipalities[0] if municipalities else None
    form = NetworkFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    ties: list[Tie] = []
    if municipality is not None:
        ties = list(
            selectors.tie_list(
                user=request.user,
                municipality_id=municipality.pk,
                kind=filters.get("kind", ""),
                status=filters.get("status", ""),
                include_archived=bool(filters.get("archived")),
            )
        )
    graph = selectors.network_graph(
        ties=[t for t in ties if not t.is_archived],
        title=_("Сетевые связи: %(m)s") % {"m": municipality.name} if municipality else "",
    )
    return {
        "municipalities": municipalities,
        "municipality": municipality,
        "filter_form": form,
        "ties": ties,
        "graph": graph,
    }


def _school_links(user, graph: selectors.NetworkGraph):
    """Node links: a school only when the user may open its page, any organisation."""
    school_ids = [n.object_id for n in graph.nodes if n.is_school]
    openable = set(visible_schools(user).filter(pk__in=school_ids).values_list("pk", flat=True))

    def href(node: selectors.GraphNode) -> str | None:
        if not node.is_school:
            return reverse("networks:organisation_detail", args=[node.object_id])
        return reverse("schools:detail", args=[node.object_id]) if node.object_id in openable else None

    return href


class NetworkView(LoginRequiredMixin, View):
    def get(self, request):
        ctx = _network_context(request)
        municipality = ctx["municipality"]
        ctx["svg"] = render_network_svg(ctx["graph"], href_for=_school_links(request.user, ctx["graph"]))
        ctx["can_add"] = bool(municipality) and request.user.has_perm("schools.add_tie", municipality)
        ctx["can_view_team"] = bool(municipality) and request.user.has_perm("schools.view_team", municipality)
        return render(request, "networks/network.html", ctx)


class NetworkSvgView(LoginRequiredMixin, View):
    """The same picture as a file, e.g. to paste into a report."""

    def get(self, request):
        ctx = _network_context(request)
        if ctx["municipality"] is None:
            raise Http404
        svg = render_network_svg(ctx["graph"], responsive=False)
        access_event_record(
            request,
            kind=AccessEvent.Kind.EXPORT,
            subject=_("Схема сетевых связей: %(m)s (SVG)") % {"m": ctx["municipality"].name},
        )
        response = HttpResponse(
            '<?xml version="1.0" encoding="UTF-8"?>\n' + svg,
            content_type="image/svg+xml; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="network-{ctx["municipality"].pk}.svg"'
        return response


# --- Ties ------------------------------------------------------------------------------------


class TieCreateView(ObjectPermissionMixin, View):
    permission_required = "schools.add_tie"
    object_source = Municipality.objects.select_related("region")

    def object_filter(self) -> dict:
        return {"pk": _int_or_404(self.request.GET.get("municipality"))}

    def _render(self, form):
        return render(self.request, "networks/tie_form.html", {"form": form, "municipality": self.object})

    def get(self, request):
        return self._render(TieForm(municipality=self.object))

    def post(self, request):
        form = TieForm(request.POST, request.FILES, municipality=self.object)
        if form.is_valid():
            try:
                tie = services.tie_create(
                    municipality=self.object,
                    parties=form.parties,
                    actor=request.user,
                    **form.service_data(),
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Связь «%(t)s» создана.") % {"t": tie.title})
                return redirect("networks:tie_detail", pk=tie.pk)
        return self._render(form)


class TieObjectMixin(ObjectPermissionMixin):
    def object_queryset(self):
        return selectors.tie_detail_queryset()


class TieDetailView(TieObjectMixin, View):
    permission_required = "schools.view_tie"

    def get(self, request, pk):
        tie = self.object
        can_change = request.user.has_perm("schools.change_tie", tie)
        actions = [(a, selectors.joint_action_state(a)) for a in tie.actions.all()]
        return render(
            request,
            "networks/tie_detail.html",
            {
                "tie": tie,
                "parties": tie.parties.all(),
                "actions": actions,
                "actions_done": sum(1 for a, _s in actions if a.is_done),
                "can_change": can_change,
                # History is for committee staff: those who may change the tie (see the brief).
                "history": selectors.tie_history(tie=tie) if can_change else None,
                "action_form": JointActionForm() if can_change else None,
            },
        )


class TieUpdateView(TieObjectMixin, View):
    permission_required = "schools.change_tie"

    def _render(self, form):
        return render(
            self.request,
            "networks/tie_form.html",
            {"form": form, "municipality": self.object.municipality, "tie": self.object},
        )

    def get(self, request, pk):
        return self._render(TieForm(instance=detached(self.object), municipality=self.object.municipality))

    def post(self, request, pk):
        form = TieForm(
            request.POST,
            request.FILES,
            instance=detached(self.object),
            municipality=self.object.municipality,
        )
        if form.is_valid():
            try:
                services.tie_update(
                    tie=self.object,
                    data=form.service_data(),
                    parties=form.parties,
                    actor=request.user,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Изменения сохранены."))
                return redirect("networks:tie_detail", pk=pk)
        return self._render(form)


class TieArchiveView(TieObjectMixin, ArchiveView):
    permission_required = "schools.change_tie"
    detail_url = "networks:tie_detail"
    label_field = "title"
    confirm_title = gettext_lazy("Перенести связь в архив?")
    confirm_text = gettext_lazy(
        "Связь исчезнет из списков и схемы, но останется в базе вместе с историей; её можно вернуть из архива."
    )
    archived_message = gettext_lazy("Связь перенесена в архив.")
    restored_message = gettext_lazy("Связь возвращена из архива.")

    def archive(self, *, archived: bool) -> None:
        services.tie_archive(tie=self.object, archived=archived, actor=self.request.user)


class TieFileView(TieObjectMixin, View):
    """The basis document, only for those who may see the tie (never a public media URL)."""

    permission_required = "schools.view_tie"

    def get(self, request, pk):
        tie = self.object
        if not tie.basis_file:
            raise Http404
        ext = os.path.splitext(tie.basis_file.name)[1].lower()
        try:
            response = stored_file_response(tie.basis_file, filename=f"osnovanie-svyazi-{tie.pk}{ext}")
        except (FileNotFoundError, OSError) as exc:
            raise Http404 from exc
        access_event_record(
            request,
            kind=AccessEvent.Kind.FILE_DOWNLOAD,
            subject=_("Основание связи «%(title)s»") % {"title": tie.title},
        )
        return response


# --- Joint actions ---------------------------------------------------------------------------


class JointActionCreateView(TieObjectMixin, View):
    permission_required = "schools.change_tie"

    def _render(self, form):
        return render(self.request, "networks/joint_action_form.html", {"form": form, "tie": self.object})

    def get(self, request, pk):
        return self._render(JointActionForm())

    def post(self, request, pk):
        form = JointActionForm(request.POST)
        if form.is_valid():
            try:
                services.joint_action_create(tie=self.object, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Мероприятие добавлено в план."))
                return redirect(reverse("networks:tie_detail", args=[pk]) + "#actions")
        return self._render(form)


class JointActionObjectMixin(ObjectPermissionMixin):
    permission_required = "schools.change_tie"
    # The permission is on the tie; the action is looked up inside it so an id of another
    # tie's action cannot be slipped in.
    object_source = JointAction.objects.select_related("tie__municipality")
    object_lookup = {"pk": "action_pk", "tie_id": "pk"}

    def load_object(self) -> Tie:
        self.action = super().load_object()
        return self.action.tie


class JointActionUpdateView(JointActionObjectMixin, View):
    def _render(self, form):
        return render(
            self.request,
            "networks/joint_action_form.html",
            {"form": form, "tie": self.object, "action": self.action},
        )

    def get(self, request, pk, action_pk):
        return self._render(JointActionForm(instance=detached(self.action)))

    def post(self, request, pk, action_pk):
        form = JointActionForm(request.POST, instance=detached(self.action))
        if form.is_valid():
            try:
                services.joint_action_update(action=self.action, data=form.cleaned_data, actor=request.user)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Мероприятие сохранено."))
                return redirect(reverse("networks:tie_detail", args=[pk]) + "#actions")
        return self._render(form)


class JointActionDoneView(JointActionObjectMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk, action_pk):
        services.joint_action_set_done(
            action=self.action, is_done=request.POST.get("is_done") == "1", actor=request.user
        )
        return redirect(reverse("networks:tie_detail", args=[pk]) + "#actions")
