"""List endpoints: a constant number of queries, filters, pagination, conditional GET, CSV."""

from __future__ import annotations

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from config.api.renderers import neutralise
from indices.models import SchoolResult
from monitoring.models import Target
from programs.models import Program
from programs.services.measures import measure_create
from programs.services.progress import ProgressTarget, progress_file
from schools.models import School
from tests.factories import SchoolFactory
from tests.programs.conftest import make_program

from .conftest import ids, indicator, put_value, regional_run, result, year

pytestmark = pytest.mark.django_db


# --- a constant number of queries -----------------------------------------------------------------


def _schools(world, systems, n, state):
    for _ in range(n):
        SchoolFactory(municipality=world.mun_a)
    return "/api/v1/schools/"


def _values(world, systems, n, state):
    state.setdefault("k", 0)
    for _ in range(n):
        state["k"] += 1
        put_value("teachers_total", state["k"], school=SchoolFactory(municipality=world.mun_a))
    return "/api/v1/indicator-values/"


def _targets(world, systems, n, state):
    if "target_set" not in state:
        state["target_set"] = make_program(world).target_set
    for _ in range(n):
        Target.objects.create(
            target_set=state["target_set"],
            indicator=indicator("teachers_total"),
            school=SchoolFactory(municipality=world.mun_a),
            planned={"2025": 10},
        )
    return "/api/v1/targets/"


def _programs(world, systems, n, state):
    for _ in range(n):
        make_program(world, status="draft")
    return "/api/v1/programs/"


def _measures(world, systems, n, state):
    if "program" not in state:
        # Approved (reports are filed only in running programs), with an amendment open so that
        # measures can still be added.
        state["program"] = make_program(world)
        Program.objects.filter(pk=state["program"].pk).update(amendment_open=True)
        state["k"] = 0
        n -= 2  # make_program brings two measures
    program = state["program"]
    for _ in range(n):
        state["k"] += 1
        measure = measure_create(
            program=program,
            data={
                "number": f"5.{state['k']}",
                "title": "Мероприятие",
                "timing_text": "Сентябрь, ежегодно",
                "schools": [world.school_a, world.school_a2],
            },
        )
        occurrence = measure.occurrences.order_by("due_date").first()
        progress_file(
            target=ProgressTarget(occurrence, world.school_a), user=world.team_a, status="in_progress", narrative=""
        )
    return f"/api/v1/measures/?program={program.pk}"


def _results(world, systems, n, state):
    if "run" not in state:
        state["run"] = regional_run(world.region)
    for _ in range(n):
        result(state["run"], SchoolFactory(municipality=world.mun_a), category=SchoolResult.Category.RESILIENT)
    return f"/api/v1/runs/{state['run'].pk}/results/"


def _runs(world, systems, n, state):
    for _ in range(n):
        regional_run(world.region)
    return "/api/v1/runs/"


@pytest.mark.parametrize("build", [_schools, _values, _targets, _programs, _measures, _results, _runs])
def test_list_queries_do_not_grow_with_rows(world, systems, issue, api, build):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    client.get("/api/v1/regions/")  # records the token's first use, which is one UPDATE
    state: dict = {}

    def measure(url):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content
        return len(captured), response.json()["count"]

    url = build(world, systems, 2, state)
    few, rows_few = measure(url)
    url = build(world, systems, 18, state)
    many, rows_many = measure(url)
    assert rows_many >= rows_few + 18
    assert few == many, f"{url}: {few} queries for {rows_few} rows, {many} for {rows_many}"
    # measures: five reads of the one execution selector (due / overdue per occurrence) and the
    # roadmap executors
    assert many <= 13


# --- filters ---------------------------------------------------------------------------------------


def test_filters(world, systems, issue, api):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    a1 = put_value("teachers_total", 10, school=world.school_a)
    a2 = put_value("teachers_total", 11, school=world.school_a2)
    old = put_value("teachers_total", 9, school=world.school_a, period=year(2023))
    other = put_value("teachers_trained", 5, school=world.school_a)
    assert ids(client.get(f"/api/v1/indicator-values/?school={world.school_a.pk}")) == sorted([a1.pk, old.pk, other.pk])
    assert ids(client.get("/api/v1/indicator-values/?year=2023")) == [old.pk]
    assert ids(client.get(f"/api/v1/indicator-values/?period={a2.period_id}&indicator_code=teachers_total")) == sorted(
        [a1.pk, a2.pk]
    )
    assert ids(client.get(f"/api/v1/indicator-values/?indicator={other.indicator_id}")) == [other.pk]
    assert ids(client.get(f"/api/v1/indicator-values/?municipality={world.mun_a.pk}")) == sorted(
        [a1.pk, a2.pk, old.pk, other.pk]
    )
    assert ids(client.get(f"/api/v1/schools/?municipality={world.mun_a.pk}&code=A-2")) == [world.school_a2.pk]
    assert client.get("/api/v1/schools/?municipality=abc").status_code == 400

    run = regional_run(world.region)
    result(run, world.school_a, category=SchoolResult.Category.LOW_ON_BOTH)
    result(run, world.school_a2, category=SchoolResult.Category.STABLE)
    rows = client.get(f"/api/v1/runs/{run.pk}/results/?category=low_on_both").json()["results"]
    assert [r["school"]["id"] for r in rows] == [world.school_a.pk]

    program = make_program(world, start=__import__("datetime").date(2024, 1, 1))
    assert ids(client.get("/api/v1/programs/?year=2025")) == [program.pk]
    assert ids(client.get("/api/v1/programs/?year=2030")) == []
    assert ids(client.get(f"/api/v1/programs/?school={world.school_a.pk}")) == [program.pk]
    assert ids(client.get(f"/api/v1/programs/?school={world.school_a2.pk}")) == []
    measures = client.get(f"/api/v1/measures/?program={program.pk}&school={world.school_a.pk}").json()["results"]
    assert [m["number"] for m in measures] == ["1.1"]
    assert len(client.get(f"/api/v1/measures/?program={program.pk}&year=2025").json()["results"]) == 2

    Target.objects.create(
        target_set=program.target_set, indicator=indicator("teachers_total"), school=world.school_a, planned={}
    )
    Target.objects.create(
        target_set=make_program(world, status="draft").target_set,
        indicator=indicator("teachers_total"),
        school=world.school_a,
        planned={},
    )
    assert [t["program"] for t in client.get(f"/api/v1/targets/?program={program.pk}").json()["results"]] == [
        program.pk
    ]


def test_ordering(world, systems, issue, api):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    names = [r["short_name"] for r in client.get("/api/v1/schools/?ordering=-short_name").json()["results"]]
    assert names == ["Школа А-2", "Школа А-1"]


# --- pagination ------------------------------------------------------------------------------------


def test_page_size_and_its_ceiling(world, systems, issue, api):
    School.objects.bulk_create(
        School(
            region=world.region,
            municipality=world.mun_a,
            code=f"X-{i:04d}",
            name=f"Школа {i}",
            short_name=f"Школа {i:04d}",
        )
        for i in range(1005)
    )
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    page = client.get("/api/v1/schools/?page_size=2&page=2").json()
    assert page["count"] == 1007 and len(page["results"]) == 2 and "page=3" in page["next"]
    assert len(client.get("/api/v1/schools/").json()["results"]) == 100
    assert len(client.get("/api/v1/schools/?page_size=1000").json()["results"]) == 1000
    # Over the ceiling is refused as the schema says (maximum 1000), not quietly cut.
    assert client.get("/api/v1/schools/?page_size=5000").status_code == 400
    assert client.get("/api/v1/schools/?page=999").status_code == 404


# --- conditional GET -------------------------------------------------------------------------------


def test_etag_and_304(world, systems, issue, api):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    first = client.get("/api/v1/schools/")
    etag = first["ETag"]
    assert etag.startswith('W/"') and "Authorization" in first["Vary"] and "private" in first["Cache-Control"]
    again = client.get("/api/v1/schools/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get("/api/v1/schools/", HTTP_IF_NONE_MATCH=etag.removeprefix("W/")).status_code == 304
    assert client.get("/api/v1/schools/", HTTP_IF_NONE_MATCH=f'"other", {etag}').status_code == 304
    assert client.get("/api/v1/schools/?format=csv", HTTP_IF_NONE_MATCH=etag).status_code == 200
    world.school_a.director = "Иванова О. П."
    world.school_a.save()
    changed = client.get("/api/v1/schools/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_etag_differs_between_scopes(world, systems, issue, api):
    municipal = api(issue(systems.writer_mun_a, municipality=world.mun_a)).get("/api/v1/schools/")
    school = api(issue(world.api_a, school=world.school_a)).get(
        "/api/v1/schools/", HTTP_IF_NONE_MATCH=municipal["ETag"]
    )
    assert school.status_code == 200


# --- CSV -------------------------------------------------------------------------------------------


def _csv(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8"))))


def test_csv_from_the_same_endpoint(world, systems, issue, api):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    rows = _csv(client.get("/api/v1/schools/?format=csv"))
    assert [r["short_name"] for r in rows] == ["Школа А-1", "Школа А-2"]
    assert rows[0]["municipality.name"] == "Город А" and rows[0]["municipality.id"] == str(world.mun_a.pk)
    assert _csv(client.get("/api/v1/schools/", HTTP_ACCEPT="text/csv")) == rows
    put_value("teachers_total", 10, school=world.school_a)
    values = _csv(client.get("/api/v1/indicator-values/?format=csv"))
    assert values[0]["indicator.code"] == "teachers_total" and values[0]["value"] == "10.0000"


def test_csv_neutralises_formulas(world, systems, issue, api):
    SchoolFactory(municipality=world.mun_a, short_name='=HYPERLINK("http://evil.example","жми")', code="Z-1")
    SchoolFactory(municipality=world.mun_a, short_name="+7 доля", code="Z-2", director="@SUM(A1)")
    SchoolFactory(municipality=world.mun_a, short_name="-2+3", code="Z-3", address="\t=1")
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    rows = {r["code"]: r for r in _csv(client.get("/api/v1/schools/?format=csv"))}
    assert rows["Z-1"]["short_name"] == '\'=HYPERLINK("http://evil.example","жми")'
    assert rows["Z-2"]["short_name"] == "'+7 доля" and rows["Z-2"]["director"] == "'@SUM(A1)"
    assert rows["Z-3"]["short_name"] == "'-2+3" and rows["Z-3"]["address"] == "'\t=1"
    # JSON is data, not a spreadsheet: it keeps the text as it is.
    names = [r["short_name"] for r in client.get("/api/v1/schools/").json()["results"]]
    assert '=HYPERLINK("http://evil.example","жми")' in names


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("-3.5", "-3.5"), ("+2", "+2"), ("-1e3", "-1e3"), ("-1+1", "'-1+1"), ("=1", "'=1"), ("@x", "'@x"), ("a=b", "a=b")],
)
def test_numbers_stay_numbers(cell, expected):
    assert neutralise(cell) == expected


def test_csv_of_nested_lists(world, systems, issue, api):
    program = make_program(world)
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    rows = _csv(client.get(f"/api/v1/measures/?program={program.pk}&format=csv"))
    first = next(r for r in rows if r["number"] == "1.1")
    assert first["schools"] == str(world.school_a.pk)
    assert first["occurrences"].startswith("[{") and '"due_date"' in first["occurrences"]


def test_out_of_range_input_is_a_400_or_404_never_a_500(world, systems, issue, api):
    # Found by the schemathesis run: a year a date cannot hold, an id past the database's integer.
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    assert client.get("/api/v1/measures/?year=-549666").status_code == 400
    assert client.get("/api/v1/programs/?year=0").status_code == 400
    assert client.get(f"/api/v1/indicator-values/?school={10**30}").status_code == 400
    assert client.get(f"/api/v1/schools/{10**30}/").status_code == 404
    assert client.get(f"/api/v1/runs/{10**30}/results/").status_code == 404


def test_empty_csv_still_has_its_header(world, systems, issue, api):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    response = client.get("/api/v1/indicator-values/?format=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    header = response.content.decode().splitlines()[0].split(",")
    assert header[:4] == ["id", "indicator.id", "indicator.code", "period.id"]
