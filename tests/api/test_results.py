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


@pytest.mark.parametrize(("path", "kind"), [("/api/v1/risk/", "risk"), ("/api/v1/assessments/", "assessments")])
def test_csv_cells_are_the_commands_cells(world, systems, results, issue, api, path, kind):
    """One formatter for both (schools.spreadsheets.csv_value): true/false, empty for unknown."""
    from indices.analysis.exports import export

    client = api(issue(systems.region_api, municipality=world.mun_a))
    api_rows = list(csv.reader(io.StringIO(client.get(path, {"year": 2025, "format": "csv"}).content.decode())))
    command = export(kind=kind, year=2025, region=world.region, file_format="csv").decode()
    command_rows = list(csv.reader(io.StringIO(command)))
    assert api_rows[0] == command_rows[0]
    mine = {"A-1", "A-2"}
    risk_or_low = 4 if kind == "risk" else -1  # the boolean column: risk_group, low
    assert {r[risk_or_low] for r in api_rows[1:]} <= {"true", "false", ""}
    assert [r[:1] + [r[risk_or_low]] for r in api_rows[1:]] == [
        r[:1] + [r[risk_or_low]] for r in command_rows[1:] if r[0] in mine
    ]


def test_a_token_over_two_regions_must_name_one(world, systems, results, api):
    """The region rule the command shares (indices.analysis.selectors.regions): the only region of
    the caller's schools, else a 400 that asks for it."""
    from rest_framework.test import APIClient

    superuser_api = type(world.staff_a).objects.create_superuser("api_super", "s@example.org", "x")
    client = APIClient()
    client.force_authenticate(superuser_api)
    ambiguous = client.get("/api/v1/risk/", {"year": 2025})
    assert ambiguous.status_code == 400
    assert "Укажите регион (region)" in ambiguous.json()["errors"]["region"][0]
    named = client.get("/api/v1/risk/", {"year": 2025, "region": world.region.pk})
    assert named.status_code == 200
