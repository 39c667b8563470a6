"""Index runs through the Django layer: load → core → store, commands, export, failures, access."""

from __future__ import annotations

import csv
import io
import random

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from indices.exports import COLUMNS, export_csv
from indices.models import AssessmentResult, Methodology, PilotSite, Procedure, Run, SchoolResult, Subject
from indices.services import run_create, run_execute
from schools.models import SchoolContext
from tests.charts import chart_rows, chart_specs, chart_text
from tests.factories import SchoolFactory

pytestmark = pytest.mark.django_db
YEAR = 2025


def populate(municipality, n: int = 12, *, seed: int = 1, collinear: bool = False):
    """n schools with context and ОГЭ results that depend on the context."""
    rng = random.Random(seed)
    subjects = {s.code: s for s in Subject.objects.filter(code__in=["math", "russian"])}
    schools = []
    for i in range(n):
        school = SchoolFactory(municipality=municipality, code=f"{municipality.code}-{i:03d}")
        total = rng.randint(200, 900)
        higher = rng.uniform(0.1, 0.5)
        single = 2 * higher if collinear else rng.uniform(0.1, 0.3)
        higher_n = round(total * higher)
        # collinear: single-parent count exactly twice the other, so the shares are exactly dependent
        single_n = 2 * higher_n if collinear else round(total * single)
        SchoolContext.objects.create(
            school=school,
            year=YEAR,
            total=total,
            parents_higher_ed=higher_n,
            single_parent=single_n,
            on_register=round(total * rng.uniform(0, 0.04)),
        )
        q = 0.8 + 0.8 * higher - 0.5 * single + rng.gauss(0, 0.05)
        for code, base in (("math", 15), ("russian", 25)):
            AssessmentResult.objects.create(
                school=school,
                year=YEAR,
                procedure=Procedure.OGE,
                grade=9,
                subject=subjects[code],
                participants=rng.randint(20, 80),
                mean_score=round(base * q, 2),
                sd=round(rng.uniform(3, 6), 2),
            )
        schools.append(school)
    return schools


@pytest.fixture
def methodology():
    return Methodology.objects.get(slug="default", is_current=True)


def test_run_stores_every_school_and_the_summary(world, methodology):
    schools = populate(world.mun_a)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    assert run.status == Run.Status.DONE, run.error
    assert SchoolResult.objects.filter(run=run).count() == len(schools) + 2  # + world's schools without data
    no_data = SchoolResult.objects.get(run=run, school=world.school_a)
    assert no_data.category == "no_data" and no_data.quality_index is None and no_data.missing_reason
    summary = run.summary
    assert summary["regression"]["n"] == len(schools) and len(summary["regression"]["coef"]) == 4
    assert 0 <= summary["regression"]["r2"] <= 1 and len(summary["subject_means"]) == 2
    assert len(run.input_fingerprint) == 64
    assert run.methodology_frozen["grouping"]["method"] == "c_scale"


def test_same_inputs_give_byte_identical_exports(world, methodology):
    populate(world.mun_a)
    first = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    second = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    assert first.input_fingerprint == second.input_fingerprint
    assert export_csv(first).replace(b"", b"") == export_csv(second)
    header = next(csv.reader(io.StringIO(export_csv(first).decode())))
    assert header == COLUMNS


def test_too_few_schools_fails_cleanly(world, methodology):
    populate(world.mun_a, n=4)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    assert run.status == Run.Status.FAILED
    assert "не меньше 5 школ" in run.error
    assert not SchoolResult.objects.filter(run=run).exists()


def test_collinear_factors_fail_cleanly(world, methodology):
    populate(world.mun_a, collinear=True)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    assert run.status == Run.Status.FAILED and run.error
    assert not SchoolResult.objects.filter(run=run).exists()


def test_pilot_flag_and_municipality_population(world, methodology):
    schools = populate(world.mun_a)
    PilotSite.objects.create(school=schools[0], year=YEAR)
    run = run_execute(
        run_id=run_create(methodology=methodology, year=YEAR, region=world.region, municipality=world.mun_a).pk
    )
    assert run.status == Run.Status.DONE
    assert SchoolResult.objects.get(run=run, school=schools[0]).pilot is True
    assert not SchoolResult.objects.filter(run=run).exclude(school__municipality=world.mun_a).exists()


def test_stably_low_uses_earlier_runs(world, methodology):
    schools = populate(world.mun_a)
    for year in (YEAR - 2, YEAR - 1):
        for c in SchoolContext.objects.filter(year=YEAR):
            c.pk, c.year = None, year
            c.save()
        for r in AssessmentResult.objects.filter(year=YEAR):
            r.pk, r.year = None, year
            r.save()
        run_execute(run_id=run_create(methodology=methodology, year=year, region=world.region).pk)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    low = SchoolResult.objects.filter(run=run, quality_group__lte=5)
    assert low.exists() and all(r.stably_low for r in low)  # identical data: low every year
    assert not SchoolResult.objects.filter(run=run, quality_group__gte=6, stably_low=True).exists()
    assert len(schools) == 12


def test_commands_compute_and_export(world, methodology, tmp_path):
    populate(world.mun_a)
    call_command("indices_compute", year=YEAR, methodology="default", population="region", region="77")
    out = tmp_path / "a.csv"
    call_command("indices_export", run="latest", format="csv", output=str(out))
    call_command("indices_compute", year=YEAR, methodology="default", population="a", region="77")
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert set(rows[0]) == set(COLUMNS) and len(rows) == 14
    with pytest.raises(CommandError, match="не найдена"):
        call_command("indices_compute", year=YEAR, methodology="nope")


def test_methodology_command_round_trip(tmp_path, methodology):
    out = tmp_path / "m.json"
    call_command("indices_methodology", "export", "default", output=str(out))
    text = out.read_text(encoding="utf-8").replace('"c_scale"', '"quantile"').replace('"default"', '"q11"')
    out.write_text(text, encoding="utf-8")
    call_command("indices_methodology", "load", str(out))
    assert Methodology.objects.get(slug="q11").definition["grouping"]["method"] == "quantile"
    bad = tmp_path / "bad.json"
    bad.write_text(text.replace('"parents_higher_ed"', '"stars"'), encoding="utf-8")
    with pytest.raises(CommandError, match="Неизвестный фактор «stars»"):
        call_command("indices_methodology", "load", str(bad))


def test_run_page_access_and_municipal_view(world, methodology, client_for):
    populate(world.mun_a)
    populate(world.mun_b, seed=2)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    url = reverse("indices:run", args=[run.pk])
    assert client_for(world.staff_a).get(url).status_code == 200
    assert client_for(world.region_staff).get(url).status_code == 200
    assert client_for(world.staff_b).get(url).status_code == 403  # another region
    assert client_for(world.team_a).get(url).status_code == 403
    body = client_for(world.staff_a).get(url).content.decode()
    (scatter,) = chart_specs(body)  # the scatter, rendered by the browser from its spec
    assert chart_rows(scatter) and "адресное" in body and "адресное сопровождение" in chart_text(scatter)
    csv_body = client_for(world.staff_a).get(reverse("indices:export", args=[run.pk, "csv"])).content.decode()
    assert "a-000" in csv_body


def test_school_tab_explains_the_category(world, methodology, client_for):
    schools = populate(world.mun_a)
    run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    body = (
        client_for(world.staff_a).get(reverse("schools:detail", args=[schools[0].pk]) + "?tab=indices").content.decode()
    )
    assert 'data-testid="explanation"' in body and "правило" in body and "z =" in body


def test_committee_starts_a_run_from_the_ui(world, methodology, client_for):
    populate(world.mun_a)
    response = client_for(world.staff_a).post(
        reverse("indices:start"), {"methodology": methodology.pk, "year": YEAR, "population": f"m{world.mun_a.pk}"}
    )
    run = Run.objects.get()
    assert response.status_code == 302 and run.municipality == world.mun_a
    # the embedded default runs tasks eagerly after commit; under pytest the on_commit hook of
    # the test transaction does not fire, so execute it as the worker would
    run_execute(run_id=run.pk)
    assert Run.objects.get().status == Run.Status.DONE
    assert client_for(world.team_a).post(reverse("indices:start"), {}).status_code == 403


def test_xlsx_export_is_for_people_csv_keeps_its_keys(world, methodology):
    import openpyxl

    from indices.exports import export_xlsx

    populate(world.mun_a)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx(run))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Код ОО" and "Категория" in rows[0]
    assert not any(isinstance(v, str) and "_" in v for row in rows for v in row)  # no codes
    assert rows[1][1] == f"{YEAR - 1}/{YEAR}"
    assert next(csv.reader(io.StringIO(export_csv(run).decode()))) == COLUMNS  # the machine contract
