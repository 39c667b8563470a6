"""Targets of a program (set in a draft, changed only through a version) and the movement of the
indicators that measures are linked to."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import Indicator, IndicatorValue, Target
from monitoring.services.periods import period_get_or_create
from programs.selectors.monitoring import measures_move_indicators
from programs.selectors.programs import measures_table
from programs.services import programs as psvc
from programs.services.progress import ProgressTarget, progress_accept, progress_file
from programs.services.targets import target_set

from .conftest import make_program

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    return Indicator.objects.create(
        code="share_passed",
        name="Доля выпускников, сдавших ГИА",
        unit="percent",
        direction="higher",
        min_value=0,
        max_value=100,
    )


def test_target_set_in_draft_and_refused_after_approval(world, indicator):
    program = make_program(world, status="draft")
    target = target_set(
        program=program,
        indicator=indicator,
        school=world.school_a,
        baseline_value=Decimal("60"),
        baseline_year=2024,
        planned={2025: "70", 2026: "80"},
    )
    assert target.planned == {"2025": 70.0, "2026": 80.0}
    with pytest.raises(ValidationError, match="вне диапазона|больше|100"):
        target_set(program=program, indicator=indicator, school=world.school_a, planned={2025: "170"})
    with pytest.raises(ValidationError, match="вне периода"):
        target_set(program=program, indicator=indicator, school=world.school_a, planned={2031: "70"})
    with pytest.raises(ValidationError, match="не относится"):
        target_set(program=program, indicator=indicator, school=world.school_b, planned={2025: "70"})
    psvc.program_approve(program=program, user=world.staff_a)
    with pytest.raises(ValidationError, match="новую версию"):
        target_set(program=program, indicator=indicator, school=world.school_a, planned={2025: "75"})
    assert Target.objects.get().planned["2025"] == 70.0


def test_targets_are_part_of_versions(world, indicator):
    program = make_program(world, status="draft")
    target_set(program=program, indicator=indicator, school=world.school_a, planned={2025: "70"})
    psvc.program_approve(program=program, user=world.staff_a)
    psvc.program_amendment_open(program=program)
    target_set(program=program, indicator=indicator, school=world.school_a, planned={2025: "72"})
    psvc.program_amendment_commit(program=program, user=world.staff_a, reason="Уточнение плана")
    v1, v2 = program.versions.order_by("number")
    assert v1.snapshot["targets"] != v2.snapshot["targets"]


def test_program_page_shows_target_status(world, indicator, client_for):
    program = make_program(world, status="draft")
    target_set(
        program=program, indicator=indicator, school=world.school_a, baseline_value=Decimal("60"), planned={2025: "70"}
    )
    IndicatorValue.objects.create(
        indicator=indicator,
        period=period_get_or_create(kind="year", year=2025),
        school=world.school_a,
        value=Decimal("72"),
        source="manual",
    )
    body = client_for(world.staff_a).get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert 'data-testid="targets"' in body and "Доля выпускников" in body and 'data-status="met"' in body


def test_done_measure_whose_indicator_did_not_improve_is_flagged(world, indicator):
    program = make_program(world, status="draft")
    measure = program.measures.get(number="1.1")
    measure.indicators.set([indicator])
    for year, value in ((2024, "65"), (2026, "60")):
        IndicatorValue.objects.create(
            indicator=indicator,
            period=period_get_or_create(kind="year", year=year),
            school=world.school_a,
            value=Decimal(value),
            source="manual",
        )
    psvc.program_approve(program=program, user=world.staff_a)
    for occurrence in measure.occurrences.all():
        report = progress_file(
            target=ProgressTarget(occurrence, school=world.school_a),
            user=world.team_a,
            status="done",
            narrative="Проведено",
        )
        progress_accept(report=report, user=world.staff_a)
    program.refresh_from_db()
    groups = measures_table(program=program)
    [(title, rows)] = measures_move_indicators(program=program, groups=groups)
    [row] = rows
    assert row.percent == 100 and row.indicators[0].trend == "worse" and row.done_but_no_change


def test_target_form_shows_every_error_at_its_field_at_once_and_saves_nothing(world, indicator, client_for):
    program = make_program(world, status="draft")
    client = client_for(world.staff_a)
    url = reverse("programs:targets", args=[program.pk])
    response = client.post(
        url,
        {
            "version": "0",
            "indicator": indicator.pk,
            "school": world.school_a.pk,
            "baseline_value": "150",  # outside 0..100: the service's refusal
            "baseline_year": "1990",  # the form's refusal
            "plan_2024": "170",  # outside the range
            "plan_2025": "abc",  # not a number: the form's refusal
            "plan_2026": "-5",  # outside the range
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert {"baseline_value", "baseline_year", "plan_2024", "plan_2025", "plan_2026"} <= set(form.errors)
    assert "План на 2024 год" in form.errors["plan_2024"][0]
    assert not form.non_field_errors()
    body = response.content.decode()
    assert body.count("invalid-feedback") >= 5
    assert not Target.objects.exists()

    # The form's fields are all valid, the service refuses several: each at its own field.
    response = client.post(
        url,
        {"version": "0", "indicator": indicator.pk, "baseline_value": "150", "plan_2024": "170", "plan_2025": "70"},
    )
    form = response.context["form"]
    assert set(form.errors) == {"baseline_value", "plan_2024"}
    assert not Target.objects.exists()

    response = client.post(url, {"version": "0", "indicator": indicator.pk, "baseline_value": "60", "plan_2025": "70"})
    assert response.status_code == 302
    assert Target.objects.get().planned == {"2025": 70.0}


def test_target_set_reports_every_field(world, indicator):
    program = make_program(world, status="draft")
    with pytest.raises(ValidationError) as caught:
        target_set(
            program=program,
            indicator=indicator,
            school=world.school_b,
            baseline_value=Decimal("150"),
            planned={2024: "170", 2025: "-1", 2031: "5"},
        )
    assert set(caught.value.message_dict) == {"school", "baseline_value", "plan_2024", "plan_2025", "plan_2031"}
