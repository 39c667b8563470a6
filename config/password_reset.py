"""The password reset, throttled: eight requests in two seconds sent eight e-mails to one
address (issue 23). Counted in the cache (Redis in production, shared by the workers), per
address and per client, for an hour:

- over PASSWORD_RESET_PER_ADDRESS for one address, no more e-mails go out, and the page still
  says «sent» — the address's owner is not flooded, and nobody learns whether it has an account;
- over PASSWORD_RESET_PER_CLIENT from one client (its IP, read as django-axes reads it behind
  the proxy), the form is refused with a Russian message and status 429."""

from __future__ import annotations

import hashlib

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.views import PasswordResetView
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.utils.translation import gettext as _

WINDOW = 60 * 60  # seconds


def _over(key: str, limit: int) -> bool:
    """Count one more request under ``key``; True once the count is over ``limit``."""
    cache.add(key, 0, WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW)
        count = 1
    return count > limit


def _key(kind: str, value: str) -> str:
    return f"password-reset:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"


class ThrottledPasswordResetView(PasswordResetView):
    def form_valid(self, form):
        client = get_client_ip_address(self.request) or "unknown"
        if _over(_key("client", client), settings.PASSWORD_RESET_PER_CLIENT):
            form.add_error(
                None,
                _("Слишком много запросов на восстановление пароля с этого устройства. Повторите через час."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        address = form.cleaned_data["email"].strip().casefold()
        if _over(_key("address", address), settings.PASSWORD_RESET_PER_ADDRESS):
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)
