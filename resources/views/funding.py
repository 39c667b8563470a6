"""A program's funding: lines, totals, the amount spent, publication on the public page; the
grant register of the programs a user sees."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.models import Program
from programs.views.common import add_rule_error
from schools.access_log import access_event_record
from schools.formats import count_of
from schools.models import AccessEvent
from schools.views.guards import object_required

from ..charts import funding_spec
from ..exports import grants_xlsx
from ..forms import FundingActualForm, FundingForm
from ..models import FundingLine
from ..selectors.funding import is_published, line_source, program_funding, program_source
from ..selectors.grants import grant_register
from ..services import funding as svc

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _program_source(request, pk: int) -> Program:
    return program_source(pk)


@object_required("resources.view_funding", _program_source)
def funding_view(request, program: Program):
    can_change = request.user.has_perm("resources.change_funding", program)
    form = FundingForm(request.POST or None, program=program) if can_change else None
    if request.method == "POST":
        if form is None:
            return redirect("resources:funding", program.pk)
        if form.is_valid():
            d = form.cleaned_data
            try:
                svc.funding_add(
                    program=program,
                    user=request.user,
                    year=d["year"],
                    source=d["source"],
                    planned=d["planned"],
                    actual=d["actual"],
                    measure=d["measure"],
                    grant_title=d["grant_title"],
                    recipient_school=d["recipient_school"],
                    note=d["note"],
                )
            except ValidationError as exc:
                add_rule_error(request, form, exc)
            else:
                messages.success(request, _("Строка финансирования добавлена."))
                return redirect("resources:funding", program.pk)
    funding = program_funding(program=program)
    return render(
        request,
        "resources/funding.html",
        {
            "program": program,
            "funding": funding,
            "totals_ctx": {"funding": funding, "chart": funding_spec(funding), "public": True},
            "form": form,
            "can_change": can_change,
            "published": is_published(program=program),
            "plan_editable": program.is_editable_directly,
            "can_import": can_change and request.user.has_perm("schools.import_data"),
        },
    )


@object_required("resources.change_funding", line_source(), check=lambda line: line.program)
def funding_line_view(request, line: FundingLine):
    initial = {
        "planned": f"{line.planned}".replace(".", ","),
        "actual": f"{line.actual}".replace(".", ",") if line.actual is not None else "",
    }
    form = FundingActualForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            svc.funding_change(
                line=line, user=request.user, planned=form.cleaned_data["planned"], actual=form.cleaned_data["actual"]
            )
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Суммы сохранены."))
            return redirect("resources:funding", line.program_id)
    return render(request, "resources/funding_line.html", {"line": line, "program": line.program, "form": form})


@require_POST
@object_required("resources.change_funding", line_source(), check=lambda line: line.program)
def funding_delete_view(request, line: FundingLine):
    try:
        svc.funding_delete(line=line, user=request.user)
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    else:
        messages.success(request, _("Строка финансирования удалена."))
    return redirect("resources:funding", line.program_id)


@require_POST
@object_required("resources.change_funding", _program_source)
def funding_publish_view(request, program: Program):
    published = request.POST.get("published") == "1"
    svc.funding_publish(program=program, published=published)
    messages.success(
        request,
        _("Итоги финансирования показаны на публичной странице.") if published else _("Итоги финансирования скрыты."),
    )
    return redirect("resources:funding", program.pk)


@login_required
def grants_view(request):
    """The grant register of the programs the user sees (``resources.view_funding``'s rule in SQL)."""
    year_raw, municipality_raw = request.GET.get("year", ""), request.GET.get("municipality", "")
    year = int(year_raw) if year_raw.isdigit() else None
    municipality_id = int(municipality_raw) if municipality_raw.isdigit() else None
    register = grant_register(user=request.user, year=year, municipality_id=municipality_id)
    if request.GET.get("format") == "xlsx":
        access_event_record(request, kind=AccessEvent.Kind.EXPORT, subject=_("Реестр грантов (XLSX)"))
        response = HttpResponse(grants_xlsx(register), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="grants.xlsx"'
        return response
    return render(
        request,
        "resources/grants.html",
        {
            "register": register,
            "grants_count": count_of(register.count, "грант", "гранта", "грантов"),
            "year": year,
            "municipality_id": municipality_id,
            "query": request.GET.urlencode(),
        },
    )
