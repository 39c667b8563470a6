"""The school page's «Результаты» tab: every assessment over the years beside the municipality
and the region, the risk status per year with the reason in words; who sees it; bounded queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indices.analysis.selectors.school import results_tab
from indices.models import AssessmentResult, Subject
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def _result(school, year, subject="math", share="10", mean="3.5", n=20):
    return AssessmentResult.objects.create(
        school=school,
        year=year,
        procedure="ОГЭ",
        grade=9,
        subject=Subject.objects.get(code=subject),
        participants=n,
        mean_score=Decimal(mean),
        share_below_min=Decimal(share),
    )


@pytest.fixture
def history(world):
    _result(world.school_a, 2024, share="40", mean="3.1")
    _result(world.school_a, 2025, share="35", mean="3.3")
    _result(world.school_a, 2025, subject="russian", share="50", mean="3.0")
    _result(world.school_a2, 2025, mean="4.3")


def _tab(client, school):
    return client.get(reverse("schools:detail", args=[school.pk]), {"tab": "results"})


@pytest.mark.parametrize("persona", ["staff_a", "region_staff", "team_a", "methodologist_a"])
def test_the_tab_shows_the_years_and_the_reasons(world, history, client_for, persona):
    response = _tab(client_for(getattr(world, persona)), world.school_a)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="risk-timeline"' in html
    assert "по обоим основаниям" in html  # 2025: two low and math low two years running
    assert "не в группе риска" in html  # 2024: one low only
    assert "2024/2025" in html and "2023/2024" in html
    assert "низкий" in html
    assert "3,3" in html and "3,8" in html  # the school's mean; the municipality's (3,3·20+4,3·20)/40


def test_a_school_without_results_says_so(world, client_for):
    html = _tab(client_for(world.staff_a), world.school_a2).content.decode()
    assert "Результатов оценочных процедур у школы нет." in html


def test_other_regions_staff_do_not_get_the_tab(world, history, client_for):
    assert _tab(client_for(world.staff_b), world.school_a).status_code in (403, 404)


def test_the_tab_reads_a_fixed_number_of_queries(world, history, django_assert_max_num_queries):
    for i, subject in enumerate(("physics", "chemistry", "biology", "history", "geography")):
        _result(SchoolFactory(municipality=world.mun_a, code=f"M-{i:02}"), 2025, subject=subject)
        _result(world.school_a, 2025, subject=subject, mean="3.0")
    school = type(world.school_a).objects.get(pk=world.school_a.pk)
    with django_assert_max_num_queries(10):
        tab = results_tab(school, world.staff_a)
    assert tab is not None and len(tab["context"]["lines"]) == 8


def test_the_school_is_compared_with_its_isbsh_group(world, history):
    from indices.analysis.selectors.school import similar_schools
    from indices.models import Run
    from tests.factories import RunFactory, SchoolResultFactory

    run = RunFactory(region=world.region, year=2025, status=Run.Status.DONE)
    peer = SchoolFactory(municipality=world.mun_a, code="P-1")
    other = SchoolFactory(municipality=world.mun_a, code="O-1")
    SchoolResultFactory(run=run, school=world.school_a, wellbeing_group=2)
    SchoolResultFactory(run=run, school=peer, wellbeing_group=2)
    SchoolResultFactory(run=run, school=other, wellbeing_group=7)
    _result(peer, 2025, mean="4.0", share="20", n=10)
    _result(peer, 2025, subject="russian", mean="3.5", share="0", n=30)
    _result(other, 2025, mean="2.0", share="80")
    comparison = similar_schools(school=world.school_a)
    assert (comparison.group, comparison.schools, comparison.year) == (2, 1, 2025)
    math = next(line for line in comparison.lines if line.subject_name == "Математика")
    assert (math.mean_score, math.peers, math.peers_mean, math.peers_share_below_min) == (3.3, 1, 4.0, 20.0)
    from django.template.loader import render_to_string

    tab = results_tab(world.school_a, world.team_a)  # the «Индексы» tab needs a computed run: not here
    html = render_to_string(tab["template"], {"tab_context": tab["context"]})
    assert 'data-testid="peer-comparison"' in html and "ещё 1 школа" in html


def test_without_an_index_run_there_is_no_one_to_compare_with(world, history):
    from indices.analysis.selectors.school import similar_schools

    assert similar_schools(school=world.school_a) is None
