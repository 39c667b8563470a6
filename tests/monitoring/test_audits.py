"""Audit checklists: the school fills, the committee reviews; results on the school page."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import Audit
from monitoring.services.audits import audit_review, audit_save, audit_scores, audit_start

pytestmark = pytest.mark.django_db


def _answers(audit, rating=2):
    return {item.pk: (rating, "") for item in audit.template.items.all()}


def test_default_template_has_five_parts(world):
    audit = audit_start(school=world.school_a, year=2026)
    assert len({i.part for i in audit.template.items.all()}) == 5


def test_fill_submit_return_accept(world):
    audit = audit_start(school=world.school_a, year=2026)
    with pytest.raises(ValidationError, match="оцените все пункты"):
        audit_save(audit=audit, answers={}, submit=True)
    with pytest.raises(ValidationError, match="от 0 до 3"):
        audit_save(audit=audit, answers=_answers(audit, rating=7), submit=False)
    assert not audit.answers.exists()  # nothing half-saved
    audit_save(audit=audit, answers=_answers(audit), submit=True)
    with pytest.raises(ValidationError, match="уже отправлен"):
        audit_save(audit=audit, answers=_answers(audit), submit=False)
    with pytest.raises(ValidationError, match="доработать"):
        audit_review(audit=audit, user=world.staff_a, accept=False, comment="")
    audit_review(audit=audit, user=world.staff_a, accept=False, comment="Уточните кадровые условия")
    audit_save(audit=audit, answers=_answers(audit, rating=3), submit=True)
    audit = audit_review(audit=audit, user=world.staff_a, accept=True, comment="")
    assert audit.status == Audit.Status.ACCEPTED
    assert all(score == 1.0 for _label, score in audit_scores(audit))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("team_a", 200), ("staff_a", 200), ("methodologist_a", 200), ("staff_b", 403), ("api_a", 403)],
)
def test_audit_page_access(world, client_for, persona, status):
    audit = audit_start(school=world.school_a, year=2026)
    assert client_for(getattr(world, persona)).get(reverse("monitoring:audit", args=[audit.pk])).status_code == status


def test_only_the_committee_reviews(world, client_for):
    audit = audit_start(school=world.school_a, year=2026)
    audit_save(audit=audit, answers=_answers(audit), submit=True)
    client_for(world.team_a).post(reverse("monitoring:audit_review", args=[audit.pk]), {"decision": "accept"})
    assert Audit.objects.get(pk=audit.pk).status == Audit.Status.SUBMITTED
    client_for(world.staff_a).post(reverse("monitoring:audit_review", args=[audit.pk]), {"decision": "accept"})
    assert Audit.objects.get(pk=audit.pk).status == Audit.Status.ACCEPTED


def test_results_show_on_the_school_page(world, client_for):
    audit = audit_start(school=world.school_a, year=2026)
    audit_save(audit=audit, answers=_answers(audit), submit=True)
    body = (
        client_for(world.staff_a)
        .get(reverse("schools:detail", args=[world.school_a.pk]) + "?tab=audit")
        .content.decode()
    )
    assert "Комплексный аудит условий" in body and "кадровые условия" in body.lower()
