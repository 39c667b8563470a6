"""The committee moves a collection's deadline, closes it or opens it again (with a reason)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from schools.views.guards import object_required

from ..models import Collection
from ..services import collection_admin as svc


class CollectionControlForm(forms.Form):
    action = forms.ChoiceField(choices=[("deadline", "deadline"), ("close", "close"), ("reopen", "reopen")])
    deadline = forms.DateField(label=_lazy("новый срок"), required=False)
    reason = forms.CharField(label=_lazy("причина"), required=False, max_length=500)


@require_POST
@object_required("monitoring.manage_collection", Collection)
def collection_control_view(request, collection: Collection):
    form = CollectionControlForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Укажите новый срок в формате дд.мм.гггг."))
        return redirect("monitoring:collection_detail", pk=collection.pk)
    d = form.cleaned_data
    try:
        if d["action"] == "deadline":
            if d["deadline"] is None:
                raise ValidationError(_("Укажите новый срок сдачи."))
            svc.collection_deadline_set(
                collection=collection, user=request.user, deadline=d["deadline"], reason=d["reason"]
            )
            messages.success(request, _("Срок сдачи перенесён."))
        elif d["action"] == "close":
            svc.collection_close(collection=collection, user=request.user, reason=d["reason"])
            messages.success(request, _("Сбор закрыт: школы больше не могут менять ответы."))
        else:
            svc.collection_reopen(collection=collection, user=request.user, reason=d["reason"])
            messages.success(request, _("Сбор снова открыт."))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("monitoring:collection_detail", pk=collection.pk)
