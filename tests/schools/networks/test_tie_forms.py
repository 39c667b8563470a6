"""Bad input gets clear Russian messages and saves nothing — not a row, not a file."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from schools.models import Tie, TieParty
from schools.networks.services import networks as services
from schools.networks.services.networks import PartySpec
from tests.factories import OrganisationFactory, SchoolFactory

from .helpers import exe_upload, pdf_upload, tie_post

pytestmark = pytest.mark.django_db


def _post(world, client_for, **overrides):
    url = reverse("networks:tie_create") + f"?municipality={world.mun_a.pk}"
    return client_for(world.staff_a).post(url, tie_post(world, **overrides))


def _nothing_saved(media_root) -> bool:
    files = [p for p in media_root.rglob("*") if p.is_file()] if media_root.exists() else []
    return not Tie.objects.exists() and not TieParty.objects.exists() and not files


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"party_s_{a2}": ""}, "У связи должно быть не меньше двух сторон."),
        ({"ends_on": "2025-01-01"}, "Дата окончания не может быть раньше даты начала."),
        (
            {"party_s_{a2}": "member"},
            "В сетевой паре должна быть ровно одна ведущая школа (наставник).",
        ),
        (
            {"party_s_{a}": "lead"},
            "В сетевой паре должна быть хотя бы одна школа, получающая поддержку.",
        ),
        ({"title": ""}, "Обязательное поле."),
    ],
)
def test_invalid_tie_form_shows_russian_errors_and_saves_nothing(world, client_for, _media_in_tmp, overrides, message):
    fixed = {k.format(a=world.school_a.pk, a2=world.school_a2.pk): v for k, v in overrides.items()}
    response = _post(world, client_for, **fixed)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _nothing_saved(_media_in_tmp)


def test_form_keeps_what_the_user_typed(world, client_for):
    body = _post(world, client_for, ends_on="2025-01-01", title="Моё название").content.decode()
    assert 'value="Моё название"' in body
    assert '<option value="lead" selected>' in body


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (exe_upload("договор.pdf"), "Содержимое файла не соответствует расширению «.pdf»"),
        (exe_upload("setup.exe"), "Недопустимый тип файла «.exe»"),
        (
            pdf_upload(size=10 * 1024 * 1024 + 1),
            "Файл слишком большой: 10,0 МБ. Допустимо не больше 10 МБ.",
        ),
    ],
)
def test_bad_basis_file_is_refused(world, client_for, _media_in_tmp, upload, message):
    response = _post(world, client_for, basis_file=upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _nothing_saved(_media_in_tmp)


def test_a_party_of_another_municipality_is_refused_by_the_service(world):
    with pytest.raises(ValidationError) as exc:
        services.tie_create(
            municipality=world.mun_a,
            kind=Tie.Kind.MENTOR_PAIR,
            title="Чужая пара",
            parties=[
                PartySpec(role="lead", school=world.school_b),
                PartySpec(role="supported", school=world.school_a),
            ],
        )
    assert "«Школа Б-1» не относится к муниципалитету «Город А»." in exc.value.messages
    assert not Tie.objects.exists()


def test_the_service_checks_the_file_too(world, _media_in_tmp):
    with pytest.raises(ValidationError):
        services.tie_create(
            municipality=world.mun_a,
            kind=Tie.Kind.PARTNER_AGREEMENT,
            title="С вирусом",
            parties=[
                PartySpec(role="member", school=world.school_a),
                PartySpec(role="member", school=world.school_a2),
            ],
            basis_file=exe_upload(),
        )
    assert _nothing_saved(_media_in_tmp)


def test_a_school_of_another_municipality_is_not_offered_and_cannot_be_posted(world, client_for):
    body = (
        client_for(world.staff_a)
        .get(reverse("networks:tie_create") + f"?municipality={world.mun_a.pk}")
        .content.decode()
    )
    assert "Школа А-2" in body and "Школа Б-1" not in body
    _post(world, client_for, **{f"party_s_{world.school_b.pk}": "supported"})
    tie = Tie.objects.get()
    assert world.school_b.pk not in {p.school_id for p in tie.parties.all()}


def test_an_invalid_edit_leaves_the_tie_and_its_parties_as_they_were(world, client_for, mentor_pair):
    url = reverse("networks:tie_update", args=[mentor_pair.pk])
    response = client_for(world.staff_a).post(
        url, tie_post(world, title="Новое", **{f"party_s_{world.school_a.pk}": ""})
    )
    assert "У связи должно быть не меньше двух сторон." in response.content.decode()
    mentor_pair.refresh_from_db()
    assert mentor_pair.title == "Сетевая пара А-2 — А-1"
    assert mentor_pair.parties.count() == 2
    assert mentor_pair.history.count() == 1


def test_an_organisation_cannot_lead_a_mentor_pair(world):
    centre = OrganisationFactory(municipality=world.mun_a)
    with pytest.raises(ValidationError) as exc:
        services.tie_create(
            municipality=world.mun_a,
            kind=Tie.Kind.MENTOR_PAIR,
            title="Центр-наставник",
            parties=[
                PartySpec(role="lead", organisation=centre),
                PartySpec(role="supported", school=world.school_a),
            ],
        )
    assert any("может быть только школа" in m for m in exc.value.messages)


def test_removing_the_last_supported_school_of_a_pair_is_refused(world, mentor_pair):
    supported = mentor_pair.parties.get(role=TieParty.Role.SUPPORTED)
    with pytest.raises(ValidationError):
        services.tie_party_remove(party=supported)
    assert mentor_pair.parties.count() == 2
    extra = SchoolFactory(municipality=world.mun_a)
    services.tie_party_add(tie=mentor_pair, role=TieParty.Role.SUPPORTED, school=extra)
    services.tie_party_remove(party=supported)
    assert {p.school_id for p in mentor_pair.parties.all()} == {world.school_a2.pk, extra.pk}


def test_period_is_checked_in_the_service(world):
    with pytest.raises(ValidationError) as exc:
        services.tie_create(
            municipality=world.mun_a,
            kind=Tie.Kind.PARTNER_AGREEMENT,
            title="Наоборот",
            starts_on=date(2025, 9, 1),
            ends_on=date(2025, 1, 1),
            parties=[
                PartySpec(role="member", school=world.school_a),
                PartySpec(role="member", school=world.school_a2),
            ],
        )
    assert exc.value.message_dict["ends_on"] == ["Дата окончания не может быть раньше даты начала."]


def test_replacing_and_clearing_the_basis_file(
    world, client_for, _media_in_tmp, mentor_pair, django_capture_on_commit_callbacks
):
    from .helpers import docx_upload

    url = reverse("networks:tie_update", args=[mentor_pair.pk])
    client = client_for(world.staff_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, tie_post(world, title=mentor_pair.title, basis_file=pdf_upload()))
    mentor_pair.refresh_from_db()
    first = mentor_pair.basis_file.name
    assert first.endswith(".pdf") and mentor_pair.basis_file.storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, tie_post(world, title=mentor_pair.title, basis_file=docx_upload()))
    mentor_pair.refresh_from_db()
    second = mentor_pair.basis_file.name
    assert second.endswith(".docx") and not mentor_pair.basis_file.storage.exists(first)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, tie_post(world, title=mentor_pair.title, **{"basis_file-clear": "on"}))
    mentor_pair.refresh_from_db()
    assert not mentor_pair.basis_file
    assert not [p for p in _media_in_tmp.rglob("*") if p.is_file()]
    assert client.get(reverse("networks:tie_file", args=[mentor_pair.pk])).status_code == 404
