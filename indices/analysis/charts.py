"""The charts of the results analysis (Vega-Lite through reporting/charts.py): the mark
distributions of an assessment, the risk group over the years, a school's trend beside its
municipality and region. Each builder returns a spec or None (nothing to draw: the page says so)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from reporting.charts import Spec, grouped_bars, line_chart
from schools.years import format_academic_year

from ..stats.risk import BOTH, CONSECUTIVE, SAME_YEAR
from .selectors.results import ResultLine, ResultsRanking
from .selectors.risk import reason_title

MARK_SERIES = ("«2»", "«3»", "«4»", "«5»")
# From the worst mark to the best: vermillion, orange, sky blue, bluish green (Okabe–Ito).
MARK_COLOURS = ("#D55E00", "#E69F00", "#56B4E9", "#009E73")
REASON_COLOURS = ("#0072B2", "#E69F00", "#CC79A7")
#: the schools a distribution chart draws at most; the table below has them all
MAX_SCHOOLS = 40


def distribution_spec(ranking: ResultsRanking, *, title: str) -> Spec | None:
    """Stacked shares of «2»..«5», one bar per school in the ranking's order, the municipality and
    the region first. None for ЕГЭ (scored in points: no marks) or no marks at all."""
    rows: list[tuple[str, str, float | None]] = []
    references = [lv for lv in (ranking.region, ranking.municipality) if lv is not None]
    for level in references:
        prefix = "Регион" if level.level == "region" else "Муниципалитет"
        for series, share in zip(MARK_SERIES, level.marks, strict=True):
            rows.append((f"{prefix}: {level.name}", series, share))
    lines = ranking.lines[:MAX_SCHOOLS]
    for line in lines:
        for series, share in zip(MARK_SERIES, line.marks, strict=True):
            rows.append((line.school_name, series, share))
    if len(ranking.lines) > MAX_SCHOOLS:
        title = f"{title} (первые {MAX_SCHOOLS} школ из {len(ranking.lines)} по среднему баллу)"
    return grouped_bars(
        rows,
        title=title,
        value_title="Доля участников, %",
        series_title="Отметка",
        series_order=MARK_SERIES,
        colours=MARK_COLOURS,
        stacked=True,
    )


def risk_years_spec(
    counts: Mapping[int, Mapping[str | None, int]], *, min_low: int, consecutive_years: int
) -> Spec | None:
    """Schools in the risk group per year, stacked by reason (the reasons in words). None when no
    year has a school in the group."""
    reasons = (SAME_YEAR, CONSECUTIVE, BOTH)
    titles = [reason_title(r, min_low=min_low, consecutive_years=consecutive_years) for r in reasons]
    rows = [
        (format_academic_year(year), title, counts[year].get(reason, 0))
        for year in sorted(counts)
        for reason, title in zip(reasons, titles, strict=True)
    ]
    if not any(value for _y, _t, value in rows):
        return None
    spec = grouped_bars(
        rows,
        title="Группа риска по годам",
        value_title="Школ в группе риска",
        counts=True,
        group_title="Учебный год",
        series_title="Основание",
        series_order=titles,
        colours=REASON_COLOURS,
        stacked=True,
    )
    if spec is not None:
        # Counts are whole schools: no fractional ticks.
        spec["encoding"]["x"]["axis"] = {"format": "d", "tickMinStep": 1}
    return spec


def school_trend_specs(lines: Sequence[ResultLine], *, limit: int = 6) -> list[tuple[str, Spec]]:
    """One chart per assessment the school has in two years or more: the school's mean beside its
    municipality's and region's, over the years. The assessments with the most years first."""
    by_assessment: dict[tuple[str, int, str], list[ResultLine]] = {}
    for line in lines:
        by_assessment.setdefault((line.procedure, line.grade, line.subject_name), []).append(line)
    charts: list[tuple[str, Spec]] = []
    ordered = sorted(by_assessment.items(), key=lambda item: (-len(item[1]), item[0]))
    for (procedure, grade, subject), group in ordered:
        if len({x.year for x in group}) < 2:
            continue
        title = f"{procedure}, {grade} класс, {subject}: средний балл"
        spec = line_chart(
            {
                "Школа": [(x.year, x.mean_score) for x in group],
                "Муниципалитет": [(x.year, x.municipality_mean) for x in group],
                "Регион": [(x.year, x.region_mean) for x in group],
            },
            unit="Средний балл",
            title=title,
        )
        if spec is not None:
            # The years are academic: 2025 reads «2024/2025», as in the table below.
            spec["encoding"]["x"]["title"] = "Учебный год"
            spec["encoding"]["x"]["axis"]["labelExpr"] = "(datum.value - 1) + '/' + datum.value"
            charts.append((title, spec))
        if len(charts) == limit:
            break
    return charts
