from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from programs.models import Occurrence
from schools.access_log import access_event_record
from schools.files import stored_file_response
from schools.models import AccessEvent
from schools.views.guards import object_required, perm_required  # noqa: F401  (re-exported for the program views)


def occurrence_or_404(pk: int) -> Occurrence:
    return get_object_or_404(Occurrence.objects.select_related("measure", "measure__program"), pk=pk)


def add_rule_error(request, form, exc: ValidationError) -> None:
    """A service's refusal goes to the form's fields where it names them, else to the page."""
    if hasattr(exc, "error_dict") and form is not None:
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        for message in exc.messages:
            if form is not None:
                form.add_error(None, message)
            else:
                messages.error(request, message)


def form_error_summary(form) -> list[dict[str, str]]:
    """Every error of a refused form, in the order of its fields, for a summary at the top of
    the page: the field's label, the message and the anchor of its input (radio buttons: the
    first one). Errors not tied to a field come first and have no anchor."""
    rows = [{"label": "", "message": str(m), "anchor": ""} for m in form.non_field_errors()]
    for bound in form:
        if not bound.errors:
            continue
        anchor = bound.auto_id or ""
        if (
            anchor
            and getattr(bound.field.widget, "input_type", "") in ("radio", "checkbox")
            and hasattr(bound.field, "choices")
        ):
            anchor = f"{anchor}_0"  # a group of radio buttons or checkboxes: its first input
        for message in bound.errors:
            rows.append({"label": str(bound.label), "message": str(message), "anchor": anchor})
    return rows


def file_download(request, stored, *, subject: str) -> FileResponse:
    """An uploaded file (evidence, attachment) as a download, recorded in the access log; a file
    missing from storage is a 404, not a server error. The caller has checked the permission."""
    try:
        response = stored_file_response(stored.file, filename=stored.original_name)
    except FileNotFoundError as exc:
        raise Http404 from exc
    access_event_record(request, kind=AccessEvent.Kind.FILE_DOWNLOAD, subject=subject)
    return response


def attach_and_return(request, form, attach, back: str):
    """The POST of an «attach a file» form: the form's and the service's refusals become messages."""
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    else:
        try:
            attach(form.cleaned_data["file"])
        except ValidationError as exc:
            add_rule_error(request, None, exc)
        else:
            messages.success(request, _("Файл приложен."))
    return redirect(back)


def protected_message(exc: ProtectedError, *, limit: int = 5) -> str:
    """The database refused a deletion (on_delete=PROTECT): say in Russian what depends on it."""
    # Sorted: the database returns them in any order, the user reads a stable list.
    objects = sorted(exc.protected_objects, key=lambda o: (str(o._meta.verbose_name), getattr(o, "sort_key", str(o))))
    names = [f"{o._meta.verbose_name} {o}" for o in objects[:limit]]
    more = _(" и ещё %s") % (len(objects) - limit) if len(objects) > limit else ""
    return _("Удалить нельзя: от этой записи зависят %(refs)s%(more)s. Сначала перенесите или исключите их.") % {
        "refs": "; ".join(names),
        "more": more,
    }
