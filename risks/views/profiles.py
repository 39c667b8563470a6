"""The school's risk profile: computed levels with their explanations, decisions, curator's word."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from schools.models import School
from schools.views.guards import object_required

from ..forms import YEAR_MAX, YEAR_MIN, DecisionForm, ReviewForm
from ..models import ProfileItem
from ..selectors import profiles as sel
from ..services.antirisk import antirisk_start
from ..services.errors import RiskRuleError
from ..services.profiles import item_decide, item_review, profiles_compute

ITEMS = ProfileItem.objects.select_related("factor", "profile__school__municipality")


def _year(raw: str | None) -> int:
    return int(raw) if raw and raw.isdigit() and YEAR_MIN <= int(raw) <= YEAR_MAX else sel.default_year()


@object_required("risks.view_profile", School.objects.select_related("municipality"))
def profile_view(request, school: School):
    year = _year(request.GET.get("year"))
    profile = sel.school_profile(school=school, year=year)
    years = sorted(set(sel.profile_years(school=school)) | {sel.default_year()}, reverse=True)
    user = request.user
    return render(
        request,
        "risks/profile.html",
        {
            "school": school,
            "year": year,
            "years": years,
            "profile": profile,
            "rows": sel.profile_rows(profile) if profile else [],
            "summary": sel.profile_summary(profile) if profile else None,
            "can_compute": user.has_perm("risks.compute_profile", school),
            "can_decide": user.has_perm("risks.decide_risk", school),
            "can_review": user.has_perm("risks.review_risk", school),
            "can_start": user.has_perm("risks.start_antirisk", school),
            "decision_form": DecisionForm(),
            "review_form": ReviewForm(),
        },
    )


def _back(item: ProfileItem):
    return redirect(item.profile.get_absolute_url() + f"#factor-{item.pk}")


@require_POST
@object_required("risks.compute_profile", School.objects.select_related("municipality"))
def compute_view(request, school: School):
    year = _year(request.POST.get("year"))
    try:
        profiles_compute(schools=[school], year=year, user=request.user)
    except RiskRuleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Профиль рисков рассчитан по текущей версии каталога.")
    return redirect(reverse("risks:profile", args=[school.pk]) + f"?year={year}")


@require_POST
@object_required("risks.decide_risk", ITEMS)
def decide_view(request, item: ProfileItem):
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Выберите решение и напишите обоснование.")
        return _back(item)
    try:
        item_decide(user=request.user, item=item, **form.cleaned_data)
    except RiskRuleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Решение по риску «{item.factor.title}» сохранено.")
    return _back(item)


@require_POST
@object_required("risks.review_risk", ITEMS)
def review_view(request, item: ProfileItem):
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Выберите, согласны ли вы с решением школы.")
        return _back(item)
    try:
        item_review(user=request.user, item=item, **form.cleaned_data)
    except RiskRuleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Мнение куратора сохранено.")
    return _back(item)


@require_POST
@object_required("risks.start_antirisk", ITEMS)
def antirisk_view(request, item: ProfileItem):
    try:
        program = antirisk_start(user=request.user, item=item)
    except RiskRuleError as exc:
        messages.error(request, str(exc))
        return _back(item)
    messages.success(request, "Антирисковая программа создана: заполните её разделы и подайте на экспертизу.")
    return redirect(program)
