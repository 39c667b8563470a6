"""Who sees and decides risk profiles, the municipal risk table and the catalogue.

Built only from the predicates of schools/access.py: the school team decides its school's risks,
the school's active curator (curators.access: assigned by the region's order) agrees or comments,
any methodologist assigned to the school reads the profile, the committee of the school's
municipality or region sees and computes, the region edits the catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import rules
from django.db.models import QuerySet

from curators.access import is_curator_of_school
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
from schools.models import Municipality, School

if TYPE_CHECKING:
    from schools.access import AnyUser


@rules.predicate
def is_curator_of_profile(user: AnyUser, obj: Any) -> bool:
    """The active curator of the school of ``obj`` (a school, a profile or a profile item): the
    curator's word on a risk is theirs, not any methodologist's who reviews the school's papers."""
    school: School | None = obj if isinstance(obj, School) else None
    if school is None:
        profile = getattr(obj, "profile", obj)  # an item's profile, or the profile itself
        school = getattr(profile, "school", None)
    return school is not None and is_curator_of_school(user, school)


# obj: a school, a profile or a profile item (each is placed on the ladder through its school).
rules.add_perm("risks.view_profile", is_superuser | governs_school | is_team_of_school | is_assigned_to_school)
rules.add_perm("risks.compute_profile", is_superuser | governs_school | is_team_of_school)
rules.add_perm("risks.decide_risk", is_team_of_school)
rules.add_perm("risks.review_risk", is_curator_of_profile)
rules.add_perm("risks.start_antirisk", is_team_of_school)
# obj: a municipality.
rules.add_perm("risks.view_table", is_superuser | governs_municipality)
# The catalogue: read by every committee, changed by the region.
rules.add_perm("risks.view_catalogue", is_superuser | is_committee_staff)
rules.add_perm("risks.change_catalogue", is_superuser | is_region_staff)


def table_municipalities(user: AnyUser) -> QuerySet[Municipality]:
    """The municipalities whose risk table the user may open (the navigation's entry goes to the first)."""
    return visible_municipalities(user).order_by("name")
