"""The blocks apps above programs add to the program page and its public page (events,
funding) and the notes they add to the measure and report pages (the event that filed a report): read through schools/extensions.py, so programs never imports them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from schools.extensions import MeasureEvidenceNote, ProgramPanel, measure_evidence_providers, program_panel_providers

from ..models import ProgressReport

if TYPE_CHECKING:
    from schools.access import AnyUser

    from ..models import Measure, Program


def program_panels(program: Program, *, user: AnyUser, public: bool) -> list[ProgramPanel]:
    return [panel for provider in program_panel_providers() for panel in provider(program, user=user, public=public)]


def evidence_notes(*, report_ids: Sequence[int], user: AnyUser) -> list[MeasureEvidenceNote]:
    """What apps above programs say of how these reports were filed («Проведено мероприятием: …»)."""
    if not report_ids:
        return []
    return [note for provider in measure_evidence_providers() for note in provider(report_ids, user=user)]


def measure_evidence_notes(*, measure: Measure, user: AnyUser) -> list[MeasureEvidenceNote]:
    """The notes on the measure's reports, each text once (an event files a report per school)."""
    report_ids = list(ProgressReport.objects.filter(occurrence__measure=measure).values_list("pk", flat=True))
    seen: set[tuple[str, str]] = set()
    notes = []
    for note in evidence_notes(report_ids=report_ids, user=user):
        if (note["text"], note["url"]) not in seen:
            seen.add((note["text"], note["url"]))
            notes.append(note)
    return notes
