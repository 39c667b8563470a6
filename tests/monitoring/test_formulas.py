"""The formula language of computed indicators: parsing, the codes it reads, share pairs,
evaluation, and the whole catalogue's check (unknown codes, self-references, cycles)."""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from monitoring import formulas
from monitoring.formulas import (
    BinOp,
    FormulaError,
    Neg,
    Num,
    Ref,
    evaluate,
    evaluation_order,
    parse,
    ratio_pairs,
    referenced_codes,
    render,
    validate_catalogue,
)

D = Decimal


# --- parsing -------------------------------------------------------------------------------------


def test_precedence_and_left_associativity():
    assert parse("a - b - c") == BinOp("-", BinOp("-", Ref("a"), Ref("b")), Ref("c"))
    assert parse("a + b * c") == BinOp("+", Ref("a"), BinOp("*", Ref("b"), Ref("c")))
    assert parse("a / b * 100") == BinOp("*", BinOp("/", Ref("a"), Ref("b")), Num(D(100)))
    assert parse("-(a + 1)") == Neg(BinOp("+", Ref("a"), Num(D(1))))
    assert parse("2 * -3") == BinOp("*", Num(D(2)), Neg(Num(D(3))))


def test_decimal_comma_and_point_are_the_same_number():
    assert parse("2,5") == parse("2.5") == Num(D("2.5"))


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "пуста"),
        ("   ", "пуста"),
        ("a +", "обрывается"),
        ("(a + b", "не закрыта скобка"),
        ("a + b)", "лишняя закрывающая скобка"),
        ("a b", "ожидался знак действия"),
        ("Teachers / 2", "не код показателя"),
        ("_a + 1", "не код показателя"),
        ("доля * 100", "строчными латинскими"),
        ("a × b", "пишите «*»"),
        ("a : b", "пишите «/»"),
        ("a % b", "* 100"),
        ("1.5.3", "недопустимый символ"),
        ("a + * b", "ожидалось число"),
        ("(" * 70 + "a" + ")" * 70, "вложенность"),
        ("-" * 70 + "1", "вложенность"),
        ("a" * 1001, "слишком длинная"),
    ],
)
def test_syntax_errors_are_russian_formula_errors(text, fragment):
    with pytest.raises(FormulaError) as caught:
        parse(text)
    assert fragment in str(caught.value)


def test_error_names_the_position():
    with pytest.raises(FormulaError) as caught:
        parse("a + $")
    assert caught.value.position == 5
    assert "Позиция 5" in str(caught.value)


def test_referenced_codes():
    assert referenced_codes("teachers_trained / teachers_total * 100") == {"teachers_trained", "teachers_total"}
    assert referenced_codes("1 + 2") == set()


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("a / b", [("a", "b")]),
        ("a / b * 100", [("a", "b")]),
        ("100 * a / b", [("a", "b")]),
        ("a * 100 / b", [("a", "b")]),
        ("(a / b) * 100", [("a", "b")]),
        ("a / b * 100 + c / d", [("a", "b"), ("c", "d")]),
        ("a / b + a / b", [("a", "b")]),
        ("(a + c) / b", []),
        ("a / (b + c)", []),
        ("a / 2", []),
        ("a * b", []),
        ("3 * a / b", []),  # not a share: a multiple of the numerator
    ],
)
def test_ratio_pairs(text, pairs):
    assert ratio_pairs(text) == pairs


# --- evaluation ----------------------------------------------------------------------------------


def test_evaluate_share():
    values = {"teachers_trained": D(12), "teachers_total": D(48)}
    assert evaluate("teachers_trained / teachers_total * 100", values) == D(25)


@pytest.mark.parametrize(
    "values",
    [
        {"a": D(1)},  # b missing
        {"a": D(1), "b": None},  # b unknown
        {"a": D(1), "b": D(0)},  # zero denominator
    ],
)
def test_evaluate_is_none_without_an_answer(values):
    assert evaluate("a / b * 100", values) is None


def test_evaluate_accepts_ints_and_a_parsed_tree():
    tree = parse("a * 2 - 1")
    assert evaluate(tree, {"a": 5}) == D(9)


def test_evaluate_overflow_is_none_not_an_exception():
    assert evaluate("a * a * a", {"a": D("1e400000")}) is None


def test_render_round_trips():
    text = "-(a - b) / 2,5 + c * (d - 1)"
    assert parse(render(text)) == parse(text)


# --- the catalogue -------------------------------------------------------------------------------


def test_catalogue_without_problems():
    assert validate_catalogue({"share": "a / b * 100"}, ["a", "b"]) == []


def test_unknown_codes_are_named():
    [message] = validate_catalogue({"share": "a / nope * 100 + zzz"}, ["a"])
    assert "«share»" in message and "«nope»" in message and "«zzz»" in message
    assert "неизвестные коды" in message


def test_self_reference():
    [message] = validate_catalogue({"a": "a + 1"}, [])
    assert message == "Показатель «a»: формула ссылается на сам показатель."


def test_two_step_cycle():
    [message] = validate_catalogue({"a": "b * 2", "b": "a / 2"}, [])
    assert "цикл" in message and "«a» → «b» → «a»" in message


def test_longer_cycle_reported_once_from_its_smallest_code():
    messages = validate_catalogue({"c": "a + 1", "a": "b + 1", "b": "c + 1", "d": "a + 1"}, [])
    assert messages == ["Формулы образуют цикл: «a» → «b» → «c» → «a» — такие показатели нельзя вычислить."]


def test_unreadable_formula_in_catalogue():
    [message] = validate_catalogue({"x": "a +"}, ["a"])
    assert message.startswith("Показатель «x»: формула не читается.")


def test_evaluation_order_puts_inputs_first():
    order = evaluation_order({"total": "part_share + 1", "part_share": "a / b", "other": "total * 2"})
    assert order.index("part_share") < order.index("total") < order.index("other")


# --- properties ----------------------------------------------------------------------------------

# No example database: the suite runs with -p no:cacheprovider and must not write .hypothesis/.
FORMULA_ALPHABET = "abcxyz_019 .,+-*/()%АяQ\t×:"


@settings(max_examples=400, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=200), st.text(alphabet=FORMULA_ALPHABET, max_size=200)))
def test_parse_never_raises_anything_but_formula_error(text):
    try:
        parse(text)
    except FormulaError as exc:
        assert str(exc)  # a message for the user
        return
    # Whatever parses can be read by every other function without an exception.
    referenced_codes(text)
    ratio_pairs(text)
    evaluate(text, {})


@settings(database=None, deadline=None)
@given(st.text(alphabet="(-", min_size=formulas.MAX_DEPTH + 1, max_size=600))
def test_deep_nesting_is_a_formula_error_not_a_recursion_error(text):
    # Every "(" and unary "-" is one level: this text is always deeper than allowed.
    with pytest.raises(FormulaError):
        parse(text + "1" + ")" * text.count("("))


CODES = ("a", "b", "c_1", "share_x")


def _leaf(numbers):
    # (formula text, Python text) pairs: the same expression in both languages.
    return st.one_of(
        numbers,
        st.sampled_from(CODES).map(lambda c: (c, c)),
    )


def _tree(leaf):
    def extend(children):
        return st.one_of(
            st.tuples(children, st.sampled_from("+-*/"), children).map(
                lambda t: (f"{t[0][0]} {t[1]} {t[2][0]}", f"{t[0][1]} {t[1]} {t[2][1]}")
            ),
            children.map(lambda c: (f"({c[0]})", f"({c[1]})")),
            children.map(lambda c: (f"-{c[0]}", f"-{c[1]}")),
        )

    return st.recursive(leaf, extend, max_leaves=14)


DECIMAL_NUMBERS = st.one_of(
    st.integers(0, 10_000).map(lambda n: (str(n), f"N('{n}')")),
    st.tuples(st.integers(0, 999), st.integers(0, 999), st.sampled_from(".,")).map(
        lambda t: (f"{t[0]}{t[2]}{t[1]}", f"N('{t[0]}.{t[1]}')")
    ),
)
VALUES = st.fixed_dictionaries({c: st.integers(-50, 50) for c in CODES})


def _python(text: str, namespace: dict):
    # The reference is Python itself: the same text, read by Python's own parser (a test may
    # eval what it generated; the portal never does).
    return eval(text, {"__builtins__": {}}, namespace)  # noqa: S307


@settings(max_examples=300, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tree(_leaf(DECIMAL_NUMBERS)), VALUES)
def test_evaluate_agrees_with_python_decimal_arithmetic(expression, values):
    formula, python = expression
    try:
        tree = parse(formula)
    except FormulaError:
        assume(False)  # only nesting deeper than MAX_DEPTH, which the generator rarely builds
    decimals = {c: Decimal(v) for c, v in values.items()}
    with decimal.localcontext(formulas.DECIMAL_CONTEXT) as context:
        context.traps[decimal.DivisionByZero] = True
        context.traps[decimal.InvalidOperation] = True
        try:
            expected = _python(python, {"N": Decimal, **decimals})
        except (decimal.DivisionByZero, decimal.InvalidOperation, decimal.Overflow):
            expected = None
    assert evaluate(tree, decimals) == expected


@settings(max_examples=300, database=None, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tree(st.integers(0, 100).map(lambda n: (str(n), f"F({n})"))), VALUES)
def test_evaluate_is_exact_like_fractions_without_division(expression, values):
    formula, python = expression
    assume("/" not in formula)
    try:
        tree = parse(formula)
    except FormulaError:
        assume(False)
    expected = _python(python, {"F": Fraction, **{c: Fraction(v) for c, v in values.items()}})
    result = evaluate(tree, {c: Decimal(v) for c, v in values.items()})
    assert result is not None and Fraction(result) == expected
