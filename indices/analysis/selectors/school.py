"""The school's «Результаты» tab (schools.extensions.SCHOOL_TABS): its assessments over the years,
its risk status, and the comparison with schools of the same ИСБШ group."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from schools.extensions import SchoolTab
from schools.models import School, User

from ...models import AssessmentResult, Run, SchoolResult
from ..charts import school_trend_specs
from .results import results_overview
from .risk import describe_risk_rule, risk_rule_current, school_risk
from .shares import with_effective_share


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
            "trends": school_trend_specs(lines),
        },
    }
