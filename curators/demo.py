"""The curators' demo data (``manage.py demo``), after the programs and resources: see
curators/demo_data.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DemoData:
    label = "Кураторы"
    order = 45

    def load(self, context: Mapping[str, Any]) -> str:
        from .demo_data import demo_load_curators

        return demo_load_curators(context)


DEMO = DemoData()
