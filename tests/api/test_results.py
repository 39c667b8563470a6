"""/api/v1/risk/ and /api/v1/assessments/: the columns of results_export, cut to the token's schools."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest

from indices.analysis.exports import ASSESSMENT_COLUMNS, RISK_COLUMNS
from indices.models import AssessmentResult, Subject

pytestmark = pytest.mark.django_db


def _result(school, year, subject="math", share="10"):
    AssessmentResult.objects.create(
        school=school,
        year=year,
        procedure="ОГЭ",
        grade=9,
        subject=Subject.objects.get(code=subject),
        participants=20,
        share_below_min=Decimal(share),
    )


@pytest.fixture
def results(world, systems):
    _result(world.school_a, 2025, share="40")
    _result(world.school_a, 2025, subject="russian", share="30")
    _result(world.school_a2, 2025)
    _result(systems.school_c, 2025, share="90")
    _result(world.school_b, 2025, share="90")


def test_a_municipality_token_reads_its_schools_risk(world, systems, results, issue, api):
    client = api(issue(systems.region_api, municipality=world.mun_a))
    response = client.get("/api/v1/risk/", {"year": 2025})
    assert response.status_code == 200, response.content
    rows = response.json()["results"]
    assert [list(r) for r in rows][0] == RISK_COLUMNS
    assert [(r["school_code"], r["risk_group"], r["risk_reason"]) for r in rows] == [
        ("A-1", True, "same_year"),
        ("A-2", False, None),
    ]


def test_a_school_token_reads_its_assessments_only(world, systems, results, issue, api):
    client = api(issue(world.api_a, school=world.school_a))
    rows = client.get("/api/v1/assessments/", {"year": 2025}).json()["results"]
    assert list(rows[0]) == ASSESSMENT_COLUMNS
    assert [(r["school_code"], r["subject"], r["share_below_min"], r["low"]) for r in rows] == [
        ("A-1", "math", "40.00", True),
        ("A-1", "russian", "30.00", True),
    ]


def test_csv_has_the_export_columns(world, systems, results, issue, api):
    client = api(issue(world.api_a, school=world.school_a))
    response = client.get("/api/v1/risk/", {"year": 2025, "format": "csv"})
    assert response.status_code == 200
    header = next(csv.reader(io.StringIO(response.content.decode())))
    assert header == RISK_COLUMNS


def test_bad_and_empty_queries_are_refused_in_russian(world, systems, results, issue, api):
    client = api(issue(world.api_a, school=world.school_a))
    assert client.get("/api/v1/risk/").status_code == 400
    missing = client.get("/api/v1/risk/", {"year": 2019})
    assert missing.status_code == 404 and "нет результатов" in missing.json()["detail"]
    other = client.get("/api/v1/risk/", {"year": 2025, "region": world.mun_b.region_id})
    assert other.status_code == 404
    assert api().get("/api/v1/risk/", {"year": 2025}).status_code == 401
