"""The curator's visits as parts of a school's support episodes (the «Поддержка» tab)."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse

from schools.extensions import EpisodeItem
from schools.models import School, User
from schools.years import academic_year_bounds, current_academic_year

from ..models import Visit


def episode_parts(school: School, *, years: Sequence[int], user: User) -> list[EpisodeItem]:
    """One item per visit in ``years`` (academic years by their end), if ``user`` may see the
    school's curation; one query (the permission reads the cached scope and curated schools)."""
    if not years or not user.has_perm("curators.view_curation", school):
        return []
    first, last = academic_year_bounds(min(years))[0], academic_year_bounds(max(years))[1]
    wanted = set(years)
    items: list[EpisodeItem] = []
    for visit in Visit.objects.filter(assignment__school=school, visited_on__range=(first, last)).order_by(
        "visited_on", "pk"
    ):
        year = current_academic_year(visit.visited_on)
        if year not in wanted:
            continue
        items.append(
            {
                "year": year,
                "kind": "visit",
                "label": "Визит куратора",
                "text": f"{visit.visited_on:%d.%m.%Y}, {visit.get_format_display()}: {visit.purpose}",
                "url": reverse("curators:visit", args=[visit.pk]),
                "order": 60,
            }
        )
    return items
