"""Other organisations: everybody signed in reads their region's; committee staff keep them."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools.models import Organisation
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_staff_a_creates_an_organisation_in_its_municipality(world, client_for):
    client = client_for(world.staff_a)
    form = client.get(reverse("networks:organisation_create")).content.decode()
    assert world.mun_a.name in form and world.mun_b.name not in form
    assert "региональный уровень" not in form  # municipal staff keep municipal bodies only
    response = client.post(
        reverse("networks:organisation_create"),
        {
            "place": f"m{world.mun_a.pk}",
            "kind": "college",
            "name": "Колледж «Будущее»",
            "short_name": "Колледж",
        },
    )
    org = Organisation.objects.get(name="Колледж «Будущее»")
    assert response.status_code == 302
    assert org.municipality == world.mun_a and org.region == world.mun_a.region
    assert org.history.get().history_user == world.staff_a


def test_region_staff_may_create_a_regional_organisation(world, client_for):
    client_for(world.region_staff).post(
        reverse("networks:organisation_create"),
        {
            "place": f"r{world.region.pk}",
            "kind": "university",
            "name": "Университет",
            "short_name": "У",
        },
    )
    org = Organisation.objects.get(name="Университет")
    assert org.municipality is None and org.region == world.region


def test_organisation_form_errors_are_russian_and_save_nothing(world, client_for):
    OrganisationFactory(municipality=world.mun_a, name="Дом детского творчества")
    client = client_for(world.staff_a)
    body = client.post(
        reverse("networks:organisation_create"),
        {
            "place": f"m{world.mun_a.pk}",
            "kind": "additional_education",
            "name": "Дом детского творчества",
            "short_name": "ДДТ",
        },
    ).content.decode()
    assert "Организация с таким полным наименованием уже есть." in body
    body = client.post(
        reverse("networks:organisation_create"),
        {"place": f"m{world.mun_b.pk}", "kind": "other", "name": "Чужая", "short_name": "Ч"},
    ).content.decode()
    assert "Выберите корректный вариант" in body
    assert Organisation.objects.count() == 1


def test_team_and_other_municipality_cannot_change_organisations(world, client_for):
    org = OrganisationFactory(municipality=world.mun_a, name="Центр А")
    assert client_for(world.team_a).get(reverse("networks:organisation_create")).status_code == 403
    assert client_for(world.team_a).get(reverse("networks:organisation_detail", args=[org.pk])).status_code == 200
    assert (
        client_for(world.team_a)
        .post(
            reverse("networks:organisation_update", args=[org.pk]),
            {"kind": "other", "name": "X", "short_name": "X"},
        )
        .status_code
        == 403
    )
    # another region's staff do not even see it
    assert client_for(world.staff_b).get(reverse("networks:organisation_detail", args=[org.pk])).status_code == 404
    assert "Центр А" not in client_for(world.staff_b).get(reverse("networks:organisation_list")).content.decode()
    org.refresh_from_db()
    assert org.name == "Центр А"


def test_list_filters_search_and_archive(world, client_for):
    OrganisationFactory(municipality=world.mun_a, kind="college", name="Колледж связи", short_name="КС")
    centre = OrganisationFactory(
        municipality=world.mun_a,
        kind="methodological_centre",
        name="Методический центр",
        short_name="МЦ",
    )
    client = client_for(world.staff_a)
    url = reverse("networks:organisation_list")
    assert "Колледж связи" in client.get(url + "?kind=college").content.decode()
    assert "Методический центр" not in client.get(url + "?kind=college").content.decode()
    assert "Методический центр" in client.get(url + "?q=методич").content.decode()
    assert "Методический центр" in client.get(url + f"?municipality={world.mun_a.pk}").content.decode()
    client.post(reverse("networks:organisation_archive", args=[centre.pk]), {"archived": "1"})
    centre.refresh_from_db()
    assert centre.is_archived
    assert "Методический центр" not in client.get(url).content.decode()
    assert "Методический центр" in client.get(url + "?archived=on").content.decode()


def test_organisation_update_and_history(world, client_for):
    org = OrganisationFactory(municipality=world.mun_a, name="Спортшкола", short_name="СШ", kind="sport")
    client = client_for(world.staff_a)
    client.post(
        reverse("networks:organisation_update", args=[org.pk]),
        {"kind": "sport", "name": "Спортивная школа № 1", "short_name": "СШ № 1"},
    )
    org.refresh_from_db()
    assert org.short_name == "СШ № 1"
    body = client.get(reverse("networks:organisation_detail", args=[org.pk])).content.decode()
    assert "История изменений" in body and "Спортивная школа № 1" in body
