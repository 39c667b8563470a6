"""Reads for index pages: a run's schools by category, the comparison of two runs, a school's
explanation in words and numbers, and its groups over the years."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from schools.access import scope_of, visible_schools
from schools.models import CONTEXT_FACTORS, School

from .models import ImportedGroups, Run, SchoolResult, Subject

CATEGORY_ORDER = ["low_on_both", "not_coping", "resilient", "stable", "no_data"]


def run_results(*, run: Run, user, municipality_id: int | None = None) -> QuerySet[SchoolResult]:
    """The run's rows the user may see: a municipality's staff see their schools of a regional run."""
    qs = SchoolResult.objects.filter(run=run).with_school()
    scope = scope_of(user)
    if not (scope.superuser or run.region_id in scope.region_ids):
        qs = qs.filter(school__in=visible_schools(user))
    if municipality_id:
        qs = qs.filter(school__municipality_id=municipality_id)
    return qs.order_by("school__municipality__name", "school__short_name")


def run_highlight(*, run: Run, user, requested: int | None = None) -> set[int]:
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


def by_category(results) -> list[tuple[str, str, list[SchoolResult]]]:
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


def compare_runs(*, a: Run, b: Run, user) -> list[Move]:
    """Schools whose category differs between two runs (or that are in only one of them)."""
    before = {r.school_id: r for r in run_results(run=a, user=user)}
    after = {r.school_id: r for r in run_results(run=b, user=user)}
    moves = []
    for school_id in sorted(before.keys() | after.keys()):
        x, y = before.get(school_id), after.get(school_id)
        if x is None or y is None or x.category != y.category:
            moves.append(Move((y or x).school, x, y))
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
    *, run: Run, user, results: list[SchoolResult] | None = None
) -> list[tuple[SchoolResult, ImportedGroups]]:
    """``results``: the user's rows of the run when the caller already read them (all of them)."""
    imported = {g.school_id: g for g in ImportedGroups.objects.filter(year=run.year, school__region_id=run.region_id)}
    out = []
    for r in run_results(run=run, user=user) if results is None else results:
        g = imported.get(r.school_id)
        if g is not None and (g.quality_group != r.quality_group or g.wellbeing_group != r.wellbeing_group):
            out.append((r, g))
    return out
