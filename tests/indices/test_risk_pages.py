"""The risk group pages of a municipality and a region: who may open them, the reason in words
and the assessments behind it, entering and leaving, no data, the workbook, the query count."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indices.models import AssessmentResult, Subject
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def _result(school, year, subject="math", procedure="ОГЭ", grade=9, share=Decimal("10"), participants=20):
    return AssessmentResult.objects.create(
        school=school,
        year=year,
        procedure=procedure,
        grade=grade,
        subject=Subject.objects.get(code=subject),
        participants=participants,
        share_below_min=share,
    )


@pytest.fixture
def risk(world):
    """2025: A-1 two low results (same year, entered), A-2 math low in 2024 and 2025 (consecutive),
    A-3 in the group in 2024 and clear in 2025 (left), A-4 only a 2024 result (no data)."""
    a3 = SchoolFactory(municipality=world.mun_a, short_name="Школа А-3", code="A-3")
    a4 = SchoolFactory(municipality=world.mun_a, short_name="Школа А-4", code="A-4")
    _result(world.school_a, 2024)
    _result(world.school_a, 2025, share=Decimal("30"))
    _result(world.school_a, 2025, subject="russian", share=Decimal("45"))
    _result(world.school_a2, 2024, share=Decimal("50"))
    _result(world.school_a2, 2025, share=Decimal("31.5"))
    _result(a3, 2024, share=Decimal("40"))
    _result(a3, 2024, subject="russian", share=Decimal("40"))
    _result(a3, 2025, share=Decimal("5"))
    _result(a4, 2024)
    _result(world.school_b, 2025, share=Decimal("90"))
    _result(world.school_b, 2025, subject="russian", share=Decimal("90"))
    return {"a3": a3, "a4": a4}


def _text(response) -> str:
    return response.content.decode()


def test_municipal_staff_see_the_group_with_the_reasons_in_words(world, risk, client_for):
    response = client_for(world.staff_a).get(
        reverse("indices:risk_municipality", args=[world.mun_a.pk]), {"year": 2025}
    )
    assert response.status_code == 200
    html = _text(response)
    assert "два и более низких результата в одном году" in html
    assert "низкий результат по одной и той же процедуре два года подряд" in html
    assert "same_year" not in html and "consecutive" not in html
    overview = response.context["overview"]
    assert [r.school_code for r in overview.in_group] == ["A-1", "A-2"]
    assert [r.school_code for r in overview.entered] == ["A-1", "A-2"]
    assert [r.school_code for r in overview.left] == ["A-3"]
    assert [r.school_code for r in overview.no_data] == ["A-4"]
    assert "нет данных" in html
    assert "31,5" in html and "низкий" in html  # the assessment behind A-2, a decimal comma
    assert "Школа Б-1" not in html  # another region's school


def test_both_reasons_are_named_in_words(world, client_for):
    _result(world.school_a, 2024, share=Decimal("60"))
    _result(world.school_a, 2025, share=Decimal("60"))
    _result(world.school_a, 2025, subject="russian", share=Decimal("60"))
    response = client_for(world.region_staff).get(reverse("indices:risk_region", args=[world.region.pk]))
    assert response.status_code == 200
    assert response.context["year"] == 2025  # the newest year with results
    assert "по обоим основаниям" in _text(response)


@pytest.mark.parametrize(
    ("persona", "level", "expected"),
    [
        ("staff_a", "municipality", 200),
        ("region_staff", "municipality", 200),
        ("region_staff", "region", 200),
        ("staff_a", "region", 403),
        ("staff_b", "municipality", 403),
        ("staff_b", "region", 403),
        ("team_a", "municipality", 403),
        ("methodologist_a", "municipality", 403),
        ("api_a", "municipality", 403),
        ("team_a", "region", 403),
    ],
)
def test_who_may_open_the_pages(world, risk, client_for, persona, level, expected):
    pk = world.mun_a.pk if level == "municipality" else world.region.pk
    response = client_for(getattr(world, persona)).get(reverse(f"indices:risk_{level}", args=[pk]))
    assert response.status_code == expected


def test_anonymous_visitors_go_to_sign_in(world, client_for):
    response = client_for(None).get(reverse("indices:risk_municipality", args=[world.mun_a.pk]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_link_leads_to_the_users_own_area(world, client_for):
    assert client_for(world.staff_a).get(reverse("indices:risk"))["Location"] == reverse(
        "indices:risk_municipality", args=[world.mun_a.pk]
    )
    assert client_for(world.region_staff).get(reverse("indices:risk"))["Location"] == reverse(
        "indices:risk_region", args=[world.region.pk]
    )
    assert client_for(world.team_a).get(reverse("indices:risk")).status_code == 403


def test_committee_navigation_links_the_page(world, client_for):
    assert reverse("indices:risk") in _text(client_for(world.staff_a).get(reverse("home")))
    assert reverse("indices:risk") not in _text(client_for(world.team_a).get(reverse("home")))


def test_the_workbook_has_russian_headings_and_the_pages_rows(world, risk, client_for):
    response = client_for(world.staff_a).get(
        reverse("indices:risk_municipality", args=[world.mun_a.pk]), {"year": 2025, "format": "xlsx"}
    )
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Группа риска", "Процедуры", "Вошли и вышли", "Нет данных"]
    group = list(book["Группа риска"].values)
    assert group[0][:6] == ("Код школы", "Школа", "Муниципалитет", "Учебный год", "Состояние", "Основание")
    assert [(r[0], r[3], r[4], r[5]) for r in group[1:]] == [
        ("A-1", "2024/2025", "в группе риска", "два и более низких результата в одном году"),
        ("A-2", "2024/2025", "в группе риска", "низкий результат по одной и той же процедуре два года подряд"),
    ]
    lines = list(book["Процедуры"].values)
    assert lines[0][6] == "Доля не преодолевших минимальный порог, %"
    assert ("A-2", "Школа А-2", "ОГЭ", 9, "Математика", 20, 31.5, "низкий") in [
        (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]) for r in lines[1:]
    ]
    moved = [(r[0], r[4]) for r in list(book["Вошли и вышли"].values)[1:]]
    assert moved == [("A-1", "вошла в группу риска"), ("A-2", "вошла в группу риска"), ("A-3", "вышла из группы риска")]
    assert [(r[0], r[4]) for r in list(book["Нет данных"].values)[1:]] == [("A-4", "нет данных")]


def test_a_year_without_results_says_so(world, risk, client_for):
    AssessmentResult.objects.all().delete()
    response = client_for(world.staff_a).get(reverse("indices:risk_municipality", args=[world.mun_a.pk]))
    assert response.status_code == 200
    assert "нет результатов оценочных процедур" in _text(response)


def test_the_page_reads_a_fixed_number_of_queries(world, risk, client_for, django_assert_max_num_queries):
    for i in range(20):
        school = SchoolFactory(municipality=world.mun_a, code=f"M-{i:02}")
        _result(school, 2025, share=Decimal("35"))
        _result(school, 2025, subject="russian", share=Decimal("35"))
    client = client_for(world.region_staff)
    url = reverse("indices:risk_region", args=[world.region.pk])
    client.get(url)
    with django_assert_max_num_queries(20):
        assert client.get(url, {"year": 2025}).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(url, {"year": 2025, "format": "xlsx"}).status_code == 200
