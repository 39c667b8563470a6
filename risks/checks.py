"""Typical defects of a school's documents the risk profile knows (schools.extensions.SCHOOL_PROGRAM_CHECKS).

- The medium-term program is refused while a confirmed risk of the school's latest profile has no
  anti-risk program: in the federal model the medium-term program carries out the anti-risk
  programs, one per confirmed risk, so it cannot be complete without all of them. An anti-risk
  program itself is not held back by another risk's missing program: the work on each risk goes
  on at its own pace.
- An anti-risk program whose risk the school has since rejected: it answers a risk the school no
  longer has."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from programs.models import SchoolProgram
from schools.years import academic_year_label

from .models import AntiRiskProgram, ProfileItem, RiskProfile
from .rules import RISKY


def program_checks(program: Any) -> Sequence[str]:
    if program.kind == SchoolProgram.Kind.MEDIUM_TERM:
        profile = RiskProfile.objects.filter(school_id=program.school_id).order_by("-year").first()
        if profile is None:
            return []
        missing = [
            item.factor.title
            for item in profile.items.select_related("factor").filter(
                decision=ProfileItem.Decision.CONFIRMED, antirisk__isnull=True, level__in=RISKY
            )
        ]
        if not missing:
            return []
        names = ", ".join(f"«{t}»" for t in missing)
        word = "подтверждённый риск" if len(missing) == 1 else "подтверждённые риски"
        verb = "не имеет" if len(missing) == 1 else "не имеют"
        return [
            f"{word.capitalize()} {names} профиля рисков за {academic_year_label(profile.year)} {verb} антирисковой "
            "программы — начните её на странице «Профиль рисков»."
        ]
    if program.kind == SchoolProgram.Kind.ANTI_RISK:
        link = AntiRiskProgram.objects.filter(program_id=program.pk).select_related("item__factor").first()
        if link is not None and link.item.decision == ProfileItem.Decision.REJECTED:
            return [
                f"Риск «{link.item.factor.title}», по которому написана эта антирисковая программа, школа с тех пор "
                "отклонила в профиле рисков."
            ]
    return []
