"""The resources' demo data (``manage.py demo``), after the programs: see resources/demo_data.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DemoData:
    label = "Ресурсы программ"
    order = 40

    def load(self, context: Mapping[str, Any]) -> str:
        from .demo_data import demo_load_resources

        return demo_load_resources(context)


DEMO = DemoData()
