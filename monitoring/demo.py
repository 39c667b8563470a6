"""Demo monitoring data: three academic years of a few entered indicators for every demo school
(with their computed shares), and one open data collection in Korolyov so that the school team's
home page has a form to fill."""

from __future__ import annotations

import datetime
import hashlib
import random
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from schools.demo.context_demo import demo_years
from schools.models import Municipality, School, SchoolContext, User

from .models import Collection, Indicator, IndicatorValue
from .services.collections import collection_open
from .services.periods import period_get_or_create
from .services.values import values_compute


def _rng(key: str) -> random.Random:
    return random.Random(int(hashlib.sha256(key.encode()).hexdigest()[:12], 16))


@transaction.atomic
def demo_load_monitoring(*, municipalities: dict[str, Municipality]) -> str:
    codes = [
        "teachers_total",
        "teachers_trained",
        "gia_participants",
        "gia_passed",
        "students_on_register",
        "parents_surveyed",
        "parents_satisfied",
    ]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    if len(indicators) != len(codes):
        return "каталог показателей не найден"
    schools = list(School.objects.filter(municipality__in=municipalities.values()))
    totals = {(c.school_id, c.year): c.total for c in SchoolContext.objects.filter(school__in=schools)}
    existing = set(
        IndicatorValue.objects.filter(indicator__in=indicators.values(), school__in=schools).values_list(
            "indicator_id", "school_id", "period__year"
        )
    )
    rows = []
    periods = {year: period_get_or_create(kind="academic_year", year=year) for year in demo_years()}
    for school in schools:
        rng = _rng(f"monitoring:{school.code}")
        trend = rng.uniform(-0.02, 0.06)  # most schools improve a little, some do not
        for step, year in enumerate(demo_years()):
            total = totals.get((school.pk, year)) or 300
            teachers = max(5, round(total / 13))
            graduates = max(3, round(total / 11))
            satisfied_share = min(0.98, rng.uniform(0.6, 0.85) + trend * step)
            values = {
                "teachers_total": teachers,
                "teachers_trained": min(teachers, round(teachers * min(1.0, rng.uniform(0.2, 0.5) + 0.15 * step))),
                "gia_participants": graduates,
                "gia_passed": min(graduates, round(graduates * min(1.0, rng.uniform(0.85, 0.97) + trend * step))),
                "students_on_register": max(0, round(total * max(0.0, rng.uniform(0.005, 0.03) - trend * step / 5))),
                "parents_surveyed": max(10, round(total * 0.6)),
            }
            values["parents_satisfied"] = round(values["parents_surveyed"] * satisfied_share)
            for code, value in values.items():
                indicator = indicators[code]
                if (indicator.pk, school.pk, year) not in existing:
                    rows.append(
                        IndicatorValue(
                            indicator=indicator,
                            period=periods[year],
                            school=school,
                            value=value,
                            source=IndicatorValue.Source.MANUAL,
                            source_ref="demo",
                        )
                    )
    IndicatorValue.objects.bulk_create(IndicatorValue.fill_areas(rows), batch_size=2000)
    _survey_indicator()
    for period in periods.values():
        values_compute(period=period, school_ids=[s.pk for s in schools])
    collections = _open_collection(municipalities["korolev"], indicators)
    return f"значений показателей: {len(rows)}, открытых сборов: {collections}"


def _survey_indicator() -> None:
    """The parents' satisfaction share computed from the demo questionnaires: monitoring holds the
    indicator (so targets and collections can use it), the surveys app provides its values through
    schools.extensions.INDICATOR_VALUES under the same code (surveys.demo defines the rule)."""
    Indicator.objects.get_or_create(
        code="survey_parents_satisfied",
        defaults={
            "name": "Доля родителей, удовлетворённых качеством образования (по анкетам), %",
            "unit": Indicator.Unit.PERCENT,
            "kind": Indicator.Kind.INDEX,
            "method": "Доля анкет родителей с ответом 4 или 5 на вопрос об удовлетворённости "
            "качеством образования среди всех анкет родителей школы за учебный год; школа, где "
            "меньше 5 анкет, значения не получает.",
        },
    )


def _open_collection(municipality: Municipality, indicators: dict[str, Indicator]) -> int:
    title = "Мониторинг кадровых условий и удовлетворённости родителей"
    if Collection.objects.filter(municipality=municipality, title=title).exists():
        return 0
    staff = (
        User.objects.filter(memberships__municipality=municipality).first()
        or User.objects.filter(is_superuser=True).first()
    )
    year = demo_years()[-1] + 1  # the academic year in progress
    collection_open(
        municipality=municipality,
        title=title,
        period=period_get_or_create(kind="academic_year", year=year),
        indicators=[
            indicators[c] for c in ("teachers_total", "teachers_trained", "parents_surveyed", "parents_satisfied")
        ],
        schools=list(School.objects.filter(municipality=municipality)),
        deadline=timezone.localdate() + datetime.timedelta(days=14),
        user=staff,
    )
    return 1


class DemoData:
    """The monitoring part of ``manage.py demo`` (schools.extensions.DemoLoader): indicator values
    over three years and an open collection."""

    label = _("Мониторинг")
    order = 15

    def load(self, context: Mapping[str, Any]) -> str:
        return demo_load_monitoring(municipalities=context["municipalities"])


DEMO = DemoData()
