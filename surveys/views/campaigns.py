"""Campaigns: the list, a new campaign, the tracker (response rates, «кто ещё не опрошен»,
reminders, closing), the school's links with QR codes, the results and their export."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from schools.access import is_committee_staff, scope_of, visible_municipalities, visible_schools
from schools.views.guards import object_required, perm_required

from ..forms import CampaignForm
from ..models import Campaign, CampaignSchool, Questionnaire
from ..models.questionnaires import SCHOOL_LINK_GROUPS
from ..qr import qr_svg
from ..selectors import campaigns as reads
from ..services import campaigns as svc
from ..services.answers import campaign_is_open

CAMPAIGNS = Campaign.objects.select_related("questionnaire", "municipality", "region")
CAMPAIGN_SCHOOLS = CampaignSchool.objects.select_related("campaign__questionnaire", "school").prefetch_related("links")


@login_required
def campaign_list_view(request):
    user = request.user
    campaigns = list(reads.visible_campaigns(user)) if is_committee_staff(user) else []
    own = list(reads.team_campaign_schools(user))
    # A school team always has «Опросы» in its menu: with no campaign yet it sees an empty list.
    if not campaigns and not own and not user.has_perm("surveys.design") and not scope_of(user).team_school_ids:
        raise PermissionDenied
    return render(
        request,
        "surveys/campaign_list.html",
        {
            "campaigns": campaigns,
            "own": own,
            "today": timezone.localdate(),
            "can_design": user.has_perm("surveys.design"),
        },
    )


def _creatable_municipalities(user):
    return [m for m in visible_municipalities(user).order_by("name") if user.has_perm("surveys.add_campaign", m)]


@perm_required("surveys.design")
def campaign_create_view(request):
    municipalities = _creatable_municipalities(request.user)
    if not municipalities:
        raise PermissionDenied
    ids = [m.pk for m in municipalities]
    today = timezone.localdate()
    form = CampaignForm(
        request.POST or None,
        initial={
            "start": today,
            "end": today + dt.timedelta(days=21),
            "questionnaire": request.GET.get("questionnaire"),
        },
        questionnaires=Questionnaire.objects.order_by("title", "-version"),
        municipalities=visible_municipalities(request.user).filter(pk__in=ids).order_by("name"),
        schools=visible_schools(request.user)
        .filter(municipality_id__in=ids)
        .select_related("municipality")
        .order_by("municipality__name", "short_name"),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            campaign = svc.campaign_create(
                title=d["title"],
                questionnaire=d["questionnaire"],
                region=d["municipality"].region,
                municipality=d["municipality"],
                start=d["start"],
                end=d["end"],
                schools=list(d["schools"]),
                personal_links=d["personal_links"] or 0,
                user=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Опрос создан: ссылки и QR-коды школ готовы.")
            return redirect("surveys:campaign", campaign.pk)
    return render(request, "surveys/campaign_form.html", {"form": form})


@object_required("surveys.view_campaign", CAMPAIGNS)
def campaign_detail_view(request, campaign):
    rows = reads.tracker(campaign)
    only_missing = request.GET.get("show") == "missing"
    shown = [r for r in rows if not r.surveyed] if only_missing else rows
    return render(
        request,
        "surveys/campaign_detail.html",
        {
            "campaign": campaign,
            "rows": shown,
            "totals": reads.tracker_totals(rows),
            "only_missing": only_missing,
            "is_open": campaign_is_open(campaign),
            "can_manage": request.user.has_perm("surveys.manage_campaign", campaign),
            "enough": reads.ENOUGH_SHARE,
        },
    )


@require_POST
@object_required("surveys.manage_campaign", CAMPAIGNS)
def campaign_remind_view(request, campaign):
    rows = reads.tracker(campaign)
    ids = [r.row.school_id for r in rows if not r.surveyed]
    if not ids:
        messages.info(request, "Все школы опрошены — напоминать некому.")
    else:
        sent = svc.reminders_send(campaign=campaign, school_ids=ids)
        messages.success(request, f"Напоминания отправлены: школ — {len(ids)}, писем — {sent}.")
    return redirect("surveys:campaign", campaign.pk)


@require_POST
@object_required("surveys.manage_campaign", CAMPAIGNS)
def campaign_close_view(request, campaign):
    svc.campaign_close(campaign=campaign)
    messages.success(request, "Опрос закрыт: ссылки больше не принимают ответы.")
    return redirect("surveys:campaign", campaign.pk)


def answer_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("surveys:answer", args=[token]))


@object_required("surveys.view_campaign_school", CAMPAIGN_SCHOOLS, lookup={"pk": "pk", "campaign_id": "campaign_pk"})
def campaign_school_links_view(request, row):
    """The printable sheet of a school: its anonymous link and QR code (students, parents) or its
    numbered one-use links (teachers, the director), each with a QR code."""
    campaign = row.campaign
    if campaign.questionnaire.group in SCHOOL_LINK_GROUPS:
        links = [{"number": None, "url": answer_url(request, row.token), "used": False}]
    else:
        links = [
            {"number": link.number, "url": answer_url(request, link.token), "used": link.used}
            for link in row.links.all()
        ]
    for link in links:
        link["qr"] = qr_svg(link["url"])
    return render(request, "surveys/campaign_links.html", {"campaign": campaign, "row": row, "links": links})
