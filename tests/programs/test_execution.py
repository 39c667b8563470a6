"""Issue 14: one truth about what is due — states, parties, measures without due dates,
executors, separation of duties, and every count agreeing with the list it links to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from programs.models import Goal, MeasureAssignment, Program, ProgramSchool, ProgressReport, Task
from programs.selectors.execution import execution
from programs.services.measures import measure_assignment_set, measure_create
from programs.services.programs import program_approve, program_target_set_create
from programs.services.progress import (
    ProgressTarget,
    on_demand_occurrence,
    progress_accept,
    progress_file,
    progress_return,
)
from schools.models import Role
from tests.charts import chart_rows, chart_specs
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@dataclass
class Live:
    program: Program
    monthly: object  # "ежемесячно" for school A-1
    on_request: object  # «По запросу», the centre responsible
    roadmap: object  # two executor levels
    centre: object
    other_org: object
    executor: object  # staff of the centre
    stranger: object  # staff of another organisation


@pytest.fixture
def live(world) -> Live:
    today = timezone.localdate()
    centre = OrganisationFactory(municipality=world.mun_a, short_name="ЦРО", name="Центр развития образования")
    other_org = OrganisationFactory(municipality=world.mun_a, short_name="МСОКО", name="Служба оценки качества")
    program = Program.objects.create(
        municipality=world.mun_a,
        target_set=program_target_set_create(municipality=world.mun_a, title="Текущая"),
        title="Программа текущего учебного года",
        short_title="Текущая",
        period_start=today - timedelta(days=200),
        period_end=today + timedelta(days=300),
        created_by=world.staff_a,
    )
    Goal.objects.create(program=program, text="Повысить качество")
    task = Task.objects.create(program=program, number="1", text="Задача")
    ProgramSchool.objects.create(program=program, school=world.school_a)
    monthly = measure_create(
        program=program,
        data={"number": "1.1", "title": "Отчёт школы", "task": task, "timing_text": "ежемесячно",
              "schools": [world.school_a]},
    )  # fmt: skip
    on_request = measure_create(
        program=program,
        data={"number": "1.2", "title": "Консультации", "task": task, "timing_text": "По запросу",
              "responsible": [centre]},
    )  # fmt: skip
    roadmap = measure_create(
        program=program, data={"number": "1.3", "title": "Дорожная карта", "task": task, "timing_text": ""}
    )
    measure_assignment_set(
        measure=roadmap, level="methodological_service", text="Методическая помощь", organisation=centre
    )
    measure_assignment_set(measure=roadmap, level="quality_assessment", text="Мониторинг", organisation=other_org)
    program_approve(program=program, user=world.staff_a)
    program.refresh_from_db()
    executor = UserFactory(username="centre")
    MembershipFactory(user=executor, role=Role.EXECUTOR, organisation=centre)
    stranger = UserFactory(username="stranger")
    MembershipFactory(user=stranger, role=Role.EXECUTOR, organisation=other_org)
    return Live(program, monthly, on_request, roadmap, centre, other_org, executor, stranger)


def _occurrences(measure):
    return list(measure.occurrences.filter(on_demand=False).order_by("due_date"))


def test_states_follow_the_one_definition(live, world):
    today = timezone.localdate()
    occ = _occurrences(live.monthly)
    past = [o for o in occ if o.due_date < today]
    soon = [o for o in occ if today <= o.due_date <= today + timedelta(days=30)]
    target = ProgressTarget(past[0], school=world.school_a)
    accepted = progress_file(target=target, user=world.team_a, status="done", narrative="Сделано")
    progress_accept(report=accepted, user=world.staff_a)
    progress_file(
        target=ProgressTarget(past[1], school=world.school_a), user=world.team_a, status="done", narrative="x"
    )
    returned = progress_file(
        target=ProgressTarget(past[2], school=world.school_a), user=world.team_a, status="done", narrative="x"
    )
    progress_return(report=returned, user=world.staff_a, comment="Приложите протокол")

    work = execution(program_ids=[live.program.pk])
    c = work.counts(measure_id=live.monthly.pk)
    assert c.total == len(occ)
    assert (c.done, c.waiting) == (1, 1)
    # past due without an accepted or waiting report — the returned one included — is overdue
    assert c.overdue == len(past) - 2
    assert c.due == len(soon) and c.upcoming == len(occ) - len(past) - len(soon)
    # filed today for a date long past: done, but late
    assert c.late == 1
    # measures without due dates are never overdue: one open target per party
    on_request = work.counts(measure_id=live.on_request.pk)
    assert (on_request.total, on_request.open, on_request.overdue) == (1, 1, 0)
    roadmap = work.counts(measure_id=live.roadmap.pk)
    assert (roadmap.total, roadmap.open) == (2, 2)  # one per executor level


def test_a_completed_program_shows_history_not_live_overdue(live):
    before = execution(program_ids=[live.program.pk]).counts()
    Program.objects.filter(pk=live.program.pk).update(status=Program.Status.COMPLETED)
    after = execution(program_ids=[live.program.pk]).counts()
    assert before.overdue > 0 and after.overdue == 0 and after.missed == before.overdue


def test_a_measure_without_due_dates_takes_several_dated_reports(live):
    today = timezone.localdate()
    target = ProgressTarget(
        on_demand_occurrence(measure=live.on_request, done_on=today - timedelta(days=20)), organisation=live.centre
    )
    first = progress_file(target=target, user=live.executor, status="done", narrative="Проведена консультация")
    assert first.done_on == today - timedelta(days=20) and not first.on_behalf
    progress_accept(report=first, user=live.program.created_by)
    second = ProgressTarget(on_demand_occurrence(measure=live.on_request, done_on=today), organisation=live.centre)
    progress_file(target=second, user=live.executor, status="done", narrative="Ещё одна")
    c = execution(program_ids=[live.program.pk]).counts(measure_id=live.on_request.pk)
    assert (c.total, c.done, c.overdue) == (1, 1, 0)
    assert live.on_request.occurrences.filter(on_demand=True).count() == 2


@pytest.mark.parametrize(
    ("days", "message"),
    [(1, "не может быть в будущем"), (-400, "в периоде программы")],
)
def test_on_demand_date_refused(live, days, message):
    with pytest.raises(ValidationError, match=message):
        on_demand_occurrence(measure=live.on_request, done_on=timezone.localdate() + timedelta(days=days))
    assert not live.on_request.occurrences.exists()


def test_reports_refused_on_completed_and_archived_programs(live, world):
    occurrence = _occurrences(live.monthly)[0]
    for status, word in ((Program.Status.COMPLETED, "завершена"), (Program.Status.ARCHIVED, "в архиве")):
        Program.objects.filter(pk=live.program.pk).update(status=status)
        with pytest.raises(ValidationError, match=word):
            progress_file(
                target=ProgressTarget(occurrence, school=world.school_a),
                user=world.team_a,
                status="done",
                narrative="x",
            )
    assert not ProgressReport.objects.exists()


def test_whoever_filed_cannot_decide(live, world):
    occurrence = _occurrences(live.monthly)[0]
    report = progress_file(
        target=ProgressTarget(occurrence, school=world.school_a), user=world.staff_a, status="done", narrative="x"
    )
    assert report.on_behalf  # committee staff filing for the school says so
    with pytest.raises(ValidationError, match="принять или вернуть его должен другой сотрудник"):
        progress_accept(report=report, user=world.staff_a)
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.SUBMITTED
    progress_accept(report=report, user=world.region_staff)
    report.refresh_from_db()
    assert report.review == ProgressReport.Review.ACCEPTED


def test_executor_files_on_its_own_level_only(live, client_for):
    levels = {a.level: a for a in MeasureAssignment.objects.filter(measure=live.roadmap)}
    url = reverse("programs:file_on_demand", args=[live.roadmap.pk])
    mine = f"{url}?assignment={levels['methodological_service'].pk}"
    theirs = f"{url}?assignment={levels['quality_assessment'].pk}"
    assert client_for(live.executor).get(mine).status_code == 200
    assert client_for(live.executor).get(theirs).status_code == 403
    assert client_for(live.stranger).get(mine).status_code == 403
    response = client_for(live.executor).post(
        mine, {"done_on": timezone.localdate().isoformat(), "status": "done", "narrative": "Провели семинар"}
    )
    assert response.status_code == 302
    report = ProgressReport.objects.get(assignment=levels["methodological_service"])
    assert report.organisation == live.centre and report.review == "submitted" and not report.on_behalf
    c = execution(program_ids=[live.program.pk]).counts(measure_id=live.roadmap.pk)
    assert (c.waiting, c.open) == (1, 1)  # each level its own state


def test_executor_sees_only_programs_it_executes(live, world, client_for):
    other = Program.objects.create(
        municipality=world.mun_a,
        target_set=program_target_set_create(municipality=world.mun_a, title="Другая программа"),
        title="Другая программа",
        period_start=date(2024, 1, 1),
        period_end=date(2027, 12, 31),
        status=Program.Status.ACTIVE,
        created_by=world.staff_a,
    )
    assert client_for(live.executor).get(reverse("programs:detail", args=[live.program.pk])).status_code == 200
    assert client_for(live.executor).get(reverse("programs:detail", args=[other.pk])).status_code == 403
    body = client_for(live.executor).get(reverse("programs:my")).content.decode()
    assert "Консультации" in body and "Дорожная карта" in body and "Отчёт школы" not in body


def test_committee_filing_for_a_school_must_say_so(live, world, client_for):
    occurrence = _occurrences(live.monthly)[0]
    url = reverse("programs:file_progress", args=[occurrence.pk]) + f"?school={world.school_a.pk}"
    response = client_for(world.staff_a).post(url, {"status": "done", "narrative": "Проведено"})
    assert response.status_code == 200 and "Обязательное поле" in response.content.decode()
    assert not ProgressReport.objects.exists()
    response = client_for(world.staff_a).post(url, {"status": "done", "narrative": "Проведено", "on_behalf": "on"})
    assert response.status_code == 302 and ProgressReport.objects.get().on_behalf


# --- every count agrees with the list it links to -------------------------------------------

COUNT = re.compile(r'data-count="(?P<state>\w+)" data-value="(?P<value>\d+)"(?: href="(?P<href>[^"]+)")?')


def _counts(body: str) -> list[tuple[str, int, str | None]]:
    return [(m["state"], int(m["value"]), m["href"]) for m in COUNT.finditer(body)]


def test_every_count_agrees_with_its_list_and_with_the_other_pages(live, world, client_for):
    today = timezone.localdate()
    occ = [o for o in _occurrences(live.monthly) if o.due_date < today]
    done = progress_file(
        target=ProgressTarget(occ[0], school=world.school_a), user=world.team_a, status="done", narrative="x"
    )
    progress_accept(report=done, user=world.staff_a)
    progress_file(target=ProgressTarget(occ[1], school=world.school_a), user=world.team_a, status="done", narrative="x")
    truth = execution(program_ids=[live.program.pk]).counts()
    assert truth.overdue and truth.waiting

    pages = {
        world.staff_a: [
            reverse("home"),
            reverse("programs:detail", args=[live.program.pk]),
            reverse("programs:list"),
            reverse("monitoring:dashboard_municipality", args=[world.mun_a.pk]),
            reverse("programs:my"),
            reverse("programs:measure", args=[live.program.pk, live.monthly.pk]),
        ],
        world.region_staff: [reverse("home"), reverse("programs:detail", args=[live.program.pk])],
        world.team_a: [reverse("home"), reverse("programs:my"), reverse("schools:detail", args=[world.school_a.pk])],
        live.executor: [reverse("home"), reverse("programs:my")],
    }
    seen: dict[tuple[object, str], set[int]] = {}
    checked = 0
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            for state, value, href in _counts(response.content.decode()):
                if href is None:
                    continue
                listed = client.get(href.replace("&amp;", "&")).content.decode()
                rows = len(re.findall(r'data-item="', listed))
                assert rows == value, f"{user}: {url} says {state} {value}, {href} lists {rows}"
                tab = re.search(rf'data-tab-count="{state}">(\d+)<', listed)
                assert tab and int(tab[1]) == value
                checked += 1
                if "program=" in href or user in (world.team_a, live.executor):
                    seen.setdefault((user.username, state), set()).add(value)
    assert checked >= 20
    # one program: the committee sees the same numbers everywhere, equal to the selector's
    assert seen[("staff_a", "overdue")] == {truth.overdue}
    assert seen[("staff_a", "waiting")] == {truth.waiting}
    # the school team sees its own school's part, the same on every page
    assert seen[("team_a", "overdue")] == {truth.overdue}  # all of it is school A-1's
    assert len(seen[("team_a", "waiting")]) == 1


def test_the_committee_gives_a_measure_without_due_dates_a_rhythm(live, world):
    from programs.services.measures import measure_schedule_set
    from programs.timing import Kind, Schedule

    target = ProgressTarget(
        on_demand_occurrence(measure=live.on_request, done_on=timezone.localdate()), organisation=live.centre
    )
    report = progress_file(target=target, user=live.executor, status="done", narrative="Консультация")
    measure_schedule_set(measure=live.on_request, schedule=Schedule(kind=Kind.ACADEMIC_YEARLY))
    work = execution(program_ids=[live.program.pk])
    info = work.measures[live.on_request.pk]
    assert not info.on_demand and info.occurrences  # now due once per academic year
    assert ProgressReport.objects.filter(pk=report.pk).exists()  # the report made on demand is kept
    assert live.on_request.occurrences.filter(on_demand=True).count() == 1


def test_the_program_page_charts_progress_per_task_as_the_bars_count_it(live, world, client_for):
    today = timezone.localdate()
    occ = [o for o in _occurrences(live.monthly) if o.due_date < today]
    done = progress_file(
        target=ProgressTarget(occ[0], school=world.school_a), user=world.team_a, status="done", narrative="x"
    )
    progress_accept(report=done, user=world.staff_a)
    truth = execution(program_ids=[live.program.pk]).counts()
    html = client_for(world.staff_a).get(reverse("programs:detail", args=[live.program.pk])).content.decode()
    (chart,) = chart_specs(html.split('data-testid="task-progress"', 1)[1])
    rows = chart_rows(chart)
    assert sum(r["value"] for r in rows) == truth.total
    assert sum(r["value"] for r in rows if r["series"] == "выполнено") == truth.done == 1
    assert sum(r["value"] for r in rows if r["series"].startswith("просрочено")) == truth.overdue + truth.missed
    assert "Выполнение по задачам" in chart["title"] and "выполнено 1 из" in chart["description"]
