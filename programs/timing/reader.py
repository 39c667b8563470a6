"""Tokens grouped into expressions (parse.py decides the kind from them): a dated span, a month
group with years filled in chronologically, a yearless month or quarter, a quarter of the academic
year; with the bounds ("с"/"до") and what says when the report is due."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .model import QUARTER_MONTHS, Kind, last_day
from .tokens import KIND_TOKENS, Fail, Offset, Tok

# ---- expressions ----------------------------------------------------------------------------


@dataclass
class Span:
    """A dated window as written."""

    start: date
    end: date
    year_only: bool = False  # bare years: may stand for "the whole program"
    quarter: int | None = None
    months: tuple[int, ...] = ()  # the months of a dated month group


@dataclass
class Yearless:
    """Months with no year ("Сентябрь", "Июнь-июль", "IV квартал")."""

    months: tuple[int, ...]


@dataclass
class AcadQuarter:
    quarter: int | None


Expr = list[Span] | Yearless | AcadQuarter


def expand_months(m1: int, m2: int) -> list[int]:
    out = [m1]
    while out[-1] != m2:
        out.append(out[-1] % 12 + 1)
    return out


def dedupe(months: list[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(months))


def _year_span(y1: int, y2: int) -> Span:
    return Span(date(y1, 1, 1), date(y2, 12, 31), year_only=True)


def _academic_quarter_span(academic_year: int, quarter: int) -> Span:
    # the instance of calendar quarter `quarter` that starts inside academic year Sep–Aug
    first_month = QUARTER_MONTHS[quarter][0]
    year = academic_year if first_month >= 9 else academic_year + 1
    return Span(date(year, first_month, 1), last_day(year, first_month + 2), quarter=quarter)


@dataclass
class Reader:
    toks: list[Tok]
    i: int = 0
    kinds: list[Kind] = field(default_factory=list)
    weekdays: list[int] = field(default_factory=list)
    exprs: list[Expr] = field(default_factory=list)
    lowers: list[Expr] = field(default_factory=list)
    uppers: list[Expr] = field(default_factory=list)
    academic: bool = False  # "учебный год" written on its own
    # when the report is due: "до 10 числа", "до 25 декабря", "через 10 дней после …"
    days: list[int] = field(default_factory=list)
    fixed: list[tuple[int, int]] = field(default_factory=list)
    offsets: list[Offset] = field(default_factory=list)
    next_units: list[str] = field(default_factory=list)  # "следующего за кварталом"

    def peek(self, k: int = 0) -> str | None:
        j = self.i + k
        return self.toks[j].type if j < len(self.toks) else None

    def take(self) -> Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def read(self) -> Reader:
        while self.i < len(self.toks):
            typ = self.peek()
            if typ in KIND_TOKENS:
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
                self.exprs.append(Yearless((month,)))  # "до 25 декабря": every year in December
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

    def expr(self) -> Expr:
        typ = self.peek()
        if typ is None:
            raise Fail("после «с»/«до» нет срока")
        tok = self.take()
        if typ == "DATE":
            d1: date = tok.value  # type: ignore[assignment]
            if self.peek() == "DASH" and self.peek(1) == "DATE":
                self.i += 1
                d2: date = self.take().value  # type: ignore[assignment]
                if d2 < d1:
                    raise Fail("конец срока раньше начала")
                return [Span(d1, d2)]
            return [Span(d1, d1)]
        if typ == "YRANGE":
            y1, y2 = tok.value  # type: ignore[misc]
            if self._academic_follows():
                return [Span(date(y1, 9, 1), date(y2, 8, 31))]
            return [_year_span(y1, y2)]
        if typ == "YEAR":
            y: int = tok.value  # type: ignore[assignment]
            if self._academic_follows():
                return [Span(date(y, 9, 1), date(y + 1, 8, 31))]
            return [_year_span(y, y)]
        if typ == "ORD":
            return self._ordinal(*tok.value)  # type: ignore[misc]
        if typ == "MONTH":
            self.i -= 1
            return self._month_group()
        if typ in ("DAYMONTH", "DAYNUM", "OFFSET", "NEXT"):
            raise Fail(f"«{tok.text}» без года не может быть границей «с»/«до»")
        raise Fail(f"незнакомое слово «{tok.text}»")

    def _academic_follows(self) -> bool:
        if self.peek() == "ACAD":
            self.i += 1
            return True
        return False

    def _ordinal(self, unit: str, n: int) -> Expr:
        year: int | None = None
        if self.peek() == "YEAR":
            year = self.take().value  # type: ignore[assignment]
        elif self.peek() == "YRANGE":
            year = self.take().value[0]  # type: ignore[index]  # "4 квартал 2018/2019 уч. года"
            if self.peek() != "ACAD":
                raise Fail("квартал или полугодие нескольких лет")
        academic = self._academic_follows()
        if unit == "квартал":
            if not 1 <= n <= 4:
                raise Fail("квартал должен быть от 1 до 4")
            if academic:
                return AcadQuarter(n) if year is None else [_academic_quarter_span(year, n)]
            if year is None:
                return Yearless(QUARTER_MONTHS[n])
            return [Span(date(year, 3 * n - 2, 1), last_day(year, 3 * n), quarter=n)]
        if n not in (1, 2):
            raise Fail("полугодие должно быть первым или вторым")
        if academic:
            # dated: September–December and January–August of that academic year; without a
            # year it is not guessed (yearly in which months? the school's own terms differ)
            if year is None:
                raise Fail("полугодие учебного года без года")
            if n == 1:
                return [Span(date(year, 9, 1), date(year, 12, 31))]
            return [Span(date(year + 1, 1, 1), date(year + 1, 8, 31))]
        if year is None:
            return Yearless(tuple(range(1, 7)) if n == 1 else tuple(range(7, 13)))
        if n == 1:
            return [Span(date(year, 1, 1), date(year, 6, 30))]
        return [Span(date(year, 7, 1), date(year, 12, 31))]

    def _month_group(self) -> Expr:
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
            return Yearless(dedupe([m for a, b in ranges for m in expand_months(a[0], b[0])]))
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
                raise Fail("конец срока раньше начала")
            spans.append(Span(start, end, months=tuple(expand_months(a[0], b[0]))))
        return spans
