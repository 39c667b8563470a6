"""The heavy lists from values_list() rows, the orjson renderer and keyset pages (``?cursor=``):
the same rows as the numbered pages, a constant number of queries, no COUNT unless asked."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from config.api.pagination import encode_cursor
from config.api.renderers import OrjsonRenderer
from config.api.rows import fetch_rows
from config.api.serializers.indices import ResultOut
from config.api.serializers.monitoring import ValueOut
from indices.models import SchoolResult
from monitoring.models import IndicatorValue
from tests.factories import SchoolFactory

from .conftest import put_value, regional_run, result

pytestmark = pytest.mark.django_db


def test_orjson_writes_what_drfs_json_renderer_writes():
    data = {
        "text": "Школа № 1 «Ромашка»",
        "lazy": gettext_lazy("Такой страницы нет."),
        "at": dt.datetime(2025, 3, 1, 8, 30, 5, 120000, tzinfo=dt.UTC),
        "day": dt.date(2025, 3, 1),
        "money": Decimal("12.50"),
        "numbers": [1, -2, 0.1, 3.25, None, True, False],
        "nested": {"a": [{"b": "в"}]},
        "huge": 2**70,  # beyond orjson: JSONRenderer writes it
    }
    ours = OrjsonRenderer().render(data, "application/json", {})
    assert json.loads(ours) == json.loads(JSONRenderer().render(data, "application/json", {}))
    assert b": " not in ours and "Ромашка".encode() in ours  # compact, UTF-8
    assert OrjsonRenderer().render(None) == b""


def test_result_rows_equal_the_serializer_of_instances(world):
    run = regional_run(world.region)
    result(run, world.school_a, quality_se=0.031, significantly_below=True, wellbeing_index=0.87, residual=-0.06)
    SchoolResult.objects.create(run=run, school=world.school_a2, missing_reason="нет результатов")
    rows = SchoolResult.objects.order_by("pk").values_list(*ResultOut.ROW_COLUMNS)
    instances = SchoolResult.objects.order_by("pk").select_related("school")
    assert [ResultOut.row_out(r) for r in rows] == [ResultOut(i).data for i in instances]


def test_value_rows_equal_the_serializer_of_instances(world):
    put_value("teachers_total", 41, school=world.school_a)
    put_value("schools_supported", 7, municipality=world.mun_a)
    put_value("share_teachers_trained", Decimal("33.3333"), school=world.school_a2)
    rows = list(IndicatorValue.objects.order_by("pk").values_list(*ValueOut.ROW_COLUMNS))
    instances = IndicatorValue.objects.order_by("pk").select_related("indicator", "period")
    codes = {i.indicator_id: i.indicator.code for i in instances}
    periods = {i.period_id: i.period for i in instances}
    assert ValueOut().rows_out(rows, codes=codes, periods=periods) == [ValueOut(i).data for i in instances]


def test_value_rows_as_the_list_reads_them_equal_the_serializer(world):
    """The list's own rows (ValueViewSet.rows_of: on PostgreSQL the value comes as the database's
    text) written out equal DRF's serializer of the instances, for awkward values too."""
    from config.api.views.monitoring import ValueViewSet

    for code, value in [
        ("teachers_total", Decimal("0")),
        ("teachers_trained", Decimal("-0.5")),
        ("share_teachers_trained", Decimal("33.3333")),
        ("gia_participants", Decimal("9999999999.9999")),
        ("students_on_register", Decimal("1E+3")),
    ]:
        put_value(code, value, school=world.school_a)
    put_value("schools_supported", Decimal("7.25"), municipality=world.mun_a)
    rows = list(ValueViewSet().rows_of(IndicatorValue.objects.order_by("pk")))
    if connection.vendor == "postgresql":
        assert all(isinstance(row[5], str) for row in rows)
    instances = IndicatorValue.objects.order_by("pk").select_related("indicator", "period")
    codes = {i.indicator_id: i.indicator.code for i in instances}
    periods = {i.period_id: i.period for i in instances}
    assert ValueOut().rows_out(rows, codes=codes, periods=periods) == [ValueOut(i).data for i in instances]


def test_result_rows_as_the_list_reads_them_equal_the_serializer(world):
    """The results list's own rows (RunResultViewSet.rows_of: on PostgreSQL the four floats come
    as their bytes) written out equal DRF's serializer of the instances, float for float — the
    smallest and largest doubles, negative zero, 17 significant digits, missing ones."""
    import math

    from config.api.views.indices import RunResultViewSet

    run = regional_run(world.region)
    awkward = [
        (0.1 + 0.2, -0.0, 5e-324, 1.7976931348623157e308),
        (None, 1e-05, -123456789.12345679, 2.220446049250313e-16),
        (0.7059257932029696, None, None, -1e300),
        (1.0, 3.0, float("inf"), None),
    ]
    schools = [world.school_a, world.school_a2, world.school_b, SchoolFactory(municipality=world.mun_a, code="F-1")]
    for school, (q, se, w, r) in zip(schools, awkward, strict=True):
        result(run, school, quality_index=q, quality_se=se, wellbeing_index=w, residual=r)
    view = RunResultViewSet()
    rows = fetch_rows(view.rows_of(SchoolResult.objects.order_by("pk")))
    if connection.vendor == "postgresql":
        assert all(len(row) == len(ResultOut.PACKED_COLUMNS) for row in rows)
    ours = view.rows_out(rows)
    theirs = [ResultOut(i).data for i in SchoolResult.objects.order_by("pk").select_related("school")]
    assert ours == theirs
    # Equal as floats and as their signs (0.0 == -0.0 in Python): the bytes are the stored ones.
    for mine, reference in zip(ours, theirs, strict=True):
        for key in ResultOut.FLOAT_COLUMNS:
            if reference[key] is not None:
                assert math.copysign(1, mine[key]) == math.copysign(1, reference[key])
    # Through the renderer as well: the page's JSON text is today's.
    assert OrjsonRenderer().render(ours) == OrjsonRenderer().render(theirs)


def test_fetch_rows_reads_what_django_reads(world):
    """config.api.rows.fetch_rows: the cursor's own tuples where Django converts nothing (every
    column on PostgreSQL), Django's rows otherwise; the same rows either way, an empty filter too."""
    run = regional_run(world.region)
    result(run, world.school_a, quality_se=0.031, significantly_below=True, wellbeing_index=0.87, residual=-0.06)
    SchoolResult.objects.create(run=run, school=world.school_a2, missing_reason="нет результатов")
    put_value("teachers_total", 41, school=world.school_a)
    put_value("schools_supported", Decimal("7.5"), municipality=world.mun_a)
    results = SchoolResult.objects.order_by("school__short_name").values_list(*ResultOut.ROW_COLUMNS)
    values = IndicatorValue.objects.order_by("pk").values_list(*ValueOut.ROW_COLUMNS)
    for rows in (results, values, values[:1], values.filter(pk__in=[]), values.values_list("pk", flat=True)):
        assert fetch_rows(rows.all()) == list(rows.all())
    assert fetch_rows([(1, "a")]) == [(1, "a")]


def _walk(client, url: str) -> tuple[list[dict], list[int]]:
    rows, queries = [], []
    while url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body  # not asked for
        assert not any("COUNT(" in q["sql"].upper() for q in captured.captured_queries)
        rows += body["results"]
        queries.append(len(captured))
        url = body["next"]
    return rows, queries


def test_cursor_pages_walk_the_numbered_list_in_id_order(world, systems, issue, api):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    client.get("/api/v1/regions/")  # the token's first use writes once
    for i in range(7):
        school = SchoolFactory(municipality=world.mun_a, code=f"K-{i}")
        put_value("teachers_total", 10 + i, school=school)
    numbered = client.get("/api/v1/indicator-values/?page_size=1000").json()
    rows, queries = _walk(client, "/api/v1/indicator-values/?cursor=&page_size=3")
    assert rows == sorted(numbered["results"], key=lambda r: r["id"]) and len(rows) == numbered["count"] == 7
    assert len(queries) == 3 and len(set(queries)) == 1  # the same cost for every page

    counted = client.get("/api/v1/indicator-values/?cursor=&page_size=3&count=true").json()
    assert counted["count"] == 7 and len(counted["results"]) == 3


def test_cursor_pages_of_run_results(world, systems, issue, api):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    run = regional_run(world.region)
    for i in range(5):
        result(run, SchoolFactory(municipality=world.mun_a, code=f"R-{i}"))
    result(run, world.school_b)  # another region's school: never in the token's pages
    url = f"/api/v1/runs/{run.pk}/results/"
    numbered = client.get(url + "?page_size=1000").json()["results"]
    rows, _queries = _walk(client, url + "?cursor=&page_size=2")
    assert sorted(r["school"]["id"] for r in rows) == sorted(r["school"]["id"] for r in numbered)
    assert len(rows) == len(numbered) == 5


@pytest.mark.parametrize("cursor", ["!!!", "bm9wZQ", encode_cursor(2**63)])
def test_a_bad_cursor_is_a_russian_404(world, systems, issue, api, cursor):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    response = client.get(f"/api/v1/indicator-values/?cursor={cursor}")
    assert response.status_code == 404 and "курсор" in response.json()["detail"]
