"""The documents of targeted help (issue 21): each kind's sections on the form and the page, the
typical defects found before submission (listed on the page, refusing the submission with the same
sentences), and the new fields in the version snapshot and its difference."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from monitoring.models import Indicator
from programs.models import SchoolProgram, SchoolProgramVersion
from programs.services import school_programs as svc
from programs.services.checks import typical_defects
from programs.services.errors import ProgramRuleError
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db

MEASURABLE = "В антирисковой программе нет измеримого показателя"


def anti_risk(world, *, indicators=None, stages=None, measures=None) -> SchoolProgram:
    """A complete anti-risk program of school A written through the service (as the demo does)."""
    program = svc.school_program_create(
        user=world.team_a,
        school=world.school_a,
        data={
            "kind": "anti_risk",
            "title": "Антирисковая программа «Низкая учебная мотивация обучающихся»",
            "period_start": 2025,
            "period_end": 2026,
            "goals": "Повысить учебную мотивацию обучающихся 5–9 классов",
            "tasks": "Ввести проектные недели\nВовлечь родителей в школьные события",
        },
    )
    return svc.school_program_save(
        user=world.team_a,
        program=program,
        data={},
        measures=measures
        if measures is not None
        else [
            {
                "number": 1,
                "title": "Проектная неделя",
                "deadline": date(2025, 11, 20),
                "responsible": "Заместитель директора по УВР",
                "participants": "обучающиеся 5–9 классов, классные руководители",
            }
        ],
        indicators=indicators
        if indicators is not None
        else [
            {
                "name": "Доля обучающихся с высокой учебной мотивацией",
                "unit": "%",
                "baseline": Decimal("31.5"),
                "target": Decimal("45"),
                "target_year": 2026,
                "method": "анкетирование обучающихся в апреле",
            }
        ],
        stages=stages
        if stages is not None
        else [{"number": 1, "title": "Подготовительный", "start": date(2025, 9, 1), "end": date(2025, 12, 31)}],
        expected_version=program.version,
    )


def test_complete_anti_risk_program_has_no_defects_and_is_submitted(world):
    program = anti_risk(world)
    assert svc.submission_check(program) == []
    version = svc.school_program_submit(user=world.team_a, program=program)
    assert version.snapshot["measures"]["1"].endswith("участники: обучающиеся 5–9 классов, классные руководители")


@pytest.mark.parametrize(
    "rows",
    [
        [],
        [{"name": "Доля мотивированных", "baseline": Decimal("30"), "target": None}],
        [{"name": "Доля мотивированных", "baseline": None, "target": Decimal("40")}],
    ],
    ids=["no-indicator", "no-target", "no-baseline"],
)
def test_anti_risk_program_without_measurable_indicator_is_refused(world, rows):
    program = anti_risk(world, indicators=rows)
    assert any(MEASURABLE in text for text in svc.submission_check(program))
    with pytest.raises(ProgramRuleError, match=MEASURABLE):
        svc.school_program_submit(user=world.team_a, program=program)
    program.refresh_from_db()
    assert program.status == SchoolProgram.Status.DRAFT
    assert not SchoolProgramVersion.objects.filter(program=program).exists()


def test_a_measurable_indicator_among_unmeasurable_ones_is_enough(world):
    rows = [
        {"name": "Без значений"},
        {"name": "Доля мотивированных", "baseline": Decimal("30"), "target": Decimal("40")},
    ]
    assert not any(MEASURABLE in t for t in typical_defects(anti_risk(world, indicators=rows)))


@pytest.mark.parametrize(
    ("direction", "baseline", "target", "expected"),
    [
        (Indicator.Direction.HIGHER, "12,5", "11", "целевое значение 11 ниже базового 12,5"),
        (Indicator.Direction.HIGHER, "12,5", "14", None),
        (Indicator.Direction.LOWER, "8", "9,25", "целевое значение 9,25 выше базового 8"),
        (Indicator.Direction.LOWER, "8", "5", None),
    ],
)
def test_target_against_baseline_follows_the_catalogue_direction(world, direction, baseline, target, expected):
    catalogue = IndicatorFactory(direction=direction, name="Средний балл ОГЭ")
    row = {
        "name": "Средний балл ОГЭ по математике",
        "indicator": catalogue,
        "baseline": Decimal(baseline.replace(",", ".")),
        "target": Decimal(target.replace(",", ".")),
    }
    defects = typical_defects(anti_risk(world, indicators=[row]))
    wrong = [t for t in defects if "Средний балл ОГЭ по математике" in t]
    if expected is None:
        assert wrong == []
    else:
        assert len(wrong) == 1 and expected in wrong[0]


def test_an_unlinked_indicator_has_no_direction_to_check(world):
    row = {"name": "Свой показатель", "baseline": Decimal("10"), "target": Decimal("5")}
    assert typical_defects(anti_risk(world, indicators=[row])) == []


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2025, 12, 1), date(2025, 10, 1), "заканчивается (01.10.2025) раньше, чем начинается (01.12.2025)"),
        (date(2024, 9, 1), date(2025, 5, 31), "выходит за срок программы 2025–2026 гг."),
        (date(2026, 9, 1), date(2027, 1, 15), "выходит за срок программы 2025–2026 гг."),
        (date(2025, 1, 1), date(2026, 12, 31), None),
    ],
)
def test_stage_dates(world, start, end, expected):
    program = anti_risk(world, stages=[{"number": 2, "title": "Основной", "start": start, "end": end}])
    defects = typical_defects(program)
    if expected is None:
        assert defects == []
    else:
        assert defects == [defects[0]] and "Этап 2 «Основной»" in defects[0] and expected in defects[0]
        with pytest.raises(ProgramRuleError, match="Этап 2"):
            svc.school_program_submit(user=world.team_a, program=program)


def test_measure_without_responsible_is_named_in_the_check(world):
    program = anti_risk(world, measures=[{"number": 1, "title": "Семинар", "deadline": date(2025, 10, 1)}])
    assert svc.submission_check(program) == ["Не заполнены разделы: сроки и ответственные у каждого мероприятия."]


def test_page_lists_the_defects_before_submission_and_refuses_with_the_same_sentences(world, client_for):
    catalogue = IndicatorFactory(direction=Indicator.Direction.HIGHER)
    program = anti_risk(
        world,
        indicators=[
            {"name": "Доля мотивированных", "indicator": catalogue, "baseline": Decimal("40"), "target": Decimal("35")}
        ],
        stages=[{"number": 1, "title": "Первый", "start": date(2025, 10, 1), "end": date(2025, 9, 1)}],
    )
    team = client_for(world.team_a)
    page = team.get(program.get_absolute_url()).content.decode()
    expected = svc.submission_check(program)
    assert len(expected) == 2
    block = page.split('data-testid="pre-submit-check"')[1].split("</section>")[0]
    assert "Проверка перед подачей" in block
    for text in expected:
        assert text.replace("«", "&laquo;").replace("»", "&raquo;") in block or text in block
    response = team.post(reverse("programs:school_program_submit", args=[program.pk]), follow=True)
    refused = response.content.decode()
    assert "Документ нельзя подать на экспертизу" in refused
    assert "целевое значение 35 ниже базового 40" in refused
    program.refresh_from_db()
    assert program.status == SchoolProgram.Status.DRAFT


def test_page_says_when_nothing_is_found(world, client_for):
    program = anti_risk(world)
    page = client_for(world.team_a).get(program.get_absolute_url()).content.decode()
    assert "Типичных недочётов не найдено" in page


def test_reviewers_do_not_see_the_teams_check(world, client_for):
    program = anti_risk(world)
    page = client_for(world.staff_a).get(program.get_absolute_url()).content.decode()
    assert "Проверка перед подачей" not in page


def test_concept_form_and_page_show_the_concepts_sections(world, client_for):
    team = client_for(world.team_a)
    response = team.post(
        reverse("programs:school_program_create") + f"?school={world.school_a.pk}",
        {
            "kind": "concept",
            "title": "Концепция развития «Школа возможностей»",
            "period_start": 2025,
            "period_end": 2030,
        },
    )
    assert response.status_code == 302
    program = SchoolProgram.objects.get(kind="concept")
    form_page = team.get(reverse("programs:school_program_edit", args=[program.pk])).content.decode()
    for name in ("mission", "analysis", "goals", "directions", "results"):
        assert f'name="{name}"' in form_page
    for absent in (
        'name="tasks"',
        'name="management"',
        "m-TOTAL_FORMS",
        "i-TOTAL_FORMS",
        "s-TOTAL_FORMS",
        'name="kind"',
    ):
        assert absent not in form_page
    response = team.post(
        reverse("programs:school_program_edit", args=[program.pk]),
        {
            "title": program.title,
            "period_start": 2025,
            "period_end": 2030,
            "version": program.version,
            "mission": "Школа, где каждый ребёнок находит свой путь",
            "analysis": "Результаты ОГЭ ниже районных три года подряд; треть обучающихся — из семей в трудной ситуации.",
            "goals": "Стать школой равных возможностей",
            "directions": "Индивидуальные траектории\nШкола как центр посёлка",
            "results": "Доля выпускников, продолживших обучение, растёт",
        },
    )
    assert response.status_code == 302, response.context and response.context["form"].errors
    page = team.get(program.get_absolute_url()).content.decode()
    assert "Миссия и ценности школы" in page and "Направления развития" in page
    assert "Школа как центр посёлка" in page
    assert "Мероприятия</h2>" not in page and "Этапы и сроки реализации" not in page
    program.refresh_from_db()
    assert svc.submission_check(program) == []
    version = svc.school_program_submit(user=world.team_a, program=program)
    assert version.snapshot["directions"] == {"1": "Индивидуальные траектории", "2": "Школа как центр посёлка"}
    assert version.snapshot["mission"] == {"1": "Школа, где каждый ребёнок находит свой путь"}


def test_medium_term_program_needs_its_management_section(world):
    program = svc.school_program_create(
        user=world.team_a,
        school=world.school_a,
        data={"kind": "medium_term", "title": "Среднесрочная программа", "period_start": 2025, "period_end": 2027},
    )
    assert "управление реализацией и контроль" in svc.completeness_problems(program)
    assert "миссия и ценности" not in svc.completeness_problems(program)


def test_anti_risk_edit_page_saves_stages_participants_and_indicator_link(world, client_for):
    catalogue = IndicatorFactory(direction=Indicator.Direction.HIGHER, name="Доля участников олимпиад", unit="percent")
    program = anti_risk(world, indicators=[], stages=[], measures=[])
    data = {
        "title": program.title,
        "period_start": 2025,
        "period_end": 2026,
        "version": program.version,
        "analysis": "",
        "goals": "Повысить мотивацию",
        "tasks": "Проектные недели",
        "results": "",
        "m-TOTAL_FORMS": "1",
        "m-INITIAL_FORMS": "0",
        "m-0-number": "1",
        "m-0-title": "Проектная неделя",
        "m-0-deadline": "2025-11-20",
        "m-0-responsible": "Заместитель директора",
        "m-0-participants": "обучающиеся 7–8 классов",
        "i-TOTAL_FORMS": "1",
        "i-INITIAL_FORMS": "0",
        "i-0-indicator": str(catalogue.pk),
        "i-0-baseline": "3,5",
        "i-0-target": "7",
        "i-0-target_year": "2026",
        "i-0-method": "отчёт об олимпиадах",
        "s-TOTAL_FORMS": "1",
        "s-INITIAL_FORMS": "0",
        "s-0-number": "1",
        "s-0-title": "Запуск",
        "s-0-start": "2025-09-01",
        "s-0-end": "2025-12-31",
    }
    response = client_for(world.team_a).post(reverse("programs:school_program_edit", args=[program.pk]), data)
    assert response.status_code == 302, response.context and [
        response.context[k].errors for k in ("form", "measures", "indicators", "stages")
    ]
    row = program.indicators.get()
    assert (row.name, row.unit, row.indicator_id, row.baseline, row.method) == (
        "Доля участников олимпиад",
        "%",
        catalogue.pk,
        Decimal("3.5"),
        "отчёт об олимпиадах",
    )
    assert program.measures.get().participants == "обучающиеся 7–8 классов"
    assert list(program.stages.values_list("title", "start", "end")) == [
        ("Запуск", date(2025, 9, 1), date(2025, 12, 31))
    ]
    page = client_for(world.team_a).get(program.get_absolute_url()).content.decode()
    assert "обучающиеся 7–8 классов" in page and "отчёт об олимпиадах" in page and "3,5" in page


def test_diff_shows_the_new_fields_between_versions(world):
    program = anti_risk(world)
    first = svc.school_program_submit(user=world.team_a, program=program)
    SchoolProgram.objects.filter(pk=program.pk).update(status=SchoolProgram.Status.RETURNED)
    program.refresh_from_db()
    stage = program.stages.get()
    measure = program.measures.get()
    indicator = program.indicators.get()
    svc.school_program_save(
        user=world.team_a,
        program=program,
        data={},
        measures=[
            {
                **{f: getattr(measure, f) for f in svc.MEASURE_FIELDS if f != "municipal_measure"},
                "id": measure.pk,
                "participants": "обучающиеся 5–9 классов, родители",
            }
        ],
        indicators=[
            {
                **{f: getattr(indicator, f) for f in svc.INDICATOR_FIELDS if f != "indicator"},
                "id": indicator.pk,
                "method": "анкетирование обучающихся и родителей",
            }
        ],
        stages=[
            {"id": stage.pk, "number": 1, "title": "Подготовительный", "start": stage.start, "end": date(2026, 1, 31)},
            {"number": 2, "title": "Основной", "start": date(2026, 2, 1), "end": date(2026, 6, 30)},
        ],
        expected_version=program.version,
    )
    second = svc.school_program_submit(user=world.team_a, program=program)
    diff = {s.key: s for s in svc.school_program_diff(first.snapshot, second.snapshot) if not s.empty}
    assert set(diff) >= {"stages", "measures", "indicators"}
    text = str([(s.key, s.added, s.removed, s.changed) for s in diff.values()])
    assert "31.01.2026" in text and "Основной" in text
    assert "родители" in text and "анкетирование обучающихся и родителей" in text
    assert "goals" not in diff  # unchanged sections are not listed
