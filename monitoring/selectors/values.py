"""Reads of indicator values for pages, reports and dashboards: yearly values of schools and
municipalities, the indicator page's table, the "maximum and stable improvement" panel and the
targets with their status. Thin: the rules are in evaluation.py, the access in access.py.

**Which value is "the value of year Y".** Values are stored per period. For a year Y the value of
the academic year ending in Y is taken; failing that, the calendar year Y; failing that, the latest
quarter of Y that has a value (quarterly monitoring, as in Dagestanskiye Ogni). Indicators of kind
«из расчётов портала» are read from the index runs (providers.py) for the academic year ending in
Y; a stored value fills in where no run has one.

Every function runs a constant number of queries, whatever the number of schools: one for the
values, one per index indicator and year for the providers, and the subjects the page lists.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import fmean
from typing import TYPE_CHECKING

from django.db.models import Max, Q

from schools.access import visible_municipalities, visible_schools
from schools.models import School
from schools.years import current_academic_year

from .. import evaluation
from ..access import visible_targets
from ..models import Indicator, IndicatorValue, Period, Target
from ..providers import provided_values

if TYPE_CHECKING:
    from schools.access import AnyUser

Subject = tuple[str, int]  # ("school", id) or ("municipality", id)

# Lower is preferred: the academic year, then the calendar year, then the latest quarter.
_RANK: dict[str, int] = {Period.Kind.ACADEMIC_YEAR: 0, Period.Kind.YEAR: 1}


def _period_rank(kind: str, quarter: int | None) -> int:
    return _RANK.get(kind, 10 - (quarter or 0))


def yearly_values(
    *,
    indicators: Iterable[Indicator],
    years: Iterable[int],
    school_ids: Iterable[int] = (),
    municipality_ids: Iterable[int] = (),
) -> dict[tuple[int, Subject], dict[int, Decimal]]:
    """(indicator id, subject) → year → value, for the given schools and municipalities."""
    indicators = list(indicators)
    years = sorted(set(years))
    school_ids = sorted(set(school_ids))
    municipality_ids = sorted(set(municipality_ids))
    result: dict[tuple[int, Subject], dict[int, Decimal]] = defaultdict(dict)
    if not indicators or not years or not (school_ids or municipality_ids):
        return result
    best: dict[tuple[int, Subject, int], int] = {}
    rows = (
        IndicatorValue.objects.filter(indicator__in=[i.pk for i in indicators], period__year__in=years)
        .filter(Q(school_id__in=school_ids) | Q(municipality_id__in=municipality_ids))
        .values_list(
            "indicator_id", "school_id", "municipality_id", "period__kind", "period__quarter", "period__year", "value"
        )
    )
    for indicator_id, school_id, municipality_id, kind, quarter, year, value in rows:
        subject: Subject = ("school", school_id) if school_id else ("municipality", municipality_id)
        rank = _period_rank(kind, quarter)
        key = (indicator_id, subject, year)
        if key not in best or rank < best[key]:
            best[key] = rank
            result[(indicator_id, subject)][year] = value
    for indicator in indicators:
        if indicator.kind != Indicator.Kind.INDEX or not school_ids:
            continue
        for year in years:
            for school_id, value in provided_values(
                indicator_code=indicator.code, school_ids=school_ids, year=year
            ).items():
                result[(indicator.pk, ("school", school_id))][year] = value
    return result


def latest_year(*, indicator: Indicator, school_ids: Iterable[int] = (), municipality_ids: Iterable[int] = ()) -> int:
    """The latest year with a stored value of the indicator for these subjects; for index
    indicators, the latest of the last few academic years a run has values for; otherwise the
    academic year in progress."""
    school_ids, municipality_ids = list(school_ids), list(municipality_ids)
    found = (
        IndicatorValue.objects.filter(indicator=indicator)
        .filter(Q(school_id__in=school_ids) | Q(municipality_id__in=municipality_ids))
        .aggregate(latest=Max("period__year"))["latest"]
    )
    current = current_academic_year()
    if indicator.kind == Indicator.Kind.INDEX and school_ids:
        for year in range(current, current - 4, -1):
            if found is not None and found >= year:
                break
            if provided_values(indicator_code=indicator.code, school_ids=school_ids, year=year):
                return year
    return found or current


# --- The indicator page ------------------------------------------------------------------------


@dataclass
class TableRow:
    subject: Subject
    label: str
    values: list[Decimal | None]
    is_municipality: bool = False
    averaged: bool = False  # a municipality's row computed as the mean of its schools
    trend: evaluation.Trend = evaluation.Trend.UNKNOWN


@dataclass
class IndicatorTable:
    years: list[int]
    rows: list[TableRow] = field(default_factory=list)
    series: dict[str, list[tuple[int, Decimal | None]]] = field(default_factory=dict)
    series_truncated: bool = False


CHART_SCHOOLS = 8
DYNAMICS_YEARS = 3


def indicator_table(
    *, indicator: Indicator, user: AnyUser, years: list[int], municipality_id: int | None = None
) -> IndicatorTable:
    """Values by municipality and school over ``years``, for what the user may see: each
    municipality's row (its own value, or for school indicators the plain mean of its schools'
    values, marked so) followed by its schools, each with its 3-year trend. The chart's series are
    the municipalities — or, with one municipality chosen, that municipality and its first schools."""
    municipality_qs = visible_municipalities(user).order_by("name")
    school_qs = visible_schools(user).with_municipality().order_by("municipality__name", "short_name")
    if municipality_id is not None:
        municipality_qs = municipality_qs.filter(pk=municipality_id)
        school_qs = school_qs.filter(municipality_id=municipality_id)
    if indicator.level != Indicator.Level.SCHOOL:
        school_qs = school_qs.none()  # measured per municipality: schools have no values of it
    municipalities, schools = list(municipality_qs), list(school_qs)
    by_municipality: dict[int, list[School]] = defaultdict(list)
    for school in schools:
        by_municipality[school.municipality_id].append(school)
    # A school team sees its school but not its municipality: show the school under its name.
    shown = {m.pk: m for m in municipalities}
    for school in schools:
        shown.setdefault(school.municipality_id, school.municipality)
    data = yearly_values(
        indicators=[indicator],
        years=years,
        school_ids=[s.pk for s in schools],
        municipality_ids=[m.pk for m in municipalities],
    )
    governed = {m.pk for m in municipalities}
    table = IndicatorTable(years=years)
    trend_years = years[-DYNAMICS_YEARS:]
    for municipality in sorted(shown.values(), key=lambda m: m.name):
        school_rows = []
        for school in by_municipality.get(municipality.pk, []):
            series = data.get((indicator.pk, ("school", school.pk)), {})
            points = evaluation.dynamics(series, years=trend_years, direction=indicator.direction)
            school_rows.append(
                TableRow(
                    ("school", school.pk),
                    school.short_name,
                    [series.get(y) for y in years],
                    trend=evaluation.overall_trend(points, indicator.direction),
                )
            )
        if municipality.pk in governed:
            own = data.get((indicator.pk, ("municipality", municipality.pk)), {})
            averaged = False
            if not own and indicator.level == Indicator.Level.SCHOOL:
                own, averaged = _school_mean(school_rows, years), True
            points = evaluation.dynamics(own, years=trend_years, direction=indicator.direction)
            table.rows.append(
                TableRow(
                    ("municipality", municipality.pk),
                    municipality.name,
                    [own.get(y) for y in years],
                    is_municipality=True,
                    averaged=averaged and any(v is not None for v in own.values()),
                    trend=evaluation.overall_trend(points, indicator.direction),
                )
            )
            if municipality_id is None:
                table.series[municipality.name] = [(y, own.get(y)) for y in years]
            else:
                label = f"{municipality.name} (среднее по школам)" if averaged else municipality.name
                table.series[label] = [(y, own.get(y)) for y in years]
        table.rows.extend(school_rows)
        if municipality_id is not None or municipality.pk not in governed:
            with_values = [r for r in school_rows if any(v is not None for v in r.values)]
            table.series_truncated = table.series_truncated or len(with_values) > CHART_SCHOOLS
            for row in with_values[:CHART_SCHOOLS]:
                table.series[row.label] = list(zip(years, row.values, strict=True))
    return table


def _school_mean(rows: list[TableRow], years: list[int]) -> dict[int, Decimal]:
    mean: dict[int, Decimal] = {}
    for index, year in enumerate(years):
        known = [v for r in rows if (v := r.values[index]) is not None]
        if known:
            mean[year] = Decimal(str(round(fmean(float(v) for v in known), 4)))
    return mean


# --- Maximum and stable improvement ------------------------------------------------------------


@dataclass
class ImprovementRow:
    school: School
    ranked: evaluation.RankedSubject


@dataclass
class ImprovementPanel:
    years: list[int]
    rows: list[ImprovementRow]
    schools_in_panel: int  # schools compared (the standard deviations are over them)
    schools_with_data: int  # of them, with a value in every year


def improvement_panel(
    *,
    indicator: Indicator,
    user: AnyUser,
    municipality_id: int | None = None,
    last_year: int | None = None,
    values: int = evaluation.DEFAULT_RANKING_VALUES,
) -> ImprovementPanel:
    """The schools with maximum and stable improvement among those the user sees (optionally of
    one municipality): evaluation.improvement_ranking over their yearly values."""
    schools_qs = visible_schools(user).with_municipality().order_by("short_name")
    if municipality_id is not None:
        schools_qs = schools_qs.filter(municipality_id=municipality_id)
    schools = {s.pk: s for s in schools_qs}
    if last_year is None:
        last_year = latest_year(indicator=indicator, school_ids=list(schools))
    years = evaluation.ranking_years(last_year, values)
    data = yearly_values(indicators=[indicator], years=years, school_ids=list(schools))
    panel = {pk: data.get((indicator.pk, ("school", pk)), {}) for pk in schools}
    ranked = evaluation.improvement_ranking(panel, years=years, direction=indicator.direction)
    return ImprovementPanel(
        years=years,
        rows=[ImprovementRow(schools[r.key], r) for r in ranked],
        schools_in_panel=len(schools),
        schools_with_data=sum(1 for series in panel.values() if all(series.get(y) is not None for y in years)),
    )


# --- Targets -----------------------------------------------------------------------------------


@dataclass
class TargetRow:
    target: Target
    subject_label: str
    municipality_name: str
    program_title: str
    result: evaluation.TargetResult


def target_evaluations(
    *,
    user,
    target_set_ids: list[int] | None = None,
    year: int | None = None,
    indicator: Indicator | None = None,
    municipality_ids: list[int] | None = None,
    school_id: int | None = None,
) -> list[TargetRow]:
    """Every target the user may see (of the given target sets — a program's are its set's; of the
    given municipalities — municipal targets and their schools' —; of one school) with its status
    in ``year`` — or, with no year, in its latest planned year that is already over (before the
    academic year in progress). Targets with no planned value for that year are left out. The
    subject filters are applied in SQL: a dashboard of one municipality never evaluates the whole
    region."""
    qs = visible_targets(user).select_related("indicator", "school__municipality", "municipality", "target_set")
    if target_set_ids is not None:
        qs = qs.filter(target_set_id__in=target_set_ids)
    if municipality_ids is not None:
        qs = qs.filter(Q(municipality_id__in=municipality_ids) | Q(school__municipality_id__in=municipality_ids))
    if school_id is not None:
        qs = qs.filter(school_id=school_id)
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    targets = list(qs.order_by("target_set_id", "indicator__code", "pk"))
    # A year is judged once it is over: the year in progress has no values to compare yet, so a
    # target planned for it would only ever say «нет данных».
    last_due = current_academic_year() - 1
    chosen: list[tuple[Target, dict[int, Decimal], int]] = []
    for target in targets:
        planned = evaluation.planned_by_year(target.planned)
        when = evaluation.evaluation_year(planned, year=year, last_due=last_due)
        if when is not None:
            chosen.append((target, planned, when))
    data = yearly_values(
        indicators={t.indicator_id: t.indicator for t, _p, _y in chosen}.values(),
        years={when for _t, _p, when in chosen},
        school_ids=[t.school_id for t, _p, _y in chosen if t.school_id],
        municipality_ids=[t.municipality_id for t, _p, _y in chosen if t.municipality_id],
    )
    rows = []
    for target, planned, when in chosen:
        if target.school is not None:
            subject: Subject = ("school", target.school.pk)
            subject_label, municipality = target.school.short_name, target.school.municipality
        else:
            assert target.municipality is not None  # a target is a school's or a municipality's
            subject = ("municipality", target.municipality.pk)
            subject_label, municipality = target.municipality.name, target.municipality
        actual = data.get((target.indicator_id, subject), {}).get(when)
        result = evaluation.target_status(
            actual=actual,
            planned=planned[when],
            baseline=target.baseline_value,
            direction=target.indicator.direction,
            year=when,
        )
        rows.append(
            TargetRow(
                target=target,
                subject_label=subject_label,
                municipality_name=municipality.name,
                program_title=target.target_set.title,
                result=result,
            )
        )
    return rows


def status_counts(rows: Iterable[TargetRow]) -> dict[evaluation.Status, int]:
    counts = {status: 0 for status in evaluation.Status}
    for row in rows:
        counts[row.result.status] += 1
    return counts
