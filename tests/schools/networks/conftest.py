"""Fixtures for partner networks: a mentor pair in municipality A and sample upload files."""

from __future__ import annotations

from datetime import date

import pytest

from schools.models import Tie, TieParty
from schools.networks.services import networks as services
from schools.networks.services.networks import PartySpec


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded basis documents land in a throwaway directory, and tests can check it is empty.
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def mentor_pair(world) -> Tie:
    """School A-2 mentors school A-1 (the persona team_a's school)."""
    return services.tie_create(
        municipality=world.mun_a,
        kind=Tie.Kind.MENTOR_PAIR,
        title="Сетевая пара А-2 — А-1",
        parties=[
            PartySpec(role=TieParty.Role.LEAD, school=world.school_a2),
            PartySpec(role=TieParty.Role.SUPPORTED, school=world.school_a),
        ],
        starts_on=date(2024, 9, 1),
        ends_on=date(2025, 5, 31),
        basis_type="соглашение",
        basis_number="7-СВ",
        actor=world.staff_a,
    )
