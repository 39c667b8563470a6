"""Editing a record under optimistic locking (docs/architecture.md, «History and optimistic
locking»): one shape for every form that carries the version it was read at.

    try:
        with keep_typed_if_stale(form, StaleVersion, latest=measure):
            svc.measure_update(measure=measure, data=data, expected_version=form.cleaned_data["version"])
    except ValidationError as exc:  # a stale version too: the form now carries the latest one
        add_rule_error(request, form, exc)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db.models import Model


@dataclass
class Kept:
    """What a refused save left: the record's version now (None while nothing was refused)."""

    version: int | None = None


def keep_typed_against_latest(form, version: int) -> None:
    """After a conflict the form keeps what this person typed but now carries the latest version:
    saving again is a deliberate choice made after reading whose change it replaces."""
    form.data = form.data.copy()
    form.data["version"] = str(version)


def _latest_version(latest: Model | Callable[[Exception], int | None], refusal: Exception) -> int:
    if isinstance(latest, Model):
        return type(latest)._default_manager.values_list("version", flat=True).get(pk=latest.pk)
    return latest(refusal) or 0


@contextmanager
def keep_typed_if_stale(
    form,
    stale: type[Exception] | tuple[type[Exception], ...],
    *,
    latest: Model | Callable[[Exception], int | None],
) -> Iterator[Kept]:
    """Around the save of a versioned record. When the service refuses it because someone saved
    the record after the form was read (``stale``, the service's exception, which names whose
    change won and what it was), the form keeps what this person typed but now carries the
    record's latest version — ``keep_typed_against_latest`` — and the refusal goes on to the
    caller, which shows it the way it shows any refusal. Other errors pass untouched.

    ``latest`` is the record itself (its stored version is read again) or a callable taking the
    refusal and giving the version (None: no record yet, 0). A page without a Django form passes
    ``form=None`` and puts ``kept.version`` into its own hidden field."""
    kept = Kept()
    try:
        yield kept
    except stale as refusal:
        kept.version = _latest_version(latest, refusal)
        if form is not None:
            keep_typed_against_latest(form, kept.version)
        raise
