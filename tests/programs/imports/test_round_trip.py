"""Export → import: the DOCX the portal makes for each of the five demo programs reads back into
an identical program (measures, numbers, texts, timings, organisations, roadmap executors, passport)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from programs.demo.organisations import resolve_organisations
from programs.imports import services
from programs.imports.parsed import ParsedProgram
from programs.models import Program
from programs.reports.document import program_generate
from programs.selectors.programs import program_document
from reporting import docx as docx_format
from schools.models import User

pytestmark = pytest.mark.django_db
CODES = ["korolev", "sysert", "dubna", "tungiro", "dagogni"]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("demo")
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        from tests.conftest import restore_shipped_data

        restore_shipped_data()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _measures(program: Program, *, by_hand: set[str]) -> list[tuple]:
    """``by_hand``: measures whose schedule a person set (the demo's Korolyov 5.5); the document
    carries the timing text, the correction stays with the program it was made in."""
    rows = []
    for m in (
        program.measures.filter(is_archived=False)
        .order_by("sort_key")
        .select_related("task", "section")
        .prefetch_related("responsible", "assignments__organisation")
    ):
        rows.append(
            (
                m.number,
                m.title,
                m.timing_text,
                None if m.number in by_hand else m.schedule_kind,
                m.responsible_text,
                m.planned_result,
                m.task.number if m.task else None,
                m.section.number if m.section else None,
                sorted(o.pk for o in m.responsible.all()),
                sorted((a.level, a.text, a.organisation_id) for a in m.assignments.all()),
            )
        )
    return rows


def _passport(program: Program) -> dict:
    return {
        "fields": [
            getattr(program, f)
            for f in (
                "title",
                "kind",
                "period_start",
                "period_end",
                "period_end_assumed",
                "numbers_assigned",
                "approval_doc_type",
                "approval_number",
                "approval_date",
                "approved_by",
                "signatory",
                "appendix_label",
                "control",
            )
        ],
        "bases": [b.text for b in program.legal_bases.all()],
        "goals": [g.text for g in program.goals.all()],
        "tasks": [(t.number, t.text) for t in program.tasks.all()],
        "results": [r.text for r in program.expected_results.all()],
        "stages": [(s.number, s.title, s.start, s.end, s.content) for s in program.stages.all()],
        "risks": [(r.risk, r.mitigation) for r in program.risks.all()],
        "organisations": [(o.role, o.name, o.organisation_id) for o in program.organisations.all()],
        "schools": sorted((p.school_id, p.role) for p in program.participants.all()),
        # A section is in the document when a measure stands under it (Sysert's «2» only heads 2.1–2.3).
        "sections": [(s.number, s.title) for s in program.sections.all() if s.measures.exists()],
    }


@pytest.mark.parametrize("code", CODES)
def test_exported_docx_imports_back_identical(demo, code):
    original = Program.objects.exclude(title__contains="(демонстрационная)").get(municipality__code=code)
    data = docx_format.render(
        program_generate(program_document(program_id=original.pk), params={}, user=None, progress=lambda _p: None)
    )
    staff = User.objects.get(username="admin")
    upload = services.docx_upload(municipality=original.municipality, name="export.docx", data=data, user=staff)
    parsed = ParsedProgram.from_dict(upload.parsed)
    assert not parsed.notes
    # The committee matches each name the registry does not know as it did for the demo.
    candidates = services.organisation_candidates(municipality=original.municipality)
    unknown = services.unknown_organisations(parsed=parsed, municipality=original.municipality)
    resolutions = {}
    for name in unknown:
        found = resolve_organisations([name], candidates)
        resolutions[name] = str(found[0].pk) if found else services.KEEP_TEXT
    copy = services.program_import_create(upload=upload, parsed=parsed, resolutions=resolutions, user=staff)
    assert copy.pk != original.pk and copy.status == Program.Status.DRAFT
    by_hand = set(original.measures.filter(schedule_confirmed=True).values_list("number", flat=True))
    expected = _measures(original, by_hand=by_hand)
    assert len(expected) == {"korolev": 52, "sysert": 23, "dubna": 26, "tungiro": 27, "dagogni": 44}[code]
    got = _measures(copy, by_hand=by_hand)
    for a, b in zip(got, expected, strict=True):
        assert a == b
    assert _passport(copy) == _passport(original)
