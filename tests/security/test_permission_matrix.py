"""The permission matrix, generated from the URL configuration: every page × every persona.

For each page (GET) and each persona of tests/conftest.py the test asserts that
- nothing answers with a server error;
- the anonymous visitor reaches only the public pages (elsewhere: a login redirect, 401, 403 or 404);
- committee staff of another region (staff_b) never read an object of municipality A.
A new view is covered the moment it is added to the URLconf: if its URL needs an object the
fixture does not know, the test fails and says which, rather than silently skipping it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver
from django.utils import timezone

from config.api.tokens import token_issue
from indices.models import Methodology, Run
from monitoring.models import Indicator
from monitoring.services.audits import audit_start
from monitoring.services.collections import collection_open
from monitoring.services.periods import period_get_or_create
from programs.models import Measure, MeasureAssignment, Occurrence, SchoolProgram
from programs.services.practices import practice_create, practice_submit
from programs.services.progress import ProgressTarget, progress_file
from programs.services.reviews import assign_reviewer
from programs.services.school_programs import school_program_create
from reporting.models import ReportJob
from schools.models import Membership, Organisation, ProjectTeam, Role, Tie, TieParty, User
from surveys.models import CampaignSchool
from tests.factories import CampaignFactory, UserFactory
from tests.programs.conftest import make_program

pytestmark = pytest.mark.django_db

PERSONAS = ["anonymous", "staff_a", "staff_b", "region_staff", "team_a", "methodologist_a", "api_a"]
# Staff of executing organisations (made by the objects fixture): one reporting on a roadmap row of
# municipality A's program, one of an organisation of A that executes nothing there.
EXECUTORS = ["executor_a", "executor_idle"]
PUBLIC = {
    "home",
    "healthz",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "password_reset_confirm",
    "programs:public",
    "programs:public_index",
    "programs:practices",
    "api:schema",
    "api:docs",
    "surveys:answer",  # a respondent has no account: the link itself is the right to answer
}
# Pages that are not about one object of municipality A (lists, forms, one's own pages).
NOT_A_OBJECT = {
    "home",
    "healthz",
    "review_queue",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "schools:list",
    "schools:access_log",
    "imports:index",
    "imports:upload",
    "imports:template",
    "networks:network",
    "networks:network_svg",
    "networks:tie_create",
    "networks:organisation_list",
    "networks:organisation_create",
    "programs:list",
    "programs:create",
    "programs:import",
    "programs:my",
    "programs:public_index",
    "programs:practices",
    "programs:practice_create",
    "programs:school_programs",
    "programs:school_program_create",
    "programs:review_inbox",
    "programs:support",
    "resources:grants",  # the grant register: a list filtered by resources.access.visible_funding
    "indices:runs",
    "indices:start",
    "indices:compare",
    "indices:methodologies",
    "indices:methodology_new",
    "indices:methodology_edit",
    "indices:risk",
    "indices:risk_rule",
    "indices:results",
    "monitoring:collection_list",
    "monitoring:collection_create",
    "monitoring:dashboard",
    "monitoring:indicators",
    "monitoring:indicator_new",
    "monitoring:indicator",
    "monitoring:indicator_edit",
    "monitoring:improvement",
    "monitoring:not_met",
    "reports:list",
    "reports:order",
    "api:schema",
    "api:docs",
    "api_tokens:list",
    "api_tokens:issue",
    "programs:public",
    "api_tokens:revoke",
    "reports:status",
    "reports:download",
    "reports:retry",
    "imports:batch",
    "imports:confirm",
    "imports:report",
    # Sign-in and one's own security settings (accounts/): about the signed-in person only.
    "accounts:verify",
    "accounts:security",
    "accounts:setup",
    "accounts:setup_start",
    "accounts:codes_new",
    "accounts:disable",
    "accounts:sign_out_everywhere",
    "accounts:sso_start",
    "accounts:sso_callback",
    # Questionnaires are shared by every committee (surveys/access.py); the answer page is public.
    "surveys:campaigns",
    "surveys:campaign_create",
    "surveys:questionnaires",
    "surveys:questionnaire_create",
    "surveys:questionnaire_import",
    "surveys:questionnaire",
    "surveys:questionnaire_export",
    "surveys:answer",
    # A curator's own schools, the region's assignment page and the way to one's own load page.
    "curators:my",
    "curators:assignments",
    "curators:load",
    # The risk factor catalogue is shared by every committee; the index redirects to one's own table.
    "risks:index",
    "risks:catalogue",
    "risks:catalogue_edit",
}


def _routes():
    def walk(patterns, prefix="", ns=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(
                    p.url_patterns, prefix + str(p.pattern), ns + (f"{p.namespace}:" if p.namespace else "")
                )
            elif isinstance(p, URLPattern) and p.name:
                yield prefix + str(p.pattern), ns + p.name, p

    for route, name, pattern in walk(get_resolver().url_patterns):
        if route.startswith("admin/") or name.startswith("api:") and name not in ("api:schema", "api:docs"):
            continue  # the admin is Django's; the API has its own scope tests (tests/api)
        yield route, name, pattern


@pytest.fixture
def objects(world):
    program = make_program(world)
    program.is_public = True
    program.save()
    occurrence = Occurrence.objects.filter(measure__program=program, measure__schools=world.school_a).first()
    report = progress_file(
        target=ProgressTarget(occurrence, school=world.school_a),
        user=world.team_a,
        status="done",
        narrative="Проведено",
    )
    org = Organisation.objects.create(
        region=world.region, municipality=world.mun_a, kind="college", name="Колледж А", short_name="Колледж А"
    )
    centre = Organisation.objects.create(
        region=world.region,
        municipality=world.mun_a,
        kind="methodological_centre",
        name="Центр А",
        short_name="Центр А",
    )
    roadmap_measure = Measure.objects.get(program=program, number="1.2")
    MeasureAssignment.objects.create(
        measure=roadmap_measure, level="methodological_service", text="Семинары", organisation=centre
    )
    executors = {"executor_a": centre, "executor_idle": org}
    for username, organisation in executors.items():
        Membership.objects.create(user=UserFactory(username=username), role=Role.EXECUTOR, organisation=organisation)
    tie = Tie.objects.create(municipality=world.mun_a, kind=Tie.Kind.MENTOR_PAIR, title="Пара А")
    TieParty.objects.create(tie=tie, school=world.school_a, role=TieParty.Role.SUPPORTED)
    action = tie.actions.create(title="Семинар")
    team = ProjectTeam.objects.create(school=world.school_a)
    member = team.members.create(full_name="Иванова И. И.", role="leader")
    methodology = Methodology.objects.get(slug="default", is_current=True)
    run = Run.objects.create(
        methodology=methodology,
        methodology_frozen=methodology.definition,
        year=2025,
        region=world.region,
        status=Run.Status.FAILED,
        error="нет данных",
    )
    indicator = Indicator.objects.get(code="teachers_total")
    collection = collection_open(
        municipality=world.mun_a,
        title="Сбор А",
        period=period_get_or_create(kind="academic_year", year=2026),
        indicators=[indicator],
        schools=[world.school_a],
        deadline=timezone.localdate() + datetime.timedelta(days=5),
        user=world.staff_a,
    )
    submission = collection.submissions.get()
    audit = audit_start(school=world.school_a, year=2026)
    job = ReportJob.objects.create(kind="program", format="pdf", object_id=program.pk, requested_by=world.staff_a)
    batch_pk = 0  # an upload batch is only its uploader's (tests/schools/imports/test_permissions.py)
    token, _raw = token_issue(user=world.api_a, name="Токен А", school=world.school_a, created_by=world.staff_a)
    evidence_pk = 0  # no evidence file: a 404 for everyone is the honest answer
    school_program, assignment = _school_program_under_review(world)
    survey = CampaignFactory(schools=[world.school_a], municipality=world.mun_a)
    survey_row = CampaignSchool.objects.get(campaign=survey)
    # Submitted, not published: a published practice is public, and the matrix checks the private side.
    practice = practice_create(
        user=world.team_a,
        school=world.school_a,
        data={"title": "Родительский клуб", "problem": "Низкая вовлечённость", "actions": "Встречи", "results": "Рост"},
    )
    practice_submit(user=world.team_a, practice=practice)
    event, material, line, item, pair = _resources(world, program, occurrence)
    curator_assignment, visit, visit_file = _curators(world)
    risk_item = _risk_item(world)
    return {
        "curators:school": {"pk": world.school_a.pk},
        "curators:plan_add": {"pk": world.school_a.pk},
        "curators:visit_create": {"pk": world.school_a.pk},
        "curators:visit": {"pk": visit.pk},
        "curators:file": {"pk": visit_file.pk},
        "curators:assignment_end": {"pk": curator_assignment.pk},
        "curators:load_municipality": {"pk": world.mun_a.pk},
        "curators:load_region": {"pk": world.region.pk},
        "risks:profile": {"pk": world.school_a.pk},
        "risks:compute": {"pk": world.school_a.pk},
        "risks:table": {"pk": world.mun_a.pk},
        "risks:": {"pk": risk_item.pk},
        "resources:calendar": {"pk": world.mun_a.pk},
        "resources:event_plan": {"pk": program.pk},
        "resources:event": {"pk": event.pk},
        "resources:material": {"pk": material.pk},
        "resources:funding_line": {"pk": line.pk},
        "resources:funding_delete": {"pk": line.pk},
        "resources:funding": {"pk": program.pk},
        "resources:register": {"pk": world.school_a.pk},
        "resources:plans": {"pk": world.school_a.pk},
        "resources:plan_item_delete": {"pk": item.pk},
        "resources:pair_delete": {"pk": pair.pk},
        "schools:": {"pk": world.school_a.pk},
        "programs:measure": {"pk": program.pk, "measure_pk": occurrence.measure_id},
        "programs:file_progress": {"occurrence_pk": occurrence.pk},
        "programs:file_on_demand": {"measure_pk": roadmap_measure.pk},
        "programs:report": {"report_pk": report.pk},
        "programs:review": {"report_pk": report.pk},
        "review_queue_report": {"pk": report.pk},
        "review_queue_submission": {"pk": submission.pk},
        "programs:evidence": {"evidence_pk": evidence_pk},
        # An uploaded program document is only its uploader's (tests/programs/imports/test_import_service.py).
        "programs:import_preview": {"pk": 0},
        "programs:part": {"pk": program.pk, "part": "goals"},
        "programs:school_program": {"pk": school_program.pk},
        "programs:school_program_attachment": {"attachment_pk": 0},
        "programs:assignment_withdraw": {"pk": school_program.pk, "assignment_pk": assignment.pk},
        "programs:review_criteria": {"municipality_pk": world.mun_a.pk},
        "programs:practice": {"pk": practice.pk},
        "programs:practice_evidence": {"evidence_pk": 0},
        "programs:": {"pk": program.pk},
        "networks:tie": {"pk": tie.pk},
        "networks:action": {"pk": tie.pk, "action_pk": action.pk},
        "networks:organisation": {"pk": org.pk},
        "networks:team_for_school": {"school_id": world.school_a.pk},
        "networks:member_create_school": {"school_id": world.school_a.pk},
        "networks:team_for_municipality": {"municipality_id": world.mun_a.pk},
        "networks:member_create_municipality": {"municipality_id": world.mun_a.pk},
        "networks:member_update": {"pk": team.pk, "member_pk": member.pk},
        "networks:member_deactivate": {"pk": team.pk, "member_pk": member.pk},
        "networks:": {"pk": team.pk},
        "indices:export": {"pk": run.pk, "fmt": "csv"},
        "indices:pilot": {"school_pk": world.school_a.pk},
        "indices:methodology_edit": {"slug": "default"},
        "indices:risk_municipality": {"pk": world.mun_a.pk},
        "programs:support_municipality": {"pk": world.mun_a.pk},
        "indices:risk_region": {"pk": world.region.pk},
        "indices:results_municipality": {"pk": world.mun_a.pk},
        "indices:results_region": {"pk": world.region.pk},
        "indices:": {"pk": run.pk},
        "monitoring:audit_start": {"school_pk": world.school_a.pk},
        "monitoring:audit": {"pk": audit.pk},
        "monitoring:collection": {"pk": collection.pk},
        "monitoring:submission": {"pk": submission.pk},
        "monitoring:dashboard_municipality": {"pk": world.mun_a.pk},
        "monitoring:dashboard_school": {"pk": world.school_a.pk},
        "monitoring:dashboard_region": {"pk": world.region.pk},
        "monitoring:indicator": {"code": "teachers_total"},
        "reports:": {"pk": job.pk},
        "imports:batch": {"pk": batch_pk},
        "imports:confirm": {"pk": batch_pk},
        "imports:report": {"pk": batch_pk},
        "imports:": {"kind": "context"},
        "api_tokens:": {"pk": token.pk},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "audit_review": {"pk": audit.pk},
        "surveys:questionnaire": {"pk": survey.questionnaire_id},
        "surveys:school_links": {"campaign_pk": survey.pk, "pk": survey_row.pk},
        "surveys:answer": {"token": survey_row.token},
        "surveys:": {"pk": survey.pk},
    }


def _resources(world, program, occurrence):
    """An event of municipality A hosted by school A-1 with a link as its material, and a funding line."""
    from resources.models import EventMaterial, FundingLine
    from resources.services.events import EventData, event_plan
    from resources.services.plans import PairData, PlanItemData, pair_add, plan_item_add

    event = event_plan(
        program=program,
        measure=occurrence.measure,
        occurrence=occurrence,
        data=EventData(
            title="Семинар А",
            kind="seminar",
            starts_at=timezone.make_aware(datetime.datetime.combine(occurrence.due_date, datetime.time(10))),
            hours="2",
            audience="учителя",
            audience_size=30,
            host_school=world.school_a,
        ),
        schools={world.school_a: 10},
        user=world.staff_a,
    )
    material = EventMaterial.objects.create(event=event, link="https://example.org/a", uploaded_by=world.staff_a)
    line = FundingLine.objects.create(program=program, year=2025, source="municipal", planned="100.00")
    item = plan_item_add(
        school=world.school_a,
        data=PlanItemData(
            year=2025, full_name="Иванова Анна", topic="Тема", form="course", hours="2",
            planned_from=datetime.date(2025, 2, 1), planned_to=datetime.date(2025, 3, 1),
        ),
    )  # fmt: skip
    pair = pair_add(
        school=world.school_a,
        data=PairData("Иванова Анна", "Петров Олег", "Тема", datetime.date(2025, 9, 1), datetime.date(2026, 5, 1)),
    )
    return event, material, line, item, pair


def _curators(world):
    """methodologist_a becomes the curator of school A-1 by the region's order and records a visit
    with a file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from curators.services.assignments import OrderData, curator_assign
    from curators.services.visits import VisitData, visit_record

    start = timezone.localdate() - datetime.timedelta(days=30)
    [assignment] = curator_assign(
        curator=world.methodologist_a,
        schools=[world.school_a],
        order=OrderData("7-к", start, start),
        user=world.region_staff,
    )
    visit = visit_record(
        assignment=assignment,
        data=VisitData(start + datetime.timedelta(days=1), "onsite", "Наблюдение уроков"),
        files=[SimpleUploadedFile("протокол.pdf", b"%PDF-1.4\n%%EOF")],
        user=world.methodologist_a,
    )
    return assignment, visit, visit.files.get()


def _risk_item(world):
    """A computed risk profile of school A-1 (no data: every factor «нет данных»)."""
    from risks.services.profiles import profiles_compute

    (profile,) = profiles_compute(schools=[world.school_a], year=2026)
    return profile.items.first()


def _school_program_under_review(world):
    program = school_program_create(
        user=world.team_a,
        school=world.school_a,
        data={"title": "Программа школы А", "period_start": 2025, "period_end": 2027},
    )
    SchoolProgram.objects.filter(pk=program.pk).update(status=SchoolProgram.Status.SUBMITTED)
    program.refresh_from_db()
    assignment = assign_reviewer(
        user=world.staff_a, program=program, reviewer=world.methodologist_a, deadline=datetime.date(2030, 1, 1)
    )
    return program, assignment


def _kwargs(name: str, pattern, objects) -> dict:
    needed = set(pattern.pattern.converters)
    if not needed:
        return {}
    for prefix in sorted(objects, key=len, reverse=True):
        if name.startswith(prefix) or name.endswith(prefix):
            values = objects[prefix]
            if needed <= set(values):
                return {k: values[k] for k in needed}
    raise AssertionError(f"the permission matrix does not know an object for {name} ({sorted(needed)})")


def test_every_page_for_every_persona(world, objects, client_for):
    problems = []
    for _route, name, pattern in _routes():
        kwargs = _kwargs(name, pattern, objects)
        from django.urls import reverse

        url = reverse(name, kwargs=kwargs)
        for persona in PERSONAS + EXECUTORS:
            if persona in EXECUTORS:
                user = User.objects.get(username=persona)
            else:
                user = None if persona == "anonymous" else getattr(world, persona)
            status = client_for(user).get(url).status_code
            if status >= 500:
                problems.append(f"{name} {persona}: {status}")
            if persona == "anonymous" and name not in PUBLIC and status not in (302, 401, 403, 404, 405):
                problems.append(f"{name} is open to anonymous visitors ({status})")
            if persona == "staff_b" and name not in NOT_A_OBJECT and status == 200:
                problems.append(f"{name}: committee staff of another region read an object of municipality A")
            if persona == "executor_idle" and name not in NOT_A_OBJECT and name not in PUBLIC and status == 200:
                problems.append(f"{name}: staff of an organisation that executes nothing read an object of A")
    assert not problems, "\n".join(problems)
