"""Results as data: each school's results beside its municipality's and region's (participant-
weighted), the mark distributions and the trend, and the ranked results page."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from schools.models import Municipality, Region

from ...models import AssessmentResult
from ...stats.aggregate import difference, factorize, trend, weighted_distribution, weighted_means
from .shares import MARKS, assessment_codes, marks_tuple, with_effective_share


def _value(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


@dataclass(frozen=True)
class ResultLine:
    """One school's result of an assessment in a year, beside its municipality and region."""

    school_id: int
    school_code: str
    school_name: str
    municipality_id: int
    year: int
    procedure: str
    grade: int
    subject_code: str
    subject_name: str
    participants: int
    mean_score: float | None
    marks: tuple[float | None, float | None, float | None, float | None]  # shares of «2».. «5», %
    share_below_min: float | None  # effective_share_below_min()
    municipality_mean: float | None
    region_mean: float | None
    vs_municipality: float | None  # mean − the municipality's mean
    vs_region: float | None
    municipality_share_below_min: float | None
    region_share_below_min: float | None
    mean_slope: float | None  # the school's trend in this assessment: points per year over the years read
    mean_change: float | None  # from the academic year before (None: no mean that year)


@dataclass(frozen=True)
class LevelResult:
    """A municipality's or the region's results of an assessment in a year (participant-weighted)."""

    level: str  # "municipality" | "region"
    level_id: int
    name: str
    year: int
    procedure: str
    grade: int
    subject_code: str
    subject_name: str
    schools: int
    participants: int
    mean_score: float | None
    marks: tuple[float | None, float | None, float | None, float | None]
    share_below_min: float | None


@dataclass(frozen=True)
class ResultsOverview:
    lines: tuple[ResultLine, ...]  # the schools asked for, by code, year, procedure, grade, subject
    levels: tuple[LevelResult, ...]  # every municipality of the region, then the region


def results_overview(
    *,
    region_id: int,
    years: Iterable[int],
    procedure: str | None = None,
    grade: int | None = None,
    subject_id: int | None = None,
    municipality_id: int | None = None,
    school_id: int | None = None,
) -> ResultsOverview:
    """Results of the region's schools in ``years`` (optionally one procedure, grade, subject),
    the lines restricted to a municipality or a school; references over the whole region."""
    filters: dict = {"school__region_id": region_id, "year__in": sorted({int(y) for y in years})}
    for key, value in (("procedure", procedure), ("grade", grade), ("subject_id", subject_id)):
        if value is not None:
            filters[key] = value
    rows = list(
        with_effective_share()
        .filter(**filters)
        .values_list(
            "school_id",
            "school__code",
            "school__short_name",
            "school__municipality_id",
            "year",
            "procedure",
            "grade",
            "subject_id",
            "subject__code",
            "subject__name",
            "participants",
            "mean_score",
            *MARKS,
            "effective_share",
        )
    )
    municipality_names = dict(Municipality.objects.filter(region_id=region_id).values_list("pk", "name"))
    region_name = Region.objects.filter(pk=region_id).values_list("name", flat=True).first() or ""
    if not rows:
        return ResultsOverview((), ())
    c = list(zip(*rows, strict=True))
    school, mun, year = (np.array(c[i], dtype=np.int64) for i in (0, 3, 4))
    assessment = assessment_codes(c[5], c[6], c[7])
    weights = np.array(c[10], dtype=np.float64)
    mean = np.array(c[11], dtype=np.float64)
    marks = np.array([c[12], c[13], c[14], c[15]], dtype=np.float64).T
    share = np.array(c[16], dtype=np.float64)

    def level(groups):
        means = weighted_means(index=groups.index, size=groups.size, values=mean, weights=weights)
        shares = weighted_means(index=groups.index, size=groups.size, values=share, weights=weights)
        distribution = weighted_distribution(index=groups.index, size=groups.size, shares=marks, weights=weights)
        schools = np.bincount(groups.index, minlength=groups.size)
        participants = np.bincount(groups.index, weights=weights, minlength=groups.size)
        return means.mean, shares.mean, distribution, schools, participants

    by_mun = factorize(mun, year, assessment)
    by_region = factorize(year, assessment)
    mun_level, region_level = level(by_mun), level(by_region)
    series = factorize(school, assessment)
    tr = trend(index=series.index, size=series.size, year=year, values=mean)
    vs_mun = difference(values=mean, index=by_mun.index, reference=mun_level[0])
    vs_region = difference(values=mean, index=by_region.index, reference=region_level[0])
    by_key = {(r[0], int(assessment[i]), r[4]): mean[i] for i, r in enumerate(rows)}

    lines = []
    for i, r in enumerate(rows):
        if (municipality_id is not None and r[3] != municipality_id) or (school_id is not None and r[0] != school_id):
            continue
        m, g, s = by_mun.index[i], by_region.index[i], series.index[i]
        lines.append(
            ResultLine(
                school_id=r[0],
                school_code=r[1],
                school_name=r[2],
                municipality_id=r[3],
                year=r[4],
                procedure=r[5],
                grade=r[6],
                subject_code=r[8],
                subject_name=r[9],
                participants=r[10],
                mean_score=None if r[11] is None else float(r[11]),
                marks=marks_tuple(None if v is None else float(v) for v in r[12:16]),
                share_below_min=None if r[16] is None else float(r[16]),
                municipality_mean=_value(mun_level[0][m]),
                region_mean=_value(region_level[0][g]),
                vs_municipality=_value(vs_mun[i]),
                vs_region=_value(vs_region[i]),
                municipality_share_below_min=_value(mun_level[1][m]),
                region_share_below_min=_value(region_level[1][g]),
                mean_slope=_value(tr.slope[s]),
                mean_change=_value(mean[i] - by_key.get((r[0], int(assessment[i]), r[4] - 1), np.nan)),
            )
        )
    lines.sort(key=lambda x: (x.school_code, x.year, x.procedure, x.grade, x.subject_name))

    # One (procedure, grade, subject code, subject name) per assessment code, from any of its rows.
    described = {int(assessment[i]): (r[5], r[6], r[8], r[9]) for i, r in enumerate(rows)}
    levels = []
    for kind, groups, values in (("municipality", by_mun, mun_level), ("region", by_region, region_level)):
        for g in range(groups.size):
            if kind == "municipality":
                level_id, name = int(groups.keys[0][g]), municipality_names.get(int(groups.keys[0][g]), "")
                year_g, code = int(groups.keys[1][g]), int(groups.keys[2][g])
            else:
                level_id, name = region_id, region_name
                year_g, code = int(groups.keys[0][g]), int(groups.keys[1][g])
            proc, grade_g, subject_code, subject_name = described[code]
            levels.append(
                LevelResult(
                    level=kind,
                    level_id=level_id,
                    name=name,
                    year=year_g,
                    procedure=proc,
                    grade=grade_g,
                    subject_code=subject_code,
                    subject_name=subject_name,
                    schools=int(values[3][g]),
                    participants=int(values[4][g]),
                    mean_score=_value(values[0][g]),
                    marks=marks_tuple(_value(v) for v in values[2][g]),
                    share_below_min=_value(values[1][g]),
                )
            )
    return ResultsOverview(tuple(lines), tuple(levels))


@dataclass(frozen=True)
class AssessmentChoice:
    procedure: str
    grade: int
    subject_id: int
    subject_name: str


def assessment_choices(*, region_id: int, year: int) -> list[AssessmentChoice]:
    """The assessments (procedure, grade, subject) the region's schools have results of in the year."""
    rows = (
        AssessmentResult.objects.filter(school__region_id=region_id, year=year)
        .values_list("procedure", "grade", "subject_id", "subject__name")
        .distinct()
    )
    return sorted((AssessmentChoice(*row) for row in rows), key=lambda c: (c.procedure, c.grade, c.subject_name))


@dataclass(frozen=True)
class ResultsRanking:
    """The schools' results of one assessment in a year, best mean first, with the references."""

    lines: tuple[ResultLine, ...]
    municipality: LevelResult | None
    region: LevelResult | None


def results_ranking(
    *,
    region_id: int,
    year: int,
    procedure: str,
    grade: int,
    subject_id: int,
    municipality_id: int | None = None,
    school_ids: Iterable[int] | None = None,
) -> ResultsRanking:
    """:func:`results_overview` of one assessment, the lines restricted to ``school_ids`` (the
    schools the user may see) and ranked by the mean (schools without one last)."""
    # The year before is read too, for each school's change of the mean (the trend column).
    overview = results_overview(
        region_id=region_id,
        years=[year - 1, year],
        procedure=procedure,
        grade=grade,
        subject_id=subject_id,
        municipality_id=municipality_id,
    )
    allowed = None if school_ids is None else set(school_ids)
    lines = [line for line in overview.lines if line.year == year and (allowed is None or line.school_id in allowed)]
    lines.sort(key=lambda x: (x.mean_score is None, -(x.mean_score or 0), x.school_code))
    municipality = next(
        (
            lv
            for lv in overview.levels
            if lv.level == "municipality" and lv.level_id == municipality_id and lv.year == year
        ),
        None,
    )
    region = next((lv for lv in overview.levels if lv.level == "region" and lv.year == year), None)
    return ResultsRanking(tuple(lines), municipality, region)
