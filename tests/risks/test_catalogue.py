"""The catalogue as versioned data: the federal default, edits as new versions, refusals."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from risks import defaults
from risks.models import Catalogue, Factor
from risks.rules import Derived
from risks.services.catalogue import catalogue_current, catalogue_save
from risks.services.profiles import profiles_compute

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_default_is_the_federal_list(world):
    catalogue = catalogue_current()
    assert catalogue.number == 1
    assert list(catalogue.factors.values_list("title", flat=True)) == [f.title for f in defaults.FACTORS]
    assert catalogue_current().pk == catalogue.pk  # written once


def test_edit_is_a_new_version_and_the_used_one_stays(world, school_data):
    first = catalogue_current()
    (profile,) = profiles_compute(schools=[school_data], year=YEAR)
    factors = [replace(f, high=Decimal(14)) if f.code == "disabilities" else f for f in defaults.FACTORS]
    second = catalogue_save(user=world.region_staff, factors=factors, derived=defaults.DERIVED, note="Порог ОВЗ")
    assert second.number == 2 and catalogue_current() == second
    assert Factor.objects.get(catalogue=first, code="disabilities").high == Decimal(15)
    profile.refresh_from_db()
    assert profile.catalogue == first


@pytest.mark.parametrize(
    ("factors", "derived", "message"),
    [
        ([replace(defaults.FACTORS[0], rule="director_equipment + ghost")], defaults.DERIVED, "«ghost»"),
        (
            defaults.FACTORS,
            (*defaults.DERIVED, Derived("loop_a", "Петля А", "loop_b"), Derived("loop_b", "Петля Б", "loop_a")),
            "образуют цикл",
        ),
        ([replace(defaults.FACTORS[1], low=Decimal(20))], defaults.DERIVED, "пороги шкалы идут не по порядку"),
    ],
    ids=["unknown", "cycle", "scale"],
)
def test_bad_catalogue_refused_nothing_saved(world, factors, derived, message):
    catalogue_current()
    with pytest.raises(ValidationError) as exc:
        catalogue_save(user=world.region_staff, factors=factors, derived=derived)
    assert any(message in m for m in exc.value.messages)
    assert Catalogue.objects.count() == 1


def test_only_the_region_edits(world):
    with pytest.raises(ValidationError, match="сотрудники региона"):
        catalogue_save(user=world.staff_a, factors=defaults.FACTORS, derived=defaults.DERIVED)
