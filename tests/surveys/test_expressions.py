"""The expression subset of `relevant` and `constraint`: parsed into a tree, never evaluated by eval."""

import pytest

from surveys import expressions as ex


@pytest.mark.parametrize(
    ("text", "answers", "dot", "expected"),
    [
        ("${a} = 'yes'", {"a": "yes"}, None, True),
        ("${a} = 'yes'", {}, None, False),
        ("${a} != ''", {}, None, False),
        ("${n} >= 4", {"n": 5}, None, True),
        ("${n} >= 4", {"n": 3}, None, False),
        ("${n} >= 4", {}, None, False),  # an unanswered question is not a number
        ("selected(${m}, 'x') and not(${n} < 2)", {"m": ["x", "y"], "n": 2}, None, True),
        ("selected(${m}, 'z') or ${n} = 2", {"m": ["x"], "n": 2}, None, True),
        (". >= 1 and . <= 10", {}, 11, False),
        (". >= 1 and . <= 10", {}, "7", True),
        ("string-length(.) <= 3", {}, "abcd", False),
        ("count-selected(.) <= 2", {}, ["a", "b", "c"], False),
        ("(${a} = 1 or ${b} = 1) and ${c} = 1", {"a": 1, "c": 1}, None, True),
        ("${x} = 2,5", {"x": "2.5"}, None, True),
    ],
)
def test_evaluates_like_odk(text, answers, dot, expected):
    assert ex.evaluate(ex.parse(text), answers, dot) is expected


@pytest.mark.parametrize(
    "text",
    [
        "${a} >=",
        "${a} = 'x' and",
        "__import__('os')",
        "${a} == 1",
        "selected(${a})",
        "foo(${a})",
        "${a} = 1)",
        "${a} = 'x",
    ],
)
def test_broken_expressions_are_refused_in_russian(text):
    with pytest.raises(ex.ExpressionError) as err:
        ex.parse(text)
    assert any("а" <= ch <= "я" for ch in str(err.value).lower())


def test_written_back_it_parses_to_the_same_tree():
    for text in ["${a} >= 4 and (selected(${b}, 'x') or not(${c} = ''))", ". <= 150", "count-selected(${m}) > 1"]:
        tree = ex.parse(text)
        assert ex.parse(ex.to_text(tree)) == tree


def test_references_are_collected():
    assert ex.references(ex.parse("${a} = 1 or selected(${b}, 'x')")) == {"a", "b"}
