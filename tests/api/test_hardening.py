"""Issue 23's probe findings about the API: numbers (2, 8), Russian errors in one shape (6),
progress written by tokens (9), the schema and the behaviour agreeing (10)."""

from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client

from monitoring.models import Indicator, IndicatorValue
from monitoring.services.values import value_clean
from programs.models import ProgressReport
from programs.services import programs as psvc
from programs.services.measures import measure_assignment_set, measure_create
from schools.models import Role
from tests.factories import ApiClientFactory, MembershipFactory, OrganisationFactory
from tests.programs.conftest import make_program

from .conftest import put_value

pytestmark = pytest.mark.django_db
VALUES = "/api/v1/indicator-values/"
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)


def _writer(world, systems, issue, api):
    return api(issue(systems.writer_school_a, school=world.school_a, read_only=False))


def _value(world, value, **extra):
    return {"indicator": "teachers_total", "period": "2023/2024", "school": world.school_a.pk, "value": value, **extra}


def _shape(response) -> dict:
    """Every API error: detail (Russian), code, errors — and nothing else."""
    body = response.json()
    assert set(body) == {"detail", "code", "errors"}, body
    assert CYRILLIC.search(body["detail"]), body
    for messages in body["errors"].values():
        for message in messages if isinstance(messages, list) else [messages]:
            assert CYRILLIC.search(str(message)), body
    return body


# --- 2. A huge exponent: one parser, a clean 400 -----------------------------------------------------


def test_huge_exponent_is_a_russian_400_on_post_and_put(world, systems, issue, api):
    client = _writer(world, systems, issue, api)
    for value in ("1e999999999", "1E+999999999", 1e308):
        response = client.post(VALUES, _value(world, value), format="json")
        assert response.status_code == 400, (value, response.content)
        assert "не число" in " ".join(_shape(response)["errors"]["value"]) or "слишком" in response.content.decode()
    # A JSON number too large for a float arrives as infinity.
    raw = b'{"indicator": "teachers_total", "period": "2023/2024", "school": %d, "value": 1e999999999}'
    response = client.post(VALUES, raw % world.school_a.pk, content_type="application/json")
    assert response.status_code == 400 and _shape(response)["errors"]["value"]
    stored = put_value("teachers_total", 40, school=world.school_a)
    response = client.put(f"{VALUES}{stored.pk}/", {"value": "1e999999999"}, format="json")
    assert response.status_code == 400 and _shape(response)["errors"]["value"]
    assert IndicatorValue.objects.get().value == 40


def test_the_value_parser_refuses_a_huge_decimal_without_overflowing(world):
    """The one parser (monitoring.services.values.value_clean over schools.formats.parse_decimal)
    is the API's and the XLSX import's; a Decimal with a giant exponent (as a spreadsheet library
    could hand over) is «слишком большое число», not decimal.Overflow."""
    indicator = Indicator.objects.get(code="teachers_total")
    for value in (Decimal("1e999999999"), Decimal("-1E+999999999"), "10000000000"):
        with pytest.raises(ValueError, match="слишком большое число"):
            value_clean(indicator=indicator, value=value)


# --- 8. Strict numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("1_000", "не число"),
        ("١٢", "не число"),  # Arabic-Indic digits
        ("１２", "не число"),  # full-width digits
        ("5.00001", "целым числом"),  # a count is not rounded to 5
        ("5,00001", "целым числом"),
    ],
)
def test_lenient_numbers_are_refused_in_russian(world, systems, issue, api, value, words):
    response = _writer(world, systems, issue, api).post(VALUES, _value(world, value), format="json")
    assert response.status_code == 400, response.content
    assert words in " ".join(_shape(response)["errors"]["value"])
    assert not IndicatorValue.objects.exists()


def test_numbers_people_type_are_still_accepted(world, systems, issue, api):
    client = _writer(world, systems, issue, api)
    for value, expected in (("1 234", 1234), ("48", 48), ("−0", 0), (" 12 ", 12)):
        response = client.post(VALUES, _value(world, value), format="json")
        assert response.status_code in (200, 201), (value, response.content)
        assert IndicatorValue.objects.get().value == expected


# --- 6. Russian errors in one shape -----------------------------------------------------------------


def test_not_found_is_russian_and_names_no_model(world, systems, issue, api):
    client = api(issue(systems.writer_mun_a, municipality=world.mun_a))
    for url in ("/api/v1/schools/999999/", "/api/v1/programs/999999/", "/api/v1/occurrences/999999/progress/"):
        response = client.get(url) if "progress" not in url else client.post(url, {}, format="json")
        assert response.status_code in (404, 403), (url, response.content)
        body = _shape(response)
        assert "School" not in body["detail"] and "Program" not in body["detail"] and "matches" not in body["detail"]


def test_csrf_refusal_is_russian(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff_a)
    response = client.post(VALUES, {}, content_type="application/json")
    assert response.status_code == 403
    body = _shape(response)
    assert "CSRF Failed" not in body["detail"] and "CSRF-токена" in body["detail"]


def test_drf_field_messages_are_russian(world, systems, issue, api):
    client = _writer(world, systems, issue, api)
    not_a_string = client.post(VALUES, _value(world, ["x"]), format="json")
    assert not_a_string.status_code == 400
    assert "Not a valid" not in not_a_string.content.decode()
    _shape(not_a_string)
    surrogate = client.post(
        VALUES,
        '{"indicator": "teachers_total", "period": "\\ud800", "school": 1, "value": "1"}',
        content_type="application/json",
    )
    assert surrogate.status_code == 400 and "Surrogate" not in surrogate.content.decode()
    _shape(surrogate)
    missing = client.post(VALUES, {}, format="json")
    assert missing.status_code == 400 and "Обязательное поле" in " ".join(_shape(missing)["errors"]["value"])
    not_json = client.post(VALUES, "{", content_type="application/json")
    assert not_json.status_code == 400 and "JSON parse error" not in not_json.content.decode()
    _shape(not_json)


def test_unauthenticated_forbidden_and_throttled_share_the_shape(world, systems, issue, api):
    assert _shape(api(None).get("/api/v1/schools/"))["code"]
    read_only = api(issue(systems.writer_school_a, school=world.school_a))
    refused = read_only.post(VALUES, _value(world, "1"), format="json")
    assert refused.status_code == 403 and _shape(refused)["code"]


def test_a_body_over_the_limit_is_a_json_413_in_russian(world, systems, issue, api, settings):
    settings.DEBUG = True  # the probe got Django's HTML debug page here
    client = _writer(world, systems, issue, api)
    big = b'{"value": "' + b"1" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10) + b'"}'
    response = client.post(VALUES, big, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "Слишком большой запрос" in _shape(response)["detail"]


def test_a_date_in_the_context_year_column_says_it_is_a_date(world):
    from schools.imports.services import import_apply
    from tests.schools.imports.workbooks import CONTEXT_HEADER, context_row, xlsx

    outcome = import_apply(
        kind="context", file=io.BytesIO(xlsx(CONTEXT_HEADER, [context_row("A-1", year=date(2024, 9, 1))])), user=None
    )
    [problem] = outcome.problems
    assert "дата" in problem.reason and "второй год" not in problem.reason


def test_the_schema_documents_the_error_shape():
    schema = Client().get("/api/schema/?format=json").json()
    error = schema["components"]["schemas"]["Error"]
    assert set(error["properties"]) == {"detail", "code", "errors"}
    responses = schema["paths"]["/api/v1/indicator-values/"]["post"]["responses"]
    for code in ("400", "401", "403", "409", "413", "415", "429"):
        assert responses[code]["content"]["application/json"]["schema"]["$ref"].endswith("/Error"), code


# --- 9. Progress written over the API ---------------------------------------------------------------


def _roadmap(world, organisation):
    program = make_program(world, start=date(2024, 1, 1), end=date(2027, 8, 31))
    psvc.program_amendment_open(program=program)
    measure = measure_create(
        program=program, data={"number": "3.1", "title": "Творческая группа", "timing_text": "Сентябрь, ежегодно"}
    )
    row = measure_assignment_set(
        measure=measure, level="methodological_service", text="Группа", organisation=organisation
    )
    psvc.program_amendment_commit(program=program, user=world.staff_a, reason="Исполнители")
    return measure.occurrences.order_by("due_date").first(), row


def _executor_system(world, organisation, municipality):
    """The account of an executing organisation's system: API client of the municipality and
    staff of the organisation."""
    user = ApiClientFactory(username=f"org_system_{organisation.pk}_{municipality.pk}", municipality=municipality)
    MembershipFactory(user=user, role=Role.EXECUTOR, organisation=organisation)
    return user


def test_an_executing_organisations_token_files_its_progress(world, issue, api):
    centre = OrganisationFactory(region=world.region, municipality=world.mun_a, name="Методический центр")
    occurrence, row = _roadmap(world, centre)
    client = api(issue(_executor_system(world, centre, world.mun_a), municipality=world.mun_a, read_only=False))
    url = f"/api/v1/occurrences/{occurrence.pk}/progress/"
    response = client.post(url, {"assignment": row.pk, "status": "done", "narrative": "Группа создана"}, format="json")
    assert response.status_code == 201, response.content
    report = ProgressReport.objects.get()
    assert report.assignment == row and report.organisation == centre and not report.on_behalf


def test_an_organisation_token_of_another_municipality_reaches_nothing(world, issue, api):
    """The token's area holds for an organisation's rights too: a token over municipality B does
    not see, let alone report on, municipality A's program the organisation executes in."""
    centre = OrganisationFactory(region=world.region, municipality=world.mun_a, name="Методический центр")
    occurrence, row = _roadmap(world, centre)
    client = api(issue(_executor_system(world, centre, world.mun_b), municipality=world.mun_b, read_only=False))
    response = client.post(
        f"/api/v1/occurrences/{occurrence.pk}/progress/", {"assignment": row.pk, "status": "done"}, format="json"
    )
    assert response.status_code == 404
    assert client.get("/api/v1/programs/").json()["count"] == 0
    assert not ProgressReport.objects.exists()


def test_a_school_teams_token_files_and_a_bare_api_client_does_not(world, systems, issue, api):
    program = make_program(world)
    occurrence = program.measures.get(number="1.1").occurrences.order_by("due_date").first()
    url = f"/api/v1/occurrences/{occurrence.pk}/progress/"
    team = _writer(world, systems, issue, api)
    assert team.post(url, {"school": world.school_a.pk, "status": "in_progress"}, format="json").status_code == 201
    # An account that is only an external system of the school reads; filing is the team's.
    bare = api(issue(world.api_a, school=world.school_a, read_only=False))
    refused = bare.post(url, {"school": world.school_a.pk, "status": "in_progress"}, format="json")
    assert refused.status_code == 403 and "отчитываться" in _shape(refused)["detail"]


def test_the_progress_endpoint_documents_who_may_file():
    schema = Client().get("/api/schema/?format=json").json()
    text = schema["paths"]["/api/v1/occurrences/{id}/progress/"]["post"]["description"]
    assert "проектной команды школы" in text and "организации-исполнителя" in text


# --- 10. Schema and behaviour agree ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/schools/?page_size=null", 400),
        ("/api/v1/schools/?page_size=", 400),
        ("/api/v1/schools/?page_size=0", 400),
        ("/api/v1/schools/?page_size=1001", 400),
        ("/api/v1/schools/?page_size=５", 400),
        ("/api/v1/schools/?format=", 404),
        ("/api/v1/schools/?format=xml", 404),
        ("/api/v1/runs/?regional=null", 400),
        ("/api/v1/runs/?regional=", 400),
        ("/api/v1/schools/?archived=maybe", 400),
        ("/api/v1/schools/?page_size=10", 200),
        ("/api/v1/runs/?regional=true", 200),
        ("/api/v1/schools/?format=csv", 200),
    ],
)
def test_parameters_are_refused_as_the_schema_says(world, systems, issue, api, url, status):
    response = api(issue(systems.writer_mun_a, municipality=world.mun_a)).get(url)
    assert response.status_code == status, (url, response.content[:300])
    if status != 200:
        _shape(response)


def test_the_schema_states_the_write_rules():
    schema = Client().get("/api/schema/?format=json").json()
    components = schema["components"]["schemas"]
    value_in = components["ValueInRequest"]
    # Exactly one of school / municipality.
    assert len(value_in["oneOf"]) == 2
    required = sorted(tuple(branch["required"]) for branch in value_in["oneOf"])
    assert required == [("municipality",), ("school",)]
    # The value as people type it, in the schema as a pattern; counts: whole numbers (description).
    for name in ("ValueInRequest", "ValueUpdateInRequest"):
        value = components[name]["properties"]["value"]
        assert value["pattern"] and "целое" in value["description"]
        assert re.fullmatch(value["pattern"], "1 234,5") and not re.fullmatch(value["pattern"], "1_000")
    page_size = next(p for p in schema["paths"]["/api/v1/schools/"]["get"]["parameters"] if p["name"] == "page_size")
    assert page_size["schema"] == {"type": "integer", "minimum": 1, "maximum": 1000}
    assert "404" in schema["paths"]["/api/v1/schools/"]["get"]["responses"]
