"""Risk rules: validation of a catalogue, the level a rule gives, and why, in plain words.

Pure (no database): a catalogue is plain specs, values are a mapping of input names. The formula
language is monitoring's (parsed, never eval'd, with its cycle detection); only the messages are
said here in terms of factors and inputs.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from monitoring.formulas import (
    CODE_PATTERN,
    FormulaError,
    catalogue_problems,
    evaluate,
    evaluation_order,
    referenced_codes,
)
from schools.formats import format_number

from .inputs import BY_NAME

HIGHER = "higher"  # the higher the value, the worse
LOWER = "lower"  # the lower the value, the worse
DIRECTIONS = {HIGHER: "чем больше, тем выше риск", LOWER: "чем меньше, тем выше риск"}

NONE, LOW, MEDIUM, HIGH, NO_DATA = "none", "low", "medium", "high", "no_data"
LEVEL_LABELS = {NONE: "нет риска", LOW: "низкий", MEDIUM: "средний", HIGH: "высокий", NO_DATA: "нет данных"}
#: The levels that are a risk the school confirms or rejects («нет риска» and «нет данных» are not).
RISKY = (LOW, MEDIUM, HIGH)


@dataclass(frozen=True)
class Derived:
    name: str
    label: str
    formula: str
    unit: str = ""


@dataclass(frozen=True)
class FactorSpec:
    code: str
    title: str
    rule: str
    direction: str
    low: Decimal
    medium: Decimal
    high: Decimal
    unit: str = ""


@dataclass(frozen=True)
class Outcome:
    level: str
    value: Decimal | None
    inputs: dict[str, Decimal | None] = field(default_factory=dict)  # every input the rule reads


def _named(name: str, derived: Mapping[str, Derived]) -> str:
    known = BY_NAME.get(name)
    label = known.label if known else (derived[name].label if name in derived else name)
    return f"«{label}» ({name})"


def scale_problem(spec: FactorSpec) -> str | None:
    """The Russian message when the thresholds are out of order for the direction."""
    low, medium, high = spec.low, spec.medium, spec.high
    if spec.direction not in DIRECTIONS:
        return f"Фактор «{spec.title}»: не указано направление шкалы."
    ordered = low < medium < high if spec.direction == HIGHER else low > medium > high
    if ordered:
        return None
    sign = "<" if spec.direction == HIGHER else ">"
    return (
        f"Фактор «{spec.title}»: пороги шкалы идут не по порядку — при направлении «{DIRECTIONS[spec.direction]}» "
        f"нужно: низкий {sign} средний {sign} высокий (сейчас {format_number(low)}, {format_number(medium)}, "
        f"{format_number(high)})."
    )


def catalogue_errors(factors: Sequence[FactorSpec], derived: Sequence[Derived]) -> list[str]:
    """Everything wrong with a catalogue version, in Russian; empty when it can be computed."""
    errors: list[str] = []
    by_name = {d.name: d for d in derived}
    seen: set[str] = set()
    for d in derived:
        if not CODE_PATTERN.fullmatch(d.name):
            errors.append(
                f"Производный показатель «{d.label or d.name}»: имя «{d.name}» — пишется строчными латинскими "
                "буквами, цифрами и «_» и начинается с буквы."
            )
        elif d.name in BY_NAME:
            errors.append(f"Имя «{d.name}» уже занято исходными данными «{BY_NAME[d.name].label}».")
        elif d.name in seen:
            errors.append(f"Производный показатель «{d.name}» указан дважды.")
        seen.add(d.name)
        if not d.label.strip():
            errors.append(f"У производного показателя «{d.name}» нет названия.")
    known = set(BY_NAME) | set(by_name)
    formulas = [(f"Производный показатель {_named(d.name, by_name)}", d.formula) for d in derived] + [
        (f"Правило фактора «{f.title}»", f.rule) for f in factors
    ]
    for where, formula in formulas:
        try:
            refs = referenced_codes(formula)
        except FormulaError as exc:
            errors.append(f"{where}: формула не читается. {exc.message}")
            continue
        unknown = sorted(refs - known)
        if unknown:
            names = ", ".join(f"«{u}»" for u in unknown)
            errors.append(f"{where}: неизвестные данные {names} — таких исходных данных нет.")
    # Derived inputs may read one another; a cycle can never be computed.
    readable = {d.name: d.formula for d in derived if _readable(d.formula)}
    for problem in catalogue_problems(readable, known):
        if problem.kind in ("self", "cycle"):
            chain = " → ".join(_named(c, by_name) for c in (*problem.codes, problem.codes[0]))
            errors.append(f"Производные показатели образуют цикл: {chain} — их нельзя вычислить.")
    for f in factors:
        problem = scale_problem(f)
        if problem:
            errors.append(problem)
    return errors


def _readable(formula: str) -> bool:
    try:
        referenced_codes(formula)
    except FormulaError:
        return False
    return True


def base_inputs(rule: str, derived: Mapping[str, Derived]) -> set[str]:
    """The registered inputs a rule reads, through any derived ones."""
    return {name for name in _all_refs(rule, derived) if name not in derived}


def level_of(spec: FactorSpec, value: Decimal | None) -> str:
    if value is None:
        return NO_DATA
    worse = (lambda a, b: a >= b) if spec.direction == HIGHER else (lambda a, b: a <= b)
    for level, threshold in ((HIGH, spec.high), (MEDIUM, spec.medium), (LOW, spec.low)):
        if worse(value, threshold):
            return level
    return NONE


def compute(spec: FactorSpec, values: Mapping[str, Decimal | None], derived: Mapping[str, Derived]) -> Outcome:
    """The factor's level from the registered inputs' values; derived inputs computed first."""
    known: dict[str, Decimal | None] = dict(values)
    for name in evaluation_order({d.name: d.formula for d in derived.values()}):
        known[name] = evaluate(derived[name].formula, known)
    value = evaluate(spec.rule, known)
    used = {n: known.get(n) for n in sorted(_all_refs(spec.rule, derived))}
    return Outcome(level_of(spec, value), None if value is None else value.quantize(Decimal("0.01")), used)


def _all_refs(rule: str, derived: Mapping[str, Derived]) -> set[str]:
    out: set[str] = set()
    pending = list(referenced_codes(rule))
    while pending:
        name = pending.pop()
        if name not in out:
            out.add(name)
            if name in derived:
                pending.extend(referenced_codes(derived[name].formula))
    return out


_NAME = re.compile(r"[a-z][a-z0-9_]*")


def rule_in_words(rule: str, derived: Mapping[str, Derived]) -> str:
    """The rule with each input named by its label: «Вакансий» / («Педагогов» + «Вакансий») × 100."""

    def label(match: re.Match[str]) -> str:
        name = match.group()
        known = BY_NAME.get(name)
        text = known.label if known else (derived[name].label if name in derived else name)
        return f"«{text}»"

    return _NAME.sub(label, rule).replace("*", "×").replace("/", "÷").replace(".", ",")


def _unit(name: str, derived: Mapping[str, Derived]) -> str:
    known = BY_NAME.get(name)
    return known.unit if known else (derived[name].unit if name in derived else "")


def _with_unit(value: Decimal | None, unit: str) -> str:
    if value is None:
        return "нет данных"
    return f"{format_number(value)}\u00a0{unit}" if unit else format_number(value)


def explain(spec: FactorSpec, outcome: Outcome, derived: Mapping[str, Derived]) -> list[str]:
    """Why the school got its level, sentence by sentence, in plain words."""
    lines = [f"Правило: {rule_in_words(spec.rule, derived)}."]
    for name, value in outcome.inputs.items():
        known = BY_NAME.get(name)
        label = known.label if known else (derived[name].label if name in derived else name)
        source = known.source if known else "вычисляется по правилу каталога"
        lines.append(f"{label}: {_with_unit(value, _unit(name, derived))} ({source}).")
    if outcome.value is None:
        missing = [n for n, v in outcome.inputs.items() if v is None and n in BY_NAME]
        names = ", ".join(f"«{BY_NAME[n].label}»" for n in missing)
        reason = f"нет данных: {names}" if missing else "значение не вычисляется (деление на ноль)"
        lines.append(f"Уровень не определён — {reason}. Уровень «нет данных», а не догадка.")
        return lines
    sign = "не меньше" if spec.direction == HIGHER else "не больше"
    value = _with_unit(outcome.value, spec.unit)
    if outcome.level == NONE:
        threshold = _with_unit(spec.low, spec.unit)
        lines.append(f"Значение {value} не достигает порога низкого уровня ({sign} {threshold}): риск не выявлен.")
    else:
        threshold = _with_unit(getattr(spec, outcome.level), spec.unit)
        lines.append(
            f"Значение {value} — {sign} {threshold}, порога уровня «{LEVEL_LABELS[outcome.level]}»: "
            f"уровень риска «{LEVEL_LABELS[outcome.level]}»."
        )
    return lines
