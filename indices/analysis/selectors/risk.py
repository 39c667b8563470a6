"""The risk-of-low-results rule read: the current rule, the risk group of a region's schools in some
years (one query for the schools, one for the rows, the computation in ``indices.stats.risk``),
who entered and left the group, and the risk group page."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.utils.translation import gettext_lazy as _

from schools.formats import count_of, ru_plural
from schools.models import School

from ...models import AssessmentResult, RiskRule
from ...stats.risk import BOTH, CONSECUTIVE, NO_DATA, SAME_YEAR, risk_groups
from .shares import assessment_codes, school_filter, with_effective_share

REASON_TITLES = {
    BOTH: _("по обоим основаниям"),
    NO_DATA: _("нет данных"),
    None: _("не в группе риска"),
}


def reason_title(reason: str | None, *, min_low: int = 2, consecutive_years: int = 2) -> str:
    """The reason in words, with the rule's own numbers (the defaults read «два … два года»)."""
    if reason == SAME_YEAR:
        if min_low == 2:
            return str(_("два и более низких результата в одном году"))
        low = ru_plural(min_low, "низкий результат", "низких результата", "низких результатов")
        return str(_("%(n)s и более %(low)s в одном году") % {"n": min_low, "low": low})
    if reason == CONSECUTIVE:
        if consecutive_years == 2:
            return str(_("низкий результат по одной и той же процедуре два года подряд"))
        return str(
            _("низкий результат по одной и той же процедуре %(years)s подряд")
            % {"years": count_of(consecutive_years, "год", "года", "лет")}
        )
    return str(REASON_TITLES[reason])


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
    #: the rule's numbers the reason is told with
    min_low: int = 2
    consecutive_years: int = 2

    @property
    def reason_title(self) -> str:
        return reason_title(self.reason, min_low=self.min_low, consecutive_years=self.consecutive_years)

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
    lines: str = "all",
) -> RiskTable:
    """The risk group of every school of the region (of the municipality, of ``school_ids``) in
    each of ``years``. Archived schools appear only in a year they have results in. ``lines``: the
    assessment lines of every row (``"all"``), of the rows in the group only (``"group"``: what the
    risk page lists) or of none (``"none"``: counts and reasons). Making the lines is most of the
    Python time at scale."""
    target = sorted({int(y) for y in years})
    rule = rule or risk_rule_current()
    parameters = rule.parameters()
    if not target:
        return RiskTable(rule, (), (), frozenset())
    ids = None if school_ids is None else list(school_ids)
    schools = {
        pk: (code, name, mun_id, mun_name, archived)
        for pk, code, name, mun_id, mun_name, archived in School.objects.filter(
            **school_filter(region_id=region_id, municipality_id=municipality_id, school_ids=ids, prefix="")
        ).values_list("pk", "code", "short_name", "municipality_id", "municipality__name", "is_archived")
    }
    rows = list(
        with_effective_share()
        .filter(
            **school_filter(region_id=region_id, municipality_id=municipality_id, school_ids=ids, prefix="school__"),
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
        assessment=assessment_codes(columns[2], columns[3], columns[4]),
        participants=np.array(columns[7], dtype=np.float64),
        share=np.array(columns[8], dtype=np.float64),
        years=target,
        schools=population,
        parameters=parameters,
    )
    by_entry: dict[int, list[AssessmentLine]] = defaultdict(list)
    entry_of, counts, low, chain = (
        result.row_entry.tolist(),
        result.row_qualifies.tolist(),
        result.row_low.tolist(),
        result.row_consecutive.tolist(),
    )
    records = result.records()
    wanted = None if lines == "all" else {e for e, rec in enumerate(records) if lines == "group" and rec["risk_group"]}
    for i, r in enumerate(rows if lines != "none" else ()):
        entry = entry_of[i]
        if entry >= 0 and (wanted is None or entry in wanted):  # the years asked for, not the look-back
            by_entry[entry].append(AssessmentLine(r[2], r[3], r[5], r[6], r[7], r[8], counts[i], low[i], chain[i]))
    out = []
    for entry, record in enumerate(records):
        code, name, mun_id, mun_name, _archived = schools[record["school"]]
        mine = sorted(by_entry.get(entry, ()), key=lambda a: (a.procedure, a.grade, a.subject_name))
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
                min_low=rule.min_low_assessments,
                consecutive_years=rule.consecutive_years,
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
    table = school_risk(
        years=[year - 1, year], region_id=region_id, municipality_id=municipality_id, rule=rule, lines="none"
    )
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
    *,
    year: int,
    region_id: int,
    municipality_id: int | None = None,
    school_ids: Iterable[int] | None = None,
    table: RiskTable | None = None,
) -> RiskOverview:
    """The page's reading of :func:`school_risk`: one computation of ``year`` and the year before,
    restricted to ``school_ids`` (the schools the user may see) — or the reading of ``table``, a
    computation of these schools that covers both years (the page computes every year once, for
    its chart too)."""
    if table is None:
        table = school_risk(
            years=[year - 1, year],
            region_id=region_id,
            municipality_id=municipality_id,
            school_ids=school_ids,
            lines="group",
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
