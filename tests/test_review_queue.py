"""«Проверка отчётов» (config/review_queue.py): progress reports and collection answers waiting for
a decision, oldest first, only in the viewer's area; accept / return from the list (htmx and
plain POST), each decision once; return needs a comment; whoever filed a report does not decide
on it; the navigation badge and the home line count exactly the rows of the page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from config.review_queue import queue_rows
from monitoring.models import Indicator, Submission, SubmissionEvent
from monitoring.services.collections import collection_open, submission_save, submission_submit
from monitoring.services.periods import period_get_or_create
from programs.models import ProgressReport, ProgressReview
from programs.selectors.review_queue import waiting_reports, waiting_reports_count
from programs.services.progress import ProgressTarget, progress_file
from schools.models import Role
from tests.factories import AssignmentFactory, MembershipFactory, UserFactory
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
QUEUE = "review_queue"


def _rows(html: str) -> list[tuple[str, int]]:
    return [(kind, int(pk)) for kind, pk in re.findall(r'data-kind="(\w+)" data-pk="(\d+)"', html)]


def _badge(html: str) -> int:
    return int(re.search(r'data-testid="nav-review-count" data-value="(\d+)"', html).group(1))


def _at(days_ago: int):
    return timezone.now() - timedelta(days=days_ago)


def _file(program, world, *, user, school, occurrence_index=0, days_ago=0) -> ProgressReport:
    occurrence = list(program.measures.get(number="1.1").occurrences.order_by("due_date"))[occurrence_index]
    report = progress_file(
        target=ProgressTarget(occurrence, school=school), user=user, status="done", narrative="Семинар проведён"
    )
    # The sending time decides the order: set it as if the report had been sent days ago.
    ProgressReview.objects.filter(report=report).update(at=_at(days_ago))
    return report


def _submitted(world, *, municipality, school, user, days_ago: int, title: str) -> Submission:
    indicator = Indicator.objects.get(code="teachers_total")
    collection = collection_open(
        municipality=municipality,
        title=title,
        period=period_get_or_create(kind="academic_year", year=2026),
        indicators=[indicator],
        schools=[school],
        deadline=timezone.localdate() + timedelta(days=5),
        user=user,
    )
    submission = collection.submissions.get()
    submission = submission_save(
        submission=submission, values={indicator.pk: "40"}, confirmations=(), user=user, expected_version=None
    )
    submission = submission_submit(submission=submission, user=user)
    Submission.objects.filter(pk=submission.pk).update(submitted_at=_at(days_ago))
    return submission


@pytest.fixture
def queue(world):
    """Municipality A: a report sent 5 days ago, an answer sent 3 days ago, a report staff_a filed
    for school A-1 yesterday (on its behalf). Municipality B: an answer of its own school."""
    program = make_program(world)
    old = _file(program, world, user=world.team_a, school=world.school_a, occurrence_index=0, days_ago=5)
    answer = _submitted(
        world, municipality=world.mun_a, school=world.school_a, user=world.team_a, days_ago=3, title="Сбор А"
    )
    own = _file(program, world, user=world.staff_a, school=world.school_a, occurrence_index=1, days_ago=1)
    staff_b_team = UserFactory(username="team_b")
    MembershipFactory(user=staff_b_team, role=Role.SCHOOL_TEAM, school=world.school_b)
    other = _submitted(
        world, municipality=world.mun_b, school=world.school_b, user=staff_b_team, days_ago=10, title="Сбор Б"
    )
    return {"program": program, "old": old, "answer": answer, "own": own, "other": other}


# --- Who sees what, in which order ---------------------------------------------------------------


def test_waiting_items_oldest_first_in_the_viewers_area(world, client_for, queue):
    html = client_for(world.staff_a).get(reverse(QUEUE)).content.decode()
    assert _rows(html) == [
        ("reports", queue["old"].pk),
        ("collections", queue["answer"].pk),
        ("reports", queue["own"].pk),
    ]
    assert "Сбор Б" not in html
    # The region sees the same items of its municipality; staff of B only B's answer.
    assert _rows(client_for(world.region_staff).get(reverse(QUEUE)).content.decode()) == _rows(html)
    assert _rows(client_for(world.staff_b).get(reverse(QUEUE)).content.decode()) == [("collections", queue["other"].pk)]


def test_a_resent_report_waits_since_it_was_sent_again(world, queue):
    ProgressReview.objects.filter(report=queue["old"]).update(at=_at(0))
    assert [r.item.pk for r in queue_rows(user=world.staff_a)][-1] == queue["old"].pk


@pytest.mark.parametrize(("persona", "status"), [("team_a", 403), ("api_a", 403), ("staff_b", 200)])
def test_who_may_open_the_page(world, client_for, queue, persona, status):
    assert client_for(getattr(world, persona)).get(reverse(QUEUE)).status_code == status


def test_anonymous_is_asked_to_log_in(client_for):
    response = client_for(None).get(reverse(QUEUE))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_row_says_what_who_when_and_gives_the_files(world, client_for, queue):
    html = client_for(world.region_staff).get(reverse(QUEUE)).content.decode()
    assert "1.1. Семинар для учителей" in html and "Школа А-1" in html and "Сбор А" in html
    assert "подан от имени школы" in html  # staff_a filed the second report for the school
    assert reverse("programs:report", args=[queue["old"].pk]) in html
    assert reverse("monitoring:submission_detail", args=[queue["answer"].pk]) in html


def test_filters(world, client_for, queue):
    client = client_for(world.staff_a)
    only = lambda query: _rows(client.get(reverse(QUEUE) + query).content.decode())  # noqa: E731
    assert only("?kind=collections") == [("collections", queue["answer"].pk)]
    assert only("?kind=reports") == [("reports", queue["old"].pk), ("reports", queue["own"].pk)]
    assert only(f"?program={queue['program'].pk}") == [("reports", queue["old"].pk), ("reports", queue["own"].pk)]
    assert only(f"?school={world.school_a2.pk}") == []
    assert len(only("?school=x&program=&kind=nonsense")) == 3  # nonsense filters are ignored


# --- Decisions from the list ---------------------------------------------------------------------


def test_accept_with_htmx_replaces_the_row_and_happens_once(world, client_for, queue):
    client = client_for(world.staff_a)
    url = reverse("review_queue_report", args=[queue["old"].pk])
    response = client.post(url, {"decision": "accept", "comment": ""}, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "Отчёт принят" in html and 'data-testid="queue-row-done"' in html
    assert 'hx-swap-oob="true"' in html and _badge(html) == 2  # the badge follows
    again = client.post(url, {"decision": "accept"}, **HTMX).content.decode()
    assert "уже проверен" in again
    queue["old"].refresh_from_db()
    assert queue["old"].review == ProgressReport.Review.ACCEPTED
    assert queue["old"].reviews.filter(action=ProgressReview.Action.ACCEPTED).count() == 1


def test_accept_without_javascript_returns_to_the_filtered_list(world, client_for, queue):
    client = client_for(world.staff_a)
    url = reverse("review_queue_submission", args=[queue["answer"].pk])
    response = client.post(url, {"decision": "accept", "kind": "collections"})
    assert response.status_code == 302 and response["Location"] == reverse(QUEUE) + "?kind=collections"
    page = client.get(response["Location"]).content.decode()
    assert "Ответ принят" in page and _rows(page) == []
    queue["answer"].refresh_from_db()
    assert queue["answer"].status == Submission.Status.ACCEPTED and queue["answer"].locked
    client.post(url, {"decision": "accept"})
    assert queue["answer"].events.filter(action=SubmissionEvent.Action.ACCEPTED).count() == 1


@pytest.mark.parametrize("kind", ["report", "submission"])
def test_return_without_a_comment_is_refused_in_russian(world, client_for, queue, kind):
    item = queue["old"] if kind == "report" else queue["answer"]
    url = reverse(f"review_queue_{kind}", args=[item.pk])
    client = client_for(world.staff_a)
    html = client.post(url, {"decision": "return", "comment": "  "}, **HTMX).content.decode()
    assert 'data-testid="queue-error"' in html and "без комментария" in html
    assert f'data-pk="{item.pk}"' in html  # the row stays, with its buttons
    plain = client.post(url, {"decision": "return", "comment": ""}, follow=True).content.decode()
    assert "без комментария" in plain
    item.refresh_from_db()
    if kind == "report":
        assert item.review == ProgressReport.Review.SUBMITTED and item.reviews.count() == 1
    else:
        assert item.status == Submission.Status.SUBMITTED


def test_return_with_a_comment(world, client_for, queue):
    url = reverse("review_queue_report", args=[queue["old"].pk])
    html = client_for(world.staff_a).post(url, {"decision": "return", "comment": "Приложите программу"}, **HTMX)
    assert "возвращён на доработку" in html.content.decode()
    queue["old"].refresh_from_db()
    assert queue["old"].review == ProgressReport.Review.RETURNED
    assert queue["old"].review_comment == "Приложите программу"


def test_own_report_has_no_buttons_and_its_decision_is_refused(world, client_for, queue):
    client = client_for(world.staff_a)
    html = client.get(reverse(QUEUE)).content.decode()
    own_row = re.search(rf'<tr id="queue-reports-{queue["own"].pk}".*?</tr>', html, re.S).group(0)
    assert "решение примет другой сотрудник" in own_row and "<form" not in own_row
    response = client.post(
        reverse("review_queue_report", args=[queue["own"].pk]), {"decision": "accept"}, **HTMX
    ).content.decode()
    assert "Вы сами подали этот отчёт" in response
    queue["own"].refresh_from_db()
    assert queue["own"].review == ProgressReport.Review.SUBMITTED
    # A colleague decides on it.
    client_for(world.region_staff).post(reverse("review_queue_report", args=[queue["own"].pk]), {"decision": "accept"})
    queue["own"].refresh_from_db()
    assert queue["own"].review == ProgressReport.Review.ACCEPTED


@pytest.mark.parametrize("persona", ["staff_b", "team_a", "api_a"])
def test_outsiders_cannot_decide(world, client_for, queue, persona):
    client = client_for(getattr(world, persona))
    assert (
        client.post(reverse("review_queue_report", args=[queue["old"].pk]), {"decision": "accept"}).status_code == 403
    )
    url = reverse("review_queue_submission", args=[queue["answer"].pk])
    assert client.post(url, {"decision": "accept"}).status_code == 403
    queue["old"].refresh_from_db()
    assert queue["old"].review == ProgressReport.Review.SUBMITTED


def test_a_decision_must_be_named(world, client_for, queue):
    url = reverse("review_queue_report", args=[queue["old"].pk])
    assert client_for(world.staff_a).post(url, {"decision": "delete"}).status_code == 400
    assert client_for(world.staff_a).get(url).status_code == 405


# --- Curators ------------------------------------------------------------------------------------


def test_a_curator_decides_on_the_reports_of_assigned_schools(world, client_for, queue):
    client = client_for(world.methodologist_a)
    html = client.get(reverse(QUEUE)).content.decode()
    assert _rows(html) == [("reports", queue["old"].pk), ("reports", queue["own"].pk)]  # no collections
    assert _badge(html) == 2
    assert client.get(reverse("programs:report", args=[queue["old"].pk])).status_code == 200
    client.post(reverse("review_queue_report", args=[queue["old"].pk]), {"decision": "accept"})
    queue["old"].refresh_from_db()
    assert queue["old"].review == ProgressReport.Review.ACCEPTED and queue["old"].reviewed_by == world.methodologist_a
    url = reverse("review_queue_submission", args=[queue["answer"].pk])
    assert client.post(url, {"decision": "accept"}).status_code == 403


def test_a_curator_of_another_school_sees_and_decides_nothing(world, client_for, queue):
    curator = UserFactory(username="curator_a2")
    MembershipFactory(user=curator, role=Role.METHODOLOGIST, municipality=world.mun_a)
    AssignmentFactory(methodologist=curator, school=world.school_a2)
    client = client_for(curator)
    assert _rows(client.get(reverse(QUEUE)).content.decode()) == []
    assert (
        client.post(reverse("review_queue_report", args=[queue["old"].pk]), {"decision": "accept"}).status_code == 403
    )
    assert client.get(reverse("programs:report", args=[queue["old"].pk])).status_code == 403


def test_a_methodologist_without_schools_has_no_queue(world, client_for):
    lonely = UserFactory(username="lonely")
    MembershipFactory(user=lonely, role=Role.METHODOLOGIST, municipality=world.mun_a)
    client = client_for(lonely)
    assert client.get(reverse(QUEUE)).status_code == 403
    assert "Проверка отчётов" not in client.get(reverse("home")).content.decode()


def test_every_listed_report_is_one_the_viewer_may_decide_on(world, queue):
    for persona in ("staff_a", "region_staff", "methodologist_a"):
        user = getattr(world, persona)
        for report in waiting_reports(user=user):
            assert user.has_perm("programs.decide_report", report), (persona, report.pk)


def test_the_report_page_follows_the_same_rule(world, client_for, queue):
    """The report page's own form (programs:review) asks decide_report too: a curator decides
    there, whoever filed the report sees the note instead of the buttons."""
    client = client_for(world.methodologist_a)
    page = client.get(reverse("programs:report", args=[queue["old"].pk])).content.decode()
    assert "Вернуть на доработку" in page
    client.post(reverse("programs:review", args=[queue["old"].pk]), {"decision": "return", "comment": "Нет файлов"})
    queue["old"].refresh_from_db()
    assert queue["old"].review == ProgressReport.Review.RETURNED
    own = client_for(world.staff_a).get(reverse("programs:report", args=[queue["own"].pk])).content.decode()
    assert "решение примет другой сотрудник" in own and 'value="accept"' not in own


# --- The count -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staff_a", "region_staff", "staff_b", "methodologist_a"])
def test_the_navigation_count_is_the_number_of_rows(world, client_for, queue, persona):
    html = client_for(getattr(world, persona)).get(reverse(QUEUE)).content.decode()
    assert _badge(html) == len(_rows(html)) > 0


@pytest.mark.parametrize("persona", ["staff_a", "region_staff"])
def test_the_home_line_counts_the_rows_it_links_to(world, client_for, queue, persona):
    client = client_for(getattr(world, persona))
    home = client.get(reverse("home")).content.decode()
    line = re.search(
        r'<a href="([^"]+)" data-count="review" data-value="(\d+)"[^>]*>[^<]*<i[^>]*></i> Проверка отчётов: ждут решения',
        home,
    )
    assert line and line.group(1) == reverse(QUEUE)
    assert int(line.group(2)) == _badge(home) == len(_rows(client.get(line.group(1)).content.decode()))


def test_the_count_is_two_queries_whatever_the_number(world, queue, django_assert_max_num_queries):
    from schools.access import scope_of

    scope_of(world.staff_a)  # the scope is read once per request anyway
    with django_assert_max_num_queries(1):
        assert waiting_reports_count(user=world.staff_a) == 2
    from monitoring.selectors.collections import waiting_submissions_count

    with django_assert_max_num_queries(1):
        assert waiting_submissions_count(user=world.staff_a) == 1


def test_an_htmx_fragment_elsewhere_does_not_count(world, rf, django_assert_max_num_queries):
    """A polled fragment (a run's progress every two seconds) must not pay for the badge."""
    from django_htmx.middleware import HtmxDetails

    from config.navigation import navigation
    from schools.access import scope_of

    request = rf.get("/indices/1/", HTTP_HX_REQUEST="true")
    request.user, request.htmx = world.staff_a, HtmxDetails(rf.get("/", HTTP_HX_REQUEST="true"))
    scope_of(world.staff_a)
    navigation(request)  # Django's own permission cache (the «Ещё» menu asks one) is filled once
    with django_assert_max_num_queries(0):
        items = navigation(request)["nav_items"]
    assert ("Проверка отчётов", reverse(QUEUE), None) in items
