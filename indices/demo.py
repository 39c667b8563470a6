"""Demo assessment results and computed runs.

Results depend on each school's context (more educated parents → higher scores, more students on
registers → lower), plus a school effect taken from what the seeds say about it (resilient,
stably low, …), so the regression has signal and all categories of the Sysert model appear.
Sysert is brought to the 21 schools its model counts; the added ones are marked as invented."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _lazy

from schools.demo import seed_data
from schools.demo.context_demo import demo_load_context, demo_match_district_facts, demo_years
from schools.models import Municipality, School, SchoolContext

from .analysis.demo import demo_load_assessments
from .methodology import min_schools
from .models import AssessmentResult, Methodology, PilotSite, Procedure, Run, Subject
from .services import run_create, run_execute

SYSERT_SCHOOL_COUNT = 21  # seed 001: «21 общеобразовательная организация»
SETTLEMENTS = [
    "Сысерть",
    "Арамиль",
    "Двуреченск",
    "Патруши",
    "Бобровский",
    "Большое Седельниково",
    "Кашино",
    "Октябрьский",
    "Верхняя Сысерть",
    "Габиевский",
    "Щелкун",
    "Николаевка",
    "Абрамово",
    "Луговой",
]
# School effect on the quality index by what the seed says of the school.
EFFECTS = {
    "resilient": 0.38,
    "stably low": -0.2,
    "accompaniment": -0.08,
    "high-results": 0.10,
    "stable results": 0.06,
    # «индекс качества школ данной группы ниже или значительно ниже среднего регионального значения»
    "pilot": -0.15,
    "low-results": -0.10,
    "risk": -0.06,
    "growth": 0.04,
}
MAX = {"math": 31, "russian": 33}


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))


def _ensure_sysert(municipality: Municipality) -> dict[str, School]:
    existing = School.objects.filter(municipality=municipality).count()
    added = {}
    for i in range(existing, SYSERT_SCHOOL_COUNT):
        number = 40 + i
        settlement = SETTLEMENTS[i % len(SETTLEMENTS)]
        rural = settlement not in ("Сысерть", "Арамиль")
        # «более 40 процентов в общей численности ОУ составляют сельские малокомплектные школы»:
        # nine of 21 (one named by the seed, eight of the added village schools).
        small = rural and i < existing + 10  # the first ten added, two of which are in towns
        school, _ = School.objects.get_or_create(
            region=municipality.region,
            code=f"SYS-{number:03d}",
            defaults={
                "municipality": municipality,
                "short_name": f"МАОУ СОШ № {number}",
                "name": f"Муниципальное автономное общеобразовательное учреждение «Средняя общеобразовательная "
                f"школа № {number}» (демонстрационная, в документах не названа)",
                "type": School.Type.SOSH,
                "settlement": settlement,
                "locality": School.Locality.RURAL if rural else School.Locality.URBAN,
                "small_class": small,
            },
        )
        added[school.code] = school
    return added


def _effect(role: str) -> float:
    return sum(v for k, v in EFFECTS.items() if k in role)


def demo_load_results(*, schools: dict[str, School]) -> int:
    subjects = {s.code: s for s in Subject.objects.filter(code__in=MAX)}
    roles = {s["code"]: s.get("role_in_seed", "") for s in seed_data.SCHOOLS}
    existing = set(AssessmentResult.objects.values_list("school_id", "year"))
    contexts = {(c.school_id, c.year): c for c in SchoolContext.objects.filter(school__in=schools.values())}
    rows = []
    for code, school in schools.items():
        rng = _rng(f"results:{code}")
        effect = _effect(roles.get(code, "")) + rng.gauss(0, 0.07)
        for year in demo_years():
            if (school.pk, year) in existing:
                continue
            c = contexts.get((school.pk, year))
            if c is None:
                continue
            q = (
                0.78
                + 0.9 * (c.share("parents_higher_ed") or 0.3)
                - 0.6 * (c.share("single_parent") or 0.15)
                - 3.0 * (c.share("on_register") or 0.01)
                + effect
                + rng.gauss(0, 0.03)
            )
            participants = max(5, round(c.total / 11 * rng.uniform(0.8, 1.1)))
            for subject_code, base in (("math", 15.0), ("russian", 25.0)):
                mean = min(base * q * rng.uniform(0.97, 1.03), MAX[subject_code] * 0.97)
                sd = rng.uniform(3.5, 6.0)
                low = min(max(0.30 - 0.25 * (q - 0.8), 0.0), 0.4)
                share_2 = round(low * 20, 1)
                share_5 = round(max(0.05, 0.3 * q - 0.15) * 100, 1)
                share_4 = round(min(35.0, 100 - share_2 - share_5 - 20), 1)
                rows.append(
                    AssessmentResult(
                        school=school,
                        year=year,
                        procedure=Procedure.OGE,
                        grade=9,
                        subject=subjects[subject_code],
                        participants=participants,
                        mean_score=round(mean, 2),
                        sd=round(sd, 2),
                        share_2=share_2,
                        share_3=round(100 - share_2 - share_4 - share_5, 1),
                        share_4=share_4,
                        share_5=share_5,
                    )
                )
    AssessmentResult.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def demo_load_indices(*, municipalities: dict[str, Municipality], schools: dict[str, School]) -> str:
    sysert = municipalities["sysert"]
    added = _ensure_sysert(sysert)
    if added:
        demo_load_context(schools=added, roles={})
    demo_match_district_facts(municipality_code="sysert")
    all_schools = {s.code: s for s in School.objects.filter(municipality__in=municipalities.values())}
    results = demo_load_results(schools=all_schools)
    assessments = demo_load_assessments(schools=all_schools)
    pilot_codes = [s["code"] for s in seed_data.SCHOOLS if "pilot site" in s.get("role_in_seed", "")]
    for code in pilot_codes:
        for year in demo_years():
            PilotSite.objects.get_or_create(school=all_schools[code], year=year, defaults={"note": "самовыдвижение"})
    methodology = Methodology.objects.get(slug="default", is_current=True)
    runs = 0
    regions = {m.region for m in municipalities.values()}
    for region in sorted(regions, key=lambda r: r.code):
        with_context = SchoolContext.objects.filter(school__region=region, year=demo_years()[0]).count()
        if with_context < min_schools(methodology.definition):
            continue  # too few schools for a regression (Tungiro-Olyokminsky's three)
        for year in demo_years():
            if Run.objects.filter(region=region, municipality=None, year=year, status=Run.Status.DONE).exists():
                continue
            run_execute(run_id=run_create(methodology=methodology, year=year, region=region).pk)
            runs += 1
    return f"результатов ОГЭ: {results}, других оценочных процедур: {assessments}, расчётов индексов: {runs}"


class DemoData:
    """The indices' part of ``manage.py demo`` (schools.extensions.DemoLoader): results over three
    years and computed runs."""

    label = _lazy("Индексы")
    order = 10

    def load(self, context: Mapping[str, Any]) -> str:
        return demo_load_indices(municipalities=context["municipalities"], schools=context["schools"])


DEMO = DemoData()
