"""What the home pages show of data collections: for the committee, open collections with how many
schools have not submitted; for a school team, its open forms by deadline."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Count, Q

from ..access import visible_collections
from ..models import Collection, Submission
from .collections import submissions_with_state

if TYPE_CHECKING:
    from schools.access import AnyUser

NOT_IN = [Submission.Status.SUBMITTED, Submission.Status.ACCEPTED]
NOT_SUBMITTED = ~Q(submissions__status__in=NOT_IN)


def collections_pending(*, user: AnyUser, municipality_ids=None, limit: int = 10) -> list[Collection]:
    """Open collections with `waiting` (schools not yet submitted) and `total`, by deadline."""
    qs = visible_collections(user).filter(status=Collection.Status.OPEN)
    if municipality_ids is not None:
        qs = qs.filter(municipality_id__in=municipality_ids)
    return list(
        qs.select_related("period", "municipality")
        .annotate(
            waiting=Count("submissions", filter=NOT_SUBMITTED),
            total=Count("submissions"),
        )
        .order_by("deadline")[:limit]
    )


def open_forms(*, school_ids, limit: int = 10) -> list[Submission]:
    """The school's open forms by deadline, each knowing whether it was started (its ``state``)."""
    qs = (
        Submission.objects.filter(school_id__in=school_ids, collection__status=Collection.Status.OPEN)
        .exclude(status__in=NOT_IN)
        .with_collection()
        .order_by("collection__deadline")
    )
    return list(submissions_with_state(qs)[:limit])
