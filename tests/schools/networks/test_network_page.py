"""The network page: picture and table, filters, archive, constant query count, escaped SVG."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from schools.models import Tie, TieParty
from schools.networks import selectors
from schools.networks.services import directory
from schools.networks.services import networks as services
from schools.networks.services.networks import PartySpec
from schools.networks.svg import render_network_svg
from tests.factories import OrganisationFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _make_ties(world, n: int) -> None:
    for i in range(n):
        lead = SchoolFactory(municipality=world.mun_a)
        centre = OrganisationFactory(municipality=world.mun_a)
        tie = services.tie_create(
            municipality=world.mun_a,
            kind=Tie.Kind.MENTOR_PAIR,
            title=f"Пара {i:02d}",
            parties=[
                PartySpec(role="lead", school=lead),
                PartySpec(role="supported", school=world.school_a),
                PartySpec(role="member", organisation=centre),
            ],
        )
        services.joint_action_create(tie=tie, title="Взаимопосещение уроков", is_done=i % 2 == 0)


def _network_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_network_page_query_count_does_not_grow_with_ties(world, client_for, django_assert_max_num_queries):
    client = client_for(world.staff_a)
    url = reverse("networks:network") + f"?municipality={world.mun_a.pk}"
    _make_ties(world, 2)
    few = _network_queries(client, url)
    with django_assert_max_num_queries(few):
        client.get(url)
    _make_ties(world, 18)
    with django_assert_max_num_queries(few):
        body = client.get(url).content.decode()
    assert len(re.findall(r'href="/networks/ties/\d+/"', body)) == 20


def test_team_page_query_count_is_constant_too(world, client_for, django_assert_max_num_queries):
    from tests.factories import OrganisationFactory as Org

    team = directory.team_get_or_create(school=world.school_a)
    directory.team_member_add(team=team, full_name="Первый Участник", role="leader")
    client = client_for(world.staff_a)
    url = reverse("networks:team_detail", args=[team.pk])
    few = _network_queries(client, url)
    org = Org(municipality=world.mun_a)
    for i in range(15):
        directory.team_member_add(
            team=team,
            full_name=f"Участник {i}",
            role="coach",
            from_organisation=org,
            mentees_count=i,
        )
    # The history grows with every member (one record each) but is read in one query per model.
    with django_assert_max_num_queries(few):
        client.get(url)


def test_table_shows_kind_parties_roles_period_basis_status_and_actions(world, client_for, mentor_pair):
    services.joint_action_create(tie=mentor_pair, title="Первое", is_done=True)
    services.joint_action_create(tie=mentor_pair, title="Второе")
    body = client_for(world.staff_a).get(reverse("networks:network")).content.decode()
    for text in (
        "сетевая пара (наставничество)",
        "Школа А-2",
        "ведущая сторона",
        "получает поддержку",
        "1 сентября 2024 г. — 31 мая 2025 г.",
        "соглашение № 7-СВ",
        "действует",
        "1 / 2",
        'scope="col"',
        "Добавить связь",
    ):
        assert text in body, text
    assert "<script>" not in body.split("</head>")[1]  # no inline scripts in the page body


def test_filters_by_kind_and_status(world, client_for, mentor_pair):
    client = client_for(world.staff_a)
    base = reverse("networks:network") + f"?municipality={world.mun_a.pk}"
    assert mentor_pair.title in client.get(base + "&kind=mentor_pair").content.decode()
    assert mentor_pair.title not in client.get(base + "&kind=internship_site").content.decode()
    assert mentor_pair.title not in client.get(base + "&status=draft").content.decode()


def test_archive_hides_from_the_default_list_but_keeps_the_row(world, client_for, mentor_pair):
    client = client_for(world.staff_a)
    confirm = client.get(reverse("networks:tie_archive", args=[mentor_pair.pk]))
    assert "Перенести связь в архив?" in confirm.content.decode()
    client.post(reverse("networks:tie_archive", args=[mentor_pair.pk]), {"archived": "1"})
    mentor_pair.refresh_from_db()
    assert mentor_pair.is_archived and Tie.objects.filter(pk=mentor_pair.pk).exists()
    url = reverse("networks:network") + f"?municipality={world.mun_a.pk}"
    assert mentor_pair.title not in client.get(url).content.decode()
    assert mentor_pair.title in client.get(url + "&archived=on").content.decode()
    assert mentor_pair.parties.count() == 2
    client.post(reverse("networks:tie_archive", args=[mentor_pair.pk]), {"archived": "0"})
    assert mentor_pair.title in client.get(url).content.decode()


def test_svg_escapes_party_names(world, client_for):
    world.school_a.short_name = '<script>alert("x")</script> & Co'
    world.school_a.save()
    services.tie_create(
        municipality=world.mun_a,
        kind=Tie.Kind.MENTOR_PAIR,
        title="Пара <b>жирная</b>",
        parties=[
            PartySpec(role="lead", school=world.school_a2),
            PartySpec(role="supported", school=world.school_a),
        ],
    )
    ties = list(selectors.tie_list(user=world.staff_a, municipality_id=world.mun_a.pk))
    svg = str(render_network_svg(selectors.network_graph(ties=ties, title="Город <А>")))
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in svg
    ET.fromstring(svg)  # well-formed XML, so it embeds in a PDF too
    page = client_for(world.staff_a).get(reverse("networks:network")).content.decode()
    assert "<script>alert" not in page


def test_svg_is_deterministic_and_has_a_legend(world, mentor_pair):
    ties = list(selectors.tie_list(user=world.staff_a, municipality_id=world.mun_a.pk))
    graph = selectors.network_graph(ties=ties)
    first, second = (
        render_network_svg(graph),
        render_network_svg(selectors.network_graph(ties=ties)),
    )
    assert first == second
    assert "Условные обозначения" in first and "стажировочная площадка" in first
    assert 'marker-end="url(#net-arrow-mentor_pair)"' in first  # lead → supported
    columns = {n.label: n.column for n in graph.nodes}
    assert columns == {"Школа А-2": "lead", "Школа А-1": "supported"}


def test_svg_download(world, client_for, mentor_pair):
    response = client_for(world.staff_a).get(reverse("networks:network_svg") + f"?municipality={world.mun_a.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    ET.fromstring(response.content)


def test_graph_of_a_community_is_a_star_from_its_organisation(world):
    centre = OrganisationFactory(municipality=world.mun_a, short_name="ГМО")
    tie = services.tie_create(
        municipality=world.mun_a,
        kind=Tie.Kind.PROFESSIONAL_COMMUNITY,
        title="ГМО",
        parties=[
            PartySpec(role="member", school=world.school_a),
            PartySpec(role="member", school=world.school_a2),
            PartySpec(role="member", organisation=centre),
        ],
    )
    graph = selectors.network_graph(ties=list(selectors.tie_list(user=world.staff_a)))
    assert {(e.source, e.target) for e in graph.edges} == {
        (f"o{centre.pk}", f"s{world.school_a.pk}"),
        (f"o{centre.pk}", f"s{world.school_a2.pk}"),
    }
    assert not any(e.directed for e in graph.edges) and tie.pk == graph.edges[0].tie_id


def test_unknown_or_foreign_municipality_is_404(world, client_for):
    client = client_for(world.staff_a)
    assert client.get(reverse("networks:network") + "?municipality=abc").status_code == 404
    assert client.get(reverse("networks:network") + f"?municipality={world.mun_b.pk}").status_code == 404


def test_joint_actions_are_added_and_marked_done_by_staff_only(world, client_for, mentor_pair):
    staff = client_for(world.staff_a)
    response = staff.post(
        reverse("networks:action_create", args=[mentor_pair.pk]),
        {"title": "Взаимопосещение уроков", "timing": "ежеквартально"},
    )
    assert response.status_code == 302
    action = mentor_pair.actions.get()
    assert action.position == 1 and not action.is_done
    done_url = reverse("networks:action_done", args=[mentor_pair.pk, action.pk])
    assert client_for(world.team_a).post(done_url, {"is_done": "1"}).status_code == 403
    staff.post(done_url, {"is_done": "1"})
    action.refresh_from_db()
    assert action.is_done
    body = staff.get(reverse("networks:tie_detail", args=[mentor_pair.pk])).content.decode()
    assert "выполнено 1 из 1" in body
    # an empty title is refused with a Russian message and nothing is added
    bad = staff.post(reverse("networks:action_create", args=[mentor_pair.pk]), {"title": ""})
    assert "Обязательное поле." in bad.content.decode() and mentor_pair.actions.count() == 1


def test_a_party_role_is_shown_on_the_detail_page(world, client_for, mentor_pair):
    body = client_for(world.team_a).get(reverse("networks:tie_detail", args=[mentor_pair.pk])).content.decode()
    assert str(TieParty.Role.LEAD.label) in body and str(TieParty.Role.SUPPORTED.label) in body
