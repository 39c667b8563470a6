"""The home page of each role (docs/domain.md, «Who uses it»).

It lives in config because it composes the selectors of every app — schools, programs and, as
they land, monitoring and indices — and no app may depend on the ones above it."""

from __future__ import annotations

from django.shortcuts import render

from curators.selectors.mine import my_schools
from monitoring.selectors.home import collections_pending, open_forms
from programs.selectors import programs as program_selectors
from programs.selectors import public as public_selectors
from programs.selectors import reviews as selectors_reviews
from programs.selectors.execution import State
from risks.selectors.profiles import team_profiles
from schools.access import own_organisations, primary_role, team_school_ids
from schools.models import Role
from schools.selectors import home_context

from .review_queue import queue_count

HOME_TEMPLATES = {
    None: "home/anonymous.html",
    Role.REGION_STAFF: "home/committee.html",
    Role.MUNICIPAL_STAFF: "home/committee.html",
    Role.SCHOOL_TEAM: "home/school_team.html",
    Role.METHODOLOGIST: "home/methodologist.html",
    Role.API_CLIENT: "home/api_client.html",
    Role.EXECUTOR: "home/executor.html",
}


def _programs_context(user, role) -> dict:
    if role in (Role.REGION_STAFF, Role.MUNICIPAL_STAFF):
        rows = program_selectors.program_overview(user=user)
        return {
            "program_rows": rows,
            "overdue": program_selectors.work_list(user=user, states=(State.OVERDUE,), limit=10),
            "collections": collections_pending(user=user),
        }
    if role == Role.EXECUTOR:
        organisations = own_organisations(user).order_by("short_name")
        return {"work": program_selectors.work_list(user=user), "organisations": organisations}
    if role == Role.SCHOOL_TEAM:
        school_ids = set(team_school_ids(user))
        return {
            "work": program_selectors.work_list(user=user),
            "open_forms": open_forms(school_ids=school_ids),
            "school_programs": selectors_reviews.team_programs(school_ids=school_ids),
            "risk_profiles": team_profiles(school_ids=school_ids),
        }
    if role == Role.METHODOLOGIST:
        curated = my_schools(user=user)
        return {
            "curated": curated,
            "curated_overdue": sum(len(row.overdue) for row in curated),
            "inbox": selectors_reviews.reviewer_inbox(user=user),
            "practices_to_review": selectors_reviews.practices_to_review(user=user),
        }
    if role is None:
        shown, rows = public_selectors.public_program_overview(per_page=public_selectors.PUBLIC_HOME_ROWS)
        return {
            "public_rows": rows,
            "public_total": shown.paginator.count,
            "practices": selectors_reviews.latest_practices(),
        }
    return {}


def home(request):
    role = primary_role(request.user)
    context = {"role": role, **home_context(user=request.user, role=role), **_programs_context(request.user, role)}
    if role in (Role.REGION_STAFF, Role.MUNICIPAL_STAFF):
        context["review_waiting"] = queue_count(request)  # the same count as the navigation badge
    if role == Role.METHODOLOGIST:
        context["assigned"] = selectors_reviews.assigned_schools(schools=list(context.get("schools", [])))
    return render(request, HOME_TEMPLATES.get(role, "home/no_role.html"), context)
