"""Data collections: the list, opening a collection, the tracker, the school's form, the review.

Views parse input, ask the access layer (monitoring/access.py through ``object_required``) and call
one service; the rules live in monitoring/services/collections.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from schools.access import is_committee_staff, own_school_ids, visible_municipalities
from schools.access_log import access_event_record
from schools.formats import ru_plural
from schools.models import AccessEvent, Municipality
from schools.views.editing import keep_typed_if_stale
from schools.views.guards import object_required

from ..access import visible_collections
from ..forms.collections import CollectionForm, DecisionForm, entry_input
from ..models import Collection, Indicator, Submission
from ..selectors import collections as tracker_reads
from ..services import collections as svc
from ..services.periods import period_get_or_create

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A school's answer with what its pages and the rules read: the collection, its period and
# municipality, the school.
SUBMISSIONS = Submission.objects.select_related(
    "collection", "collection__period", "collection__municipality", "school"
)


def _schools_phrase(n: int) -> str:
    return f"{n} {ru_plural(n, _('школа'), _('школы'), _('школ'))}"


def _deadline_phrase(deadline) -> str:
    days = (deadline - timezone.localdate()).days
    if days == 0:
        return _("срок сегодня")
    if days == 1:
        return _("срок завтра")
    if days > 1:
        return _("осталось %(n)s %(word)s") % {"n": days, "word": ru_plural(days, _("день"), _("дня"), _("дней"))}
    late = -days
    return _("просрочено на %(n)s %(word)s") % {"n": late, "word": ru_plural(late, _("день"), _("дня"), _("дней"))}


def _add_errors(request, form, exc: ValidationError) -> None:
    """A service's refusal goes to the form's fields where it names them, else to the page."""
    if hasattr(exc, "error_dict") and form is not None:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        for message in exc.messages:
            messages.error(request, message)


# --- The list ------------------------------------------------------------------------------------


def _creatable_municipalities(user):
    return [m for m in visible_municipalities(user).order_by("name") if user.has_perm("monitoring.add_collection", m)]


@login_required
def collection_list_view(request):
    user = request.user
    oversees = is_committee_staff(user)
    collections = None
    if oversees:
        qs = (
            visible_collections(user)
            .select_related("period", "municipality")
            .annotate(
                n_schools=Count("submissions"),
                n_submitted=Count(
                    "submissions",
                    filter=Q(submissions__status__in=[Submission.Status.SUBMITTED, Submission.Status.ACCEPTED]),
                ),
                n_accepted=Count("submissions", filter=Q(submissions__status=Submission.Status.ACCEPTED)),
            )
            .order_by("-deadline", "title")
        )
        collections = Paginator(qs, 50).get_page(request.GET.get("page"))
    forms = list(
        tracker_reads.submissions_with_state(
            Submission.objects.filter(school_id__in=own_school_ids(user)).select_related("collection__period", "school")
        ).order_by("collection__deadline", "school__short_name")
    )
    form_rows = []
    for submission in forms:
        state = tracker_reads.submission_state(submission)
        editable = (
            user.has_perm("monitoring.fill_submission", submission) and submission.status != Submission.Status.SUBMITTED
        )
        form_rows.append(
            {
                "submission": submission,
                "state": state,
                "label": submission.state_label,
                "editable": editable,
                "deadline_phrase": _deadline_phrase(submission.collection.deadline)
                if state in tracker_reads.NOT_SUBMITTED
                else "",
                "overdue": state in tracker_reads.NOT_SUBMITTED
                and submission.collection.deadline < timezone.localdate(),
            }
        )
    # What still has to be done comes first, by deadline; submitted and accepted forms after.
    form_rows.sort(key=lambda r: (r["state"] not in tracker_reads.NOT_SUBMITTED, r["submission"].collection.deadline))
    return render(
        request,
        "monitoring/collections/collection_list.html",
        {
            "page": collections,
            "form_rows": form_rows,
            "can_create": bool(oversees and _creatable_municipalities(user)),
            "today": timezone.localdate(),
        },
    )


# --- Opening a collection ------------------------------------------------------------------------


def _municipality_for_create(request) -> Municipality | None:
    """The municipality the new collection is for: the one chosen in the form, else the first
    one the user may open collections in. The permission is then checked against it."""
    chosen = request.POST.get("municipality") or request.GET.get("municipality")
    if chosen and chosen.isdigit():
        return Municipality.objects.filter(pk=chosen).first()
    allowed = _creatable_municipalities(request.user)
    return allowed[0] if allowed else None


@object_required("monitoring.add_collection", _municipality_for_create)
def collection_create_view(request, municipality: Municipality | None):
    user = request.user
    allowed = Municipality.objects.filter(pk__in=[m.pk for m in _creatable_municipalities(user)]).order_by("name")
    form = CollectionForm(request.POST or None, municipalities=allowed, municipality=municipality)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            collection = svc.collection_open(
                municipality=data["municipality"],
                title=data["title"],
                period=period_get_or_create(kind=data["period_kind"], year=data["year"], quarter=data["quarter"]),
                indicators=data["indicators"],
                schools=data["schools"],
                deadline=data["deadline"],
                user=user,
            )
        except ValidationError as exc:
            _add_errors(request, form, exc)
        else:
            messages.success(
                request,
                _("Сбор открыт: %s получат форму.") % _schools_phrase(collection.submissions.count()),
            )
            return redirect("monitoring:collection_detail", pk=collection.pk)
    return render(
        request,
        "monitoring/collections/collection_form.html",
        {"form": form, "municipality": municipality, "municipalities": allowed},
    )


# --- The tracker ---------------------------------------------------------------------------------


@object_required(
    "monitoring.view_collection", Collection.objects.select_related("period", "municipality", "created_by")
)
def collection_detail_view(request, collection: Collection):
    tracker = tracker_reads.collection_tracker(collection=collection)
    counts = tracker.counts
    total = len(tracker.rows)
    submitted = counts["submitted"] + counts["accepted"]
    return render(
        request,
        "monitoring/collections/collection_detail.html",
        {
            "collection": collection,
            "tracker": tracker,
            "counts": counts,
            "total": total,
            "summary": _("Отправили %(done)s из %(total)s %(word)s")
            % {"done": submitted, "total": total, "word": ru_plural(total, _("школы"), _("школ"), _("школ"))},
            "not_submitted_phrase": _schools_phrase(len(tracker.not_submitted)),
            "deadline_phrase": _deadline_phrase(collection.deadline),
            "indicators": collection.indicators.all(),
            "today": timezone.localdate(),
            "can_manage": request.user.has_perm("monitoring.manage_collection", collection),
        },
    )


@object_required("monitoring.view_collection", Collection)
def collection_export_view(request, collection: Collection):
    response = HttpResponse(tracker_reads.collection_tracker_xlsx(collection=collection), content_type=XLSX)
    access_event_record(
        request,
        kind=AccessEvent.Kind.EXPORT,
        subject=_("Сбор данных «%(title)s»: ход сбора (XLSX)") % {"title": collection.title},
    )
    response["Content-Disposition"] = f'attachment; filename="collection-{collection.pk}.xlsx"'
    return response


# --- The school's form ---------------------------------------------------------------------------


def _entered_ids(submission: Submission) -> list[int]:
    return list(submission.collection.indicators.filter(kind=Indicator.Kind.ENTERED).values_list("pk", flat=True))


def _merge_errors(entry: svc.Entry, exc: svc.SubmissionInvalid) -> None:
    for row in entry.rows:
        row.errors.extend(e for e in exc.errors.get(row.pk, []) if e not in row.errors)
        row.unusual = row.unusual or row.pk in exc.unusual


def _last_comment(submission: Submission):
    return (
        submission.events.filter(action__in=["returned", "reopened"])
        .select_related("by")
        .order_by("-at", "-pk")
        .first()
    )


@object_required("monitoring.enter_submission", SUBMISSIONS)
def submission_fill_view(request, submission: Submission):
    user = request.user
    if not user.has_perm("monitoring.fill_submission", submission) or submission.status == Submission.Status.SUBMITTED:
        if submission.locked:
            messages.error(
                request,
                _(
                    "Ответ принят и заблокирован: изменить данные можно, только когда комитет откроет его для "
                    "исправления."
                ),
            )
        elif submission.status == Submission.Status.SUBMITTED:
            messages.info(
                request, _("Ответ отправлен и ждёт проверки: изменить его можно после возврата на доработку.")
            )
        else:
            messages.error(request, _("Сбор закрыт: изменения не принимаются."))
        return redirect("monitoring:submission_detail", pk=submission.pk)
    version = submission.version
    if request.method != "POST":
        entry = svc.submission_entry(submission=submission)
    else:
        submit = "submit" in request.POST
        posted = entry_input(request.POST, _entered_ids(submission))
        version = posted.version if posted.version is not None else version
        entry = svc.submission_entry(submission=submission, values=posted.values, confirmations=posted.confirmations)
        if entry.has_errors:
            messages.error(request, _("Данные не сохранены: исправьте отмеченные значения."))
        else:
            try:
                with keep_typed_if_stale(None, svc.StaleVersion, latest=submission) as kept:
                    saved = svc.submission_save(
                        submission=submission,
                        values=posted.values,
                        confirmations=posted.confirmations,
                        user=user,
                        expected_version=posted.version,
                    )
            except svc.SubmissionInvalid as exc:  # the stored data changed meanwhile
                _merge_errors(entry, exc)
                messages.error(request, _("Данные не сохранены: исправьте отмеченные значения."))
            except ValidationError as exc:  # a stale version too: the page then carries the latest one
                _add_errors(request, None, exc)
                if kept.version is not None:
                    version = kept.version
            else:
                if not submit:
                    messages.success(request, _("Черновик сохранён."))
                    return redirect("monitoring:submission_fill", pk=submission.pk)
                version = saved.version
                try:
                    svc.submission_submit(submission=saved, user=user, expected_version=saved.version)
                except svc.SubmissionInvalid as exc:
                    _merge_errors(entry, exc)
                    messages.error(
                        request, _("Черновик сохранён, но не отправлен: заполните или исправьте отмеченные значения.")
                    )
                except ValidationError as exc:
                    _add_errors(request, None, exc)
                else:
                    messages.success(request, _("Ответ отправлен на проверку."))
                    return redirect("monitoring:submission_detail", pk=submission.pk)
    return render(
        request,
        "monitoring/collections/submission_form.html",
        {
            "submission": submission,
            "collection": submission.collection,
            "entry": entry,
            "version": version,
            "last_comment": _last_comment(submission) if submission.status == Submission.Status.RETURNED else None,
            "deadline_phrase": _deadline_phrase(submission.collection.deadline),
        },
    )


@require_POST
@object_required("monitoring.fill_submission", SUBMISSIONS)
def submission_check_view(request, submission: Submission):
    """htmx: check the whole form as typed, answer every row's check cell (out of band)."""
    if not request.htmx:
        raise Http404
    posted = entry_input(request.POST, _entered_ids(submission))
    entry = svc.submission_entry(submission=submission, values=posted.values, confirmations=posted.confirmations)
    return render(request, "monitoring/collections/_entry_checks.html", {"entry": entry})


# --- The review page -----------------------------------------------------------------------------


@object_required("monitoring.view_submission", SUBMISSIONS)
def submission_detail_view(request, submission: Submission):
    user = request.user
    can_review = user.has_perm("monitoring.review_submission", submission)
    return render(
        request,
        "monitoring/collections/submission_detail.html",
        {
            "submission": submission,
            "collection": submission.collection,
            "entry": svc.submission_entry(submission=submission),
            "events": submission.events.select_related("by"),
            "can_view_collection": user.has_perm("monitoring.view_collection", submission.collection),
            "can_fill": user.has_perm("monitoring.fill_submission", submission)
            and submission.status != Submission.Status.SUBMITTED,
            "can_decide": can_review and submission.status == Submission.Status.SUBMITTED,
            "can_reopen": can_review and submission.locked,
            "decision_form": DecisionForm(),
        },
    )


@require_POST
@object_required("monitoring.review_submission", SUBMISSIONS)
def submission_review_view(request, submission: Submission):
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            svc.submission_accept(submission=submission, user=request.user, comment=comment)
            messages.success(request, _("Ответ принят, данные заблокированы."))
        elif decision == "return":
            svc.submission_return(submission=submission, user=request.user, comment=comment)
            messages.info(request, _("Ответ возвращён на доработку."))
        elif decision == "reopen":
            svc.submission_reopen(submission=submission, user=request.user, comment=comment)
            messages.info(request, _("Ответ открыт для исправления; школа увидит ваш комментарий."))
        else:
            raise PermissionDenied
    except ValidationError as exc:
        _add_errors(request, None, exc)
    return redirect("monitoring:submission_detail", pk=submission.pk)
