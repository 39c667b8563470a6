"""Property-based check of the read endpoints against their own OpenAPI schema (schemathesis on
the WSGI application, no network): with a read-only token, no answer is a 5xx and every answer
matches the schema — status codes, content types, headers and JSON bodies."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings

from config.wsgi import application
from tests.programs.conftest import make_program

from .conftest import put_value, regional_run, result

pytestmark = [pytest.mark.services, pytest.mark.django_db]


@pytest.fixture
def wsgi_app():
    """The project's WSGI application, minus what Django's test client also switches off: closing
    the database connection after each request, which would close the test's transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


EXAMPLES = settings(
    max_examples=15,
    deadline=None,
    database=None,  # the suite runs with -p no:cacheprovider and writes no .hypothesis/
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def test_read_endpoints_conform_to_their_schema(world, systems, issue, wsgi_app):
    program = make_program(world)
    put_value("teachers_total", 40, school=world.school_a)
    put_value("schools_supported", 3, municipality=world.mun_a)
    run = regional_run(world.region)
    result(run, world.school_a)
    raw = issue(systems.writer_mun_a, municipality=world.mun_a, read_only=True)
    headers = {"Authorization": f"Token {raw}"}

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app).include(method="GET")
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 20
    checks = _all_checks()
    for operation in operations:

        @EXAMPLES
        @given(case=operation.as_strategy(headers=headers))
        def check(case):
            # Known ids half of the time, so detail pages answer 200 and not only 404.
            for key in ("id", "run_pk"):
                if key in (case.path_parameters or {}) and case.path_parameters[key] % 2 == 0:
                    case.path_parameters[key] = {"run_pk": run.pk}.get(key, program.pk)
            case.call_and_validate(headers=headers, checks=checks)

        check()


def test_text_filters_refuse_nul_bytes_with_a_400(world, systems, issue, client_for):
    """A NUL byte in a text filter is refused by the form field (a 400 the schema declares by its
    pattern), never passed to PostgreSQL (which cannot store it: a 500)."""
    from django.test import Client

    raw = issue(systems.writer_mun_a, municipality=world.mun_a, read_only=True)
    client = Client(HTTP_AUTHORIZATION=f"Token {raw}")
    for url in (
        "/api/v1/indicator-values/?indicator_code=a%00b",
        "/api/v1/schools/?code=%00",
        "/api/v1/indicators/?code=x y",
    ):
        assert client.get(url).status_code == 400, url


def _all_checks():
    from schemathesis.checks import CHECKS, load_all_checks

    load_all_checks()
    # positive_data_acceptance expects a 2xx for every schema-valid body; a value outside its
    # indicator's range, a period the program has no collection for or a report on an occurrence
    # of another school is schema-valid and refused by the portal's rules with a declared 400/403
    # (issue 23 puts the rules the schema *can* say into it: one subject, the number pattern,
    # bounds). The other checks, negative_data_rejection among them, all run.
    return [check for check in CHECKS.get_all() if check.__name__ != "positive_data_acceptance"]


WRITE_EXAMPLES = settings(
    max_examples=12,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)


def test_write_endpoints_conform_to_their_schema(world, systems, issue, wsgi_app):
    """Reads and writes with a read-write token, schema-valid and schema-invalid data (positive
    and negative generation), every check: no 5xx, every status declared, every refusal of
    invalid data a 4xx, every body in its declared shape (errors: detail, code, errors)."""
    from schemathesis import GenerationMode

    from programs.models import Occurrence

    program = make_program(world)
    occurrence = Occurrence.objects.filter(measure__program=program).order_by("pk").first()
    measure = occurrence.measure
    stored = put_value("teachers_total", 40, school=world.school_a)
    raw = issue(systems.writer_mun_a, municipality=world.mun_a, read_only=False)
    headers = {"Authorization": f"Token {raw}"}
    known = {"id": None}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", wsgi_app)
    operations = [r.ok() for r in schema.include(method=["POST", "PUT"]).get_all_operations()]
    assert {op.path for op in operations} >= {
        "/api/v1/indicator-values/",
        "/api/v1/indicator-values/{id}/",
        "/api/v1/occurrences/{id}/progress/",
        "/api/v1/measures/{id}/assignments/",
    }
    checks = _all_checks()
    for operation in operations:
        known["id"] = {
            "/api/v1/indicator-values/{id}/": stored.pk,
            "/api/v1/occurrences/{id}/progress/": occurrence.pk,
            "/api/v1/measures/{id}/assignments/": measure.pk,
        }.get(operation.path)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):

            @WRITE_EXAMPLES
            @given(case=operation.as_strategy(headers=headers, generation_mode=mode))
            def check(case):
                if known["id"] is not None and "id" in (case.path_parameters or {}):
                    if isinstance(case.path_parameters["id"], int) and case.path_parameters["id"] % 2 == 0:
                        case.path_parameters["id"] = known["id"]
                case.call_and_validate(headers=headers, checks=checks)

            check()
