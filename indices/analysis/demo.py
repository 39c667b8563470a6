"""Demo assessment results beyond the index's ОГЭ: three years of ВПР (grades 4–8), ЕГЭ (grade 11),
ОГЭ in social studies and a municipal diagnostic work (МДР) for every demo school, by its type.

Seeded per school, so every run gives the same numbers. Most results stay clear of the risk
rule's threshold (a share below the minimum under 25 %); a few schools are given low assessments
by plan, so that the risk group has a school for each reason, schools entering and leaving it,
and the edge cases (a gap year, too few participants) — ``PLAN`` says which and why. Results that
exist already are left as they are.
"""

from __future__ import annotations

import hashlib
import random

from schools.demo.context_demo import demo_years
from schools.models import School, SchoolContext

from ..models import AssessmentResult, Procedure, Subject

OGE, EGE, VPR, MDR = Procedure.OGE.value, Procedure.EGE.value, Procedure.VPR.value, Procedure.MDR.value

# (procedure, grade, subject code) → a nominal maximum of its primary score
PRIMARY = {
    **{(VPR, 4, s): 20 for s in ("math", "russian", "world")},
    **{(VPR, g, s): 20 for g in range(5, 9) for s in ("math", "russian")},
    (MDR, 7, "math"): 25,
    (MDR, 8, "russian"): 30,
    (OGE, 9, "social"): 37,
}
EGE_SUBJECTS = ((EGE, 11, "russian"), (EGE, 11, "math"))

# Low assessments by plan: school → assessment → the demo years (0 = the earliest of three) in
# which its share below the minimum threshold is 30 % or more.
PLAN: dict[str, dict[tuple[str, int, str], tuple[int, ...]]] = {
    # «stably low results over three years»: the same ВПР low every year (consecutive from the
    # second year) and one more low in the last (both)
    "SYS-010": {(VPR, 6, "math"): (0, 1, 2), (VPR, 8, "russian"): (2,)},
    # the other stably low school: the municipal work low two years running (consecutive, last year)
    "SYS-030": {(MDR, 7, "math"): (1, 2)},
    # the targeted-accompaniment school: enters in the last year with both reasons
    "SYS-016": {(VPR, 7, "russian"): (1, 2), (VPR, 4, "math"): (2,)},
    # the low-results school of Dagestanskiye Ogni: two low assessments in the last year (same_year)
    "DAG-004": {(VPR, 5, "russian"): (2,), (OGE, 9, "social"): (2,), (EGE, 11, "russian"): (1,)},
    # the «группа риска» school: in the group in the second year, out of it in the last
    "DAG-005": {(VPR, 4, "math"): (1,), (VPR, 7, "math"): (1,)},
    # a Dubna program school: same_year in the first year, consecutive in the second, out in the last
    "DUB-007": {(EGE, 11, "math"): (0, 1), (VPR, 5, "math"): (0,)},
    # the other: low in the first and the last year with no work written in between — the gap
    # year breaks «consecutive», so it is not in the group
    "DUB-010": {(MDR, 7, "math"): (0, 2)},
    # a remote school: a low ВПР written by four pupils does not count
    "TUN-MOK": {(VPR, 5, "math"): (2,)},
}
GAPS = {("DUB-010", (MDR, 7, "math"), 1)}
FEW_PARTICIPANTS = {("TUN-MOK", (VPR, 5, "math"), 2): 4}


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))


def _assessments(school_type: str) -> list[tuple[str, int, str]]:
    if school_type == School.Type.NOSH:
        return [a for a in PRIMARY if a[1] == 4]
    basic = list(PRIMARY)
    return basic if school_type == School.Type.OOSH else [*basic, *EGE_SUBJECTS]


def _marks(share_2: float, rng: random.Random) -> dict[str, float]:
    share_5 = round(rng.uniform(8, 25), 1)
    share_4 = round(min(100 - share_2 - share_5 - 10, rng.uniform(25, 40)), 1)
    return {
        "share_2": share_2,
        "share_3": round(100 - share_2 - share_4 - share_5, 1),
        "share_4": share_4,
        "share_5": share_5,
    }


def demo_load_assessments(*, schools: dict[str, School]) -> int:
    """Adds the missing results; returns how many."""
    years = demo_years()
    subjects = dict(Subject.objects.values_list("code", "pk"))
    existing = set(
        AssessmentResult.objects.filter(school__in=schools.values()).values_list(
            "school_id", "year", "procedure", "grade", "subject_id"
        )
    )
    totals = {
        (school_id, year): total
        for school_id, year, total in SchoolContext.objects.filter(school__in=schools.values()).values_list(
            "school_id", "year", "total"
        )
    }
    rows = []
    for code in sorted(schools):
        school = schools[code]
        rng = _rng(f"assessments:{code}")
        plan = PLAN.get(code, {})
        weakness = rng.uniform(3, 14) + (6 if plan else 0)  # the school's usual share of «2»
        for index, year in enumerate(years):
            cohort = (totals.get((school.pk, year)) or rng.randint(150, 600)) / 11
            for assessment in _assessments(school.type):
                procedure, grade, subject = assessment
                if (code, assessment, index) in GAPS:
                    continue
                low = index in plan.get(assessment, ())
                participants = FEW_PARTICIPANTS.get(
                    (code, assessment, index), max(6 if low else 1, round(cohort * rng.uniform(0.7, 1.05)))
                )
                share = round(rng.uniform(30.5, 47) if low else min(24.0, max(0.0, rng.gauss(weakness, 3))), 1)
                values: dict = {}
                if procedure == EGE:
                    participants = max(6 if low else 1, round(participants * 0.7))
                    values["mean_score"] = round(72 - share * 0.9 + rng.uniform(-4, 4), 1)
                    # An ЕГЭ protocol without the share of those below the minimum: unknown to the rule.
                    values["share_below_min"] = None if not low and rng.random() < 0.1 else share
                else:
                    values.update(_marks(share, rng))
                    values["mean_score"] = round(PRIMARY[assessment] * (0.85 - share / 160), 1)
                if (school.pk, year, procedure, grade, subjects[subject]) in existing:
                    continue
                rows.append(
                    AssessmentResult(
                        school=school,
                        year=year,
                        procedure=procedure,
                        grade=grade,
                        subject_id=subjects[subject],
                        participants=participants,
                        sd=None,
                        **values,
                    )
                )
    AssessmentResult.objects.bulk_create(rows)
    return len(rows)
