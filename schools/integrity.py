"""Database constraint errors in Russian: no constraint name ever reaches a person.

Every check and conditional unique constraint of the portal's models carries a Russian
``violation_error_message`` (``tests/security/test_hardening.py`` holds them all to it), so
``full_clean`` and model forms already say it in words. What is left is the database refusing a
row that passed those checks — two requests at once, a path without ``full_clean``: the
``IntegrityError`` is answered here with the constraint's own message, found by its name, as a
409 page (``IntegrityErrorMiddleware``) or a 409 of the API (config/api/errors.py)."""

from __future__ import annotations

import re
from functools import cache

from django.apps import apps
from django.db import IntegrityError
from django.shortcuts import render
from django.utils.translation import gettext as _

GENERIC = (
    "Запись противоречит уже сохранённым данным (например, такая уже есть). Обновите страницу и проверьте значения."
)


@cache
def _messages() -> dict[str, str]:
    found: dict[str, str] = {}
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.violation_error_message != constraint.default_violation_error_message:
                found[constraint.name] = str(constraint.violation_error_message)
    return found


def integrity_message(exc: IntegrityError) -> str:
    """The Russian message of the constraint the database refused, or a general one."""
    name = getattr(getattr(exc.__cause__, "diag", None), "constraint_name", None)
    messages = _messages()
    if name in messages:
        return messages[name]
    text = str(exc)
    for known, message in messages.items():  # SQLite names no constraint in a structured way
        if re.search(rf"\b{re.escape(known)}\b", text):
            return message
    return _(GENERIC)


class IntegrityErrorMiddleware:
    """A page whose save broke a database constraint shows a 409 with the reason in Russian
    instead of a 500 (the transaction of the save was rolled back by its atomic block)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, IntegrityError):
            return render(request, "409.html", {"message": integrity_message(exception)}, status=409)
        return None
