"""No impossible data in a collection: the collection form applies the catalogue's
part ≤ whole and range rules — the same functions as the values import and ``value_set`` —
whether or not the share itself is in the collection; the derived shares are shown while the
school types and when the committee reviews; an answer has one state name on every page."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Indicator, IndicatorValue, Submission, SubmissionValue
from monitoring.services.collections import (
    SubmissionInvalid,
    collection_open,
    submission_entry,
    submission_save,
    submission_submit,
)
from monitoring.services.periods import period_get_or_create
from monitoring.services.values import value_clean

pytestmark = pytest.mark.django_db

COUNTS = ("teachers_total", "teachers_trained", "parents_surveyed", "parents_satisfied")


@pytest.fixture
def catalogue(db) -> dict[str, Indicator]:
    """The real catalogue (loaded by the migrations), as in the demo collection."""
    return {i.code: i for i in Indicator.objects.filter(code__in=[*COUNTS, "share_parents_satisfied"])}


@pytest.fixture
def collection(world, catalogue):
    """The demo's collection: the four counts, not the shares computed from them."""
    return collection_open(
        municipality=world.mun_a,
        title="Мониторинг кадровых условий и удовлетворённости родителей",
        period=period_get_or_create(kind="academic_year", year=2026),
        indicators=[catalogue[c] for c in COUNTS],
        schools=[world.school_a],
        deadline=timezone.localdate() + timedelta(days=14),
        user=world.staff_a,
    )


def _values(catalogue, **values):
    return {catalogue[code].pk: value for code, value in values.items()}


GOOD = {"teachers_total": "34", "teachers_trained": "30", "parents_surveyed": "260", "parents_satisfied": "224"}


def test_more_satisfied_than_surveyed_is_refused_at_both_fields(world, collection, catalogue):
    submission = collection.submissions.get()
    with pytest.raises(SubmissionInvalid) as caught:
        submission_save(
            submission=submission,
            values=_values(catalogue, **{**GOOD, "parents_satisfied": "300", "teachers_trained": "40"}),
            confirmations=(),
            user=world.team_a,
            expected_version=submission.version,
        )
    errors = caught.value.errors
    (satisfied,) = errors[catalogue["parents_satisfied"].pk]
    assert satisfied.startswith(
        "«Численность родителей (законных представителей), удовлетворённых качеством образовательной деятельности» "
        "(300) больше, чем «Численность родителей (законных представителей), принявших участие в анкетировании» (260)"
    )
    assert errors[catalogue["parents_surveyed"].pk] == [satisfied]
    assert (
        "(40) больше, чем «Численность педагогических работников» (34)" in errors[catalogue["teachers_trained"].pk][0]
    )
    assert errors[catalogue["teachers_total"].pk] == errors[catalogue["teachers_trained"].pk]
    assert not SubmissionValue.objects.exists()
    assert Submission.objects.get().version == submission.version


def test_a_stored_denominator_of_the_period_counts_too(world, catalogue):
    period = period_get_or_create(kind="academic_year", year=2026)
    IndicatorValue.objects.create(
        indicator=catalogue["parents_surveyed"],
        period=period,
        school=world.school_a,
        value=Decimal(260),
        source=IndicatorValue.Source.IMPORT,
    )
    collection = collection_open(
        municipality=world.mun_a,
        title="Только удовлетворённые",
        period=period,
        indicators=[catalogue["parents_satisfied"]],
        schools=[world.school_a],
        deadline=timezone.localdate() + timedelta(days=14),
        user=world.staff_a,
    )
    entry = submission_entry(
        submission=collection.submissions.get(), values=_values(catalogue, parents_satisfied="300")
    )
    assert (
        "больше, чем «Численность родителей (законных представителей), принявших участие в анкетировании» (260)"
        in (entry.errors[catalogue["parents_satisfied"].pk][0])
    )


def test_submitting_stored_impossible_values_is_refused(world, collection, catalogue):
    """Values saved before the rule (or written around it) are caught on submit."""
    submission = collection.submissions.get()
    for code, value in {**GOOD, "parents_satisfied": "300"}.items():
        SubmissionValue.objects.create(submission=submission, indicator=catalogue[code], value=Decimal(value))
    with pytest.raises(SubmissionInvalid) as caught:
        submission_submit(submission=submission, user=world.team_a)
    assert "(300) больше, чем" in caught.value.errors[catalogue["parents_satisfied"].pk][0]
    assert Submission.objects.get().status == Submission.Status.DRAFT


def test_the_range_rule_is_the_units_when_the_catalogue_has_none(db):
    share = Indicator.objects.create(code="t_share", name="Доля", unit=Indicator.Unit.PERCENT)
    with pytest.raises(ValueError, match=r"вне допустимого диапазона \(от 0 до 100\): введено 120"):
        value_clean(indicator=share, value="120")
    count = Indicator.objects.create(code="t_count", name="Численность", unit=Indicator.Unit.COUNT)
    with pytest.raises(ValueError, match="не меньше 0"):
        value_clean(indicator=count, value="-1")


def test_the_share_is_derived_from_the_counts_without_being_collected(world, collection, catalogue):
    entry = submission_entry(submission=collection.submissions.get(), values=_values(catalogue, **GOOD))
    shares = {c.indicator.code: c.value_display for c in entry.computed}
    assert shares["share_parents_satisfied"] == "86,2"
    assert shares["share_teachers_trained"] == "88,2"
    rows = {r.indicator.code: r for r in entry.rows}
    assert [s.indicator.code for s in rows["parents_satisfied"].shares] == ["share_parents_satisfied"]
    assert rows["parents_surveyed"].shares == []


def test_the_school_sees_the_share_while_typing(world, client_for, collection, catalogue):
    submission = collection.submissions.get()
    data = {f"value_{catalogue[c].pk}": v for c, v in GOOD.items()}
    response = client_for(world.team_a).post(
        reverse("monitoring:submission_check", args=[submission.pk]), data, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert 'id="entry-computed" hx-swap-oob="true"' in body
    assert "86,2 %" in body
    data[f"value_{catalogue['parents_satisfied'].pk}"] = "300"
    body = (
        client_for(world.team_a)
        .post(reverse("monitoring:submission_check", args=[submission.pk]), data, headers={"HX-Request": "true"})
        .content.decode()
    )
    assert "(300) больше, чем" in body and "115,4" not in body
    assert not SubmissionValue.objects.exists()


def test_the_committee_sees_the_shares_beside_the_counts(world, client_for, collection, catalogue):
    submission = collection.submissions.get()
    submission_save(
        submission=submission,
        values=_values(catalogue, **GOOD),
        confirmations=(),
        user=world.team_a,
        expected_version=submission.version,
    )
    submission_submit(submission=submission, user=world.team_a)
    body = client_for(world.staff_a).get(reverse("monitoring:submission_detail", args=[submission.pk])).content.decode()
    assert 'data-testid="row-share"' in body
    assert "доля 86,2 %" in body and "доля 88,2 %" in body


def _state_label(body: str) -> str:
    marker = 'data-state="'
    start = body.index(marker) + len(marker)
    return body[start : body.index('"', start)]


def test_an_untouched_answer_is_not_started_everywhere(world, client_for, collection, catalogue):
    submission = collection.submissions.get()
    team, staff = client_for(world.team_a), client_for(world.staff_a)
    pages = [
        (team, reverse("monitoring:submission_fill", args=[submission.pk])),
        (team, reverse("monitoring:submission_detail", args=[submission.pk])),
        (team, reverse("monitoring:collection_list")),
        (team, reverse("home")),
        (staff, reverse("monitoring:collection_detail", args=[collection.pk])),
        (staff, reverse("monitoring:submission_detail", args=[submission.pk])),
    ]
    for client, url in pages:
        body = client.get(url).content.decode()
        assert _state_label(body) == "not_started", url
        assert "не начато" in body and "черновик</span>" not in body, url
    submission_save(
        submission=submission,
        values=_values(catalogue, teachers_total="34"),
        confirmations=(),
        user=world.team_a,
        expected_version=submission.version,
    )
    for client, url in pages:
        body = client.get(url).content.decode()
        assert _state_label(body) == "draft", url
