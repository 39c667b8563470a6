"""Reads for index pages: a run's schools by category, the comparison of two runs, a school's
explanation in words and numbers, and its groups over the years; and what indices contributes to
the other apps through the extension points (schools/extensions.py, registered in
IndicesConfig.ready()): the school page's tab, index values for monitoring's indicators and the
schools' support categories."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from schools.access import Scope, school_condition, scope_of
from schools.extensions import SchoolTab
from schools.models import CONTEXT_FACTORS, Region, School, User

from .models import AssessmentResult, ImportedGroups, Methodology, Run, SchoolResult, Subject

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

    from schools.access import AnyUser

CATEGORY_ORDER = ["low_on_both", "not_coping", "resilient", "stable", "no_data"]


def run_results(*, run: Run, user: AnyUser, municipality_id: int | None = None) -> QuerySet[SchoolResult]:
    """The run's rows the user may see: a municipality's staff see their schools of a regional run."""
    qs = SchoolResult.objects.filter(run=run).with_school()
    scope = scope_of(user)
    single = municipality_id
    if not (scope.superuser or run.region_id in scope.region_ids):
        # On the school the rows join anyway (with_school, the ordering): not a subquery of schools.
        qs = qs.filter(school_condition(user, "school__") or Q())
        single = single or _only_municipality(scope)
    if municipality_id:
        qs = qs.filter(school__municipality_id=municipality_id)
    # By municipality, then school name, the school last so that pages never overlap. Within one
    # municipality its name sorts nothing: left out, the list needs no join to municipalities.
    if single:
        return qs.order_by("school__short_name", "school_id")
    return qs.order_by("school__municipality__name", "school__short_name", "school_id")


def _only_municipality(scope: Scope) -> int | None:
    """The one municipality all the schools a user sees lie in (their municipality's staff or REST
    client, their own schools there), else None."""
    if scope.region_ids:
        return None
    schools = scope.team_school_ids | scope.assigned_school_ids | scope.api_school_ids
    places = scope.municipality_ids | scope.api_municipality_ids | scope.municipalities_of(schools)
    return next(iter(places)) if len(places) == 1 else None


def run_highlight(*, run: Run, user: AnyUser, requested: int | None = None) -> set[int]:
    """The municipalities whose schools the run page highlights: the one asked for (``?highlight=``),
    else, for municipal staff looking at their region's run, their own."""
    if requested:
        return {requested}
    scope = scope_of(user)
    if run.municipality_id is not None or scope.superuser or run.region_id in scope.region_ids:
        return set()
    return set(scope.municipality_ids)


def run_context_points(*, run: Run, shown_school_ids: set[int]) -> list[dict]:
    """The region's other schools of the run as anonymous points (no name, no link): the
    population a municipality's schools are placed in, without showing whose they are."""
    rows = (
        SchoolResult.objects.filter(run=run, wellbeing_index__isnull=False, quality_index__isnull=False)
        .exclude(school_id__in=shown_school_ids)
        .order_by("pk")
        .values_list("wellbeing_index", "quality_index")
    )
    return [{"x": x, "y": y, "category": "context", "label": "", "school_id": 0, "muted": True} for x, y in rows]


def by_category(results) -> list[tuple[str, StrOrPromise, list[SchoolResult]]]:
    labels = dict(SchoolResult.Category.choices)
    groups: dict[str, list] = {key: [] for key in CATEGORY_ORDER}
    for r in results:
        groups.setdefault(r.category, []).append(r)
    return [(key, labels.get(key, key), rows) for key, rows in groups.items() if rows]


@dataclass(frozen=True)
class Move:
    school: School
    before: SchoolResult | None
    after: SchoolResult | None


def compare_runs(*, a: Run, b: Run, user: AnyUser) -> list[Move]:
    """Schools whose category differs between two runs (or that are in only one of them)."""
    before = {r.school_id: r for r in run_results(run=a, user=user)}
    after = {r.school_id: r for r in run_results(run=b, user=user)}
    moves = []
    for school_id in sorted(before.keys() | after.keys()):
        x, y = before.get(school_id), after.get(school_id)
        if x is None or y is None or x.category != y.category:
            moves.append(Move((y or before[school_id]).school, x, y))
    return moves


def school_timeline(*, school: School, limit: int = 6) -> list[SchoolResult]:
    """The school's result in the latest finished regional run of each year, newest first."""
    rows = (
        SchoolResult.objects.filter(school=school, run__status=Run.Status.DONE, run__municipality__isnull=True)
        .select_related("run", "run__methodology")
        .order_by("-run__year", "-run__finished_at", "-run_id")
    )
    seen, out = set(), []
    for row in rows:
        if row.run.year in seen:
            continue
        seen.add(row.run.year)
        out.append(row)
        if len(out) == limit:
            break
    return out


def explain(result: SchoolResult) -> dict:
    """docs/indices.md, «Results out»: the school's place in words — its ratios per subject, the regional
    means, its z, the band, its predicted result and which rule put it in its category."""
    run = result.run
    s = run.summary
    definition = run.methodology_frozen
    names = dict(Subject.objects.filter(code__in=s["subjects"]).values_list("code", "name"))
    subjects = []
    for code, mean in zip(s["subjects"], s["subject_means"], strict=True):
        subjects.append(
            {
                "name": names.get(code, code),
                "score": result.detail.get("scores", {}).get(code),
                "mean": mean,
                "ratio": result.detail.get("ratios", {}).get(code),
            }
        )
    t = definition["thresholds"]
    rule = {
        "low_on_both": f"группа ИСБШ ≤ {t['unfavourable_max_wellbeing_group']} и группа качества ≤ {t['low_quality_max_group']}",
        "resilient": f"группа ИСБШ ≤ {t['unfavourable_max_wellbeing_group']} и группа качества ≥ {t['low_quality_max_group'] + 1}",
        "not_coping": f"группа ИСБШ ≥ {t['unfavourable_max_wellbeing_group'] + 1} и группа качества ≤ {t['low_quality_max_group']}",
        "stable": f"группа ИСБШ ≥ {t['unfavourable_max_wellbeing_group'] + 1} и группа качества ≥ {t['low_quality_max_group'] + 1}",
        "no_data": "нет одного из индексов",
    }[result.category]
    regression = s["regression"]
    titles = {key: title.lower() for key, title in CONTEXT_FACTORS}
    return {
        "subjects": subjects,
        "z_quality": result.detail.get("z_quality"),
        "z_wellbeing": result.detail.get("z_wellbeing"),
        "factors": {titles.get(k, k): v for k, v in result.detail.get("factors", {}).items()},
        "coefficients": [(titles.get(n, n), c) for n, c in zip(regression["names"], regression["coef"], strict=True)],
        "rule": rule,
        "grouping": definition["grouping"]["method"],
    }


def imported_disagreements(
    *, run: Run, user: AnyUser, results: list[SchoolResult] | None = None
) -> list[tuple[SchoolResult, ImportedGroups]]:
    """``results``: the user's rows of the run when the caller already read them (all of them)."""
    imported = {g.school_id: g for g in ImportedGroups.objects.filter(year=run.year, school__region_id=run.region_id)}
    out = []
    for r in run_results(run=run, user=user) if results is None else results:
        g = imported.get(r.school_id)
        if g is not None and (g.quality_group != r.quality_group or g.wellbeing_group != r.wellbeing_group):
            out.append((r, g))
    return out


# --- extension points (schools/extensions.py) -----------------------------------------------------


def school_tab(school: School, user: User) -> SchoolTab | None:
    """The school page's «Индексы» tab: groups over the years and why the school is where it is."""
    if not user.has_perm("schools.view_school", school):
        return None
    timeline = school_timeline(school=school)
    latest = timeline[0] if timeline else None
    return {
        "key": "indices",
        "label": _("Индексы"),
        "template": "indices/_school_tab.html",
        "context": {
            "school": school,
            "timeline": timeline,
            "latest": latest,
            "explanation": explain(latest) if latest else None,
            "can_set_pilot": user.has_perm("schools.manage_school", school),
            "pilot_years": list(school.pilot_years.order_by("-year").values_list("year", flat=True)),
        },
    }


#: indicator code → the SchoolResult field monitoring's indicators «из расчётов портала» read
INDICATOR_FIELDS = {
    "quality_index": "quality_index",
    "quality_group": "quality_group",
    "wellbeing_group": "wellbeing_group",
}


def latest_regional_runs(*, school_ids: list[int] | None, year: int | None) -> dict[int, int]:
    """region id → its latest finished regional run (of ``year``, or of any year), for the
    regions of ``school_ids`` (all regions with None)."""
    runs = Run.objects.filter(status=Run.Status.DONE, municipality__isnull=True)
    if school_ids is not None:
        runs = runs.filter(region_id__in=School.objects.filter(pk__in=school_ids).values("region_id"))
    if year is not None:
        runs = runs.filter(year=year)
    latest: dict[int, int] = {}
    ordering = ("region_id", "-year", F("finished_at").desc(nulls_last=True), "-created_at", "-pk")
    for run_id, region_id in runs.order_by(*ordering).values_list("pk", "region_id"):
        latest.setdefault(region_id, run_id)
    return latest


def indicator_values(*, indicator_code: str, school_ids: list[int], year: int) -> dict[int, Decimal]:
    """school id → value of ``quality_index`` / ``quality_group`` / ``wellbeing_group`` from
    the latest finished regional run of the academic year ending in ``year`` (per region: a
    school's value comes from its own region's latest run); ``{}`` for other codes. Two queries."""
    field = INDICATOR_FIELDS.get(indicator_code)
    if field is None or not school_ids:
        return {}
    latest = latest_regional_runs(school_ids=school_ids, year=year)
    if not latest:
        return {}
    rows = SchoolResult.objects.filter(
        run_id__in=latest.values(), school_id__in=school_ids, **{f"{field}__isnull": False}
    ).values_list("school_id", field)
    quantum = Decimal("0.0001")
    return {school_id: Decimal(str(value)).quantize(quantum) for school_id, value in rows}


class SupportCategories:
    """The schools' support categories (schools.extensions.SchoolCategories): what the other apps
    filter by (the schools list, programs' practice bank, measures bound to a category)."""

    def school_categories(self, *, school_ids: list[int]) -> Mapping[int, tuple[str, str]]:
        """school id → (category code, label) of its region's latest finished run."""
        if not school_ids:
            return {}
        latest = latest_regional_runs(school_ids=school_ids, year=None)
        rows = SchoolResult.objects.filter(run_id__in=latest.values(), school_id__in=school_ids).values_list(
            "school_id", "category"
        )
        labels = dict(SchoolResult.Category.choices)
        return {school_id: (code, str(labels.get(code, code))) for school_id, code in rows}

    def category_choices(self) -> list[tuple[str, str]]:
        return [(code, str(label)) for code, label in SchoolResult.Category.choices]

    def filter_schools(self, qs: QuerySet[School], category: str) -> QuerySet[School]:
        """The schools of ``qs`` whose region's latest run puts them in ``category`` — in SQL, so
        the school list filters 40,000 schools without loading them."""
        latest = latest_regional_runs(school_ids=None, year=None)
        return qs.filter(index_results__run_id__in=list(latest.values()), index_results__category=category)


SUPPORT_CATEGORIES = SupportCategories()


def default_methodology() -> Methodology | None:
    """The methodology a new run starts from: the current «default», else any current one."""
    current = Methodology.objects.filter(is_current=True)
    return current.filter(slug="default").first() or current.order_by("slug").first()


def latest_year_with_data(*, region_ids=None) -> int | None:
    """The last academic year with assessment results in the regions (None: anywhere) — the
    year a run can compute."""
    qs = AssessmentResult.objects.all()
    if region_ids is not None:
        qs = qs.filter(school__region_id__in=region_ids)
    return qs.order_by("-year").values_list("year", flat=True).first()


def latest_regional_run(*, region: Region, year: int, methodology: Methodology) -> Run | None:
    """The region's newest finished run of the year by the methodology (any of its versions)."""
    return (
        Run.objects.filter(
            region=region,
            municipality__isnull=True,
            year=year,
            methodology__slug=methodology.slug,
            status=Run.Status.DONE,
        )
        .order_by("-finished_at", "-pk")
        .first()
    )
