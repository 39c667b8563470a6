"""Fixed personas for every access test (the healthchecks habit): committee staff of municipality
A and of municipality B, region staff of A's region, the project team of a school in A, the
methodologist assigned to that school, an API client of A, and the anonymous visitor."""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from tests.factories import (
    ApiClientFactory,
    MethodologistFactory,
    MunicipalityFactory,
    MunicipalStaffFactory,
    RegionFactory,
    RegionStaffFactory,
    SchoolFactory,
    SchoolTeamFactory,
)

PASSWORD = "correct-horse-battery-staple"


@dataclass
class World:
    region: object
    mun_a: object
    mun_b: object
    school_a: object
    school_a2: object
    school_b: object
    staff_a: object
    staff_b: object
    region_staff: object
    team_a: object
    methodologist_a: object
    api_a: object

    def personas(self) -> list:
        """Everyone here with a role: both committees, the region's, a team, a methodologist and a
        school's API client."""
        return [self.staff_a, self.staff_b, self.region_staff, self.team_a, self.methodologist_a, self.api_a]


@pytest.fixture
def world(db) -> World:
    region = RegionFactory(code="77", name="Тестовая область")
    other_region = RegionFactory(code="78", name="Соседняя область")
    mun_a = MunicipalityFactory(region=region, code="a", name="Город А")
    mun_b = MunicipalityFactory(region=other_region, code="b", name="Город Б")
    school_a = SchoolFactory(municipality=mun_a, short_name="Школа А-1", code="A-1")
    school_a2 = SchoolFactory(municipality=mun_a, short_name="Школа А-2", code="A-2")
    school_b = SchoolFactory(municipality=mun_b, short_name="Школа Б-1", code="B-1")
    staff_a = MunicipalStaffFactory(username="staff_a", municipality=mun_a)
    staff_b = MunicipalStaffFactory(username="staff_b", municipality=mun_b)
    region_staff = RegionStaffFactory(username="region_staff", region=region)
    team_a = SchoolTeamFactory(username="team_a", school=school_a)
    methodologist_a = MethodologistFactory(username="methodologist_a", municipality=mun_a, assigned=[school_a])
    api_a = ApiClientFactory(username="api_a", school=school_a)
    return World(
        region,
        mun_a,
        mun_b,
        school_a,
        school_a2,
        school_b,
        staff_a,
        staff_b,
        region_staff,
        team_a,
        methodologist_a,
        api_a,
    )


@pytest.fixture
def client_for():
    """A logged-in test client for a persona (None = anonymous)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Real hashers are slow by design; the tests check access, not hashing strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _services_required(request):
    # Tests marked `services` need the real PostgreSQL and Redis that `make test` starts. Without
    # them they fail loudly instead of skipping, so a green run means they really ran.
    if request.node.get_closest_marker("services") and not os.environ.get("REDIS_URL"):
        pytest.fail("этот тест требует настоящих PostgreSQL и Redis: запустите `make test`")


def restore_shipped_data() -> None:
    """A flush also empties what the migrations ship (subjects, the default methodology, the
    indicator catalogue): put it back for the tests that follow in the same process."""
    from django.apps import apps

    from indices.dictionaries import load_dictionaries
    from monitoring.catalogue import load_catalogue
    from programs.defaults import load_review_defaults

    load_dictionaries(apps)
    load_catalogue(apps)
    load_review_defaults(apps)


_flushed = False  # a transactional test (or live server) ended, and its flush emptied the shipped data


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )


@pytest.fixture(autouse=True)
def _shipped_data_after_flush(request, django_db_blocker):
    """Transactional tests end with a flush that also removes what the migrations ship (subjects,
    methodology, indicator catalogue, review criteria, practice tags). The next test in the same
    process gets it back before it starts, whatever fixture order pytest-django chose."""
    global _flushed
    if _flushed or _is_transactional(request):
        request.getfixturevalue("django_db_setup")  # the test database, never the configured one
        with django_db_blocker.unblock():
            restore_shipped_data()
        _flushed = False
    yield
    if _is_transactional(request):
        _flushed = True


@pytest.fixture
def after_flush_restore():
    """Kept for the tests that ask for it; the autouse fixture above does the work now."""
    return None


@pytest.fixture
def worker_cache(settings, worker_id):
    """The counters in a cache of this test worker's own: on Redis, a database of its own (xdist
    workers share one Redis, and another worker's ``cache.clear()`` would reset a count mid-test)."""
    default = settings.CACHES["default"]
    if "redis" in default["BACKEND"]:
        number = 8 + (int(worker_id[2:]) if worker_id.startswith("gw") else 0)
        base = default["LOCATION"].rsplit("/", 1)[0]
        settings.CACHES = {"default": {**default, "LOCATION": f"{base}/{number}"}}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def migrator():
    """migrator(nodes) → the models as they are once the database is at ``nodes`` (a list of
    (app, migration)); afterwards the database goes back to the newest state, whatever happened.
    For migration tests, which need ``django_db(transaction=True)``."""

    def migrate(nodes):
        return MigrationExecutor(connection).migrate(nodes).apps

    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
