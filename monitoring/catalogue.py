"""The indicator catalogue shipped with the portal (monitoring/fixtures/indicators.json): what the
seed programs measure, with the counts their shares are computed from and the indicators the index
computation provides.

Used by the data migration (with the historical app registry) and by tests that empty the database
and need the shipped catalogue back. It only adds what is missing: a catalogue a region has edited
is never overwritten.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "indicators.json"


def catalogue_entries() -> list[dict[str, Any]]:
    """The fixture's indicators as field dictionaries (ranges as Decimal)."""
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    entries = []
    for item in data["indicators"]:
        entry = dict(item)
        for bound in ("min_value", "max_value"):
            entry[bound] = None if entry.get(bound) is None else Decimal(entry[bound])
        entries.append(entry)
    return entries


def load_catalogue(apps) -> int:
    """Create the shipped indicators that are not in the catalogue yet; returns how many."""
    Indicator = apps.get_model("monitoring", "Indicator")
    existing = set(Indicator.objects.values_list("code", flat=True))
    missing = [Indicator(**entry) for entry in catalogue_entries() if entry["code"] not in existing]
    Indicator.objects.bulk_create(missing)
    return len(missing)
