"""The words of a "Сроки" cell (parse.py reads them): the text normalised, the "as needed"
clauses cut out as notes, the rest split into tokens — months, years, dates, quarters, half-years,
weekdays, "с"/"до", periodicity keywords; a word not known here makes the cell unreadable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from .model import MAX_OFFSET_DAYS, MONTH_DAYS, Kind

# ---- normalisation --------------------------------------------------------------------------

_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_GLUED = re.compile(r"(?<=[0-9])(?=[^\W\d_])|(?<=[^\W\d_])(?=[0-9])")


def clean_text(text: str) -> str:
    s = _DASHES.sub("-", text).replace("_", " ")
    s = _GLUED.sub(" ", s)
    s = re.sub(r"\s*\(\s*", " (", s)
    s = re.sub(r"\s*\)", ")", s)
    return re.sub(r"\s+", " ", s).strip()


def lower_text(s: str) -> str:
    # Character by character so indices stay aligned with the cleaned text (notes are cut from
    # it with their original case): a few exotic characters lower to two characters.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s).replace("ё", "е")


# ---- tokens ---------------------------------------------------------------------------------

_ORD = (
    r"(?P<ord>[1-4]|iv|iii|ii|i|перв\w*|втор\w*|трет\w*|четверт\w*)"
    r"\s*(?:-?\s*(?:й|ый|ой|ий|го|ого|его|ом|ем|е)(?!\w))?\s*(?P<unit>квартал|полугод)\w*"
)
_MONTH_WORD = (
    r"январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяею]|июн\w*|июл\w*|август\w*"
    r"|сентябр\w*|октябр\w*|ноябр\w*|декабр\w*"
    r"|янв|февр?|мар|апр|авг|сент?|окт|нояб?|дек"
)
# the window a deadline counts from: "после окончания квартала", "следующего за кварталом"
_UNIT = r"учебн\w*\s+год\w*|месяц\w*|квартал\w*|полугоди\w*|год\w*|период\w*"
_ORDINAL_END = r"(?:\s*-?\s*(?:го|ое|е)(?!\w))?"
_TOKEN_PATTERNS: list[tuple[str, str]] = [
    ("DATE", r"(?<![0-9])(?P<d>[0-9]{1,2})\.(?P<m>[0-9]{1,2})\.(?P<y>[0-9]{4}|[0-9]{2})(?![0-9])"),
    # "25 декабря", "1-го сентября", "25.12" (no year: every year); with a year it is a DATE
    (
        "DAYMONTH",
        rf"(?<![0-9])(?P<dm_d>[0-9]{{1,2}}){_ORDINAL_END}\s*(?P<dm_m>{_MONTH_WORD})(?!\w)\.?"
        r"(?:\s*(?P<dm_y>(?:19|20)[0-9]{2})(?![0-9]))?"
        r"|(?<![0-9])(?P<dm_d2>[0-9]{1,2})\.(?P<dm_m2>[0-9]{1,2})(?!\.?[0-9])\.?",
    ),
    ("DAYNUM", rf"(?<![0-9])(?P<dn>[0-9]{{1,2}}){_ORDINAL_END}\s*числ\w*"),  # "до 10 числа"
    (
        "OFFSET",  # "в течение 10 дней после окончания квартала" ("в течение" is filler)
        r"(?:через\s+)?(?<![0-9])(?P<off>[0-9]{1,3})\s+(?P<offk>(?:рабоч|календарн)\w*\s+)?"
        r"(?:дн(?:ей|я)|день|сут(?:ок|ки))\s+"
        r"(?:после|с\s+(?:даты|момента)|по)\s+(?:окончани\w*|завершени\w*|истечени\w*)\s+"
        rf"(?:каждого\s+)?(?:отчетн\w*\s+)?(?P<offu>{_UNIT})",
    ),
    (
        "NEXT",  # "(месяца,) следующего за отчетным / кварталом", "следующего месяца"
        rf"следующ\w*\s+(?:за\s+(?:отчетн\w*(?:\s+(?P<nx1>{_UNIT}))?|(?P<nx2>{_UNIT}))|месяц\w*)",
    ),
    (
        "YRANGE",
        r"(?<![0-9])(?P<y1>(?:19|20)[0-9]{2})\s*[-/]\s*(?P<y2>(?:19|20)[0-9]{2}|[0-9]{2})(?![0-9])",
    ),
    ("ORD", _ORD),
    (
        "TWICE",
        r"(?:два|2|дважды)\s+(?:раза\s+)?в\s+(?:учебн\w+\s+)?год\w*"
        r"|(?:(?:1|один)\s+)?раз\s+в\s+(?:полугоди\w*|полгода)"
        r"|ежеполугод\w*|кажд\w+\s+полугоди\w*|по\s+полугодиям",
    ),
    ("YEARLY", r"ежегодн\w*|(?:(?:1|один)\s+)?раз\s+в\s+год\w*|кажд\w+\s+год\w*"),
    ("QUARTERLY", r"ежекварт\w*|(?:(?:1|один)\s+)?раз\s+в\s+квартал\w*|кажд\w+\s+квартал\w*"),
    ("MONTHLY", r"ежемесячн\w*|(?:(?:1|один)\s+)?раз\s+в\s+месяц\w*|кажд\w+\s+месяц\w*"),
    ("WEEKLY", r"еженедельн\w*|(?:(?:1|один)\s+)?раз\s+в\s+неделю|кажд\w+\s+недел\w*"),
    (
        "THROUGHOUT",
        r"постоянн\w*|систематическ\w*|непрерывн\w*|круглогодичн\w*"
        r"|(?:в\s+течени[еи]|на\s+протяжении)\s+(?:всего\s+)?(?:периода|срока)"
        r"(?:\s+(?:действия|реализации))?(?:\s+программы)?"
        r"|(?:в\s+)?(?:весь\s+)?(?:период|срок)\s+(?:действия|реализации)\s+программы"
        r"|весь\s+(?:период|срок)"
        r"|в\s+течени[еи]\s+(?:всего\s+)?(?:учебного\s+|календарного\s+)?года",
    ),
    ("ACAD", r"учебн\w*\s+год\w*"),
    (
        "WEEKDAY",
        r"(?:по\s+)?(?P<wd>понедельник(?:ам|а|у)?|вторник(?:ам|а|у)?|сред(?:ам|а|у|е|ы)"
        r"|четверг(?:ам|а|у)?|пятниц(?:ам|а|у|е|ы)?|суббот(?:ам|а|у|е|ы)?"
        r"|воскресень(?:ям|е|я|ю))",
    ),
    ("MONTH", rf"(?P<mon>{_MONTH_WORD})(?!\w)\.?"),
    ("YEAR", r"(?<![0-9])(?P<year>(?:19|20)[0-9]{2})(?![0-9])"),
    ("FROM", r"(?:начиная\s+)?со?"),
    ("UNTIL", r"до|по|не\s+позднее|не\s+позже"),
    (
        "FILLER",
        r"год\w*|гг\.?|г\.?|в|во|на|и|а|также|далее|кажд\w+|течени[еи]|всего|конц[ае]"
        r"|окончани[ея]|срок\w*|месяц\w*|мес\.?",
    ),
    ("DASH", r"-"),
    ("SEP", r"[,;/()]"),
    ("UNKNOWN", r"\w+"),  # any other word: the cell is not understood
]
# Every alternative that ends in a letter must end at a word boundary: "мар" is March, "марка"
# is not; "с" is "from", "сбор" is not.
_WORD_END = r"(?!\w)"
_TOKEN_RE = re.compile(
    "|".join(f"(?P<{name}>{pat})" + ("" if name in ("DASH", "SEP") else _WORD_END) for name, pat in _TOKEN_PATTERNS)
)
KIND_TOKENS = {
    "TWICE": Kind.TWICE_A_YEAR,
    "YEARLY": Kind.YEARLY,
    "QUARTERLY": Kind.QUARTERLY,
    "MONTHLY": Kind.MONTHLY,
    "WEEKLY": Kind.WEEKLY,
    "THROUGHOUT": Kind.THROUGHOUT,
}
_MONTH_STEMS = ("янв", "фев", "мар", "апр", "ма", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")
_WEEKDAY_STEMS = ("пон", "вто", "сре", "чет", "пят", "суб", "вос")
_ORDINALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "пер": 1, "вто": 2, "тре": 3, "чет": 4}
#: stems of `_UNIT` -> the unit key of `Schedule.period_unit` ("учебн" before "год")
_UNIT_STEMS = (
    ("учебн", "academic_year"),
    ("месяц", "month"),
    ("квартал", "quarter"),
    ("полугод", "half"),
    ("год", "year"),
    ("период", "period"),
)
UNIT_KINDS = {
    "month": Kind.MONTHLY,
    "quarter": Kind.QUARTERLY,
    "half": Kind.TWICE_A_YEAR,
    "year": Kind.YEARLY,
    "academic_year": Kind.YEARLY,  # + "учебный год": ACADEMIC_YEARLY, as "ежегодно … учебного года"
}


def _unit(text: str | None) -> str:
    """The unit key of a `_UNIT` match; "period" (the reporting period, any) when none is named."""
    if not text:
        return "period"
    return next(key for stem, key in _UNIT_STEMS if text.startswith(stem))


@dataclass(frozen=True)
class Offset:
    days: int
    working: bool
    unit: str


@dataclass
class Tok:
    type: str
    value: object
    text: str


class Fail(Exception):
    """Internal: the cell cannot be read; the message is shown to the person who fixes it."""


def _scan(low: str, pos: int = 0, limit: int | None = None) -> Iterator[tuple[str, re.Match[str]]]:
    limit = len(low) if limit is None else limit
    while pos < limit:
        m = _TOKEN_RE.match(low, pos, limit)
        if m is None or m.end() == pos:  # whitespace, dots, quotes …: formatting, not content
            pos += 1
            continue
        pos = m.end()
        # m.lastgroup may name an inner group ("y" of DATE): find the outer alternative
        yield next(n for n, _ in _TOKEN_PATTERNS if m.group(n) is not None), m


def tokenise(low: str) -> list[Tok]:
    toks = []
    for name, m in _scan(low):
        if name == "FILLER":
            continue
        value = _token_value(name, m)
        if name == "DAYMONTH" and isinstance(value, date):
            name = "DATE"  # "25 декабря 2024 года" is 25.12.2024
        toks.append(Tok(name, value, m.group(0)))
    return toks


def _month_number(word: str) -> int:
    return next(i for i, stem in enumerate(_MONTH_STEMS, 1) if word.startswith(stem))


def _token_value(name: str, m: re.Match[str]) -> object:
    if name == "DATE":
        y = int(m["y"])
        y = y + 2000 if y < 100 else y
        try:
            return date(y, int(m["m"]), int(m["d"]))
        except ValueError:
            raise Fail(f"нет такой даты: «{m.group(0)}»") from None
    if name == "YRANGE":
        y1, y2s = int(m["y1"]), m["y2"]
        y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
        if y2 <= y1:
            raise Fail(f"годы идут не по порядку: «{m.group(0)}»")
        return (y1, y2)
    if name == "YEAR":
        return int(m["year"])
    if name == "DAYMONTH":
        day = int(m["dm_d"] or m["dm_d2"])
        month = _month_number(m["dm_m"]) if m["dm_m"] else int(m["dm_m2"])
        if not 1 <= month <= 12 or not 1 <= day <= MONTH_DAYS[month - 1]:
            raise Fail(f"нет такой даты: «{m.group(0)}»")
        if m["dm_y"]:
            try:
                return date(int(m["dm_y"]), month, day)
            except ValueError:  # 29 февраля of a common year
                raise Fail(f"нет такой даты: «{m.group(0)}»") from None
        return (day, month)
    if name == "DAYNUM":
        day = int(m["dn"])
        if not 1 <= day <= 31:
            raise Fail(f"нет такого числа месяца: «{m.group(0)}»")
        return day
    if name == "OFFSET":
        days = int(m["off"])
        if not 1 <= days <= MAX_OFFSET_DAYS:
            raise Fail(f"срок в днях должен быть от 1 до {MAX_OFFSET_DAYS}: «{m.group(0)}»")
        return Offset(days, bool(m["offk"]) and m["offk"].startswith("рабоч"), _unit(m["offu"]))
    if name == "NEXT":
        return _unit(m["nx1"] or m["nx2"])
    if name == "ORD":
        o = m["ord"]
        n = int(o) if o.isdigit() else _ORDINALS.get(o, _ORDINALS.get(o[:3], 0))
        return (m["unit"], n)
    if name == "MONTH":
        return _month_number(m["mon"])
    if name == "WEEKDAY":
        return _WEEKDAY_STEMS.index(m["wd"][:3])
    if name in KIND_TOKENS:
        return KIND_TOKENS[name]
    return None


# ---- "as needed" clauses --------------------------------------------------------------------

_REQUEST_HEAD = re.compile(
    r"(?:(?:\bи\s+)?\bдалее\s+)?"
    r"(?:\bпо\s+(?:запрос\w*|мере\s+\w+|необходимост\w*|требовани\w*|заявк\w*|согласовани\w*"
    r"|(?:отдельному\s+|особому\s+|утвержденному\s+)?(?:плану|графику)(?!\w))"
    r"|\bпри\s+необходимост\w*|\bсогласно\s+(?:план|график)\w*"
    r"|\bв\s+соответствии\s+с\s+(?:план|график)\w*)"
)
# A clause's tail ("родителей (законных представителей)", "Комитета образования") runs to the
# next separator but stops before anything that is a timing itself, so "по мере необходимости
# сентябрь 2019" keeps September 2019 as the due date.
_TAIL_STOPS = frozenset(
    {"DATE", "YRANGE", "ORD", "MONTH", "YEAR", "WEEKDAY", "DAYMONTH", "DAYNUM", "OFFSET", "NEXT", *KIND_TOKENS}
    - {"THROUGHOUT"}
)
_TAIL_WORDS = frozenset({"UNKNOWN", "THROUGHOUT", "ACAD", "SEP"})  # belong to the note
_SEPARATOR = re.compile(r"[,;/]")


def cut_requests(clean: str, low: str) -> tuple[str, list[str]]:
    notes: list[str] = []
    out, pos = [], 0
    for m in _REQUEST_HEAD.finditer(low):
        if m.start() < pos:  # inside the previous clause's tail
            continue
        end = m.end()
        stop = _SEPARATOR.search(low, end)
        limit = stop.start() if stop else len(low)
        for name, tm in _scan(low, end, limit):
            if name in _TAIL_STOPS:
                break
            if name in _TAIL_WORDS:
                end = tm.end()
        note = re.sub(r"^и\s+", "", clean[m.start() : end].strip(" ,.;:-"), flags=re.IGNORECASE)
        while note.endswith(")") and note.count(")") > note.count("("):
            note = note[:-1].rstrip()
        notes.append(note[0].lower() + note[1:])
        out.append(low[pos : m.start()])
        out.append(" , ")
        pos = end
    out.append(low[pos:])
    return "".join(out), notes
