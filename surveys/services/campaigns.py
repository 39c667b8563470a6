"""Campaigns: sending a questionnaire version to schools for a period, closing it, reminding the
school teams of the schools that have answered little."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from schools.formats import ru_plural
from schools.models import Membership, Municipality, Region, Role, School, User

from ..models import Campaign, CampaignSchool, PersonalLink, Questionnaire
from ..models.questionnaires import SCHOOL_LINK_GROUPS

MAX_PERSONAL_LINKS = 300


@transaction.atomic
def campaign_create(
    *,
    title: str,
    questionnaire: Questionnaire,
    region: Region,
    municipality: Municipality | None,
    start: dt.date,
    end: dt.date,
    schools: Sequence[School],
    personal_links: int = 0,
    user: User | None,
) -> Campaign:
    """A campaign with each school's anonymous link and, for teachers and directors, ``personal_links``
    one-use links per school (the director: one). ValidationError names what is wrong."""
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Назовите опрос."
    if end < start:
        errors["end"] = "Окончание раньше начала."
    if not schools:
        errors["schools"] = "Выберите хотя бы одну школу."
    outside = [
        s.short_name
        for s in schools
        if s.region_id != region.pk or (municipality is not None and s.municipality_id != municipality.pk)
    ]
    if outside:
        errors["schools"] = "Школы не из этого муниципалитета: " + ", ".join(outside[:5]) + "."
    if not questionnaire.questions.exists():
        errors["questionnaire"] = "В анкете нет вопросов."
    personal = questionnaire.group not in SCHOOL_LINK_GROUPS
    if personal:
        if questionnaire.group == "director":
            personal_links = 1
        if not 1 <= personal_links <= MAX_PERSONAL_LINKS:
            errors["personal_links"] = f"Для педагогов нужно от 1 до {MAX_PERSONAL_LINKS} персональных ссылок на школу."
    if errors:
        raise ValidationError(errors)
    campaign = Campaign.objects.create(
        title=title.strip(),
        questionnaire=questionnaire,
        region=region,
        municipality=municipality,
        start=start,
        end=end,
        created_by=user,
    )
    rows = CampaignSchool.objects.bulk_create([CampaignSchool(campaign=campaign, school=s) for s in schools])
    if personal:
        rows = list(CampaignSchool.objects.filter(campaign=campaign))
        PersonalLink.objects.bulk_create(
            [PersonalLink(campaign_school=row, number=n) for row in rows for n in range(1, personal_links + 1)]
        )
    return campaign


def campaign_close(*, campaign: Campaign) -> None:
    campaign.closed = True
    campaign.save(update_fields=["closed"])


def reminders_send(*, campaign: Campaign, school_ids: Sequence[int], today: dt.date | None = None) -> int:
    """One e-mail per school team member of each school in ``school_ids``; the number sent.
    The school row remembers the day, so the tracker shows who was reminded."""
    today = today or timezone.localdate()
    rows = list(CampaignSchool.objects.filter(campaign=campaign, school_id__in=school_ids).select_related("school"))
    team: dict[int, list[str]] = defaultdict(list)
    for school_id, email in (
        Membership.objects.filter(
            role=Role.SCHOOL_TEAM, is_active=True, user__is_active=True, school_id__in=[r.school_id for r in rows]
        )
        .exclude(user__email="")
        .values_list("school_id", "user__email")
    ):
        team[school_id].append(email)
    sent = 0
    until = campaign.end - today
    days = max(until.days, 0)
    for row in rows:
        body = (
            f"Здравствуйте!\n\nИдёт опрос «{campaign.title}» ({campaign.questionnaire.get_group_display()}). "
            f"Из школы «{row.school.short_name}» ответов пока мало. До окончания опроса "
            f"{days} {ru_plural(days, 'день', 'дня', 'дней')} ({campaign.end:%d.%m.%Y}).\n"
            "Ссылку и QR-код для раздачи можно открыть на портале, на странице опроса.\n"
        )
        for email in team.get(row.school_id, []):
            send_mail(f"Напоминание: опрос «{campaign.title}»", body, settings.DEFAULT_FROM_EMAIL, [email])
            sent += 1
        row.reminded_on = today
        row.save(update_fields=["reminded_on"])
    return sent
