"""Issue 19: funding lines as exact decimals; totals in the program document and its PDF, DOCX
and XLSX equal the sum of the lines; planned money of an approved program changes only in an
amendment."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document as DocxDocument
from openpyxl import load_workbook

from programs.reports.document import program_generate
from programs.services.programs import program_amendment_commit, program_amendment_open
from reporting.docx import render as render_docx
from reporting.pdf import render as render_pdf
from reporting.xlsx import render as render_xlsx
from resources.models import FundingLine
from resources.services.funding import funding_add, funding_change, funding_publish
from tests.reports.conftest import norm, pdf_text

from .conftest import make_live

pytestmark = pytest.mark.django_db

# Amounts chosen so that a float sum would drift: 0.1 + 0.2 style kopecks, big and small.
AMOUNTS = [
    (2025, "municipal", "1250000.10"),
    (2025, "regional", "0.20"),
    (2026, "municipal", "333333.33"),
    (2026, "grant", "999999999.99"),
    (2026, "municipal", "0.01"),
]


@pytest.fixture
def funded(world):
    live = make_live(world, approve=False)
    year = live.program.period_start.year
    for offset, (_, source, amount) in enumerate(AMOUNTS):
        funding_add(
            program=live.program,
            user=world.staff_a,
            year=year + (offset % 2),
            source=source,
            planned=amount,
            actual="100.05" if offset == 0 else None,
            measure=live.seminars if offset % 2 else None,
        )
    return live


def _expected() -> Decimal:
    # The reference: integer kopecks, a different arithmetic from the selector's Decimal sums.
    kopecks = sum(int(a.replace(".", "")) for _, _, a in AMOUNTS)
    return Decimal(kopecks) / 100


def _ru(amount: Decimal) -> str:
    whole, frac = f"{amount:.2f}".split(".")
    return f"{int(whole):,}".replace(",", "\u00a0") + "," + frac


def test_document_totals_equal_the_sum_of_lines_in_every_format(world, funded):
    expected = _expected()
    assert expected == Decimal("1001583333.63")
    document = program_generate(funded.program, params={}, user=world.staff_a, progress=lambda n: None)
    titles = [s.title for s in document.sections]
    assert "Финансирование: итоги по годам и источникам" in titles
    totals = next(s for s in document.sections if s.title == "Финансирование: итоги по годам и источникам")
    rows = list(totals.rows)
    assert rows[-1][:2] == ["Все годы", "Всего"] and rows[-1][2] == expected
    assert sum(r[2] for r in rows if r[1] == "Всего за год") == expected

    workbook = load_workbook(io.BytesIO(render_xlsx(document)))
    sheet = workbook["Финансирование — итоги"]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    grand = next(r for r in values if r[:2] == ["Все годы", "Всего"])
    assert Decimal(str(grand[2])) == expected

    text = norm(pdf_text(render_pdf(document)))
    assert norm(_ru(expected)) in text

    docx = DocxDocument(io.BytesIO(render_docx(document)))
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert any(_ru(expected).replace("\u00a0", " ") == c.replace("\u00a0", " ") for c in cells)


def test_program_page_and_public_page_show_the_exact_total(world, funded, client_for):
    expected = _ru(_expected())
    page = client_for(world.staff_a).get(reverse("programs:detail", args=[funded.program.pk]))
    assert expected in page.content.decode()
    public = Client().get(reverse("programs:public", args=[funded.program.pk]))
    # Drafts have no public page; approve to publish.
    assert public.status_code == 404


@pytest.mark.parametrize(
    ("amount", "message"),
    [("100.005", "двух знаков"), ("-1", "отрицательной"), ("сто", "Укажите сумму")],
)
def test_bad_amounts_are_refused(world, funded, amount, message):
    before = FundingLine.objects.count()
    with pytest.raises(ValidationError) as exc:
        funding_add(program=funded.program, user=world.staff_a, year=funded.program.period_start.year,
                    source="municipal", planned=amount)  # fmt: skip
    assert message in " ".join(exc.value.messages)
    assert FundingLine.objects.count() == before


def test_year_outside_the_program_is_refused(world, funded):
    with pytest.raises(ValidationError) as exc:
        funding_add(program=funded.program, user=world.staff_a, year=funded.program.period_end.year + 1,
                    source="municipal", planned="1")  # fmt: skip
    assert "периоде программы" in " ".join(exc.value.messages)


def test_approved_plan_changes_only_in_an_amendment_but_spending_is_recorded(world, funded):
    from programs.services.programs import program_approve

    program_approve(program=funded.program, user=world.staff_a)
    line = FundingLine.objects.order_by("pk").first()
    with pytest.raises(ValidationError) as exc:
        funding_change(line=line, user=world.staff_a, planned="1.00", actual="5")
    assert "через новую версию" in " ".join(exc.value.messages)
    line.refresh_from_db()
    assert line.planned == Decimal("1250000.10") and line.actual == Decimal("100.05")
    # The amount spent is execution: recorded while the plan stays.
    funding_change(line=line, user=world.staff_a, planned="1250000.10", actual="200000.50")
    line.refresh_from_db()
    assert line.actual == Decimal("200000.50")
    program_amendment_open(program=funded.program)
    funding_change(line=line, user=world.staff_a, planned="1250000.11", actual="200000.50")
    program_amendment_commit(program=funded.program, user=world.staff_a, reason="Уточнение сумм")
    line.refresh_from_db()
    assert line.planned == Decimal("1250000.11")


def test_published_totals_reach_the_public_page(world, funded):
    from programs.services.programs import program_approve

    program_approve(program=funded.program, user=world.staff_a)
    url = reverse("programs:public", args=[funded.program.pk])
    assert "Финансирование программы" not in Client().get(url).content.decode()
    funding_publish(program=funded.program, published=True)
    page = Client().get(url).content.decode()
    assert "Финансирование программы" in page and _ru(_expected()) in page
