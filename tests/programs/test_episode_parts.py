"""What each year of a support episode held (issue 21, schools.extensions.EPISODE_PARTS): the
school's documents with their review state (programs), its results and risk status (indices), on
the school's «Поддержка» tab and the municipal page filtered by a year — read in a number of
queries that does not grow with the years or the items."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indices.analysis.selectors.support import episode_parts as results_parts
from indices.models import AssessmentResult, Subject
from programs.selectors.episodes import attach_parts, document_parts, support_episodes, support_tab
from programs.services import school_programs as svc
from schools.years import current_academic_year
from tests.programs.test_support_episodes import _result, history  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def _document(world, title: str, *, kind: str = "anti_risk"):
    return svc.school_program_create(
        user=world.team_a,
        school=world.school_a,
        data={"kind": kind, "title": title, "period_start": 2026, "period_end": 2027},
    )


def _by_year(episode) -> dict[int, list[tuple[str, str]]]:
    return {year: [(i["kind"], i["text"]) for i in items] for year, items in episode.parts.items()}


def test_results_of_a_year_mean_mark_by_procedure_and_risk(world):
    school = world.school_a
    math, russian = Subject.objects.get(code="math"), Subject.objects.get(code="russian")
    rows = [("ОГЭ", 9, math, 10, "3.2"), ("ОГЭ", 9, russian, 30, "4.0"), ("ВПР", 5, math, 25, "3.6")]
    for procedure, grade, subject, n, mean in rows:
        AssessmentResult.objects.create(
            school=school,
            year=2025,
            procedure=procedure,
            grade=grade,
            subject=subject,
            participants=n,
            mean_score=Decimal(mean),
            share_below_min=Decimal("5"),
        )
    items = results_parts(school, years=[2025, 2026], user=world.staff_a)
    # The participant-weighted mean told by hand: (3,2·10 + 4,0·30) / 40 = 3,8; ВПР alone 3,6.
    results = [i for i in items if i["kind"] == "results"]
    assert [(i["year"], i["text"]) for i in results] == [
        (2025, "ВПР: средний балл 3,6 (1 результат); ОГЭ: средний балл 3,8 (2 результата)")
    ]
    assert results[0]["url"].endswith("?tab=results")
    assert [(i["year"], i["text"]) for i in items if i["kind"] == "risk"] == [(2025, "не в группе риска")]
    assert results_parts(school, years=[2025], user=world.staff_b) == []  # another municipality


def test_documents_of_a_year_with_their_review_state(world):
    draft = _document(world, "Антирисковая программа «Мотивация»")
    this_year = current_academic_year()
    items = document_parts(world.school_a, years=[this_year], user=world.team_a)
    assert [(i["year"], i["label"], i["text"], i["url"]) for i in items] == [
        (
            this_year,
            "Антирисковая программа",
            "«Антирисковая программа «Мотивация»», 2026–2027 гг.: черновик",
            draft.get_absolute_url(),
        )
    ]
    assert document_parts(world.school_a, years=[this_year - 1], user=world.team_a) == []
    assert document_parts(world.school_a, years=[this_year], user=world.staff_b) == []


def test_the_tab_shows_each_years_items_inside_its_episode(world, history, client_for):  # noqa: F811
    _document(world, "Концепция развития «Школа равных возможностей»", kind="concept")
    episodes = support_episodes(schools=[world.school_a], user=world.staff_a)
    attach_parts(episodes, school=world.school_a, user=world.staff_a)
    category, risk_first, risk_again = episodes
    # The category episode: 2024–2025 in support, left in 2026 — its parts run to the exit year.
    assert sorted(_by_year(category)) == [2024, 2026]
    assert ("risk", "не в группе риска") in _by_year(category)[2024]
    # The first risk episode: 2023, left in 2024.
    assert ("risk", "в группе риска: два и более низких результата в одном году") in _by_year(risk_first)[2023]
    # The open episode (since 2026) reaches the current year, where the concept was begun.
    now = _by_year(risk_again)[current_academic_year()]
    assert now == [("document", "«Концепция развития «Школа равных возможностей»», 2026–2027 гг.: черновик")]
    html = client_for(world.team_a).get(reverse("schools:detail", args=[world.school_a.pk]), {"tab": "support"})
    text = html.content.decode()
    assert "По годам" in text and "Концепция развития «Школа равных возможностей»" in text
    assert "ОГЭ: средний балл 3,5 (2 результата)" in text


def _tab_queries(school, user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        support_tab(school, user)
    return len(ctx.captured_queries)


def test_the_tab_reads_a_fixed_number_of_queries_whatever_the_years_and_items(world, history):  # noqa: F811
    support_tab(world.school_a, world.staff_a)  # warm the scope
    before = _tab_queries(world.school_a, world.staff_a)
    for n in range(5):
        _document(world, f"Антирисковая программа {n}")
    for year in (2020, 2021, 2022):  # more years in support, each with results
        _result(world.school_a, year, "40")
        _result(world.school_a, year, "40", subject="russian")
    episodes = support_episodes(schools=[world.school_a], user=world.staff_a)
    attach_parts(episodes, school=world.school_a, user=world.staff_a)
    assert sum(len(items) for e in episodes for items in e.parts.values()) >= 12
    assert _tab_queries(world.school_a, world.staff_a) == before


def test_the_municipal_page_shows_the_chosen_years_items(world, history, client_for):  # noqa: F811
    client = client_for(world.staff_a)
    page = client.get(reverse("programs:support_municipality", args=[world.mun_a.pk]), {"year": "2024"})
    text = page.content.decode()
    assert "В этом году" in text
    cells = text.split('data-testid="episode-year-items"')[1:]
    assert any("ОГЭ: средний балл 3,5 (1 результат)" in cell for cell in cells)
    assert any("не в группе риска" in cell for cell in cells)
    without_year = client.get(reverse("programs:support_municipality", args=[world.mun_a.pk])).content.decode()
    assert "В этом году" not in without_year
