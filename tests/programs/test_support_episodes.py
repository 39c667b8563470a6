"""Support episodes (issue 17): the rule on hand-made histories (enter, leave, fall back, a gap
year, a change of category), the statuses indices contributes read from real runs and results,
the programs that carried a school, the municipal page and the school's «Поддержка» tab for every
persona, the workbook, and a query count that does not grow with the schools."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indices.models import AssessmentResult, Run, SchoolResult, Subject
from programs.models import Program
from programs.selectors.episodes import Carrier, academic_year_of, assemble, support_episodes
from schools.extensions import SupportMark
from tests.factories import ProgramFactory, RunFactory, SchoolFactory, SchoolResultFactory

pytestmark = pytest.mark.django_db

#: what a finished run's summary holds for the index tab of the school page to explain a result
SUMMARY = {"subjects": [], "subject_means": [], "regression": {"names": [], "coef": []}}


def _mark(year: int, in_support: bool | None, *, school: int = 1, kind: str = "risk", label: str = "") -> SupportMark:
    return SupportMark(
        school_id=school,
        year=year,
        kind=kind,
        kind_label="Группа риска низких результатов" if kind == "risk" else "Категория поддержки по индексам",
        in_support=bool(in_support),
        label=label or ("в группе" if in_support else "не в группе"),
        order=20 if kind == "risk" else 10,
    )


def _spans(episodes):
    return [(e.kind, e.start, e.end, e.left, e.fell_back, e.gaps) for e in episodes]


# --- the rule on hand-made histories --------------------------------------------------------------


def test_enter_and_leave():
    episodes = assemble([_mark(2022, False), _mark(2023, True), _mark(2024, True), _mark(2025, False)])
    assert _spans(episodes) == [("risk", 2023, 2024, 2025, False, [])]
    assert episodes[0].outcome == "вышла в 2024/2025 уч. г."
    assert episodes[0].period == "2022/2023 — 2023/2024"


def test_fall_back_after_leaving_is_a_new_episode():
    history = [_mark(2021, True), _mark(2022, False), _mark(2023, False), _mark(2024, True), _mark(2025, True)]
    episodes = assemble(history)
    assert _spans(episodes) == [("risk", 2021, 2021, 2022, False, []), ("risk", 2024, 2025, None, True, [])]
    assert episodes[1].ongoing and "в поддержке" in episodes[1].outcome


def test_a_gap_year_neither_ends_nor_starts_an_episode():
    # 2023 has no status at all (no results): the school is still in the one episode after it.
    episodes = assemble([_mark(2022, True), _mark(2024, True), _mark(2025, False)])
    assert _spans(episodes) == [("risk", 2022, 2024, 2025, False, [2023])]
    assert episodes[0].gaps_text == "2022/2023"
    assert episodes[0].covers(2023) and not episodes[0].covers(2025)
    # A gap before the first support year starts nothing; a gap after leaving does not reopen it.
    assert _spans(assemble([_mark(2020, False), _mark(2023, True)])) == [("risk", 2023, 2023, None, False, [])]


def test_never_in_support_has_no_episode():
    assert assemble([_mark(2023, False), _mark(2024, False)]) == []


def test_kinds_and_schools_make_separate_episodes_and_the_words_change_once():
    marks = [
        _mark(2023, True, kind="category", label="адресное наставничество"),
        _mark(2024, True, kind="category", label="адресное наставничество"),
        _mark(2025, True, kind="category", label="адресное сопровождение"),
        _mark(2024, True),
        _mark(2025, True, school=2),
    ]
    episodes = assemble(marks)
    assert [(e.school_id, e.kind) for e in episodes] == [(1, "category"), (1, "risk"), (2, "risk")]
    assert episodes[0].status_text == "адресное наставничество → адресное сопровождение"


def test_programs_carry_the_episodes_whose_years_they_share():
    early = Carrier("Программа 2019–2020", "муниципальная программа", "/p/1/", frozenset({2019, 2020}))
    late = Carrier("Программа 2024–2026", "муниципальная программа", "/p/2/", frozenset({2024, 2025, 2026}))
    episodes = assemble(
        [_mark(2020, True), _mark(2021, False), _mark(2023, True), _mark(2024, True)], {1: [early, late]}
    )
    assert [[c.title for c in e.carriers] for e in episodes] == [["Программа 2019–2020"], ["Программа 2024–2026"]]


def test_academic_year_of_a_date():
    assert academic_year_of(date(2024, 8, 31)) == 2024
    assert academic_year_of(date(2024, 9, 1)) == 2025


# --- real data: the statuses indices gives, the programs, the pages -------------------------------


def _result(school, year, share, subject="math", n=20):
    AssessmentResult.objects.create(
        school=school,
        year=year,
        procedure="ОГЭ",
        grade=9,
        subject=Subject.objects.get(code=subject),
        participants=n,
        mean_score=Decimal("3.5"),
        share_below_min=Decimal(share),
    )


@pytest.fixture
def history(world):
    """School А-1: in the risk group in 2023 (math and Russian low), out in 2024, no results in
    2025 (a gap), in again in 2026 (math and Russian low) — a fall back. Its category by
    the regional runs: «адресное наставничество» in 2024 and 2025, stable in 2026. It is a
    supported school of a program of 2024–2026."""
    a = world.school_a
    _result(a, 2023, "40")
    _result(a, 2023, "35", subject="russian")
    _result(a, 2024, "10")
    _result(a, 2026, "40")
    _result(a, 2026, "30", subject="russian")  # exactly the threshold: low
    _result(world.school_a2, 2026, "5")
    for year, category in ((2024, "not_coping"), (2025, "not_coping"), (2026, "stable")):
        run = RunFactory(region=world.region, year=year, status=Run.Status.DONE, summary=SUMMARY)
        SchoolResultFactory(run=run, school=a, category=category)
        SchoolResultFactory(run=run, school=world.school_a2, category="stable")
    program = ProgramFactory(
        municipality=world.mun_a,
        created_by=world.staff_a,
        status=Program.Status.ACTIVE,
        schools=[a],
        short_title="Программа поддержки школ",
        period_start=date(2023, 9, 1),
        period_end=date(2026, 8, 31),
    )
    return program


def test_the_statuses_from_runs_and_results_make_the_episodes(world, history):
    episodes = support_episodes(schools=[world.school_a, world.school_a2], user=world.staff_a)
    spans = _spans(episodes)
    # The same history told by hand: category 2024–2025, left 2026; risk 2023, left 2024; risk again 2026.
    assert spans == [
        ("category", 2024, 2025, 2026, False, []),
        ("risk", 2023, 2023, 2024, False, []),
        ("risk", 2026, 2026, None, True, []),
    ]
    assert episodes[0].status_text == str(SchoolResult.Category.NOT_COPING.label)
    assert episodes[1].status_text == "два и более низких результата в одном году"
    assert episodes[2].status_text == "два и более низких результата в одном году"
    # The program (academic years 2024–2026) carried the category episode and the fall back, not 2023.
    assert [[c.title for c in e.carriers] for e in episodes] == [
        ["Программа поддержки школ"],
        [],
        ["Программа поддержки школ"],
    ]


def _page(client, municipality, **params):
    return client.get(reverse("programs:support_municipality", args=[municipality.pk]), params)


@pytest.mark.parametrize(("persona", "status"), [("staff_a", 200), ("region_staff", 200), ("staff_b", 403)])
def test_the_municipal_page_by_persona(world, history, client_for, persona, status):
    response = _page(client_for(getattr(world, persona)), world.mun_a)
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert "Школа А-1" in html and "возврат" in html and "Программа поддержки школ" in html
        assert "Группа риска низких результатов" in html and "Категория поддержки по индексам" in html


def test_a_school_team_does_not_get_the_municipal_page(world, history, client_for):
    assert _page(client_for(world.team_a), world.mun_a).status_code == 403
    assert _page(client_for(None), world.mun_a).status_code == 302


def test_the_page_filters_by_year_and_kind(world, history, client_for):
    client = client_for(world.staff_a)
    only_risk = _page(client, world.mun_a, kind="risk").context["episodes"]
    assert {e.kind for e in only_risk} == {"risk"} and len(only_risk) == 2
    in_2025 = _page(client, world.mun_a, year="2025").context["episodes"]
    assert [(e.kind, e.start) for e in in_2025] == [("category", 2024)]
    # Nonsense filters are ignored, not a 500.
    assert len(_page(client, world.mun_a, year="abc", kind="<x>").context["episodes"]) == 3


def test_the_workbook(world, history, client_for):
    response = _page(client_for(world.staff_a), world.mun_a, kind="risk", format="xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Код школы", "Школа", "Основание поддержки")
    assert [(r[0], r[3], r[5], r[6]) for r in rows[1:]] == [
        ("A-1", "2022/2023", "2023/2024", "нет"),
        ("A-1", "2025/2026", None, "да"),
    ]


@pytest.mark.parametrize(("persona", "sees"), [("staff_a", True), ("region_staff", True), ("team_a", True)])
def test_the_school_tab(world, history, client_for, persona, sees):
    response = client_for(getattr(world, persona)).get(
        reverse("schools:detail", args=[world.school_a.pk]), {"tab": "support"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "История поддержки школы" in html
    assert html.count('data-testid="support-episode"') == 3 and "возврат" in html


def test_another_municipality_does_not_see_the_school(world, history, client_for):
    response = client_for(world.staff_b).get(reverse("schools:detail", args=[world.school_a.pk]), {"tab": "support"})
    assert response.status_code in (403, 404)


def test_the_page_reads_a_fixed_number_of_queries(world, history, client_for, django_assert_max_num_queries):
    client = client_for(world.staff_a)
    _page(client, world.mun_a)  # warm the session and the scope

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert _page(client, world.mun_a).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(6):
        school = SchoolFactory(municipality=world.mun_a, code=f"M-{i}")
        _result(school, 2023, "40")
        _result(school, 2023, "40", subject="russian")
        _result(school, 2024, "5")
        history.participants.create(school=school)
    assert count() == before


def test_the_link_leads_to_the_committees_own_municipality(world, client_for):
    response = client_for(world.staff_a).get(reverse("programs:support"))
    assert response.status_code == 302
    assert response["Location"] == reverse("programs:support_municipality", args=[world.mun_a.pk])
    assert client_for(world.team_a).get(reverse("programs:support")).status_code == 403
