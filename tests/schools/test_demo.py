import pytest
from django.core.management import call_command

from schools.access import primary_role
from schools.demo import seed_data
from schools.demo.loader import DEMO_PASSWORD
from schools.models import Municipality, Organisation, Role, School, User

pytestmark = pytest.mark.django_db

SEED_MUNICIPALITIES = {"korolev", "sysert", "dubna", "tungiro", "dagogni"}


def test_demo_creates_the_five_seed_municipalities_and_their_schools(capsys):
    call_command("demo")
    assert set(Municipality.objects.values_list("code", flat=True)) == SEED_MUNICIPALITIES
    codes = set(School.objects.values_list("code", flat=True))
    assert {s["code"] for s in seed_data.SCHOOLS} <= codes
    # Sysert is completed to the 21 schools its model counts (seed 001), the rest marked invented
    assert School.objects.filter(municipality__code="sysert").count() == 21
    korolev_school = School.objects.get(code="KOR-022")
    assert korolev_school.short_name == "МБОУ СОШ № 22"
    assert korolev_school.municipality.code == "korolev"
    # every municipality has its education authority
    assert Organisation.objects.filter(kind=Organisation.Kind.AUTHORITY).count() == 5
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out


def test_demo_is_idempotent():
    call_command("demo")
    counts = (School.objects.count(), Organisation.objects.count(), User.objects.count())
    call_command("demo")
    assert (School.objects.count(), Organisation.objects.count(), User.objects.count()) == counts


@pytest.mark.parametrize(
    ("username", "role"),
    [
        ("region", Role.REGION_STAFF),
        ("committee", Role.MUNICIPAL_STAFF),
        ("school", Role.SCHOOL_TEAM),
        ("methodologist", Role.METHODOLOGIST),
        ("api", Role.API_CLIENT),
    ],
)
def test_demo_accounts_one_per_role(username, role):
    call_command("demo")
    user = User.objects.get(username=username)
    assert user.check_password(DEMO_PASSWORD)
    assert primary_role(user) == role
