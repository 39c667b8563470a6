"""The risk group pages of a municipality and of a region (issue 17): the year's group with the
reason in words and the assessments behind it, the schools entering and leaving it, the schools
with no data; the same as a workbook."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from schools.access import visible_schools
from schools.access_log import access_event_record
from schools.formats import format_number
from schools.models import AccessEvent, Municipality, Region
from schools.views.guards import object_required, perm_required
from schools.years import academic_year_label, current_academic_year, format_academic_year

from ..access import own_results_area
from ..forms import RiskRuleForm
from ..models import RiskRule
from .charts import distribution_spec, risk_years_spec
from .exports import results_page_xlsx, risk_page_xlsx
from .selectors.results import AssessmentChoice, assessment_choices, results_ranking
from .selectors.risk import (
    RiskTable,
    describe_risk_rule,
    result_years,
    risk_overview,
    risk_rule_current,
    school_risk,
)
from .services import risk_rule_save

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own_area(request, page: str):
    own = own_results_area(request.user)
    if own is None:
        raise PermissionDenied
    level, pk = own
    return redirect(f"indices:{page}_{level}", pk=pk)


@login_required
def risk_home_view(request):
    """The «Риск низких результатов» link: the user's region, else their municipality."""
    return _own_area(request, "risk")


@login_required
def results_home_view(request):
    """The «Результаты оценочных процедур» link: the user's region, else their municipality."""
    return _own_area(request, "results")


def _year(request, years: list[int]) -> int:
    """The year asked for (one of those with results), else the newest with results."""
    raw = request.GET.get("year", "")
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return years[0] if years else current_academic_year()


def _risk_page(request, *, region: Region, municipality: Municipality | None):
    years = result_years(region_id=region.pk)
    year = _year(request, years)
    schools = visible_schools(request.user).filter(region=region)
    if municipality is not None:
        schools = schools.filter(municipality=municipality)
    # One computation of every year with results and the year before the one shown: the overview
    # reads its two years from it, the chart all of them.
    table = school_risk(
        years=sorted({*years, year - 1, year}),
        region_id=region.pk,
        municipality_id=None if municipality is None else municipality.pk,
        school_ids=schools.values_list("pk", flat=True),
        lines="group",
    )
    overview = risk_overview(year=year, region_id=region.pk, table=table)
    area = municipality or region
    if request.GET.get("format") == "xlsx":
        access_event_record(
            request,
            kind=AccessEvent.Kind.EXPORT,
            subject=_("Группа риска низких результатов: %(area)s, %(year)s (XLSX)")
            % {"area": area.name, "year": academic_year_label(year)},
        )
        response = HttpResponse(risk_page_xlsx(overview), content_type=XLSX)
        response["Content-Disposition"] = (
            f'attachment; filename="risk-{"municipality" if municipality else "region"}-{area.pk}-{year}.xlsx"'
        )
        return response
    return render(
        request,
        "indices/risk.html",
        {
            "region": region,
            "municipality": municipality,
            "area": area,
            "year": year,
            "previous_year": year - 1,
            "years": [(y, format_academic_year(y)) for y in years],
            "overview": overview,
            "chart": _risk_chart(table, years=years),
            "rule": describe_risk_rule(overview.rule),
            "can_change_rule": request.user.has_perm("indices.change_risk_rule"),
        },
    )


def _risk_chart(table: RiskTable, *, years: list[int]):
    """The risk group over every year with results, by reason."""
    counts = {year: reasons for year, reasons in table.counts().items() if year in years}
    return risk_years_spec(
        counts, min_low=table.rule.min_low_assessments, consecutive_years=table.rule.consecutive_years
    )


@object_required("indices.view_municipality_results", Municipality.objects.select_related("region"))
def risk_municipality_view(request, municipality: Municipality):
    return _risk_page(request, region=municipality.region, municipality=municipality)


@object_required("indices.view_region_results", Region)
def risk_region_view(request, region: Region):
    return _risk_page(request, region=region, municipality=None)


# --- the results page ------------------------------------------------------------------------------


def _choice(request, choices: list[AssessmentChoice]) -> AssessmentChoice | None:
    """The assessment asked for by procedure, grade and subject; a part not given (or not among
    the year's) is taken from the first assessment that matches the rest."""
    wanted = {
        "procedure": request.GET.get("procedure", ""),
        "grade": request.GET.get("grade", ""),
        "subject": request.GET.get("subject", ""),
    }

    def matches(c: AssessmentChoice, keys) -> bool:
        values = {"procedure": c.procedure, "grade": str(c.grade), "subject": str(c.subject_id)}
        return all(values[k] == wanted[k] for k in keys)

    for keys in (("procedure", "grade", "subject"), ("procedure", "grade"), ("procedure",), ()):
        found = [c for c in choices if matches(c, keys)]
        if found:
            return found[0]
    return None


def _results_page(request, *, region: Region, municipality: Municipality | None):
    years = result_years(region_id=region.pk)
    year = _year(request, years)
    choices = assessment_choices(region_id=region.pk, year=year)
    chosen = _choice(request, choices)
    schools = visible_schools(request.user).filter(region=region)
    if municipality is not None:
        schools = schools.filter(municipality=municipality)
    ranking = None
    if chosen is not None:
        ranking = results_ranking(
            region_id=region.pk,
            year=year,
            procedure=chosen.procedure,
            grade=chosen.grade,
            subject_id=chosen.subject_id,
            municipality_id=None if municipality is None else municipality.pk,
            school_ids=schools.values_list("pk", flat=True),
        )
    area = municipality or region
    names = dict(Municipality.objects.filter(region=region).values_list("pk", "name"))
    if request.GET.get("format") == "xlsx" and ranking is not None and chosen is not None:
        access_event_record(
            request,
            kind=AccessEvent.Kind.EXPORT,
            subject=_("Результаты оценочных процедур: %(area)s, %(year)s (XLSX)")
            % {"area": area.name, "year": academic_year_label(year)},
        )
        response = HttpResponse(
            results_page_xlsx(ranking, year=year, choice=chosen, municipality_names=names), content_type=XLSX
        )
        response["Content-Disposition"] = (
            f'attachment; filename="results-{"municipality" if municipality else "region"}-{area.pk}-{year}.xlsx"'
        )
        return response
    return render(
        request,
        "indices/results.html",
        {
            "region": region,
            "municipality": municipality,
            "area": area,
            "year": year,
            "years": [(y, format_academic_year(y)) for y in years],
            "procedures": sorted({c.procedure for c in choices}),
            "grades": sorted({c.grade for c in choices if chosen is None or c.procedure == chosen.procedure}),
            "subjects": sorted(
                {
                    (c.subject_id, c.subject_name)
                    for c in choices
                    if chosen is None or (c.procedure, c.grade) == (chosen.procedure, chosen.grade)
                },
                key=lambda s: s[1],
            ),
            "chosen": chosen,
            "ranking": ranking,
            "chart": distribution_spec(
                ranking,
                title=f"Распределение отметок: {chosen.procedure}, {chosen.grade} класс, {chosen.subject_name}",
            )
            if ranking is not None and chosen is not None
            else None,
            "rows": [(line, names.get(line.municipality_id, "")) for line in ranking.lines] if ranking else [],
        },
    )


@object_required("indices.view_municipality_results", Municipality.objects.select_related("region"))
def results_municipality_view(request, municipality: Municipality):
    return _results_page(request, region=municipality.region, municipality=municipality)


@object_required("indices.view_region_results", Region)
def results_region_view(request, region: Region):
    return _results_page(request, region=region, municipality=None)


# --- the risk rule -------------------------------------------------------------------------------


@perm_required("indices.change_risk_rule")
def risk_rule_view(request):
    """The rule's parameters: a save makes a new version (nonsense values are refused in Russian
    and nothing is stored); every version below."""
    current = risk_rule_current()
    initial = {
        "share_threshold": format_number(current.share_threshold),
        "min_low_assessments": current.min_low_assessments,
        "consecutive_years": current.consecutive_years,
        "min_participants": current.min_participants,
    }
    form = RiskRuleForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = risk_rule_save(**form.parameters(), user=request.user)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            if saved.pk == current.pk:
                messages.info(request, _("Параметры не изменились: действует версия %(v)s.") % {"v": saved.version})
            else:
                messages.success(request, _("Правило сохранено, версия %(v)s.") % {"v": saved.version})
            return redirect("indices:risk_rule")
    versions = [
        (rule, describe_risk_rule(rule)) for rule in RiskRule.objects.select_related("created_by").order_by("-version")
    ]
    return render(request, "indices/risk_rule.html", {"form": form, "current": current, "versions": versions})
