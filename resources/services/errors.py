from __future__ import annotations

from django.core.exceptions import ValidationError


class ResourceRuleError(ValidationError):
    """A rule of events, funding or the register refused the change; the message is Russian."""
