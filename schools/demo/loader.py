"""The demo data of the seeds: regions, municipalities, schools, organisations and one account per
role. Idempotent: running it again updates the same records instead of duplicating them."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from .. import extensions
from ..models import Membership, MethodologistAssignment, Municipality, Organisation, Region, Role, School, User
from ..networks.demo import demo_load_networks
from . import seed_data
from .context_demo import demo_load_context

DEMO_PASSWORD = "demo-portal-2026"  # printed by `manage.py demo`; demo data only
#: the organisation of the executor demo account (schools/demo/seed_data.py, Dubna)
DUBNA_METHODOLOGICAL_SERVICE = "Муниципальная методическая служба"


@dataclass
class DemoAccount:
    username: str
    role_label: str
    scope: str


@dataclass
class DemoSummary:
    regions: int = 0
    municipalities: int = 0
    schools: int = 0
    organisations: int = 0
    accounts: list[DemoAccount] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _load_other_apps(context: dict) -> list[str]:
    """Apps above schools (programs, monitoring, indices) add their demo data through the
    DEMO_LOADERS extension point (schools/extensions.py), so schools never imports them."""
    return [f"{loader.label}: {loader.load(context)}" for loader in extensions.demo_loaders()]


def _upsert(model, *, defaults: dict, **lookup):
    """update_or_create that saves only when something differs, so re-running the demo does not
    add a history record to every object."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults), True
    changed = [k for k, v in defaults.items() if getattr(obj, k) != v]
    if changed:
        for k in changed:
            setattr(obj, k, defaults[k])
        obj.save()
    return obj, False


def _load_ladder() -> tuple[dict[str, Region], dict[str, Municipality], dict[str, School]]:
    regions = {
        r["code"]: Region.objects.update_or_create(code=r["code"], defaults={"name": r["name"]})[0]
        for r in seed_data.REGIONS
    }
    municipalities: dict[str, Municipality] = {}
    for m in seed_data.MUNICIPALITIES:
        region = regions[m["region"]]
        municipality, _ = _upsert(Municipality, region=region, code=m["code"], defaults={"name": m["name"]})
        municipalities[m["code"]] = municipality
        _upsert(
            Organisation,
            region=region,
            municipality=municipality,
            name=m["authority"],
            defaults={"kind": Organisation.Kind.AUTHORITY, "short_name": m["authority_short"]},
        )
    for o in seed_data.ORGANISATIONS:
        municipality = municipalities[o["municipality"]]
        _upsert(
            Organisation,
            region=municipality.region,
            municipality=None if o.get("regional") else municipality,
            name=o["name"],
            defaults={"kind": o["kind"], "short_name": o["short_name"]},
        )
    schools: dict[str, School] = {}
    for s in seed_data.SCHOOLS:
        municipality = municipalities[s["municipality"]]
        school, _ = _upsert(
            School,
            region=municipality.region,
            code=s["code"],
            defaults={
                "municipality": municipality,
                "name": s["name"],
                "short_name": s["short_name"],
                "type": s["type"],
                "settlement": s.get("settlement", ""),
                "locality": s.get("locality", School.Locality.URBAN),
                "small_class": s.get("small_class", False),
                "remote": s.get("remote", False),
                "address": s.get("address", ""),
                "director": s.get("director", ""),
            },
        )
        schools[s["code"]] = school
    return regions, municipalities, schools


def _account(
    username: str, *, first: str, last: str, middle: str = "", position: str = "", superuser: bool = False
) -> User:
    user, _ = User.objects.update_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "middle_name": middle,
            "position": position,
            "email": f"{username}@demo.invalid",
            "is_staff": superuser,
            "is_superuser": superuser,
            "is_active": True,
        },
    )
    user.set_password(DEMO_PASSWORD)
    user.save(update_fields=["password"])
    return user


def _member(user: User, role: str, **scope) -> None:
    Membership.objects.update_or_create(user=user, role=role, defaults={**scope, "is_active": True})


def _load_accounts(regions, municipalities, schools) -> list[DemoAccount]:
    korolev = municipalities["korolev"]
    target_school = schools["KOR-022"]
    accounts: list[DemoAccount] = []

    admin = _account("admin", first="Администратор", last="Портала", superuser=True)
    accounts.append(DemoAccount(admin.username, "администратор (Django admin)", "весь портал"))

    region_user = _account(
        "region",
        first="Ольга",
        last="Региональная",
        middle="Петровна",
        position="ведущий специалист министерства образования",
    )
    _member(region_user, Role.REGION_STAFF, region=korolev.region)
    accounts.append(DemoAccount(region_user.username, Role.REGION_STAFF.label, korolev.region.name))

    for code, username in (("korolev", "committee"), ("sysert", "committee-sysert"), ("dubna", "committee-dubna")):
        municipality = municipalities[code]
        staff = _account(
            username, first="Елена", last="Координатор", middle="Викторовна", position="муниципальный координатор"
        )
        _member(staff, Role.MUNICIPAL_STAFF, municipality=municipality)
        accounts.append(DemoAccount(staff.username, Role.MUNICIPAL_STAFF.label, municipality.name))

    team = _account(
        "school", first="Ирина", last="Заместитель", middle="Сергеевна", position="заместитель директора по УВР"
    )
    _member(team, Role.SCHOOL_TEAM, school=target_school)
    accounts.append(DemoAccount(team.username, Role.SCHOOL_TEAM.label, target_school.short_name))

    methodologist = _account("methodologist", first="Анна", last="Методист", middle="Игоревна", position="методист")
    _member(methodologist, Role.METHODOLOGIST, municipality=korolev)
    for school in School.objects.filter(municipality=korolev):
        MethodologistAssignment.objects.update_or_create(
            methodologist=methodologist, school=school, defaults={"is_active": True}
        )
    accounts.append(DemoAccount(methodologist.username, Role.METHODOLOGIST.label, f"школы: {korolev.name}"))

    # Dubna's roadmap names the municipal methodological service as its second executor column:
    # its staff member reports on that column's rows («Мои мероприятия»).
    service = Organisation.objects.get(municipality=municipalities["dubna"], name=DUBNA_METHODOLOGICAL_SERVICE)
    centre = _account(
        "centre",
        first="Марина",
        last="Методист",
        middle="Андреевна",
        position="методист муниципальной методической службы",
    )
    _member(centre, Role.EXECUTOR, organisation=service)
    accounts.append(
        DemoAccount(centre.username, Role.EXECUTOR.label, f"{service.short_name} ({municipalities['dubna'].name})")
    )

    api = _account("api", first="Внешняя", last="Система")
    _member(api, Role.API_CLIENT, municipality=korolev)
    accounts.append(DemoAccount(api.username, Role.API_CLIENT.label, korolev.name))
    return accounts


@transaction.atomic
def demo_load() -> DemoSummary:
    regions, municipalities, schools = _load_ladder()
    accounts = _load_accounts(regions, municipalities, schools)
    demo_load_networks(municipalities=municipalities, schools=schools)
    demo_load_context(schools=schools, roles={s["code"]: s.get("role_in_seed", "") for s in seed_data.SCHOOLS})
    extra = _load_other_apps({"regions": regions, "municipalities": municipalities, "schools": schools})
    return DemoSummary(
        extra=extra,
        regions=len(regions),
        municipalities=len(municipalities),
        schools=School.objects.count(),
        organisations=Organisation.objects.count(),
        accounts=accounts,
    )
