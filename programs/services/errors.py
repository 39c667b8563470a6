from __future__ import annotations

from django.core.exceptions import ValidationError


class ProgramRuleError(ValidationError):
    """A business rule refused the change; the message is Russian and meant for the user."""


class StaleVersion(ProgramRuleError):
    """Someone else saved the record after the form was opened (optimistic locking)."""
