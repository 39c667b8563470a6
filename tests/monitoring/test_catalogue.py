"""The shipped indicator catalogue and the catalogue's services: create and update with the
formula checks (unknown code, self-reference, cycle a → b → a), ranges, kinds."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from monitoring.catalogue import catalogue_entries, load_catalogue
from monitoring.formulas import validate_catalogue
from monitoring.models import Indicator
from monitoring.services.indicators import indicator_create, indicator_update
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SEED_CODES = {
    # named by the seeds (docs/domain.md, «Monitoring») and Tungiro's passport
    "share_teachers_trained",
    "share_gia_passed",
    "share_schools_improved",
    "staffing_level",
    "students_on_register",
    "students_additional_education",
    "share_parents_satisfied",
    "ovz_psych_support",
    "share_schools_equal_access",
    "service_quality_score",
    # the entered counts the shares are computed from
    "teachers_trained",
    "teachers_total",
    "gia_passed",
    "gia_participants",
    # from the index runs
    "quality_index",
    "quality_group",
    "wellbeing_group",
}


def _messages(exc: ValidationError, field: str) -> str:
    return " ".join(exc.message_dict.get(field, []))


# --- the shipped catalogue -----------------------------------------------------------------------


def test_migration_ships_the_catalogue():
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert SEED_CODES <= codes
    share = Indicator.objects.get(code="share_teachers_trained")
    assert share.kind == Indicator.Kind.COMPUTED
    assert share.formula == "teachers_trained / teachers_total * 100"
    assert (share.min_value, share.max_value) == (Decimal(0), Decimal(100))
    assert Indicator.objects.get(code="students_on_register").direction == Indicator.Direction.LOWER
    assert Indicator.objects.get(code="share_schools_improved").level == Indicator.Level.MUNICIPALITY
    for code in ("quality_index", "quality_group", "wellbeing_group"):
        assert Indicator.objects.get(code=code).kind == Indicator.Kind.INDEX


def test_shipped_formulas_are_a_valid_catalogue():
    catalogue = dict(Indicator.objects.values_list("code", "formula"))
    assert validate_catalogue(catalogue, catalogue) == []


def test_shipped_ranges():
    for indicator in Indicator.objects.all():
        if indicator.unit == Indicator.Unit.PERCENT:
            assert (indicator.min_value, indicator.max_value) == (0, 100), indicator.code
        if indicator.unit == Indicator.Unit.GROUP:
            assert (indicator.min_value, indicator.max_value) == (1, 11), indicator.code
        if indicator.kind == Indicator.Kind.COMPUTED:
            assert indicator.formula, indicator.code
        else:
            assert not indicator.formula, indicator.code


def test_shipped_entries_pass_the_services_checks():
    Indicator.objects.all().delete()
    entries = catalogue_entries()
    # Entered and index indicators first: a formula may only read codes that exist.
    for entry in sorted(entries, key=lambda e: e["kind"] == "computed"):
        indicator_create(**entry)
    assert Indicator.objects.count() == len(entries)


def test_load_catalogue_adds_only_what_is_missing():
    Indicator.objects.filter(code="teachers_total").update(name="Изменено регионом")
    Indicator.objects.filter(code="ovz_psych_support").delete()
    assert load_catalogue(apps) == 1
    assert Indicator.objects.get(code="teachers_total").name == "Изменено регионом"
    assert Indicator.objects.filter(code="ovz_psych_support").exists()
    assert load_catalogue(apps) == 0


# --- create / update -----------------------------------------------------------------------------


def _entered(code: str, **extra) -> Indicator:
    return indicator_create(code=code, name=f"Показатель {code}", unit=Indicator.Unit.COUNT, **extra)


def _computed(code: str, formula: str, **extra) -> Indicator:
    return indicator_create(
        code=code,
        name=f"Показатель {code}",
        unit=Indicator.Unit.PERCENT,
        kind=Indicator.Kind.COMPUTED,
        formula=formula,
        **extra,
    )


def test_create_computed_share():
    _entered("x_part")
    _entered("x_all")
    share = _computed("x_share", "  x_part /  x_all * 100 ", min_value=Decimal(0), max_value=Decimal(100))
    assert share.formula == "x_part / x_all * 100"


def test_unknown_code_in_formula():
    with pytest.raises(ValidationError) as caught:
        _computed("x_share", "x_missing / teachers_total * 100")
    message = _messages(caught.value, "formula")
    assert "«x_missing»" in message and "нет в каталоге" in message
    assert not Indicator.objects.filter(code="x_share").exists()


def test_self_reference():
    with pytest.raises(ValidationError) as caught:
        _computed("x_self", "x_self + 1")
    assert "ссылается на сам показатель" in _messages(caught.value, "formula")


def test_cycle_a_b_a():
    _entered("x_base")
    a = _computed("x_a", "x_base + 1")
    _computed("x_b", "x_a * 2")
    with pytest.raises(ValidationError) as caught:
        indicator_update(indicator=a, data={"formula": "x_b / 2"})
    message = _messages(caught.value, "formula")
    assert "цикл" in message and "«x_a» → «x_b» → «x_a»" in message
    a.refresh_from_db()
    assert a.formula == "x_base + 1"


def test_syntax_error_is_shown_at_the_formula():
    with pytest.raises(ValidationError) as caught:
        _computed("x_bad", "teachers_trained / (teachers_total")
    assert "не закрыта скобка" in _messages(caught.value, "formula")


def test_computed_needs_a_formula_and_entered_must_not_have_one():
    with pytest.raises(ValidationError) as caught:
        _computed("x_empty", "")
    assert "нужна формула" in _messages(caught.value, "formula")
    with pytest.raises(ValidationError) as caught:
        _entered("x_entered", formula="teachers_total * 2")
    assert "только у вычисляемых" in _messages(caught.value, "formula")
    with pytest.raises(ValidationError) as caught:
        _computed("x_const", "5 * 2")
    assert "хотя бы на один показатель" in _messages(caught.value, "formula")


def test_range_must_be_ordered():
    with pytest.raises(ValidationError) as caught:
        _entered("x_range", min_value=Decimal(10), max_value=Decimal(5))
    assert "не меньше минимума" in _messages(caught.value, "max_value")
    assert _entered("x_point", min_value=Decimal(5), max_value=Decimal(5)).max_value == 5


@pytest.mark.parametrize("code", ["Share", "1share", "share-x", "доля", "new", ""])
def test_code_shape(code):
    with pytest.raises(ValidationError) as caught:
        _entered(code)
    assert caught.value.message_dict.get("code")


def test_duplicate_code():
    with pytest.raises(ValidationError) as caught:
        _entered("teachers_total")
    assert "уже есть" in _messages(caught.value, "code")


def test_renaming_a_code_that_formulas_read_is_refused():
    teachers = Indicator.objects.get(code="teachers_total")
    with pytest.raises(ValidationError) as caught:
        indicator_update(indicator=teachers, data={"code": "teachers_all"})
    message = _messages(caught.value, "code")
    assert "«teachers_total»" in message and "share_teachers_trained" in message


def test_update_records_who_changed_it():
    user = UserFactory()
    indicator = Indicator.objects.get(code="students_additional_education")
    indicator_update(
        indicator=indicator, data={"name": "Охват дополнительным образованием", "is_archived": True}, user=user
    )
    indicator.refresh_from_db()
    assert indicator.is_archived
    assert indicator.history.first().history_user == user


def test_an_old_problem_elsewhere_does_not_block_an_unrelated_edit():
    # A formula broken outside the services (the admin, an old fixture) is not this edit's fault.
    Indicator.objects.filter(code="share_parents_satisfied").update(formula="parents_satisfied / x_gone * 100")
    indicator = Indicator.objects.get(code="teachers_total")
    indicator_update(indicator=indicator, data={"name": "Педагоги (всего)"})
    indicator.refresh_from_db()
    assert indicator.name == "Педагоги (всего)"
