"""Profiles computed from real rows, the school's and the curator's decisions, every step kept."""

from __future__ import annotations

import pytest

from risks.models import ProfileEvent, ProfileItem
from risks.services.errors import RiskRuleError
from risks.services.profiles import item_decide, item_review, profiles_compute

from .conftest import YEAR, profile_item

pytestmark = pytest.mark.django_db


def test_profile_computed_from_questionnaires_and_profile(world, school_data):
    (profile,) = profiles_compute(schools=[school_data], year=YEAR, user=world.team_a)
    # By hand: 3 vacancies of 28 posts = 10,71 % (7–12: medium); 45 of 300 with ОВЗ = 15 % (high);
    # director's equipment 2 (≤ 2,5: medium); 4 of 10 students do not like learning = 40 % (35–50: medium).
    expected = {"staff_shortage": "medium", "disabilities": "high", "equipment": "medium", "motivation": "medium"}
    for code, level in expected.items():
        assert profile_item(profile, code).level == level, code
    assert float(profile_item(profile, "staff_shortage").value) == pytest.approx(300 / 28, abs=0.01)
    # The parents' questionnaire was not answered: «нет данных», not a guess.
    assert profile_item(profile, "parents").level == "no_data"
    # Students: 6 of 10 often find Russian explanations hard, but the context counts are missing.
    assert profile_item(profile, "language").level == "no_data"
    assert profile.events.get().action == "рассчитан"


def test_small_group_of_students_gives_no_data(world):
    from risks.demo_data import students_spec

    from .conftest import answered

    answered(
        world.school_a, students_spec(), [{"like_learning": ["no"], "feel_safe": ["no"], "language": ["never"]}] * 4
    )
    (profile,) = profiles_compute(schools=[world.school_a], year=YEAR)
    assert profile_item(profile, "motivation").level == "no_data"


def test_confirm_and_reject_need_a_reason(world, school_data):
    (profile,) = profiles_compute(schools=[school_data], year=YEAR)
    item = profile_item(profile, "disabilities")
    for decision, word in (("confirmed", "подтвердить"), ("rejected", "отклонить")):
        with pytest.raises(RiskRuleError, match=f"Нельзя {word} риск «Высокая доля обучающихся с ОВЗ» без обоснования"):
            item_decide(user=world.team_a, item=item, decision=decision, reason="   ")
    item.refresh_from_db()
    assert item.decision == "pending" and not ProfileEvent.objects.filter(item=item).exists()


def test_decisions_and_curator_every_step_kept(world, school_data):
    (profile,) = profiles_compute(schools=[school_data], year=YEAR)
    item = profile_item(profile, "disabilities")
    with pytest.raises(RiskRuleError):
        item_decide(user=world.staff_a, item=item, decision="confirmed", reason="Так")  # not the school's team
    with pytest.raises(RiskRuleError, match="ещё не приняла решение"):
        item_review(user=world.methodologist_a, item=item, verdict="agreed", comment="")
    item_decide(user=world.team_a, item=item, decision="confirmed", reason="45 детей с ОВЗ, нет тьютора")
    with pytest.raises(RiskRuleError, match="Напишите замечание"):
        item_review(user=world.methodologist_a, item=item, verdict="commented", comment="")
    with pytest.raises(RiskRuleError, match="куратор"):
        item_review(user=world.team_a, item=item, verdict="agreed", comment="")
    item_review(user=world.methodologist_a, item=item, verdict="commented", comment="Уточните число тьюторов")
    item.refresh_from_db()
    assert (item.decision, item.verdict) == ("confirmed", "commented")
    # A new decision asks the curator again.
    item_decide(user=world.team_a, item=item, decision="rejected", reason="Тьютор принят в октябре")
    item.refresh_from_db()
    assert item.verdict == "" and item.curator_comment == ""
    actions = list(profile.events.values_list("action", flat=True))
    assert actions == ["рассчитан", "риск подтверждён", "замечание куратора", "риск отклонён"]


def test_recompute_keeps_decisions_and_tells_changes(world, school_data):
    from schools.models import SchoolProfile

    (profile,) = profiles_compute(schools=[school_data], year=YEAR)
    item = profile_item(profile, "disabilities")
    item_decide(user=world.team_a, item=item, decision="confirmed", reason="Подтверждаем")
    SchoolProfile.objects.filter(school=school_data).update(disabilities=10)
    (again,) = profiles_compute(schools=[school_data], year=YEAR, user=world.staff_a)
    item.refresh_from_db()
    assert again.pk == profile.pk and item.decision == "confirmed" and item.level == "none"
    last = again.events.last()
    assert last.action == "пересчитан" and "«Высокая доля обучающихся с ОВЗ»: высокий → нет риска" in last.text


def test_another_municipality_cannot_compute(world, school_data):
    with pytest.raises(RiskRuleError, match="Нет прав"):
        profiles_compute(schools=[school_data], year=YEAR, user=world.staff_b)
    assert not ProfileItem.objects.exists()


def test_command_computes_a_municipality(world, school_data):
    from django.core.management import call_command

    call_command("risk_profiles", "--year", str(YEAR), "--municipality", world.mun_a.code)
    assert ProfileItem.objects.filter(profile__school=school_data).count() == 10
    assert ProfileItem.objects.filter(profile__school=world.school_a2).count() == 10


def test_no_risk_and_no_data_are_not_decided(world, school_data):
    (profile,) = profiles_compute(schools=[school_data], year=YEAR)
    calm = [item for item in profile.items.select_related("factor") if item.level in ("none", "no_data")]
    assert calm  # the hand-made inputs leave some factors without a risk or without data
    for item in calm:
        with pytest.raises(RiskRuleError, match="риск не выявлен"):
            item_decide(user=world.team_a, item=item, decision="confirmed", reason="На всякий случай")
        item.refresh_from_db()
        assert item.decision == ProfileItem.Decision.PENDING and not item.reason
