"""What indices tells of schools' need of support year by year (schools.extensions.SUPPORT_STATUS):
the support category of each academic year's regional index run, and the risk group of low
results. programs joins them with the programs that carried the schools into support episodes.

A year is given only where it is known: a year without a finished regional run, a school the run
could not place (``no_data``), a year with no assessment of the school (risk ``no_data``) is left
out — a gap, which ends no episode."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import F
from django.urls import reverse

from schools.extensions import EpisodeItem, SupportMark
from schools.formats import format_number, ru_plural
from schools.models import School, User

from ...models import AssessmentResult, Run, SchoolResult
from .risk import school_risk

CATEGORY = "category"
RISK = "risk"

#: the categories in which a school receives support (the stable ones need none)
SUPPORT_CATEGORIES = (
    SchoolResult.Category.LOW_ON_BOTH.value,
    SchoolResult.Category.RESILIENT.value,
    SchoolResult.Category.NOT_COPING.value,
)
KIND_LABELS = {
    CATEGORY: "Категория поддержки по индексам",
    RISK: "Группа риска низких результатов",
}


def _categories(school_ids: list[int], regions: set[int]) -> list[SupportMark]:
    """The category of each school in each year's regional run (the newest finished one of the
    year, per region). Two queries."""
    runs: dict[tuple[int, int], int] = {}
    ordering = ("region_id", "year", F("finished_at").desc(nulls_last=True), "-created_at", "-pk")
    done = Run.objects.filter(status=Run.Status.DONE, municipality__isnull=True, region_id__in=regions)
    for pk, region_id, year in done.order_by(*ordering).values_list("pk", "region_id", "year"):
        runs.setdefault((region_id, year), pk)
    year_of = {pk: year for (_region, year), pk in runs.items()}
    labels = dict(SchoolResult.Category.choices)
    rows = (
        SchoolResult.objects.filter(run_id__in=list(year_of), school_id__in=school_ids)
        .exclude(category=SchoolResult.Category.NO_DATA)
        .values_list("school_id", "run_id", "category")
    )
    return [
        SupportMark(
            school_id=school_id,
            year=year_of[run_id],
            kind=CATEGORY,
            kind_label=KIND_LABELS[CATEGORY],
            in_support=category in SUPPORT_CATEGORIES,
            label=str(labels.get(category, category)),
            order=10,
        )
        for school_id, run_id, category in rows
    ]


def _risk(school_ids: list[int], regions: set[int]) -> list[SupportMark]:
    """The risk group of each school in each year it has results in: one computation per region."""
    years_of: dict[int, set[int]] = defaultdict(set)
    for region_id, year in (
        AssessmentResult.objects.filter(school_id__in=school_ids).values_list("school__region_id", "year").distinct()
    ):
        years_of[region_id].add(year)
    marks: list[SupportMark] = []
    for region_id in sorted(regions):
        if not years_of[region_id]:
            continue
        table = school_risk(years=years_of[region_id], region_id=region_id, school_ids=school_ids, lines="none")
        marks.extend(
            SupportMark(
                school_id=row.school_id,
                year=row.year,
                kind=RISK,
                kind_label=KIND_LABELS[RISK],
                in_support=bool(row.risk_group),
                label=row.reason_title,
                order=20,
            )
            for row in table.rows
            if row.risk_group is not None
        )
    return marks


def support_status(*, school_ids: list[int]) -> list[SupportMark]:
    """The known yearly statuses of ``school_ids`` by category and by the risk group."""
    if not school_ids:
        return []
    regions = set(School.objects.filter(pk__in=school_ids).values_list("region_id", flat=True))
    return _categories(school_ids, regions) + _risk(school_ids, regions)


def _mean_marks(school: School, years: Sequence[int]) -> dict[int, list[str]]:
    """year → «ОГЭ: средний балл 3,6 (4 результата)» per procedure, the mean weighted by the
    participants of each result (a procedure's scales differ, so they are never mixed). One query."""
    sums: dict[tuple[int, str], list[Decimal]] = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
    rows = AssessmentResult.objects.filter(school=school, year__in=list(years), mean_score__isnull=False)
    for year, procedure, participants, mean in rows.values_list("year", "procedure", "participants", "mean_score"):
        if mean is None:
            continue  # excluded by the query; the type does not know it
        acc = sums[(year, procedure)]
        acc[0] += mean * participants
        acc[1] += participants
        acc[2] += 1
    out: dict[int, list[str]] = defaultdict(list)
    for (year, procedure), (total, people, count) in sorted(sums.items()):
        if people:
            results = ru_plural(int(count), "результат", "результата", "результатов")
            out[year].append(f"{procedure}: средний балл {format_number(total / people, 1)} ({int(count)} {results})")
    return out


def episode_parts(school: School, *, years: Sequence[int], user: User) -> list[EpisodeItem]:
    """indices' part of a support year (schools.extensions.EPISODE_PARTS): the school's results of
    the year — the mean mark of each procedure and whether it was in the risk group of low results,
    with the reason — linked to the school's «Результаты» tab. A fixed number of queries."""
    if not years or not user.has_perm("schools.view_school", school):
        return []
    url = f"{reverse('schools:detail', args=[school.pk])}?tab=results"
    items: list[EpisodeItem] = []
    for year, texts in sorted(_mean_marks(school, years).items()):
        items.append(
            EpisodeItem(year=year, kind="results", label="Результаты", text="; ".join(texts), url=url, order=30)
        )
    table = school_risk(years=years, region_id=school.region_id, school_ids=[school.pk], lines="none")
    for row in table.rows:
        if row.risk_group is None:
            continue
        text = f"в группе риска: {row.reason_title}" if row.risk_group else "не в группе риска"
        items.append(
            EpisodeItem(
                year=row.year, kind="risk", label="Группа риска низких результатов", text=text, url=url, order=31
            )
        )
    return items
