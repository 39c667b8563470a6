import datetime

import pytest

from schools.years import AcademicYearError, current_academic_year, format_academic_year, parse_academic_year


@pytest.mark.parametrize(
    ("raw", "year"),
    [
        ("2023/2024", 2024),
        ("2023-2024", 2024),
        ("2023 – 2024 уч. г.", 2024),
        ("2023/24", 2024),
        (2024, 2024),
        (2024.0, 2024),
        ("2024", 2024),
        (" 2024 г. ", 2024),
    ],
)
def test_parse_academic_year_accepts_the_template_forms(raw, year):
    assert parse_academic_year(raw) == year


@pytest.mark.parametrize("raw", ["2023/2025", "прошлый год", "", None, 2024.5, "1999", True])
def test_parse_academic_year_rejects_with_a_russian_message(raw):
    with pytest.raises(AcademicYearError, match="учебный год|год"):
        parse_academic_year(raw)


def test_format_and_current_year():
    assert format_academic_year(2024) == "2023/2024"
    assert current_academic_year(datetime.date(2026, 8, 31)) == 2026
    assert current_academic_year(datetime.date(2026, 9, 1)) == 2027


def test_academic_year_bounds_are_september_to_august():
    from schools.years import academic_year_bounds

    assert academic_year_bounds(2025) == (datetime.date(2024, 9, 1), datetime.date(2025, 8, 31))
    first, last = academic_year_bounds(2024)  # a leap February inside: still 1 Sep – 31 Aug
    assert (last - first).days == 365
