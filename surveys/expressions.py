"""The XLSForm expressions the portal understands in ``relevant`` and ``constraint``: comparisons
(= != < <= > >=), and / or / not(), ``selected(${q}, 'v')``, ``count-selected(${q})``,
``string-length(.)``, ``${name}``, ``.`` (the answer being checked), numbers and quoted strings.

An expression is parsed into a small tree of lists (never ``eval``): Python evaluates it on the
server and static/js/surveys.js evaluates the same tree, sent as JSON, on the phone.

Tree nodes: ["or", a, b] ["and", a, b] ["not", a] ["cmp", op, a, b] ["sel", a, value]
["count", a] ["len", a] ["ref", name] ["dot"] ["num", n] ["str", s]."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

Node = list[Any]


class ExpressionError(ValueError):
    """A Russian sentence saying what is wrong with the expression."""


_TOKEN = re.compile(
    r"""\s*(?:
        (?P<ref>\$\{\s*(?P<refname>[A-Za-z_][\w.-]*)\s*\})
      | (?P<num>-?\d+(?:[.,]\d+)?)
      | (?P<str>'[^']*'|"[^"]*")
      | (?P<op><=|>=|!=|=|<|>|\(|\)|,)
      | (?P<word>[A-Za-z][\w-]*)
      | (?P<dot>\.)
    )""",
    re.VERBOSE,
)


def _tokens(text: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise ExpressionError(f"непонятный знак «{text[pos : pos + 10].strip()}» (позиция {pos + 1})")
        pos = match.end()
        kind = match.lastgroup
        if kind == "refname":
            kind = "ref"
        if kind == "ref":
            out.append(("ref", match.group("refname")))
        elif kind == "num":
            out.append(("num", match.group("num").replace(",", ".")))
        elif kind == "str":
            out.append(("str", match.group("str")[1:-1]))
        elif kind == "op":
            out.append(("op", match.group("op")))
        elif kind == "word":
            out.append(("word", match.group("word").lower()))
        elif kind == "dot":
            out.append(("dot", "."))
        # whitespace at the end leaves no group
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, kind: str, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or token[0] != kind or (value is not None and token[1] != value):
            found = "конец выражения" if token is None else f"«{token[1]}»"
            wanted = f"«{value}»" if value else "значение"
            raise ExpressionError(f"ожидалось {wanted}, а встретилось {found}")
        self.i += 1
        return token

    def parse(self) -> Node:
        node = self.or_()
        if self.peek() is not None:
            raise ExpressionError(f"лишнее «{self.peek()[1]}» в конце выражения")  # type: ignore[index]
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.peek() == ("word", "or"):
            self.i += 1
            node = ["or", node, self.and_()]
        return node

    def and_(self) -> Node:
        node = self.cmp()
        while self.peek() == ("word", "and"):
            self.i += 1
            node = ["and", node, self.cmp()]
        return node

    def cmp(self) -> Node:
        node = self.atom()
        token = self.peek()
        if token and token[0] == "op" and token[1] in {"=", "!=", "<", "<=", ">", ">="}:
            self.i += 1
            node = ["cmp", token[1], node, self.atom()]
        return node

    def atom(self) -> Node:
        token = self.peek()
        if token is None:
            raise ExpressionError("выражение обрывается")
        kind, value = token
        self.i += 1
        if kind == "ref":
            return ["ref", value]
        if kind == "dot":
            return ["dot"]
        if kind == "num":
            return ["num", value]
        if kind == "str":
            return ["str", value]
        if kind == "op" and value == "(":
            node = self.or_()
            self.take("op", ")")
            return node
        if kind == "word":
            return self.call(value)
        raise ExpressionError(f"неожиданное «{value}»")

    def call(self, name: str) -> Node:
        functions = {"not": 1, "selected": 2, "count-selected": 1, "string-length": 1}
        if name not in functions:
            raise ExpressionError(f"функция или слово «{name}» не поддерживается")
        self.take("op", "(")
        args = [self.or_()]
        while self.peek() == ("op", ","):
            self.i += 1
            args.append(self.or_())
        self.take("op", ")")
        if len(args) != functions[name]:
            raise ExpressionError(f"у {name}() должно быть аргументов: {functions[name]}")
        if name == "not":
            return ["not", args[0]]
        if name == "selected":
            if args[1][0] not in {"str", "num"}:
                raise ExpressionError("второй аргумент selected() — вариант ответа в кавычках")
            return ["sel", args[0], args[1][1]]
        if name == "count-selected":
            return ["count", args[0]]
        return ["len", args[0]]


def parse(text: str) -> Node | None:
    """The tree of ``text``, or None for an empty expression; ExpressionError if it is broken."""
    if not text or not text.strip():
        return None
    return _Parser(_tokens(text)).parse()


def references(node: Node | None) -> set[str]:
    """The ${names} an expression reads."""
    if node is None:
        return set()
    if node[0] == "ref":
        return {node[1]}
    found: set[str] = set()
    for part in node[1:]:
        if isinstance(part, list):
            found |= references(part)
    return found


def to_text(node: Node | None) -> str:
    """The expression written back (XLSForm export of an imported or typed expression)."""
    if node is None:
        return ""
    head = node[0]
    if head in {"or", "and"}:
        return f"({to_text(node[1])} {head} {to_text(node[2])})"
    if head == "not":
        return f"not({to_text(node[1])})"
    if head == "cmp":
        return f"{to_text(node[2])} {node[1]} {to_text(node[3])}"
    if head == "sel":
        return f"selected({to_text(node[1])}, '{node[2]}')"
    if head == "count":
        return f"count-selected({to_text(node[1])})"
    if head == "len":
        return f"string-length({to_text(node[1])})"
    if head == "ref":
        return "${" + node[1] + "}"
    if head == "dot":
        return "."
    if head == "num":
        return str(node[1])
    return "'" + str(node[1]) + "'"


# --- evaluation -------------------------------------------------------------------------------------


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        return None
    try:
        return Decimal(str(value).replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def _value(node: Node, answers: dict[str, Any], dot: Any) -> Any:
    head = node[0]
    if head == "ref":
        return answers.get(node[1])
    if head == "dot":
        return dot
    if head == "num":
        return Decimal(node[1])
    if head == "str":
        return node[1]
    if head == "count":
        value = _value(node[1], answers, dot)
        return Decimal(len(value)) if isinstance(value, list) else Decimal(0 if value in (None, "") else 1)
    if head == "len":
        value = _value(node[1], answers, dot)
        return Decimal(len(str(value))) if value is not None else Decimal(0)
    return evaluate(node, answers, dot)


def _compare(op: str, left: Any, right: Any) -> bool:
    a, b = _number(left), _number(right)
    if a is not None and b is not None:
        pair: tuple[Any, Any] = (a, b)
    else:
        # An unanswered question compares as the empty string (ODK's ${q} = '').
        pair = ("" if left is None else str(left), "" if right is None else str(right))
        if op not in {"=", "!="}:
            return False
    x, y = pair
    return {
        "=": x == y,
        "!=": x != y,
        "<": x < y,
        "<=": x <= y,
        ">": x > y,
        ">=": x >= y,
    }[op]


def evaluate(node: Node | None, answers: dict[str, Any], dot: Any = None) -> bool:
    """The truth of an expression for these answers (``dot``: the answer being checked)."""
    if node is None:
        return True
    head = node[0]
    if head == "or":
        return evaluate(node[1], answers, dot) or evaluate(node[2], answers, dot)
    if head == "and":
        return evaluate(node[1], answers, dot) and evaluate(node[2], answers, dot)
    if head == "not":
        return not evaluate(node[1], answers, dot)
    if head == "cmp":
        return _compare(node[1], _value(node[2], answers, dot), _value(node[3], answers, dot))
    if head == "sel":
        value = _value(node[1], answers, dot)
        chosen = value if isinstance(value, list) else ([] if value is None else [value])
        return str(node[2]) in [str(v) for v in chosen]
    value = _value(node, answers, dot)
    if isinstance(value, Decimal):
        return value != 0
    return value not in (None, "", [])
