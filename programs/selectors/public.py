"""The published programs, for the public: the index and a visitor's home page."""

from __future__ import annotations

from django.core.paginator import Page, Paginator

from ..access import public_programs
from ..models import Program
from .programs import Progress, programs_progress

#: Published programs on a page of the public index, and on the home page of a visitor.
PUBLIC_PAGE_SIZE = 20
PUBLIC_HOME_ROWS = 10


def public_program_overview(
    *, page: int | str | None = 1, per_page: int | None = None
) -> tuple[Page, list[tuple[Program, Progress]]]:
    """One page of the published programs, by municipality, with the progress of that page's
    programs only (the public index and a visitor's home page; the page's paginator counts them
    all). A country has hundreds: all of them on one page took 2 s to build at 40,000 schools."""
    qs = public_programs().with_municipality().order_by("municipality__name", "pk")
    shown = Paginator(qs, per_page or PUBLIC_PAGE_SIZE).get_page(page)
    programs = list(shown.object_list)
    progress = programs_progress([p.pk for p in programs])
    return shown, [(p, progress.get(p.pk, Progress())) for p in programs]
