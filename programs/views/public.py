"""The public page of a published program: no login, only what the committee has published."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from programs.models import Program
from programs.selectors import programs as selectors
from programs.selectors.panels import program_panels
from programs.selectors.public import public_program_overview


def program_public_view(request, pk: int):
    try:
        program = selectors.program_document(program_id=pk)
    except Program.DoesNotExist as exc:
        raise Http404 from exc
    if not request.user.has_perm("programs.view_public_program", program):
        raise Http404  # unpublished programs do not exist for the public
    work = selectors.execution(program_ids=[program.pk])
    groups = selectors.measures_table(program=program, work=work)
    progress = work.counts()
    return render(
        request,
        "programs/program_public.html",
        {
            "program": program,
            "groups": groups,
            "progress": progress,
            "news": [n for n in program.news.all() if n.published_at],
            "panels": program_panels(program, user=request.user, public=True),
        },
    )


def public_index_view(request):
    page, rows = public_program_overview(page=request.GET.get("page"))
    return render(request, "programs/public_index.html", {"rows": rows, "page": page})
