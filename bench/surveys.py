"""Surveys at the size of a region: 100,000 filled questionnaires of 30 questions aggregated for
the region (the results page of a region-wide campaign), plus the tracker and the indicator
computed from answers for all its schools. Prints the time of each step and the peak memory.

    DATABASE_URL=postgres://… .venv/bin/python bench/surveys.py [--responses 100000] [--schools 400]

Self-contained: it makes its own region, schools, questionnaire and answers inside one transaction
and rolls it back at the end, so it runs on any migrated database (PostgreSQL for real figures)
and leaves nothing behind."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_S = 30.0  # the results page of a region: at most half a minute
MEMORY_LIMIT_MB = 1024


class Rollback(Exception):
    pass


def spec_30():
    from surveys.spec import FormSpec, QuestionSpec

    five = [{"value": str(v), "label": f"вариант {v}"} for v in range(1, 6)]
    questions = []
    for i in range(1, 11):
        questions.append(
            QuestionSpec(name=f"s{i}", kind="single", label=f"Вопрос с одним ответом {i}", choices=five, required=True)
        )
    for i in range(1, 9):
        questions.append(QuestionSpec(name=f"r{i}", kind="scale", label=f"Шкала {i}", scale_min=1, scale_max=5))
    for i in range(1, 6):
        questions.append(QuestionSpec(name=f"m{i}", kind="multiple", label=f"Несколько ответов {i}", choices=five))
    for i in range(1, 5):
        questions.append(
            QuestionSpec(name=f"n{i}", kind="number", label=f"Число {i}", constraint=". >= 0 and . <= 100")
        )
    questions.append(
        QuestionSpec(
            name="grid",
            kind="matrix",
            label="Матрица",
            choices=five,
            statements=[{"name": f"g{i}", "label": f"Утверждение {i}"} for i in range(1, 6)],
        )
    )
    questions.append(QuestionSpec(name="t1", kind="text", label="Свой ответ", relevant="${s1} = '1'"))
    questions.append(QuestionSpec(name="t2", kind="long_text", label="Пожелания"))
    return FormSpec(title="Анкета бенчмарка (30 вопросов)", group="parents", questions=questions)


def answer(rng: random.Random) -> dict:
    a: dict = {f"s{i}": str(rng.randint(1, 5)) for i in range(1, 11)}
    a.update({f"r{i}": rng.randint(1, 5) for i in range(1, 9) if rng.random() < 0.95})
    a.update({f"m{i}": sorted(rng.sample("12345", rng.randint(1, 3))) for i in range(1, 6)})
    a.update({f"n{i}": rng.randint(0, 100) for i in range(1, 5)})
    a.update({f"g{i}": str(rng.randint(1, 5)) for i in range(1, 6)})
    if a["s1"] == "1":
        a["t1"] = "свой вариант"
    if rng.random() < 0.1:
        a["t2"] = rng.choice(["Спасибо", "Больше кружков", "Ремонт спортзала"])
    return a


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--schools", type=int, default=400)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Нужен DATABASE_URL перенесённой базы (PostgreSQL для настоящих цифр).")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from schools.models import Municipality, Region, School
    from surveys.models import CampaignSchool, Response, SurveyIndicator
    from surveys.selectors.campaigns import tracker
    from surveys.selectors.indicators import indicator_values
    from surveys.selectors.results import campaign_results
    from surveys.services.campaigns import campaign_create
    from surveys.services.questionnaires import questionnaire_create

    rng = random.Random(2026)
    try:
        with transaction.atomic():
            t0 = time.perf_counter()
            region = Region.objects.create(code="bsv", name="Регион бенчмарка анкет")
            municipalities = [
                Municipality.objects.create(region=region, code=f"bsv{i}", name=f"Округ {i}") for i in range(20)
            ]
            schools = School.objects.bulk_create(
                [
                    School(
                        municipality=municipalities[i % 20],
                        region=region,
                        code=f"bsv{i}",
                        name=f"Школа бенчмарка {i}",
                        short_name=f"Школа {i}",
                    )
                    for i in range(args.schools)
                ]
            )
            if connection.vendor != "postgresql":  # bulk_create returns ids on PostgreSQL only
                schools = list(School.objects.filter(region=region))
            questionnaire = questionnaire_create(spec=spec_30(), user=None)
            today = dt.date.today()
            campaign = campaign_create(
                title="Бенчмарк",
                questionnaire=questionnaire,
                region=region,
                municipality=None,
                start=today - dt.timedelta(days=20),
                end=today,
                schools=schools,
                user=None,
            )
            days = [today - dt.timedelta(days=d) for d in range(20)]
            batch = []
            for i in range(args.responses):
                batch.append(
                    Response(
                        campaign=campaign,
                        questionnaire=questionnaire,
                        school=schools[i % len(schools)],
                        submitted_on=days[i % 20],
                        answers=answer(rng),
                    )
                )
                if len(batch) == 5000:
                    Response.objects.bulk_create(batch)
                    batch = []
            Response.objects.bulk_create(batch)
            print(
                f"surveys_generate_s {time.perf_counter() - t0:.1f} responses {args.responses} questions {questionnaire.questions.count()} schools {len(schools)}",
                flush=True,
            )

            t0 = time.perf_counter()
            results = campaign_results(campaign=campaign)
            elapsed = time.perf_counter() - t0
            # Memory in a second pass: tracemalloc slows allocation-heavy code several times over.
            tracemalloc.start()
            campaign_results(campaign=campaign)
            _current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            assert results.responses == args.responses and not results.suppressed
            print(
                f"surveys_region_results_s {elapsed:.2f} ratio_to_limit {elapsed / LIMIT_S:.2f} "
                f"python_peak_mb {peak / 2**20:.1f} questions {len(results.questions)}",
                flush=True,
            )
            t0 = time.perf_counter()
            rows = tracker(campaign)
            print(f"surveys_tracker_s {time.perf_counter() - t0:.2f} schools {len(rows)}", flush=True)
            SurveyIndicator.objects.create(
                code="bench_share", name="Доля", family=questionnaire, question_name="r1", values=["4", "5"]
            )
            t0 = time.perf_counter()
            year = today.year + 1 if today.month >= 9 else today.year
            values = indicator_values(indicator_code="bench_share", school_ids=[s.pk for s in schools], year=year)
            print(f"surveys_indicator_s {time.perf_counter() - t0:.2f} schools_with_value {len(values)}", flush=True)
            assert CampaignSchool.objects.filter(campaign=campaign).count() == len(schools)
            raise Rollback
    except Rollback:
        pass
    import resource

    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"surveys_peak_rss_mb {peak_rss:.0f} ratio_to_limit {peak_rss / MEMORY_LIMIT_MB:.2f}", flush=True)


if __name__ == "__main__":
    main()
