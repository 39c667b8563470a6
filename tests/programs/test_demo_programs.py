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


def _seeds():
    """The five seed programs (the demo adds a sixth, running one, marked «демонстрационная»)."""
    return Program.objects.exclude(title__contains="(демонстрационная)")


def _numbers(code: str) -> list[str]:
    program = _seeds().get(municipality__code=code)
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
    program = _seeds().get(municipality__code="dagogni")
    assert list(program.sections.values_list("number", flat=True)) == ["I", "II", "III", "IV", "V"]


def test_dubna_roadmap_keeps_three_executor_columns(demo):
    program = _seeds().get(municipality__code="dubna")
    assert program.kind == Program.Kind.ROADMAP
    levels = set(MeasureAssignment.objects.filter(measure__program=program).values_list("level", flat=True))
    assert levels == {"authority", "methodological_service", "quality_assessment"}


def test_sysert_model_has_its_algorithm_steps(demo):
    program = _seeds().get(municipality__code="sysert")
    assert program.kind == Program.Kind.MODEL and program.approval_number == "267-ОД"
    spec = next(p for p in PROGRAMS if p["seed"] == "001")
    assert program.measures.count() == len(spec["measures"])


def test_every_seed_timing_is_kept_and_parsed_or_corrected(demo):
    for spec in PROGRAMS:
        program = _seeds().get(municipality__code=spec["municipality"])
        stored = dict(program.measures.values_list("number", "timing_text"))
        assert stored == {m["number"]: m["timing"] for m in spec["measures"]}
        assert not program.measures.filter(schedule_kind="unparsed", schedule_confirmed=False).exists()


def test_demo_programs_are_published_with_progress(demo, client):
    program = _seeds().get(municipality__code="korolev")
    assert program.versions.count() == 1
    body = client.get(program.get_public_url()).content.decode()
    assert "Паспорт программы" in body and "6.11" in body


def test_demo_again_creates_nothing_new(demo):
    before = Program.objects.count()
    call_command("demo")
    assert Program.objects.count() == before == 6  # the five seeds and the live demonstration


def test_every_seed_measure_can_take_a_report(demo):
    """Issue 14: no measure of the five seed programs is unreportable. Each program is run again
    (its status set to active inside the test's transaction) and its first party of every measure
    files a report: on the first due date, or — for a measure without due dates — dated by the work."""
    from django.utils import timezone

    from programs.selectors.execution import execution
    from programs.services.progress import ProgressTarget, on_demand_occurrence, progress_file
    from schools.models import School, User

    admin = User.objects.get(username="admin")
    filed = reported = 0
    for program in _seeds().order_by("pk"):
        Program.objects.filter(pk=program.pk).update(status=Program.Status.ACTIVE)
        work = execution(program_ids=[program.pk])
        assert len(work.measures) == program.measures.filter(is_archived=False).count()
        for measure in program.measures.filter(is_archived=False).select_related("program"):
            info = work.measures[measure.pk]
            assert info.parties, f"{program}: {measure.number} has nobody to report"
            if info.on_demand:
                party = info.parties[0]
                day = min(program.period_end, timezone.localdate())
                occurrence = on_demand_occurrence(measure=measure, done_on=day)
            else:
                open_ = [t for t in work.targets if t.measure_id == measure.pk and t.state not in ("done", "waiting")]
                if not open_:  # every due date already reported on by every party
                    reported += 1
                    continue
                party = open_[0].party
                occurrence = measure.occurrences.get(pk=open_[0].occurrence_id)
            target = ProgressTarget(
                occurrence=occurrence,
                school=School.objects.get(pk=party.school_id) if party.school_id else None,
                assignment=measure.assignments.get(pk=party.assignment_id) if party.assignment_id else None,
            )
            report = progress_file(target=target, user=admin, status="in_progress", narrative="Идёт работа")
            assert report.review == "submitted" and report.on_behalf
            filed += 1
    assert filed + reported == sum(len(s["measures"]) for s in PROGRAMS) == 52 + 23 + 26 + 27 + 44
    assert filed >= 11 + 23 + 26  # at least every measure without due dates (Korolyov, Sysert, Dubna)


def test_sysert_group_algorithms_follow_the_support_categories(demo):
    from programs.selectors.execution import category_schools
    from schools.models import School

    program = _seeds().get(municipality__code="sysert")
    bound = {m.number: m for m in program.measures.exclude(support_categories=[])}
    assert sorted(bound) == ["2.1.1", "2.1.2", "2.1.3", "2.1.4", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.5"]
    assert bound["2.1.1"].support_categories == ["resilient"]
    assert bound["2.2.1"].support_categories == ["low_on_both", "not_coping"]  # the catalogue order
    from indices.models import Run, SchoolResult

    run = Run.objects.filter(region=program.municipality.region, status="done", municipality=None).latest("year")
    expected = set(
        SchoolResult.objects.filter(
            run=run, category__in=["not_coping", "low_on_both"], school__municipality=program.municipality
        ).values_list("school_id", flat=True)
    )
    assert expected and set(category_schools(measure=bound["2.2.1"])) == expected
    assert not bound["2.2.1"].schools.exists()  # nothing listed: the run decides
    assert School.objects.filter(pk__in=expected, municipality=program.municipality).count() == len(expected)


def test_dubna_roadmap_runs_and_its_columns_belong_to_dubnas_organisations(demo, client):
    program = _seeds().get(municipality__code="dubna")
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
    korolev = _seeds().get(municipality__code="korolev")
    assert client.get(f"/programs/{korolev.pk}/").status_code == 403


def test_the_live_program_gives_every_role_current_work(demo):
    from django.db.models import F
    from django.utils import timezone

    from monitoring.models import Target
    from programs.models import ProgressReport
    from programs.selectors.execution import execution

    live = Program.objects.get(title__contains="(демонстрационная)")
    assert live.status == Program.Status.ACTIVE and live.period_start <= timezone.localdate() <= live.period_end
    counts = execution(program_ids=[live.pk]).counts()
    assert counts.overdue and counts.waiting and counts.due and counts.done
    assert Target.objects.filter(target_set__program=live).count() >= 3 * 3
    # whoever filed a report did not decide on it (the live program and the seeds that have their own
    # coordinator among the demo accounts)
    own = ProgressReport.objects.filter(reviewed_by_id=F("filed_by_id"))
    assert not own.filter(occurrence__measure__program__municipality__code__in=["korolev", "sysert", "dubna"]).exists()


# What each «Ответственные» name of the seeds denotes in the demo registry (None: schools or
# bodies the registry does not hold — the seed's text is kept, no organisation is linked).
SEED_ORGANISATIONS = {
    "МБУ ДПО «УМОЦ»": "МБУДПО «УМОЦ»",
    "МБУДПО «УМОЦ»": "МБУДПО «УМОЦ»",
    "МБОУ ДПО «УМОЦ»": "МБУДПО «УМОЦ»",
    "Комитет образования": "Комитет образования",
    "МБУ ЦБГКО": "МБУ «ЦБ КО»",
    "МБУ ЦБ ГКО": "МБУ «ЦБ КО»",
    "ГМО учителей русского языка и литературы": "ГМО учителей русского языка и литературы",
    "Управление образования": "Управление образования",
    "Городское управление народного образования": "Городское управление народного образования",
    "Муниципальная методическая служба": "Муниципальная методическая служба",
    "МСОКО": "МСОКО",
    "Отдел образования": "Отдел образования",
    "Управление образования администрации городского округа «город Дагестанские Огни»": "Управление образования",
    "УО": "Управление образования",
    "МБУ ДО «ДДТ»": "МБУ ДО «ДДТ»",
    "МБУ ДО «Детско-юношеская спортивная школа № 2»": "МБУ ДО «ДЮСШ № 2»",
}


def test_every_seed_measure_names_exactly_its_organisations(demo):
    """Issue 15: «ОУ» is the schools, not a college; «ОО» in Korolyov is not Dubna's authority."""
    checked = 0
    for spec in PROGRAMS:
        program = _seeds().get(municipality__code=spec["municipality"])
        measures = {m.number: m for m in program.measures.prefetch_related("responsible__municipality")}
        for row in spec["measures"]:
            measure = measures[row["number"]]
            expected = {SEED_ORGANISATIONS[n] for n in row["responsible"] if SEED_ORGANISATIONS.get(n)}
            got = {o.short_name for o in measure.responsible.all()}
            assert got == expected, f"{spec['municipality']} {row['number']}: {got} ≠ {expected}"
            assert all(o.municipality_id == program.municipality_id for o in measure.responsible.all())
            assert measure.responsible_text == ", ".join(row["responsible"])  # the seed's words kept
            checked += 1
    assert checked == 52 + 23 + 26 + 27 + 44


def test_each_seed_has_its_own_header_and_unstated_terms_are_marked(demo, client):
    expected = {
        "korolev": ["Приложение 1 к приказу № 722 от 20.06.2018"],
        "sysert": ["Приложение к приказу № 267-ОД от 17.09.2020"],
        "dubna": ["Принята на Совете по развитию общего образования от 30.06.2017 № 9"],
        "tungiro": ["Приложение № 1 к приказу № 15-ОД от 05.03.2018"],
    }
    for code, lines in expected.items():
        assert _seeds().get(municipality__code=code).approval_lines == lines, code
    dagogni = _seeds().get(municipality__code="dagogni").approval_lines
    assert dagogni[0] == "«УТВЕРЖДАЮ»" and "М.Б. АЛИХАНОВ" in dagogni[-1]
    # only Dagestanskiye Ogni is signed off with «Утверждаю»
    assert [p.municipality.code for p in _seeds() if "«УТВЕРЖДАЮ»" in p.approval_lines] == ["dagogni"]
    assumed = {p.municipality.code for p in _seeds() if p.period_end_assumed}
    assert assumed == {"sysert", "dubna"}
    body = client.get(_seeds().get(municipality__code="dubna").get_public_url()).content.decode()
    assert "принят условно" in body
    # Dubna numbers none of its rows: the portal's numbers are marked as the portal's
    assert 'data-testid="numbers-assigned"' in body and "1.1.1*" in body
    assert {p.municipality.code for p in _seeds() if p.numbers_assigned} == {"sysert", "dubna"}
    korolev = client.get(_seeds().get(municipality__code="korolev").get_public_url()).content.decode()
    assert 'data-testid="numbers-assigned"' not in korolev


def test_the_demo_agrees_with_what_the_seeds_state(demo):
    """Issue 15: Sysert's district figures (001), Korolyov's No. 22 in unfavourable conditions
    (000), and Sysert's pilot site below the regional mean (001's definition of a pilot site)."""
    from django.db.models import Sum

    from indices.models import Run, SchoolResult
    from schools.demo.context_demo import demo_years
    from schools.models import School, SchoolContext

    year = demo_years()[-1]
    sysert = School.objects.filter(municipality__code="sysert")
    assert sysert.count() == 21
    assert sysert.filter(locality="rural", small_class=True).count() / 21 > 0.40
    sums = SchoolContext.objects.filter(school__in=sysert, year=year).aggregate(
        total=Sum("total"), ovz=Sum("disabilities"), migrants=Sum("non_native"), poor=Sum("low_income")
    )
    assert (sums["total"], sums["ovz"]) == (8818, 515)
    assert round(sums["migrants"] / sums["total"], 2) == 0.60 and round(sums["poor"] / sums["total"], 2) == 0.40

    def latest(code):
        return Run.objects.filter(status="done", municipality=None, region__municipalities__code=code).latest("year")

    no22 = SchoolResult.objects.get(run=latest("korolev"), school__code="KOR-022")
    assert no22.wellbeing_group <= 4  # low social wellbeing: unfavourable conditions
    run = latest("sysert")
    pilot = SchoolResult.objects.get(run=run, school__code="SYS-008")
    assert pilot.quality_index < 1.0  # the regional mean of the quality index is 1 by construction


def test_every_target_and_collection_of_a_program_is_reached_through_its_target_set(demo):
    from datetime import timedelta

    from django.utils import timezone

    from monitoring.models import Collection, Indicator, Target, TargetSet
    from monitoring.services.periods import period_get_or_create
    from programs.services.programs import program_collection_open

    programs = list(Program.objects.select_related("target_set", "municipality"))
    assert len(programs) == 6 and TargetSet.objects.count() == len(programs)  # one set each, nothing else
    for program in programs:
        assert program.target_set.title == TargetSet.fit_title(str(program))
        assert program.target_set.municipality == program.municipality
    live = next(p for p in programs if "(демонстрационная)" in p.title)
    program_collection_open(
        program=live,
        title="Сбор по программе",
        period=period_get_or_create(kind="year", year=timezone.localdate().year),
        indicators=Indicator.objects.filter(code="teachers_total"),
        schools=[live.participants.select_related("school").first().school],
        deadline=timezone.localdate() + timedelta(days=5),
        user=live.created_by,
    )
    reached = {t.pk for p in programs for t in p.target_set.targets.all()}
    assert reached and reached == set(Target.objects.values_list("pk", flat=True))
    over_programs = Collection.objects.exclude(target_set=None)
    assert over_programs.exists()
    assert {c.pk for p in programs for c in p.target_set.collections.all()} == set(
        over_programs.values_list("pk", flat=True)
    )
