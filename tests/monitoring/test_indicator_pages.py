"""The indicator pages with the personas: the catalogue (list, create, edit with inline formula
errors), an indicator's values, the improvement ranking and the targets not met — who sees what,
and query counts that do not grow with the rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring.models import Indicator
from monitoring.services.indicators import indicator_create
from tests.charts import chart_rows, chart_specs
from tests.factories import SchoolFactory

from .indicator_helpers import academic, catalogue, put, target, target_set  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _html(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


# --- catalogue -----------------------------------------------------------------------------------


def test_anonymous_is_sent_to_login(client_for):
    for name in ("monitoring:indicators", "monitoring:improvement", "monitoring:not_met"):
        response = client_for(None).get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_catalogue_lists_the_shipped_indicators_with_the_right_buttons(world, client_for):
    team = _html(client_for(world.team_a).get(reverse("monitoring:indicators")))
    assert "share_teachers_trained" in team and "teachers_trained / teachers_total * 100" in team
    assert "Новый показатель" not in team and "изменить" not in team
    staff = _html(client_for(world.staff_a).get(reverse("monitoring:indicators")))
    assert "Новый показатель" in staff and "изменить" not in staff  # municipal staff add, region staff edit
    region = _html(client_for(world.region_staff).get(reverse("monitoring:indicators")))
    assert reverse("monitoring:indicator_edit", args=["teachers_total"]) in region


def test_catalogue_filters(world, client_for):
    html = _html(client_for(world.staff_a).get(reverse("monitoring:indicators"), {"kind": "index"}))
    assert "quality_group" in html and "teachers_total" not in html
    html = _html(client_for(world.staff_a).get(reverse("monitoring:indicators"), {"q": "родител"}))
    assert "share_parents_satisfied" in html and "quality_group" not in html


FORM = {
    "code": "x_share",
    "name": "Доля чего-то",
    "unit": "percent",
    "direction": "higher",
    "level": "school",
    "kind": "computed",
    "formula": "teachers_trained / x_nowhere * 100",
    "min_value": "0",
    "max_value": "100",
    "method": "",
    "source": "",
}


def test_create_shows_formula_errors_inline_and_keeps_the_input(world, client_for):
    client = client_for(world.staff_a)
    html = _html(client.post(reverse("monitoring:indicator_new"), FORM))
    assert "«x_nowhere»" in html and "нет в каталоге" in html
    assert 'value="teachers_trained / x_nowhere * 100"' in html
    assert not Indicator.objects.filter(code="x_share").exists()
    response = client.post(
        reverse("monitoring:indicator_new"), {**FORM, "formula": "teachers_trained / teachers_total * 100"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("monitoring:indicator", args=["x_share"])
    assert Indicator.objects.get(code="x_share").history.get().history_user == world.staff_a


def test_team_cannot_create_and_municipal_staff_cannot_edit(world, client_for):
    assert client_for(world.team_a).post(reverse("monitoring:indicator_new"), FORM).status_code == 403
    url = reverse("monitoring:indicator_edit", args=["teachers_total"])
    assert client_for(world.staff_a).get(url).status_code == 403
    assert client_for(world.region_staff).get(url).status_code == 200


def test_edit_refuses_a_cycle_inline(world, client_for):
    indicator_create(code="x_a", name="А", unit="percent", kind="computed", formula="teachers_total * 2")
    indicator_create(code="x_b", name="Б", unit="percent", kind="computed", formula="x_a / 2")
    form = {**FORM, "code": "x_a", "name": "А", "formula": "x_b + 1", "min_value": "", "max_value": ""}
    html = _html(client_for(world.region_staff).post(reverse("monitoring:indicator_edit", args=["x_a"]), form))
    assert "цикл" in html and "«x_a» → «x_b» → «x_a»" in html
    assert Indicator.objects.get(code="x_a").formula == "teachers_total * 2"


# --- the indicator page: who sees which values -------------------------------------------------


@pytest.fixture
def values(world):
    for year, (a1, a2, b1) in {2022: (40, 50, 60), 2023: (45, 48, 61), 2024: (50, 47, 62)}.items():
        period = academic(year)
        put("teachers_total", period, a1, school=world.school_a)
        put("teachers_total", period, a2, school=world.school_a2)
        put("teachers_total", period, b1, school=world.school_b)


def test_staff_sees_their_municipality_with_trends_and_a_chart(world, client_for, values):
    html = _html(client_for(world.staff_a).get(reverse("monitoring:indicator", args=["teachers_total"])))
    assert "Школа А-1" in html and "Школа А-2" in html and "Школа Б-1" not in html
    (chart,) = chart_specs(html)  # the line chart, rendered by the browser from its spec
    assert "Город А" in html and "Город А" in {row["series"] for row in chart_rows(chart)}
    assert "среднее по школам" in html  # no municipal value stored: the mean of its schools
    assert 'data-trend="better"' in html and 'data-trend="worse"' in html  # A-1 up, A-2 down
    assert ">62<" not in html  # B's value


def test_staff_b_cannot_see_a_values(world, client_for, values):
    html = _html(client_for(world.staff_b).get(reverse("monitoring:indicator", args=["teachers_total"])))
    assert "Школа Б-1" in html and "Школа А-1" not in html and "Город А" not in html


def test_team_sees_only_its_own_school(world, client_for, values):
    html = _html(client_for(world.team_a).get(reverse("monitoring:indicator", args=["teachers_total"])))
    assert "Школа А-1" in html and "Школа А-2" not in html and "Школа Б-1" not in html
    assert ">50<" in html and ">47<" not in html


def test_municipality_filter_cannot_reach_another_municipality(world, client_for, values):
    url = reverse("monitoring:indicator", args=["teachers_total"])
    html = _html(client_for(world.staff_a).get(url, {"municipality": world.mun_b.pk}))
    assert "Школа Б-1" not in html and "Школа А-1" in html


def test_municipality_level_indicator(world, client_for):
    put("schools_supported", academic(2024), 4, municipality=world.mun_a)
    put("schools_supported", academic(2024), 9, municipality=world.mun_b)
    html = _html(client_for(world.staff_a).get(reverse("monitoring:indicator", args=["schools_supported"])))
    assert "Город А" in html and ">4<" in html and "Город Б" not in html and "Школа А-1" not in html


def test_unknown_indicator_is_404(world, client_for):
    assert client_for(world.staff_a).get(reverse("monitoring:indicator", args=["nope"])).status_code == 404


# --- the ranking of maximum and stable improvement ---------------------------------------------


def test_improvement_ranking_page(world, client_for, values):
    extra = SchoolFactory(municipality=world.mun_a, short_name="Школа А-3", code="A-3")
    for year, value in {2022: 10, 2023: 30, 2024: 31}.items():
        put("teachers_total", academic(year), value, school=extra)
    url = reverse("monitoring:improvement")
    html = _html(client_for(world.staff_a).get(url, {"indicator": "teachers_total", "last_year": 2024}))
    # A-1 +5, +5 and A-3 +20, +1 both improved every year; A-2 fell.
    assert html.index("Школа А-3") < html.index("Школа А-1")
    assert "Школа А-2" not in html.split("<tbody>")[1]
    assert "школ в сравнении — 3" in html  # was «сравниваются 3 школ», wrong case
    html = _html(client_for(world.staff_b).get(url, {"indicator": "teachers_total", "last_year": 2024}))
    assert "Школа А-1" not in html and "Школа Б-1" in html


def test_improvement_with_an_unknown_indicator(world, client_for):
    html = _html(client_for(world.staff_a).get(reverse("monitoring:improvement"), {"indicator": "nope"}))
    assert "Такого показателя школьного уровня нет" in html


def test_improvement_uses_the_latest_year_with_values_by_default(world, client_for, values):
    html = _html(client_for(world.staff_a).get(reverse("monitoring:improvement"), {"indicator": "teachers_total"}))
    assert "2022–2024" in html


# --- targets not met -----------------------------------------------------------------------------


@pytest.fixture
def targets(world):
    for year, (a1, a2, b1) in {2023: (10, 10, 10), 2024: (30, 12, 5)}.items():
        period = academic(year)
        put("teachers_trained", period, a1, school=world.school_a)
        put("teachers_trained", period, a2, school=world.school_a2)
        put("teachers_trained", period, b1, school=world.school_b)
    target("teachers_trained", set_no=7, school=world.school_a, baseline=10, planned={"2024": 20})  # met
    target("teachers_trained", set_no=7, school=world.school_a2, baseline=10, planned={"2024": 20})  # not met
    target("teachers_trained", set_no=8, school=world.school_b, baseline=10, planned={"2024": 20})  # not met
    target("students_on_register", set_no=7, school=world.school_a, baseline=10, planned={"2024": 4})  # no data


def test_not_met_lists_only_not_met_targets_the_user_may_see(world, client_for, targets):
    html = _html(client_for(world.staff_a).get(reverse("monitoring:not_met"), {"year": 2024}))
    body = html.split("<tbody>")[1]
    assert "Школа А-2" in body and "Школа А-1" not in body and "Школа Б-1" not in body
    assert 'data-status="not_met"' in body and "не выполнен" in body
    assert "Программа № 7" in body
    html = _html(client_for(world.staff_b).get(reverse("monitoring:not_met"), {"year": 2024}))
    assert "Школа Б-1" in html and "Школа А-2" not in html


def test_not_met_all_statuses_and_program_filter(world, client_for, targets):
    url = reverse("monitoring:not_met")
    html = _html(
        client_for(world.region_staff).get(url, {"year": 2024, "all": "1", "program": [str(target_set(7).pk)]})
    )
    body = html.split("<tbody>")[1]
    for status in ("met", "not_met", "no_data"):
        assert f'data-status="{status}"' in body
    assert "Школа Б-1" not in body  # program 8 and another region
    html = _html(client_for(world.team_a).get(url, {"year": 2024, "all": "1"}))
    body = html.split("<tbody>")[1]
    assert "Школа А-1" in body and "Школа А-2" not in body


def test_not_met_defaults_to_the_latest_due_year(world, client_for, targets):
    target("teachers_trained", set_no=9, school=world.school_a, baseline=10, planned={"2024": 80, "2099": 90})
    html = _html(client_for(world.staff_a).get(reverse("monitoring:not_met"), {"program": str(target_set(9).pk)}))
    assert "Школа А-1" in html.split("<tbody>")[1] and ">2024<" in html


# --- query counts --------------------------------------------------------------------------------


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_catalogue_list_queries_do_not_grow(world, client_for):
    client = client_for(world.staff_a)
    url = reverse("monitoring:indicators")
    before = _queries(client, url)
    for i in range(15):
        indicator_create(code=f"x_extra_{i}", name=f"Показатель {i}", unit="count")
    assert _queries(client, url) == before


def _more_schools(world, n, start):
    schools = [SchoolFactory(municipality=world.mun_a, code=f"M-{start + i}") for i in range(n)]
    for school in schools:
        for year, value in {2022: 10, 2023: 12, 2024: 15}.items():
            put("teachers_total", academic(year), value, school=school)
        target("teachers_trained", set_no=3, school=school, baseline=10, planned={"2024": 20})
    return schools


@pytest.mark.parametrize(
    ("name", "args", "params"),
    [
        ("monitoring:indicator", ["teachers_total"], {"last_year": 2024}),
        ("monitoring:indicator", ["quality_group"], {"last_year": 2024}),  # provider calls, per year
        ("monitoring:improvement", [], {"indicator": "teachers_total", "last_year": 2024}),
        ("monitoring:not_met", [], {"year": 2024, "all": "1"}),
    ],
)
def test_pages_query_count_does_not_grow_with_rows(world, client_for, name, args, params):
    client = client_for(world.region_staff)
    url = reverse(name, args=args)
    _more_schools(world, 3, 0)
    few = _queries(client, url, params)
    _more_schools(world, 20, 100)
    assert _queries(client, url, params) == few


def test_catalogue_helper_is_the_shipped_one():
    assert catalogue("teachers_total").unit == Indicator.Unit.COUNT
