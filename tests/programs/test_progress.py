"""Progress reports: who may file, the return / refile / accept cycle, files, overdue."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import ProgressReport, ProgressReview
from programs.selectors.programs import measures_table, programs_progress
from programs.services.progress import ProgressTarget, progress_accept, progress_file, progress_return

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _occurrence(program, number="1.1"):
    return program.measures.get(number=number).occurrences.order_by("due_date").first()


def test_full_cycle_file_return_refile_accept(program, world):
    target = ProgressTarget(_occurrence(program), school=world.school_a)
    report = progress_file(target=target, user=world.team_a, status="done", narrative="Семинар проведён")
    progress_return(report=report, user=world.staff_a, comment="Приложите программу семинара")
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.RETURNED
    progress_file(
        target=target,
        user=world.team_a,
        status="done",
        narrative="Семинар проведён, программа приложена",
        files=[SimpleUploadedFile("программа.pdf", PDF, content_type="application/pdf")],
    )
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.SUBMITTED and report.evidence.count() == 1
    progress_accept(report=report, user=world.staff_a)
    actions = list(report.reviews.values_list("action", "by__username", "comment"))
    assert actions == [
        (ProgressReview.Action.SUBMITTED, "team_a", ""),
        (ProgressReview.Action.RETURNED, "staff_a", "Приложите программу семинара"),
        (ProgressReview.Action.RESUBMITTED, "team_a", ""),
        (ProgressReview.Action.ACCEPTED, "staff_a", ""),
    ]


def test_accept_twice_is_refused(program, world):
    report = progress_file(
        target=ProgressTarget(_occurrence(program), school=world.school_a),
        user=world.team_a,
        status="done",
        narrative="Сделано",
    )
    progress_accept(report=report, user=world.staff_a)
    with pytest.raises(ValidationError, match="уже проверен"):
        progress_accept(report=report, user=world.staff_a)
    assert report.reviews.filter(action="accepted").count() == 1


def test_return_needs_a_comment(program, world):
    report = progress_file(
        target=ProgressTarget(_occurrence(program), school=world.school_a),
        user=world.team_a,
        status="in_progress",
        narrative="",
    )
    with pytest.raises(ValidationError, match="без комментария"):
        progress_return(report=report, user=world.staff_a, comment=" ")


def test_report_for_a_school_the_measure_does_not_concern_is_refused(program, world):
    with pytest.raises(ValidationError, match="не касается"):
        progress_file(
            target=ProgressTarget(_occurrence(program), school=world.school_a2),
            user=world.staff_a,
            status="done",
            narrative="x",
        )
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00\x03executable", "не является файлом PDF"),
        ("script.exe", b"MZ\x90\x00", "допустимы PDF"),
    ],
)
def test_evidence_must_be_what_it_claims(program, world, name, content, message):
    with pytest.raises(ValidationError, match=message):
        progress_file(
            target=ProgressTarget(_occurrence(program), school=world.school_a),
            user=world.team_a,
            status="done",
            narrative="x",
            files=[SimpleUploadedFile(name, content)],
        )
    assert not ProgressReport.objects.exists()


def test_oversized_evidence_is_refused(program, world, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError, match="больше"):
        progress_file(
            target=ProgressTarget(_occurrence(program), school=world.school_a),
            user=world.team_a,
            status="done",
            narrative="x",
            files=[SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)],
        )


@pytest.mark.parametrize(
    ("persona", "school", "status"),
    [
        ("team_a", "school_a", 200),
        ("staff_a", "school_a", 200),
        ("team_a", "school_a2", 403),
        ("staff_b", "school_a", 403),
        ("methodologist_a", "school_a", 403),
    ],
)
def test_who_may_open_the_progress_form(program, world, client_for, persona, school, status):
    url = reverse("programs:file_progress", args=[_occurrence(program).pk]) + f"?school={getattr(world, school).pk}"
    assert client_for(getattr(world, persona)).get(url).status_code == status


def test_school_team_cannot_review(program, world, client_for):
    report = progress_file(
        target=ProgressTarget(_occurrence(program), school=world.school_a),
        user=world.team_a,
        status="done",
        narrative="x",
    )
    response = client_for(world.team_a).post(reverse("programs:review", args=[report.pk]), {"decision": "accept"})
    assert response.status_code == 403
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.SUBMITTED


def test_overdue_and_percent(program, world):
    today = date(2025, 10, 15)
    progress = programs_progress([program.pk], today=today)[program.pk]
    # 1.1: 3 yearly occurrences for one school; 1.2: one (Q2 2025) for the organisation.
    # Past due: three; none falls in the next 30 days.
    assert (progress.total, progress.due, progress.overdue, progress.done) == (4, 0, 3, 0)
    report = progress_file(
        target=ProgressTarget(_occurrence(program), school=world.school_a),
        user=world.team_a,
        status="done",
        narrative="x",
    )
    waiting = programs_progress([program.pk], today=today)[program.pk]
    # Filed and not yet decided: it waits for the reviewer and is no longer the school's overdue.
    assert (waiting.overdue, waiting.waiting, waiting.done) == (2, 1, 0)
    progress_accept(report=report, user=world.staff_a)
    progress = programs_progress([program.pk], today=today)[program.pk]
    assert (progress.overdue, progress.done, progress.percent) == (2, 1, 25)
    rows = {r.measure.number: r for g in measures_table(program=program, today=today) for r in g.rows}
    assert rows["1.1"].status == "overdue" and rows["1.1"].next_due == date(2026, 9, 30)
