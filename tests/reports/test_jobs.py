"""Report jobs end to end (Celery eager, as on the embedded default): ordering, «Мои отчёты»,
download, permissions with the fixed personas, failure and retry, idempotent builds, a broker that
is down, retention, the monthly beat task and the ``report`` command."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from programs.models import Program
from programs.reports import monthly_program_reports, program_monthly_reports_order
from reporting import registry
from reporting.document import Column, Document, Table
from reporting.models import ReportJob
from reporting.registry import ReportError, ReportKind
from reporting.services import (
    UNAVAILABLE,
    report_build,
    report_request,
    report_retry,
    reports_cleanup,
    reports_requeue,
)
from reporting.tasks import build_report, cleanup_reports
from schools.models import Membership
from tests.programs.conftest import make_program

from .conftest import norm, pdf_text

pytestmark = pytest.mark.django_db


def order(client, program, fmt="pdf", kind="program", **extra):
    return client.post(reverse("reports:order"), {"kind": kind, "format": fmt, "object_id": program.pk, **extra})


def test_committee_orders_a_program_report_and_downloads_it(
    world, program, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = order(client, program)
    assert response.status_code == 302 and response["Location"] == reverse("reports:list")
    assert len(callbacks) == 1  # queued after commit, not before
    job = ReportJob.objects.get()
    assert (job.kind, job.format, job.object_id, job.requested_by) == ("program", "pdf", program.pk, world.staff_a)
    assert job.status == ReportJob.Status.DONE and job.progress == 100 and job.attempts == 1
    assert job.expires_at > timezone.now() + timedelta(days=29)
    page = client.get(reverse("reports:list")).content.decode()
    assert (
        "Мои отчёты" in page and "Программа: Программа А" in page and reverse("reports:download", args=[job.pk]) in page
    )
    download = client.get(reverse("reports:download", args=[job.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    text = norm(pdf_text(b"".join(download.streaming_content)))
    assert "Семинар для учителей" in text and "Совещание комитета" in text


def test_other_municipality_can_neither_order_nor_download(
    world, program, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = report_request(kind="program", format="xlsx", object_id=program.pk, params={}, user=world.staff_a)
    outsider = client_for(world.staff_b)
    assert order(outsider, program).status_code == 403
    assert outsider.get(reverse("reports:download", args=[job.pk])).status_code == 403
    assert outsider.get(reverse("reports:status", args=[job.pk])).status_code == 403
    assert outsider.post(reverse("reports:retry", args=[job.pk])).status_code == 403
    assert reverse("reports:download", args=[job.pk]) not in outsider.get(reverse("reports:list")).content.decode()
    assert ReportJob.objects.count() == 1
    anonymous = client_for(None).get(reverse("reports:download", args=[job.pk]))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    # the school team of a participating school may order the program's report; not a draft's
    assert order(client_for(world.team_a), program, fmt="docx").status_code == 302
    draft = make_program(world, status="draft")
    assert order(client_for(world.team_a), draft).status_code == 403


def test_download_asks_the_kinds_permission_again(world, program, client_for, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = report_request(kind="program", format="pdf", object_id=program.pk, params={}, user=world.staff_a)
    Membership.objects.filter(user=world.staff_a).update(is_active=False)
    assert client_for(world.staff_a).get(reverse("reports:download", args=[job.pk])).status_code == 403


@pytest.fixture
def broken_kind(monkeypatch):
    """A kind whose generator fails until `state["fail"]` is cleared."""
    state = {"fail": RuntimeError("boom")}

    def generate(program, *, params, user, progress):
        if state["fail"]:
            raise state["fail"]
        return Document(title="Исправлено", filename="fixed", sections=[Table("Т", [Column("A")], [["ок"]])])

    from reporting import xlsx

    kind = ReportKind(
        key="broken",
        title="Проверочный",
        allowed=lambda user, obj: user.has_perm("programs.view_program", obj),
        load=lambda pk: Program.objects.get(pk=pk),
        generate=generate,
        renderers={"xlsx": xlsx.render},
    )
    monkeypatch.setitem(registry._REGISTRY, "broken", kind)
    return state


def test_a_failing_builder_fails_the_job_with_a_reason_and_retry_works(
    world, program, broken_kind, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        order(client, program, fmt="xlsx", kind="broken")
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.FAILED and job.finished_at is not None
    assert "Внутренняя ошибка при формировании отчёта (RuntimeError)" in job.error
    page = client.get(reverse("reports:list")).content.decode()
    assert "ошибка" in page and "Повторить" in page and reverse("reports:retry", args=[job.pk]) in page
    # a redelivered message does not rebuild a failed job; only «Повторить» does
    report_build(job_id=job.pk)
    assert ReportJob.objects.get().attempts == 1
    broken_kind["fail"] = ReportError("В программе нет мероприятий.")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("reports:retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == ReportJob.Status.FAILED and job.error == "В программе нет мероприятий." and job.attempts == 2
    broken_kind["fail"] = None
    with django_capture_on_commit_callbacks(execute=True):
        report_retry(job=job, user=world.staff_a)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.error == "" and job.attempts == 3 and job.file
    with pytest.raises(ReportError):  # a done job is not «retried»
        report_retry(job=job, user=world.staff_a)


def test_build_is_idempotent_and_a_crashed_running_job_is_rebuilt(world, program, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = report_request(kind="program", format="docx", object_id=program.pk, params={}, user=world.staff_a)
    job.refresh_from_db()
    name, content = job.file.name, job.file.read()
    job.file.close()
    build_report.delay(job.pk)  # a redelivered message: nothing happens
    job.refresh_from_db()
    assert job.attempts == 1 and job.file.name == name
    # a worker died mid-build: the job is left running and a stale file is on disk
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.RUNNING, progress=40)
    with job.file.storage.open(name, "wb") as stale:
        stale.write(b"half-written")
    report_build(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ReportJob.Status.DONE and job.attempts == 2 and job.file.name == name
    with job.file.open("rb") as rebuilt:
        assert rebuilt.read()[:2] == content[:2] == b"PK"  # overwritten with a whole DOCX again


@pytest.mark.django_db(transaction=True)
def test_unreachable_broker_keeps_the_order_and_says_so(after_flush_restore, world, client_for, monkeypatch):
    program = make_program(world)

    def down(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(build_report, "delay", down)
    response = order(client_for(world.staff_a), program)
    assert response.status_code == 302
    page = client_for(world.staff_a).get(reverse("reports:list")).content.decode()
    job = ReportJob.objects.get()
    assert job.status == ReportJob.Status.QUEUED and job.error == UNAVAILABLE
    assert UNAVAILABLE in page and "Повторить" in page
    follow = order(client_for(world.staff_a), program, fmt="xlsx")
    assert follow.status_code == 302
    messages = [str(m) for m in follow.wsgi_request._messages]
    assert messages == [UNAVAILABLE]
    monkeypatch.undo()  # the broker is back: beat's requeue sends both orders
    assert reports_requeue() == 2
    assert set(ReportJob.objects.values_list("status", "error")) == {(ReportJob.Status.DONE, "")}


def test_expired_jobs_are_deleted_with_their_files(world, program, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        old = report_request(kind="program", format="pdf", object_id=program.pk, params={}, user=world.staff_a)
        fresh = report_request(kind="program", format="xlsx", object_id=program.pk, params={}, user=world.staff_a)
    old.refresh_from_db()
    storage, name = old.file.storage, old.file.name
    assert storage.exists(name)
    ReportJob.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert cleanup_reports.delay().get() == 1
    assert not storage.exists(name)
    assert list(ReportJob.objects.values_list("pk", flat=True)) == [fresh.pk]
    assert reports_cleanup() == 0


def test_monthly_reports_go_to_everyone_who_may_see_the_program(
    world, program, client_for, django_capture_on_commit_callbacks
):
    make_program(world, status="draft")  # a draft is not reported on
    with django_capture_on_commit_callbacks(execute=True):
        assert monthly_program_reports.delay("2025-10-05").get() == 1
        assert program_monthly_reports_order(today=date(2025, 10, 20)) == 0  # beat firing twice
    job = ReportJob.objects.get()
    assert job.requested_by is None and job.kind == "monitoring" and job.object_id == program.pk
    assert job.params == {"start": "2025-09-01", "end": "2025-09-30"} and job.status == ReportJob.Status.DONE
    download = reverse("reports:download", args=[job.pk])
    assert download in client_for(world.staff_a).get(reverse("reports:list")).content.decode()
    assert client_for(world.staff_a).get(download).status_code == 200
    assert download not in client_for(world.staff_b).get(reverse("reports:list")).content.decode()
    assert client_for(world.staff_b).get(download).status_code == 403


def test_the_row_is_polled_while_the_job_runs(world, program, client_for):
    job = ReportJob.objects.create(
        kind="program",
        format="pdf",
        object_id=program.pk,
        requested_by=world.staff_a,
        status=ReportJob.Status.RUNNING,
        progress=40,
        title="Программа А",
    )
    client = client_for(world.staff_a)
    row = client.get(reverse("reports:status", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in row and 'aria-valuenow="40"' in row and "формируется" in row
    ReportJob.objects.filter(pk=job.pk).update(status=ReportJob.Status.FAILED, error="Причина")
    row = client.get(reverse("reports:status", args=[job.pk])).content.decode()
    assert "hx-trigger" not in row and "Причина" in row and "Повторить" in row


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "nope", "format": "pdf"}, "Неизвестный вид отчёта"),
        ({"kind": "program", "format": "csv"}, "формируется в форматах: PDF, XLSX, DOCX"),
        ({"kind": "monitoring", "format": "pdf", "start": "01.09.2025"}, "ГГГГ-ММ-ДД"),
    ],
)
def test_a_bad_order_explains_itself(world, program, client_for, data, message):
    response = client_for(world.staff_a).post(reverse("reports:order"), {"object_id": program.pk, **data}, follow=True)
    assert message in response.content.decode()
    assert not ReportJob.objects.exists()


def test_ordering_a_missing_object_is_404(world, client_for):
    client = client_for(world.staff_a)
    assert (
        client.post(reverse("reports:order"), {"kind": "program", "format": "pdf", "object_id": 999999}).status_code
        == 404
    )
    assert client.get(reverse("reports:order")).status_code == 405


def test_report_command_builds_without_the_queue(world, program, tmp_path):
    output = tmp_path / "p.xlsx"
    call_command("report", "program", str(program.pk), "--format", "xlsx", "--output", str(output))
    assert output.read_bytes()[:2] == b"PK"
    out = tmp_path / "m.pdf"
    call_command(
        "report",
        "monitoring",
        str(program.pk),
        "--output",
        str(out),
        "--param",
        "start=2025-01-01",
        "--param",
        "end=2025-06-30",
        "--user",
        "staff_a",
    )
    assert "Период: с 1 января 2025 г. по 30 июня 2025 г." in norm(pdf_text(out))
    with pytest.raises(CommandError, match="Неизвестный вид отчёта"):
        call_command("report", "nope", "1", "--output", str(out))
    with pytest.raises(CommandError, match="не найден"):
        call_command("report", "program", "999999", "--output", str(out))
    with pytest.raises(CommandError, match="Неизвестные параметры"):
        call_command("report", "program", str(program.pk), "--output", str(out), "--param", "x=1")
    assert not ReportJob.objects.exists()


def test_my_reports_page_costs_the_same_queries_for_3_or_30_jobs(world, program, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def make(n):
        ReportJob.objects.bulk_create(
            ReportJob(kind="program", format="pdf", object_id=program.pk, requested_by=world.staff_a, title=f"№ {i}")
            for i in range(n)
        )

    client = client_for(world.staff_a)
    make(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("reports:list")).status_code == 200
    make(27)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("reports:list")).content.decode()
    assert page.count('data-testid="report-job"') == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_order_buttons_post_kind_format_and_object(world, program, rf):
    from django.template.loader import render_to_string

    request = rf.get(f"/programs/{program.pk}/")
    request.user = world.staff_a
    html = render_to_string(
        "reports/_order_form.html", {"kind": "program", "object_id": program.pk, "formats": "pdf xlsx docx"}, request
    )
    assert f'action="{reverse("reports:order")}"' in html and 'name="csrfmiddlewaretoken"' in html
    assert 'name="kind" value="program"' in html and f'name="object_id" value="{program.pk}"' in html
    assert all(f'name="format" value="{f}"' in html for f in ("pdf", "xlsx", "docx"))


def test_requeue_gives_up_stuck_jobs_and_resends_lost_ones(world, program, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.clear()
    long_ago = timezone.now() - timedelta(hours=7)
    stuck = ReportJob.objects.create(
        kind="program", format="pdf", object_id=program.pk, requested_by=world.staff_a, status=ReportJob.Status.RUNNING
    )
    lost = ReportJob.objects.create(kind="program", format="xlsx", object_id=program.pk, requested_by=world.staff_a)
    ReportJob.objects.filter(pk__in=[stuck.pk, lost.pk]).update(created_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert reports_requeue() == 1
        assert reports_requeue() == 0  # a job is sent again at most once an hour
    stuck.refresh_from_db()
    lost.refresh_from_db()
    assert stuck.status == ReportJob.Status.FAILED and "прервалось" in stuck.error
    assert lost.status == ReportJob.Status.DONE
