"""The blocks apps above programs add to the program page and its public page (events,
funding): read through schools/extensions.py, so programs never imports them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from schools.extensions import ProgramPanel, program_panel_providers

if TYPE_CHECKING:
    from schools.access import AnyUser

    from ..models import Program


def program_panels(program: Program, *, user: AnyUser, public: bool) -> list[ProgramPanel]:
    return [panel for provider in program_panel_providers() for panel in provider(program, user=user, public=public)]
