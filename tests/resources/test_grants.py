"""Issue 19: the grant register — grants with their recipients, planned and spent, per program and
municipality, by year, as a page and a workbook; each persona sees the grants of the programs whose
funding it may see, and nothing of another municipality."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from programs.services.programs import program_amendment_open, program_approve
from resources.services.funding import funding_add

from .conftest import make_live

pytestmark = pytest.mark.django_db

URL = reverse("resources:grants")


@pytest.fixture
def granted(world):
    live = make_live(world, approve=False)
    year = live.program.period_start.year
    first = funding_add(
        program=live.program, user=world.staff_a, year=year, source="grant", planned="20180000", actual="18878400",
        grant_title="Грант «Школа Минпросвещения»", recipient_school=world.school_a,
    )  # fmt: skip
    second = funding_add(
        program=live.program, user=world.staff_a, year=year + 1, source="grant", planned="0.10",
        grant_title="Малый грант", recipient_school=world.school_a2, measure=live.seminars,
    )  # fmt: skip
    funding_add(program=live.program, user=world.staff_a, year=year, source="municipal", planned="5")
    return live, [first, second]


@pytest.fixture
def approved(world, granted):
    program_approve(program=granted[0].program, user=world.staff_a)
    granted[0].program.refresh_from_db()
    return granted


def _client(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_staff_see_the_grants_and_their_sums(world, granted):
    live, lines = granted
    html = _client(world.staff_a).get(URL).content.decode()
    assert "Грант «Школа Минпросвещения»" in html and "Школа А-1" in html and "Малый грант" in html
    assert "2 гранта" in html
    # The total by a different arithmetic: integer kopecks.
    kopecks = sum(int(line.planned * 100) for line in lines)
    assert kopecks == 2018000010
    assert "20\u00a0180\u00a0000,1" in html and "муниципальный" not in html


def test_filter_by_year_and_the_workbook(world, granted):
    live, lines = granted
    year = live.program.period_start.year
    client = _client(world.staff_a)
    html = client.get(URL, {"year": year + 1}).content.decode()
    assert "Малый грант" in html and "Школа Минпросвещения" not in html and "1 грант:" in html
    response = client.get(URL, {"year": year, "format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Муниципалитет", "Программа", "Год")
    assert rows[1][3] == "Грант «Школа Минпросвещения»" and rows[1][4] == "Школа А-1"
    assert Decimal(str(rows[1][6])) == Decimal("20180000") and Decimal(str(rows[1][7])) == Decimal("18878400")
    assert rows[-1][0] == "Итого" and len(rows) == 3


@pytest.mark.parametrize(
    ("persona", "sees"),
    [("staff_a", True), ("region_staff", True), ("team_a", True), ("staff_b", False), ("methodologist_a", True)],
)
def test_personas(world, approved, persona, sees):
    user = getattr(world, persona)
    # The list and the program's funding page never disagree.
    assert user.has_perm("resources.view_funding", approved[0].program) is sees
    response = _client(user).get(URL)
    assert response.status_code == 200
    assert ("Малый грант" in response.content.decode()) is sees


def test_anonymous_goes_to_login(granted):
    response = Client().get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_query_count_constant_in_the_number_of_grants(world, approved):
    live, _lines = approved
    client = _client(world.staff_a)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    program_amendment_open(program=live.program)
    for n in range(5):
        funding_add(
            program=live.program, user=world.staff_a, year=live.program.period_start.year, source="grant",
            planned=str(n + 1), grant_title=f"Грант {n}", recipient_school=world.school_a2,
        )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
