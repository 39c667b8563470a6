"""Token pages for committee staff: the list of their area's tokens, issuing (the raw token is
shown once, on the page that answers the form) and revoking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from schools.models import ApiToken
from schools.views.guards import object_required, perm_required

from ..api.access import visible_api_tokens
from ..api.tokens import token_issue, token_revoke
from .forms import TokenIssueForm


@perm_required("schools.view_api_tokens")
def token_list_view(request):
    tokens = visible_api_tokens(request.user).select_related(
        "user", "municipality", "school__municipality", "created_by"
    )
    state = request.GET.get("state", "active")
    if state == "active":
        tokens = tokens.filter(revoked_at__isnull=True)
    elif state == "revoked":
        tokens = tokens.filter(revoked_at__isnull=False)
    page = Paginator(tokens.order_by("-created_at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "api/token_list.html", {"page": page, "state": state})


@require_http_methods(["GET", "POST"])
@perm_required("schools.view_api_tokens")
def token_issue_view(request):
    form = TokenIssueForm(request.POST or None, issuer=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        area = d["municipality"] or d["school"]
        if not request.user.has_perm("schools.manage_api_token", area):
            form.add_error(None, _("Выдавать токены на эту область вы не можете."))
        else:
            try:
                token, raw = token_issue(
                    user=d["user"],
                    name=d["name"],
                    municipality=d["municipality"],
                    school=d["school"],
                    read_only=d["read_only"],
                    created_by=request.user,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                response = render(request, "api/token_created.html", {"token": token, "raw": raw})
                # The one page that carries the raw token must not be kept by any cache.
                add_never_cache_headers(response)
                return response
    return render(request, "api/token_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
@object_required(
    "schools.manage_api_token", ApiToken.objects.select_related("user", "municipality", "school__municipality")
)
def token_revoke_view(request, token: ApiToken):
    if request.method == "POST":
        try:
            token_revoke(token=token, user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("Токен «%(name)s» отозван: запросы с ним больше не принимаются.") % {"name": token.name}
            )
        return redirect("api_tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})
