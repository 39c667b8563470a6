"""Text fields of the portal's models: every value is cleaned of invisible bidi and zero-width
characters (``schools.text.strip_invisible``) on the way in — by ``full_clean`` (forms and
services) and again right before the database (bulk imports, ``update()``), so no path stores
them — and a text field's ``max_length`` is enforced by ``full_clean`` (Django's own TextField
only passes it to the form's widget)."""

from __future__ import annotations

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property

from ..text import strip_invisible


class _Stripped:
    def to_python(self, value):
        value = super().to_python(value)  # type: ignore[misc]
        return strip_invisible(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)  # type: ignore[misc]
        return strip_invisible(value) if isinstance(value, str) else value


class CharField(_Stripped, models.CharField):
    pass


class TextField(_Stripped, models.TextField):
    @cached_property
    def validators(self):
        limit = [MaxLengthValidator(self.max_length)] if self.max_length else []
        return [*super().validators, *limit]
