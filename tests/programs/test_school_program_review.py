"""A school program through the whole expert review with personas: written and submitted by the
team, an expert assigned by the committee, scored and returned, resubmitted with a visible
difference, approved — and nobody outside the assignment can score it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import ProgramReview, ReviewAssignment, SchoolProgram, SchoolProgramVersion
from programs.selectors import reviews as review_reads
from programs.services import reviews as review_svc
from programs.services import school_programs as svc
from programs.services.errors import ProgramRuleError
from schools.models import Membership, Role
from tests.factories import MembershipFactory, UserFactory

ANALYSIS = "Средний балл ОГЭ по математике ниже регионального; 17 % обучающихся — дети-инофоны, много неполных семей."


def _form_data(program: SchoolProgram | None = None, **overrides) -> dict:
    data = {
        "kind": "effective_mode",
        "title": "Программа перехода в эффективный режим работы",
        "period_start": 2025,
        "period_end": 2027,
        "municipal_program": "",
        "analysis": ANALYSIS,
        "goals": "Повысить средний балл ОГЭ по математике",
        "tasks": "Организовать наставничество\nВовлечь родителей",
        "results": "Доля выпускников, получивших «2» по математике, снизится",
        "version": program.version if program else "",
        "m-TOTAL_FORMS": "1",
        "m-INITIAL_FORMS": "0",
        "m-0-number": "1",
        "m-0-title": "Методический семинар по математике",
        "m-0-task_number": "1",
        "m-0-deadline": "2025-10-15",
        "m-0-responsible": "Заместитель директора по УВР",
        "i-TOTAL_FORMS": "1",
        "i-INITIAL_FORMS": "0",
        "i-0-name": "Средний балл ОГЭ по математике",
        "i-0-unit": "балл",
        "i-0-baseline": "11,2",
        "i-0-target": "13,5",
        "i-0-target_year": "2027",
    }
    data.update(overrides)
    return data


@pytest.fixture
def written(world, client_for):
    """A program written by the team of school A through the pages."""
    team = client_for(world.team_a)
    response = team.post(
        reverse("programs:school_program_create") + f"?school={world.school_a.pk}",
        {k: v for k, v in _form_data().items() if not k.startswith(("m-", "i-"))},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    program = SchoolProgram.objects.get(school=world.school_a)
    response = team.post(reverse("programs:school_program_edit", args=[program.pk]), _form_data(program))
    ctx = response.context
    assert response.status_code == 302, ctx and (ctx["form"].errors, ctx["measures"].errors, ctx["indicators"].errors)
    program.refresh_from_db()
    return program


def test_incomplete_program_is_not_submitted_and_names_the_missing_sections(world, client_for):
    program = svc.school_program_create(
        user=world.team_a, school=world.school_a, data={"title": "Черновик", "period_start": 2025, "period_end": 2026}
    )
    response = client_for(world.team_a).post(reverse("programs:school_program_submit", args=[program.pk]), follow=True)
    text = response.content.decode()
    assert "Программу нельзя подать на экспертизу" in text
    for section in ("анализ ситуации", "цели", "задачи", "мероприятия", "ожидаемые результаты", "показатели"):
        assert section in text
    program.refresh_from_db()
    assert program.status == SchoolProgram.Status.DRAFT
    assert not SchoolProgramVersion.objects.filter(program=program).exists()


def test_measure_without_deadline_blocks_submission(world, written, client_for):
    written.measures.update(deadline=None)
    with pytest.raises(ProgramRuleError, match="сроки и ответственные"):
        svc.school_program_submit(user=world.team_a, program=written)


def _review_post(client, program, *, verdict, score=2, summary="", **comments):
    criteria = review_reads.criteria_for(program.school.municipality)
    data = {f"score_{c.pk}": score for c in criteria}
    data.update({"verdict": verdict, "summary": summary})
    data.update({f"comment_{k}": v for k, v in comments.items()})
    return client.post(reverse("programs:school_program_review", args=[program.pk]), data)


def test_whole_review_cycle(world, written, client_for, django_capture_on_commit_callbacks):
    team, staff = client_for(world.team_a), client_for(world.staff_a)
    expert = client_for(world.methodologist_a)

    # Submitted by the team: version 1 is frozen.
    team.post(reverse("programs:school_program_submit", args=[written.pk]))
    written.refresh_from_db()
    assert written.status == SchoolProgram.Status.SUBMITTED
    assert written.versions.get().number == 1

    # Nobody may score before being assigned — not even the school's curator methodologist.
    response = _review_post(expert, written, verdict="approve")
    assert response.status_code == 403

    # The committee assigns the methodologist; the program is now under review and in their inbox.
    deadline = date.today() + timedelta(days=10)
    response = staff.post(
        reverse("programs:school_program_assign", args=[written.pk]),
        {"reviewer": world.methodologist_a.pk, "deadline": deadline.isoformat()},
    )
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.status == SchoolProgram.Status.UNDER_REVIEW
    inbox = expert.get(reverse("programs:review_inbox")).content.decode()
    assert written.title in inbox

    # Scores outside the scale are refused in Russian, nothing saved.
    response = _review_post(expert, written, verdict="approve", score=7)
    assert response.status_code == 200
    assert "Убедитесь, что это значение меньше либо равно 2" in response.content.decode()
    assert not ProgramReview.objects.exists()

    # Returned with per-section comments; the team sees them.
    response = _review_post(
        expert,
        written,
        verdict="return",
        score=1,
        summary="Доработать показатели",
        indicators="Нет показателя по русскому языку",
    )
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.status == SchoolProgram.Status.RETURNED
    page = team.get(written.get_absolute_url()).content.decode()
    assert "Нет показателя по русскому языку" in page and "Доработать показатели" in page

    # The team edits (adds an indicator) and resubmits: version 2.
    data = _form_data(
        written,
        **{
            "i-TOTAL_FORMS": "2",
            "i-INITIAL_FORMS": "1",
            "i-0-id": str(written.indicators.get().pk),
            "i-1-name": "Средний балл ОГЭ по русскому языку",
            "i-1-unit": "балл",
            "i-1-baseline": "22",
            "i-1-target": "24",
            "i-1-target_year": "2027",
        },
    )
    assert team.post(reverse("programs:school_program_edit", args=[written.pk]), data).status_code == 302
    team.post(reverse("programs:school_program_submit", args=[written.pk]))
    written.refresh_from_db()
    assert written.status == SchoolProgram.Status.RESUBMITTED
    assert list(written.versions.values_list("number", flat=True)) == [1, 2]

    # The reviewer sees what changed since the version they reviewed.
    page = expert.get(reverse("programs:school_program_review", args=[written.pk])).content.decode()
    assert "Что изменилось с версии 1" in page
    assert "Средний балл ОГЭ по русскому языку" in page and "добавлено" in page

    # Approved: the program is approved and every step is in its story.
    response = _review_post(expert, written, verdict="approve", summary="Замечания учтены")
    assert response.status_code == 302
    written.refresh_from_db()
    assert written.status == SchoolProgram.Status.APPROVED
    actions = list(written.events.values_list("action", flat=True))
    assert actions == [
        "создана",
        "подана на экспертизу",
        "назначен эксперт",
        "возвращена на доработку",
        "подана повторно",
        "утверждена",
    ]
    reviews = list(ProgramReview.objects.order_by("pk").values_list("version__number", "verdict"))
    assert reviews == [(1, "return"), (2, "approve")]


@pytest.fixture
def under_review(world, written):
    svc.school_program_submit(user=world.team_a, program=written)
    review_svc.assign_reviewer(
        user=world.staff_a, program=written, reviewer=world.methodologist_a, deadline=date.today() + timedelta(days=5)
    )
    written.refresh_from_db()
    return written


@pytest.mark.parametrize("persona", ["staff_a", "staff_b", "region_staff", "team_a", "api_a"])
def test_nobody_outside_the_assignment_can_score(world, under_review, client_for, persona):
    user = getattr(world, persona)
    assert _review_post(client_for(user), under_review, verdict="approve").status_code == 403
    with pytest.raises(ProgramRuleError, match="только назначенный"):
        review_svc.review_submit(user=user, program=under_review, scores={}, section_comments={}, verdict="approve")
    assert not ProgramReview.objects.exists()


def test_anonymous_is_sent_to_login(world, under_review, client_for):
    response = client_for(None).get(reverse("programs:school_program_review", args=[under_review.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_reviewer_cannot_review_their_own_school(world, written):
    svc.school_program_submit(user=world.team_a, program=written)
    MembershipFactory(user=world.methodologist_a, role=Role.SCHOOL_TEAM, school=world.school_a)
    with pytest.raises(ProgramRuleError, match="своей школы"):
        review_svc.assign_reviewer(
            user=world.staff_a, program=written, reviewer=world.methodologist_a, deadline=date.today()
        )
    assert world.methodologist_a not in review_reads.reviewer_candidates(written)


def test_conflict_of_interest_removes_the_assignment(world, under_review, client_for):
    expert = client_for(world.methodologist_a)
    url = reverse("programs:school_program_conflict", args=[under_review.pk])
    response = expert.post(url, {"reason": ""})
    assert "Обязательное поле" in response.content.decode()
    assert expert.post(url, {"reason": "Мой супруг — директор этой школы"}).status_code == 302
    assignment = ReviewAssignment.objects.get()
    assert assignment.state == ReviewAssignment.State.CONFLICT
    assert _review_post(expert, under_review, verdict="approve").status_code == 403
    staff_page = client_for(world.staff_a).get(under_review.get_absolute_url()).content.decode()
    assert "Мой супруг — директор этой школы" in staff_page
    # Someone else may now be assigned.
    other = UserFactory(username="expert2")
    MembershipFactory(user=other, role=Role.METHODOLOGIST, municipality=world.mun_a)
    assert other in review_reads.reviewer_candidates(under_review)
    review_svc.assign_reviewer(user=world.staff_a, program=under_review, reviewer=other, deadline=date.today())


def test_returning_without_saying_why_is_refused(world, under_review, client_for):
    response = _review_post(client_for(world.methodologist_a), under_review, verdict="return")
    assert "напишите, что нужно доработать" in response.content.decode()
    under_review.refresh_from_db()
    assert under_review.status == SchoolProgram.Status.UNDER_REVIEW


def test_two_reviewers_both_must_approve(world, under_review):
    other = UserFactory(username="expert2")
    MembershipFactory(user=other, role=Role.METHODOLOGIST, municipality=world.mun_a)
    review_svc.assign_reviewer(user=world.staff_a, program=under_review, reviewer=other, deadline=date.today())
    scores = {c.pk: 2 for c in review_reads.criteria_for(world.mun_a)}
    review_svc.review_submit(
        user=world.methodologist_a, program=under_review, scores=scores, section_comments={}, verdict="approve"
    )
    assert under_review.status == SchoolProgram.Status.UNDER_REVIEW
    with pytest.raises(ProgramRuleError, match="уже дали заключение"):
        review_svc.review_submit(
            user=world.methodologist_a, program=under_review, scores=scores, section_comments={}, verdict="approve"
        )
    review_svc.review_submit(user=other, program=under_review, scores=scores, section_comments={}, verdict="approve")
    assert under_review.status == SchoolProgram.Status.APPROVED


def test_team_cannot_edit_while_under_review_and_other_schools_cannot_see(world, under_review, client_for):
    assert (
        client_for(world.team_a).get(reverse("programs:school_program_edit", args=[under_review.pk])).status_code == 403
    )
    outsider = UserFactory(username="team_a2")
    MembershipFactory(user=outsider, role=Role.SCHOOL_TEAM, school=world.school_a2)
    assert client_for(outsider).get(under_review.get_absolute_url()).status_code == 403
    assert client_for(world.staff_b).get(under_review.get_absolute_url()).status_code == 403
    assert client_for(world.staff_a).get(under_review.get_absolute_url()).status_code == 200


def test_stale_edit_is_refused_and_keeps_the_first_change(world, written, client_for):
    team = client_for(world.team_a)
    stale = _form_data(written, title="Вторая редакция")
    first = _form_data(written, title="Первая редакция")
    first["m-INITIAL_FORMS"] = stale["m-INITIAL_FORMS"] = "1"
    first["m-0-id"] = stale["m-0-id"] = str(written.measures.get().pk)
    first["i-INITIAL_FORMS"] = stale["i-INITIAL_FORMS"] = "1"
    first["i-0-id"] = stale["i-0-id"] = str(written.indicators.get().pk)
    assert team.post(reverse("programs:school_program_edit", args=[written.pk]), first).status_code == 302
    response = team.post(reverse("programs:school_program_edit", args=[written.pk]), stale)
    assert response.status_code == 200 and "уже изменил" in response.content.decode()
    written.refresh_from_db()
    assert written.title == "Первая редакция"
    assert written.measures.count() == 1 and written.indicators.count() == 1


def test_executable_attachment_is_refused(world, written, client_for):
    upload = SimpleUploadedFile("план.pdf", b"MZ\x90\x00" + b"\x00" * 100, content_type="application/pdf")
    response = client_for(world.team_a).post(
        reverse("programs:school_program_attach", args=[written.pk]), {"file": upload}, follow=True
    )
    assert "не является файлом PDF" in response.content.decode()
    assert not written.attachments.exists()
    exe = SimpleUploadedFile("setup.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    response = client_for(world.team_a).post(
        reverse("programs:school_program_attach", args=[written.pk]), {"file": exe}, follow=True
    )
    assert "допустимы PDF" in response.content.decode()
    assert not written.attachments.exists()


def test_criteria_template_edited_by_committee_only(world, client_for):
    url = reverse("programs:review_criteria", args=[world.mun_a.pk])
    assert client_for(world.team_a).get(url).status_code == 403
    assert client_for(world.staff_b).get(url).status_code == 403
    data = {
        "c-TOTAL_FORMS": "1",
        "c-INITIAL_FORMS": "0",
        "c-0-text": "Программа согласована с управляющим советом",
        "c-0-max_score": "3",
    }
    assert client_for(world.staff_a).post(url, data).status_code == 302
    assert [c.text for c in review_reads.criteria_for(world.mun_a)] == ["Программа согласована с управляющим советом"]
    # Other municipalities keep the portal default.
    assert len(review_reads.criteria_for(world.mun_b)) == 5


def test_inbox_orders_by_deadline_and_drops_reviewed(world, under_review):
    items = review_svc_inbox(world)
    assert [i.assignment.program_id for i in items] == [under_review.pk]
    scores = {c.pk: 2 for c in review_reads.criteria_for(world.mun_a)}
    review_svc.review_submit(
        user=world.methodologist_a, program=under_review, scores=scores, section_comments={}, verdict="approve"
    )
    assert review_svc_inbox(world) == []


def review_svc_inbox(world):
    from programs.selectors.reviews import reviewer_inbox

    return reviewer_inbox(user=world.methodologist_a)


def test_memberships_unchanged(world):
    # The persona fixture gives the methodologist no school team membership (the own-school test adds one).
    assert not Membership.objects.filter(user=world.methodologist_a, role=Role.SCHOOL_TEAM).exists()


def test_review_reminders_once_a_day_before_and_after_the_deadline(world, under_review, mailoutbox):
    from programs.services.review_reminders import review_reminders_send

    world.methodologist_a.email = "expert@example.org"
    world.methodologist_a.save()
    assignment = ReviewAssignment.objects.get()
    far = assignment.deadline - timedelta(days=5)
    assert review_reminders_send(today=far) == 0
    near = assignment.deadline - timedelta(days=1)
    assert review_reminders_send(today=near) == 1
    assert review_reminders_send(today=near) == 0  # once a day
    assert "Приближается срок" in mailoutbox[0].subject and under_review.title in mailoutbox[0].body
    late = assignment.deadline + timedelta(days=1)
    assert review_reminders_send(today=late) == 1
    assert "Просрочена" in mailoutbox[1].subject
    # Reviewed: nothing more to remind.
    scores = {c.pk: 2 for c in review_reads.criteria_for(world.mun_a)}
    review_svc.review_submit(
        user=world.methodologist_a, program=under_review, scores=scores, section_comments={}, verdict="approve"
    )
    assert review_reminders_send(today=late + timedelta(days=1)) == 0


def test_review_page_hides_unchanged_sections_and_sums_up_errors_at_the_top(world, under_review, client_for):
    team, expert = client_for(world.team_a), client_for(world.methodologist_a)
    assert _review_post(expert, under_review, verdict="return", score=1, summary="Доработать").status_code == 302
    under_review.refresh_from_db()
    data = _form_data(
        under_review,
        **{
            "i-TOTAL_FORMS": "2",
            "i-INITIAL_FORMS": "1",
            "i-0-id": str(under_review.indicators.get().pk),
            "i-1-name": "Средний балл ОГЭ по русскому языку",
            "i-1-unit": "балл",
            "i-1-baseline": "22",
            "i-1-target": "24",
            "i-1-target_year": "2027",
        },
    )
    assert team.post(reverse("programs:school_program_edit", args=[under_review.pk]), data).status_code == 302
    team.post(reverse("programs:school_program_submit", args=[under_review.pk]))
    url = reverse("programs:school_program_review", args=[under_review.pk])

    page = expert.get(url).content.decode()
    assert page.count("<table") == 1  # only the changed section (indicators) has a было/стало table
    assert 'data-testid="diff-unchanged"' in page and "Без изменений" in page and "Паспорт" in page
    assert 'data-testid="error-summary"' not in page

    # An invalid POST: the summary at the top lists every error, each linking to its field.
    criteria = review_reads.criteria_for(under_review.school.municipality)
    response = expert.post(url, {f"score_{c.pk}": 7 for c in criteria})
    assert response.status_code == 200
    page = response.content.decode()
    summary_at = page.index('data-testid="error-summary"')
    assert summary_at < page.index('data-testid="diff"') < page.index('<form method="post" class="col-lg-9"')
    summary = page[summary_at : page.index("</div>", summary_at)]
    assert 'role="alert"' in page[summary_at - 60 : summary_at]
    for c in criteria:
        assert f'href="#id_score_{c.pk}"' in summary and f'id="id_score_{c.pk}"' in page
    assert 'href="#id_verdict_0"' in summary and 'id="id_verdict_0"' in page
    assert page.count("invalid-feedback") >= len(criteria) + 1  # the field errors stay at the fields
    assert ProgramReview.objects.count() == 1


def test_error_summary_follows_the_page_order(world, under_review, client_for):
    url = reverse("programs:school_program_review", args=[under_review.pk])
    page = client_for(world.methodologist_a).post(url, {}).content.decode()
    summary = page[page.index('data-testid="error-summary"') :]
    summary = summary[: summary.index("</div>")]
    criteria = review_reads.criteria_for(under_review.school.municipality)
    assert summary.index(f"#id_score_{criteria[0].pk}") < summary.index("#id_verdict_0")
    assert ">Решение</a>" in summary
