"""A school's professional development register and its computed trained share."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.views.common import add_rule_error
from schools.models import School
from schools.views.guards import object_required

from ..charts import trained_spec
from ..forms import StaffCountForm, TrainingForm
from ..selectors.training import school_source, school_trainings, staff_count, trained_shares
from ..services import training as svc


def _year(request) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else timezone.localdate().year


@object_required("resources.view_trainings", school_source())
def register_view(request, school: School):
    year = _year(request)
    can_change = request.user.has_perm("resources.change_trainings", school)
    form = staff_form = None
    if can_change:
        which = request.POST.get("which") if request.method == "POST" else None
        form = TrainingForm(request.POST if which == "training" else None, initial={"year": year})
        staff = staff_count(school_id=school.pk, year=year)
        staff_form = StaffCountForm(
            request.POST if which == "staff" else None,
            initial={
                "year": year,
                "teachers": staff.teachers if staff else None,
                "target_share": staff.target_share if staff else "",
            },
        )
        if which == "training" and form.is_valid():
            d = form.cleaned_data
            try:
                svc.training_add(
                    school=school,
                    user=request.user,
                    data=svc.TrainingData(
                        year=d["year"],
                        form=d["form"],
                        topic=d["topic"],
                        hours=d["hours"],
                        starts_on=d["starts_on"],
                        ends_on=d["ends_on"],
                        provider=d["provider"],
                        quality_topic=d["quality_topic"],
                        full_name=d["full_name"],
                        position=d["position"],
                        subject=d["subject"],
                        people=d["people"] or 1,
                        mentor=d["mentor"],
                    ),
                )
            except ValidationError as exc:
                add_rule_error(request, form, exc)
            else:
                messages.success(request, _("Запись о повышении квалификации добавлена."))
                return redirect(f"{request.path}?year={d['year']}")
        if which == "staff" and staff_form.is_valid():
            d = staff_form.cleaned_data
            try:
                svc.staff_count_set(
                    school=school, year=d["year"], teachers=d["teachers"], target_share=d["target_share"]
                )
            except ValidationError as exc:
                add_rule_error(request, staff_form, exc)
            else:
                messages.success(request, _("Численность педагогов сохранена."))
                return redirect(f"{request.path}?year={d['year']}")
    period = (dt.date(year, 1, 1), dt.date(year, 12, 31))
    share = trained_shares(school_ids=[school.pk], date_from=period[0], date_to=period[1])[school.pk]
    quality = trained_shares(school_ids=[school.pk], date_from=period[0], date_to=period[1], quality_only=True)[
        school.pk
    ]
    return render(
        request,
        "resources/register.html",
        {
            "school": school,
            "year": year,
            "share": share,
            "quality": quality,
            "chart": trained_spec([(school.short_name, share)]),
            "trainings": school_trainings(school_id=school.pk, year=year),
            "form": form,
            "staff_form": staff_form,
            "can_change": can_change,
        },
    )
