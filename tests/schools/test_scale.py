"""`manage.py demo_scale` on a small size: deterministic by seed, the counts it promises, and a
designed signal that the index regression finds. Runs on SQLite and (with make test) PostgreSQL,
where the big tables go through COPY."""

from __future__ import annotations

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from indices.models import AssessmentResult, Run
from monitoring.models import Indicator, IndicatorValue
from programs.models import Measure, Program, ProgressReport
from schools.models import Municipality, Region, School, SchoolContext, SchoolProfile
from schools.scale.context import ScaleSizes
from schools.scale.generate import SQLITE_MAX_SCHOOLS, ScaleError, scale_generate

pytestmark = pytest.mark.django_db

SMALL = ScaleSizes(schools=300, municipalities=20, regions=3, years=2, seed=11)


def _fingerprint() -> str:
    """Everything generated, by natural keys (never by pk, which a sequence hands out)."""
    digest = hashlib.sha256()
    parts = [
        School.objects.order_by("code").values_list("code", "municipality__code", "type", "locality", "short_name"),
        SchoolContext.objects.order_by("school__code", "year").values_list(
            "school__code", "year", "total", "parents_higher_ed", "single_parent", "on_register", "disabilities"
        ),
        SchoolProfile.objects.order_by("school__code", "year").values_list(
            "school__code", "year", "teachers", "share_highest_category"
        ),
        AssessmentResult.objects.order_by("school__code", "year", "subject__code").values_list(
            "school__code", "year", "subject__code", "participants", "mean_score", "sd"
        ),
        IndicatorValue.objects.order_by("indicator__code", "period__year", "school__code", "municipality__code")
        .values_list("indicator__code", "period__year", "school__code", "municipality__code", "value"),
        Measure.objects.order_by("program__municipality__code", "sort_key").values_list(
            "program__municipality__code", "number", "timing_text"
        ),
        ProgressReport.objects.order_by("occurrence__measure__program__municipality__code", "occurrence__measure__sort_key",
                                        "occurrence__due_date", "school__code").values_list(
            "occurrence__measure__program__municipality__code", "occurrence__measure__number", "occurrence__due_date",
            "school__code", "review",
        ),
        Run.objects.order_by("region__code", "year").values_list("region__code", "year", "input_fingerprint"),
    ]  # fmt: skip
    for rows in parts:
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def _generate_and_fingerprint(sizes: ScaleSizes) -> str:
    with transaction.atomic():
        scale_generate(sizes=sizes)
        fingerprint = _fingerprint()
        transaction.set_rollback(True)
    return fingerprint


def test_same_seed_gives_the_same_data_and_another_seed_does_not():
    first = _generate_and_fingerprint(SMALL)
    assert Region.objects.count() == 0  # rolled back: the second run starts from the same empty base
    assert _generate_and_fingerprint(SMALL) == first
    other = ScaleSizes(**{**SMALL.__dict__, "seed": 12})
    assert _generate_and_fingerprint(other) != first


def test_counts_match_the_sizes(capsys):
    call_command("demo_scale", schools=300, municipalities=20, regions=3, years=2, seed=5)
    assert (Region.objects.count(), Municipality.objects.count(), School.objects.count()) == (3, 20, 300)
    assert SchoolContext.objects.count() == SchoolProfile.objects.count() == 600
    # every school but the НОШ (no grade 9) has two ОГЭ subjects a year
    with_grade_9 = School.objects.exclude(type=School.Type.NOSH).count()
    assert AssessmentResult.objects.count() == with_grade_9 * 2 * 2
    school_indicators = Indicator.objects.filter(level="school").exclude(kind="index").count()
    municipal_indicators = Indicator.objects.filter(level="municipality").count()
    assert school_indicators >= 15
    assert IndicatorValue.objects.filter(school__isnull=False).count() == 300 * 2 * school_indicators
    assert IndicatorValue.objects.filter(municipality__isnull=False).count() == 20 * 2 * municipal_indicators
    assert Program.objects.count() == 2  # a tenth of the municipalities
    assert all(p.measures.count() == 50 for p in Program.objects.all())
    assert ProgressReport.objects.filter(review="accepted").exists()
    assert Run.objects.filter(status=Run.Status.DONE).count() == 3 * 2
    # the computed shares agree with the counts they come from
    value = IndicatorValue.objects.filter(indicator__code="share_gia_passed").select_related("school", "period").first()
    parts = dict(
        IndicatorValue.objects.filter(school=value.school, period=value.period).values_list("indicator__code", "value")
    )
    assert float(value.value) == pytest.approx(
        float(parts["gia_passed"]) / float(parts["gia_participants"]) * 100, abs=1e-3
    )
    out = capsys.readouterr().out
    assert "Строк:" in out and "indicator_values" in out


def test_the_index_regression_finds_the_designed_signs():
    scale_generate(sizes=SMALL)
    biggest = Run.objects.filter(status=Run.Status.DONE).order_by("-summary__n_schools", "-year").first()
    regression = biggest.summary["regression"]
    t = dict(
        zip(
            regression["names"], (c / s for c, s in zip(regression["coef"], regression["se"], strict=True)), strict=True
        )
    )
    assert t["parents_higher_ed"] > 3  # more parents with higher education: better results
    assert t["single_parent"] < -3  # more single-parent families: worse
    assert t["on_register"] < -2  # more students on a register: worse
    assert regression["r2"] > 0.5


def test_refuses_a_second_load_and_national_size_on_sqlite():
    scale_generate(sizes=SMALL)
    with pytest.raises(ScaleError, match="уже загружены"):
        scale_generate(sizes=SMALL)
    if connection.vendor != "postgresql":
        with pytest.raises(CommandError, match="PostgreSQL"):
            call_command("demo_scale", schools=SQLITE_MAX_SCHOOLS + 1)
