from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rules.contrib.views import objectgetter

from programs.models import Measure, Occurrence, Program, ProgressReport
from schools.views.guards import perm_required  # noqa: F401  (re-exported for the program views)

program_from_url = objectgetter(Program, "pk")
measure_from_url = objectgetter(Measure, "measure_pk")
report_from_url = objectgetter(ProgressReport, "report_pk")


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


def protected_message(exc: ProtectedError, *, limit: int = 5) -> str:
    """The database refused a deletion (on_delete=PROTECT): say in Russian what depends on it."""
    objects = list(exc.protected_objects)
    names = [f"{o._meta.verbose_name} {o}" for o in objects[:limit]]
    more = _(" и ещё %s") % (len(objects) - limit) if len(objects) > limit else ""
    return _("Удалить нельзя: от этой записи зависят %(refs)s%(more)s. Сначала перенесите или исключите их.") % {
        "refs": "; ".join(names),
        "more": more,
    }


def keep_typed_against_latest(form, version: int) -> None:
    """After a conflict the form keeps what this person typed but now carries the latest version:
    saving again is a deliberate choice made after reading whose change it replaces."""
    form.data = form.data.copy()
    form.data["version"] = str(version)
