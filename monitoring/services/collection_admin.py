"""The committee's control of a running collection: move its deadline, close it, open it again.

Kept apart from the entry rules in collections.py. Every change is a locked row update recorded
in the collection's history (who, when, before/after), with the reason the committee gave."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from monitoring.models import Collection

from .collections import CollectionError

if TYPE_CHECKING:
    from schools.models import User


def _locked(collection: Collection, user: User) -> Collection:
    locked = Collection.objects.select_for_update().get(pk=collection.pk)
    if not user.has_perm("monitoring.manage_collection", locked):
        raise CollectionError(_("Сбором управляет комитет, который его открыл."))
    return locked


def _save(collection: Collection, reason: str, fields: list[str]) -> Collection:
    collection._change_reason = reason.strip()  # simple_history keeps it with the record
    collection.save(update_fields=fields)
    return collection


def collection_deadline_set(*, collection: Collection, user: User, deadline: date, reason: str) -> Collection:
    if not reason.strip():
        raise CollectionError({"reason": [_("Укажите причину переноса срока: её увидят в истории сбора.")]})
    with transaction.atomic():
        locked = _locked(collection, user)
        if locked.status != Collection.Status.OPEN:
            raise CollectionError(_("Сбор закрыт: сначала откройте его снова."))
        if deadline < timezone.localdate():
            raise CollectionError({"deadline": [_("Новый срок не может быть в прошлом.")]})
        locked.deadline = deadline
        return _save(locked, reason, ["deadline"])


def collection_close(*, collection: Collection, user: User, reason: str = "") -> Collection:
    """No more entries; accepted answers stay published, drafts stay as they are (not lost)."""
    with transaction.atomic():
        locked = _locked(collection, user)
        if locked.status == Collection.Status.CLOSED:
            raise CollectionError(_("Сбор уже закрыт."))
        locked.status = Collection.Status.CLOSED
        return _save(locked, reason or _("сбор закрыт"), ["status"])


def collection_reopen(*, collection: Collection, user: User, reason: str) -> Collection:
    if not reason.strip():
        raise CollectionError({"reason": [_("Укажите, зачем сбор открывается снова.")]})
    with transaction.atomic():
        locked = _locked(collection, user)
        if locked.status == Collection.Status.OPEN:
            raise CollectionError(_("Сбор уже открыт."))
        locked.status = Collection.Status.OPEN
        return _save(locked, reason, ["status"])
