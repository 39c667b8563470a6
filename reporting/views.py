"""«Мои отчёты»: the list with progress, ordering, download and retry. Thin: parse, call a
service or selector, answer. Permissions are the rules of reports/access.py and the kinds'."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from schools.access_log import access_event_record
from schools.files import stored_file_response
from schools.models import AccessEvent
from schools.views.guards import object_required

from .models import ReportJob
from .registry import CONTENT_TYPES, ReportError, all_kinds, get_kind
from .selectors import jobs_for_user
from .services import UNAVAILABLE, download_name, report_request, report_retry


def _labelled(jobs: list[ReportJob]) -> list[ReportJob]:
    titles = {kind.key: kind.title for kind in all_kinds()}
    for job in jobs:
        job.kind_title = titles.get(job.kind, job.kind)
    return jobs


def _back(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect("reports:list")


def _row(request, job: ReportJob):
    return render(request, "reports/_job_row.html", {"job": _labelled([job])[0]})


@login_required
@require_GET
def report_list_view(request):
    return render(request, "reports/list.html", {"jobs": _labelled(list(jobs_for_user(user=request.user)))})


@login_required
@require_POST
def report_order_view(request):
    """POST kind, format, object_id (and the kind's own parameters, e.g. start/end of a period)."""
    raw_id = (request.POST.get("object_id") or "").strip()
    if raw_id and not raw_id.isdigit():
        raise Http404
    try:
        kind = get_kind(request.POST.get("kind", ""))
        params = {name: request.POST[name] for name in kind.param_names if request.POST.get(name)}
        job = report_request(
            kind=kind.key,
            format=request.POST.get("format", ""),
            object_id=int(raw_id) if raw_id else None,
            params=params,
            user=request.user,
        )
    except ObjectDoesNotExist:
        raise Http404 from None
    except (ReportError, ValidationError) as exc:
        messages.error(request, "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc))
        return _back(request)
    if job.enqueue_failed:
        messages.warning(request, _(UNAVAILABLE))
    else:
        messages.success(
            request,
            _("Отчёт «%(title)s» заказан. Он появится в списке ниже, как только будет сформирован.")
            % {"title": job.title},
        )
    return redirect("reports:list")


@object_required("reporting.view_reportjob", ReportJob.objects.select_related("requested_by"))
@require_GET
def report_status_view(request, job: ReportJob):
    """The job's row, polled by htmx while the job is queued or running."""
    return _row(request, job)


@object_required("reporting.download_reportjob", ReportJob)
@require_GET
def report_download_view(request, job: ReportJob):
    if job.status != ReportJob.Status.DONE or not job.file:
        raise Http404(_("Отчёт ещё не готов."))
    try:
        response = stored_file_response(
            job.file,
            filename=download_name(job),
            content_type=CONTENT_TYPES.get(job.format, "application/octet-stream"),
        )
    except FileNotFoundError:
        raise Http404(_("Файл отчёта не найден: срок его хранения истёк.")) from None
    access_event_record(
        request,
        kind=AccessEvent.Kind.REPORT_DOWNLOAD,
        subject=_("%(name)s (№ %(pk)s)") % {"name": download_name(job), "pk": job.pk},
    )
    return response


@object_required("reporting.retry_reportjob", ReportJob)
@require_POST
def report_retry_view(request, job: ReportJob):
    try:
        report_retry(job=job, user=request.user)
    except ReportError as exc:
        messages.error(request, str(exc))
    else:
        if job.enqueue_failed:
            messages.warning(request, _(UNAVAILABLE))
        else:
            messages.success(request, _("Отчёт «%(title)s» снова поставлен в очередь.") % {"title": job.title})
    if request.htmx:
        job.refresh_from_db()
        return _row(request, job)
    return redirect("reports:list")
