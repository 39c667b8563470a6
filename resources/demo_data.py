from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def demo_load_resources(context: Mapping[str, Any]) -> str:
    return "нет данных"
