"""The password reset, throttled: eight requests in two seconds sent eight e-mails to one
address (issue 23). Counted in the cache (Redis in production, shared by the workers), per
address and per client, for an hour:

- over PASSWORD_RESET_PER_ADDRESS for one address, no more e-mails go out, and the page still
  says «sent» — the address's owner is not flooded, and nobody learns whether it has an account;
- over PASSWORD_RESET_PER_CLIENT from one client (its IP, read as django-axes reads it behind
  the proxy), the form is refused with a Russian message and status 429."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

from schools.throttle import client_address, over_limit

WINDOW = 60 * 60  # seconds


def _key(kind: str, value: str) -> str:
    return f"password-reset:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


class ThrottledPasswordResetView(PasswordResetView):
    def form_valid(self, form):
        client = client_address(self.request) or "unknown"
        if over_limit(_key("client", client), settings.PASSWORD_RESET_PER_CLIENT, WINDOW):
            form.add_error(
                None,
                _("Слишком много запросов на восстановление пароля с этого устройства. Повторите через час."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        address = form.cleaned_data["email"].strip().casefold()
        if over_limit(_key("address", address), settings.PASSWORD_RESET_PER_ADDRESS, WINDOW):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
