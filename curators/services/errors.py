from __future__ import annotations

from django.core.exceptions import ValidationError


class CuratorRuleError(ValidationError):
    """A rule of curators' work refused the change; the message is Russian and meant for the user."""
