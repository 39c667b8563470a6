"""Risk profiles: computed from the catalogue's rules, then decided by the school and the curator.

Every step is a `ProfileEvent`, shown under the profile: the computation (with the catalogue
version), each confirmation or rejection with its reason, each word of the curator."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from schools.formats import format_number
from schools.models import School

from ..inputs import load_inputs
from ..models import Catalogue, ProfileEvent, ProfileItem, RiskProfile
from ..rules import LEVEL_LABELS, RISKY, base_inputs, compute
from .catalogue import catalogue_current
from .errors import RiskRuleError

if TYPE_CHECKING:
    from schools.models import User


def _as_text(inputs: dict) -> dict[str, str | None]:
    # Two decimals are what the explanation shows; a derived share may have thirty.
    return {name: None if value is None else str(value.quantize(Decimal("0.01"))) for name, value in inputs.items()}


def profiles_compute(
    *, schools: Iterable[School], year: int, user: User | None = None, catalogue: Catalogue | None = None
) -> list[RiskProfile]:
    """Compute (or recompute) the profiles of ``schools`` for the academic year ending in ``year``
    with the current catalogue. A recomputation keeps the school's and the curator's decisions on
    the factors it still has; a changed level is told in the event log. ``user`` None: the operator
    (the command) or the demo."""
    schools = list(schools)
    if user is not None:
        refused = [s.short_name for s in schools if not user.has_perm("risks.compute_profile", s)]
        if refused:
            raise RiskRuleError(f"Нет прав пересчитать профиль рисков: {', '.join(refused)}.")
    catalogue = catalogue or catalogue_current()
    factors = list(catalogue.factors.all())
    derived = catalogue.derived_specs()
    names: set[str] = set()
    for factor in factors:
        names |= base_inputs(factor.rule, derived)
    values = load_inputs(names, school_ids=[s.pk for s in schools], year=year)
    out = []
    now = timezone.now()
    with transaction.atomic():
        for school in schools:
            profile, created = RiskProfile.objects.select_for_update().get_or_create(
                school=school, year=year, defaults={"catalogue": catalogue, "computed_at": now, "computed_by": user}
            )
            if not created:
                profile.catalogue, profile.computed_at, profile.computed_by = catalogue, now, user
                profile.save()
            existing = {i.factor.code: i for i in profile.items.select_related("factor")}
            changes = []
            for factor in factors:
                outcome = compute(factor.spec(), values[school.pk], derived)
                item = existing.pop(factor.code, None)
                if item is not None and item.level != outcome.level:
                    changes.append(f"«{factor.title}»: {LEVEL_LABELS[item.level]} → {LEVEL_LABELS[outcome.level]}")
                item = item or ProfileItem(profile=profile)
                item.factor, item.level, item.value = factor, outcome.level, outcome.value
                item.inputs = _as_text(outcome.inputs)
                item.save()
            for item in existing.values():  # a factor the new version dropped
                if item.decision == ProfileItem.Decision.PENDING and not hasattr(item, "antirisk"):
                    item.delete()
            found = profile.items.exclude(level__in=["none", "no_data"]).count()
            text = f"Версия каталога {catalogue.number}; выявлено факторов риска: {format_number(found, 0)}."
            if changes:
                text += " Изменились уровни: " + "; ".join(changes) + "."
            ProfileEvent.objects.create(
                profile=profile, action="рассчитан" if created else "пересчитан", text=text, by=user
            )
            out.append(profile)
    return out


def item_decide(*, user: User, item: ProfileItem, decision: str, reason: str) -> ProfileItem:
    """The school confirms or rejects a factor; a reason is required either way. A new decision
    asks the curator again (their earlier word was about the earlier decision)."""
    if decision not in (ProfileItem.Decision.CONFIRMED, ProfileItem.Decision.REJECTED):
        raise RiskRuleError("Выберите: подтвердить риск или отклонить его.")
    reason = (reason or "").strip()
    if not reason:
        word = "подтвердить" if decision == ProfileItem.Decision.CONFIRMED else "отклонить"
        raise RiskRuleError(f"Нельзя {word} риск «{item.factor.title}» без обоснования: напишите, почему.")
    with transaction.atomic():
        locked = ProfileItem.objects.select_for_update().select_related("profile__school", "factor").get(pk=item.pk)
        if not user.has_perm("risks.decide_risk", locked):
            raise RiskRuleError("Подтверждает и отклоняет риски проектная команда школы.")
        if locked.level not in RISKY:
            raise RiskRuleError(
                f"По фактору «{locked.factor.title}» риск не выявлен ({LEVEL_LABELS[locked.level]}): "
                "подтверждать или отклонять нечего."
            )
        locked.decision, locked.reason = decision, reason
        locked.verdict, locked.curator_comment = ProfileItem.Verdict.NONE, ""
        locked.full_clean()
        locked.save()
        action = "риск подтверждён" if decision == ProfileItem.Decision.CONFIRMED else "риск отклонён"
        ProfileEvent.objects.create(
            profile=locked.profile, item=locked, action=action, text=f"«{locked.factor.title}»: {reason}", by=user
        )
    return locked


def item_review(*, user: User, item: ProfileItem, verdict: str, comment: str) -> ProfileItem:
    """The curator agrees with the school's decision or comments on it (a comment is then required)."""
    comment = (comment or "").strip()
    if verdict not in (ProfileItem.Verdict.AGREED, ProfileItem.Verdict.COMMENTED):
        raise RiskRuleError("Выберите: согласиться с решением школы или оставить замечание.")
    with transaction.atomic():
        locked = ProfileItem.objects.select_for_update().select_related("profile__school", "factor").get(pk=item.pk)
        if not user.has_perm("risks.review_risk", locked):
            raise RiskRuleError("Решение школы по рискам оценивает её куратор.")
        if locked.decision == ProfileItem.Decision.PENDING:
            raise RiskRuleError(f"Школа ещё не приняла решение по риску «{locked.factor.title}».")
        if verdict == ProfileItem.Verdict.COMMENTED and not comment:
            raise RiskRuleError("Напишите замечание: с чем вы не согласны.")
        locked.verdict, locked.curator_comment = verdict, comment
        locked.full_clean()
        locked.save()
        action = "куратор согласен" if verdict == ProfileItem.Verdict.AGREED else "замечание куратора"
        text = f"«{locked.factor.title}»" + (f": {comment}" if comment else "")
        ProfileEvent.objects.create(profile=locked.profile, item=locked, action=action, text=text, by=user)
    return locked
