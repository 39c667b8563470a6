"""Reads of the self-assessment audits: the school page's «Аудит» tab (an extension point,
schools.extensions.SCHOOL_TABS, registered in MonitoringConfig.ready())."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from schools.extensions import SchoolTab
from schools.models import School, User

from ..models import Audit
from ..services.audits import audit_scores


def school_tab(school: School, user: User) -> SchoolTab | None:
    """The school page's «Аудит» tab: the self-assessment by the five parts, per year."""
    if not user.has_perm("monitoring.view_audit", school):
        return None
    audits = list(Audit.objects.filter(school=school).select_related("template").order_by("-year"))
    return {
        "key": "audit",
        "label": _("Аудит"),
        "template": "monitoring/audits/_school_tab.html",
        "context": {
            "school": school,
            "audits": [(a, audit_scores(a)) for a in audits],
            "can_start": user.has_perm("monitoring.fill_audit", school),
        },
    }
