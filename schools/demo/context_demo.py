"""Plausible, deterministic profiles and context counts for the demo schools.

Each school draws from its own seeded generator, so `manage.py demo` gives the same numbers on
every machine. Schools the seeds describe as being in unfavourable conditions or with low results
get a less favourable social composition, so that the indices have something to find."""

from __future__ import annotations

import hashlib
import random
from decimal import Decimal

from ..models import School, SchoolContext, SchoolProfile
from ..models.context import FACTOR_KEYS
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
# Korolyov's No. 22 (000) is the program's school «в неблагоприятных социальных условиях», in a
# remote microdistrict with 18 nationalities: its composition is that of such a school, so that
# the index of social wellbeing puts it in a low group (1–4), as the document describes it.
SHARE_OVERRIDES = {
    "SYS-023": {"parents_higher_ed": 0.10, "single_parent": 0.30, "on_register": 0.035},
    "KOR-022": {"parents_higher_ed": 0.09, "single_parent": 0.34, "on_register": 0.045, "low_income": 0.38},
}


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


# What a seed states about its whole district, for the latest demo year (as KNOWN does for one
# school). Sysert (001): «21 общеобразовательное учреждение …, в которых обучается … 8818 человек,
# в том числе 515 обучающихся с ОВЗ»; «доля детей с миграцией в истории семьи … 60 процентов»;
# «высока доля малообеспеченных семей (40%)».
DISTRICT_FACTS = {
    "sysert": {"total": 8818, "disabilities": 515, "non_native": 0.60, "low_income": 0.40},
}


def _apportion(amount: int, weights: list[float], caps: list[int]) -> list[int]:
    """``amount`` split in proportion to ``weights`` (largest remainders), never above a cap."""
    total_weight = sum(weights) or 1.0
    raw = [amount * w / total_weight for w in weights]
    parts = [min(int(r), c) for r, c in zip(raw, caps, strict=True)]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    left = amount - sum(parts)
    while left > 0 and any(p < c for p, c in zip(parts, caps, strict=True)):
        for i in order:
            if left and parts[i] < caps[i]:
                parts[i] += 1
                left -= 1
    return parts


def demo_match_district_facts(*, municipality_code: str) -> bool:
    """Brings the latest demo year of a district's schools to the totals its seed states: the
    enrolment split in proportion to each school's own, the counts scaled with it, and the stated
    shares apportioned by each school's own composition. Deterministic, so re-running changes
    nothing."""
    facts = DISTRICT_FACTS.get(municipality_code)
    if facts is None:
        return False
    year = demo_years()[-1]
    contexts = list(
        SchoolContext.objects.filter(school__municipality__code=municipality_code, year=year).order_by("school_id")
    )
    if not contexts:
        return False
    totals = _apportion(facts["total"], [c.total for c in contexts], [10**6] * len(contexts))
    for context, total in zip(contexts, totals, strict=True):
        scale = total / context.total
        for key in FACTOR_KEYS:
            value = getattr(context, key)
            if value is not None:
                setattr(context, key, min(round(value * scale), total))
        context.total = total
    for key in ("non_native", "low_income"):
        amount = round(facts["total"] * facts[key])
        weights = [(getattr(c, key) or 0) + 1 for c in contexts]
        for context, value in zip(contexts, _apportion(amount, weights, totals), strict=True):
            setattr(context, key, value)
    disabilities = _apportion(facts["disabilities"], [(c.disabilities or 0) + 1 for c in contexts], totals)
    for context, value in zip(contexts, disabilities, strict=True):
        context.disabilities = value
    SchoolContext.objects.bulk_update(contexts, ["total", *FACTOR_KEYS])
    profiles = {
        p.school_id: p for p in SchoolProfile.objects.filter(school__in=[c.school_id for c in contexts], year=year)
    }
    for context in contexts:
        profile = profiles.get(context.school_id)
        if profile is not None:
            profile.enrolment, profile.disabilities = context.total, context.disabilities
    SchoolProfile.objects.bulk_update(list(profiles.values()), ["enrolment", "disabilities"])
    return True
