"""A campaign's results: per question for the whole campaign, a municipality or one school, with
charts (reporting/charts.py) and free-text answers; groups under five answers are not shown.
Exported to XLSX and CSV with formula-safe cells."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.shortcuts import render
from openpyxl import Workbook

from reporting.charts import bar_chart
from schools.access_log import access_event_record
from schools.models import AccessEvent
from schools.spreadsheets import csv_text, xlsx_cell
from schools.views.guards import object_required

from ..models import Campaign
from ..selectors import results as reads

CAMPAIGNS = Campaign.objects.select_related("questionnaire", "municipality", "region")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _selection(request, campaign):
    """(schools of the campaign, the chosen municipality, the chosen school, school ids or None)."""
    schools = reads.campaign_schools(campaign)
    municipalities = {s.municipality_id: s.municipality for s in schools}
    school = next((s for s in schools if str(s.pk) == request.GET.get("school")), None)
    municipality = (
        municipalities.get(int(request.GET["municipality"])) if request.GET.get("municipality", "").isdigit() else None
    )
    if school is not None:
        ids: list[int] | None = [school.pk]
    elif municipality is not None:
        ids = [s.pk for s in schools if s.municipality_id == municipality.pk]
    else:
        ids = None
    return schools, sorted(municipalities.values(), key=lambda m: m.name), municipality, school, ids


def _chart(result):
    if not result.distribution:
        return None
    return bar_chart(
        [(label, round(share, 1)) for label, _count, share in result.distribution],
        title="",
        value_title="% ответивших",
        domain_max=100,
    )


@object_required("surveys.view_campaign", CAMPAIGNS)
def results_view(request, campaign):
    schools, municipalities, municipality, school, ids = _selection(request, campaign)
    results = reads.campaign_results(campaign=campaign, school_ids=ids)
    counts = reads.responses_by_school(campaign)
    return render(
        request,
        "surveys/results.html",
        {
            "campaign": campaign,
            "results": results,
            "items": [(r, _chart(r)) for r in results.questions],
            "schools": [(s, counts.get(s.pk, 0)) for s in schools],
            "municipalities": municipalities,
            "municipality": municipality,
            "school": school,
            "min_group": reads.MIN_GROUP,
            "query": request.GET.urlencode(),
        },
    )


def _table(results) -> list[list[object]]:
    rows: list[list[object]] = [["Вопрос", "Утверждение", "Ответ", "Ответов", "Доля, %"]]
    for r in results.questions:
        label = r.question.label
        for option, count, share in r.distribution:
            rows.append([label, "", option, count, round(share, 1)])
        for statement, distribution in r.matrix:
            for option, count, share in distribution:
                rows.append([label, statement, option, count, round(share, 1)])
        if r.mean is not None:
            rows.append([label, "", "Среднее", r.answered, round(r.mean, 2)])
        for text in r.texts:
            rows.append([label, "", text, 1, None])
    return rows


@object_required("surveys.view_campaign", CAMPAIGNS)
def results_export_view(request, campaign, fmt: str):
    _schools, _m, municipality, school, ids = _selection(request, campaign)
    results = reads.campaign_results(campaign=campaign, school_ids=ids)
    where = school.short_name if school else (municipality.name if municipality else "все школы опроса")
    head = [[f"Опрос «{campaign.title}»", where, f"анкет: {results.responses}"]]
    if results.suppressed:
        head.append(
            [f"Ответов меньше {reads.MIN_GROUP} — результаты не показываются, чтобы никого нельзя было узнать."]
        )
        rows = head
    else:
        rows = head + [[]] + _table(results)
    access_event_record(
        request, kind=AccessEvent.Kind.EXPORT, subject=f"Результаты опроса «{campaign.title}» ({where})"
    )
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        for row in rows:
            writer.writerow(
                [csv_text(v) if isinstance(v, str) else ("" if v is None else str(v).replace(".", ",")) for v in row]
            )
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook(write_only=True)
        ws = book.create_sheet("Результаты")
        for row in rows:
            ws.append([xlsx_cell(ws, v) for v in row])
        out = io.BytesIO()
        book.save(out)
        response = HttpResponse(out.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="survey-{campaign.pk}-results.{fmt}"'
    return response
