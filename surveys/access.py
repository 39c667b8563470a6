"""Who may do what with questionnaires and campaigns (rules permissions, built on the predicates
and scope of schools/access.py).

- Questionnaires are shared by every committee, so regions reuse forms: committee staff list,
  design, import and export them.
- A campaign is its committee's: the municipality's staff (or the region's for a region-wide one)
  run it, follow the response rates and read the results.
- A school team sees its own school's row of a campaign: the link and QR code to hand out and its
  response rate — never the answers of a group under five.
- Respondents have no account: the link itself is the right to answer (views/answer.py)."""

from __future__ import annotations

import rules

from schools.access import (
    AnyUser,
    governs_municipality,
    governs_region,
    governs_school,
    is_committee_staff,
    is_superuser,
    is_team_of_school,
)


@rules.predicate
def governs_campaign(user: AnyUser, campaign) -> bool:
    """Staff of the campaign's municipality, or of its region (which covers all its campaigns)."""
    if campaign is None:
        return False
    if campaign.municipality_id is None:
        return bool(governs_region(user, campaign.region))
    return bool(governs_municipality(user, campaign))


rules.add_perm("surveys.design", is_superuser | is_committee_staff)
rules.add_perm("surveys.add_campaign", is_superuser | governs_municipality)  # obj: the municipality
rules.add_perm("surveys.view_campaign", is_superuser | governs_campaign)
rules.add_perm("surveys.manage_campaign", is_superuser | governs_campaign)
# obj: a CampaignSchool (it has ``school``): the committee over the school, or its own team.
rules.add_perm("surveys.view_campaign_school", is_superuser | governs_school | is_team_of_school)
