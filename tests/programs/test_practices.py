"""The bank of best practices: submission by a school, review by its methodologist, publication,
and Russian full-text search with filters."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from programs.models import Practice, PracticeTag
from programs.selectors import practices as practice_reads
from programs.services import practices as svc
from programs.services.errors import ProgramRuleError

TEXT = {
    "title": "Родительский университет",
    "problem": "Родители не участвуют в подготовке детей к ОГЭ",
    "actions": "Ежемесячные встречи родителей с учителями-предметниками, открытые уроки",
    "results": "Доля родителей, посетивших встречи, выросла с 20 до 65 %",
    "authors": "Иванова О. П., заместитель директора",
}


def _published(world, **overrides) -> Practice:
    practice = svc.practice_create(user=world.team_a, school=world.school_a, data={**TEXT, **overrides})
    svc.practice_submit(user=world.team_a, practice=practice)
    return svc.practice_review(user=world.methodologist_a, practice=practice, publish=True)


def test_team_submits_methodologist_publishes_public_sees(world, client_for):
    team = client_for(world.team_a)
    tag = PracticeTag.objects.get(kind="area", name="Работа с семьями")
    data = {**TEXT, "tags": [tag.pk]}
    response = team.post(reverse("programs:practice_create") + f"?school={world.school_a.pk}", data)
    assert response.status_code == 302
    practice = Practice.objects.get()
    assert practice.status == Practice.Status.DRAFT and list(practice.tags.all()) == [tag]

    # A draft is nobody's business outside the school.
    assert client_for(None).get(practice.get_absolute_url()).status_code == 302
    assert client_for(world.staff_b).get(practice.get_absolute_url()).status_code == 403

    team.post(reverse("programs:practice_submit", args=[practice.pk]))
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED
    inbox = client_for(world.methodologist_a).get(reverse("programs:review_inbox")).content.decode()
    assert TEXT["title"] in inbox

    # The team cannot publish its own practice; the school's methodologist can.
    assert (
        team.post(reverse("programs:practice_review", args=[practice.pk]), {"decision": "publish"}).status_code == 403
    )
    client_for(world.methodologist_a).post(
        reverse("programs:practice_review", args=[practice.pk]), {"decision": "publish"}
    )
    practice.refresh_from_db()
    assert practice.status == Practice.Status.PUBLISHED and practice.reviewed_by == world.methodologist_a

    public = client_for(None)
    assert TEXT["title"] in public.get(reverse("programs:practices")).content.decode()
    assert TEXT["results"] in public.get(practice.get_absolute_url()).content.decode()


def test_return_needs_a_comment_and_keeps_the_practice_editable(world, client_for):
    practice = svc.practice_create(user=world.team_a, school=world.school_a, data=TEXT)
    svc.practice_submit(user=world.team_a, practice=practice)
    with pytest.raises(ProgramRuleError, match="напишите, что нужно доработать"):
        svc.practice_review(user=world.methodologist_a, practice=practice, publish=False)
    svc.practice_review(user=world.methodologist_a, practice=practice, publish=False, comment="Добавьте цифры")
    practice.refresh_from_db()
    assert practice.status == Practice.Status.RETURNED
    page = client_for(world.team_a).get(practice.get_absolute_url()).content.decode()
    assert "Добавьте цифры" in page
    svc.practice_update(user=world.team_a, practice=practice, data=TEXT, tags=[], expected_version=practice.version)


def test_unassigned_methodologist_and_other_committee_cannot_review(world):
    from tests.factories import MembershipFactory, UserFactory

    practice = svc.practice_create(user=world.team_a, school=world.school_a, data=TEXT)
    svc.practice_submit(user=world.team_a, practice=practice)
    stranger = UserFactory(username="m2")
    MembershipFactory(user=stranger, role="methodologist", municipality=world.mun_a)
    for user in (stranger, world.staff_b, world.team_a):
        with pytest.raises(ProgramRuleError):
            svc.practice_review(user=user, practice=practice, publish=True)
    practice.refresh_from_db()
    assert practice.status == Practice.Status.SUBMITTED


def test_incomplete_practice_is_refused_with_field_errors(world, client_for):
    response = client_for(world.team_a).post(
        reverse("programs:practice_create") + f"?school={world.school_a.pk}", {"title": "Только название"}
    )
    assert response.status_code == 200
    assert "Обязательное поле" in response.content.decode()
    assert not Practice.objects.exists()


def test_oversized_evidence_is_refused(world, client_for, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024
    practice = svc.practice_create(user=world.team_a, school=world.school_a, data=TEXT)
    big = SimpleUploadedFile("отчёт.pdf", b"%PDF-1.4\n" + b"0" * 4096, content_type="application/pdf")
    response = client_for(world.team_a).post(
        reverse("programs:practice_attach", args=[practice.pk]), {"file": big}, follow=True
    )
    assert "больше" in response.content.decode()
    assert not practice.evidence.exists()


def test_filters_by_tag_and_municipality(world, client_for):
    families = PracticeTag.objects.get(kind="area", name="Работа с семьями")
    gifted = PracticeTag.objects.get(kind="area", name="Одарённые дети")
    a = _published(world)
    a.tags.set([families])
    b = _published(world, title="Олимпиадный резерв")
    b.tags.set([gifted])
    public = client_for(None)
    page = public.get(reverse("programs:practices"), {"tag": gifted.pk}).content.decode()
    assert "Олимпиадный резерв" in page and "Родительский университет" not in page
    page = public.get(reverse("programs:practices"), {"municipality": world.mun_b.pk}).content.decode()
    assert "Олимпиадный резерв" not in page


@pytest.mark.services
def test_russian_search_finds_other_grammatical_forms(world):
    """PostgreSQL's Russian stemmer: «родителями» finds «родители», «встреча» finds «встречи»."""
    assert connection.vendor == "postgresql"
    practice = _published(world)
    other = _published(
        world,
        title="Олимпиадный резерв",
        problem="Мало призёров олимпиад",
        actions="Кружки",
        results="Призёры",
        authors="",
    )
    published = Practice.objects.filter(status=Practice.Status.PUBLISHED)
    for query in ("родителями", "встреча", "подготовкой к ОГЭ"):
        assert list(practice_reads.practice_search(published, query)) == [practice], query
    assert list(practice_reads.practice_search(published, "олимпиадами")) == [other]
    assert list(practice_reads.practice_search(published, "космонавтика")) == []
    # Title matches rank above body matches.
    third = _published(world, title="Встречи с родителями выпускников", problem="…", actions="…", results="…")
    assert list(practice_reads.practice_search(published, "родители"))[0] == third
