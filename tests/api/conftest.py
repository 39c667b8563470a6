"""API fixtures on top of the personas: accounts of external systems, tokens and the data they
read. Throttling is set high here; the one throttling test lowers it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from config.api.page_cache import key_prefix as page_key_prefix
from config.api.tokens import token_issue
from indices.models import Run, SchoolResult
from monitoring.models import Indicator, IndicatorValue, Period
from monitoring.services.periods import period_get_or_create
from schools.models import Role
from tests.factories import (
    ApiClientFactory,
    MembershipFactory,
    MunicipalityFactory,
    RunFactory,
    SchoolFactory,
    SchoolResultFactory,
)

HIGH = {"api_read": "100000/min", "api_write": "100000/min"}


@pytest.fixture(autouse=True)
def _api_settings(settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": HIGH}


@pytest.fixture(autouse=True)
def _no_cached_pages():
    """Cached list pages are keyed by history ids, which SQLite hands out again after a test's
    rollback (PostgreSQL's sequences never do): every test starts without them."""
    forget_cached_pages()
    yield
    forget_cached_pages()


def forget_cached_pages() -> None:
    if hasattr(cache, "delete_pattern"):  # django-redis, shared by the xdist workers: our pages only
        cache.delete_pattern(f"{page_key_prefix()}*")
    else:  # the local-memory cache of this process
        cache.clear()


@dataclass
class Systems:
    """Accounts of external systems (each has the «внешняя система (API)» role)."""

    api_school_a: object  # reads school A-1 (world.api_a)
    api_mun_a: object  # reads municipality A
    writer_school_a: object  # API client and project team of school A-1: may write there
    writer_mun_a: object  # API client and committee staff of municipality A
    region_api: object  # region staff and API client of municipality A; the region also has municipality C
    mun_c: object
    school_c: object


@pytest.fixture
def systems(world) -> Systems:
    mun_c = MunicipalityFactory(region=world.region, code="c", name="Город В")
    school_c = SchoolFactory(municipality=mun_c, short_name="Школа В-1", code="C-1")
    api_mun_a = ApiClientFactory(username="api_mun_a", municipality=world.mun_a)
    # Two roles: the API client's membership, and a second one given by hand.
    writer_school_a = ApiClientFactory(username="writer_school_a", school=world.school_a)
    MembershipFactory(user=writer_school_a, role=Role.SCHOOL_TEAM, school=world.school_a)
    writer_mun_a = ApiClientFactory(username="writer_mun_a", municipality=world.mun_a)
    MembershipFactory(user=writer_mun_a, role=Role.MUNICIPAL_STAFF, municipality=world.mun_a)
    region_api = ApiClientFactory(username="region_api", municipality=world.mun_a)
    MembershipFactory(user=region_api, role=Role.REGION_STAFF, region=world.region)
    return Systems(world.api_a, api_mun_a, writer_school_a, writer_mun_a, region_api, mun_c, school_c)


@pytest.fixture
def issue(world):
    """issue(user, municipality=… | school=…, read_only=True) → raw token (issued by region staff)."""

    def make(user, *, municipality=None, school=None, read_only=True, name="Тестовая система") -> str:
        _token, raw = token_issue(
            user=user,
            name=name,
            municipality=municipality,
            school=school,
            read_only=read_only,
            created_by=world.region_staff,
        )
        return raw

    return make


@pytest.fixture
def api():
    """api(raw) → an APIClient sending «Authorization: Token raw» (None: no header)."""

    def make(raw: str | None = None) -> APIClient:
        client = APIClient()
        if raw is not None:
            client.credentials(HTTP_AUTHORIZATION=f"Token {raw}")
        return client

    return make


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def year(y: int = 2024) -> Period:
    return period_get_or_create(kind=Period.Kind.YEAR, year=y)


def put_value(code: str, value, *, school=None, municipality=None, period=None) -> IndicatorValue:
    return IndicatorValue.objects.create(
        indicator=indicator(code),
        period=period or year(),
        school=school,
        municipality=municipality,
        value=Decimal(str(value)),
        source=IndicatorValue.Source.MANUAL,
    )


def regional_run(region, *, year: int = 2025) -> Run:
    """A finished regional run whose results the test writes itself."""
    return RunFactory(region=region, year=year, status=Run.Status.DONE)


def result(run: Run, school, category=SchoolResult.Category.STABLE, **kwargs) -> SchoolResult:
    return SchoolResultFactory(run=run, school=school, category=category, **kwargs)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])
