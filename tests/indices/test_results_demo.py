"""The demo's assessment results: three years of ОГЭ, ЕГЭ, ВПР (grades 4–8) and МДР, and a school
in the risk group for each reason, schools entering and leaving it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from indices.analysis.demo import demo_load_assessments
from indices.analysis.selectors.risk import risk_changes, school_risk
from indices.models import AssessmentResult
from schools.demo.context_demo import demo_years
from schools.models import Region, School

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # Loaded once for the module, then the database is emptied again for the modules that follow.
    with django_db_blocker.unblock():
        call_command("demo", verbosity=0)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        from tests.conftest import restore_shipped_data

        restore_shipped_data()


def _risk(year: int) -> dict[str, tuple]:
    out = {}
    for region in Region.objects.order_by("code"):
        for r in school_risk(years=[year], region_id=region.pk).rows:
            out[r.school_code] = (r.risk_group, r.reason)
    return out


def test_three_years_of_every_procedure(demo):
    years = demo_years()
    for procedure, grades in (("ОГЭ", {9}), ("ЕГЭ", {11}), ("ВПР", {4, 5, 6, 7, 8}), ("МДР", {7, 8})):
        rows = AssessmentResult.objects.filter(procedure=procedure)
        assert set(rows.values_list("year", flat=True)) == set(years), procedure
        assert set(rows.values_list("grade", flat=True)) == grades, procedure
    # every school with pupils of grade 4 has a ВПР each year; only schools with grade 11 have ЕГЭ
    assert not AssessmentResult.objects.filter(procedure="ЕГЭ", school__type__in=["НОШ", "ООШ"]).exists()
    assert School.objects.exclude(results__procedure="ВПР").count() == 0


def test_a_school_for_every_reason_in_the_last_year(demo):
    last = demo_years()[-1]
    risk = _risk(last)
    reasons = {reason for _group, reason in risk.values()}
    assert {"same_year", "consecutive", "both"} <= reasons
    assert risk["SYS-010"] == (True, "both")
    assert risk["SYS-030"] == (True, "consecutive")
    assert risk["DAG-004"] == (True, "same_year")
    assert risk["DUB-010"] == (False, None)  # low in the first and last year, a gap between
    assert risk["TUN-MOK"][1] != "same_year"  # four pupils do not count


def test_schools_enter_and_leave_the_group(demo):
    first, second, last = demo_years()
    assert _risk(first)["DUB-007"] == (True, "same_year")
    assert _risk(second)["DUB-007"] == (True, "consecutive")
    region = School.objects.get(code="DUB-007").region
    changes = risk_changes(year=last, region_id=region.pk)
    assert "DUB-007" in {r.school_code for r in changes.left}
    sysert = School.objects.get(code="SYS-016").region
    assert "SYS-016" in {r.school_code for r in risk_changes(year=last, region_id=sysert.pk).entered}


def test_the_demo_is_deterministic_and_idempotent(demo):
    before = sorted(
        AssessmentResult.objects.values_list(
            "school__code", "year", "procedure", "grade", "subject__code", "participants", "share_2", "share_below_min"
        )
    )
    assert demo_load_assessments(schools={s.code: s for s in School.objects.all()}) == 0
    AssessmentResult.objects.exclude(procedure="ОГЭ", subject__code__in=["math", "russian"]).delete()
    demo_load_assessments(schools={s.code: s for s in School.objects.all()})
    after = sorted(
        AssessmentResult.objects.values_list(
            "school__code", "year", "procedure", "grade", "subject__code", "participants", "share_2", "share_below_min"
        )
    )
    assert after == before
