"""The program's history of changes and «Восстановить эту версию» on measures and targets."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from programs.models import Measure, Program
from programs.selectors.history import history_with_restore
from programs.services import restore as svc

from .common import add_rule_error, object_required


@object_required("programs.manage_program", Program.objects.select_related("municipality"))
def program_history_view(request, program: Program):
    return render(
        request,
        "programs/program_history.html",
        {
            "program": program,
            "rows": history_with_restore(program=program),
            "can_restore": program.is_editable_directly,
        },
    )


def _int(value) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@require_POST
@object_required("programs.manage_program", Program)
def program_restore_view(request, program: Program):
    kind, history_id, version = (
        request.POST.get("kind"),
        _int(request.POST.get("history_id")),
        request.POST.get("version"),
    )
    if history_id is None or kind not in ("measure", "target"):
        messages.error(request, _("Не указана версия для восстановления."))
        return redirect("programs:history", pk=program.pk)
    try:
        if kind == "measure":
            measure = get_object_or_404(Measure, pk=_int(request.POST.get("object_id")), program=program)
            svc.measure_restore(
                measure=measure, history_id=history_id, user=request.user, expected_version=_int(version)
            )
            messages.success(request, _("Мероприятие %s восстановлено из выбранной версии.") % measure.number)
        else:
            target = svc.target_restore(
                program=program, history_id=history_id, user=request.user, expected_version=_int(version)
            )
            messages.success(
                request, _("Целевой показатель «%s» восстановлен из выбранной версии.") % target.indicator.name
            )
    except ValidationError as exc:
        add_rule_error(request, None, exc)
    return redirect("programs:history", pk=program.pk)
