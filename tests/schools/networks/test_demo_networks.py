"""The demo: the seeds' ties and plausible teams, idempotently."""

from __future__ import annotations

import pytest

from schools.demo import seed_data
from schools.demo.loader import demo_load
from schools.models import JointAction, Municipality, ProjectTeam, School, TeamMember, Tie, TieParty
from schools.networks import selectors
from schools.networks.demo import demo_load_networks

pytestmark = pytest.mark.django_db


def _load() -> int:
    municipalities = {m.code: m for m in Municipality.objects.all()}
    schools = {s.code: s for s in School.objects.all()}
    return demo_load_networks(municipalities=municipalities, schools=schools)


def _counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Tie, TieParty, JointAction, ProjectTeam, TeamMember))


def test_demo_networks_are_idempotent():
    demo_load()
    assert _load() == len(seed_data.TIES)
    first = _counts()
    assert _load() == len(seed_data.TIES)
    assert _counts() == first
    assert Tie.objects.count() == len(seed_data.TIES)
    assert JointAction.objects.filter(tie__isnull=False).count() >= 2 * len(seed_data.TIES)


def test_korolyov_school_22_has_its_four_partners():
    demo_load()
    _load()
    school = School.objects.get(code="KOR-022")
    rows = selectors.school_partners(school=school)
    partners = {str(p.party) for row in rows for p in row.partners}
    assert {
        "МБОУ «Гимназия № 5»",
        "МБОУ «Школа искусств»",
        "ГАПОУ МО «МЦК – Техникум имени С.П. Королева»",
        "МБУДПО «УМОЦ»",
    } <= partners
    pairs = Tie.objects.filter(kind=Tie.Kind.MENTOR_PAIR, parties__school=school)
    assert pairs.count() == 2
    for pair in pairs:
        roles = {p.school.code: p.role for p in pair.parties.select_related("school")}
        assert roles["KOR-022"] == TieParty.Role.SUPPORTED
        assert {code for code, role in roles.items() if role == TieParty.Role.LEAD} <= {
            "KOR-G05",
            "KOR-SI",
        }


def test_demo_covers_the_seeded_networks():
    demo_load()
    _load()
    dag = Tie.objects.filter(municipality__code="dagogni", kind=Tie.Kind.MENTOR_PAIR)
    assert dag.count() == 3
    dubna_sites = Tie.objects.filter(municipality__code="dubna", kind=Tie.Kind.INTERNSHIP_SITE)
    assert set(dubna_sites.values_list("parties__school__code", flat=True)) == {
        "DUB-005",
        "DUB-007",
        "DUB-009",
        "DUB-010",
    }
    assert Tie.objects.filter(municipality__code="sysert", kind=Tie.Kind.MENTOR_PAIR).count() == 2


def test_demo_teams():
    demo_load()
    _load()
    assert ProjectTeam.objects.filter(municipality__isnull=False).count() == Municipality.objects.count()
    team = selectors.school_team(school=School.objects.get(code="KOR-022"))
    roles = {m.role for m in team.members.all()}
    assert {"leader", "coordinator", "psychologist", "coach"} <= roles
    coach = next(m for m in team.members.all() if m.role == "coach")
    assert coach.from_school.code == "KOR-G05" and coach.mentees_count > 0
    assert next(m for m in team.members.all() if m.role == "coordinator").user.username == "school"
    curators = selectors.school_curators(school=School.objects.get(code="KOR-022"))
    assert curators and curators[0].user.username == "methodologist"
    # every school that receives support in a pair or at an internship site has a team
    supported = School.objects.filter(tie_parties__role=TieParty.Role.SUPPORTED).distinct()
    assert set(supported) <= {t.school for t in ProjectTeam.objects.filter(school__isnull=False)}
