"""Who may see, download and retry a report job (rules permissions; obj is the ReportJob).

A job is the requester's; a job the system ordered (beat, no requester) is everyone's who may
see its object. Downloading and retrying also ask the kind's own permission on the object again,
so a user who has lost access to a program since ordering cannot fetch its report any more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import rules
from django.core.exceptions import ObjectDoesNotExist

from schools.access import is_superuser

from .registry import ReportError, get_kind

if TYPE_CHECKING:
    from schools.access import AnyUser

_CACHE = "_report_object_allowed"


@rules.predicate
def is_requester(user: AnyUser, job) -> bool:
    return job is not None and job.requested_by_id is not None and job.requested_by_id == user.pk


@rules.predicate
def is_system_job(user: AnyUser, job) -> bool:
    return job is not None and job.requested_by_id is None


@rules.predicate
def may_see_report_object(user: AnyUser, job) -> bool:
    """The kind's permission check on the job's object (cached on the job for the request)."""
    if job is None:
        return False
    cache = getattr(job, _CACHE, None)
    if cache is None:
        cache = {}
        setattr(job, _CACHE, cache)
    if user.pk not in cache:
        try:
            kind = get_kind(job.kind)
            cache[user.pk] = bool(kind.allowed(user, kind.load(job.object_id)))
        except (ReportError, ObjectDoesNotExist):
            cache[user.pk] = False
    return cache[user.pk]


can_view_job = is_superuser | is_requester | (is_system_job & may_see_report_object)
can_download_job = is_superuser | ((is_requester | is_system_job) & may_see_report_object)

PERMISSIONS = {
    "view_reportjob": can_view_job,
    "download_reportjob": can_download_job,
    "retry_reportjob": can_download_job,
}
for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(f"reporting.{_name}", _predicate)
