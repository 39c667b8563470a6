"""The import pages: kinds and templates, upload, preview with every problem, confirm.

Thin on purpose: access comes from ``schools.import_data`` (rules, schools/access.py) and the
ownership of a batch; everything else is a call to services.py.
"""

from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.db.models.fields.json import KT
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from ..access import visible_import_batches
from ..access_log import access_event_record
from ..models import AccessEvent, ImportBatch
from .forms import ConfirmForm, UploadForm
from .registry import ImportKind, all_kinds, get_kind
from .report import ImportOutcome
from .services import (
    BatchError,
    ImportFileError,
    batch_apply,
    batch_create,
    batch_report_xlsx,
    template_xlsx,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RECENT_BATCHES = 20
PROBLEMS_ON_PAGE = 200  # the rest are in the downloadable report


class ImportAccessMixin(PermissionRequiredMixin):
    """Committee staff only (``schools.import_data``); anonymous visitors go to the login page,
    everybody else without the permission gets 403."""

    permission_required = "schools.import_data"

    def get_permission_object(self):
        return None  # a page-level permission: rows are checked one by one by the services


class KindMixin(ImportAccessMixin):
    kind: ImportKind

    def dispatch(self, request, *args, **kwargs):
        try:
            self.kind = get_kind(kwargs["kind"])
        except KeyError:
            raise Http404 from None
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self) -> bool:
        return super().has_permission() and self.kind.can_import(self.request.user)


class BatchMixin(ImportAccessMixin):
    """Only the uploader (or a superuser) sees a batch; for anybody else it does not exist."""

    def get_batch(self) -> ImportBatch:
        return get_object_or_404(
            visible_import_batches(self.request.user, ImportBatch.objects.select_related("uploaded_by")),
            pk=self.kwargs["pk"],
        )


class ImportIndexView(ImportAccessMixin, TemplateView):
    template_name = "imports/index.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        kinds = {kind.key: kind for kind in all_kinds()}
        # A summary may hold thousands of problems: read only the two numbers the list shows.
        batches = list(
            ImportBatch.objects.filter(uploaded_by=user)
            .defer("summary")
            .annotate(total_rows=KT("summary__total_rows"), problems_total=KT("summary__problems_total"))[
                :RECENT_BATCHES
            ]
        )
        for batch in batches:
            batch.kind_title = kinds[batch.kind].title if batch.kind in kinds else batch.kind
        return super().get_context_data(
            kinds=[k for k in kinds.values() if k.can_import(user)], batches=batches, **kwargs
        )


class TemplateDownloadView(KindMixin, View):
    def get(self, request, *args, **kwargs):
        return FileResponse(
            BytesIO(template_xlsx(self.kind)),
            as_attachment=True,
            filename=f"Шаблон «{self.kind.sheet_title}».xlsx",
            content_type=XLSX,
        )


class UploadView(KindMixin, FormView):
    template_name = "imports/upload.html"
    form_class = UploadForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(kind=self.kind, **kwargs)

    def form_valid(self, form):
        try:
            batch = batch_create(kind=self.kind, upload=form.cleaned_data["file"], user=self.request.user)
        except ImportFileError as exc:
            form.add_error("file", exc.message)
            return self.form_invalid(form)
        return redirect("imports:batch", pk=batch.pk)


class BatchDetailView(BatchMixin, TemplateView):
    template_name = "imports/batch_detail.html"

    def get_context_data(self, **kwargs):
        batch = self.get_batch()
        try:
            kind = get_kind(batch.kind)
        except KeyError:
            raise Http404 from None
        outcome = ImportOutcome.from_summary(batch.summary)
        return super().get_context_data(
            batch=batch,
            kind=kind,
            outcome=outcome,
            problems=outcome.problems[:PROBLEMS_ON_PAGE],
            more_problems=max(outcome.problems_total - PROBLEMS_ON_PAGE, 0),
            can_confirm=batch.status == ImportBatch.Status.PREVIEWED and not outcome.has_errors,
            **kwargs,
        )


class BatchConfirmView(BatchMixin, View):
    def post(self, request, *args, **kwargs):
        batch = self.get_batch()
        form = ConfirmForm(request.POST)
        create_missing = form.is_valid() and form.cleaned_data["create_missing"]
        try:
            outcome = batch_apply(batch_id=batch.pk, user=request.user, create_missing=create_missing)
        except (BatchError, ImportFileError) as exc:
            messages.error(request, exc.message)
        else:
            if outcome.applied:
                messages.success(
                    request,
                    _("Файл загружен: добавлено %(new)s, обновлено %(updated)s, без изменений %(unchanged)s.")
                    % {
                        "new": outcome.new,
                        "updated": outcome.updated,
                        "unchanged": outcome.unchanged,
                    },
                )
            else:
                messages.error(
                    request,
                    _("Файл не загружен: при повторной проверке найдены ошибки. Ничего не изменено."),
                )
        return redirect("imports:batch", pk=batch.pk)


class BatchReportView(BatchMixin, View):
    def get(self, request, *args, **kwargs):
        batch = self.get_batch()
        try:
            data = batch_report_xlsx(batch)
        except (KeyError, ImportFileError, OSError):
            raise Http404 from None
        stem = batch.original_name.rsplit(".", 1)[0] or "file"
        access_event_record(
            request,
            kind=AccessEvent.Kind.EXPORT,
            subject=_("Отчёт о загрузке «%(name)s» (XLSX)") % {"name": batch.original_name},
        )
        return FileResponse(BytesIO(data), as_attachment=True, filename=f"{stem} — ошибки.xlsx", content_type=XLSX)
