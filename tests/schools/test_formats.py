"""The one way the portal writes numbers, years and counted nouns (schools.formats, schools.years)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.template import Context, Template

from schools.formats import count_of, format_number, format_percent, format_points, parse_decimal, ru_plural
from schools.years import academic_year_label, calendar_year_label, format_academic_year

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (Decimal("62.0000"), 2, "62"),
        ("62.5000", 2, "62,5"),
        (0.35, 2, "0,35"),
        (-3, 2, "\u22123"),
        (-0.0004, 2, "0"),  # rounds to zero: no sign
        (12345.678, 2, f"12{NB}345,68"),
        (1234.5, 2, "1234,5"),
        (None, 2, "—"),
        ("", 2, "—"),
        (float("nan"), 2, "—"),
        ("не число", 2, "не число"),
    ],
)
def test_format_number(value, digits, text):
    assert format_number(value, digits) == text


@pytest.mark.parametrize(
    ("value", "number"),
    [
        (17, Decimal(17)),
        (15.3, Decimal("15.3")),  # a float by its shortest form, not 15.2999…
        (Decimal("2.50"), Decimal("2.50")),
        ("12,5", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        (" 7 ", Decimal(7)),
        ("1 234", Decimal(1234)),
        ("1\u00a0234,5", Decimal("1234.5")),
        ("1\u202f234", Decimal(1234)),
        ("1'250", Decimal(1250)),
        ("\u22123", Decimal(-3)),
        ("–3", Decimal(-3)),
        ("+2", Decimal(2)),
        ("45 %", Decimal(45)),
        ("45%", Decimal(45)),
        (",5", Decimal("0.5")),
        ("12,", Decimal(12)),
        (None, None),
        ("", None),
        ("   ", None),
        ("\u00a0", None),
    ],
)
def test_parse_decimal_reads_numbers_as_people_write_them(value, number):
    parsed = parse_decimal(value)
    assert parsed == number and (parsed is None or isinstance(parsed, Decimal))


@pytest.mark.parametrize(
    "value",
    [
        "много",
        "12,5 кг",
        "1e5",
        "NaN",
        "Infinity",
        "%",
        "-",
        "—",
        "1,2,3",
        "1.2.3",
        True,
        False,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
    ],
)
def test_parse_decimal_refuses_what_is_not_a_number(value):
    with pytest.raises(ValueError):
        parse_decimal(value)
    assert parse_decimal(value, invalid_as_none=True) is None


def test_shares_and_points():
    assert format_percent(0.15) == f"15{NB}%"
    assert format_percent(0.1718) == f"17,2{NB}%"
    assert format_points(0.031) == f"+3,1{NB}п.{NB}п."
    assert format_points(-0.02) == f"\u22122{NB}п.{NB}п."
    assert format_points(-0.0001) == f"0{NB}п.{NB}п."  # never «−0,0»


@pytest.mark.parametrize(
    ("n", "form"),
    [
        (1, "строка"),
        (2, "строки"),
        (4, "строки"),
        (5, "строк"),
        (11, "строк"),
        (12, "строк"),
        (21, "строка"),
        (22, "строки"),
        (111, "строк"),
        (0, "строк"),
    ],
)
def test_ru_plural(n, form):
    assert ru_plural(n, "строка", "строки", "строк") == form


def test_count_of_and_the_template_filters():
    assert count_of(2, "строка с ошибкой", "строки с ошибками", "строк с ошибками") == "2 строки с ошибками"
    html = Template(
        '{{ n|plural:"строка с ошибкой,строки с ошибками,строк с ошибками" }} {{ v|num }} {{ y|academic_year }} '
        "{{ y|academic_year_long }} {{ c|calendar_year }}"
    ).render(Context({"n": 1, "v": Decimal("0.3500"), "y": 2026, "c": 2025}))
    assert html == f"строка с ошибкой 0,35 2025/2026 2025/2026{NB}уч.{NB}г. 2025{NB}г."


def test_years():
    assert format_academic_year(2026) == "2025/2026"
    assert academic_year_label(2026) == f"2025/2026{NB}уч.{NB}г."
    assert calendar_year_label(2025) == f"2025{NB}г."
    assert format_academic_year(None) == academic_year_label(None) == calendar_year_label(None) == ""
