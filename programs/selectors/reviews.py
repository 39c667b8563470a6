"""What the review screens read: the methodologist's inbox, the comments a team sees, the school's
data beside its program, and the candidates for the best-practice bank."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, QuerySet
from django.utils import timezone

from monitoring.models import Indicator
from monitoring.providers import provided_values, school_categories
from monitoring.selectors.values import improvement_panel
from schools.models import Membership, Municipality, Role, School
from schools.selectors import school_context_years
from schools.years import current_academic_year

from ..access import visible_practices
from ..models import (
    Practice,
    ProgramReview,
    ReviewAssignment,
    ReviewCriterion,
    SchoolProgram,
    SchoolProgramVersion,
)

if TYPE_CHECKING:
    from schools.access import AnyUser
    from schools.models import User


@dataclass
class InboxItem:
    assignment: ReviewAssignment
    overdue: bool
    resubmitted: bool


def reviewer_inbox(*, user: User, today: date | None = None) -> list[InboxItem]:
    """Programs waiting for this reviewer's verdict on their latest version, by deadline. Two queries."""
    today = today or timezone.localdate()
    assignments = list(
        ReviewAssignment.objects.filter(
            reviewer=user,
            state=ReviewAssignment.State.ACTIVE,
            program__status__in=SchoolProgram.AWAITING_REVIEW,
        )
        .select_related("program__school__municipality")
        .annotate(latest=Max("program__versions__number"))
        .order_by("deadline", "pk")
    )
    reviewed = set(
        ProgramReview.objects.filter(assignment__in=assignments).values_list("assignment_id", "version__number")
    )
    return [
        InboxItem(a, a.deadline < today, a.program.status == SchoolProgram.Status.RESUBMITTED)
        for a in assignments
        if (a.pk, a.latest) not in reviewed
    ]


def practices_to_review(*, user: AnyUser) -> QuerySet[Practice]:
    """Submitted practices of the schools this user reviews practices for."""
    return visible_practices(user).filter(status=Practice.Status.SUBMITTED).with_school().order_by("updated_at")


def programs_awaiting_assignment(*, user: AnyUser) -> QuerySet[SchoolProgram]:
    from ..access import visible_school_programs

    active = ReviewAssignment.objects.filter(program=OuterRef("pk"), state=ReviewAssignment.State.ACTIVE)
    return (
        visible_school_programs(user)
        .filter(status__in=SchoolProgram.AWAITING_REVIEW)
        .exclude(Exists(active))
        .with_school()
    )


def program_reviews(program: SchoolProgram) -> list[ProgramReview]:
    """Every review on every version, oldest first: the team sees each comment ever made."""
    return list(
        ProgramReview.objects.filter(assignment__program=program)
        .select_related("assignment__reviewer", "version")
        .order_by("version__number", "submitted_at")
    )


INDEX_CODES = ("quality_index", "quality_group", "wellbeing_group")


@dataclass
class SchoolData:
    context: object | None  # the latest ContextYear of schools.selectors
    index_years: list[tuple[int, dict[str, Decimal | None]]]  # [(year, {code: value})], newest first
    category: tuple[str, str] | None


def school_data(school: School, *, years: int = 3) -> SchoolData:
    """What a program's analysis should rest on, shown beside it: the latest social context
    (with the regional share) and the index results of the last years."""
    contexts = school_context_years(school=school)
    last = current_academic_year()
    index_years = []
    for year in range(last, last - years - 1, -1):
        values = {
            code: provided_values(indicator_code=code, school_ids=[school.pk], year=year).get(school.pk)
            for code in INDEX_CODES
        }
        if any(v is not None for v in values.values()):
            index_years.append((year, values))
    return SchoolData(
        context=contexts[0] if contexts else None,
        index_years=index_years[:years],
        category=school_categories(school_ids=[school.pk]).get(school.pk),
    )


def practice_candidates(*, user: AnyUser, municipality_id: int | None = None, limit: int = 5) -> list:
    """Schools with maximum and stable improvement of the quality index (PRACTICE_CANDIDATE_INDICATOR):
    the ones the bank should hear from. Empty when the indicator or its values are missing."""
    code = getattr(settings, "PRACTICE_CANDIDATE_INDICATOR", "quality_index")
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        return []
    try:
        panel = improvement_panel(indicator=indicator, user=user, municipality_id=municipality_id)
    except ValueError:
        return []
    return panel.rows[:limit]


@dataclass
class TeamProgramLine:
    program: SchoolProgram
    last_comment: str
    last_comment_by: str


def team_programs(*, school_ids) -> list[TeamProgramLine]:
    """The team's home: where each of its school programs stands and the last comment made."""
    programs = list(SchoolProgram.objects.filter(school_id__in=school_ids).with_school().order_by("-pk"))
    last: dict[int, ProgramReview] = {}
    for submitted in (
        ProgramReview.objects.filter(assignment__program__in=programs)
        .select_related("assignment__reviewer")
        .order_by("submitted_at", "pk")
    ):
        last[submitted.assignment.program_id] = submitted
    lines = []
    for program in programs:
        review = last.get(program.pk)
        comment = ""
        if review is not None:
            comment = review.summary or next(iter(review.section_comments.values()), "")
        lines.append(TeamProgramLine(program, comment, review.assignment.reviewer.display_name if review else ""))
    return lines


def latest_practices(*, limit: int = 5) -> list[Practice]:
    return list(Practice.objects.published().with_school().order_by("-published_at")[:limit])


@dataclass
class AssignedSchool:
    school: School
    category: str
    trend: str  # "up" | "down" | "flat" | ""


def assigned_schools(*, schools: list[School]) -> list[AssignedSchool]:
    """The methodologist's schools with their support category and the quality index trend over
    the last two academic years (a fixed number of queries)."""
    ids = [s.pk for s in schools]
    categories = school_categories(school_ids=ids)
    year = current_academic_year()
    now: dict[int, Decimal] = {}
    before: dict[int, Decimal] = {}
    for y in (year, year - 1, year - 2):
        values = provided_values(indicator_code="quality_index", school_ids=ids, year=y)
        if values and not now:
            now = values
        elif values and not before:
            before = values
            break
    rows = []
    for school in schools:
        a, b = before.get(school.pk), now.get(school.pk)
        trend = "" if a is None or b is None else ("up" if b > a else "down" if b < a else "flat")
        rows.append(AssignedSchool(school, categories.get(school.pk, ("", ""))[1], trend))
    return rows


def criteria_for(municipality: Municipality) -> QuerySet[ReviewCriterion]:
    """The municipality's own template once it has one, else the portal default."""
    own = ReviewCriterion.objects.filter(municipality=municipality, is_active=True)
    if own.exists():
        return own.order_by("order", "pk")
    return ReviewCriterion.objects.filter(municipality__isnull=True, is_active=True).order_by("order", "pk")


def reviewer_candidates(program: SchoolProgram) -> QuerySet:
    """Methodologists of the school's municipality or region, never the school's own team."""
    from schools.models import User

    school = program.school
    members = Membership.objects.filter(role=Role.METHODOLOGIST, is_active=True, user__is_active=True).filter(
        municipality_id=school.municipality_id
    ) | Membership.objects.filter(role=Role.METHODOLOGIST, is_active=True, region_id=school.region_id)
    own_team = Membership.objects.filter(role=Role.SCHOOL_TEAM, school=school, is_active=True).values("user_id")
    return (
        User.objects.filter(pk__in=members.values("user_id"))
        .exclude(pk__in=own_team)
        .order_by("last_name", "first_name", "username")
    )


def latest_version(program: SchoolProgram) -> SchoolProgramVersion | None:
    return program.versions.order_by("-number").first()


def active_assignment(program: SchoolProgram, user: User) -> ReviewAssignment | None:
    if not user.is_authenticated:
        return None
    return program.assignments.filter(reviewer=user, state=ReviewAssignment.State.ACTIVE).first()


def reviewed_version_for(program: SchoolProgram, user: User) -> SchoolProgramVersion | None:
    """The last version this reviewer gave a review on (to show them what changed since)."""
    review = (
        ProgramReview.objects.filter(assignment__program=program, assignment__reviewer=user)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    return review.version if review else None
