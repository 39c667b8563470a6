"""Values other apps provide — monitoring reads index results without importing the indices app
(dependencies point down: indices and monitoring both sit on schools).

Indicator values come through the ``INDICATOR_VALUES`` extension point (schools/extensions.py):
for the academic year ending in ``year``, school id → value for the indicator codes an app knows
and ``{}`` for the others. Monitoring asks only for indicators of kind «из расчёта индексов», so
other indicators cost no query. School support categories come through ``SCHOOL_CATEGORIES``.

Program titles come the same way (optional): ``program_titles(self, *, program_ids: list[int])
-> dict[int, str]``, so that monitoring can name the programs its targets belong to.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol, runtime_checkable

from django.apps import apps

from schools import extensions


@runtime_checkable
class ProgramTitleProvider(Protocol):
    def program_titles(self, *, program_ids: list[int]) -> dict[int, str]: ...


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


def program_titles(*, program_ids: list[int]) -> dict[int, str]:
    """program id → title from the app that knows programs; missing ids get «Программа № N»."""
    titles: dict[int, str] = {}
    if program_ids:
        for config in apps.get_app_configs():
            if isinstance(config, ProgramTitleProvider):
                titles.update(config.program_titles(program_ids=list(program_ids)))
    return {pk: titles.get(pk) or f"Программа № {pk}" for pk in program_ids}


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
