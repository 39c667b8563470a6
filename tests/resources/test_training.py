"""Issue 19: the trained share is computed from the register and agrees with a hand count."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from resources.models import Training
from resources.selectors.training import trained_shares
from resources.services.training import TrainingData, staff_count_set, training_add

pytestmark = pytest.mark.django_db


def _add(world, school, **kw):
    data = dict(year=2025, form="course", topic="Формирующее оценивание", hours="36",
                starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 20))  # fmt: skip
    data.update(kw)
    return training_add(school=school, data=TrainingData(**data), user=world.staff_a)


def test_share_agrees_with_a_hand_count(world):
    staff_count_set(school=world.school_a, year=2025, teachers=20, target_share="50")
    # Ivanova twice (counted once, and «ё» and case do not make her two people), Petrov once,
    # a group of 3 the school keeps as a count, and one training finished in 2024 (outside).
    _add(world, world.school_a, full_name="Иванова Алёна Петровна", quality_topic=True)
    _add(world, world.school_a, full_name="иванова  Алена Петровна", topic="Наставничество", form="mentoring",
         mentor="Сидорова Т. И.")  # fmt: skip
    _add(world, world.school_a, full_name="Петров Олег", position="учитель", subject="математика")
    _add(world, world.school_a, people=3, quality_topic=True)
    _add(world, world.school_a, year=2024, starts_on=date(2024, 11, 1), ends_on=date(2024, 11, 30),
         full_name="Кузнецова Ирина")  # fmt: skip
    _add(world, world.school_a2, full_name="Другая школа")
    # By hand: Иванова, Петров, 3 counted = 5 of 20 → 25 %; on quality: Иванова + 3 = 4 → 20 %.
    share = trained_shares(school_ids=[world.school_a.pk], date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    assert (share[world.school_a.pk].trained, share[world.school_a.pk].teachers) == (5, 20)
    assert share[world.school_a.pk].percent == Decimal("25.0")
    assert share[world.school_a.pk].meets_target is False
    quality = trained_shares(
        school_ids=[world.school_a.pk], date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), quality_only=True
    )
    assert quality[world.school_a.pk].percent == Decimal("20.0")
    # Any period: the two years together add Кузнецова.
    both = trained_shares(school_ids=[world.school_a.pk], date_from=date(2024, 1, 1), date_to=date(2025, 12, 31))
    assert both[world.school_a.pk].trained == 6


def test_no_staff_count_no_share(world):
    _add(world, world.school_a, full_name="Иванова")
    share = trained_shares(school_ids=[world.school_a.pk], date_from=date(2025, 1, 1), date_to=date(2025, 12, 31))
    assert share[world.school_a.pk].trained == 1 and share[world.school_a.pk].percent is None


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        ({"hours": "7.1"}, "четверть часа"),
        ({"hours": "-1"}, "больше нуля"),
        ({"starts_on": date(2024, 12, 20)}, "в пределах 2025 года"),
        ({"ends_on": date(2026, 1, 10)}, "в пределах 2025 года"),
        ({"ends_on": date(2025, 2, 1)}, "раньше начала"),
        ({"form": "mentoring"}, "наставника"),
        ({"people": 0}, "число педагогов"),
    ],
)
def test_bad_trainings_are_refused(world, kw, message):
    with pytest.raises(ValidationError) as exc:
        _add(world, world.school_a, **kw)
    assert message in " ".join(exc.value.messages)
    assert not Training.objects.exists()
