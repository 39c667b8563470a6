"""Reads for «Мои отчёты»."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from .models import ReportJob
from .registry import all_kinds

if TYPE_CHECKING:
    from schools.access import AnyUser


def jobs_for_user(*, user: AnyUser, limit: int = 100) -> QuerySet[ReportJob]:
    """The user's own jobs and the system's (beat) jobs on objects the user may see, newest first.
    One query: each kind contributes a subquery of the object ids its user may see."""
    cond = Q(requested_by=user)
    for kind in all_kinds():
        if kind.visible_ids is not None:
            cond |= Q(requested_by__isnull=True, kind=kind.key, object_id__in=kind.visible_ids(user))
    return ReportJob.objects.filter(cond).select_related("requested_by").order_by("-created_at", "-pk")[:limit]
