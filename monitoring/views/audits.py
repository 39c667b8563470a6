"""Audit checklists: the school fills, the committee reviews."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schools.models import School
from schools.views.guards import object_required
from schools.years import current_academic_year

from ..models import Audit, AuditItem
from ..services.audits import audit_review, audit_save, audit_scores, audit_start


@require_POST
@object_required("monitoring.fill_audit", School, url_kwarg="school_pk")
def audit_start_view(request, school: School):
    audit = audit_start(school=school, year=current_academic_year())
    return redirect("monitoring:audit", pk=audit.pk)


@object_required("monitoring.view_audit", Audit.objects.select_related("school", "template"))
def audit_view(request, audit: Audit):
    user = request.user
    can_fill = user.has_perm("monitoring.fill_audit", audit) and audit.status in (
        Audit.Status.DRAFT,
        Audit.Status.RETURNED,
    )
    errors: list[str] = []
    if request.method == "POST" and can_fill:
        answers = {}
        for item in audit.template.items.all():
            raw = request.POST.get(f"rating-{item.pk}", "").strip()
            rating = int(raw) if raw.lstrip("-").isdigit() else None
            if raw and rating is None:
                errors.append(_("«%s»: оценка должна быть числом.") % item.text)
            answers[item.pk] = (rating, request.POST.get(f"comment-{item.pk}", ""))
        if not errors:
            try:
                audit_save(audit=audit, answers=answers, submit="submit" in request.POST)
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request,
                    _("Аудит отправлен на проверку.") if "submit" in request.POST else _("Черновик аудита сохранён."),
                )
                return redirect("monitoring:audit", pk=audit.pk)
    answers = {a.item_id: a for a in audit.answers.all()}
    parts = []
    labels = dict(AuditItem.Part.choices)
    for part in AuditItem.Part.values:
        items = [(i, answers.get(i.pk)) for i in audit.template.items.all() if i.part == part]
        parts.append((labels[part], items))
    return render(
        request,
        "monitoring/audits/audit.html",
        {
            "audit": audit,
            "parts": parts,
            "can_fill": can_fill,
            "errors": errors,
            "scores": audit_scores(audit),
            "scale": range(audit.template.scale_max + 1),
            "can_review": user.has_perm("monitoring.review_audit", audit) and audit.status == Audit.Status.SUBMITTED,
        },
    )


@require_POST
@object_required("monitoring.review_audit", Audit)
def audit_review_view(request, audit: Audit):
    try:
        audit_review(
            audit=audit,
            user=request.user,
            accept=request.POST.get("decision") == "accept",
            comment=request.POST.get("comment", ""),
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("monitoring:audit", pk=audit.pk)
