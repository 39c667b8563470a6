"""The OpenAPI schema validates, describes every endpoint in Russian, and the docs work offline."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(client):
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi(schema):
    assert schema["openapi"].startswith("3.")
    validate_schema(schema)  # raises on any violation of the OpenAPI 3 JSON schema


def test_schema_covers_the_api_in_russian(schema):
    paths = schema["paths"]
    for path in (
        "/api/v1/schools/",
        "/api/v1/programs/",
        "/api/v1/measures/",
        "/api/v1/indicators/",
        "/api/v1/indicator-values/",
        "/api/v1/targets/",
        "/api/v1/runs/",
        "/api/v1/runs/{run_pk}/results/",
        "/api/v1/risk/",
        "/api/v1/assessments/",
        "/api/v1/occurrences/{id}/progress/",
    ):
        assert path in paths, path
    for path, operations in paths.items():
        for method, operation in operations.items():
            assert re.search("[а-яё]", operation.get("summary", ""), re.I), f"{method} {path}: no Russian summary"
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    post = paths["/api/v1/indicator-values/"]["post"]
    assert post["requestBody"]["content"]["application/json"]["examples"]
    assert set(post["responses"]) >= {"200", "201", "400", "403", "409"}


def test_docs_use_only_local_assets(client):
    page = client.get("/api/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "the docs page loads something from the network"
    assert "/static/drf_spectacular_sidecar/" in html
    for asset in re.findall(r'(?:src|href)="/static/([^"]+)"', html):
        assert finders.find(asset), f"{asset} is not among the installed static files"
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert not re.search(r"https?://", script.content.decode())
