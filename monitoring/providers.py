"""Values other apps provide — the hook that lets monitoring read index results without importing
the indices app (dependencies point down: indices and monitoring both sit on schools).

Any AppConfig may provide indicator values by defining::

    def indicator_values(self, *, indicator_code: str, school_ids: list[int], year: int) -> dict[int, Decimal]:
        ...

answering, for the academic year ending in ``year``, school id → value for the indicator codes it
knows and ``{}`` for the others. Monitoring asks every app config that has the method; it asks
only for indicators of kind «из расчёта индексов», so other indicators cost no query.

School support categories come the same way (optional): ``school_categories(self, *,
school_ids) -> dict[int, tuple[code, label]]`` and ``category_choices(self) -> [(code, label)]``.

Programs need no hook: targets and collections hang on monitoring's own target sets, which carry
their names (programs.Program.target_set points down to them).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol, runtime_checkable

from django.apps import apps


@runtime_checkable
class IndicatorValueProvider(Protocol):
    def indicator_values(self, *, indicator_code: str, school_ids: list[int], year: int) -> dict[int, Decimal]: ...


def value_providers() -> list[IndicatorValueProvider]:
    return [c for c in apps.get_app_configs() if isinstance(c, IndicatorValueProvider)]


def provided_values(*, indicator_code: str, school_ids: list[int], year: int) -> dict[int, Decimal]:
    """school id → value from every provider (the first app in INSTALLED_APPS wins a conflict)."""
    if not school_ids:
        return {}
    found: dict[int, Decimal] = {}
    for provider in value_providers():
        answer = provider.indicator_values(indicator_code=indicator_code, school_ids=list(school_ids), year=year)
        for school_id, value in answer.items():
            if value is not None:
                found.setdefault(school_id, value if isinstance(value, Decimal) else Decimal(str(value)))
    return found


def school_categories(*, school_ids: list[int]) -> dict[int, tuple[str, str]]:
    """school id → (support category code, label) from the app that computes categories."""
    found: dict[int, tuple[str, str]] = {}
    if school_ids:
        for config in apps.get_app_configs():
            hook = getattr(config, "school_categories", None)
            if hook is not None:
                for school_id, value in hook(school_ids=list(school_ids)).items():
                    found.setdefault(school_id, value)
    return found


def category_choices() -> list[tuple[str, str]]:
    for config in apps.get_app_configs():
        hook = getattr(config, "category_choices", None)
        if hook is not None:
            return hook()
    return []
