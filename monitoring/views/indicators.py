"""Indicator pages: the catalogue (list, create, edit), an indicator's values by municipality and
school with a chart, the schools with maximum and stable improvement, and the targets not met.

Thin: permissions come from monitoring/access.py through ``perm_required``; what a user sees of
the values is decided by the visible_* querysets inside the selectors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reporting.charts import line_chart
from schools.access import visible_municipalities, visible_schools
from schools.views.guards import perm_required

from .. import evaluation
from ..forms.indicators import IndicatorForm
from ..models import Indicator
from ..selectors.values import improvement_panel, indicator_table, latest_year, status_counts, target_evaluations
from ..services.indicators import indicator_create, indicator_update

TABLE_YEARS = 5
MAX_RANKING_VALUES = 6


def _int(value: str | None, *, low: int | None = None, high: int | None = None) -> int | None:
    """A whole number from the querystring, or None when absent or out of bounds."""
    if value is None or not value.strip().lstrip("-").isdigit():
        return None
    number = int(value)
    if (low is not None and number < low) or (high is not None and number > high):
        return None
    return number


def _municipality_choice(request) -> tuple[list, int | None]:
    municipalities = list(visible_municipalities(request.user).order_by("name"))
    chosen = _int(request.GET.get("municipality"))
    if chosen is not None and chosen not in {m.pk for m in municipalities}:
        chosen = None
    return municipalities, chosen


# --- Catalogue ---------------------------------------------------------------------------------


@perm_required("monitoring.view_indicator")
def indicator_list_view(request):
    qs = Indicator.objects.order_by("code")
    query = (request.GET.get("q") or "").strip()
    if query:
        qs = qs.filter(Q(code__icontains=query) | Q(name__icontains=query))
    kind = request.GET.get("kind")
    if kind in Indicator.Kind.values:
        qs = qs.filter(kind=kind)
    level = request.GET.get("level")
    if level in Indicator.Level.values:
        qs = qs.filter(level=level)
    show_archived = request.GET.get("archived") == "1"
    if not show_archived:
        qs = qs.filter(is_archived=False)
    return render(
        request,
        "monitoring/indicator_list.html",
        {
            "indicators": list(qs),
            "query": query,
            "kind": kind,
            "level": level,
            "show_archived": show_archived,
            "kinds": Indicator.Kind.choices,
            "levels": Indicator.Level.choices,
            "can_add": request.user.has_perm("monitoring.add_indicator"),
            "can_change": request.user.has_perm("monitoring.change_indicator"),
        },
    )


def _apply_errors(form: IndicatorForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@perm_required("monitoring.add_indicator")
def indicator_create_view(request):
    form = IndicatorForm(request.POST or None, creating=True)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = indicator_create(**form.cleaned_data, user=request.user)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Показатель «%(code)s» добавлен в каталог.") % {"code": indicator.code})
            return redirect("monitoring:indicator", code=indicator.code)
    return render(request, "monitoring/indicator_form.html", {"form": form, "indicator": None})


@perm_required("monitoring.change_indicator")
def indicator_edit_view(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    form = IndicatorForm(request.POST or None, initial=IndicatorForm.initial_of(indicator), creating=False)
    if request.method == "POST" and form.is_valid():
        try:
            indicator = indicator_update(indicator=indicator, data=form.cleaned_data, user=request.user)
        except ValidationError as exc:
            indicator.refresh_from_db()
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Показатель «%(code)s» сохранён.") % {"code": indicator.code})
            return redirect("monitoring:indicator", code=indicator.code)
    return render(request, "monitoring/indicator_form.html", {"form": form, "indicator": indicator})


# --- One indicator -----------------------------------------------------------------------------


@perm_required("monitoring.view_indicator")
def indicator_detail_view(request, code: str):
    indicator = get_object_or_404(Indicator, code=code)
    municipalities, chosen = _municipality_choice(request)
    last_year = _int(request.GET.get("last_year"), low=2000, high=2100)
    if last_year is None:
        schools = visible_schools(request.user)
        if chosen is not None:
            schools = schools.filter(municipality_id=chosen)
        last_year = latest_year(
            indicator=indicator,
            school_ids=schools.values_list("pk", flat=True) if indicator.level == Indicator.Level.SCHOOL else [],
            municipality_ids=[m.pk for m in municipalities if chosen in (None, m.pk)],
        )
    table = indicator_table(
        indicator=indicator,
        user=request.user,
        years=list(range(last_year - TABLE_YEARS + 1, last_year + 1)),
        municipality_id=chosen,
    )
    chart = line_chart(table.series, unit=indicator.get_unit_display(), title=indicator.name)
    return render(
        request,
        "monitoring/indicator_detail.html",
        {
            "indicator": indicator,
            "table": table,
            "chart": chart,
            "chart_empty": f"{indicator.name}: нет данных для графика.",
            "municipalities": municipalities,
            "chosen": chosen,
            "last_year": last_year,
            "can_change": request.user.has_perm("monitoring.change_indicator"),
        },
    )


# --- Evaluation --------------------------------------------------------------------------------


@perm_required("monitoring.view_indicator")
def improvement_view(request):
    indicators = list(Indicator.objects.filter(is_archived=False, level=Indicator.Level.SCHOOL).order_by("code"))
    municipalities, chosen = _municipality_choice(request)
    values = _int(request.GET.get("values"), low=2, high=MAX_RANKING_VALUES) or evaluation.DEFAULT_RANKING_VALUES
    last_year = _int(request.GET.get("last_year"), low=2000, high=2100)
    code = request.GET.get("indicator") or ""
    indicator = next((i for i in indicators if i.code == code), None)
    panel = (
        improvement_panel(
            indicator=indicator, user=request.user, municipality_id=chosen, last_year=last_year, values=values
        )
        if indicator is not None
        else None
    )
    return render(
        request,
        "monitoring/improvement.html",
        {
            "indicators": indicators,
            "indicator": indicator,
            "unknown_indicator": bool(code) and indicator is None,
            "municipalities": municipalities,
            "chosen": chosen,
            "values": values,
            "value_choices": range(2, MAX_RANKING_VALUES + 1),
            "last_year": panel.years[-1] if panel else last_year,
            "panel": panel,
        },
    )


@perm_required("monitoring.view_indicator")
def not_met_view(request):
    # ?program= names target sets (a program's targets are its set's): monitoring may not import
    # programs, so it filters by its own ids and shows each set's title.
    program_ids = sorted({n for n in (_int(v, low=1) for v in request.GET.getlist("program")) if n is not None})
    year = _int(request.GET.get("year"), low=2000, high=2100)
    show_all = request.GET.get("all") == "1"
    rows = target_evaluations(user=request.user, target_set_ids=program_ids or None, year=year)
    counts = status_counts(rows)
    shown = rows if show_all else [r for r in rows if r.result.status == evaluation.Status.NOT_MET]
    return render(
        request,
        "monitoring/not_met.html",
        {
            "rows": shown,
            "counts": [(status, evaluation.STATUS_LABELS[status], counts[status]) for status in evaluation.Status],
            "total": len(rows),
            "program_ids": program_ids,
            "year": year,
            "show_all": show_all,
        },
    )
