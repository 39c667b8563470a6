"""Fixtures of the data-collection tests (builders: collection_helpers.py). A module that needs
another collection defines its own ``collection``."""

from __future__ import annotations

import pytest

from monitoring.models import Collection, Indicator
from tests.monitoring.collection_helpers import make_collection, make_indicators


@pytest.fixture
def indicators(db) -> dict[str, Indicator]:
    return make_indicators()


@pytest.fixture
def collection(world, indicators) -> Collection:
    return make_collection(world, indicators)
