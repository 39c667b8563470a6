"""Rate limits per token: reads and writes counted apart, a Russian 429 with Retry-After."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_too_many_requests_is_429_in_russian(world, systems, issue, api, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"api_read": "3/min", "api_write": "1/min"},
    }
    client = api(issue(systems.writer_school_a, school=world.school_a, read_only=False))
    for _ in range(3):
        assert client.get("/api/v1/schools/").status_code == 200
    refused = client.get("/api/v1/schools/")
    assert refused.status_code == 429
    detail = refused.json()["detail"]
    assert detail.startswith("Слишком много запросов с этим токеном. Повторите через ") and detail.endswith(" с.")
    assert 1 <= int(refused["Retry-After"]) <= 60

    # Per token: another token of the same account is counted on its own.
    other = api(issue(systems.writer_school_a, school=world.school_a))
    assert other.get("/api/v1/schools/").status_code == 200

    # Writes have their own budget: the exhausted reads do not stop the first write.
    payload = {"indicator": "teachers_total", "period": "2024", "school": world.school_a.pk, "value": "5"}
    assert client.post("/api/v1/indicator-values/", payload, format="json").status_code == 201
    assert client.post("/api/v1/indicator-values/", payload, format="json").status_code == 429
