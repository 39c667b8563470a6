from __future__ import annotations

from django.shortcuts import render

from ..access import primary_role
from ..selectors import home_context

HOME_TEMPLATES = {
    None: "home/anonymous.html",
    "region_staff": "home/committee.html",
    "municipal_staff": "home/committee.html",
    "school_team": "home/school_team.html",
    "methodologist": "home/methodologist.html",
    "api_client": "home/api_client.html",
}


def home(request):
    """What each role sees first (docs/UX.md, "Home page by role")."""
    role = primary_role(request.user)
    context = {"role": role, **home_context(user=request.user, role=role)}
    return render(request, HOME_TEMPLATES.get(role, "home/no_role.html"), context)
