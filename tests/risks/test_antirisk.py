"""Anti-risk programs: one per confirmed risk, and the checks before a document is submitted."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from programs.models import SchoolProgram
from programs.services.errors import ProgramRuleError
from programs.services.school_programs import school_program_create, school_program_save, school_program_submit
from risks.models import AntiRiskProgram
from risks.services.antirisk import antirisk_start, item_for
from risks.services.errors import RiskRuleError
from risks.services.profiles import item_decide, profiles_compute

from .conftest import YEAR, profile_item

pytestmark = pytest.mark.django_db


def complete(user, program):
    """Fill every section the completeness check asks for."""
    return school_program_save(
        user=user,
        program=program,
        data={
            "analysis": "Анализ ситуации школы по итогам профиля рисков и самодиагностики с куратором.",
            "goals": "Снизить риск",
            "tasks": "Диагностика",
            "results": "Риск снижен",
            # The sections a concept or a medium-term program also asks for (other kinds ignore them).
            "mission": "Школа равных возможностей",
            "directions": "Поддержка педагогов",
            "management": "Ежеквартальный отчёт команды",
        },
        measures=[
            {
                "number": 1,
                "title": "Диагностика",
                "task_number": 1,
                "deadline": dt.date(YEAR, 12, 1),
                "responsible": "Завуч",
            }
        ],
        indicators=[
            {"name": "Доля", "unit": "%", "baseline": Decimal(40), "target": Decimal(20), "target_year": YEAR + 1}
        ],
        stages=[
            {
                "number": 1,
                "title": "Основной",
                "start": dt.date(program.period_start, 1, 15),
                "end": dt.date(program.period_end, 6, 30),
            }
        ],
        expected_version=program.version,
    )


@pytest.fixture
def profile(world, school_data):
    (profile,) = profiles_compute(schools=[school_data], year=YEAR)
    for code in ("disabilities", "staff_shortage"):
        item_decide(user=world.team_a, item=profile_item(profile, code), decision="confirmed", reason="Подтверждаем")
    return profile


def test_one_program_per_confirmed_risk(world, profile):
    item = profile_item(profile, "disabilities")
    program = antirisk_start(user=world.team_a, item=item)
    assert program.kind == SchoolProgram.Kind.ANTI_RISK and program.status == "draft"
    assert program.title == "Антирисковая программа: Высокая доля обучающихся с ОВЗ"
    assert AntiRiskProgram.objects.get(item=item).program == program
    with pytest.raises(RiskRuleError, match="уже есть антирисковая программа"):
        antirisk_start(user=world.team_a, item=item)
    assert SchoolProgram.objects.filter(kind="anti_risk").count() == 1
    assert profile.events.last().action == "начата антирисковая программа"


def test_refused_for_a_risk_not_confirmed_or_not_in_the_profile(world, profile):
    pending = profile_item(profile, "equipment")
    with pytest.raises(RiskRuleError, match="не подтвердила"):
        antirisk_start(user=world.team_a, item=pending)
    with pytest.raises(RiskRuleError, match="Такого риска нет в профиле рисков школы"):
        item_for(school=world.school_a, year=YEAR, factor_code="flood")
    with pytest.raises(RiskRuleError, match="нет профиля рисков"):
        item_for(school=world.school_a2, year=YEAR, factor_code="equipment")
    with pytest.raises(RiskRuleError, match="проектная команда"):
        antirisk_start(user=world.staff_a, item=profile_item(profile, "disabilities"))
    assert not SchoolProgram.objects.exists()


def test_medium_term_program_refused_naming_the_risk_without_a_program(world, profile):
    antirisk_start(user=world.team_a, item=profile_item(profile, "disabilities"))
    medium = school_program_create(
        user=world.team_a,
        school=world.school_a,
        data={"kind": "medium_term", "title": "Среднесрочная программа", "period_start": YEAR, "period_end": YEAR + 2},
    )
    medium = complete(world.team_a, medium)
    with pytest.raises(ProgramRuleError) as exc:
        school_program_submit(user=world.team_a, program=medium)
    message = str(exc.value)
    assert "«Дефицит педагогических кадров»" in message and "не имеет антирисковой программы" in message
    assert "ОВЗ" not in message  # that risk has its program
    medium.refresh_from_db()
    assert medium.status == "draft"
    antirisk_start(user=world.team_a, item=profile_item(profile, "staff_shortage"))
    school_program_submit(user=world.team_a, program=medium)
    medium.refresh_from_db()
    assert medium.status == "submitted"


def test_anti_risk_program_of_a_rejected_risk_is_refused(world, profile):
    item = profile_item(profile, "disabilities")
    program = complete(world.team_a, antirisk_start(user=world.team_a, item=item))
    item_decide(user=world.team_a, item=item, decision="rejected", reason="Тьютор принят, риск снят")
    with pytest.raises(ProgramRuleError, match="школа с тех пор отклонила"):
        school_program_submit(user=world.team_a, program=program)
    # Another anti-risk program is not held back by a risk without its program.
    other = complete(world.team_a, antirisk_start(user=world.team_a, item=profile_item(profile, "staff_shortage")))
    school_program_submit(user=world.team_a, program=other)
