"""The charts of the results analysis pages (issue 17): the mark distributions of the chosen
assessment, the risk group over the years by reason, the school's trend beside its municipality and
region. The specs carry the numbers of the tables (checked against hand counts), the pages write
them for charts.js, and vl-convert draws each (the PDF path) with its Russian words."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from indices.models import AssessmentResult, Subject
from reporting.charts import chart_svg
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def _result(school, year, *, subject="math", share="10", marks=(10, 40, 30, 20), mean="3.6", n=20):
    return AssessmentResult.objects.create(
        school=school,
        year=year,
        procedure="ОГЭ",
        grade=9,
        subject=Subject.objects.get(code=subject),
        participants=n,
        mean_score=Decimal(mean),
        share_below_min=Decimal(share),
        share_2=Decimal(marks[0]),
        share_3=Decimal(marks[1]),
        share_4=Decimal(marks[2]),
        share_5=Decimal(marks[3]),
    )


@pytest.fixture
def data(world):
    """2024: A-3 two low (same year); A-2 math low. 2025: A-1 two low (same year), A-2 math low
    again (consecutive), A-3 clear. B-1 (another region) low everywhere, never counted."""
    a3 = SchoolFactory(municipality=world.mun_a, short_name="Школа А-3", code="A-3")
    _result(world.school_a, 2024, mean="3.9")
    _result(world.school_a, 2025, share="30", marks=(30, 40, 20, 10), mean="3.1", n=30)
    _result(world.school_a, 2025, subject="russian", share="45")
    _result(world.school_a2, 2024, share="50", mean="3.0")
    _result(world.school_a2, 2025, share="31.5", marks=(31.5, 38.5, 20, 10), mean="3.2", n=10)
    _result(a3, 2024, share="40")
    _result(a3, 2024, subject="russian", share="40")
    _result(a3, 2025, share="5", marks=(5, 25, 40, 30), mean="4.0", n=20)
    _result(world.school_b, 2025, share="90")
    _result(world.school_b, 2025, subject="russian", share="90")
    return a3


def _spec(response, testid: str) -> dict:
    html = response.content.decode()
    block = re.search(rf'data-testid="{testid}" data-chart>.*?<script[^>]*>(.*?)</script>', html, re.S)
    assert block, f"no chart {testid}"
    return json.loads(block.group(1))


def test_the_risk_chart_counts_the_group_by_reason_and_year(world, data, client_for):
    response = client_for(world.staff_a).get(reverse("indices:risk_municipality", args=[world.mun_a.pk]))
    spec = _spec(response, "risk-years-chart")
    counted = {(r["group"], r["series"]): r["value"] for r in spec["data"]["values"] if r["value"]}
    # By hand: 2024 — A-3 (two low); 2025 — A-1 (two low), A-2 (math low two years running).
    assert counted == {
        ("2023/2024", "два и более низких результата в одном году"): 1,
        ("2024/2025", "два и более низких результата в одном году"): 1,
        ("2024/2025", "низкий результат по одной и той же процедуре два года подряд"): 1,
    }
    svg = chart_svg(spec)
    assert "<svg" in svg and "Группа риска по годам" in svg and "2024/2025" in svg


def test_the_distribution_chart_has_the_marks_of_the_table(world, data, client_for):
    response = client_for(world.staff_a).get(
        reverse("indices:results_municipality", args=[world.mun_a.pk]),
        {"year": 2025, "procedure": "ОГЭ", "grade": 9, "subject": Subject.objects.get(code="math").pk},
    )
    spec = _spec(response, "results-distribution-chart")
    bars: dict[str, dict[str, float]] = {}
    for r in spec["data"]["values"]:
        bars.setdefault(r["group"], {})[r["series"]] = r["value"]
    assert bars["Школа А-1"] == {"«2»": 30, "«3»": 40, "«4»": 20, "«5»": 10}
    # The municipality's shares are participant-weighted: (30·30 + 31,5·10 + 5·20) / 60 for «2».
    municipality = bars["Муниципалитет: Город А"]
    assert municipality["«2»"] == pytest.approx((30 * 30 + 31.5 * 10 + 5 * 20) / 60)
    assert sum(municipality.values()) == pytest.approx(100)
    assert list(bars)[:2] == ["Регион: Тестовая область", "Муниципалитет: Город А"]
    assert "Школа Б-1" not in bars  # another region's school
    assert "Распределение отметок" in chart_svg(spec)


def test_the_school_tab_draws_the_trend_beside_the_municipality_and_region(world, data, client_for):
    response = client_for(world.staff_a).get(reverse("schools:detail", args=[world.school_a.pk]), {"tab": "results"})
    spec = _spec(response, "school-trend-chart")
    points = {(r["series"], r["year"]): r["value"] for r in spec["data"]["values"]}
    assert points[("Школа", 2024)] == pytest.approx(3.9) and points[("Школа", 2025)] == pytest.approx(3.1)
    # The municipality's 2025 mean of math: (3,1·30 + 3,2·10 + 4,0·20) / 60.
    assert points[("Муниципалитет", 2025)] == pytest.approx((3.1 * 30 + 3.2 * 10 + 4.0 * 20) / 60)
    assert "средний балл" in chart_svg(spec)


def test_no_group_in_any_year_says_so_instead_of_an_empty_chart(world, client_for):
    _result(world.school_a, 2025)
    html = client_for(world.staff_a).get(reverse("indices:risk_municipality", args=[world.mun_a.pk])).content.decode()
    assert "Ни в одном году ни одна школа не входила в группу риска." in html
    assert "data-chart" not in html


def test_the_results_page_shows_each_schools_change_from_the_year_before(world, data, client_for):
    response = client_for(world.staff_a).get(
        reverse("indices:results_municipality", args=[world.mun_a.pk]),
        {"year": 2025, "procedure": "ОГЭ", "grade": 9, "subject": Subject.objects.get(code="math").pk},
    )
    changes = {line.school_code: line.mean_change for line, _mun in response.context["rows"]}
    # 3,1 − 3,9; A-2: 3,2 − 3,0; A-3: 4,0 − 3,6 (the fixture's default mean in 2024).
    assert changes == pytest.approx({"A-1": -0.8, "A-2": 0.2, "A-3": 0.4})
    assert {line.year for line, _mun in response.context["rows"]} == {2025}
    assert response.context["ranking"].municipality.year == 2025
    html = response.content.decode()
    assert "Изменение за год" in html and "−0,8" in html and "+0,4" in html
