"""Expert review of school programs: assignments, conflicts of interest, scored reviews, decisions.

Decisions lock the program row: two reviewers finishing at once (or a double click) cannot both
move the program, and a review is always bound to the version it read."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from programs.models import (
    SECTIONS,
    ProgramReview,
    ReviewAssignment,
    ReviewCriterion,
    SchoolProgram,
    SchoolProgramVersion,
)
from schools.access import scope_of
from schools.models import Municipality, Role

from ..selectors.reviews import active_assignment, criteria_for, latest_version
from .errors import ProgramRuleError
from .school_programs import record_event

if TYPE_CHECKING:
    from schools.models import User


def criteria_save(*, user: User, municipality: Municipality, rows: list[dict[str, Any]]) -> list[ReviewCriterion]:
    """Replace the municipality's template (old reviews keep the criteria they were scored on)."""
    if not user.has_perm("programs.manage_review_criteria", municipality):
        raise ProgramRuleError(_("Критерии экспертизы меняет комитет муниципалитета."))
    rows = [r for r in rows if (r.get("text") or "").strip()]
    if not rows:
        raise ProgramRuleError(_("В шаблоне должен остаться хотя бы один критерий."))
    with transaction.atomic():
        ReviewCriterion.objects.filter(municipality=municipality, is_active=True).update(is_active=False)
        saved = []
        for order, row in enumerate(rows, start=1):
            criterion = ReviewCriterion(
                municipality=municipality, order=order, text=row["text"].strip(), max_score=row.get("max_score") or 2
            )
            criterion.full_clean()
            criterion.save()
            saved.append(criterion)
    return saved


def assign_reviewer(*, user: User, program: SchoolProgram, reviewer, deadline: date) -> ReviewAssignment:
    if not user.has_perm("programs.assign_reviewers", program):
        raise ProgramRuleError(_("Экспертов назначает комитет муниципалитета школы."))
    if program.school_id in scope_of(reviewer).team_school_ids:
        raise ProgramRuleError(_("Эксперт не может проверять программу своей школы."))
    if Role.METHODOLOGIST not in scope_of(reviewer).roles:
        raise ProgramRuleError(_("Экспертом может быть только методист (эксперт) портала."))
    with transaction.atomic():
        locked = SchoolProgram.objects.select_for_update().get(pk=program.pk)
        if locked.status not in SchoolProgram.AWAITING_REVIEW:
            raise ProgramRuleError(_("Экспертов назначают программе, поданной на экспертизу."))
        try:
            with transaction.atomic():
                assignment = ReviewAssignment.objects.create(
                    program=locked, reviewer=reviewer, deadline=deadline, assigned_by=user
                )
        except IntegrityError:
            raise ProgramRuleError(_("Этот эксперт уже назначен на программу.")) from None
        if locked.status == SchoolProgram.Status.SUBMITTED:
            locked.status = SchoolProgram.Status.UNDER_REVIEW
        if locked.review_deadline is None or deadline > locked.review_deadline:
            locked.review_deadline = deadline
        locked.save(update_fields=["status", "review_deadline", "updated_at"])
        record_event(locked, user, "назначен эксперт", f"{reviewer.display_name}, срок {deadline:%d.%m.%Y}")
    return assignment


def declare_conflict(*, user: User, assignment: ReviewAssignment, reason: str) -> None:
    """The reviewer steps aside; the committee sees why and assigns someone else."""
    if assignment.reviewer_id != user.pk or assignment.state != ReviewAssignment.State.ACTIVE:
        raise ProgramRuleError(_("Заявить конфликт интересов может только назначенный эксперт."))
    if not reason.strip():
        raise ProgramRuleError({"reason": [_("Укажите, в чём состоит конфликт интересов.")]})
    with transaction.atomic():
        assignment.state = ReviewAssignment.State.CONFLICT
        assignment.conflict_reason = reason.strip()
        assignment.save(update_fields=["state", "conflict_reason"])
        record_event(assignment.program, user, "эксперт заявил конфликт интересов", reason.strip())


def withdraw_assignment(*, user: User, assignment: ReviewAssignment) -> None:
    if not user.has_perm("programs.assign_reviewers", assignment.program):
        raise ProgramRuleError(_("Экспертов назначает и отзывает комитет муниципалитета школы."))
    assignment.state = ReviewAssignment.State.WITHDRAWN
    assignment.save(update_fields=["state"])
    record_event(assignment.program, user, "эксперт отозван", assignment.reviewer.display_name)


def _checked_scores(criteria: list[ReviewCriterion], scores: dict[int, Any]) -> list[dict[str, Any]]:
    errors, rows = {}, []
    for criterion in criteria:
        raw: Any = scores.get(criterion.pk)  # whatever the form sent, or None
        try:
            value = int(raw)
        except (TypeError, ValueError):
            errors[f"score_{criterion.pk}"] = [_("Поставьте балл по критерию.")]
            continue
        if not 0 <= value <= criterion.max_score:
            errors[f"score_{criterion.pk}"] = [_("Балл должен быть от 0 до %(max)s.") % {"max": criterion.max_score}]
            continue
        rows.append({"criterion": criterion.text, "max": criterion.max_score, "score": value})
    if errors:
        raise ProgramRuleError(errors)
    return rows


def review_submit(
    *,
    user: User,
    program: SchoolProgram,
    scores: dict[int, Any],
    section_comments: dict[str, str],
    verdict: str,
    summary: str = "",
) -> ProgramReview:
    """Score the latest version. A return sends the program back at once; approval needs every
    active reviewer's approval of the same version."""
    comments = {k: v.strip() for k, v in section_comments.items() if k in SECTIONS and (v or "").strip()}
    if verdict not in ProgramReview.Verdict.values:
        raise ProgramRuleError({"verdict": [_("Выберите решение: утвердить или вернуть на доработку.")]})
    if verdict == ProgramReview.Verdict.RETURN and not (comments or summary.strip()):
        raise ProgramRuleError({"summary": [_("Возвращая программу, напишите, что нужно доработать.")]})
    with transaction.atomic():
        locked = SchoolProgram.objects.select_for_update().with_school().get(pk=program.pk)
        # The same rule as programs.review_school_program, read once: the assignment is needed anyway.
        assignment = active_assignment(locked, user)
        if assignment is None or locked.status not in SchoolProgram.AWAITING_REVIEW:
            raise ProgramRuleError(_("Оценивать программу может только назначенный на неё эксперт."))
        if locked.school_id in scope_of(user).team_school_ids:
            raise ProgramRuleError(_("Эксперт не может проверять программу своей школы."))
        version = latest_version(locked)
        assert version is not None  # a program awaiting review has been submitted, so has a version
        if ProgramReview.objects.filter(assignment=assignment, version=version).exists():
            raise ProgramRuleError(
                _("Вы уже дали заключение по версии %(n)s. Дождитесь новой версии программы.") % {"n": version.number}
            )
        rows = _checked_scores(list(criteria_for(locked.school.municipality)), scores)
        review = ProgramReview.objects.create(
            assignment=assignment,
            version=version,
            verdict=verdict,
            summary=summary.strip(),
            scores=rows,
            section_comments=comments,
        )
        _decide(locked, version, user, review)
    program.refresh_from_db()
    return review


def _decide(program: SchoolProgram, version: SchoolProgramVersion, user: User, review: ProgramReview) -> None:
    if review.verdict == ProgramReview.Verdict.RETURN:
        program.status = SchoolProgram.Status.RETURNED
        record_event(program, user, "возвращена на доработку", review.summary)
    else:
        active = program.assignments.filter(state=ReviewAssignment.State.ACTIVE)
        approved = ProgramReview.objects.filter(
            assignment__in=active, version=version, verdict=ProgramReview.Verdict.APPROVE
        ).count()
        if approved == active.count():
            program.status = SchoolProgram.Status.APPROVED
            record_event(program, user, "утверждена", review.summary)
        else:
            program.status = SchoolProgram.Status.UNDER_REVIEW
            record_event(program, user, "эксперт рекомендует утвердить", review.summary)
    program.save(update_fields=["status", "updated_at"])
