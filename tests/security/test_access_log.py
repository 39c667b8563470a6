"""The access log: sign-ins and exports are recorded with who, what, when and from where; the
«Журнал доступа» page is the region's and superusers'; passwords never reach it."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Indicator
from monitoring.services.collections import collection_open
from monitoring.services.periods import period_get_or_create
from reporting.models import ReportJob
from schools.access_log import access_event_record, access_events_purge
from schools.models import AccessEvent
from tests.conftest import PASSWORD
from tests.factories import UserFactory
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db
AGENT = "Mozilla/5.0 (X11; Linux x86_64) Тестовый браузер"


def _client(client_for, user):
    """A signed-in client whose own sign-in (force_login sends user_logged_in too) is not in the log."""
    client = client_for(user)
    AccessEvent.objects.filter(kind=AccessEvent.Kind.LOGIN, user=user).delete()
    return client


def _kinds(**filters) -> list[str]:
    return list(AccessEvent.objects.filter(**filters).order_by("at", "pk").values_list("kind", flat=True))


def test_login_failed_login_and_logout_are_recorded_without_the_password(client, world):
    client.post(
        reverse("login"),
        {"username": "staff_a", "password": "wrong-password-123"},
        HTTP_USER_AGENT=AGENT,
        REMOTE_ADDR="10.1.2.3",
    )
    client.post(reverse("login"), {"username": "nobody", "password": "guess-1"})
    client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD}, HTTP_USER_AGENT=AGENT)
    client.post(reverse("logout"))

    assert _kinds(username="staff_a") == ["login_failed", "login", "logout"]
    failed = AccessEvent.objects.get(username="staff_a", kind="login_failed")
    assert failed.user is None and failed.ip == "10.1.2.3" and failed.user_agent == AGENT
    assert AccessEvent.objects.get(username="nobody").kind == "login_failed"
    assert AccessEvent.objects.get(kind="login").user == world.staff_a
    # Nothing typed into the password field is stored in any column.
    for event in AccessEvent.objects.all():
        stored = " ".join(str(getattr(event, f.attname)) for f in AccessEvent._meta.concrete_fields)
        assert "wrong-password-123" not in stored and "guess-1" not in stored and PASSWORD not in stored


def test_a_report_download_is_recorded_with_the_user(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    job = ReportJob.objects.create(
        kind="program",
        format="pdf",
        object_id=make_program(world).pk,
        requested_by=world.staff_a,
        status="done",
        title="Программа А",
    )
    job.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=True)
    response = client_for(world.staff_a).get(reverse("reports:download", args=[job.pk]), HTTP_USER_AGENT=AGENT)
    assert response.status_code == 200
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.REPORT_DOWNLOAD)
    assert event.user == world.staff_a and event.username == "staff_a"
    assert event.subject == f"Программа А.pdf (№ {job.pk})" and event.user_agent == AGENT
    assert event.ip == "127.0.0.1"
    # A refused download is not an export.
    client_for(world.staff_b).get(reverse("reports:download", args=[job.pk]))
    assert AccessEvent.objects.filter(kind=AccessEvent.Kind.REPORT_DOWNLOAD).count() == 1


def test_api_csv_and_xlsx_exports_are_recorded(world, client_for):
    client = client_for(world.staff_a)
    assert client.get("/api/v1/schools/?format=csv").status_code == 200
    assert client.get("/api/v1/schools/").status_code == 200  # JSON reads are routine, not logged
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.API_EXPORT)
    assert event.user == world.staff_a and event.subject == "/api/v1/schools/?format=csv"

    collection = collection_open(
        municipality=world.mun_a,
        title="Сбор А",
        period=period_get_or_create(kind="academic_year", year=2026),
        indicators=[Indicator.objects.get(code="teachers_total")],
        schools=[world.school_a],
        deadline=timezone.localdate() + datetime.timedelta(days=5),
        user=world.staff_a,
    )
    assert client.get(reverse("monitoring:collection_export", args=[collection.pk])).status_code == 200
    event = AccessEvent.objects.get(kind=AccessEvent.Kind.EXPORT)
    assert event.user == world.staff_a and "Сбор А" in event.subject


def test_a_failure_to_record_never_breaks_the_download(world, client_for, settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    job = ReportJob.objects.create(
        kind="program", format="pdf", object_id=make_program(world).pk, requested_by=world.staff_a, status="done"
    )
    job.file.save("r.pdf", ContentFile(b"%PDF-1.7 test"), save=True)

    def broken(**kwargs):
        raise RuntimeError("the log table is gone")

    monkeypatch.setattr(AccessEvent.objects, "create", broken)
    assert client_for(world.staff_a).get(reverse("reports:download", args=[job.pk])).status_code == 200
    assert access_event_record(None, kind=AccessEvent.Kind.EXPORT) is None


def test_the_page_is_for_region_staff_and_superusers_only(world, client_for):
    url = reverse("schools:access_log")
    assert client_for(None).get(url).status_code == 302
    for persona in (world.staff_a, world.team_a, world.methodologist_a, world.api_a):
        assert client_for(persona).get(url).status_code == 403, persona.username
    assert client_for(world.region_staff).get(url).status_code == 200
    # Reachable from «Ещё» for those who may read it, and only for them.
    assert url in client_for(world.region_staff).get(reverse("home")).content.decode()
    assert url not in client_for(world.staff_a).get(reverse("home")).content.decode()


def test_region_staff_read_their_region_superusers_everything(world, client_for):
    region_client = _client(client_for, world.region_staff)
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    root_client = _client(client_for, superuser)
    for user in (world.staff_a, world.team_a, world.staff_b):
        access_event_record(None, kind=AccessEvent.Kind.LOGIN, user=user)
    access_event_record(None, kind=AccessEvent.Kind.LOGIN_FAILED, username="staff_a")
    access_event_record(None, kind=AccessEvent.Kind.LOGIN_FAILED, username="staff_b")
    access_event_record(None, kind=AccessEvent.Kind.LOGIN_FAILED, username="admin")  # no such user

    page = region_client.get(reverse("schools:access_log"))
    names = [e.username for e in page.context["page"]]
    assert sorted(names) == ["staff_a", "staff_a", "team_a"]  # staff_b is of another region

    page = root_client.get(reverse("schools:access_log"))
    assert {e.username for e in page.context["page"]} >= {"staff_a", "staff_b", "team_a", "admin"}


def test_filters_by_kind_user_and_date(world, client_for):
    client = _client(client_for, world.region_staff)
    old = access_event_record(None, kind=AccessEvent.Kind.LOGIN, user=world.staff_a)
    AccessEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=10))
    access_event_record(None, kind=AccessEvent.Kind.EXPORT, user=world.staff_a, subject="Сбор")
    access_event_record(None, kind=AccessEvent.Kind.LOGIN, user=world.team_a)
    url = reverse("schools:access_log")

    def usernames_kinds(query: dict) -> list[tuple[str, str]]:
        response = client.get(url, query)
        assert response.status_code == 200
        return [(e.username, e.kind) for e in response.context["page"]]

    assert usernames_kinds({"kind": "login"}) == [("team_a", "login"), ("staff_a", "login")]
    assert usernames_kinds({"username": "STAFF"}) == [("staff_a", "export"), ("staff_a", "login")]
    today = timezone.localdate().isoformat()
    assert usernames_kinds({"date_from": today, "date_to": today, "username": "staff_a"}) == [("staff_a", "export")]
    assert len(usernames_kinds({"date_from": "не дата"})) == 3  # a bad filter shows everything, with its error


def test_the_page_costs_the_same_queries_for_5_and_60_events(world, client_for, django_assert_max_num_queries):
    client = client_for(world.region_staff)
    url = reverse("schools:access_log")

    def fill(n: int) -> None:
        AccessEvent.objects.bulk_create(
            [AccessEvent(user=world.staff_a, username="staff_a", kind="login") for _ in range(n)]
        )

    fill(5)
    client.get(url)  # warm the session and the per-request caches alike
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    fill(55)
    with django_assert_max_num_queries(len(few)):
        assert client.get(url).status_code == 200


def test_old_events_are_purged_after_the_retention(world, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    old = access_event_record(None, kind=AccessEvent.Kind.LOGIN, user=world.staff_a)
    AccessEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=31))
    recent = access_event_record(None, kind=AccessEvent.Kind.LOGIN, user=world.staff_a)
    assert access_events_purge() == 1
    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [recent.pk]


def test_the_admin_shows_the_log_read_only(world, client_for):
    superuser = UserFactory(username="root", is_superuser=True, is_staff=True)
    event = access_event_record(None, kind=AccessEvent.Kind.LOGIN, user=world.staff_a)
    client = client_for(superuser)
    assert client.get(reverse("admin:schools_accessevent_changelist")).status_code == 200
    assert client.get(reverse("admin:schools_accessevent_change", args=[event.pk])).status_code == 200
    assert client.get(reverse("admin:schools_accessevent_add")).status_code == 403
    assert client.post(reverse("admin:schools_accessevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AccessEvent.objects.filter(pk=event.pk).exists()


def test_index_and_network_exports_are_recorded(world, client_for):
    from indices.models import Methodology
    from indices.services import run_create, run_execute
    from tests.indices.test_runs import YEAR, populate

    populate(world.mun_a)
    methodology = Methodology.objects.get(slug="default", is_current=True)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    client = _client(client_for, world.staff_a)
    assert client.get(reverse("indices:export", args=[run.pk, "csv"])).status_code == 200
    network = reverse("networks:network_svg") + f"?municipality={world.mun_a.pk}"
    assert client.get(network).status_code == 200
    subjects = list(AccessEvent.objects.filter(user=world.staff_a, kind="export").values_list("subject", flat=True))
    assert sorted(subjects) == sorted([f"Расчёт индексов № {run.pk} (CSV)", "Схема сетевых связей: Город А (SVG)"])
