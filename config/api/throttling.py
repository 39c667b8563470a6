"""Rate limits per token (per user for the browser's session): reads and writes apart.

The rates are read per request from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]`` (``api_read``,
``api_write``), not frozen at import as DRF's own throttles do, so a deployment or a test can
change them with the settings alone."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from .authentication import request_token


class TokenRateThrottle(SimpleRateThrottle):
    cache_format = "api_throttle:%(scope)s:%(ident)s"

    def __init__(self):  # the rate depends on the request's method: set in allow_request
        self.rate = None
        self.num_requests = self.duration = None

    def allow_request(self, request, view) -> bool:
        self.scope = "api_read" if request.method in SAFE_METHODS else "api_write"
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str | None:
        token = request_token(request)
        if token is not None:
            # The prefix is random: keys of two databases (test workers sharing one Redis) never meet.
            ident = f"token-{token.pk}-{token.prefix}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"ip-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
