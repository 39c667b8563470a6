"""The default catalogue computed from hand-made inputs, and the catalogue's validation.

The expected level of each factor is worked out here by hand, in floats, with the federal
thresholds written out again — not with the code under test."""

from __future__ import annotations

from decimal import Decimal

import pytest

from risks import defaults
from risks.rules import FactorSpec, catalogue_errors, compute, explain

DERIVED = {d.name: d for d in defaults.DERIVED}
FACTORS = {f.code: f for f in defaults.FACTORS}


def by_hand(value: float | None, low: float, medium: float, high: float, *, lower_is_worse: bool = False) -> str:
    if value is None:
        return "no_data"
    if lower_is_worse:
        value, low, medium, high = -value, -low, -medium, -high
    if value >= high:
        return "high"
    if value >= medium:
        return "medium"
    if value >= low:
        return "low"
    return "none"


def D(x) -> Decimal:
    return Decimal(str(x))


# (factor, inputs, expected value worked out by hand, thresholds, lower is worse)
CASES = [
    ("equipment", {"director_equipment": D(2)}, 2.0, (3.5, 2.5, 1.5), True),
    ("staff_shortage", {"vacancies": D(3), "teachers": D(25)}, 3 / 28 * 100, (3, 7, 12), False),
    (
        "competence",
        {"teachers_assess_difficulty": D(30), "teachers_exam_difficulty": D(52)},
        (30 + 52) / 2,
        (15, 25, 40),
        False,
    ),
    ("disabilities", {"disabilities": D(45), "students": D(300)}, 45 / 300 * 100, (5, 10, 15), False),
    (
        "language",
        {"non_native": D(40), "context_total": D(400), "students_language_help": D(6)},
        (40 / 400 * 100 + 6) / 2,
        (5, 10, 20),
        False,
    ),
    ("pd_system", {"trained_share": D(60), "director_pd_plan": D(0)}, 60 * 1 / 2, (50, 35, 20), True),
    ("motivation", {"students_unmotivated": D("19.99")}, 19.99, (20, 35, 50), False),
    (
        "environment",
        {"students_unsafe": D(30), "parents_dissatisfied": D(12), "teachers_support_low": D(24)},
        (30 + 12 + 24) / 3,
        (15, 25, 40),
        False,
    ),
    ("academic_failure", {"teachers_low_achievers": D(18), "risk_group": D(1)}, 18 + 20, (20, 35, 50), False),
    ("parents", {"parents_rare_meetings": D(50)}, 50.0, (20, 35, 50), False),
]


def test_every_default_factor_is_covered():
    assert sorted(c[0] for c in CASES) == sorted(FACTORS)
    assert len(FACTORS) == 10


@pytest.mark.parametrize(("code", "inputs", "expected", "scale", "lower"), CASES, ids=[c[0] for c in CASES])
def test_default_factor_from_hand_made_inputs(code, inputs, expected, scale, lower):
    spec = FACTORS[code]
    outcome = compute(spec, inputs, DERIVED)
    assert float(outcome.value) == pytest.approx(expected, abs=0.006)
    assert outcome.level == by_hand(expected, *scale, lower_is_worse=lower)
    lines = explain(spec, outcome, DERIVED)
    text = " ".join(lines)
    # Every input given appears with its label; the level is named in words.
    from risks.inputs import BY_NAME

    for name in inputs:
        assert BY_NAME[name].label in text
    assert "нет данных" not in text
    words = {"none": "риск не выявлен", "low": "«низкий»", "medium": "«средний»", "high": "«высокий»"}
    assert words[outcome.level] in lines[-1]
    assert "." not in lines[-1].split("Значение ")[1].split(" ")[0]  # a decimal comma, never a point


def test_levels_chosen_by_these_cases_cover_every_level():
    levels = {by_hand(e, *s, lower_is_worse=lw) for _c, _i, e, s, lw in CASES}
    assert levels == {"none", "low", "medium", "high"}


def test_missing_input_gives_no_data_and_says_which():
    spec = FACTORS["staff_shortage"]
    outcome = compute(spec, {"vacancies": D(3), "teachers": None}, DERIVED)
    assert outcome.level == "no_data" and outcome.value is None
    last = explain(spec, outcome, DERIVED)[-1]
    assert "нет данных" in last and "«Педагогов»" in last


def test_threshold_itself_is_the_level():
    spec = FACTORS["parents"]
    assert compute(spec, {"parents_rare_meetings": D(35)}, DERIVED).level == "medium"
    assert compute(spec, {"parents_rare_meetings": D("34.99")}, DERIVED).level == "low"


def test_default_catalogue_is_valid():
    assert catalogue_errors(defaults.FACTORS, defaults.DERIVED) == []


def test_unknown_input_named_in_russian():
    bad = FactorSpec("x", "Фактор Х", "vacancies / nobody_knows", "higher", D(1), D(2), D(3))
    errors = catalogue_errors([bad], [])
    assert errors == ["Правило фактора «Фактор Х»: неизвестные данные «nobody_knows» — таких исходных данных нет."]


def test_cycle_of_derived_inputs():
    from risks.rules import Derived

    derived = [Derived("alpha", "Альфа", "beta + 1"), Derived("beta", "Бета", "alpha * 2")]
    rule = FactorSpec("x", "Фактор Х", "alpha", "higher", D(1), D(2), D(3))
    errors = catalogue_errors([rule], derived)
    assert len(errors) == 1
    assert errors[0].startswith("Производные показатели образуют цикл: «Альфа» (alpha) → «Бета» (beta) → «Альфа»")


def test_scale_out_of_order_for_each_direction():
    higher = FactorSpec("x", "Фактор Х", "vacancies", "higher", D(10), D(5), D(20))
    lower = FactorSpec("y", "Фактор Y", "vacancies", "lower", D(10), D(20), D(5))
    errors = catalogue_errors([higher, lower], [])
    assert len(errors) == 2
    assert (
        "Фактор «Фактор Х»: пороги шкалы идут не по порядку" in errors[0] and "низкий < средний < высокий" in errors[0]
    )
    assert "сейчас 10, 5, 20" in errors[0]
    assert "низкий > средний > высокий" in errors[1]


def test_unreadable_rule_and_bad_derived_name():
    from risks.rules import Derived

    errors = catalogue_errors(
        [FactorSpec("x", "Фактор Х", "vacancies ×", "higher", D(1), D(2), D(3))], [Derived("Vacancy", "В", "1")]
    )
    assert any("формула не читается" in e and "«*»" in e for e in errors)
    assert any("имя «Vacancy»" in e for e in errors)
