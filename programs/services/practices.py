"""The bank of best practices: a school submits, a methodologist (or the committee) publishes or
returns, everyone finds published practices by Russian full-text search."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programs.models import Practice, PracticeEvidence
from schools.models import School

from .errors import ProgramRuleError, StaleVersion
from .uploads import check_evidence_file

if TYPE_CHECKING:
    from schools.models import User

FIELDS = ("title", "problem", "actions", "results", "authors")


def practice_index(practice: Practice) -> None:
    """Refresh the stored Russian tsvector (PostgreSQL only): the title weighs most."""
    if connection.vendor != "postgresql":
        return
    from django.contrib.postgres.search import SearchVector

    vector = (
        SearchVector("title", weight="A", config="russian")
        + SearchVector("problem", "results", weight="B", config="russian")
        + SearchVector("actions", "authors", weight="C", config="russian")
    )
    Practice.objects.filter(pk=practice.pk).update(search_document=vector)


def practice_create(*, user: User, school: School, data: dict[str, Any], tags=()) -> Practice:
    if not user.has_perm("programs.add_practice", school):
        raise ProgramRuleError(_("Практику предлагает проектная команда школы."))
    with transaction.atomic():
        practice = Practice(school=school, created_by=user, **{k: data.get(k, "") for k in FIELDS})
        practice.full_clean()
        practice.save()
        practice.tags.set(tags)
        practice_index(practice)
    return practice


def practice_update(*, user: User, practice: Practice, data: dict[str, Any], tags, expected_version: int) -> Practice:
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        if not user.has_perm("programs.change_practice", locked):
            raise ProgramRuleError(_("Практику можно изменять, пока она черновик или возвращена на доработку."))
        if locked.version != expected_version:
            raise StaleVersion(_("Практику уже изменил другой участник команды. Откройте её заново."))
        for name in FIELDS:
            setattr(locked, name, data.get(name, ""))
        locked.version += 1
        locked.full_clean()
        locked.save()
        locked.tags.set(tags)
        practice_index(locked)
    return locked


def practice_attach(*, user: User, practice: Practice, upload: UploadedFile) -> PracticeEvidence:
    if not user.has_perm("programs.change_practice", practice):
        raise ProgramRuleError(_("Файлы добавляются, пока практика — черновик или на доработке."))
    check_evidence_file(upload)
    return PracticeEvidence.objects.create(
        practice=practice, file=upload, original_name=(upload.name or "")[:255], uploaded_by=user
    )


def practice_submit(*, user: User, practice: Practice) -> Practice:
    with transaction.atomic():
        locked = Practice.objects.select_for_update().get(pk=practice.pk)
        if not user.has_perm("programs.change_practice", locked):
            raise ProgramRuleError(_("Практика уже отправлена на рассмотрение."))
        locked.status = Practice.Status.SUBMITTED
        locked.save(update_fields=["status", "updated_at"])
    return locked


def practice_review(*, user: User, practice: Practice, publish: bool, comment: str = "") -> Practice:
    """Publish, or return with a comment saying what to improve. Locked: one decision only."""
    if not publish and not comment.strip():
        raise ProgramRuleError({"comment": [_("Возвращая практику, напишите, что нужно доработать.")]})
    with transaction.atomic():
        locked = Practice.objects.select_for_update().select_related("school").get(pk=practice.pk)
        if not user.has_perm("programs.review_practice", locked):
            raise ProgramRuleError(
                _("Рассматривать практику может методист школы или комитет, пока она на рассмотрении.")
            )
        locked.status = Practice.Status.PUBLISHED if publish else Practice.Status.RETURNED
        locked.review_comment = comment.strip()
        locked.reviewed_by = user
        locked.published_at = timezone.now() if publish else None
        locked.save()
    return locked


def practice_withdraw(*, user: User, practice: Practice, comment: str) -> Practice:
    if not user.has_perm("programs.withdraw_practice", practice) or practice.status != Practice.Status.PUBLISHED:
        raise ProgramRuleError(_("Снять с публикации можно только опубликованную практику."))
    practice.status = Practice.Status.WITHDRAWN
    practice.review_comment = comment.strip()
    practice.save(update_fields=["status", "review_comment", "updated_at"])
    return practice
