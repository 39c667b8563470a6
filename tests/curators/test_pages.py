"""Every curators' page for every persona: the school's team, its curator, another curator, the
reviewer who is not the curator, the municipality's committee, another municipality's committee,
region staff and the anonymous visitor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from curators.models import Visit, VisitFile
from curators.services.visits import VisitData, plan_item_add, visit_record
from tests.factories import MunicipalityFactory, MunicipalStaffFactory

from .conftest import pdf

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "team_a", "curator_a", "curator_a2", "methodologist_a", "staff_a", "staff_other", "staff_b",
            "region_staff"]  # fmt: skip


@pytest.fixture
def visit(world, curation):
    a = curation.assignment
    item = plan_item_add(assignment=a, planned_on=a.starts_on + timedelta(days=5), kind="visit", topic="Уроки",
                         user=curation.curator_a)  # fmt: skip
    return visit_record(
        assignment=a,
        data=VisitData(a.starts_on + timedelta(days=6), "onsite", "Наблюдение уроков", recommendations="Пары"),
        plan_item=item,
        files=[pdf()],
        user=curation.curator_a,
    )


@pytest.fixture
def people(world, curation):
    # Committee staff of another municipality of the same region.
    other = MunicipalStaffFactory(username="staff_other", municipality=MunicipalityFactory(region=world.region))
    return {
        "anonymous": None,
        "team_a": world.team_a,
        "curator_a": curation.curator_a,
        "curator_a2": curation.curator_a2,
        "methodologist_a": world.methodologist_a,
        "staff_a": world.staff_a,
        "staff_other": other,
        "staff_b": world.staff_b,
        "region_staff": world.region_staff,
    }


def _statuses(client_for, people, url) -> dict[str, int]:
    return {name: client_for(people[name]).get(url).status_code for name in PERSONAS}


def _expect(allowed: set[str], denied: int = 403) -> dict[str, int]:
    return {name: 200 if name in allowed else (302 if name == "anonymous" else denied) for name in PERSONAS}


def test_school_curation_page(world, curation, people, visit, client_for):
    url = reverse("curators:school", args=[world.school_a.pk])
    assert _statuses(client_for, people, url) == _expect({"team_a", "curator_a", "staff_a", "region_staff"})
    page = client_for(curation.curator_a).get(url).content.decode()
    assert "Кураторова Ольга" in page and "Закреплён приказом № 1-к от" in page and "Записать визит" in page
    assert "выполнено" in page and "Наблюдение уроков" in page
    team_page = client_for(world.team_a).get(url).content.decode()
    assert "Записать визит" not in team_page  # the team reads, the curator writes


def test_visit_page_and_its_file(world, curation, people, visit, client_for):
    url = reverse("curators:visit", args=[visit.pk])
    assert _statuses(client_for, people, url) == _expect({"team_a", "curator_a", "staff_a", "region_staff"})
    stored = VisitFile.objects.get()
    file_url = reverse("curators:file", args=[stored.pk])
    assert _statuses(client_for, people, file_url) == _expect({"team_a", "curator_a", "staff_a", "region_staff"})
    response = client_for(world.team_a).get(file_url)
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_visit_form_only_for_the_curator(world, curation, people, client_for):
    url = reverse("curators:visit_create", args=[world.school_a.pk])
    assert _statuses(client_for, people, url) == _expect({"curator_a"})
    plan_url = reverse("curators:plan_add", args=[world.school_a.pk])
    response = client_for(curation.curator_a2).post(
        plan_url, {"planned_on": "2030-01-01", "kind": "visit", "topic": "Х"}
    )
    assert response.status_code == 403


def test_future_visit_through_the_form_is_refused_in_russian(world, curation, client_for):
    client = client_for(curation.curator_a)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("curators:visit_create", args=[world.school_a.pk]),
        {"visited_on": f"{tomorrow:%Y-%m-%d}", "format": "onsite", "purpose": "Визит", "files": [pdf()]},
    )
    assert response.status_code == 200
    assert f"Дата визита {tomorrow:%d.%m.%Y} ещё не наступила" in response.content.decode()
    assert not Visit.objects.exists()


def test_my_schools(world, curation, people, client_for):
    url = reverse("curators:my")
    expected = _expect({"curator_a", "curator_a2", "methodologist_a"})
    assert _statuses(client_for, people, url) == expected
    page = client_for(curation.curator_a).get(url).content.decode()
    assert "Школа А-1" in page and "Школа А-2" not in page
    reviewer = client_for(world.methodologist_a).get(url).content.decode()
    assert "Вы пока не назначены куратором ни одной школы." in reviewer


def test_assignments_page_for_the_region(world, curation, people, client_for):
    url = reverse("curators:assignments")
    assert _statuses(client_for, people, url) == _expect({"region_staff"})
    end_url = reverse("curators:assignment_end", args=[curation.assignment.pk])
    for name in ("staff_a", "curator_a", "staff_b"):
        assert (
            client_for(people[name]).post(end_url, {"ended_on": f"{timezone.localdate():%Y-%m-%d}"}).status_code == 403
        )
    response = client_for(world.region_staff).post(end_url, {"ended_on": f"{timezone.localdate():%Y-%m-%d}"})
    assert response.status_code == 302
    curation.assignment.refresh_from_db()
    assert curation.assignment.ended_on == timezone.localdate()


def test_load_pages(world, curation, people, client_for):
    municipality = reverse("curators:load_municipality", args=[world.mun_a.pk])
    assert _statuses(client_for, people, municipality) == _expect({"staff_a", "region_staff"})
    region = reverse("curators:load_region", args=[world.region.pk])
    assert _statuses(client_for, people, region) == _expect({"region_staff"})
    # «Нагрузка кураторов» in the navigation opens the user's own area.
    assert client_for(world.staff_a).get(reverse("curators:load"))["Location"] == municipality
    assert client_for(world.region_staff).get(reverse("curators:load"))["Location"] == region
    assert client_for(curation.curator_a).get(reverse("curators:load")).status_code == 403


def test_load_xlsx(world, curation, client_for, tmp_path):
    response = client_for(world.staff_a).get(
        reverse("curators:load_municipality", args=[world.mun_a.pk]) + "?format=xlsx"
    )
    path = tmp_path / "load.xlsx"
    path.write_bytes(response.content)
    book = load_workbook(path, read_only=True)
    rows = list(book["Нагрузка кураторов"].iter_rows(values_only=True))
    assert rows[1][0] == "Куратор"
    assert {r[0] for r in rows[2:]} == {"Кураторова Ольга", "Другой Пётр"}
    assert all(r[1] == 1 for r in rows[2:])


def test_school_tab(world, curation, people, client_for):
    url = reverse("schools:detail", args=[world.school_a.pk])
    for name in ("team_a", "curator_a", "staff_a", "region_staff"):
        assert 'id="tab-curator"' in client_for(people[name]).get(url).content.decode(), name
    # The reviewer sees the school but not its curation.
    assert 'id="tab-curator"' not in client_for(world.methodologist_a).get(url).content.decode()


def test_region_assigns_a_curator_through_the_form(world, curation, client_for):
    from curators.models import CuratorAssignment
    from tests.factories import MethodologistFactory, SchoolFactory

    newcomer = MethodologistFactory(last_name="Новикова", first_name="Вера")
    schools = [SchoolFactory(municipality=world.mun_a), SchoolFactory(municipality=world.mun_a)]
    client = client_for(world.region_staff)
    url = reverse("curators:assignments")
    page = client.get(url).content.decode()
    assert "Новикова Вера" in page and "Школа А-2 (Город А)" not in page  # A-2 has a curator already
    today = timezone.localdate()
    data = {"curator": newcomer.pk, "schools": [s.pk for s in schools], "order_number": "15-к",
            "order_date": f"{today + timedelta(days=3):%Y-%m-%d}", "starts_on": f"{today:%Y-%m-%d}"}  # fmt: skip
    refused = client.post(url, data)
    assert "Дата приказа ещё не наступила" in refused.content.decode()
    assert not CuratorAssignment.objects.filter(curator=newcomer).exists()
    data["order_date"] = f"{today:%Y-%m-%d}"
    response = client.post(url, data, follow=True)
    assert "Новикова Вера — куратор: 2 школы." in response.content.decode()
    assert set(CuratorAssignment.objects.filter(curator=newcomer).values_list("school_id", flat=True)) == {
        s.pk for s in schools
    }
