"""The demo command builds all five seed programs, every row of each measures table."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from programs.demo.seed_programs import PROGRAMS
from programs.models import MeasureAssignment, Program

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    # The demo takes seconds: load it once for the module, then empty the database again so that
    # the tests of other modules start from nothing, as they expect.
    with django_db_blocker.unblock():
        call_command("demo")
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        # flush also empties what migrations ship; put it back for the tests that follow
        from tests.conftest import restore_shipped_data

        restore_shipped_data()


def _numbers(code: str) -> list[str]:
    program = Program.objects.get(municipality__code=code)
    return list(program.measures.order_by("sort_key").values_list("number", flat=True))


def test_korolev_has_every_measure_1_1_to_6_11(demo):
    numbers = _numbers("korolev")
    assert len(numbers) == 52 and numbers[0] == "1.1" and numbers[-1] == "6.11"


def test_tungiro_has_measures_1_1_to_6_3(demo):
    numbers = _numbers("tungiro")
    assert len(numbers) == 27 and numbers[0] == "1.1" and numbers[-1] == "6.3"


def test_dagestanskiye_ogni_keeps_its_numbering_gaps(demo):
    numbers = [int(n) for n in _numbers("dagogni")]
    assert numbers == [n for n in range(1, 47) if n not in (22, 24)]
    program = Program.objects.get(municipality__code="dagogni")
    assert list(program.sections.values_list("number", flat=True)) == ["I", "II", "III", "IV", "V"]


def test_dubna_roadmap_keeps_three_executor_columns(demo):
    program = Program.objects.get(municipality__code="dubna")
    assert program.kind == Program.Kind.ROADMAP
    levels = set(MeasureAssignment.objects.filter(measure__program=program).values_list("level", flat=True))
    assert levels == {"authority", "methodological_service", "quality_assessment"}


def test_sysert_model_has_its_algorithm_steps(demo):
    program = Program.objects.get(municipality__code="sysert")
    assert program.kind == Program.Kind.MODEL and program.approval_number == "267-ОД"
    spec = next(p for p in PROGRAMS if p["seed"] == "001")
    assert program.measures.count() == len(spec["measures"])


def test_every_seed_timing_is_kept_and_parsed_or_corrected(demo):
    for spec in PROGRAMS:
        program = Program.objects.get(municipality__code=spec["municipality"])
        stored = dict(program.measures.values_list("number", "timing_text"))
        assert stored == {m["number"]: m["timing"] for m in spec["measures"]}
        assert not program.measures.filter(schedule_kind="unparsed", schedule_confirmed=False).exists()


def test_demo_programs_are_published_with_progress(demo, client):
    program = Program.objects.get(municipality__code="korolev")
    assert program.versions.count() == 1
    body = client.get(program.get_public_url()).content.decode()
    assert "Паспорт программы" in body and "6.11" in body


def test_demo_again_creates_nothing_new(demo):
    before = Program.objects.count()
    call_command("demo")
    assert Program.objects.count() == before == 5


def test_dubna_roadmap_runs_and_its_columns_belong_to_dubnas_organisations(demo, client):
    program = Program.objects.get(municipality__code="dubna")
    # The seed states no term: the demo assumes one that has not ended, so executors can report.
    assert program.status == Program.Status.ACTIVE
    organisations = {
        level: {name for name in names if name}
        for level in MeasureAssignment.Level.values
        for names in [
            set(
                MeasureAssignment.objects.filter(measure__program=program, level=level).values_list(
                    "organisation__name", flat=True
                )
            )
        ]
    }
    assert organisations == {
        "authority": {"Городское управление народного образования Администрации г. Дубны"},
        "methodological_service": {"Муниципальная методическая служба"},
        "quality_assessment": {"Муниципальная система оценки качества образования"},
    }
    # The methodological service's demo account finds its column's rows in «Мои мероприятия».
    from schools.models import User

    client.force_login(User.objects.get(username="centre"))
    page = client.get("/programs/my/").content.decode()
    assert "Муниципальная методическая служба" in page and "Отчитаться о выполнении" in page
    assert client.get(f"/programs/{program.pk}/").status_code == 200
    korolev = Program.objects.get(municipality__code="korolev")
    assert client.get(f"/programs/{korolev.pk}/").status_code == 403
