"""Plausible, deterministic profiles and context counts for the demo schools.

Each school draws from its own seeded generator, so `manage.py demo` gives the same numbers on
every machine. Schools the seeds describe as being in unfavourable conditions or with low results
get a less favourable social composition, so that the indices have something to find."""

from __future__ import annotations

import hashlib
import random
from decimal import Decimal

from ..models import School, SchoolContext, SchoolProfile
from ..years import current_academic_year

# (low, high) share of students per factor for an ordinary school.
BASE_SHARES = {
    "parents_higher_ed": (0.20, 0.45),
    "single_parent": (0.10, 0.22),
    "on_register": (0.005, 0.02),
    "non_native": (0.01, 0.08),
    "low_income": (0.05, 0.18),
    "large_family": (0.08, 0.18),
    "unemployed_parents": (0.02, 0.06),
    "guardianship": (0.005, 0.015),
    "difficult_situation": (0.01, 0.03),
    "disabilities": (0.03, 0.07),
}
# Multipliers for a school in unfavourable conditions: fewer educated parents, more risk.
UNFAVOURABLE = {
    "parents_higher_ed": 0.45,
    "single_parent": 1.6,
    "on_register": 2.5,
    "non_native": 2.0,
    "low_income": 2.0,
    "unemployed_parents": 2.0,
    "difficult_situation": 2.0,
}
UNFAVOURABLE_MARKERS = ("unfavourable", "low", "risk", "target", "accompaniment", "targeted support")

# Facts the seeds give: Korolyov's school No. 22 has 419 students, 72 of them non-native (000).
KNOWN = {"KOR-022": {"total": 419, "non_native": 72}}
# Sysert's resilient school (seed 001, category «адресная поддержка»): a clearly unfavourable
# composition, so that its good results stand out against its context as the model intends.
SHARE_OVERRIDES = {"SYS-023": {"parents_higher_ed": 0.10, "single_parent": 0.30, "on_register": 0.035}}


def _rng(code: str) -> random.Random:
    return random.Random(int(hashlib.sha256(code.encode()).hexdigest()[:12], 16))


def _enrolment(school: School, rng: random.Random) -> int:
    if school.small_class:
        return rng.randint(25, 90)
    if school.locality == School.Locality.RURAL:
        return rng.randint(90, 320)
    if school.type == School.Type.NOSH:
        return rng.randint(150, 350)
    return rng.randint(450, 1150)


def demo_years(count: int = 3) -> list[int]:
    """The last `count` completed academic years (by their ending year)."""
    last_completed = current_academic_year() - 1
    return list(range(last_completed - count + 1, last_completed + 1))


def demo_load_context(*, schools: dict[str, School], roles: dict[str, str]) -> int:
    """Creates the missing yearly records only, so re-running adds no history noise."""
    existing_ctx = set(SchoolContext.objects.values_list("school_id", "year"))
    existing_prof = set(SchoolProfile.objects.values_list("school_id", "year"))
    created = 0
    for code, school in schools.items():
        rng = _rng(code)
        unfavourable = any(m in roles.get(code, "") for m in UNFAVOURABLE_MARKERS)
        base_total = KNOWN.get(code, {}).get("total") or _enrolment(school, rng)
        shares = {}
        for key, (low, high) in BASE_SHARES.items():
            share = rng.uniform(low, high) * (UNFAVOURABLE.get(key, 1.0) if unfavourable else 1.0)
            shares[key] = min(share, 0.9)
        shares.update(SHARE_OVERRIDES.get(code, {}))
        years = demo_years()
        for index, year in enumerate(years):
            is_last = index == len(years) - 1
            # Enrolment drifts a little year to year; the seed's own figures hold for the last year.
            total = base_total if is_last else max(10, round(base_total * rng.uniform(0.93, 1.04)))
            if (school.pk, year) not in existing_ctx:
                counts = {k: round(total * s * rng.uniform(0.9, 1.1)) for k, s in shares.items()}
                counts = {k: min(v, total) for k, v in counts.items()}
                if is_last:
                    counts.update({k: v for k, v in KNOWN.get(code, {}).items() if k != "total"})
                SchoolContext(school=school, year=year, total=total, **counts).save()
                created += 1
            if (school.pk, year) not in existing_prof:
                teachers = max(4, round(total / rng.uniform(11, 16)))
                first = Decimal(str(round(rng.uniform(20, 40), 1)))
                highest = Decimal(str(round(rng.uniform(10, 45 if not unfavourable else 25), 1)))
                SchoolProfile(
                    school=school,
                    year=year,
                    enrolment=total,
                    disabilities=round(total * shares["disabilities"]),
                    teachers=teachers,
                    share_first_category=first,
                    share_highest_category=highest,
                    vacancies=rng.randint(0, 4 if unfavourable else 2),
                ).save()
                created += 1
    return created
