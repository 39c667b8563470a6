"""Data collections, checks on entry: one bad value and nothing is saved; the form's rows."""

from __future__ import annotations

import pytest

from monitoring.models import SubmissionEvent, SubmissionValue
from monitoring.services.collections import (
    SubmissionInvalid,
    submission_entry,
    submission_save,
)
from tests.monitoring.collection_helpers import good_values, ids, submission_of

pytestmark = pytest.mark.django_db


# --- Checks on entry: one bad value and nothing is saved ------------------------------------------


def _refused(collection, world, indicators, confirmations=(), **values) -> SubmissionInvalid:
    submission = submission_of(collection, world.school_a)
    with pytest.raises(SubmissionInvalid) as exc:
        submission_save(
            submission=submission,
            values={**good_values(indicators), **ids(indicators, **values)},
            confirmations=set(confirmations),
            user=world.team_a,
            expected_version=submission.version,
        )
    assert not SubmissionValue.objects.exists(), "a refused save wrote something"
    assert not SubmissionEvent.objects.exists()
    submission.refresh_from_db()
    assert submission.version == 1
    return exc.value


def test_value_outside_its_range_is_refused(collection, world, indicators):
    exc = _refused(collection, world, indicators, satisfied="120")
    assert exc.errors == {
        indicators["satisfied"].pk: ["Значение вне допустимого диапазона (от 0 до 100): введено 120."]
    }


def test_negative_count_is_refused_by_the_unit_range(collection, world, indicators):
    exc = _refused(collection, world, indicators, teachers_trained="-1")
    assert "не меньше 0" in exc.errors[indicators["teachers_trained"].pk][0]


def test_text_where_a_number_belongs_is_refused(collection, world, indicators):
    exc = _refused(collection, world, indicators, teachers_total="сорок")
    assert exc.errors[indicators["teachers_total"].pk] == ["«сорок» — не число. Введите число, например 12,5."]


def test_fractional_count_is_refused(collection, world, indicators):
    exc = _refused(collection, world, indicators, teachers_total="40,5")
    assert exc.errors[indicators["teachers_total"].pk] == ["Должно быть целым числом: единица показателя — «человек»."]


def test_numerator_above_denominator_is_refused(collection, world, indicators):
    exc = _refused(collection, world, indicators, teachers_total="10", teachers_trained="12")
    (message,) = exc.errors[indicators["teachers_trained"].pk]
    assert message == (
        "«Педагоги, прошедшие повышение квалификации» (12) больше, чем «Численность педагогов» (10): "
        "часть не может быть больше целого, доля превысила бы 100 %."
    )
    # The whole's field says it too: either may be the wrong one.
    assert exc.errors[indicators["teachers_total"].pk] == [message]


def test_unusual_value_needs_a_confirmation(collection, world, indicators):
    # Last year 40 %, now 90 %: more than 50 % away.
    exc = _refused(collection, world, indicators, satisfied="90")
    assert indicators["satisfied"].pk in exc.unusual
    assert "сильно отличается от прошлого периода (было 40)" in exc.errors[indicators["satisfied"].pk][0]
    assert "Значение верно" in exc.errors[indicators["satisfied"].pk][0]

    submission = submission_of(collection, world.school_a)
    submission_save(
        submission=submission,
        values={**good_values(indicators), **ids(indicators, satisfied="90")},
        confirmations={indicators["satisfied"].pk},
        user=world.team_a,
        expected_version=submission.version,
    )
    kept = SubmissionValue.objects.get(submission=submission, indicator=indicators["satisfied"])
    assert kept.value == 90 and kept.confirmed_unusual


def test_one_bad_value_among_good_ones_saves_nothing_even_over_a_draft(collection, world, indicators):
    submission = submission_of(collection, world.school_a)
    submission = submission_save(
        submission=submission,
        values=good_values(indicators),
        confirmations=set(),
        user=world.team_a,
        expected_version=None,
    )
    with pytest.raises(SubmissionInvalid):
        submission_save(
            submission=submission,
            values=ids(indicators, teachers_total="41", satisfied="abc"),
            confirmations=set(),
            user=world.team_a,
            expected_version=submission.version,
        )
    assert SubmissionValue.objects.get(submission=submission, indicator=indicators["teachers_total"]).value == 40


def test_the_entry_rows_show_last_period_unit_and_range(collection, world, indicators):
    entry = submission_entry(submission=submission_of(collection, world.school_a))
    rows = {r.indicator.code[2:]: r for r in entry.rows}
    assert list(rows) == ["satisfied", "teachers_total", "teachers_trained"]  # computed ones are not typed in
    assert rows["satisfied"].last_display == "40"
    assert rows["satisfied"].range_display == "от 0 до 100"
    assert rows["teachers_total"].range_display == "не меньше 0"
    assert str(entry.last_period) == "2024 г."
    assert [c.indicator.code for c in entry.computed] == ["t_share_trained"]


def test_computed_share_is_shown_from_the_typed_values(collection, world, indicators):
    entry = submission_entry(
        submission=submission_of(collection, world.school_a), values=good_values(indicators), confirmations=()
    )
    assert not entry.has_errors
    assert entry.computed[0].value_display == "30"
