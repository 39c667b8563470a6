"""Reads of assessment results as data and of the risk-of-low-results rule.

* :func:`effective_share_below_min` is the one definition of the share below the minimum
  threshold that everything reads (pages, exports, the rule): the stored share when there is one;
  else, for the procedures graded with marks (ОГЭ, ВПР, РДР, МДР), the share of «2»; else (ЕГЭ
  without it) unknown.
* :func:`school_risk` — the risk group of a region's schools in some years: one query for the
  schools, one for the rows, the computation in ``indices.stats.risk``;
* :func:`risk_changes` — who entered and who left the group from one year to the next;
* :func:`results_overview` — each school's results beside its municipality's and region's
  (participant-weighted), the mark distributions and the trend, in two queries.

Selectors take ids and return every school asked for; which of them a user may see is the
caller's business (``schools.access.visible_schools``). References (the municipality's and the
region's means) are always computed over all their schools.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Case, DecimalField, F, Max, QuerySet, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from schools.extensions import SchoolTab
from schools.models import Municipality, Region, School, User

from ..models import AssessmentResult, Procedure, RiskRule, Run, SchoolResult
from ..stats.aggregate import difference, factorize, trend, weighted_distribution, weighted_means
from ..stats.risk import BOTH, CONSECUTIVE, NO_DATA, SAME_YEAR, risk_groups

#: The procedures graded with marks: their share of «2» stands in for an empty share below the
#: minimum threshold. ЕГЭ is scored in points (ScoreScale.min_score): no stand-in.
MARK_PROCEDURES = (Procedure.OGE.value, Procedure.VPR.value, Procedure.RDR.value, Procedure.MDR.value)
MARKS = ("share_2", "share_3", "share_4", "share_5")

REASON_TITLES = {
    SAME_YEAR: _("два и более низких результата в одном году"),
    CONSECUTIVE: _("низкий результат по одной и той же процедуре два года подряд"),
    BOTH: _("по обоим основаниям"),
    NO_DATA: _("нет данных"),
    None: _("не в группе риска"),
}


# --- the share below the minimum threshold ------------------------------------------------------


def effective_share_below_min() -> Coalesce:
    """The share below the minimum threshold as an SQL expression (docs/indices.md, «Риск низких
    результатов»): ``share_below_min``, else ``share_2`` for ОГЭ, ВПР, РДР, МДР, else NULL."""
    return Coalesce(
        F("share_below_min"),
        Case(When(procedure__in=MARK_PROCEDURES, then=F("share_2")), default=None),
        output_field=DecimalField(max_digits=5, decimal_places=2),
    )


def with_effective_share(
    qs: QuerySet[AssessmentResult] | None = None,
) -> QuerySet[Any]:  # annotated: the type checker cannot name the extra field
    """``qs`` (default: every result) with ``effective_share`` annotated."""
    base = AssessmentResult.objects.all() if qs is None else qs
    return base.annotate(effective_share=effective_share_below_min())


def _assessment_codes(procedure: Iterable[str], grade: Iterable[int], subject: Iterable[int]) -> np.ndarray:
    """(procedure, grade, subject) as one integer per row, for the numerical core."""
    index = {value: i for i, value in enumerate(Procedure.values)}
    p = np.fromiter((index[v] for v in procedure), dtype=np.int64)
    g = np.fromiter(grade, dtype=np.int64)
    s = np.fromiter(subject, dtype=np.int64)
    return (p * 100 + g) * 10_000_000 + s


Marks = tuple[float | None, float | None, float | None, float | None]


def _marks(values: Iterable[float | None]) -> Marks:
    """The shares of «2»..«5» as the four-tuple the lines carry."""
    two, three, four, five = values
    return (two, three, four, five)


def _school_filter(*, region_id: int, municipality_id: int | None, school_ids: Iterable[int] | None, prefix: str):
    filters: dict[str, object] = {f"{prefix}region_id": region_id}
    if municipality_id is not None:
        filters[f"{prefix}municipality_id"] = municipality_id
    if school_ids is not None:
        filters[f"{prefix}pk__in" if not prefix else f"{prefix}id__in"] = list(school_ids)
    return filters


# --- the risk rule --------------------------------------------------------------------------------


def risk_rule_current() -> RiskRule:
    """The current version (the migrations ship version 1); an unsaved rule with the defaults if
    none is stored."""
    return RiskRule.objects.filter(is_current=True).first() or RiskRule(version=0)


def describe_risk_rule(rule: RiskRule) -> list[tuple[str, str]]:
    """The rule in words, for pages and reports: (what, value) pairs."""
    from schools.formats import format_number

    return [
        (str(_("Порог доли не преодолевших минимальный порог")), f"{format_number(rule.share_threshold)}\u00a0%"),
        (str(_("Низких оценочных процедур в одном году, не меньше")), str(rule.min_low_assessments)),
        (str(_("Лет подряд для одной и той же оценочной процедуры")), str(rule.consecutive_years)),
        (str(_("Наименьшее число участников оценочной процедуры")), str(rule.min_participants)),
    ]


@dataclass(frozen=True)
class AssessmentLine:
    """One assessment result of a school in a year, as the rule reads it."""

    procedure: str
    grade: int
    subject_code: str
    subject_name: str
    participants: int
    share_below_min: Decimal | None  # effective_share_below_min()
    #: an assessment that counts: enough participants and a known share
    counts: bool
    #: counts, and the share is at least the threshold
    low: bool
    #: low in each of the consecutive years ending with this one
    consecutive: bool


@dataclass(frozen=True)
class SchoolRisk:
    school_id: int
    school_code: str
    school_name: str
    municipality_id: int
    municipality_name: str
    year: int
    assessments: int
    low_assessments: int
    risk_group: bool | None
    reason: str | None
    #: every result of the school in the year, by procedure, grade and subject
    lines: tuple[AssessmentLine, ...]

    @property
    def reason_title(self) -> str:
        return str(REASON_TITLES[self.reason])

    @property
    def low(self) -> tuple[AssessmentLine, ...]:
        """The assessments behind the risk."""
        return tuple(a for a in self.lines if a.low)


@dataclass(frozen=True)
class RiskTable:
    rule: RiskRule
    years: tuple[int, ...]
    #: by school code, then year
    rows: tuple[SchoolRisk, ...]
    #: the years in which the schools asked for have any assessment result at all
    years_with_results: frozenset[int]

    def for_year(self, year: int) -> list[SchoolRisk]:
        return [r for r in self.rows if r.year == year]

    def counts(self) -> dict[int, dict[str | None, int]]:
        """year → reason → schools (for the chart of the risk group over the years)."""
        out: dict[int, dict[str | None, int]] = {year: defaultdict(int) for year in self.years}
        for r in self.rows:
            out[r.year][r.reason] += 1
        return {year: dict(reasons) for year, reasons in out.items()}


def school_risk(
    *,
    years: Iterable[int],
    region_id: int,
    municipality_id: int | None = None,
    school_ids: Iterable[int] | None = None,
    rule: RiskRule | None = None,
) -> RiskTable:
    """The risk group of every school of the region (of the municipality, of ``school_ids``) in
    each of ``years``. Archived schools appear only in a year they have results in."""
    target = sorted({int(y) for y in years})
    rule = rule or risk_rule_current()
    parameters = rule.parameters()
    if not target:
        return RiskTable(rule, (), (), frozenset())
    ids = None if school_ids is None else list(school_ids)
    schools = {
        pk: (code, name, mun_id, mun_name, archived)
        for pk, code, name, mun_id, mun_name, archived in School.objects.filter(
            **_school_filter(region_id=region_id, municipality_id=municipality_id, school_ids=ids, prefix="")
        ).values_list("pk", "code", "short_name", "municipality_id", "municipality__name", "is_archived")
    }
    rows = list(
        with_effective_share()
        .filter(
            **_school_filter(region_id=region_id, municipality_id=municipality_id, school_ids=ids, prefix="school__"),
            year__gte=target[0] - (parameters.consecutive_years - 1),
            year__lte=target[-1],
        )
        .values_list(
            "school_id",
            "year",
            "procedure",
            "grade",
            "subject_id",
            "subject__code",
            "subject__name",
            "participants",
            "effective_share",
        )
    )
    columns = list(zip(*rows, strict=True)) if rows else [()] * 9
    in_target = {r[0] for r in rows if r[1] in target}
    population = sorted(pk for pk, info in schools.items() if not info[4] or pk in in_target)
    result = risk_groups(
        school=np.array(columns[0], dtype=np.int64),
        year=np.array(columns[1], dtype=np.int64),
        assessment=_assessment_codes(columns[2], columns[3], columns[4]),
        participants=np.array(columns[7], dtype=np.float64),
        share=np.array(columns[8], dtype=np.float64),
        years=target,
        schools=population,
        parameters=parameters,
    )
    lines: dict[int, list[AssessmentLine]] = defaultdict(list)
    entry_of, counts, low, chain = (
        result.row_entry.tolist(),
        result.row_qualifies.tolist(),
        result.row_low.tolist(),
        result.row_consecutive.tolist(),
    )
    for i, r in enumerate(rows):
        if entry_of[i] >= 0:  # the years asked for, not the look-back
            lines[entry_of[i]].append(AssessmentLine(r[2], r[3], r[5], r[6], r[7], r[8], counts[i], low[i], chain[i]))
    out = []
    for entry, record in enumerate(result.records()):
        code, name, mun_id, mun_name, _archived = schools[record["school"]]
        mine = sorted(lines.get(entry, ()), key=lambda a: (a.procedure, a.grade, a.subject_name))
        out.append(
            SchoolRisk(
                school_id=record["school"],
                school_code=code,
                school_name=name,
                municipality_id=mun_id,
                municipality_name=mun_name,
                year=record["year"],
                assessments=record["assessments"],
                low_assessments=record["low_assessments"],
                risk_group=record["risk_group"],
                reason=record["reason"],
                lines=tuple(mine),
            )
        )
    out.sort(key=lambda r: (r.school_code, r.school_id, r.year))
    return RiskTable(rule, tuple(target), tuple(out), frozenset(r[1] for r in rows if r[1] in target))


@dataclass(frozen=True)
class RiskChanges:
    """The group in ``year`` against the academic year before it."""

    year: int
    entered: tuple[SchoolRisk, ...]  # in the group now, not (or unknown) the year before
    left: tuple[SchoolRisk, ...]  # in the group the year before, not now
    stayed: tuple[SchoolRisk, ...]
    unknown: tuple[SchoolRisk, ...]  # in the group the year before, no data now


def risk_changes(
    *, year: int, region_id: int, municipality_id: int | None = None, rule: RiskRule | None = None
) -> RiskChanges:
    """Schools entering and leaving the risk group in ``year`` (one computation of both years)."""
    table = school_risk(years=[year - 1, year], region_id=region_id, municipality_id=municipality_id, rule=rule)
    before = {r.school_id: r for r in table.for_year(year - 1)}
    groups: dict[str, list[SchoolRisk]] = defaultdict(list)
    for now in table.for_year(year):
        was = before.get(now.school_id)
        was_in = was is not None and was.risk_group is True
        if now.risk_group is True:
            groups["stayed" if was_in else "entered"].append(now)
        elif was_in:
            groups["left" if now.risk_group is False else "unknown"].append(now)
    return RiskChanges(year, *(tuple(groups[k]) for k in ("entered", "left", "stayed", "unknown")))


# --- results as data ----------------------------------------------------------------------------


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
    assessment = _assessment_codes(c[5], c[6], c[7])
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
                marks=_marks(None if v is None else float(v) for v in r[12:16]),
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
                    marks=_marks(_value(v) for v in values[2][g]),
                    share_below_min=_value(values[1][g]),
                )
            )
    return ResultsOverview(tuple(lines), tuple(levels))


# --- the risk group page ---------------------------------------------------------------------------


def result_years(*, region_id: int) -> list[int]:
    """The years in which the region's schools have any assessment result, newest first."""
    return list(
        AssessmentResult.objects.filter(school__region_id=region_id)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class RiskOverview:
    """The risk group of some schools in ``year`` against the academic year before it."""

    year: int
    rule: RiskRule
    in_group: tuple[SchoolRisk, ...]
    no_data: tuple[SchoolRisk, ...]
    entered: tuple[SchoolRisk, ...]  # in the group now, not in it (or unknown) the year before
    left: tuple[SchoolRisk, ...]  # in the group the year before, not now (or no data now)
    schools: int
    has_results: bool


def risk_overview(
    *, year: int, region_id: int, municipality_id: int | None = None, school_ids: Iterable[int] | None = None
) -> RiskOverview:
    """The page's reading of :func:`school_risk`: one computation of ``year`` and the year before,
    restricted to ``school_ids`` (the schools the user may see)."""
    table = school_risk(
        years=[year - 1, year], region_id=region_id, municipality_id=municipality_id, school_ids=school_ids
    )
    before = {r.school_id: r for r in table.for_year(year - 1)}
    now = table.for_year(year)
    entered, left = [], []
    for r in now:
        was_in = r.school_id in before and before[r.school_id].risk_group is True
        if r.risk_group is True and not was_in:
            entered.append(r)
        elif r.risk_group is not True and was_in:
            left.append(r)
    return RiskOverview(
        year=year,
        rule=table.rule,
        in_group=tuple(r for r in now if r.risk_group is True),
        no_data=tuple(r for r in now if r.reason == NO_DATA),
        entered=tuple(entered),
        left=tuple(left),
        schools=len(now),
        has_results=year in table.years_with_results,
    )


# --- the results page ------------------------------------------------------------------------------


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
    overview = results_overview(
        region_id=region_id,
        years=[year],
        procedure=procedure,
        grade=grade,
        subject_id=subject_id,
        municipality_id=municipality_id,
    )
    allowed = None if school_ids is None else set(school_ids)
    lines = [line for line in overview.lines if allowed is None or line.school_id in allowed]
    lines.sort(key=lambda x: (x.mean_score is None, -(x.mean_score or 0), x.school_code))
    municipality = next(
        (lv for lv in overview.levels if lv.level == "municipality" and lv.level_id == municipality_id), None
    )
    region = next((lv for lv in overview.levels if lv.level == "region"), None)
    return ResultsRanking(tuple(lines), municipality, region)


# --- similar schools -------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeerLine:
    """The school's result of an assessment beside its peers' (participant-weighted)."""

    procedure: str
    grade: int
    subject_name: str
    participants: int
    mean_score: float | None
    share_below_min: float | None
    peers: int  # peer schools with a result of this assessment
    peers_mean: float | None
    peers_share_below_min: float | None


@dataclass(frozen=True)
class PeerComparison:
    run_year: int  # the year of the index run whose ИСБШ group is used
    group: int
    schools: int  # peer schools in the group (the school itself not counted)
    year: int  # the year of the results compared
    lines: tuple[PeerLine, ...]


def _weighted(pairs: list[tuple[float, float]]) -> float | None:
    total = sum(w for _v, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else None


def similar_schools(*, school: School) -> PeerComparison | None:
    """The school's latest results beside those of the schools in its ИСБШ group (the same social
    conditions) in the latest finished regional index run; None without such a run or results."""
    latest = (
        SchoolResult.objects.filter(
            school=school, run__status=Run.Status.DONE, run__municipality__isnull=True, wellbeing_group__isnull=False
        )
        .select_related("run")
        .order_by("-run__year", "-run__finished_at", "-run_id")
        .first()
    )
    year = AssessmentResult.objects.filter(school=school).aggregate(last=Max("year"))["last"]
    group = None if latest is None else latest.wellbeing_group
    if latest is None or group is None or year is None:
        return None
    peer_ids = list(
        SchoolResult.objects.filter(run_id=latest.run_id, wellbeing_group=group)
        .exclude(school_id=school.pk)
        .values_list("school_id", flat=True)
    )
    rows = with_effective_share().filter(school_id__in=[*peer_ids, school.pk], year=year)
    own: dict[tuple, tuple] = {}
    peers: dict[tuple, list[tuple]] = defaultdict(list)
    for school_id, procedure, grade, subject, participants, mean, share in rows.values_list(
        "school_id", "procedure", "grade", "subject__name", "participants", "mean_score", "effective_share"
    ):
        key = (procedure, grade, subject)
        if school_id == school.pk:
            own[key] = (participants, mean, share)
        else:
            peers[key].append((participants, mean, share))
    lines = []
    for key in sorted(own):
        participants, mean, share = own[key]
        theirs = peers.get(key, [])
        lines.append(
            PeerLine(
                procedure=key[0],
                grade=key[1],
                subject_name=key[2],
                participants=participants,
                mean_score=None if mean is None else float(mean),
                share_below_min=None if share is None else float(share),
                peers=len(theirs),
                peers_mean=_weighted([(float(m), n) for n, m, _s in theirs if m is not None]),
                peers_share_below_min=_weighted([(float(sh), n) for n, _m, sh in theirs if sh is not None]),
            )
        )
    return PeerComparison(latest.run.year, group, len(peer_ids), year, tuple(lines))


# --- the school's «Результаты» tab -----------------------------------------------------------------


def results_tab(school: School, user: User) -> SchoolTab | None:
    """The school page's «Результаты» tab: every assessment over the years beside the
    municipality and the region, and the school's risk status per year with the reason."""
    if not user.has_perm("schools.view_school", school):
        return None
    years = sorted(set(AssessmentResult.objects.filter(school=school).values_list("year", flat=True)), reverse=True)
    overview = results_overview(region_id=school.region_id, years=years, school_id=school.pk) if years else None
    lines = sorted(
        overview.lines if overview else (),
        key=lambda x: (-x.year, x.procedure, x.grade, x.subject_name),
    )
    risk = school_risk(years=years, region_id=school.region_id, school_ids=[school.pk]) if years else None
    low = {
        (r.year, a.procedure, a.grade, a.subject_code) for r in (risk.rows if risk else ()) for a in r.lines if a.low
    }
    return {
        "key": "results",
        "label": _("Результаты"),
        "template": "indices/_results_tab.html",
        "context": {
            "school": school,
            "lines": [(x, (x.year, x.procedure, x.grade, x.subject_code) in low) for x in lines],
            "risk": sorted(risk.rows, key=lambda r: -r.year) if risk else [],
            "rule": describe_risk_rule(risk.rule if risk else risk_rule_current()),
            "peers": similar_schools(school=school),
        },
    }
