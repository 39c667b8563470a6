"""XLSForm (ODK, KoboToolbox): the ``survey``, ``choices`` and ``settings`` sheets read into a
``FormSpec`` and written back from one.

What maps to what:

- ``select_one L`` → one choice; ``select_multiple L`` → several; ``range`` (start/end, step 1) →
  a scale; ``integer`` / ``decimal`` → a number; ``text`` → short text, with appearance
  ``multiline`` → long text; ``note`` → an explanation without an answer;
- a top-level ``begin group`` → a section (its ``relevant`` shows or hides it whole); a group with
  appearance ``table-list`` whose rows are ``select_one`` of one list → a matrix of statements (a
  row with appearance ``label`` is ODK's header row and is skipped);
- ``start``, ``end``, ``today``, ``deviceid`` … are left out on purpose: the portal keeps no time of
  day and nothing about the device (the import says so);
- everything else (geopoint, image, audio, barcode, date, repeat, calculate …) is refused with its
  row and type, and nothing is created.

The settings sheet's ``respondents`` (students / parents / teachers / director), ``grade_from``,
``grade_to`` and ``description`` are the portal's own columns; other tools ignore them."""

from __future__ import annotations

import io
import re
from typing import Any

from openpyxl import Workbook, load_workbook

from schools.spreadsheets import xlsx_cell

from ..spec import FormSpec, QuestionSpec, SectionSpec

SKIPPED_TYPES = {
    "start",
    "end",
    "today",
    "deviceid",
    "subscriberid",
    "simserial",
    "phonenumber",
    "username",
    "email",
    "audit",
    "start-geopoint",
}
GROUP_WORDS = {
    "родител": "parents",
    "учени": "students",
    "обучающ": "students",
    "педагог": "teachers",
    "учител": "teachers",
    "директор": "director",
    "руковод": "director",
}
GROUPS = {"students", "parents", "teachers", "director"}
TRUE = {"yes", "true", "1", "да", "true()"}


class XLSFormError(ValueError):
    """The problems of a workbook, each a Russian sentence naming its row."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _rows(sheet) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [_text(h).lower() for h in next(rows)]
    except StopIteration:
        return [], []
    out = []
    for number, values in enumerate(rows, start=2):
        row = {header[i]: _text(v) for i, v in enumerate(values) if i < len(header) and header[i]}
        if any(row.values()):
            out.append((number, row))
    return header, out


def _localised(header: list[str], base: str) -> str | None:
    """The column for ``base`` (label, hint …): plain, else a Russian translation, else any."""
    if base in header:
        return base
    columns = [h for h in header if h.startswith(base + "::")]
    for column in columns:
        if "ru" in column.split("::", 1)[1].lower() or "рус" in column:
            return column
    return columns[0] if columns else None


def _group_of(value: str) -> str | None:
    value = value.strip().lower()
    if value in GROUPS:
        return value
    for stem, group in GROUP_WORDS.items():
        if stem in value:
            return group
    return None


def _parameters(text: str) -> dict[str, str]:
    return dict(re.findall(r"(\w+)\s*=\s*([-\d.]+)", text))


def read(content: bytes, *, group: str | None = None) -> FormSpec:
    """The form in an XLSForm workbook; XLSFormError with every problem found."""
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise XLSFormError(["Файл не читается как книга Excel (.xlsx)."]) from exc
    sheets = {name.strip().lower(): book[name] for name in book.sheetnames}
    if "survey" not in sheets:
        raise XLSFormError(["В книге нет листа «survey» — это не XLSForm."])
    header, survey = _rows(sheets["survey"])
    label_col = _localised(header, "label")
    hint_col = _localised(header, "hint")
    message_col = _localised(header, "constraint_message") or _localised(header, "jr:constraint_msg")
    choice_lists: dict[str, list[dict[str, str]]] = {}
    if "choices" in sheets:
        choice_header, choice_rows = _rows(sheets["choices"])
        choice_label = _localised(choice_header, "label")
        for _number, row in choice_rows:
            list_name = row.get("list_name") or row.get("list name") or ""
            if list_name:
                value = row.get("name") or row.get("value") or ""
                label = row.get(choice_label or "label", "") or value
                choice_lists.setdefault(list_name, []).append({"value": value, "label": label})
    settings: dict[str, str] = {}
    if "settings" in sheets:
        _h, settings_rows = _rows(sheets["settings"])
        if settings_rows:
            settings = settings_rows[0][1]

    problems: list[str] = []
    title = settings.get("form_title") or settings.get("title") or ""
    chosen_group = _group_of(settings.get("respondents", "")) or group or _group_of(title) or ""
    if chosen_group not in GROUPS:
        problems.append(
            "Не указано, кого опрашивает анкета: колонка «respondents» листа settings "
            "(students, parents, teachers или director) или выбор при загрузке."
        )
    spec = FormSpec(
        title=title,
        group=chosen_group,
        form_id=settings.get("form_id", "")[:100],
        description=settings.get("description", ""),
        grade_from=_int(settings.get("grade_from")),
        grade_to=_int(settings.get("grade_to")),
    )
    stack: list[tuple[str, dict[str, str], int]] = []  # open groups: (role, row, row number)
    matrix: QuestionSpec | None = None
    section = ""
    for number, row in survey:
        kind_text = re.sub(r"\s+", " ", row.get("type", "")).strip()
        words = kind_text.replace("_group", " group").replace("_repeat", " repeat").split(" ")
        base = words[0].lower()
        name = row.get("name", "")
        label = row.get(label_col or "label", "")
        where = f"Строка {number}"
        appearance = row.get("appearance", "").lower()
        if base == "begin" and len(words) > 1 and words[1] == "group":
            if "table-list" in appearance:
                matrix = QuestionSpec(
                    name=name,
                    kind="matrix",
                    label=label or name,
                    section=section,
                    relevant=row.get("relevant", ""),
                    hint=row.get(hint_col or "hint", ""),
                    row=number,
                )
                stack.append(("matrix", row, number))
            elif stack:
                problems.append(f"{where}: вложенная группа «{name}» не поддерживается — разделы анкеты одного уровня.")
                stack.append(("nested", row, number))
            else:
                spec.sections.append(
                    SectionSpec(name=name, title=label or name, relevant=row.get("relevant", ""), row=number)
                )
                section = name
                stack.append(("section", row, number))
            continue
        if base == "end" and len(words) > 1 and words[1] == "group":
            if not stack:
                problems.append(f"{where}: «end group» без «begin group».")
                continue
            role, _r, _n = stack.pop()
            if role == "matrix" and matrix is not None:
                spec.questions.append(matrix)
                matrix = None
            elif role == "section":
                section = ""
            continue
        if base in SKIPPED_TYPES:
            spec.skipped.append(f"{where}: «{kind_text}» — служебное поле, портал его не хранит.")
            continue
        question = _question(
            number, row, words, base, kind_text, label_col, hint_col, message_col, choice_lists, problems
        )
        if question is None:
            continue
        question.section = section
        if matrix is not None:
            if appearance == "label":
                continue
            if question.kind != "single":
                problems.append(f"{where}: в матрице «{matrix.name}» допускаются только вопросы select_one.")
                continue
            if matrix.list_name and question.list_name != matrix.list_name:
                problems.append(
                    f"{where}: в матрице «{matrix.name}» у всех утверждений должен быть один список вариантов."
                )
                continue
            matrix.list_name, matrix.choices = question.list_name, question.choices
            matrix.required = matrix.required or question.required
            matrix.statements.append({"name": question.name, "label": question.label})
            continue
        spec.questions.append(question)
    if stack:
        problems.append(f"Строка {stack[-1][2]}: группа «{stack[-1][1].get('name', '')}» не закрыта («end group»).")
    if problems:
        raise XLSFormError(problems)
    return spec


def _int(text: str | None) -> int | None:
    try:
        return int(float(text)) if text else None
    except ValueError:
        return None


def _question(number, row, words, base, kind_text, label_col, hint_col, message_col, choice_lists, problems):
    where = f"Строка {number}"
    name = row.get("name", "")
    common: dict[str, Any] = {
        "name": name,
        "label": row.get(label_col or "label", ""),
        "hint": row.get(hint_col or "hint", ""),
        "required": row.get("required", "").lower() in TRUE,
        "relevant": row.get("relevant", ""),
        "constraint": row.get("constraint", ""),
        "constraint_message": row.get(message_col or "constraint_message", ""),
        "row": number,
    }
    if base in {"select_one", "select_multiple"}:
        if len(words) != 2:
            problems.append(f"{where}: тип «{kind_text}» не поддерживается (нужно «{base} список»).")
            return None
        list_name = words[1]
        if list_name not in choice_lists:
            problems.append(f"{where}: список вариантов «{list_name}» не найден на листе choices.")
        kind = "single" if base == "select_one" else "multiple"
        return QuestionSpec(kind=kind, list_name=list_name, choices=choice_lists.get(list_name, []), **common)
    if base in {"integer", "int", "decimal"}:
        return QuestionSpec(kind="number", integer_only=base != "decimal", **common)
    if base in {"text", "string"}:
        multiline = "multiline" in row.get("appearance", "").lower()
        return QuestionSpec(kind="long_text" if multiline else "text", **common)
    if base == "note":
        return QuestionSpec(kind="note", **{**common, "required": False})
    if base == "range":
        params = _parameters(row.get("parameters", ""))
        try:
            start, end, step = (float(params.get(k, d)) for k, d in (("start", "1"), ("end", "10"), ("step", "1")))
        except ValueError:
            start, end, step = 0.0, 0.0, 0.0
        if step != 1 or not start.is_integer() or not end.is_integer():
            problems.append(f"{where}: шкала (range) поддерживается с целыми началом и концом и шагом 1.")
            return None
        return QuestionSpec(kind="scale", scale_min=int(start), scale_max=int(end), **common)
    problems.append(f"{where}: тип вопроса «{kind_text or '(пусто)'}» не поддерживается порталом.")
    return None


# --- writing -----------------------------------------------------------------------------------------

SURVEY_COLUMNS = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
    "parameters",
]


def write(spec: FormSpec, *, version: int = 1) -> bytes:
    """The form as an XLSForm workbook (formula-safe cells)."""
    book = Workbook(write_only=True)
    survey = book.create_sheet("survey")
    choices = book.create_sheet("choices")
    settings = book.create_sheet("settings")

    def put(ws, values: list[Any]) -> None:
        ws.append([xlsx_cell(ws, v) for v in values])

    put(survey, SURVEY_COLUMNS)
    put(choices, ["list_name", "name", "label"])
    written_lists: set[str] = set()

    def row(**values: Any) -> None:
        put(survey, [values.get(c, "") for c in SURVEY_COLUMNS])

    def add_list(q: QuestionSpec) -> str:
        list_name = q.list_name or f"{q.name}_list"
        if list_name not in written_lists:
            written_lists.add(list_name)
            for choice in q.choices:
                put(choices, [list_name, choice["value"], choice["label"]])
        return list_name

    sections = {s.name: s for s in spec.sections}
    current = ""
    for q in spec.questions:
        if q.section != current:
            if current:
                row(type="end group")
            current = q.section
            if current:
                section = sections[current]
                row(type="begin group", name=section.name, label=section.title, relevant=section.relevant)
        required = "yes" if q.required else ""
        common = {
            "name": q.name,
            "label": q.label,
            "hint": q.hint,
            "required": required,
            "relevant": q.relevant,
            "constraint": q.constraint,
            "constraint_message": q.constraint_message,
        }
        if q.kind in {"single", "multiple"}:
            kind = "select_one" if q.kind == "single" else "select_multiple"
            row(type=f"{kind} {add_list(q)}", **common)
        elif q.kind == "matrix":
            list_name = add_list(q)
            row(
                type="begin group",
                name=q.name,
                label=q.label,
                hint=q.hint,
                relevant=q.relevant,
                appearance="table-list",
            )
            for statement in q.statements:
                row(type=f"select_one {list_name}", name=statement["name"], label=statement["label"], required=required)
            row(type="end group")
        elif q.kind == "scale":
            row(type="range", parameters=f"start={q.scale_min} end={q.scale_max} step=1", **common)
        elif q.kind == "number":
            row(type="integer" if q.integer_only else "decimal", **common)
        elif q.kind == "long_text":
            row(type="text", appearance="multiline", **common)
        else:
            row(type=q.kind, **common)  # text, note
    if current:
        row(type="end group")
    put(settings, ["form_title", "form_id", "version", "respondents", "grade_from", "grade_to", "description"])
    put(
        settings,
        [
            spec.title,
            spec.form_id or "",
            str(version),
            spec.group,
            spec.grade_from if spec.grade_from is not None else "",
            spec.grade_to if spec.grade_to is not None else "",
            spec.description,
        ],
    )
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
