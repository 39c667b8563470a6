"""Curators' personas on top of the shared ``world``: ``curator_a`` curates school A-1 (by the
region's order), ``curator_a2`` curates A-2 (another curator); methodologist_a reviews A-1 but is
not its curator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from curators.models import CuratorAssignment
from tests.factories import CuratorAssignmentFactory, MethodologistFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def pdf(name: str = "протокол.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class Curation:
    curator_a: object
    curator_a2: object
    assignment: CuratorAssignment  # curator_a → school A-1
    other: CuratorAssignment  # curator_a2 → school A-2


def make_curation(world) -> Curation:
    curator_a = MethodologistFactory(username="curator_a", first_name="Ольга", last_name="Кураторова")
    curator_a2 = MethodologistFactory(username="curator_a2", first_name="Пётр", last_name="Другой")
    start = timezone.localdate() - timedelta(days=90)
    assignment = CuratorAssignmentFactory(
        school=world.school_a, curator=curator_a, assigned_by=world.region_staff, order_date=start, starts_on=start
    )
    other = CuratorAssignmentFactory(
        school=world.school_a2, curator=curator_a2, assigned_by=world.region_staff, order_date=start, starts_on=start
    )
    return Curation(curator_a, curator_a2, assignment, other)


@pytest.fixture
def curation(world) -> Curation:
    return make_curation(world)
