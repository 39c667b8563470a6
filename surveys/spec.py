"""A questionnaire as plain data (``FormSpec``), before it is stored: what the XLSForm reader
produces, what the editor changes and what ``check`` validates as a whole — so a form typed in the
portal and a form imported from a spreadsheet pass the same rules and are written the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import expressions

NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
KINDS_WITH_CHOICES = {"single", "multiple", "matrix"}
KINDS = {"single", "multiple", "scale", "number", "text", "long_text", "matrix", "note"}


@dataclass
class QuestionSpec:
    name: str
    kind: str
    label: str
    section: str = ""  # the section's name, "" outside sections
    hint: str = ""
    required: bool = False
    relevant: str = ""
    constraint: str = ""
    constraint_message: str = ""
    list_name: str = ""
    choices: list[dict[str, str]] = field(default_factory=list)
    statements: list[dict[str, str]] = field(default_factory=list)
    scale_min: int | None = None
    scale_max: int | None = None
    integer_only: bool = True
    row: int | None = None  # the XLSForm row it came from, for messages

    def answer_names(self) -> list[str]:
        if self.kind == "matrix":
            return [s["name"] for s in self.statements]
        return [] if self.kind == "note" else [self.name]


@dataclass
class SectionSpec:
    name: str
    title: str
    relevant: str = ""
    row: int | None = None


@dataclass
class FormSpec:
    title: str
    group: str
    description: str = ""
    form_id: str = ""
    grade_from: int | None = None
    grade_to: int | None = None
    sections: list[SectionSpec] = field(default_factory=list)
    questions: list[QuestionSpec] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # service fields left out on import

    def answer_names(self) -> list[str]:
        return [n for q in self.questions for n in q.answer_names()]


def _where(row: int | None, name: str) -> str:
    return f"строка {row} («{name}»)" if row else f"«{name}»"


def check(spec: FormSpec) -> list[str]:
    """Every problem of the form, in Russian, each naming its row (or name); [] when it is sound."""
    problems: list[str] = []
    if not spec.title.strip():
        problems.append("У анкеты нет названия.")
    if not spec.questions:
        problems.append("В анкете нет ни одного вопроса.")
    seen: dict[str, int | None] = {}
    for section in spec.sections:
        if not NAME.match(section.name):
            problems.append(f"{_where(section.row, section.name)}: имя раздела — латинские буквы, цифры и «_».")
        if section.name in seen:
            problems.append(f"{_where(section.row, section.name)}: имя «{section.name}» уже встречалось.")
        seen[section.name] = section.row
    section_names = {s.name for s in spec.sections}
    known: set[str] = set()  # names answered by earlier questions: skip logic looks back only
    section_relevant = {s.name: s for s in spec.sections}
    checked_sections: set[str] = set()
    for q in spec.questions:
        where = _where(q.row, q.name)
        if q.kind not in KINDS:
            problems.append(f"{where}: тип вопроса «{q.kind}» не поддерживается.")
            continue
        if q.section and q.section not in section_names:
            problems.append(f"{where}: нет раздела «{q.section}».")
        if q.section and q.section not in checked_sections and q.section in section_relevant:
            checked_sections.add(q.section)
            s = section_relevant[q.section]
            problems += _expression_problems(s.relevant, _where(s.row, s.name), "relevant", known, allow_dot=False)
        if not q.label.strip():
            problems.append(f"{where}: у вопроса нет текста.")
        for name in dict.fromkeys([q.name, *q.answer_names()]):
            if not NAME.match(name):
                problems.append(f"{where}: имя «{name}» — латинские буквы, цифры и «_», не длиннее 64 знаков.")
            elif name in seen:
                problems.append(f"{where}: имя «{name}» уже встречалось (строка {seen[name] or '—'}).")
            seen.setdefault(name, q.row)
        if q.kind in KINDS_WITH_CHOICES:
            if not q.choices:
                problems.append(
                    f"{where}: список вариантов «{q.list_name}» не найден на листе choices или пуст."
                    if q.list_name
                    else f"{where}: у вопроса нет вариантов ответа."
                )
            values = [c["value"] for c in q.choices]
            if len(set(values)) != len(values):
                problems.append(f"{where}: варианты ответа повторяются.")
        if q.kind == "matrix" and not q.statements:
            problems.append(f"{where}: в матрице нет ни одного утверждения.")
        if q.kind == "scale":
            if q.scale_min is None or q.scale_max is None or q.scale_min >= q.scale_max:
                problems.append(f"{where}: у шкалы должны быть начало и конец, начало меньше конца.")
            elif q.scale_max - q.scale_min > 20:
                problems.append(f"{where}: шкала длиннее 21 деления не поддерживается.")
        problems += _expression_problems(q.relevant, where, "relevant", known, allow_dot=False)
        problems += _expression_problems(
            q.constraint, where, "constraint", known | set(q.answer_names()), allow_dot=True
        )
        known |= set(q.answer_names())
    if spec.grade_from is not None and spec.grade_to is not None and spec.grade_from > spec.grade_to:
        problems.append("Классы «с» больше, чем «по».")
    return problems


def _expression_problems(text: str, where: str, column: str, known: set[str], *, allow_dot: bool) -> list[str]:
    what = "условие показа (relevant)" if column == "relevant" else "ограничение (constraint)"
    try:
        tree = expressions.parse(text)
    except expressions.ExpressionError as exc:
        return [f"{where}: {what} «{text}» не разобрано — {exc}."]
    problems = []
    unknown = sorted(expressions.references(tree) - known)
    if unknown:
        names = ", ".join(f"${{{n}}}" for n in unknown)
        problems.append(f"{where}: {what} ссылается на {names} — такого вопроса нет выше в анкете.")
    if tree is not None and not allow_dot and _uses_dot(tree):
        problems.append(f"{where}: в условии показа нельзя ссылаться на «.» — только на другие вопросы.")
    return problems


def _uses_dot(node: Any) -> bool:
    return isinstance(node, list) and (node[0] == "dot" or any(_uses_dot(part) for part in node[1:]))
