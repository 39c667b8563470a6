"""Data collections, the pages: who sees and does what (the personas), the school's form with its
Russian errors, the tracker and its query count, the review with its history."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from monitoring.models import Collection, IndicatorValue, Submission, SubmissionEvent, SubmissionValue
from monitoring.services.collections import (
    collection_open,
    submission_accept,
    submission_save,
    submission_submit,
)
from monitoring.services.periods import period_get_or_create
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db


def _submission(collection, school) -> Submission:
    return collection.submissions.get(school=school)


def _form_data(indicators, version, *, submit=False, confirm=(), **values):
    data = {"version": str(version)}
    for code, value in values.items():
        data[f"value_{indicators[code].pk}"] = value
    for code in confirm:
        data[f"confirm_{indicators[code].pk}"] = "1"
    data["submit" if submit else "save"] = "1"
    return data


GOOD = {"teachers_total": "40", "teachers_trained": "12", "satisfied": "45,5"}


# --- Who sees what -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("staff_a", 200), ("region_staff", 200), ("staff_b", 403), ("team_a", 403), ("methodologist_a", 403)],
)
def test_tracker_access(world, client_for, collection, persona, status):
    url = reverse("monitoring:collection_detail", args=[collection.pk])
    assert client_for(getattr(world, persona)).get(url).status_code == status


def test_tracker_asks_anonymous_to_log_in(client_for, collection):
    response = client_for(None).get(reverse("monitoring:collection_detail", args=[collection.pk]))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_b_does_not_see_a_collection_of_a(world, client_for, collection):
    body = client_for(world.staff_b).get(reverse("monitoring:collection_list")).content.decode()
    assert "Мониторинг условий 2025" not in body
    submission = _submission(collection, world.school_a)
    assert (
        client_for(world.staff_b).get(reverse("monitoring:submission_detail", args=[submission.pk])).status_code == 403
    )


def test_school_team_sees_its_form_with_the_deadline(world, client_for, collection):
    body = client_for(world.team_a).get(reverse("monitoring:collection_list")).content.decode()
    assert "Мониторинг условий 2025" in body and "Школа А-1" in body and "Школа А-2" not in body
    assert reverse("monitoring:submission_fill", args=[_submission(collection, world.school_a).pk]) in body
    assert "осталось 10 дней" in body


def test_team_a_fills_its_own_form_but_not_school_a2s(world, client_for, collection, indicators):
    own = _submission(collection, world.school_a)
    other = _submission(collection, world.school_a2)
    client = client_for(world.team_a)
    assert client.get(reverse("monitoring:submission_fill", args=[own.pk])).status_code == 200
    assert client.get(reverse("monitoring:submission_fill", args=[other.pk])).status_code == 403
    response = client.post(
        reverse("monitoring:submission_fill", args=[other.pk]), _form_data(indicators, other.version, **GOOD)
    )
    assert response.status_code == 403
    assert not SubmissionValue.objects.filter(submission=other).exists()
    assert client.get(reverse("monitoring:submission_detail", args=[other.pk])).status_code == 403


def test_methodologist_can_view_but_not_review(world, client_for, collection, indicators):
    submission = _submission(collection, world.school_a)
    submission_save(
        submission=submission,
        values={indicators[c].pk: v for c, v in GOOD.items()},
        confirmations=set(),
        user=world.team_a,
        expected_version=None,
    )
    submission_submit(submission=submission, user=world.team_a)
    client = client_for(world.methodologist_a)
    response = client.get(reverse("monitoring:submission_detail", args=[submission.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "45,5" in body and 'data-testid="decision-form"' not in body
    response = client.post(reverse("monitoring:submission_review", args=[submission.pk]), {"decision": "accept"})
    assert response.status_code == 403
    assert client.get(reverse("monitoring:submission_fill", args=[submission.pk])).status_code == 403
    # Not assigned to school A-2: not even that.
    other = _submission(collection, world.school_a2)
    assert client.get(reverse("monitoring:submission_detail", args=[other.pk])).status_code == 403
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED


def test_staff_b_cannot_review_a(world, client_for, collection, indicators):
    submission = _submission(collection, world.school_a)
    response = client_for(world.staff_b).post(
        reverse("monitoring:submission_review", args=[submission.pk]), {"decision": "return", "comment": "x"}
    )
    assert response.status_code == 403
    assert not submission.events.exists()


# --- Opening a collection ------------------------------------------------------------------------


def test_committee_opens_a_collection_for_all_schools(world, client_for, indicators):
    client = client_for(world.staff_a)
    url = reverse("monitoring:collection_create")
    page = client.get(url)
    assert page.status_code == 200 and "Все школы муниципалитета" in page.content.decode()
    response = client.post(
        url,
        {
            "municipality": world.mun_a.pk,
            "title": "Квартальный мониторинг",
            "period_kind": "quarter",
            "year": "2025",
            "quarter": "3",
            "indicators": [indicators["teachers_total"].pk, indicators["satisfied"].pk],
            "all_schools": "on",
            "deadline": (timezone.localdate() + timedelta(days=14)).isoformat(),
        },
    )
    collection = Collection.objects.get(title="Квартальный мониторинг")
    assert response.status_code == 302 and response["Location"] == reverse(
        "monitoring:collection_detail", args=[collection.pk]
    )
    assert str(collection.period) == "3 квартал 2025 г."
    assert set(collection.submissions.values_list("school__code", flat=True)) == {"A-1", "A-2"}
    assert "2 школы получат форму" in client.get(response["Location"]).content.decode()


def test_create_form_keeps_input_and_explains_in_russian(world, client_for, indicators):
    response = client_for(world.staff_a).post(
        reverse("monitoring:collection_create"),
        {
            "municipality": world.mun_a.pk,
            "title": "Без школ",
            "period_kind": "quarter",
            "year": "2025",
            "indicators": [indicators["teachers_total"].pk],
            "deadline": (timezone.localdate() + timedelta(days=14)).isoformat(),
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Укажите квартал." in body and "Выберите школы или отметьте" in body and "Без школ" in body
    assert not Collection.objects.exists()


@pytest.mark.parametrize("persona", ["staff_b", "team_a", "methodologist_a"])
def test_only_the_committee_of_a_opens_collections_in_a(world, client_for, indicators, persona):
    response = client_for(getattr(world, persona)).post(
        reverse("monitoring:collection_create") + f"?municipality={world.mun_a.pk}",
        {"municipality": world.mun_a.pk, "title": "Чужой сбор"},
    )
    assert response.status_code == 403


# --- The school's form ---------------------------------------------------------------------------


def test_form_rows_show_last_period_unit_and_range(world, client_for, collection, indicators):
    submission = _submission(collection, world.school_a)
    body = client_for(world.team_a).get(reverse("monitoring:submission_fill", args=[submission.pk])).content.decode()
    assert "Прошлый период" in body and "2024 г." in body
    assert "от 0 до 100" in body and "не меньше 0" in body and "человек" in body
    assert "Сохранить черновик" in body and "Отправить на проверку" in body


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"satisfied": "120"}, "Значение вне допустимого диапазона (от 0 до 100): введено 120."),
        ({"teachers_total": "сорок"}, "«сорок» — не число."),
        ({"teachers_total": "10", "teachers_trained": "12"}, "(12) больше, чем «Численность педагогов» (10)"),
        ({"satisfied": "90"}, "Значение сильно отличается от прошлого периода (было 40)"),
    ],
)
def test_bad_values_show_russian_errors_and_save_nothing(
    world,
    client_for,
    collection,
    indicators,
    values,
    message,
):
    submission = _submission(collection, world.school_a)
    response = client_for(world.team_a).post(
        reverse("monitoring:submission_fill", args=[submission.pk]),
        _form_data(indicators, submission.version, submit=True, **{**GOOD, **values}),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body and "Данные не сохранены" in body
    for typed in values.values():
        assert f'value="{typed}"' in body  # what the user typed stays in the form
    assert not SubmissionValue.objects.exists() and not SubmissionEvent.objects.exists()
    submission.refresh_from_db()
    assert submission.status == Submission.Status.DRAFT


def test_unusual_value_shows_a_confirmation_and_saves_once_ticked(world, client_for, collection, indicators):
    submission = _submission(collection, world.school_a)
    client = client_for(world.team_a)
    url = reverse("monitoring:submission_fill", args=[submission.pk])
    body = client.post(url, _form_data(indicators, 1, **{**GOOD, "satisfied": "90"})).content.decode()
    assert f'name="confirm_{indicators["satisfied"].pk}"' in body and "Значение верно" in body
    response = client.post(url, _form_data(indicators, 1, confirm=["satisfied"], **{**GOOD, "satisfied": "90"}))
    assert response.status_code == 302
    assert SubmissionValue.objects.get(indicator=indicators["satisfied"]).confirmed_unusual


def test_htmx_check_answers_each_rows_errors_without_saving(world, client_for, collection, indicators):
    submission = _submission(collection, world.school_a)
    response = client_for(world.team_a).post(
        reverse("monitoring:submission_check", args=[submission.pk]),
        _form_data(indicators, 1, **{**GOOD, "satisfied": "abc"}),
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert f'id="check-{indicators["satisfied"].pk}" hx-swap-oob="true"' in body and "«abc» — не число" in body
    assert not SubmissionValue.objects.exists()


def test_save_draft_then_submit_from_the_form(world, client_for, collection, indicators):
    submission = _submission(collection, world.school_a)
    client = client_for(world.team_a)
    url = reverse("monitoring:submission_fill", args=[submission.pk])
    response = client.post(url, _form_data(indicators, 1, teachers_total="40"))
    assert response.status_code == 302 and response["Location"] == url
    # Submitting with rows still empty keeps the draft and names what is missing.
    body = client.post(url, _form_data(indicators, 2, submit=True, teachers_total="40")).content.decode()
    assert "Черновик сохранён, но не отправлен" in body and "Заполните значение" in body
    response = client.post(url, _form_data(indicators, 2, submit=True, **GOOD))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SUBMITTED
    assert list(submission.events.values_list("action", flat=True)) == ["saved", "saved", "submitted"]


def test_saving_after_lock_is_refused_with_a_russian_message(world, client_for, collection, indicators):
    submission = _submission(collection, world.school_a)
    submission_save(
        submission=submission,
        values={indicators[c].pk: v for c, v in GOOD.items()},
        confirmations=set(),
        user=world.team_a,
        expected_version=None,
    )
    submission_accept(submission=submission_submit(submission=submission, user=world.team_a), user=world.staff_a)
    client = client_for(world.team_a)
    url = reverse("monitoring:submission_fill", args=[submission.pk])
    response = client.post(url, _form_data(indicators, 99, **{**GOOD, "teachers_total": "41"}), follow=True)
    assert "Ответ принят и заблокирован" in response.content.decode()
    assert SubmissionValue.objects.get(indicator=indicators["teachers_total"]).value == 40
    # The check endpoint is closed too.
    response = client.post(
        reverse("monitoring:submission_check", args=[submission.pk]), {}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 403


# --- Review --------------------------------------------------------------------------------------


def test_review_return_accept_reopen_through_the_pages(world, client_for, collection, indicators):
    submission = _submission(collection, world.school_a)
    team, staff = client_for(world.team_a), client_for(world.staff_a)
    fill = reverse("monitoring:submission_fill", args=[submission.pk])
    review = reverse("monitoring:submission_review", args=[submission.pk])
    detail = reverse("monitoring:submission_detail", args=[submission.pk])
    team.post(fill, _form_data(indicators, 1, submit=True, **GOOD))

    body = staff.get(detail).content.decode()
    assert 'data-testid="decision-form"' in body and "Принять и заблокировать" in body
    body = staff.post(review, {"decision": "return", "comment": ""}, follow=True).content.decode()
    assert "без комментария" in body
    staff.post(review, {"decision": "return", "comment": "Проверьте число педагогов"})
    body = team.get(fill).content.decode()
    assert 'data-testid="return-comment"' in body and "Проверьте число педагогов" in body

    submission.refresh_from_db()
    team.post(fill, _form_data(indicators, submission.version, submit=True, **{**GOOD, "teachers_total": "42"}))
    staff.post(review, {"decision": "accept"})
    staff.post(review, {"decision": "accept"})  # double click
    submission.refresh_from_db()
    assert submission.locked and submission.status == Submission.Status.ACCEPTED
    assert submission.events.filter(action="accepted").count() == 1
    assert IndicatorValue.objects.filter(source="collection", school=world.school_a).count() == 3

    body = staff.get(detail).content.decode()
    assert 'data-testid="reopen-form"' in body
    staff.post(review, {"decision": "reopen", "comment": "Ошибка в численности"})
    submission.refresh_from_db()
    assert not submission.locked
    body = staff.get(detail).content.decode()
    for label in ("Отправлено", "Возвращено", "Принято и заблокировано", "Открыто для исправления"):
        assert label.lower() in body.lower()
    assert "Ошибка в численности" in body and world.staff_a.display_name in body


# --- Tracker -------------------------------------------------------------------------------------


def test_tracker_shows_who_has_not_submitted_first(world, client_for, collection, indicators):
    submission = _submission(collection, world.school_a)
    submission_save(
        submission=submission,
        values={indicators[c].pk: v for c, v in GOOD.items()},
        confirmations=set(),
        user=world.team_a,
        expected_version=None,
    )
    submission_submit(submission=submission, user=world.team_a)
    body = client_for(world.staff_a).get(reverse("monitoring:collection_detail", args=[collection.pk])).content.decode()
    assert body.index('data-school="Школа А-2"') < body.index('data-school="Школа А-1"')
    assert "Ещё не отправили" in body and "Отправили 1 из 2 школ" in body
    assert "не начато" in body and "на проверке" in body


def _collection_with_schools(world, indicators, n: int) -> Collection:
    schools = [SchoolFactory(municipality=world.mun_a) for _ in range(n)]
    collection = collection_open(
        municipality=world.mun_a,
        title=f"Сбор на {n} школ",
        period=period_get_or_create(kind="year", year=2025),
        indicators=indicators.values(),
        schools=schools,
        deadline=timezone.localdate() + timedelta(days=5),
        user=world.staff_a,
    )
    for school in schools[::2]:  # some started, some submitted
        submission = collection.submissions.get(school=school)
        submission_save(
            submission=submission,
            values={indicators[c].pk: v for c, v in GOOD.items()},
            confirmations=set(),
            user=world.staff_a,
            expected_version=None,
        )
    return collection


def test_tracker_query_count_does_not_grow_with_schools(
    world,
    client_for,
    indicators,
    django_assert_max_num_queries,
):
    small = _collection_with_schools(world, indicators, 3)
    large = _collection_with_schools(world, indicators, 20)
    client = client_for(world.staff_a)
    client.get(reverse("monitoring:collection_detail", args=[small.pk]))  # warm the session
    # 12: the page's own reads, and the navigation's two COUNTs of what waits for review.
    with django_assert_max_num_queries(12) as small_queries:
        assert client.get(reverse("monitoring:collection_detail", args=[small.pk])).status_code == 200
    with django_assert_max_num_queries(len(small_queries)) as large_queries:
        body = client.get(reverse("monitoring:collection_detail", args=[large.pk])).content.decode()
    assert body.count("data-state=") >= 20
    assert len(large_queries) == len(small_queries)


def test_collection_list_query_count_does_not_grow(world, client_for, indicators, django_assert_max_num_queries):
    _collection_with_schools(world, indicators, 3)
    client = client_for(world.staff_a)
    client.get(reverse("monitoring:collection_list"))
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("monitoring:collection_list"))
    for n in (4, 5, 6):
        _collection_with_schools(world, indicators, n)
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("monitoring:collection_list"))


def test_choosing_a_share_brings_its_numerator_and_denominator(world, client_for, indicators):
    response = client_for(world.staff_a).post(
        reverse("monitoring:collection_create"),
        {
            "municipality": world.mun_a.pk,
            "title": "Повышение квалификации",
            "period_kind": "academic_year",
            "year": "2026",
            "indicators": [indicators["share_trained"].pk],
            "schools": [world.school_a.pk],
            "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        },
    )
    assert response.status_code == 302
    collection = Collection.objects.get(title="Повышение квалификации")
    assert set(collection.indicators.values_list("code", flat=True)) == {
        "t_share_trained",
        "t_teachers_trained",
        "t_teachers_total",
    }
    assert str(collection.period) == "2025/2026 учебный год"


def test_tracker_exports_to_xlsx_for_the_committee_only(world, client_for, collection, indicators):
    from io import BytesIO

    from openpyxl import load_workbook

    submission_save(
        submission=_submission(collection, world.school_a),
        values={indicators[c].pk: v for c, v in GOOD.items()},
        confirmations=set(),
        user=world.team_a,
        expected_version=None,
    )
    url = reverse("monitoring:collection_export", args=[collection.pk])
    assert client_for(world.team_a).get(url).status_code == 403
    assert client_for(world.staff_b).get(url).status_code == 403
    response = client_for(world.staff_a).get(url)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Код ОО", "Школа", "Состояние")
    assert rows[1][:3] == ("A-2", "Школа А-2", "не начато")
    assert rows[2][1:3] == ("Школа А-1", "черновик") and 45.5 in rows[2]


def test_region_staff_chooses_the_municipality_first(world, client_for):
    from tests.factories import MunicipalityFactory

    mun_c = MunicipalityFactory(region=world.region, name="Город В")
    SchoolFactory(municipality=mun_c, short_name="Школа В-1")
    url = reverse("monitoring:collection_create")
    body = client_for(world.region_staff).get(url, {"municipality": mun_c.pk}).content.decode()
    assert 'id="choose-municipality"' in body and "Школа В-1" in body and "Школа А-1" not in body
    # Committee staff of A cannot open a collection in В by naming it.
    assert client_for(world.staff_a).get(url, {"municipality": mun_c.pk}).status_code == 403
