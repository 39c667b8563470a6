"""Executing organisations' staff in the portal's pages: they file on their own roadmap rows only,
and see only the programs they execute."""

from __future__ import annotations

from datetime import date

import pytest

from programs.models import ProgressReport
from programs.services import programs as psvc
from programs.services.measures import measure_assignment_set, measure_update
from schools.models import Organisation
from tests.factories import ExecutorFactory, OrganisationFactory

from .conftest import make_program

pytestmark = pytest.mark.django_db


def _org(world, name: str) -> Organisation:
    return OrganisationFactory(municipality=world.mun_a, kind="other", name=name, short_name=name)


@pytest.fixture
def roadmap(world):
    """A running program whose measure 1.2 has no due dates and one column: the methodological centre's."""
    program = make_program(world, start=date(2024, 1, 1), end=date(2027, 8, 31))
    psvc.program_amendment_open(program=program)
    measure = program.measures.get(number="1.2")
    measure_update(measure=measure, data={"timing_text": ""})
    centre = _org(world, "Методический центр")
    row = measure_assignment_set(measure=measure, level="methodological_service", text="Семинары", organisation=centre)
    psvc.program_amendment_commit(program=program, user=world.staff_a, reason="Исполнители")
    return program, measure, row, centre


def _file(client, measure, row, narrative="Проведён семинар"):
    return client.post(
        f"/programs/measures/{measure.pk}/report/?assignment={row.pk}",
        {"done_on": "2025-03-12", "status": "done", "narrative": narrative},
    )


def test_executor_files_on_its_own_row(world, client_for, roadmap):
    program, measure, row, centre = roadmap
    client = client_for(ExecutorFactory(username="centre_a", organisation=centre))
    assert client.get(f"/programs/{program.pk}/").status_code == 200
    assert client.get(f"/programs/measures/{measure.pk}/report/?assignment={row.pk}").status_code == 200
    assert _file(client, measure, row).status_code == 302
    report = ProgressReport.objects.get()
    assert report.assignment == row and report.organisation == centre and not report.on_behalf


def test_staff_of_another_organisation_cannot_file_on_the_row(world, client_for, roadmap):
    _program, measure, row, _centre = roadmap
    college = _org(world, "Колледж")
    client = client_for(ExecutorFactory(username="college_a", organisation=college))
    assert client.get(f"/programs/measures/{measure.pk}/report/?assignment={row.pk}").status_code == 403
    assert _file(client, measure, row).status_code == 403
    assert not ProgressReport.objects.exists()


def test_executor_sees_only_the_programs_it_executes(world, client_for, roadmap):
    program, _measure, _row, centre = roadmap
    other = make_program(world)  # no row or measure of the centre's
    client = client_for(ExecutorFactory(username="centre_a", organisation=centre))
    assert client.get(f"/programs/{other.pk}/").status_code == 403
    listing = client.get("/programs/").content.decode()
    assert f"/programs/{program.pk}/" in listing and f"/programs/{other.pk}/" not in listing
    stranger = client_for(ExecutorFactory(username="college_a", organisation=_org(world, "Колледж")))
    assert stranger.get(f"/programs/{program.pk}/").status_code == 403
