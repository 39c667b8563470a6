"""Who sees and decides risk profiles, the municipal risk table and the catalogue.

Built only from the predicates of schools/access.py: the school team decides its school's risks,
the curator (a user assigned to the school) agrees or comments, the committee of the school's
municipality or region sees and computes, the region edits the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.db.models import QuerySet

from schools.access import (
    governs_municipality,
    governs_school,
    is_assigned_to_school,
    is_committee_staff,
    is_region_staff,
    is_superuser,
    is_team_of_school,
    visible_municipalities,
)
from schools.models import Municipality

if TYPE_CHECKING:
    from schools.access import AnyUser

# obj: a school, a profile or a profile item (each is placed on the ladder through its school).
rules.add_perm("risks.view_profile", is_superuser | governs_school | is_team_of_school | is_assigned_to_school)
rules.add_perm("risks.compute_profile", is_superuser | governs_school | is_team_of_school)
rules.add_perm("risks.decide_risk", is_team_of_school)
rules.add_perm("risks.review_risk", is_assigned_to_school)
rules.add_perm("risks.start_antirisk", is_team_of_school)
# obj: a municipality.
rules.add_perm("risks.view_table", is_superuser | governs_municipality)
# The catalogue: read by every committee, changed by the region.
rules.add_perm("risks.view_catalogue", is_superuser | is_committee_staff)
rules.add_perm("risks.change_catalogue", is_superuser | is_region_staff)


def table_municipalities(user: AnyUser) -> QuerySet[Municipality]:
    """The municipalities whose risk table the user may open (the navigation's entry goes to the first)."""
    return visible_municipalities(user).order_by("name")
