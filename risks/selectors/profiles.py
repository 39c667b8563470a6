"""Reads of risk profiles: one school's profile with its explanations, the municipal table, the tab."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from schools.access import AnyUser
from schools.extensions import SchoolTab
from schools.models import Municipality, School
from schools.years import current_academic_year

from ..models import Catalogue, Factor, ProfileEvent, ProfileItem, RiskProfile
from ..rules import LEVEL_LABELS, RISKY, Outcome, explain

LEVEL_CLASSES = {
    "high": "bg-danger-subtle text-danger-emphasis",
    "medium": "bg-warning-subtle text-warning-emphasis",
    "low": "bg-info-subtle text-info-emphasis",
    "none": "bg-success-subtle text-success-emphasis",
    "no_data": "bg-light text-body-secondary",
}


def default_year() -> int:
    return current_academic_year()


def profile_queryset(*, events: bool = True) -> QuerySet[RiskProfile]:
    """Profiles with their items (factor, anti-risk program) and, for the profile's own page and
    PDF, the events; the summaries on the school page and the team's home need no events."""
    items = ProfileItem.objects.select_related("factor", "antirisk__program").order_by("factor__order", "pk")
    qs = RiskProfile.objects.select_related("school__municipality", "catalogue", "computed_by").prefetch_related(
        Prefetch("items", queryset=items)
    )
    if events:
        qs = qs.prefetch_related(
            Prefetch("events", queryset=ProfileEvent.objects.select_related("by").order_by("at", "pk"))
        )
    return qs


def school_profile(*, school: School, year: int) -> RiskProfile | None:
    return profile_queryset().filter(school=school, year=year).first()


def profile_years(*, school: School) -> list[int]:
    return list(RiskProfile.objects.filter(school=school).order_by("-year").values_list("year", flat=True))


def _decimal(text: str | None) -> Decimal | None:
    return None if text in (None, "") else Decimal(str(text))


def item_explanation(item: ProfileItem, catalogue: Catalogue) -> list[str]:
    """The plain-words explanation of a stored item, with the rule of the version it was computed by."""
    outcome = Outcome(item.level, item.value, {k: _decimal(v) for k, v in item.inputs.items()})
    return explain(item.factor.spec(), outcome, catalogue.derived_specs())


@dataclass
class ItemRow:
    item: ProfileItem
    level_label: str
    level_class: str
    explanation: list[str]
    program: Any = None  # the anti-risk program, if started

    @property
    def risky(self) -> bool:
        """A risk the school confirms or rejects («нет риска» and «нет данных» are not)."""
        return self.item.level in RISKY


def profile_rows(profile: RiskProfile, *, explain: bool = True) -> list[ItemRow]:
    """The profile's items as rows; ``explain=False`` (the school page's tab, which shows level
    and decision only) skips the plain-words explanation of each rule."""
    rows = []
    for item in profile.items.all():
        link = getattr(item, "antirisk", None)
        rows.append(
            ItemRow(
                item=item,
                level_label=LEVEL_LABELS[item.level],
                level_class=LEVEL_CLASSES[item.level],
                explanation=item_explanation(item, profile.catalogue) if explain else [],
                program=link.program if link else None,
            )
        )
    return rows


def profile_summary(profile: RiskProfile) -> dict[str, int]:
    items = list(profile.items.all())
    return {
        "found": sum(1 for i in items if i.level in RISKY),
        "pending": sum(1 for i in items if i.level in RISKY and i.decision == ProfileItem.Decision.PENDING),
        "confirmed": sum(1 for i in items if i.decision == ProfileItem.Decision.CONFIRMED),
        "rejected": sum(1 for i in items if i.decision == ProfileItem.Decision.REJECTED),
        "programs": sum(1 for i in items if hasattr(i, "antirisk")),
    }


@dataclass
class TableCell:
    level: str
    label: str
    css: str
    decision: str  # «подтверждён» / «отклонён» / «»


@dataclass
class TableRow:
    school: School
    profile: RiskProfile | None
    cells: list[TableCell | None]


@dataclass
class RiskTable:
    year: int
    factors: list[Factor]
    rows: list[TableRow]
    counts: list[dict[str, int]] = field(default_factory=list)  # per factor: level → schools, «confirmed»


DECISION_SHORT = {"confirmed": "подтверждён", "rejected": "отклонён", "pending": ""}


def municipal_table(*, municipality: Municipality, year: int, catalogue: Catalogue) -> RiskTable:
    """Schools × factors of the catalogue's version for the year; a school computed with another
    version shows the factors of the same code. Three queries whatever the number of schools."""
    factors = list(catalogue.factors.order_by("order", "pk"))
    schools = list(School.objects.filter(municipality=municipality, is_archived=False).order_by("short_name"))
    profiles = {
        p.school_id: p
        for p in RiskProfile.objects.filter(school__in=schools, year=year).prefetch_related(
            Prefetch("items", queryset=ProfileItem.objects.select_related("factor"))
        )
    }
    counts: list[dict[str, int]] = [defaultdict(int) for _ in factors]
    rows = []
    for school in schools:
        profile = profiles.get(school.pk)
        by_code = {i.factor.code: i for i in profile.items.all()} if profile else {}
        cells: list[TableCell | None] = []
        for n, factor in enumerate(factors):
            item = by_code.get(factor.code)
            if item is None:
                cells.append(None)
                continue
            counts[n][item.level] += 1
            if item.decision == ProfileItem.Decision.CONFIRMED:
                counts[n]["confirmed"] += 1
            cells.append(
                TableCell(
                    item.level, LEVEL_LABELS[item.level], LEVEL_CLASSES[item.level], DECISION_SHORT[item.decision]
                )
            )
        rows.append(TableRow(school, profile, cells))
    return RiskTable(year, factors, rows, [dict(c) for c in counts])


def table_years(*, municipality: Municipality) -> list[int]:
    years = set(RiskProfile.objects.filter(school__municipality=municipality).values_list("year", flat=True).distinct())
    years.add(default_year())
    return sorted(years, reverse=True)


def school_tab(school: Any, user: AnyUser) -> SchoolTab | None:
    """The school page's «Профиль рисков» tab: the latest profile's counts and a link to it."""
    if not user.has_perm("risks.view_profile", school):
        return None
    profile = profile_queryset(events=False).filter(school=school).order_by("-year").first()
    return {
        "key": "risks",
        "label": "Профиль рисков",
        "template": "risks/_school_tab.html",
        "context": {
            "school": school,
            "profile": profile,
            "summary": profile_summary(profile) if profile else None,
            "rows": profile_rows(profile, explain=False) if profile else [],
        },
    }


def team_profiles(*, school_ids: set[int]) -> list[dict[str, Any]]:
    """For the school team's home: each school's latest profile and what waits for the team."""
    out = []
    # Only each school's latest profile is read (not every year's with its items).
    newest = RiskProfile.objects.filter(school=OuterRef("school")).order_by("-year").values("year")[:1]
    latest = {
        row.school_id: row
        for row in profile_queryset(events=False).filter(school_id__in=school_ids, year=Subquery(newest))
    }
    for school in School.objects.filter(pk__in=school_ids).order_by("short_name"):
        found = latest.get(school.pk)
        out.append({"school": school, "profile": found, "summary": profile_summary(found) if found else None})
    return out
