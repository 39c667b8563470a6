"""The five seed programs as structured data, with some progress filed.

Built through the same services the UI uses (measure_create parses each timing phrase and
derives the occurrences), so the demo exercises the real rules. Idempotent: a program that
already exists (same municipality and title) is left as it is."""

from __future__ import annotations

import hashlib
import random
import re
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from programs.models import (
    ExpectedResult,
    Goal,
    LegalBasis,
    Occurrence,
    Program,
    ProgramOrganisation,
    ProgramSchool,
    ProgressReport,
    ProgressReview,
    Risk,
    Section,
    Stage,
    Task,
)
from programs.selectors.execution import execution
from programs.services.measures import measure_assignment_set, measure_create, measure_schedule_set
from programs.services.programs import program_approve, program_target_set_create
from programs.timing import Kind, Schedule
from schools.access import scope_of
from schools.models import Municipality, Organisation, School, User

from .live import People, demo_load_live_program
from .organisations import resolve_organisations
from .seed_programs import PROGRAMS

# A measure concerns the participating schools when its responsible cell names schools.
SCHOOL_WORDS = re.compile(r"\bОУ\b|\bОО\b|МБОУ|школ|учреждени|руководител", re.IGNORECASE)
ROLE_OF = {
    "target": ProgramSchool.Role.TARGET,
    "partner": ProgramSchool.Role.PARTNER,
    "internship": ProgramSchool.Role.INTERNSHIP,
    "pilot": ProgramSchool.Role.PILOT,
}
# Sysert's algorithm for the school leaders (seed 001, Приложение 1) is written per group of
# schools; the model's section 2 defines the groups by the identification's categories: «школы
# адресной поддержки» are the resilient ones, «школы адресного наставничества и сопровождения» the
# not-coping ones and those low on both indices. Their measures follow the latest index run.
CATEGORY_SECTIONS = {
    ("001", "2.1"): ["resilient"],
    ("001", "2.2"): ["low_on_both", "not_coping"],
}
# «Школы — пилотные площадки» are named by the program itself (its pilot participants).
PILOT_SECTIONS = {("001", "2.3")}
TARGET_MARKERS = ("target", "low", "unfavourable", "risk", "accompaniment", "supported", "program school")


def _participants(spec: dict, municipality: Municipality) -> list[tuple[School, str]]:
    from schools.demo import seed_data

    schools = {s.short_name: s for s in School.objects.filter(municipality=municipality)}
    rows = [
        (schools[p["name"]], ROLE_OF.get(p["role"], ProgramSchool.Role.TARGET))
        for p in spec.get("participants", [])
        if p.get("kind") == "school" and p["name"] in schools
    ]
    if rows:
        return rows
    # The seed names no school: take the municipality's schools the demo marks as needing support.
    codes = {
        s["code"]
        for s in seed_data.SCHOOLS
        if s["municipality"] == spec["municipality"] and any(m in s.get("role_in_seed", "") for m in TARGET_MARKERS)
    }
    return [(s, ProgramSchool.Role.TARGET) for s in School.objects.filter(municipality=municipality, code__in=codes)]


def _build(spec: dict, municipality: Municipality, user: User | None) -> Program:
    approval = spec.get("approval", {})
    program = Program.objects.create(
        municipality=municipality,
        target_set=program_target_set_create(
            municipality=municipality, title=spec["title"], short_title=spec.get("short_title", "")
        ),
        kind=spec["kind"],
        title=spec["title"],
        short_title=spec.get("short_title", ""),
        period_start=date.fromisoformat(spec["period_start"]),
        period_end=date.fromisoformat(spec["period_end"]),
        period_end_assumed=spec.get("period_end_assumed", False),
        numbers_assigned=spec.get("numbers_assigned", False),
        approval_doc_type=approval.get("doc_type", ""),
        approval_number=approval.get("number", ""),
        approval_date=date.fromisoformat(approval["date"]) if approval.get("date") else None,
        approved_by=approval.get("approved_by", ""),
        signatory=approval.get("signatory", ""),
        appendix_label=approval.get("appendix", ""),
        control=spec.get("control", ""),
        created_by=user,
    )
    LegalBasis.objects.bulk_create(
        [LegalBasis(program=program, position=i, text=t) for i, t in enumerate(spec.get("legal_bases", []))]
    )
    Goal.objects.bulk_create([Goal(program=program, position=i, text=t) for i, t in enumerate(spec["goals"])])
    tasks = {
        t["number"]: Task.objects.create(program=program, position=i, number=t["number"], text=t["text"])
        for i, t in enumerate(spec["tasks"])
    }
    sections = {
        s["number"]: Section.objects.create(program=program, position=i, number=s["number"], title=s["title"])
        for i, s in enumerate(spec.get("sections", []))
    }
    for i, r in enumerate(spec.get("expected_results", [])):
        result = ExpectedResult.objects.create(program=program, position=i, text=r["text"])
        result.tasks.set([tasks[n] for n in r.get("tasks", []) if n in tasks])
    Stage.objects.bulk_create(
        [
            Stage(
                program=program,
                position=i,
                number=s["number"],
                title=s["title"],
                start=date.fromisoformat(s["start"]),
                end=date.fromisoformat(s["end"]),
                content=s.get("content", ""),
            )
            for i, s in enumerate(spec["stages"])
        ]
    )
    Risk.objects.bulk_create(
        [
            Risk(program=program, position=i, risk=r["risk"], mitigation=r.get("mitigation", ""))
            for i, r in enumerate(spec.get("risks", []))
        ]
    )
    # The municipality's own organisations first, then the region's (a regional institute).
    organisations = sorted(
        Organisation.objects.filter(region=municipality.region_id),
        key=lambda o: (o.municipality_id != municipality.pk, o.pk),
    )
    for role, names in (
        (ProgramOrganisation.Role.DEVELOPER, spec.get("developers", [])),
        (ProgramOrganisation.Role.EXECUTOR, spec.get("executors", [])),
    ):
        for i, name in enumerate(names):
            match = resolve_organisations([name], organisations)
            ProgramOrganisation.objects.create(
                program=program, role=role, position=i, name=name, organisation=match[0] if match else None
            )
    for i, p in enumerate(p for p in spec.get("participants", []) if p.get("kind") == "organisation"):
        match = resolve_organisations([p["name"]], organisations)
        ProgramOrganisation.objects.create(
            program=program,
            role=ProgramOrganisation.Role.PARTNER,
            position=i,
            name=p["name"],
            organisation=match[0] if match else None,
        )
    participants = _participants(spec, municipality)
    for school, role in participants:
        ProgramSchool.objects.create(program=program, school=school, role=role)
    target_schools = [s for s, role in participants if role == ProgramSchool.Role.TARGET]
    pilot_schools = [s for s, role in participants if role == ProgramSchool.Role.PILOT]
    levels = {
        "authority": "Городское управление народного образования",
        "methodological_service": "Муниципальная методическая служба",
        "quality_assessment": "МСОКО",
    }
    # An executor column is one of the municipality's own organisations (the region has others with
    # similar names); a level without one stays without an organisation.
    own = [o for o in organisations if o.municipality_id == municipality.pk]
    for i, m in enumerate(spec["measures"]):
        measure = measure_create(
            program=program,
            data={
                "number": m["number"],
                "title": m["title"],
                "timing_text": m["timing"],
                "responsible_text": ", ".join(m["responsible"]),
                "planned_result": m.get("result", ""),
                "task": tasks.get(m.get("task") or ""),
                "section": sections.get(m.get("section") or ""),
                "position": i,
                "responsible": resolve_organisations(m["responsible"], organisations),
                "schools": _measure_schools(spec, m, target_schools, pilot_schools),
                "support_categories": CATEGORY_SECTIONS.get((spec["seed"], m.get("section")), []),
            },
        )
        for a in m.get("assignments", []):
            org = resolve_organisations([levels.get(a["level"], "")], own)
            measure_assignment_set(
                measure=measure, level=a["level"], text=a["text"], organisation=org[0] if org else None
            )
    return program


def _measure_schools(spec: dict, m: dict, target: list[School], pilot: list[School]) -> list[School]:
    key = (spec["seed"], m.get("section"))
    if key in CATEGORY_SECTIONS:
        return []  # the category decides
    if key in PILOT_SECTIONS:
        return pilot
    return target if SCHOOL_WORDS.search(" ".join(m["responsible"])) else []


def _file_on_demand(program: Program, *, filer: User, reviewer: User, live: bool) -> int:
    """Reports on measures without due dates (undated roadmap rows, algorithm steps, «по
    запросу»): each party reports when the work was done, on a day inside the program's period;
    most were accepted, some never reported."""
    rng = random.Random(int(hashlib.sha256(f"on-demand {program.title}".encode()).hexdigest()[:12], 16))
    last = min(program.period_end, timezone.localdate() - timedelta(days=1))
    span = (last - program.period_start).days
    filed = 0
    work = execution(program_ids=[program.pk])
    for info in work.measures.values():
        if not info.on_demand:
            continue
        for party in info.parties:
            roll = rng.random()
            if roll > 0.8:
                continue  # not reported (yet)
            # An ended program's reports were all decided; a running one has some waiting.
            waiting = live and roll >= 0.7
            review = ProgressReport.Review.SUBMITTED if waiting else ProgressReport.Review.ACCEPTED
            done_on = program.period_start + timedelta(days=rng.randrange(max(span, 1)))
            occurrence, _ = Occurrence.objects.get_or_create(
                measure_id=info.pk, due_date=done_on, defaults={"on_demand": True}
            )
            report = ProgressReport.objects.create(
                occurrence=occurrence,
                school_id=party.school_id,
                assignment_id=party.assignment_id,
                status=ProgressReport.Status.DONE,
                done_on=done_on,
                narrative="Выполнено; материалы и протокол размещены на сайте "
                f"{'школы' if party.school_id else 'управления образования'}.",
                review=review,
                filed_by=filer,
                reviewed_by=reviewer if review == ProgressReport.Review.ACCEPTED else None,
                reviewed_at=timezone.now() if review == ProgressReport.Review.ACCEPTED else None,
            )
            events = [ProgressReview(report=report, action=ProgressReview.Action.SUBMITTED, by=filer)]
            if review == ProgressReport.Review.ACCEPTED:
                events.append(ProgressReview(report=report, by=reviewer, action=ProgressReview.Action.ACCEPTED))
            ProgressReview.objects.bulk_create(events)
            _backdate(report, done_on + timedelta(days=rng.randrange(0, 6)))
            filed += 1
    return filed


def _backdate(report: ProgressReport, day: date) -> None:
    """A demo report filed in the past: its filing time is the day it would have been filed
    (filed_at is set on creation, so it is corrected after)."""
    moment = timezone.make_aware(datetime.combine(min(day, timezone.localdate()), time(15, 0)))
    ProgressReport.objects.filter(pk=report.pk).update(filed_at=moment)
    report.reviews.update(at=moment)


def _file_progress(program: Program, *, filer: User, reviewer: User, live: bool) -> int:
    """Deterministic, realistic progress: most past occurrences accepted, a few returned or
    waiting, some never reported (overdue)."""
    rng = random.Random(int(hashlib.sha256(program.title.encode()).hexdigest()[:12], 16))
    today = timezone.localdate()
    occurrences = list(
        Occurrence.objects.filter(measure__program=program, due_date__lt=today)
        .select_related("measure")
        .prefetch_related("measure__schools")
    )
    filed = 0
    for occurrence in occurrences:
        for school in list(occurrence.measure.schools.all()) or [None]:
            roll = rng.random()
            if roll > 0.92:
                continue  # never reported: stays overdue
            review = (
                ProgressReport.Review.ACCEPTED
                if roll < 0.82 or not live  # an ended program's reports were all decided
                else ProgressReport.Review.RETURNED
                if roll < 0.87
                else ProgressReport.Review.SUBMITTED
            )
            report = ProgressReport.objects.create(
                occurrence=occurrence,
                school=school,
                status=ProgressReport.Status.DONE,
                narrative=f"Мероприятие «{occurrence.measure.title[:120]}» проведено в срок; материалы размещены "
                f"на сайте {'школы' if school else 'управления образования'}.",
                review=review,
                filed_by=filer,
                review_comment="Приложите список участников." if review == ProgressReport.Review.RETURNED else "",
                reviewed_by=reviewer if review != ProgressReport.Review.SUBMITTED else None,
                reviewed_at=timezone.now() if review != ProgressReport.Review.SUBMITTED else None,
            )
            events = [ProgressReview(report=report, action=ProgressReview.Action.SUBMITTED, by=filer)]
            if review != ProgressReport.Review.SUBMITTED:
                events.append(
                    ProgressReview(
                        report=report, by=reviewer, comment=report.review_comment, action=ProgressReview.Action(review)
                    )
                )
            ProgressReview.objects.bulk_create(events)
            # Most reports came in by the due date, about one in eight a few weeks late.
            lag = rng.randrange(10, 40) if rng.random() < 0.12 else -rng.randrange(0, 10)
            _backdate(report, occurrence.due_date + timedelta(days=lag))
            filed += 1
    return filed


# What a coordinator would set where the parser (rightly) refused a timing cell: Korolyov 5.5,
# "Январь 2019 года, сентябрь 2019 года и далее по мере необходимости" — two dated windows.
MANUAL_SCHEDULES = {
    ("000", "5.5"): Schedule(
        kind=Kind.RANGE,
        start=date(2019, 1, 1),
        end=date(2019, 9, 30),
        note="январь и сентябрь 2019 года, далее по мере необходимости",
    ),
}


def _correct_unread_timings(program: Program) -> None:
    seed = next(s["seed"] for s in PROGRAMS if s["title"] == program.title)
    for measure in program.measures.filter(schedule_kind=Kind.UNPARSED.value):
        schedule = MANUAL_SCHEDULES.get((seed, measure.number))
        if schedule is not None:
            measure_schedule_set(measure=measure, schedule=schedule)


#: the committee account that builds and reviews each municipality's program
COMMITTEE = {"korolev": "committee", "sysert": "committee-sysert", "dubna": "committee-dubna"}


@transaction.atomic
def demo_load_programs(*, municipalities: dict[str, Municipality]) -> int:
    users = User.objects.in_bulk(
        ["admin", "region", "committee", "committee-sysert", "committee-dubna", "school"], field_name="username"
    )
    admin = users.get("admin")
    created = 0
    for spec in PROGRAMS:
        municipality = municipalities[spec["municipality"]]
        if Program.objects.filter(municipality=municipality, title=spec["title"]).exists():
            continue
        staff = users.get(COMMITTEE.get(spec["municipality"], "")) or admin
        program = _build(spec, municipality, staff)
        _correct_unread_timings(program)
        program_approve(program=program, user=staff)
        # Every seed period but Dubna's assumed one has ended by now; a program still running stays
        # active, so its executors can report.
        ended = program.period_end < timezone.localdate()
        Program.objects.filter(pk=program.pk).update(
            status=Program.Status.COMPLETED if ended else Program.Status.ACTIVE, is_public=True
        )
        filer = users.get("school") if spec["municipality"] == "korolev" and users.get("school") else staff
        # Whoever filed a report does not decide on it: what the coordinator filed for the schools
        # (on their behalf) the region decided.
        reviewer = staff
        if filer == staff:
            region = users.get("region")
            governs = region is not None and municipality.region_id in scope_of(region).region_ids
            reviewer = region if governs else admin
        _file_progress(program, filer=filer, reviewer=reviewer, live=not ended)
        _file_on_demand(program, filer=filer, reviewer=reviewer, live=not ended)
        if filer == staff:
            ProgressReport.objects.filter(occurrence__measure__program=program).update(on_behalf=True)
        created += 1
    if users.get("committee") and users.get("region") and users.get("school"):
        live = demo_load_live_program(
            municipality=municipalities["korolev"],
            people=People(staff=users["committee"], region=users["region"], team=users["school"]),
        )
        created += live is not None
    return created
