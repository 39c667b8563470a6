"""The school registry: list, school page, registry and yearly-data edits."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..access import visible_municipalities
from ..filters import SchoolFilter
from ..forms import SchoolContextForm, SchoolForm, SchoolProfileForm
from ..models import School, SchoolContext, SchoolProfile
from ..networks import selectors as network_selectors
from ..selectors import school_history, school_list, school_page, school_tabs
from ..services import EditConflict, school_context_save, school_profile_save, school_update
from ..years import format_academic_year
from .editing import keep_typed_if_stale
from .guards import object_required

PAGE_SIZE = 50


@login_required
def school_list_view(request):
    municipalities = visible_municipalities(request.user).order_by("name")
    schools = SchoolFilter(request.GET or None, queryset=school_list(user=request.user), municipalities=municipalities)
    page = Paginator(schools.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "schools/school_list.html", {"filter": schools, "page": page})


@object_required("schools.view_school", School.objects.select_related("municipality", "region"))
def school_detail_view(request, school: School):
    user = request.user
    context = {
        "school": school,
        **school_page(school=school),
        "can_edit_data": user.has_perm("schools.change_school_data", school),
        "can_manage": user.has_perm("schools.manage_school", school),
        "history": school_history(school=school) if user.has_perm("schools.view_history", school) else None,
        "tab": request.GET.get("tab", "profile"),
        "partners": network_selectors.school_partners(school=school, user=user),
        "team": network_selectors.school_team(school=school),
        "curators": network_selectors.school_curators(school=school),
    }
    # Apps above schools (programs, indices, monitoring) add their own tabs through the
    # SCHOOL_TABS extension point (schools/extensions.py), so this app never imports them.
    extra_tabs = school_tabs(school=school, user=user)
    context["extra_tabs"] = extra_tabs
    context["tabs"] = [
        ("profile", _("Профиль")),
        ("context", _("Контекст")),
        ("partners", _("Партнёры")),
        ("team", _("Команда")),
    ]
    context["tabs"] += [(t["key"], t["label"]) for t in extra_tabs]
    if context["history"] is not None:
        context["tabs"].append(("history", _("История")))
    return render(request, "schools/school_detail.html", context)


@object_required("schools.manage_school", School)
def school_edit_view(request, school: School):
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        school_update(school=school, data=form.cleaned_data)
        messages.success(request, _("Сведения о школе сохранены."))
        return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"school": school, "form": form, "title": _("Сведения о школе")})


def _yearly_edit(request, school: School, *, model, form_class, save, tab: str, title: str):
    year = request.GET.get("year") or request.POST.get("year")
    instance = None
    if year and str(year).isdigit():
        instance = model.objects.filter(school=school, year=int(year)).first()
    instance = instance or model(school=school)
    form = form_class(request.POST or None, instance=instance)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            with keep_typed_if_stale(form, EditConflict, latest=lambda refusal: refusal.current.version):
                save(
                    school=school,
                    year=instance.year if instance.pk else form.cleaned_data["year"],
                    data=form.editable_data(),
                    expected_version=form.cleaned_data.get("version"),
                )
        except EditConflict as exc:  # shown above the form, which now carries the latest version
            conflict = exc
        else:
            messages.success(request, _("Данные сохранены."))
            return redirect(f"{school.get_absolute_url()}?tab={tab}")
    return render(
        request,
        "schools/yearly_form.html",
        {
            "school": school,
            "form": form,
            "conflict": conflict,
            "title": title,
            "tab": tab,
            "year_label": format_academic_year(instance.year) if instance.pk else "",
        },
    )


@object_required("schools.change_school_data", School)
def profile_edit_view(request, school: School):
    return _yearly_edit(
        request,
        school,
        model=SchoolProfile,
        form_class=SchoolProfileForm,
        save=school_profile_save,
        tab="profile",
        title=_("Профиль школы за учебный год"),
    )


@object_required("schools.change_school_data", School)
def context_edit_view(request, school: School):
    return _yearly_edit(
        request,
        school,
        model=SchoolContext,
        form_class=SchoolContextForm,
        save=school_context_save,
        tab="context",
        title=_("Контекстные данные за учебный год"),
    )
