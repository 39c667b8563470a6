"""Reading campaigns: the lists, and the tracker — each school's answers against the expected
number of respondents («кто ещё не опрошен»). A fixed number of queries whatever the schools."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from schools.access import AnyUser, scope_of
from schools.models import SchoolProfile

from ..models import Campaign, CampaignSchool, PersonalLink, Questionnaire, Response
from ..models.questionnaires import SCHOOL_LINK_GROUPS, Group

#: A school counts as surveyed at this share of its expected respondents.
ENOUGH_SHARE = 50


def academic_year(day: dt.date) -> int:
    """The academic year (its end) a day belongs to: September starts the next one."""
    return day.year + 1 if day.month >= 9 else day.year


def visible_campaigns(user: AnyUser) -> QuerySet[Campaign]:
    """Campaigns of the committees the user works for (all for a superuser)."""
    scope = scope_of(user)
    qs = Campaign.objects.select_related("questionnaire", "municipality", "region")
    if scope.superuser:
        return qs
    return qs.filter(
        Q(region_id__in=scope.region_ids) | Q(municipality_id__in=scope.municipality_ids, municipality__isnull=False)
    )


def team_campaign_schools(user: AnyUser) -> QuerySet[CampaignSchool]:
    """The campaign rows of the user's own schools (a school team hands the links out)."""
    return CampaignSchool.objects.filter(school_id__in=scope_of(user).team_school_ids).select_related(
        "campaign__questionnaire", "school"
    )


def questionnaire_list() -> QuerySet[Questionnaire]:
    """Every questionnaire, shared by all committees so regions reuse forms; newest version first."""
    return Questionnaire.objects.annotate(
        n_questions=Count("questions", distinct=True), n_campaigns=Count("campaigns", distinct=True)
    ).order_by("title", "-version")


def questionnaire_versions(questionnaire: Questionnaire) -> list[Questionnaire]:
    family_id = questionnaire.family_id or questionnaire.pk
    return list(Questionnaire.objects.filter(Q(pk=family_id) | Q(family_id=family_id)).order_by("version"))


@dataclass
class TrackerRow:
    row: CampaignSchool
    expected: int | None
    received: int
    links_total: int = 0

    @property
    def rate(self) -> float | None:
        if not self.expected:
            return None
        return min(100.0, 100.0 * self.received / self.expected)

    @property
    def surveyed(self) -> bool:
        rate = self.rate
        return rate is not None and rate >= ENOUGH_SHARE

    @property
    def school(self):
        return self.row.school


def tracker(campaign: Campaign) -> list[TrackerRow]:
    """One row per school: expected respondents (the school's set number, else its latest
    profile: students / parents — enrolment, teachers — teachers; personal links — how many were
    issued), answers received. Four queries."""
    rows = list(
        CampaignSchool.objects.filter(campaign=campaign).select_related("school").order_by("school__short_name")
    )
    ids = [r.school_id for r in rows]
    received = dict(
        Response.objects.filter(campaign=campaign)
        .values("school_id")
        .annotate(n=Count("id"))
        .values_list("school_id", "n")
    )
    group = campaign.questionnaire.group
    links: dict[int, int] = {}
    if group not in SCHOOL_LINK_GROUPS:
        links = dict(
            PersonalLink.objects.filter(campaign_school__campaign=campaign)
            .values("campaign_school__school_id")
            .annotate(n=Count("id"))
            .values_list("campaign_school__school_id", "n")
        )
    profiles: dict[int, SchoolProfile] = {}
    year = academic_year(campaign.start)
    for profile in SchoolProfile.objects.filter(school_id__in=ids, year__lte=year).order_by("school_id", "-year"):
        profiles.setdefault(profile.school_id, profile)
    out = []
    for row in rows:
        expected = row.expected
        latest = profiles.get(row.school_id)
        if expected is None:
            if group in SCHOOL_LINK_GROUPS:
                expected = latest.enrolment if latest else None
            elif group == Group.TEACHERS:
                expected = (latest.teachers if latest else None) or links.get(row.school_id)
            else:
                expected = 1
        out.append(
            TrackerRow(
                row=row,
                expected=expected,
                received=received.get(row.school_id, 0),
                links_total=links.get(row.school_id, 0),
            )
        )
    return out


def tracker_totals(rows: list[TrackerRow]) -> dict[str, float | int | None]:
    expected = sum(r.expected or 0 for r in rows)
    received = sum(r.received for r in rows)
    return {
        "expected": expected,
        "received": received,
        "rate": (100.0 * received / expected) if expected else None,
        "not_surveyed": sum(1 for r in rows if not r.surveyed),
    }
