"""Demo data of partner networks and project teams: the ``TIES`` of the seeds with a few joint
actions each, a municipal team per municipality and a team for each school that receives support.

Idempotent: a tie is recognised by its municipality and title, a team by its school or
municipality; what exists is left as it is (a demo visitor's edits survive a reload), what is
missing is created. Everything goes through the services, so the seeds obey the same rules as
the forms. People's names are invented; document numbers are marked as illustrative.
"""

from __future__ import annotations

import zlib
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..models import Municipality, Organisation, School, TeamMember, Tie, TieParty, User
from .services import directory
from .services import networks as services
from .services.networks import PartySpec

Role = TeamMember.Role

# Periods of the programs the ties belong to (seed headers); None = open-ended.
PERIODS: dict[str, tuple[date, date | None]] = {
    "korolev": (date(2018, 6, 1), date(2020, 12, 31)),  # 000: 2018–2020
    "sysert": (date(2020, 9, 17), None),  # 001: order № 267-ОД of 17.09.2020, a standing model
    "dubna": (date(2017, 6, 30), None),  # 002: adopted 30.06.2017, a roadmap without end date
    "tungiro": (date(2018, 1, 1), date(2020, 12, 31)),  # 003: 2018–2020
    "dagogni": (date(2021, 4, 1), date(2024, 12, 31)),  # 004: 2021–2024 (item 10: 2nd quarter 2021)
}
BASIS_TYPES = {
    Tie.Kind.MENTOR_PAIR: "соглашение о сетевом взаимодействии",
    Tie.Kind.INTERNSHIP_SITE: "приказ о стажировочной площадке",
    Tie.Kind.PARTNER_AGREEMENT: "договор о сотрудничестве",
    Tie.Kind.PROFESSIONAL_COMMUNITY: "положение о сообществе",
}
# (title, timing, responsible) — wording after the seeds' measures.
ACTIONS: dict[str, list[tuple[str, str, str]]] = {
    Tie.Kind.MENTOR_PAIR: [
        (
            "Совместная диагностика профессиональных затруднений педагогов и план работы пары",
            "сентябрь, ежегодно",
            "руководители школ пары",
        ),
        (
            "Взаимопосещение уроков и их совместный разбор",
            "ежеквартально",
            "заместители директоров по УВР",
        ),
        ("Итоговый педагогический совет сетевой пары", "май, ежегодно", "руководители школ пары"),
    ],
    Tie.Kind.INTERNSHIP_SITE: [
        (
            "Стажировка педагогов школы-участницы на базе площадки",
            "по плану площадки",
            "стажировочная площадка",
        ),
        ("Мастер-классы «Опыт работы ТОПовых школ»", "два раза в год", "стажировочная площадка"),
    ],
    Tie.Kind.PARTNER_AGREEMENT: [
        (
            "Согласование плана совместных мероприятий на учебный год",
            "сентябрь, ежегодно",
            "стороны соглашения",
        ),
        (
            "Совместные занятия и мероприятия для обучающихся",
            "в течение учебного года",
            "стороны соглашения",
        ),
    ],
    Tie.Kind.PROFESSIONAL_COMMUNITY: [
        (
            "Заседание сообщества: обмен практиками преподавания",
            "ежеквартально",
            "руководитель сообщества",
        ),
        ("Открытые уроки педагогов школ-участниц", "по плану сообщества", "школы-участницы"),
    ],
}
# Invented people; picked by a stable hash so a name never depends on the loading order.
NAMES = [
    "Андреева Татьяна Николаевна",
    "Белова Ольга Сергеевна",
    "Васильев Игорь Анатольевич",
    "Григорьева Наталья Павловна",
    "Денисова Светлана Юрьевна",
    "Егоров Алексей Викторович",
    "Жукова Анна Михайловна",
    "Зайцева Людмила Ивановна",
    "Ильина Вера Александровна",
    "Кузнецов Дмитрий Олегович",
    "Лебедева Екатерина Андреевна",
    "Морозова Галина Петровна",
    "Никитин Сергей Владимирович",
    "Орлова Марина Геннадьевна",
    "Павлова Ирина Борисовна",
    "Романов Павел Евгеньевич",
    "Соколова Юлия Дмитриевна",
    "Тихонова Елена Васильевна",
    "Уварова Надежда Леонидовна",
    "Фролов Андрей Николаевич",
    "Харитонова Оксана Игоревна",
    "Цветкова Лариса Степановна",
    "Чернова Алла Романовна",
    "Шарипова Гульнара Ринатовна",
    "Абдуллаев Руслан Магомедович",
    "Гаджиева Патимат Ахмедовна",
    "Исмаилова Марьям Гасановна",
    "Яковлева Валентина Фёдоровна",
    "Комарова Дарья Олеговна",
    "Полякова Евгения Витальевна",
]


def _name(seed: str, taken: set[str]) -> str:
    i = zlib.crc32(seed.encode()) % len(NAMES)
    while NAMES[i] in taken:
        i = (i + 1) % len(NAMES)
    taken.add(NAMES[i])
    return NAMES[i]


def _organisation(municipality: Municipality, short_name: str) -> Organisation:
    found = sorted(
        Organisation.objects.filter(short_name=short_name).filter(
            Q(municipality=municipality) | Q(municipality__isnull=True, region_id=municipality.region_id)
        ),
        key=lambda o: o.municipality_id is None,  # the municipality's own body first
    )
    if not found:
        raise ValueError(f"seed tie names an unknown organisation: {short_name!r} in {municipality}")
    return found[0]


def _parties(seed: dict, municipality: Municipality, schools: dict[str, School]) -> list[PartySpec]:
    # In seed_data, the supporting school of a mentor pair / internship site comes first.
    lead_first = seed["kind"] in services.LEAD_SCHOOL_KINDS
    specs = []
    for i, ref in enumerate(seed["parties"]):
        if not lead_first:
            role = TieParty.Role.MEMBER
        else:
            role = TieParty.Role.LEAD if i == 0 else TieParty.Role.SUPPORTED
        if ref in schools:
            specs.append(PartySpec(role=role, school=schools[ref]))
        else:
            specs.append(PartySpec(role=role, organisation=_organisation(municipality, ref)))
    return specs


def _load_tie(
    seed: dict, number: int, municipality: Municipality, schools: dict[str, School], today: date
) -> tuple[Tie, bool]:
    existing = Tie.objects.filter(municipality=municipality, title=seed["title"]).first()
    if existing is not None:
        return existing, False
    starts, ends = PERIODS[seed["municipality"]]
    if seed["kind"] == Tie.Kind.PROFESSIONAL_COMMUNITY:
        ends = None  # communities outlive the program that created them
    done = ends is not None and ends < today
    note = "Демонстрационные данные: реквизиты документа-основания условные."
    if seed.get("invented"):
        note += " Связь составлена по мотивам программы, в источнике стороны не названы."
    tie = services.tie_create(
        municipality=municipality,
        kind=seed["kind"],
        title=seed["title"],
        parties=_parties(seed, municipality, schools),
        description=note,
        starts_on=starts,
        ends_on=ends,
        basis_type=BASIS_TYPES[seed["kind"]],
        basis_number=f"{number}-СВ",
        basis_date=starts,
        status=Tie.Status.COMPLETED if done else Tie.Status.ACTIVE,
    )
    for i, (title, timing, responsible) in enumerate(ACTIONS[seed["kind"]]):
        services.joint_action_create(
            tie=tie,
            title=title,
            timing=timing,
            responsible=responsible,
            due_on=starts + timedelta(days=90) if i == 0 else None,
            is_done=done or i == 0,
        )
    return tie, True


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _municipal_team(municipality: Municipality, supported: list[School]) -> None:
    team = directory.team_get_or_create(municipality=municipality)
    if team.members.exists():
        return
    taken: set[str] = set()
    code = municipality.code
    orgs = {
        o.kind: o
        for o in Organisation.objects.filter(municipality=municipality, is_archived=False).order_by("-kind", "pk")
    }
    authority = orgs.get(Organisation.Kind.AUTHORITY)
    centre = orgs.get(Organisation.Kind.METHODOLOGICAL_CENTRE)
    directory.team_member_add(
        team=team,
        full_name=_name(f"{code}:leader", taken),
        role=Role.LEADER,
        position="руководитель органа управления образованием",
        from_organisation=authority,
    )
    coordinator = _user({"korolev": "committee", "sysert": "committee-sysert"}.get(code, ""))
    directory.team_member_add(
        team=team,
        role=Role.COORDINATOR,
        position="муниципальный координатор",
        user=coordinator,
        full_name=coordinator.display_name if coordinator else _name(f"{code}:coordinator", taken),
        from_organisation=authority,
    )
    methodologist = _user("methodologist") if code == "korolev" else None
    half = (len(supported) + 1) // 2
    for i, curated in enumerate((supported[:half], supported[half:])):
        if not curated:
            continue
        person = methodologist if i == 0 else None
        directory.team_member_add(
            team=team,
            role=Role.CURATOR,
            position="методист",
            user=person,
            full_name=person.display_name if person else _name(f"{code}:curator{i}", taken),
            from_organisation=centre,
            curated_schools=curated,
        )
    psych = orgs.get(Organisation.Kind.PSYCHOLOGICAL_CENTRE)
    if psych is not None:
        directory.team_member_add(
            team=team,
            role=Role.PSYCHOLOGIST,
            position="педагог-психолог",
            full_name=_name(f"{code}:psychologist", taken),
            from_organisation=psych,
        )


def _school_team(school: School, coach_school: School | None) -> None:
    team = directory.team_get_or_create(school=school)
    if team.members.exists():
        return
    taken: set[str] = set()
    code = school.code
    directory.team_member_add(
        team=team,
        role=Role.LEADER,
        position="директор",
        full_name=school.director or _name(f"{code}:director", taken),
    )
    deputy = _user("school") if code == "KOR-022" else None
    directory.team_member_add(
        team=team,
        role=Role.COORDINATOR,
        position="заместитель директора по УВР",
        user=deputy,
        full_name=deputy.display_name if deputy else _name(f"{code}:deputy", taken),
    )
    directory.team_member_add(
        team=team,
        role=Role.PSYCHOLOGIST,
        position="педагог-психолог",
        full_name=_name(f"{code}:psychologist", taken),
    )
    if coach_school is not None:
        directory.team_member_add(
            team=team,
            role=Role.COACH,
            position="заместитель директора школы-партнёра",
            full_name=_name(f"{code}:coach", taken),
            from_school=coach_school,
            mentees_count=3,
        )
    directory.team_member_add(
        team=team,
        role=Role.MEMBER,
        position="учитель-наставник",
        full_name=_name(f"{code}:mentor", taken),
        mentees_count=2,
    )


@transaction.atomic
def demo_load_networks(*, municipalities: dict[str, Municipality], schools: dict[str, School]) -> int:
    """Load the seed ties and the demo teams; returns the number of seed ties now present."""
    from ..demo.seed_data import TIES

    today = timezone.localdate()
    count = 0
    supported: dict[str, list[School]] = {code: [] for code in municipalities}
    coach_of: dict[int, School] = {}
    numbers: dict[str, int] = {}
    for seed in TIES:
        code = seed["municipality"]
        if code not in municipalities:
            continue
        numbers[code] = numbers.get(code, 0) + 1
        tie, _created = _load_tie(seed, numbers[code], municipalities[code], schools, today)
        count += 1
        if seed["kind"] in services.LEAD_SCHOOL_KINDS:
            lead, *rest = [schools[ref] for ref in seed["parties"] if ref in schools]
            for school in rest:
                if school not in supported[code]:
                    supported[code].append(school)
                coach_of.setdefault(school.pk, lead)  # the first supporting school coaches
    for code, municipality in municipalities.items():
        _municipal_team(municipality, sorted(supported[code], key=lambda s: s.code))
        for school in supported[code]:
            _school_team(school, coach_of.get(school.pk))
    return count
