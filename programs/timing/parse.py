"""`parse_timing`: the free text of a measure's "Сроки" cell → a `Schedule`.

How it reads a cell:

1. normalise: dashes → "-", digits glued to words split ("2018года" → "2018 года"), spaces
   collapsed; a lower-cased copy with ё → е is what the patterns see;
2. cut out "as needed / on request / per another plan" clauses ("по запросу родителей",
   "далее по мере необходимости", "по плану МОМО"): they become the `note`;
3. tokenise the rest (months, years, dates, quarters, half-years, weekdays, "с"/"до",
   periodicity keywords, filler words);
4. group tokens into expressions (a month group, a dated span, a yearless quarter …);
5. decide the kind from what was found.

It is strict about *words*: a word it does not know makes the cell UNPARSED rather than
silently ignored, because a wrong due date raises false "overdue" alarms, while UNPARSED only
asks a person to restate the timing. It is lenient about *form*: case, ё, dashes, spaces,
punctuation, "г."/"года"/"гг.", parentheses, inflected month names.

Choices (the tests state each of them):

* a month (or quarter, half-year) without a year means "every year in that month" — a
  program runs several years, and a measures table that writes "Сентябрь" or "Февраль" next to
  "Сентябрь, ежегодно" means the same recurring slot; for a one-year program both readings give
  the same single due date;
* years written in a month group fill in chronologically: "Сентябрь – май 2019" is
  September 2018 – May 2019, "Август сентябрь 2018" is August–September 2018;
* bare years that equal or cover the program period ("2021-2024 годы", "2020-2024" in a
  2021–2024 program) mean THROUGHOUT, other bare years a RANGE;
* "с <год>" / "до <год>" alone are bounds of a continuous measure (THROUGHOUT), "до" read
  inclusively ("до 2024 года" → through 31.12.2024); "до <дата>" is a deadline: a RANGE from
  the program start to that date;
* a firm timing plus an "as needed" clause keeps the firm timing and puts the clause in
  `note` ("Август-сентябрь 2018, далее по мере необходимости"); the clause runs to the next
  comma/slash/semicolon but not over a month, year, date, weekday or periodicity word;
* several separate dated windows ("Январь 2019 года, сентябрь 2019 года") are UNPARSED: one
  `Schedule` cannot hold them, and merging them into one range would invent a deadline.

When the report is due (`Schedule.day` / `offset_days`):

* "до 10 числа" with a periodicity is the 10th of the month *following* each window — the
  way reporting deadlines are written ("ежеквартально, до 10 числа": Q1 by 10 April); "до 5
  числа" alone, or "не позднее 5 числа месяца, следующего за отчётным", is monthly; "… месяца,
  следующего за кварталом / полугодием / годом" names the periodicity itself, and one that
  contradicts the written periodicity is UNPARSED;
* "до 25 декабря", "ежегодно, до 1 сентября", "в декабре до 25 числа", "до 25.12" are a fixed
  date every year (a month with no year recurs, as above); with a year ("до 25 декабря 2019
  года") it is a deadline like "до 25.12.2019"; a date that does not exist ("31 апреля") is
  UNPARSED, while "до 31 числа" is accepted and falls on the last day of shorter months;
* "в течение 10 дней после окончания квартала", "не позднее 15 дней после окончания
  полугодия", "через 10 дней …" are the window's end plus N days (the window named gives the
  periodicity when none is written); "рабочих дней" counts Monday–Friday without the Labour
  Code's fixed holidays (the yearly transfers of days off are unknowable in advance, the
  preview says so);
* with such a lag the report on the program's last window is due after the period's end, by
  at most that lag (the 4th quarter of the last year: 10 January), and it is kept: the work
  of a quarter cannot be reported before the quarter ends, and dropping it would leave the
  last quarter unreported (see occur.py);
* "до"/"не позднее" before such a deadline is the deadline's word, not an upper bound.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from .model import LAGGED, MAX_OFFSET_DAYS, MONTH_DAYS, QUARTER_MONTHS, Kind, Schedule, last_day, month_runs

MAX_TEXT = 1000  # a timing cell is a few words; anything longer is a paste error

# ---- normalisation --------------------------------------------------------------------------

_DASHES = re.compile("[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_GLUED = re.compile(r"(?<=[0-9])(?=[^\W\d_])|(?<=[^\W\d_])(?=[0-9])")


def _clean(text: str) -> str:
    s = _DASHES.sub("-", text).replace("_", " ")
    s = _GLUED.sub(" ", s)
    s = re.sub(r"\s*\(\s*", " (", s)
    s = re.sub(r"\s*\)", ")", s)
    return re.sub(r"\s+", " ", s).strip()


def _lower(s: str) -> str:
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
_KIND_TOKENS = {
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
_UNIT_KINDS = {
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
class _Offset:
    days: int
    working: bool
    unit: str


@dataclass
class _Tok:
    type: str
    value: object
    text: str


class _Fail(Exception):
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


def _tokenise(low: str) -> list[_Tok]:
    toks = []
    for name, m in _scan(low):
        if name == "FILLER":
            continue
        value = _token_value(name, m)
        if name == "DAYMONTH" and isinstance(value, date):
            name = "DATE"  # "25 декабря 2024 года" is 25.12.2024
        toks.append(_Tok(name, value, m.group(0)))
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
            raise _Fail(f"нет такой даты: «{m.group(0)}»") from None
    if name == "YRANGE":
        y1, y2s = int(m["y1"]), m["y2"]
        y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
        if y2 <= y1:
            raise _Fail(f"годы идут не по порядку: «{m.group(0)}»")
        return (y1, y2)
    if name == "YEAR":
        return int(m["year"])
    if name == "DAYMONTH":
        day = int(m["dm_d"] or m["dm_d2"])
        month = _month_number(m["dm_m"]) if m["dm_m"] else int(m["dm_m2"])
        if not 1 <= month <= 12 or not 1 <= day <= MONTH_DAYS[month - 1]:
            raise _Fail(f"нет такой даты: «{m.group(0)}»")
        if m["dm_y"]:
            try:
                return date(int(m["dm_y"]), month, day)
            except ValueError:  # 29 февраля of a common year
                raise _Fail(f"нет такой даты: «{m.group(0)}»") from None
        return (day, month)
    if name == "DAYNUM":
        day = int(m["dn"])
        if not 1 <= day <= 31:
            raise _Fail(f"нет такого числа месяца: «{m.group(0)}»")
        return day
    if name == "OFFSET":
        days = int(m["off"])
        if not 1 <= days <= MAX_OFFSET_DAYS:
            raise _Fail(f"срок в днях должен быть от 1 до {MAX_OFFSET_DAYS}: «{m.group(0)}»")
        return _Offset(days, bool(m["offk"]) and m["offk"].startswith("рабоч"), _unit(m["offu"]))
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
    if name in _KIND_TOKENS:
        return _KIND_TOKENS[name]
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
    {"DATE", "YRANGE", "ORD", "MONTH", "YEAR", "WEEKDAY", "DAYMONTH", "DAYNUM", "OFFSET", "NEXT", *_KIND_TOKENS}
    - {"THROUGHOUT"}
)
_TAIL_WORDS = frozenset({"UNKNOWN", "THROUGHOUT", "ACAD", "SEP"})  # belong to the note
_SEPARATOR = re.compile(r"[,;/]")


def _cut_requests(clean: str, low: str) -> tuple[str, list[str]]:
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


# ---- expressions ----------------------------------------------------------------------------


@dataclass
class _Span:
    """A dated window as written."""

    start: date
    end: date
    year_only: bool = False  # bare years: may stand for "the whole program"
    quarter: int | None = None
    months: tuple[int, ...] = ()  # the months of a dated month group


@dataclass
class _Yearless:
    """Months with no year ("Сентябрь", "Июнь-июль", "IV квартал")."""

    months: tuple[int, ...]


@dataclass
class _AcadQuarter:
    quarter: int | None


_Expr = list[_Span] | _Yearless | _AcadQuarter


def _expand(m1: int, m2: int) -> list[int]:
    out = [m1]
    while out[-1] != m2:
        out.append(out[-1] % 12 + 1)
    return out


def _dedupe(months: list[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(months))


def _year_span(y1: int, y2: int) -> _Span:
    return _Span(date(y1, 1, 1), date(y2, 12, 31), year_only=True)


def _academic_quarter_span(academic_year: int, quarter: int) -> _Span:
    # the instance of calendar quarter `quarter` that starts inside academic year Sep–Aug
    first_month = QUARTER_MONTHS[quarter][0]
    year = academic_year if first_month >= 9 else academic_year + 1
    return _Span(date(year, first_month, 1), last_day(year, first_month + 2), quarter=quarter)


@dataclass
class _Reader:
    toks: list[_Tok]
    i: int = 0
    kinds: list[Kind] = field(default_factory=list)
    weekdays: list[int] = field(default_factory=list)
    exprs: list[_Expr] = field(default_factory=list)
    lowers: list[_Expr] = field(default_factory=list)
    uppers: list[_Expr] = field(default_factory=list)
    academic: bool = False  # "учебный год" written on its own
    # when the report is due: "до 10 числа", "до 25 декабря", "через 10 дней после …"
    days: list[int] = field(default_factory=list)
    fixed: list[tuple[int, int]] = field(default_factory=list)
    offsets: list[_Offset] = field(default_factory=list)
    next_units: list[str] = field(default_factory=list)  # "следующего за кварталом"

    def peek(self, k: int = 0) -> str | None:
        j = self.i + k
        return self.toks[j].type if j < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def read(self) -> _Reader:
        while self.i < len(self.toks):
            typ = self.peek()
            if typ in _KIND_TOKENS:
                self.kinds.append(self.take().value)  # type: ignore[arg-type]
            elif typ == "WEEKDAY":
                self.weekdays.append(self.take().value)  # type: ignore[arg-type]
            elif typ in ("SEP", "DASH"):
                self.i += 1
            elif typ == "ACAD":
                self.academic = True
                self.i += 1
            elif typ == "FROM":
                self.i += 1
                self.lowers.append(self.expr())
            elif typ == "UNTIL" and self.peek(1) in ("DAYNUM", "DAYMONTH", "OFFSET"):
                self.i += 1  # "до 10 числа", "не позднее 15 дней после …": a deadline, not a bound
            elif typ == "DAYNUM":
                self.days.append(self.take().value)  # type: ignore[arg-type]
            elif typ == "DAYMONTH":
                day, month = self.take().value  # type: ignore[misc]
                self.fixed.append((day, month))
                self.exprs.append(_Yearless((month,)))  # "до 25 декабря": every year in December
            elif typ == "OFFSET":
                self.offsets.append(self.take().value)  # type: ignore[arg-type]
            elif typ == "NEXT":
                self.next_units.append(self.take().value)  # type: ignore[arg-type]
            elif typ == "UNTIL":
                self.i += 1
                self.uppers.append(self.expr())
            else:
                self.exprs.append(self.expr())
        return self

    def expr(self) -> _Expr:
        typ = self.peek()
        if typ is None:
            raise _Fail("после «с»/«до» нет срока")
        tok = self.take()
        if typ == "DATE":
            d1: date = tok.value  # type: ignore[assignment]
            if self.peek() == "DASH" and self.peek(1) == "DATE":
                self.i += 1
                d2: date = self.take().value  # type: ignore[assignment]
                if d2 < d1:
                    raise _Fail("конец срока раньше начала")
                return [_Span(d1, d2)]
            return [_Span(d1, d1)]
        if typ == "YRANGE":
            y1, y2 = tok.value  # type: ignore[misc]
            if self._academic_follows():
                return [_Span(date(y1, 9, 1), date(y2, 8, 31))]
            return [_year_span(y1, y2)]
        if typ == "YEAR":
            y: int = tok.value  # type: ignore[assignment]
            if self._academic_follows():
                return [_Span(date(y, 9, 1), date(y + 1, 8, 31))]
            return [_year_span(y, y)]
        if typ == "ORD":
            return self._ordinal(*tok.value)  # type: ignore[misc]
        if typ == "MONTH":
            self.i -= 1
            return self._month_group()
        if typ in ("DAYMONTH", "DAYNUM", "OFFSET", "NEXT"):
            raise _Fail(f"«{tok.text}» без года не может быть границей «с»/«до»")
        raise _Fail(f"незнакомое слово «{tok.text}»")

    def _academic_follows(self) -> bool:
        if self.peek() == "ACAD":
            self.i += 1
            return True
        return False

    def _ordinal(self, unit: str, n: int) -> _Expr:
        year: int | None = None
        if self.peek() == "YEAR":
            year = self.take().value  # type: ignore[assignment]
        elif self.peek() == "YRANGE":
            year = self.take().value[0]  # type: ignore[index]  # "4 квартал 2018/2019 уч. года"
            if self.peek() != "ACAD":
                raise _Fail("квартал или полугодие нескольких лет")
        academic = self._academic_follows()
        if unit == "квартал":
            if not 1 <= n <= 4:
                raise _Fail("квартал должен быть от 1 до 4")
            if academic:
                return _AcadQuarter(n) if year is None else [_academic_quarter_span(year, n)]
            if year is None:
                return _Yearless(QUARTER_MONTHS[n])
            return [_Span(date(year, 3 * n - 2, 1), last_day(year, 3 * n), quarter=n)]
        if n not in (1, 2):
            raise _Fail("полугодие должно быть первым или вторым")
        if academic:
            # dated: September–December and January–August of that academic year; without a
            # year it is not guessed (yearly in which months? the school's own terms differ)
            if year is None:
                raise _Fail("полугодие учебного года без года")
            if n == 1:
                return [_Span(date(year, 9, 1), date(year, 12, 31))]
            return [_Span(date(year + 1, 1, 1), date(year + 1, 8, 31))]
        if year is None:
            return _Yearless(tuple(range(1, 7)) if n == 1 else tuple(range(7, 13)))
        if n == 1:
            return [_Span(date(year, 1, 1), date(year, 6, 30))]
        return [_Span(date(year, 7, 1), date(year, 12, 31))]

    def _month_group(self) -> _Expr:
        # entries are [month, year | None]; each range is (first entry, last entry)
        ranges: list[tuple[list, list]] = []
        while True:
            if self.peek() == "MONTH":
                first = [self.take().value, None]
                if self.peek() == "YEAR":
                    first[1] = self.take().value
                last = first
                if self.peek() == "DASH" and self.peek(1) == "MONTH":
                    self.i += 1
                    last = [self.take().value, None]
                    if self.peek() == "YEAR":
                        last[1] = self.take().value
                    elif self.peek() == "YRANGE" and first[1] is None:  # "сентябрь-май 2018/2019"
                        first[1], last[1] = self.take().value  # type: ignore[misc]
                ranges.append((first, last))
            elif self.peek() == "SEP" and self.peek(1) == "MONTH":  # "январь, сентябрь 2019"
                self.i += 1
            else:
                break
        entries = [e for r in ranges for e in ((r[0],) if r[0] is r[1] else r)]
        if all(e[1] is None for e in entries):
            return _Yearless(_dedupe([m for a, b in ranges for m in _expand(a[0], b[0])]))
        # Fill missing years assuming the cell is written in chronological order.
        for k in range(len(entries) - 2, -1, -1):
            cur, nxt = entries[k], entries[k + 1]
            if cur[1] is None and nxt[1] is not None:
                cur[1] = nxt[1] if cur[0] <= nxt[0] else nxt[1] - 1
        for k in range(1, len(entries)):
            cur, prv = entries[k], entries[k - 1]
            if cur[1] is None:
                cur[1] = prv[1] if cur[0] >= prv[0] else prv[1] + 1
        spans = []
        for a, b in ranges:
            start, end = date(a[1], a[0], 1), last_day(b[1], b[0])
            if end < start:
                raise _Fail("конец срока раньше начала")
            spans.append(_Span(start, end, months=tuple(_expand(a[0], b[0]))))
        return spans


# ---- deciding the kind ----------------------------------------------------------------------


def _merge(spans: list[_Span]) -> _Span:
    spans = sorted(spans, key=lambda s: s.start)
    merged = spans[0]
    for s in spans[1:]:
        if s.start > merged.end + timedelta(days=1):
            raise _Fail("несколько отдельных сроков: разделите мероприятие или уточните срок")
        merged = _Span(
            merged.start,
            max(merged.end, s.end),
            year_only=merged.year_only and s.year_only,
            months=_dedupe([*merged.months, *s.months]),
        )
    if len(spans) == 1:
        return spans[0]
    return merged


def _decide(r: _Reader, notes: list[str], period_start: date, period_end: date) -> Schedule:
    units = [o.unit for o in r.offsets] + r.next_units
    named = [u for u in dict.fromkeys(units) if u != "period"]
    if len(named) > 1:
        raise _Fail("срок сдачи отсчитывается от разных периодов")
    if not r.kinds and not r.exprs and not r.academic:
        # "в течение 10 дней после окончания квартала", "до 10 числа месяца, следующего за
        # кварталом": the window named is the periodicity; a bare "до 5 числа" is monthly
        if named:
            r.kinds.append(_UNIT_KINDS[named[0]])
            r.academic = named[0] == "academic_year"
        elif r.days:
            r.kinds.append(Kind.MONTHLY)
    return _with_due(_decide_dates(r, notes, period_start, period_end), r, named[0] if named else None)


def _with_due(base: Schedule, r: _Reader, unit: str | None) -> Schedule:
    """Add what the cell says about when the report is due to the schedule of its windows."""
    if len(r.days) + len(r.fixed) + len(r.offsets) > 1:
        raise _Fail("указано несколько сроков сдачи")
    if r.next_units and not r.days:
        raise _Fail("«следующего за …» без числа месяца")
    if not (r.days or r.fixed or r.offsets):
        return base
    if base.kind not in LAGGED:
        raise _Fail("срок сдачи («до … числа», «через … дней») не сочетается с таким сроком")
    if base.kind is Kind.YEARLY and base.months and not r.offsets:
        # a date inside the month every year: "ежегодно до 25 декабря", "в декабре до 25 числа"
        if len(base.months) != 1 or r.next_units:
            raise _Fail("число месяца указано для нескольких месяцев")
        day = r.fixed[0][0] if r.fixed else r.days[0]
        if day > MONTH_DAYS[base.months[0] - 1]:
            raise _Fail("нет такой даты")
        return replace(base, day=day)
    if r.fixed:
        raise _Fail("дата «до … » не сочетается с такой периодичностью: укажите «до … числа»")
    if unit is not None and unit != base.period_unit():
        raise _Fail("срок сдачи отсчитывается не от того периода, что указан в периодичности")
    if r.days:
        return replace(base, day=r.days[0])
    return replace(base, offset_days=r.offsets[0].days, working_days=r.offsets[0].working)


def _decide_dates(r: _Reader, notes: list[str], period_start: date, period_end: date) -> Schedule:
    note = "; ".join(notes)
    kinds = list(dict.fromkeys(r.kinds))
    if Kind.THROUGHOUT in kinds and len(kinds) > 1:  # "ежегодно в течение всего периода"
        kinds.remove(Kind.THROUGHOUT)
    if len(kinds) > 1:
        raise _Fail("указано несколько периодичностей")
    kind = kinds[0] if kinds else None
    if len(set(r.weekdays)) > 1:
        raise _Fail("указано несколько дней недели")
    weekday = r.weekdays[0] if r.weekdays else None
    if len(r.lowers) > 1 or len(r.uppers) > 1:
        raise _Fail("несколько границ «с»/«до»")
    lower = r.lowers[0] if r.lowers else None
    upper = r.uppers[0] if r.uppers else None

    months: list[int] = [m for e in r.exprs if isinstance(e, _Yearless) for m in e.months]
    if isinstance(lower, _Yearless) and isinstance(upper, _Yearless):  # "с сентября по май"
        months += _expand(lower.months[0], upper.months[-1])
        lower = upper = None
    if not all(b is None or isinstance(b, list) for b in (lower, upper)):
        raise _Fail("граница «с»/«до» без года")
    lo_span = lower[0] if isinstance(lower, list) else None
    up_span = upper[-1] if isinstance(upper, list) else None
    bound_start = lo_span.start if lo_span else None
    bound_end = up_span.end if up_span else None
    if bound_start and bound_end and bound_start > bound_end:
        raise _Fail("конец срока раньше начала")
    month_tuple = _dedupe(months)

    spans = [s for e in r.exprs if isinstance(e, list) for s in e]
    span = _merge(spans) if spans else None
    if span and (lo_span or up_span):
        raise _Fail("срок указан и датами, и границами «с»/«до»")

    acad = [e for e in r.exprs if isinstance(e, _AcadQuarter)]
    if acad and acad[0].quarter and month_tuple == QUARTER_MONTHS[acad[0].quarter]:
        month_tuple = ()  # "4 квартал каждого учебного года (октябрь–декабрь)" only explains
    if acad:
        others = month_tuple or span or weekday is not None
        if len(acad) > 1 or others or kind not in (None, Kind.YEARLY):
            raise _Fail("квартал учебного года вместе с другими сроками")
        return Schedule(
            Kind.ACADEMIC_YEARLY,
            start=bound_start,
            end=bound_end,
            quarter=acad[0].quarter,
            note=note,
        )

    if kind is None and weekday is not None and (month_tuple or span or lo_span or up_span or not notes):
        kind = Kind.WEEKLY  # a weekday names a weekly slot: "Вторник, сентябрь-май"

    if kind is None:
        if span is not None:
            if month_tuple:
                raise _Fail("месяцы с годом и без года вместе")
            if span.year_only and span.start <= period_start and span.end >= period_end:
                return Schedule(Kind.THROUGHOUT, note=note)
            return Schedule(Kind.RANGE, start=span.start, end=span.end, quarter=span.quarter, note=note)
        if month_tuple:
            return Schedule(Kind.YEARLY, start=bound_start, end=bound_end, months=month_tuple, note=note)
        if r.academic:  # "каждый учебный год (с 2021 года)"
            return Schedule(Kind.ACADEMIC_YEARLY, start=bound_start, end=bound_end, note=note)
        if lo_span and up_span:  # "с 2019 по 2020 год", "с 01.09.2018 по 31.05.2019"
            window = _Span(lo_span.start, up_span.end, lo_span.year_only and up_span.year_only)
            if window.year_only and window.start <= period_start and window.end >= period_end:
                return Schedule(Kind.THROUGHOUT, note=note)
            return Schedule(Kind.RANGE, start=window.start, end=window.end, note=note)
        if up_span and not lo_span and not up_span.year_only:
            # "до 01.09.2018", "до сентября 2019": a deadline, from the program start
            return Schedule(Kind.RANGE, start=min(period_start, up_span.end), end=up_span.end, note=note)
        if lo_span or up_span:  # "С 2021 года", "До 2024 года": a continuous measure's bounds
            return Schedule(Kind.THROUGHOUT, start=bound_start, end=bound_end, note=note)
        if notes:
            return Schedule(Kind.ON_REQUEST, weekday=weekday, note=note)
        raise _Fail("нет ни срока, ни периодичности")

    if weekday is not None and kind is not Kind.WEEKLY:
        raise _Fail("день недели не сочетается с такой периодичностью")
    if span is not None:  # a recurring measure bounded by a dated window
        if kind is Kind.YEARLY and not month_tuple and span.months and not span.year_only:
            # "Сентябрь 2018, далее ежегодно": every September from 2018 on
            month_tuple, bound_start = span.months, span.start
        else:
            bound_start, bound_end = span.start, span.end
    if month_tuple and kind not in (Kind.YEARLY, Kind.WEEKLY, Kind.MONTHLY):
        if kind is Kind.TWICE_A_YEAR and len(month_runs(month_tuple)) == 2:
            kind = Kind.YEARLY  # "два раза в год (декабрь, май)": the two months given
        else:
            raise _Fail("месяцы не сочетаются с такой периодичностью")
    if kind is Kind.YEARLY and r.academic and not month_tuple:
        return Schedule(Kind.ACADEMIC_YEARLY, start=bound_start, end=bound_end, note=note)
    return Schedule(
        kind,
        start=bound_start,
        end=bound_end,
        months=month_tuple,
        weekday=weekday if kind is Kind.WEEKLY else None,
        note=note,
    )


def parse_timing(text: str, *, period_start: date, period_end: date) -> Schedule:
    """Read a "Сроки" cell. Never raises: what cannot be read is `Kind.UNPARSED`, with the
    reason in `note`, for a person to restate."""
    try:
        if not isinstance(text, str):
            raise _Fail("срок не указан")
        if len(text) > MAX_TEXT:
            raise _Fail("слишком длинный текст срока")
        clean = _clean(text)
        low, notes = _cut_requests(clean, _lower(clean))
        reader = _Reader(_tokenise(low)).read()
        return _decide(reader, notes, period_start, period_end)
    except _Fail as exc:
        return Schedule(Kind.UNPARSED, note=str(exc))
    except Exception:  # noqa: BLE001 - the contract is "never raises"; a person fixes the cell
        return Schedule(Kind.UNPARSED, note="не удалось разобрать срок")
