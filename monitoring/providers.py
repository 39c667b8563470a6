"""Values other apps provide — monitoring reads index results without importing the indices app
(dependencies point down: indices and monitoring both sit on schools).

Indicator values come through the ``INDICATOR_VALUES`` extension point (schools/extensions.py):
for the academic year ending in ``year``, school id → value for the indicator codes an app knows
and ``{}`` for the others. Monitoring asks only for indicators of kind «из расчётов портала», so
other indicators cost no query. School support categories come through ``SCHOOL_CATEGORIES``.

Programs need no hook: targets and collections hang on monitoring's own target sets, which carry
their names (programs.Program.target_set points down to them).
"""

from __future__ import annotations

from decimal import Decimal

from schools import extensions


def provided_values(*, indicator_code: str, school_ids: list[int], year: int) -> dict[int, Decimal]:
    """school id → value from every provider (the first app in INSTALLED_APPS wins a conflict)."""
    if not school_ids:
        return {}
    found: dict[int, Decimal] = {}
    for provider in extensions.indicator_value_providers():
        answer = provider(indicator_code=indicator_code, school_ids=list(school_ids), year=year)
        for school_id, value in answer.items():
            if value is not None:
                found.setdefault(school_id, value if isinstance(value, Decimal) else Decimal(str(value)))
    return found


def school_categories(*, school_ids: list[int]) -> dict[int, tuple[str, str]]:
    """school id → (support category code, label) from the app that computes categories."""
    found: dict[int, tuple[str, str]] = {}
    if school_ids:
        for provider in extensions.school_category_providers():
            for school_id, value in provider.school_categories(school_ids=list(school_ids)).items():
                found.setdefault(school_id, value)
    return found


def category_choices() -> list[tuple[str, str]]:
    provider = extensions.school_category_provider()
    return provider.category_choices() if provider is not None else []
