"""The monitoring part of `manage.py demo_scale`: a value of every school-level indicator of the
shipped catalogue for every school and academic year (the entered counts and the shares computed
from them, consistent with each other), and the municipal indicators for every municipality.

About two million rows at full size: they go through COPY (schools/scale/bulk.py) as plain
tuples, without history records — generated data has no history to keep."""

from __future__ import annotations

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schools.scale.bulk import insert_rows
from schools.scale.context import ScaleContext

from .models import Indicator, IndicatorValue
from .services.periods import period_get_or_create

SOURCE_REF = "demo_scale"


def _ratio(part: np.ndarray, whole: np.ndarray) -> np.ndarray:
    return np.round(part / np.maximum(whole, 1) * 100, 4)


def _school_values(context: ScaleContext) -> dict[str, np.ndarray]:
    rng = context.rng("monitoring.values")
    n, y = context.totals.shape
    total = context.totals.astype(float)
    step = np.arange(y)[None, :]
    advantage = context.advantage[:, None]
    trend = rng.uniform(-0.02, 0.06, (n, 1))  # most schools improve a little, some do not

    def share_of(key: str) -> np.ndarray:
        share = context.shares[key]
        return np.where(np.isnan(share), np.nanmean(share), share)

    v: dict[str, np.ndarray] = {}
    v["teachers_total"] = np.maximum(4, np.round(total / rng.uniform(11, 16, (n, 1))))
    v["teachers_trained"] = np.minimum(
        v["teachers_total"], np.round(v["teachers_total"] * np.clip(rng.uniform(0.2, 0.5, (n, y)) + 0.15 * step, 0, 1))
    )
    v["share_teachers_trained"] = _ratio(v["teachers_trained"], v["teachers_total"])
    v["gia_participants"] = np.maximum(1, np.round(total / 11))
    passed = np.clip(rng.uniform(0.85, 0.97, (n, y)) + 0.03 * advantage + trend * step, 0, 1)
    v["gia_passed"] = np.minimum(v["gia_participants"], np.round(v["gia_participants"] * passed))
    v["share_gia_passed"] = _ratio(v["gia_passed"], v["gia_participants"])
    v["teacher_positions"] = np.round(v["teachers_total"] * rng.uniform(1.0, 1.15, (n, y)))
    v["teacher_positions_filled"] = np.minimum(v["teacher_positions"], v["teachers_total"])
    v["staffing_level"] = _ratio(v["teacher_positions_filled"], v["teacher_positions"])
    v["service_quality_score"] = np.round(np.clip(62 + 9 * advantage + rng.normal(0, 8, (n, y)), 0, 100), 1)
    v["students_on_register"] = np.round(total * share_of("on_register"))
    v["students_additional_education"] = np.round(total * rng.uniform(0.3, 0.8, (n, y)))
    v["parents_surveyed"] = np.maximum(10, np.round(total * 0.6))
    satisfied = np.clip(rng.uniform(0.6, 0.85, (n, y)) + trend * step, 0, 0.98)
    v["parents_satisfied"] = np.round(v["parents_surveyed"] * satisfied)
    v["share_parents_satisfied"] = _ratio(v["parents_satisfied"], v["parents_surveyed"])
    v["ovz_psych_support"] = np.round(total * share_of("disabilities") * rng.uniform(0.5, 1.0, (n, y)))
    return v


def _municipal_values(context: ScaleContext) -> dict[str, np.ndarray]:
    rng = context.rng("monitoring.municipal")
    m, y = context.municipality_ids.size, len(context.years)
    schools = np.bincount(context.school_municipality, minlength=m)[:, None].astype(float)
    v = {"schools_supported": np.maximum(1, np.round(schools * rng.uniform(0.05, 0.2, (m, 1)))) * np.ones((1, y))}
    v["schools_improved"] = np.round(v["schools_supported"] * rng.uniform(0.2, 0.7, (m, y)))
    v["share_schools_improved"] = _ratio(v["schools_improved"], v["schools_supported"])
    v["schools_equal_access"] = np.round(v["schools_supported"] * rng.uniform(0.3, 0.9, (m, y)))
    v["share_schools_equal_access"] = _ratio(v["schools_equal_access"], v["schools_supported"])
    return v


def _insert(
    context, values: dict[str, np.ndarray], subject_ids: list[int], areas: list[int], column: str, periods, indicators
) -> int:
    # areas: each subject's municipality (IndicatorValue.area), a school's or the municipality itself
    now = timezone.now().isoformat()
    codes = [c for c in values if c in indicators]
    kinds = {c: indicators[c].kind for c in codes}

    def rows():
        for code in codes:
            indicator_id = indicators[code].pk
            source = IndicatorValue.Source.COMPUTED if kinds[code] == Indicator.Kind.COMPUTED else "import"
            table = values[code].tolist()
            for j, year in enumerate(context.years):
                period_id = periods[year]
                for i, subject in enumerate(subject_ids):
                    yield (indicator_id, period_id, subject, areas[i], table[i][j], source, SOURCE_REF, now, 1)

    insert_rows(
        IndicatorValue,
        ["indicator_id", "period_id", column, "area_id", "value", "source", "source_ref", "updated_at", "version"],
        rows(),
    )
    return len(codes) * len(context.years) * len(subject_ids)


def load_scale(context: ScaleContext) -> str:
    indicators = {i.code: i for i in Indicator.objects.exclude(kind=Indicator.Kind.INDEX)}
    periods = {year: period_get_or_create(kind="academic_year", year=year).pk for year in context.years}
    with context.timed("monitoring_values_s"):
        municipalities = context.municipality_ids.tolist()
        school_areas = context.municipality_ids[context.school_municipality].tolist()
        school = _insert(
            context,
            _school_values(context),
            context.school_ids.tolist(),
            school_areas,
            "school_id",
            periods,
            indicators,
        )
        municipal = _insert(
            context,
            _municipal_values(context),
            municipalities,
            municipalities,
            "municipality_id",
            periods,
            indicators,
        )
    context.counts.update(indicator_values=school + municipal)
    return f"показателей: {len(indicators)}, значений: {school} по школам и {municipal} по муниципалитетам"


class ScaleData:
    """The monitoring part of ``manage.py demo_scale`` (schools.extensions.ScaleLoader): every
    school-level indicator for every school and year."""

    key = "monitoring"
    label = _("Мониторинг")
    order = 15

    def load(self, context: ScaleContext) -> str:
        return load_scale(context)


SCALE = ScaleData()
