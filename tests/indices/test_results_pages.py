"""The results pages of a municipality and a region: the filter, the ranking with the references,
who may open them, the workbook, the query count."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indices.models import AssessmentResult, Subject
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def _result(school, year, subject="math", procedure="ОГЭ", grade=9, mean="3.5", marks=(10, 40, 30, 20), n=20):
    return AssessmentResult.objects.create(
        school=school,
        year=year,
        procedure=procedure,
        grade=grade,
        subject=Subject.objects.get(code=subject),
        participants=n,
        mean_score=Decimal(mean),
        share_2=Decimal(marks[0]),
        share_3=Decimal(marks[1]),
        share_4=Decimal(marks[2]),
        share_5=Decimal(marks[3]),
    )


@pytest.fixture
def results(world):
    _result(world.school_a, 2025, mean="3.2", marks=(20, 40, 30, 10))
    _result(world.school_a2, 2025, mean="4.1", marks=(0, 20, 50, 30), n=30)
    _result(world.school_a, 2025, procedure="ВПР", grade=5, mean="3.9")
    _result(world.school_a, 2024, mean="3.0")
    _result(world.school_b, 2025, mean="4.9")


def test_the_schools_are_ranked_with_the_references(world, results, client_for):
    response = client_for(world.staff_a).get(
        reverse("indices:results_municipality", args=[world.mun_a.pk]),
        {"year": 2025, "procedure": "ОГЭ", "grade": 9, "subject": Subject.objects.get(code="math").pk},
    )
    assert response.status_code == 200
    ranking = response.context["ranking"]
    assert [line.school_code for line in ranking.lines] == ["A-2", "A-1"]
    html = response.content.decode()
    assert "4,1" in html and "3,2" in html  # decimal commas
    assert ranking.municipality.mean_score == pytest.approx((3.2 * 20 + 4.1 * 30) / 50)
    assert "Школа Б-1" not in html
    assert "2024/2025" in html


def test_the_filter_picks_another_assessment(world, results, client_for):
    response = client_for(world.region_staff).get(
        reverse("indices:results_region", args=[world.region.pk]), {"year": 2025, "procedure": "ВПР"}
    )
    assert response.status_code == 200
    assert (response.context["chosen"].procedure, response.context["chosen"].grade) == ("ВПР", 5)
    assert [line.school_code for line in response.context["ranking"].lines] == ["A-1"]
    assert "<td>Город А</td>" in response.content.decode()  # the region's page names the municipality


@pytest.mark.parametrize(
    ("persona", "level", "expected"),
    [
        ("staff_a", "municipality", 200),
        ("region_staff", "region", 200),
        ("staff_a", "region", 403),
        ("staff_b", "municipality", 403),
        ("team_a", "municipality", 403),
        ("api_a", "region", 403),
    ],
)
def test_who_may_open_the_pages(world, results, client_for, persona, level, expected):
    pk = world.mun_a.pk if level == "municipality" else world.region.pk
    response = client_for(getattr(world, persona)).get(reverse(f"indices:results_{level}", args=[pk]))
    assert response.status_code == expected


def test_the_workbook_reads_back(world, results, client_for):
    response = client_for(world.staff_a).get(
        reverse("indices:results_municipality", args=[world.mun_a.pk]),
        {"year": 2025, "procedure": "ОГЭ", "grade": 9, "format": "xlsx"},
    )
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content))["Результаты"].values)
    assert rows[0][:3] == ("Место", "Код школы", "Школа")
    assert "Доля не преодолевших минимальный порог, %" in rows[0]
    assert [(r[0], r[1], r[4], r[8]) for r in rows[1:3]] == [(1, "A-2", "ОГЭ", 4.1), (2, "A-1", "ОГЭ", 3.2)]
    assert rows[3][2] == "Город А" and rows[4][2] == "Тестовая область"
    assert rows[0][-1] == "Муниципалитет" and rows[1][-1] == "Город А"


def test_no_results_says_so(world, client_for):
    response = client_for(world.staff_a).get(reverse("indices:results_municipality", args=[world.mun_a.pk]))
    assert response.status_code == 200
    assert "нет результатов оценочных процедур" in response.content.decode()


def test_the_page_reads_a_fixed_number_of_queries(world, results, client_for, django_assert_max_num_queries):
    for i in range(20):
        _result(SchoolFactory(municipality=world.mun_a, code=f"M-{i:02}"), 2025)
    client = client_for(world.region_staff)
    url = reverse("indices:results_region", args=[world.region.pk])
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url, {"year": 2025}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url, {"year": 2025, "format": "xlsx"}).status_code == 200


def test_the_municipal_pages_query_count_does_not_grow_with_the_schools(world, results, client_for):
    """The benchmark's page (bench/results.py) at any size: the same queries for 2 schools or 30."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(world.staff_a)
    pages = [
        reverse("indices:results_municipality", args=[world.mun_a.pk]),
        reverse("indices:risk_municipality", args=[world.mun_a.pk]),
    ]

    def counts() -> list[int]:
        out = []
        for url in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, {"year": 2025}).status_code == 200
            out.append(len(queries))
        return out

    client.get(pages[0])  # the session and the scope
    before = counts()
    for i in range(28):
        school = SchoolFactory(municipality=world.mun_a, code=f"N-{i:02}")
        _result(school, 2024)
        _result(school, 2025)
    assert counts() == before
