"""Markup typed into text fields is shown as text everywhere: pages, SVG charts, PDF, DOCX, XLSX.

A committee member or a school team can type anything into a title; another user's browser (or
WeasyPrint, which renders our HTML to PDF) must print it literally instead of interpreting it.
The PDF check is the strongest: pdftotext shows what WeasyPrint laid out, so the literal
``<script>alert(1)</script>`` in the text proves the tags were escaped, not parsed and dropped.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from programs.models import Goal, Measure, Program, Stage, Task
from reporting.services import report_render
from schools.models import School, Tie
from schools.networks.services.networks import PartySpec, tie_create
from tests.programs.conftest import make_program
from tests.reports.conftest import docx_cells, norm, pdf_text, xlsx_values

SCRIPT = "<script>alert(1)</script><b>жирный</b>"
IMG = "<img src=x onerror=alert(1)>"
ESCAPED = ("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(1)&gt;")
LITERAL = "<script>alert(1)</script>"


@pytest.fixture
def hostile(world):
    """A program of municipality A and its school with markup in every free-text field they print."""
    program = make_program(world)
    Program.objects.filter(pk=program.pk).update(title=f"Программа {SCRIPT}", short_title=f"Кратко {IMG}")
    Goal.objects.filter(program=program).update(text=f"Цель {SCRIPT}")
    Task.objects.filter(program=program).update(text=f"Задача {IMG}")
    Measure.objects.filter(program=program, number="1.1").update(title=f"Семинар {SCRIPT} {IMG}")
    Stage.objects.create(
        program=program, number="1", title=f"Этап {SCRIPT}", start=date(2024, 1, 1), end=date(2026, 12, 31)
    )
    School.objects.filter(pk=world.school_a.pk).update(short_name=f"Школа {SCRIPT}", name=f"МБОУ {IMG}")
    program.refresh_from_db()
    world.school_a.refresh_from_db()
    tie_create(
        municipality=world.mun_a,
        kind=Tie.Kind.MENTOR_PAIR,
        title=f"Пара {SCRIPT}",
        parties=[PartySpec(role="lead", school=world.school_a2), PartySpec(role="supported", school=world.school_a)],
    )
    return program


def _squashed(text: str) -> str:
    return "".join(text.split())


def _assert_escaped(html: str, where: str) -> None:
    assert "<script>alert" not in html, where
    assert "<img src=x" not in html and "<b>жирный" not in html, where
    assert any(text in html for text in ESCAPED), f"{where}: the hostile text is not shown at all"


def test_pages_show_markup_from_text_fields_escaped(world, client_for, hostile):
    program, school = hostile, world.school_a
    measure = program.measures.get(number="1.1")
    pages = {
        world.staff_a: [
            reverse("home"),
            reverse("programs:list"),
            reverse("programs:detail", args=[program.pk]),
            reverse("programs:timeline", args=[program.pk]),  # a chart spec as JSON (json_script)
            reverse("programs:measure", args=[program.pk, measure.pk]),
            reverse("programs:versions", args=[program.pk]),
            reverse("networks:network") + f"?municipality={world.mun_a.pk}",
            reverse("networks:network_svg") + f"?municipality={world.mun_a.pk}",  # names in an SVG file
            reverse("schools:list"),
            reverse("schools:detail", args=[school.pk]),
        ],
        world.team_a: [reverse("home"), reverse("programs:my"), reverse("schools:detail", args=[school.pk])],
    }
    for user, urls in pages.items():
        client = client_for(user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            _assert_escaped(response.content.decode(), f"{user.username} {url}")


@pytest.mark.parametrize(("kind", "obj"), [("program", "program"), ("school", "school")])
def test_pdf_reports_print_markup_literally(world, hostile, kind, obj):
    object_id = hostile.pk if obj == "program" else world.school_a.pk
    content, _ = report_render(kind=kind, format="pdf", object_id=object_id, user=world.staff_a)
    text = norm(pdf_text(content))
    assert LITERAL in text and "<b>жирный</b>" in text
    if kind == "program":
        assert IMG in text  # the measure's title, in the measures table


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_office_reports_keep_markup_as_text(world, hostile, fmt):
    content, _ = report_render(kind="program", format=fmt, object_id=hostile.pk, user=world.staff_a)
    if fmt == "docx":
        import io

        import docx

        document = docx.Document(io.BytesIO(content))
        texts = [norm(p.text) for p in document.paragraphs] + docx_cells(content)
    else:
        texts = xlsx_values(content)
    joined = " | ".join(texts)
    assert f"Семинар {SCRIPT} {IMG}" in joined
    assert LITERAL in joined and "&lt;" not in joined  # literal, not HTML-escaped twice


def test_index_scatter_and_identification_report_escape_school_names(world, client_for):
    from indices.models import Methodology
    from indices.services import run_create, run_execute
    from tests.indices.test_runs import YEAR, populate

    schools = populate(world.mun_a)
    School.objects.filter(pk=schools[0].pk).update(short_name=f"Школа {SCRIPT}", name=f"МБОУ {IMG}")
    methodology = Methodology.objects.get(slug="default", is_current=True)
    run = run_execute(run_id=run_create(methodology=methodology, year=YEAR, region=world.region).pk)
    response = client_for(world.staff_a).get(reverse("indices:run", args=[run.pk]))
    assert response.status_code == 200
    _assert_escaped(response.content.decode(), "run page")  # the scatter's <title> of each point
    content, _ = report_render(kind="identification", format="pdf", object_id=run.pk, user=world.staff_a)
    assert LITERAL in _squashed(pdf_text(content))  # a narrow column wraps it: compare without spaces
