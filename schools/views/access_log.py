"""«Журнал доступа»: sign-ins and exports of data, for region staff and superusers."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from ..access_log import access_events
from ..models import AccessEvent
from .guards import perm_required

PAGE_SIZE = 50


class AccessLogFilter(forms.Form):
    kind = forms.ChoiceField(
        label=_("Событие"), required=False, choices=[("", _("Все события")), *AccessEvent.Kind.choices]
    )
    username = forms.CharField(label=_("Пользователь"), required=False, max_length=150)
    date_from = forms.DateField(label=_("С"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("По"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


@perm_required("schools.view_access_log")
def access_log_view(request):
    form = AccessLogFilter(request.GET or None)
    # An invalid filter (a mistyped date) shows the whole log with the form's error next to it.
    filters = form.cleaned_data if form.is_valid() else {}
    events = access_events(
        user=request.user,
        kind=filters.get("kind", ""),
        username=filters.get("username", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/access_log.html",
        {"form": form, "page": page, "retention": settings.ACCESS_LOG_RETENTION_DAYS},
    )
