"""The formula language of computed indicators — parsed, never ``eval``-ed.

A formula is arithmetic over the codes of other indicators::

    teachers_trained / teachers_total * 100
    -(a - b) / 2.5

Grammar (usual precedence, left-associative)::

    expr    := term (("+" | "-") term)*
    term    := unary (("*" | "/") unary)*
    unary   := "-" unary | primary
    primary := NUMBER | CODE | "(" expr ")"
    NUMBER  := digits, optionally with a fractional part after "." or ","
    CODE    := [a-z][a-z0-9_]*

Everything is pure (no Django): the parser turns text into a small immutable tree, and the other
functions walk that tree. Any malformed text raises :class:`FormulaError` with a Russian message —
nothing else, whatever the text (a property test checks it) — so a form can show it inline.
Evaluation works on ``Decimal`` and answers ``None`` rather than guessing when a referenced value
is missing or a denominator is zero.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

__all__ = [
    "CODE_PATTERN",
    "BinOp",
    "CatalogueProblem",
    "FormulaError",
    "Neg",
    "Node",
    "Num",
    "Ref",
    "catalogue_problems",
    "evaluate",
    "evaluation_order",
    "parse",
    "ratio_pairs",
    "referenced_codes",
    "render",
    "validate_catalogue",
]

CODE_PATTERN = re.compile(r"[a-z][a-z0-9_]*")
MAX_LENGTH = 1000  # longer than the model's column: a pasted formula is judged, not truncated
MAX_DEPTH = 60  # nesting of brackets and unary minus; deeper text is not a formula someone wrote
PERCENT = Decimal(100)

# Enough digits for any share or count; the same context for every evaluation, so results do not
# depend on the caller's thread-local context.
DECIMAL_CONTEXT = decimal.Context(prec=34, rounding=decimal.ROUND_HALF_EVEN, Emax=999_999, Emin=-999_999)


class FormulaError(ValueError):
    """A formula that cannot be read; ``str(exc)`` is the Russian message for the user."""

    def __init__(self, message: str, position: int | None = None):
        super().__init__(message)
        self.message = message
        self.position = position


# --- The tree ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: Decimal


@dataclass(frozen=True)
class Ref:
    code: str


@dataclass(frozen=True)
class Neg:
    operand: Node


@dataclass(frozen=True)
class BinOp:
    op: str  # one of + - * /
    left: Node
    right: Node


Node = Num | Ref | Neg | BinOp


# --- Tokens ------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<number>[0-9]+(?:[.,][0-9]+)?)
  | (?P<code>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<op>[-+*/()])
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Token:
    kind: str  # number, code, op, end
    text: str
    position: int  # 1-based, for messages


def _describe(token: _Token) -> str:
    return "конец формулы" if token.kind == "end" else f"«{token.text}»"


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            char = text[position]
            hint = ""
            if char in "×·":
                hint = " — для умножения пишите «*»"
            elif char in ":÷":
                hint = " — для деления пишите «/»"
            elif char == "%":
                hint = " — процент записывается как «* 100»"
            elif char.isalpha():
                hint = " — коды показателей пишутся строчными латинскими буквами, цифрами и «_»"
            raise FormulaError(f"Позиция {position + 1}: недопустимый символ «{char}»{hint}.", position + 1)
        kind = match.lastgroup or ""
        if kind == "code":
            word = match.group()
            if not CODE_PATTERN.fullmatch(word):
                raise FormulaError(
                    f"Позиция {position + 1}: «{word}» — не код показателя: коды пишутся строчными "
                    "латинскими буквами, цифрами и «_» и начинаются с буквы.",
                    position + 1,
                )
        if kind != "space":
            tokens.append(_Token(kind, match.group(), position + 1))
        position = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


# --- Parser ------------------------------------------------------------------------------------


class _Parser:
    def __init__(self, tokens: list[_Token]):
        self.tokens = tokens
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def descend(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise FormulaError(
                f"Позиция {self.current.position}: слишком глубокая вложенность (больше {MAX_DEPTH} уровней).",
                self.current.position,
            )

    def expr(self) -> Node:
        node = self.term()
        while self.current.kind == "op" and self.current.text in "+-":
            op = self.advance().text
            node = BinOp(op, node, self.term())
        return node

    def term(self) -> Node:
        node = self.unary()
        while self.current.kind == "op" and self.current.text in "*/":
            op = self.advance().text
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.current.kind == "op" and self.current.text == "-":
            self.advance()
            self.descend()
            node = Neg(self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        token = self.current
        if token.kind == "number":
            self.advance()
            return Num(Decimal(token.text.replace(",", ".")))
        if token.kind == "code":
            self.advance()
            return Ref(token.text)
        if token.kind == "op" and token.text == "(":
            self.advance()
            self.descend()
            node = self.expr()
            self.depth -= 1
            if not (self.current.kind == "op" and self.current.text == ")"):
                raise FormulaError(
                    f"Позиция {self.current.position}: не закрыта скобка, открытая в позиции "
                    f"{token.position} (встречено: {_describe(self.current)}).",
                    self.current.position,
                )
            self.advance()
            return node
        if token.kind == "end":
            raise FormulaError(
                f"Формула обрывается (позиция {token.position}): ожидалось число, код показателя или «(»."
                if self.index
                else "Формула пуста.",
                token.position,
            )
        if token.text == ")":
            raise FormulaError(f"Позиция {token.position}: лишняя закрывающая скобка.", token.position)
        raise FormulaError(
            f"Позиция {token.position}: ожидалось число, код показателя или «(», а встречено {_describe(token)}.",
            token.position,
        )

    def parse(self) -> Node:
        node = self.expr()
        token = self.current
        if token.kind != "end":
            if token.text == ")":
                raise FormulaError(f"Позиция {token.position}: лишняя закрывающая скобка.", token.position)
            raise FormulaError(
                f"Позиция {token.position}: ожидался знак действия (+, -, *, /), а встречено {_describe(token)}.",
                token.position,
            )
        return node


def parse(formula: str | Node) -> Node:
    """The tree of a formula; raises FormulaError (Russian message) when it cannot be read."""
    if isinstance(formula, Num | Ref | Neg | BinOp):
        return formula
    if not isinstance(formula, str):
        raise FormulaError("Формула должна быть текстом.")
    if len(formula) > MAX_LENGTH:
        raise FormulaError(f"Формула слишком длинная: больше {MAX_LENGTH} символов.")
    if not formula.strip():
        raise FormulaError("Формула пуста.")
    return _Parser(_tokens(formula)).parse()


# --- Reading the tree --------------------------------------------------------------------------


def _walk(node: Node) -> Iterator[Node]:
    # Iterative: a tree as deep as MAX_DEPTH allows is fine either way, but long chains of
    # "a + b + c + …" are deep on the left and need no recursion limit.
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if isinstance(current, Neg):
            stack.append(current.operand)
        elif isinstance(current, BinOp):
            stack.extend((current.right, current.left))


def referenced_codes(formula: str | Node) -> set[str]:
    """The indicator codes a formula reads."""
    return {n.code for n in _walk(parse(formula)) if isinstance(n, Ref)}


def _numerator(node: Node) -> str | None:
    """``a`` of ``a``, ``100 * a`` or ``a * 100``: the count a share is made of."""
    if isinstance(node, Ref):
        return node.code
    if isinstance(node, BinOp) and node.op == "*":
        if isinstance(node.left, Num) and node.left.value == PERCENT and isinstance(node.right, Ref):
            return node.right.code
        if isinstance(node.right, Num) and node.right.value == PERCENT and isinstance(node.left, Ref):
            return node.left.code
    return None


def ratio_pairs(formula: str | Node) -> list[tuple[str, str]]:
    """(numerator, denominator) of every ``a / b`` in the formula — also written ``a / b * 100``,
    ``100 * a / b`` or ``(a / b) * 100`` — in order of appearance, without repeats.

    Used on entry to check that a numerator never exceeds its denominator. The formula alone
    cannot tell a share from a ratio such as students per teacher, so callers apply the check to
    share indicators (unit «%») only."""
    pairs: list[tuple[str, str]] = []
    for node in _walk(parse(formula)):
        if isinstance(node, BinOp) and node.op == "/" and isinstance(node.right, Ref):
            numerator = _numerator(node.left)
            pair = (numerator, node.right.code) if numerator is not None else None
            if pair is not None and pair not in pairs:
                pairs.append(pair)
    return pairs


def render(formula: str | Node) -> str:
    """The canonical text of a formula, fully bracketed: parse(render(t)) == parse(t)."""
    node = parse(formula)

    def text(n: Node) -> str:
        if isinstance(n, Num):
            return format(n.value, "f")
        if isinstance(n, Ref):
            return n.code
        if isinstance(n, Neg):
            return f"-({text(n.operand)})"
        return f"({text(n.left)} {n.op} {text(n.right)})"

    return text(node)


# --- Evaluation --------------------------------------------------------------------------------


class _Missing(Exception):
    pass


def evaluate(formula: str | Node, values: Mapping[str, Decimal | int | None]) -> Decimal | None:
    """The formula's value, or None when a referenced value is missing (absent or None) or a
    denominator is zero. Raises FormulaError only for a formula that cannot be read."""
    node = parse(formula)
    try:
        with decimal.localcontext(DECIMAL_CONTEXT):
            result = _value(node, values)
            return result if result.is_finite() else None
    except (_Missing, decimal.Overflow, decimal.InvalidOperation):
        # Overflow and invalid operations (inf − inf) can only come from absurd inputs; like a
        # zero denominator they leave the value unknown rather than wrong.
        return None


def _value(node: Node, values: Mapping[str, Decimal | int | None]) -> Decimal:
    # Post-order with an explicit stack: a long chain "a + b + c + …" is as deep as it is long.
    pending: list[tuple[Node, bool]] = [(node, False)]
    results: list[Decimal] = []
    while pending:
        current, ready = pending.pop()
        if isinstance(current, Num):
            results.append(current.value)
        elif isinstance(current, Ref):
            found = values.get(current.code)
            if found is None:
                raise _Missing
            results.append(found if isinstance(found, Decimal) else Decimal(found))
        elif not ready:
            pending.append((current, True))
            if isinstance(current, Neg):
                pending.append((current.operand, False))
            else:
                pending.extend(((current.right, False), (current.left, False)))
        elif isinstance(current, Neg):
            results.append(-results.pop())
        else:
            right, left = results.pop(), results.pop()
            if current.op == "+":
                results.append(left + right)
            elif current.op == "-":
                results.append(left - right)
            elif current.op == "*":
                results.append(left * right)
            elif right == 0:
                raise _Missing
            else:
                results.append(left / right)
    return results[0]


# --- The whole catalogue -----------------------------------------------------------------------


@dataclass(frozen=True)
class CatalogueProblem:
    """A problem of the catalogue: the indicators it involves (the one whose formula is wrong,
    or every member of a cycle) and the Russian message that names them."""

    codes: tuple[str, ...]
    message: str
    kind: str = "cycle"  # syntax, unknown, self, cycle
    unknown: tuple[str, ...] = ()  # the unknown codes of a formula


def _cycles(graph: Mapping[str, set[str]]) -> list[tuple[str, ...]]:
    """Every elementary cycle found by depth-first search, each once (rotated to start at its
    smallest code), self-references included."""
    found: set[tuple[str, ...]] = set()
    state: dict[str, int] = {}  # 1 on the current path, 2 finished
    for start in sorted(graph):
        if state.get(start):
            continue
        path: list[str] = [start]
        iterators: list[Iterator[str]] = [iter(sorted(graph.get(start, ())))]
        state[start] = 1
        while iterators:
            step = next(iterators[-1], None)
            if step is None:
                state[path.pop()] = 2
                iterators.pop()
                continue
            if state.get(step) == 1:
                cycle = path[path.index(step) :]
                smallest = cycle.index(min(cycle))
                found.add(tuple(cycle[smallest:] + cycle[:smallest]))
            elif not state.get(step) and step in graph:
                state[step] = 1
                path.append(step)
                iterators.append(iter(sorted(graph[step])))
    return sorted(found)


def catalogue_problems(formulas: Mapping[str, str], known_codes: Iterable[str]) -> list[CatalogueProblem]:
    """What is wrong with a catalogue of formulas (code → formula; empty formulas are skipped):
    formulas that cannot be read, codes that are not in the catalogue, self-references and
    cycles. ``known_codes`` are all the catalogue's codes (entered, computed and index ones)."""
    known = set(known_codes) | set(formulas)
    problems: list[CatalogueProblem] = []
    graph: dict[str, set[str]] = {}
    for code in sorted(formulas):
        formula = formulas[code]
        if not formula or not formula.strip():
            continue
        try:
            refs = referenced_codes(formula)
        except FormulaError as exc:
            problems.append(
                CatalogueProblem((code,), f"Показатель «{code}»: формула не читается. {exc.message}", "syntax")
            )
            continue
        unknown = sorted(refs - known)
        if unknown:
            names = ", ".join(f"«{u}»" for u in unknown)
            word = "неизвестный код" if len(unknown) == 1 else "неизвестные коды"
            problems.append(
                CatalogueProblem(
                    (code,),
                    f"Показатель «{code}»: в формуле {word} {names} — таких показателей нет в каталоге.",
                    "unknown",
                    tuple(unknown),
                )
            )
        graph[code] = refs & set(formulas)
    for cycle in _cycles(graph):
        if len(cycle) == 1:
            problems.append(
                CatalogueProblem(cycle, f"Показатель «{cycle[0]}»: формула ссылается на сам показатель.", "self")
            )
        else:
            chain = " → ".join(f"«{c}»" for c in (*cycle, cycle[0]))
            problems.append(
                CatalogueProblem(cycle, f"Формулы образуют цикл: {chain} — такие показатели нельзя вычислить.")
            )
    return problems


def validate_catalogue(formulas: Mapping[str, str], known_codes: Iterable[str]) -> list[str]:
    """The Russian messages of :func:`catalogue_problems`: unknown codes and cycles, each naming
    the indicators involved. An empty list means the catalogue can be computed."""
    return [p.message for p in catalogue_problems(formulas, known_codes)]


def evaluation_order(formulas: Mapping[str, str]) -> list[str]:
    """The codes of a cycle-free catalogue in an order where every formula comes after the
    computed indicators it reads (ties by code, so the order is stable)."""
    graph = {code: referenced_codes(f) & set(formulas) for code, f in formulas.items() if f and f.strip()}
    order: list[str] = []
    done: set[str] = set()

    def visit(code: str, seen: tuple[str, ...]) -> None:
        if code in done or code in seen:
            return
        for dep in sorted(graph.get(code, ())):
            visit(dep, (*seen, code))
        done.add(code)
        order.append(code)

    for code in sorted(graph):
        visit(code, ())
    return order
