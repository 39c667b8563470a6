"""The professional development register of a school and its staff count."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from schools.models import School

from ..models import StaffCount, Training
from .checks import check_hours
from .errors import ResourceRuleError

if TYPE_CHECKING:
    from schools.models import User


@dataclass
class TrainingData:
    year: int
    form: str
    topic: str
    hours: object
    starts_on: date
    ends_on: date
    provider: str = ""
    quality_topic: bool = False
    full_name: str = ""
    position: str = ""
    subject: str = ""
    people: int = 1
    mentor: str = ""


def training_add(*, school: School, data: TrainingData, user: User) -> Training:
    hours = check_hours(data.hours)
    if data.form not in Training.Form.values:
        raise ResourceRuleError({"form": _("Выберите форму обучения из списка.")})
    if not data.topic.strip():
        raise ResourceRuleError({"topic": _("Укажите тему обучения.")})
    if data.ends_on < data.starts_on:
        raise ResourceRuleError({"ends_on": _("Окончание не может быть раньше начала.")})
    if not (data.starts_on.year == data.year and data.ends_on.year == data.year):
        raise ResourceRuleError(
            {"ends_on": _("Обучение должно пройти в пределах %(year)s года: даты вне года.") % {"year": data.year}}
        )
    named = bool(data.full_name.strip())
    people = 1 if named else data.people
    if people is None or people < 1:
        raise ResourceRuleError({"people": _("Укажите ФИО педагога или число педагогов (не меньше одного).")})
    if data.form == Training.Form.MENTORING and not data.mentor.strip():
        raise ResourceRuleError({"mentor": _("Для наставничества укажите наставника.")})
    with transaction.atomic():
        training = Training(
            school=school,
            year=data.year,
            form=data.form,
            topic=data.topic.strip(),
            provider=data.provider.strip(),
            hours=hours,
            starts_on=data.starts_on,
            ends_on=data.ends_on,
            quality_topic=data.quality_topic,
            full_name=data.full_name.strip(),
            position=data.position.strip(),
            subject=data.subject.strip(),
            people=people,
            mentor=data.mentor.strip(),
        )
        training._history_user = user  # type: ignore[attr-defined]  # read by simple-history
        training.full_clean()
        training.save()
    return training


def staff_count_set(*, school: School, year: int, teachers: int, target_share: object = None) -> StaffCount:
    if teachers is None or teachers < 1:
        raise ResourceRuleError({"teachers": _("Число педагогов должно быть больше нуля.")})
    target = None
    if target_share not in (None, ""):
        try:
            target = Decimal(str(target_share).replace(",", "."))
        except InvalidOperation as exc:
            raise ResourceRuleError({"target_share": _("Цель указывается в процентах, например 80.")}) from exc
        if not Decimal(0) <= target <= Decimal(100):
            raise ResourceRuleError({"target_share": _("Цель — от 0 до 100 %.")})
    row, _created = StaffCount.objects.update_or_create(
        school=school, year=year, defaults={"teachers": teachers, "target_share": target}
    )
    return row
