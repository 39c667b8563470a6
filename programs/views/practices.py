"""The bank of best practices (public search and pages; submission and review), the reviewer's
inbox and the committee's review criteria."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from monitoring.providers import category_choices, school_categories
from programs.access import visible_practices
from programs.forms.reviews import (
    AttachmentForm,
    CriterionFormSet,
    PracticeForm,
    PracticeReviewForm,
    PracticeSearchForm,
    formset_rows,
)
from programs.models import Practice, PracticeEvidence
from programs.selectors import practices as practice_reads
from programs.selectors import reviews as review_reads
from programs.selectors.reviews import (
    practice_candidates,
    practices_to_review,
    programs_awaiting_assignment,
    reviewer_inbox,
)
from programs.services import practices as svc
from programs.services import reviews as review_svc
from schools.access import is_committee_staff, team_school_ids, visible_schools
from schools.models import Municipality, School

from .common import add_rule_error, attach_and_return, file_download, object_required

# The practice with its school: the rules read the school, the pages show it.
PRACTICES = Practice.objects.select_related("school")


def practice_list_view(request):
    """Public: published practices, searched in Russian and filtered; signed-in users also see
    their schools' unpublished ones in a separate list."""
    published = Practice.objects.filter(status=Practice.Status.PUBLISHED)
    municipalities = Municipality.objects.filter(pk__in=published.values("school__municipality_id")).order_by("name")
    form = PracticeSearchForm(request.GET or None, municipalities=municipalities, categories=category_choices())
    qs = published.select_related("school__municipality").prefetch_related("tags")
    if form.is_valid():
        d = form.cleaned_data
        if d.get("tag"):
            qs = qs.filter(tags=d["tag"])
        if d.get("municipality"):
            qs = qs.filter(school__municipality=d["municipality"])
        if d.get("category"):
            school_ids = set(qs.values_list("school_id", flat=True))
            categories = school_categories(school_ids=list(school_ids))
            qs = qs.filter(school_id__in=[pk for pk, (code, _l) in categories.items() if code == d["category"]])
        qs = practice_reads.practice_search(qs, d.get("q") or "")
    elif form.is_bound:
        qs = qs.none()  # a filter we cannot apply must not silently show everything
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    query = form.cleaned_data.get("q", "") if form.is_valid() else ""
    # Nothing found for the words: offer the tags, which always lead somewhere.
    suggestions = practice_reads.practice_tag_suggestions(query=query) if query and not page.paginator.count else []
    mine = (
        visible_practices(request.user).exclude(status=Practice.Status.PUBLISHED).select_related("school")
        if request.user.is_authenticated
        else Practice.objects.none()
    )
    return render(
        request,
        "programs/practice_list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "suggestions": suggestions,
            "mine": mine,
            "own_schools": School.objects.filter(pk__in=team_school_ids(request.user)).order_by("name"),
            "candidates": practice_candidates(user=request.user) if is_committee_staff(request.user) else [],
        },
    )


def practice_detail_view(request, pk: int):
    practice = get_object_or_404(
        Practice.objects.select_related("school__municipality", "reviewed_by").prefetch_related("tags"), pk=pk
    )
    if not request.user.has_perm("programs.view_practice", practice):
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        raise PermissionDenied
    user = request.user
    return render(
        request,
        "programs/practice_detail.html",
        {
            "practice": practice,
            "evidence": practice.evidence.all(),
            "can_edit": user.has_perm("programs.change_practice", practice),
            "can_review": user.has_perm("programs.review_practice", practice),
            "can_withdraw": practice.status == Practice.Status.PUBLISHED
            and user.has_perm("programs.withdraw_practice", practice),
            "review_form": PracticeReviewForm(),
            "attach_form": AttachmentForm(),
        },
    )


@login_required
def practice_create_view(request):
    school = get_object_or_404(visible_schools(request.user), pk=request.GET.get("school") or 0)
    if not request.user.has_perm("programs.add_practice", school):
        raise PermissionDenied
    form = PracticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            practice = svc.practice_create(user=request.user, school=school, data=d, tags=d["tags"])
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Практика сохранена как черновик. Приложите подтверждения и отправьте её."))
            return redirect(practice.get_absolute_url())
    return render(request, "programs/practice_form.html", {"form": form, "school": school, "practice": None})


@object_required("programs.change_practice", PRACTICES)
def practice_edit_view(request, practice: Practice):
    form = PracticeForm(request.POST or None, instance=practice, initial={"version": practice.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            svc.practice_update(
                user=request.user, practice=practice, data=d, tags=d["tags"], expected_version=d.get("version") or 0
            )
        except ValidationError as exc:
            add_rule_error(request, form, exc)
        else:
            messages.success(request, _("Практика сохранена."))
            return redirect(practice.get_absolute_url())
    return render(
        request, "programs/practice_form.html", {"form": form, "school": practice.school, "practice": practice}
    )


@require_POST
@object_required("programs.change_practice", PRACTICES)
def practice_submit_view(request, practice: Practice):
    try:
        svc.practice_submit(user=request.user, practice=practice)
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    else:
        messages.success(request, _("Практика отправлена методисту на рассмотрение."))
    return redirect(practice.get_absolute_url())


@require_POST
@object_required("programs.change_practice", PRACTICES)
def practice_attach_view(request, practice: Practice):
    return attach_and_return(
        request,
        AttachmentForm(request.POST, request.FILES),
        lambda upload: svc.practice_attach(user=request.user, practice=practice, upload=upload),
        practice.get_absolute_url(),
    )


@require_POST
@object_required("programs.review_practice", PRACTICES)
def practice_review_view(request, practice: Practice):
    form = PracticeReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите решение: опубликовать или вернуть на доработку."))
        return redirect(practice.get_absolute_url())
    publish = form.cleaned_data["decision"] == "publish"
    try:
        svc.practice_review(user=request.user, practice=practice, publish=publish, comment=form.cleaned_data["comment"])
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    else:
        messages.success(request, _("Практика опубликована.") if publish else _("Практика возвращена на доработку."))
    return redirect(practice.get_absolute_url())


@require_POST
@object_required("programs.withdraw_practice", PRACTICES)
def practice_withdraw_view(request, practice: Practice):
    try:
        svc.practice_withdraw(user=request.user, practice=practice, comment=request.POST.get("comment", ""))
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    else:
        messages.success(request, _("Практика снята с публикации."))
    return redirect(practice.get_absolute_url())


def practice_evidence_view(request, evidence_pk: int):
    evidence = get_object_or_404(PracticeEvidence.objects.select_related("practice"), pk=evidence_pk)
    if not request.user.has_perm("programs.view_practice", evidence.practice):
        raise PermissionDenied
    return file_download(
        request, evidence, subject=_("Подтверждение практики «%(name)s»") % {"name": evidence.original_name}
    )


@login_required
def review_inbox_view(request):
    """What is waiting for this methodologist (programs by deadline, practices), and for committee
    staff the programs still without an expert."""
    return render(
        request,
        "programs/review_inbox.html",
        {
            "items": reviewer_inbox(user=request.user),
            "practices": practices_to_review(user=request.user),
            "unassigned": programs_awaiting_assignment(user=request.user),
        },
    )


@object_required("programs.manage_review_criteria", Municipality, url_kwarg="municipality_pk")
def review_criteria_view(request, municipality: Municipality):
    current = review_reads.criteria_for(municipality)
    initial = [{"text": c.text, "max_score": c.max_score} for c in current]
    formset = CriterionFormSet(request.POST or None, initial=initial, prefix="c")
    if request.method == "POST" and formset.is_valid():
        try:
            review_svc.criteria_save(user=request.user, municipality=municipality, rows=formset_rows(formset))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Критерии экспертизы сохранены; прежние заключения сохраняют свои критерии."))
            return redirect("programs:review_criteria", municipality_pk=municipality.pk)
    return render(
        request,
        "programs/review_criteria.html",
        {
            "municipality": municipality,
            "formset": formset,
            "is_default": not current or current[0].municipality_id is None,
        },
    )
