"""Demo risk profiles (``manage.py demo``): filled in by risks/demo_data.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class _Demo:
    label = "Профили рисков"
    order = 50

    def load(self, context: Mapping[str, Any]) -> str:
        from .demo_data import demo_load_risks

        municipality = context["municipalities"].get("korolev")
        if municipality is None:
            return "нет муниципалитета программы"
        return demo_load_risks(municipality=municipality)


DEMO = _Demo()
