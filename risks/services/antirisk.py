"""An anti-risk program for a confirmed risk: one per risk, a school program under review."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from programs.models import SchoolProgram
from programs.services.errors import ProgramRuleError
from programs.services.school_programs import school_program_create
from schools.models import School
from schools.years import academic_year_label

from ..models import AntiRiskProgram, ProfileEvent, ProfileItem, RiskProfile
from .errors import RiskRuleError

if TYPE_CHECKING:
    from schools.models import User


def item_for(*, school: School, year: int, factor_code: str) -> ProfileItem:
    """The school's profile item of a factor, or a Russian refusal when the risk is not in it."""
    item = (
        ProfileItem.objects.select_related("factor", "profile__school")
        .filter(profile__school=school, profile__year=year, factor__code=factor_code)
        .first()
    )
    if item is None:
        if not RiskProfile.objects.filter(school=school, year=year).exists():
            raise RiskRuleError(f"У школы нет профиля рисков за {academic_year_label(year)}: сначала рассчитайте его.")
        raise RiskRuleError("Такого риска нет в профиле рисков школы: антирисковая программа пишется по риску профиля.")
    return item


def antirisk_start(*, user: User, item: ProfileItem) -> SchoolProgram:
    """Start the anti-risk program of a confirmed risk (a draft school program of its kind)."""
    with transaction.atomic():
        locked = ProfileItem.objects.select_for_update().select_related("profile__school", "factor").get(pk=item.pk)
        if not user.has_perm("risks.start_antirisk", locked):
            raise RiskRuleError("Антирисковую программу пишет проектная команда школы.")
        if locked.decision != ProfileItem.Decision.CONFIRMED:
            raise RiskRuleError(
                f"Риск «{locked.factor.title}» школа не подтвердила: антирисковая программа пишется только по "
                "подтверждённому риску."
            )
        existing = AntiRiskProgram.objects.filter(item=locked).select_related("program").first()
        if existing is not None:
            raise RiskRuleError(f"По риску «{locked.factor.title}» уже есть антирисковая программа.")
        year = locked.profile.year
        try:
            program = school_program_create(
                user=user,
                school=locked.profile.school,
                data={
                    "kind": SchoolProgram.Kind.ANTI_RISK,
                    "title": f"Антирисковая программа: {locked.factor.title}"[:500],
                    "period_start": year,
                    "period_end": year + 1,
                },
            )
        except ProgramRuleError as exc:
            raise RiskRuleError(str(exc)) from exc
        AntiRiskProgram.objects.create(item=locked, program=program)
        ProfileEvent.objects.create(
            profile=locked.profile,
            item=locked,
            action="начата антирисковая программа",
            text=f"«{locked.factor.title}»",
            by=user,
        )
    return program
