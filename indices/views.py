"""Index pages: runs (list, start, page, export, comparison, imported groups), methodologies."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from schools.access import visible_municipalities
from schools.access_log import access_event_record
from schools.models import CONTEXT_FACTORS, AccessEvent, Municipality, Region, School
from schools.views.guards import object_required, perm_required
from schools.years import format_academic_year

from . import selectors
from .access import (
    may_start_run,
    regions_read_through_latest_run,
    regions_started_by,
    run_region_ids,
    visible_runs,
)
from .charts import scatter_spec
from .exports import EXPORTERS
from .forms import MethodologyForm, RunForm
from .methodology import GROUPING_TITLES, describe_methodology, methodology_save
from .models import Methodology, Run, Subject
from .selectors import default_methodology, latest_regional_run, latest_year_with_data
from .services import pilot_set, run_request

FACTOR_TITLES = dict(CONTEXT_FACTORS)


def _populations(user) -> list[tuple[str, str]]:
    """Region staff: their regions, then the municipalities. Municipal staff: the region first —
    shown through its latest run with their schools highlighted (indices/access.py says why they
    do not start regional runs) — then their municipalities."""
    regions = regions_started_by(user)
    options = [(f"r{r.pk}", _("Весь регион: %s") % r.name) for r in regions]
    municipalities = list(visible_municipalities(user).select_related("region"))
    own_regions = regions_read_through_latest_run(user, municipalities)
    for region in sorted(own_regions - set(regions), key=lambda r: r.name):
        options.append(
            (f"r{region.pk}", _("Весь регион: %s — последний расчёт региона, ваши школы выделены") % region.name)
        )
    options += [(f"m{m.pk}", m.name) for m in municipalities]
    return options


def _run_form(user, data=None) -> RunForm:
    """The methodology preselected is the default one, the year the latest with results."""
    methodology = default_methodology()
    year = latest_year_with_data(region_ids=run_region_ids(user))
    populations = _populations(user)
    initial = {
        "methodology": methodology.pk if methodology else None,
        "year": year,
        "population": populations[0][0] if populations else None,
    }
    return RunForm(data, populations=populations, initial=initial)


@login_required
def run_list_view(request):
    if not request.user.has_perm("indices.add_run") and not visible_runs(request.user).exists():
        raise PermissionDenied
    runs = visible_runs(request.user).select_related("methodology", "region", "municipality")[:100]
    form = _run_form(request.user) if request.user.has_perm("indices.add_run") else None
    return render(request, "indices/run_list.html", {"runs": runs, "form": form})


def _regional_run_for_municipal_staff(request, *, region: Region, year: int, methodology: Methodology):
    """Municipal staff asked for the whole region: the region's latest run, their schools
    highlighted — or why there is none. Nothing is created or queued."""
    run = latest_regional_run(region=region, year=year, methodology=methodology)
    if run is None:
        messages.error(
            request,
            _(
                "Расчёта по региону «%(region)s» за %(year)s по методике «%(methodology)s» пока нет. "
                "Региональный расчёт запускает комитет региона: попросите его рассчитать индексы за этот год."
            )
            % {"region": region.name, "year": format_academic_year(year), "methodology": methodology.name},
        )
        return redirect("indices:runs")
    messages.info(
        request,
        _(
            "Открыт последний расчёт по региону «%(region)s» за %(year)s: школы вашего муниципалитета выделены "
            "среди школ региона. Региональный расчёт запускает комитет региона."
        )
        % {"region": region.name, "year": format_academic_year(year)},
    )
    return redirect(run)


@perm_required("indices.add_run")
def run_start_view(request):
    form = RunForm(request.POST or None, populations=_populations(request.user))
    if request.method != "POST" or not form.is_valid():
        messages.error(request, _("Выберите методику, год и совокупность школ."))
        return redirect("indices:runs")
    d = form.cleaned_data
    kind, pk = d["population"][0], int(d["population"][1:])
    region = municipality = None
    if kind == "m":
        municipality = get_object_or_404(Municipality.objects.select_related("region"), pk=pk)
        region = municipality.region
    else:
        region = get_object_or_404(Region, pk=pk)
    if not may_start_run(request.user, region_id=region.pk, municipality_id=municipality and municipality.pk):
        if municipality is None:
            return _regional_run_for_municipal_staff(
                request, region=region, year=d["year"], methodology=d["methodology"]
            )
        raise PermissionDenied
    try:
        run = run_request(
            methodology=d["methodology"], year=d["year"], region=region, municipality=municipality, user=request.user
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect("indices:runs")
    # With the embedded default the task has already run: say what happened, never «в очереди»
    # beside a failure.
    if run.status == Run.Status.FAILED:
        messages.error(request, _("Расчёт не выполнен: %s") % run.error)
    elif run.status == Run.Status.DONE:
        messages.success(request, _("Расчёт готов."))
    else:
        messages.info(request, _("Расчёт поставлен в очередь. Страница обновится, когда он завершится."))
    return redirect(run)


@object_required("indices.view_run", Run.objects.select_related("methodology", "region", "municipality"))
def run_detail_view(request, run: Run):
    if run.status != Run.Status.DONE:
        template = "indices/_run_progress.html" if request.htmx else "indices/run_detail.html"
        return render(request, template, {"run": run})
    municipality = request.GET.get("municipality")
    municipality_id = int(municipality) if (municipality or "").isdigit() else None
    results = list(selectors.run_results(run=run, user=request.user, municipality_id=municipality_id))
    requested = request.GET.get("highlight", "")
    highlight = selectors.run_highlight(
        run=run, user=request.user, requested=int(requested) if requested.isdigit() else None
    )
    points = [
        {
            "x": r.wellbeing_index,
            "y": r.quality_index,
            "category": r.category,
            "label": r.school.short_name,
            "school_id": r.school_id,
            "highlight": bool(highlight) and r.school.municipality_id in highlight,
            "muted": bool(highlight) and r.school.municipality_id not in highlight,
        }
        for r in results
    ]
    if highlight and municipality_id is None:
        # The rest of the region, anonymous: where the highlighted schools stand among all.
        points += selectors.run_context_points(run=run, shown_school_ids={r.school_id for r in results})
    highlighted = Municipality.objects.filter(pk__in=highlight).order_by("name") if highlight else []
    chart = scatter_spec(
        points=points,
        summary=run.summary,
        thresholds=run.methodology_frozen["thresholds"],
        url_for=lambda school_id: reverse("schools:detail", args=[school_id]) + "?tab=indices",
    )
    regression = run.summary["regression"]
    subject_names = dict(Subject.objects.values_list("code", "name"))
    return render(
        request,
        "indices/run_detail.html",
        {
            "run": run,
            "chart": chart,
            "categories": selectors.by_category(results),
            "count": len(results),
            "coefficients": [
                (FACTOR_TITLES.get(n, n), c, e)
                for n, c, e in zip(regression["names"], regression["coef"], regression["se"], strict=True)
            ],
            "subject_means": [
                (subject_names.get(code, code), mean)
                for code, mean in zip(run.summary["subjects"], run.summary["subject_means"], strict=True)
            ],
            "municipalities": Municipality.objects.filter(region=run.region_id, schools__index_results__run=run)
            .distinct()
            .order_by("name"),
            "municipality": municipality,
            "highlighted": highlighted,
            "population_size": run.summary.get("n_schools"),
            "methodology_rows": describe_methodology(run.methodology_frozen),
            # Over all the user's rows of the run, whatever municipality the page shows.
            "disagreements": selectors.imported_disagreements(
                run=run, user=request.user, results=results if municipality_id is None else None
            ),
        },
    )


@object_required("indices.view_run", Run)
def run_export_view(request, run: Run, fmt: str):
    if run.status != Run.Status.DONE or fmt not in EXPORTERS:
        raise Http404
    # A regional run holds other municipalities' schools: export only what the user may see.
    results = selectors.run_results(run=run, user=request.user)
    content_types = {
        "csv": "text/csv; charset=utf-8",
        "json": "application/json",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    response = HttpResponse(EXPORTERS[fmt](run, results), content_type=content_types[fmt])
    access_event_record(
        request,
        kind=AccessEvent.Kind.EXPORT,
        subject=_("Расчёт индексов № %(pk)s (%(fmt)s)") % {"pk": run.pk, "fmt": fmt.upper()},
    )
    response["Content-Disposition"] = f'attachment; filename="indices-run-{run.pk}.{fmt}"'
    return response


@login_required
def run_compare_view(request):
    runs = visible_runs(request.user).filter(status=Run.Status.DONE).select_related("region", "municipality")
    a = runs.filter(pk=request.GET.get("a") or 0).first()
    b = runs.filter(pk=request.GET.get("b") or 0).first()
    moves = selectors.compare_runs(a=a, b=b, user=request.user) if a and b else None
    return render(request, "indices/run_compare.html", {"runs": runs[:50], "a": a, "b": b, "moves": moves})


def factors_of(methodology: Methodology) -> str:
    titles = dict(CONTEXT_FACTORS)
    return "; ".join(str(titles.get(f, f)) for f in methodology.definition.get("factors", []))


@login_required
def methodology_list_view(request):
    return render(
        request,
        "indices/methodology_list.html",
        {
            "methodologies": [
                (m, GROUPING_TITLES.get(m.definition.get("grouping", {}).get("method"), ""), factors_of(m))
                for m in Methodology.objects.order_by("slug", "-version")
            ],
            "can_edit": request.user.has_perm("indices.change_methodology"),
        },
    )


@perm_required("indices.change_methodology")
def methodology_edit_view(request, slug: str | None = None):
    current = Methodology.objects.filter(slug=slug, is_current=True).first() if slug else None
    if slug and current is None:
        raise Http404
    initial = json.dumps(
        current.definition if current else Methodology.objects.get(slug="default", is_current=True).definition,
        ensure_ascii=False,
        indent=2,
    )
    form = MethodologyForm(request.POST or None, initial={"definition": initial})
    if request.method == "POST" and form.is_valid():
        try:
            saved = methodology_save(definition=form.cleaned_data["definition"], user=request.user)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("definition", message)
        else:
            messages.success(
                request, _("Методика «%(slug)s» сохранена, версия %(v)s.") % {"slug": saved.slug, "v": saved.version}
            )
            return redirect("indices:methodologies")
    return render(
        request,
        "indices/methodology_form.html",
        {"form": form, "current": current, "factor_codes": CONTEXT_FACTORS},
    )


@object_required("schools.manage_school", School, url_kwarg="school_pk")
def pilot_view(request, school: School):
    year = request.POST.get("year", "")
    if request.method != "POST" or not year.isdigit() or not 2000 <= int(year) <= 2100:
        messages.error(request, _("Укажите учебный год по году окончания, например 2026 для 2025/2026."))
    else:
        pilot_set(school=school, year=int(year), pilot=request.POST.get("pilot") == "1", user=request.user)
        messages.success(request, _("Отметка пилотной площадки сохранена; она войдёт в следующие расчёты."))
    return redirect(f"{school.get_absolute_url()}?tab=indices")
