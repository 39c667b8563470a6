"""Imports as services: preview (validate everything, write nothing), apply (all or nothing, in
one transaction) and the life of an ImportBatch in the web flow (upload → preview → confirm).

Views and the management command stay thin: they call these functions and show the outcome.
``user=None`` means a system operation (the command line): every row is within scope.
"""

from __future__ import annotations

import os
import uuid
from typing import Any

import tablib
from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ImportBatch, User
from . import kinds as _builtin_kinds  # noqa: F401  (registers «Школы» and «Контекст»)
from .reader import FileInput, ImportFileError, ParsedSheet, read_sheet
from .registry import ImportKind, get_kind
from .report import ImportOutcome, problems_from_result, report_workbook
from .resource_base import PortalResource
from .template import template_workbook

__all__ = [
    "BatchError",
    "ImportFileError",
    "ImportOutcome",
    "batch_apply",
    "batch_create",
    "batch_report_xlsx",
    "import_apply",
    "import_preview",
    "import_run",
    "template_xlsx",
]


class BatchError(Exception):
    """A batch cannot be confirmed in its state; the message is for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _kind(kind: str | ImportKind) -> ImportKind:
    return kind if isinstance(kind, ImportKind) else get_kind(kind)


def import_run(
    *,
    kind: str | ImportKind,
    file: FileInput,
    user: User | None,
    dry_run: bool,
    create_missing: bool = False,
    file_name: str = "",
) -> ImportOutcome:
    """Read ``file`` and import it through the kind's resource. With ``dry_run`` nothing is
    written; otherwise everything is written in one transaction, or — if any row has a
    problem — nothing at all. Raises ImportFileError when the file itself cannot be read."""
    kind = _kind(kind)
    parsed = read_sheet(file, kind)
    return _import_parsed(kind, parsed, user=user, dry_run=dry_run, create_missing=create_missing, file_name=file_name)


def import_preview(
    *,
    kind: str | ImportKind,
    file: FileInput,
    user: User | None,
    create_missing: bool = True,
    file_name: str = "",
) -> ImportOutcome:
    """What confirming would do. By default unknown regions and municipalities are listed as
    "to be created" rather than reported as errors: the web preview offers to create them."""
    return import_run(
        kind=kind,
        file=file,
        user=user,
        dry_run=True,
        create_missing=create_missing,
        file_name=file_name,
    )


def import_apply(
    *,
    kind: str | ImportKind,
    file: FileInput,
    user: User | None,
    create_missing: bool = False,
    file_name: str = "",
) -> ImportOutcome:
    return import_run(
        kind=kind,
        file=file,
        user=user,
        dry_run=False,
        create_missing=create_missing,
        file_name=file_name,
    )


def _import_parsed(
    kind: ImportKind,
    parsed: ParsedSheet,
    *,
    user: User | None,
    dry_run: bool,
    create_missing: bool,
    file_name: str,
) -> ImportOutcome:
    def resource() -> PortalResource:
        return kind.resource_class(
            user=user,
            dry_run=dry_run,
            create_missing=create_missing and kind.supports_create_missing,
            change_reason=_("Загрузка файла «%(name)s»") % {"name": os.path.basename(file_name) or "xlsx"},
            row_numbers=[row.number for row in parsed.rows],
        )

    common: dict[str, Any] = {
        "kind": kind.key,
        "file_name": os.path.basename(file_name),
        "sheet": parsed.sheet,
        "header_row": parsed.header_row,
        "total_rows": len(parsed.rows),
        "ignored_columns": parsed.ignored,
        "dry_run": dry_run,
    }
    # A file without problems goes column by column where the kind can; any problem sends the
    # whole file through the per-row path below, which words it.
    fast = resource().import_fast(parsed)
    if fast is not None:
        return ImportOutcome(
            **common, new=fast.new, updated=fast.updated, unchanged=fast.unchanged, applied=not dry_run
        )
    headers = list(parsed.columns)
    dataset = tablib.Dataset(headers=headers)
    for row in parsed.rows:
        dataset.append([row.values[key] for key in headers])
    slow = resource()
    result = slow.import_data(
        dataset,
        dry_run=dry_run,
        raise_errors=False,
        use_transactions=True,
        # import-export keeps valid rows by default; a portal import is all or nothing.
        rollback_on_validation_errors=True,
    )
    problems = problems_from_result(result, parsed, slow, kind)
    totals = result.totals
    return ImportOutcome(
        **common,
        new=totals["new"],
        updated=totals["update"],
        unchanged=totals["skip"],
        invalid_rows=totals["invalid"] + totals["error"],
        problems=problems,
        problems_total=len(problems),
        to_create=slow.to_create,
        applied=not dry_run and not problems,
    )


# --- The web flow: ImportBatch ----------------------------------------------------------------


def batch_create(*, kind: str | ImportKind, upload: File, user: User) -> ImportBatch:
    """Validate an uploaded file and keep it with its preview until the user confirms.
    A file that cannot be read at all raises ImportFileError and is not stored."""
    kind = _kind(kind)
    if not kind.can_import(user):
        raise PermissionDenied
    name = os.path.basename(getattr(upload, "name", "") or "")
    outcome = import_preview(
        kind=kind,
        file=upload,
        user=user,
        create_missing=kind.supports_create_missing,
        file_name=name,
    )
    batch = ImportBatch(
        kind=kind.key,
        original_name=(name or "file.xlsx")[:255],
        uploaded_by=user,
        summary=outcome.as_summary(),
        status=ImportBatch.Status.REJECTED if outcome.has_errors else ImportBatch.Status.PREVIEWED,
    )
    upload.seek(0)
    # A random name: the user's file name is kept in original_name, never in a path.
    batch.file.save(f"{uuid.uuid4().hex}.xlsx", upload if isinstance(upload, File) else File(upload), save=False)
    batch.save()
    return batch


def batch_apply(*, batch_id: int, user: User, create_missing: bool) -> ImportOutcome:
    """Re-validate the stored file and apply it atomically. The batch row is locked, so a
    double submit waits for the first one and then finds the batch applied."""
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if not (user.is_superuser or batch.uploaded_by_id == user.pk):
            raise PermissionDenied
        kind = get_kind(batch.kind)
        if not kind.can_import(user):
            raise PermissionDenied
        if batch.status == ImportBatch.Status.APPLIED:
            raise BatchError(_("Этот файл уже загружен; повторно он не применяется."))
        if batch.status != ImportBatch.Status.PREVIEWED:
            raise BatchError(
                _("Файл нельзя загрузить: %(status)s. Исправьте файл и загрузите его заново.")
                % {"status": batch.get_status_display()}
            )
        previewed = ImportOutcome.from_summary(batch.summary)
        if previewed.has_to_create and not create_missing:
            raise BatchError(
                _(
                    "В файле есть регионы или муниципалитеты, которых нет в портале. "
                    "Отметьте «Создать недостающие регионы и муниципалитеты» или "
                    "исправьте файл."
                )
            )
        try:
            with batch.file.open("rb") as handle:
                outcome = import_apply(
                    kind=kind,
                    file=handle,
                    user=user,
                    create_missing=create_missing,
                    file_name=batch.original_name,
                )
        except OSError as exc:
            raise BatchError(_("Загруженный файл больше не хранится: загрузите его заново.")) from exc
        batch.summary = outcome.as_summary()
        batch.create_missing = create_missing
        if outcome.applied:
            batch.status = ImportBatch.Status.APPLIED
            batch.applied_at = timezone.now()
        else:
            batch.status = ImportBatch.Status.REJECTED
        batch.save(update_fields=["summary", "create_missing", "status", "applied_at"])
    return outcome


def batch_report_xlsx(batch: ImportBatch) -> bytes:
    """The error report of a batch: its stored file's rows plus «Ошибка»."""
    kind = get_kind(batch.kind)
    with batch.file.open("rb") as handle:
        parsed = read_sheet(handle, kind)
    return report_workbook(parsed, ImportOutcome.from_summary(batch.summary).problems)


def template_xlsx(kind: str | ImportKind) -> bytes:
    return template_workbook(_kind(kind))
