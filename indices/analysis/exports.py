"""``results_export``: the risk group and the assessments behind it, with exactly the columns of
docs/indices.md («Риск низких результатов»).

The column names and the codes in them (``same_year`` …, ``true``/``false``) are a contract with
other systems, in CSV and XLSX alike: the same table in two containers. Rows are ordered by school
code (then procedure, grade, subject), numbers written the shortest way, so the same data always
gives the same bytes of CSV. Nothing is returned until everything is computed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from schools.models import Region
from schools.spreadsheets import csv_value, xlsx_cell
from schools.years import academic_year_label, format_academic_year

from .selectors.risk import school_risk

RISK_COLUMNS = ["school_code", "year", "assessments", "low_assessments", "risk_group", "risk_reason"]
ASSESSMENT_COLUMNS = ["school_code", "year", "procedure", "grade", "subject", "participants", "share_below_min", "low"]


class NoResults(Exception):
    """The region has no assessment results in the year: nothing to export (a Russian message)."""


def _table(*, year: int, region: Region, school_ids: Iterable[int] | None = None, lines: str = "all"):
    table = school_risk(years=[year], region_id=region.pk, school_ids=school_ids, lines=lines)
    if year not in table.years_with_results:
        raise NoResults(
            _("В регионе «%(region)s» нет результатов оценочных процедур за %(year)s: выгружать нечего.")
            % {"region": region.name, "year": academic_year_label(year)}
        )
    return table


def risk_rows(*, year: int, region: Region, school_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """One row per school of the region (of ``school_ids``): its qualifying and low assessments,
    the group, the reason."""
    return [
        {
            "school_code": r.school_code,
            "year": r.year,
            "assessments": r.assessments,
            "low_assessments": r.low_assessments,
            "risk_group": r.risk_group,
            "risk_reason": r.reason,
        }
        for r in _table(year=year, region=region, school_ids=school_ids, lines="none").rows
    ]


def assessment_rows(*, year: int, region: Region, school_ids: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """Every assessment result of the region's schools in the year: the effective share below the
    minimum threshold and whether the assessment is low (empty when it does not count: too few
    participants or an unknown share)."""
    return [
        {
            "school_code": r.school_code,
            "year": r.year,
            "procedure": a.procedure,
            "grade": a.grade,
            "subject": a.subject_code,
            "participants": a.participants,
            "share_below_min": a.share_below_min,
            "low": a.low if a.counts else None,
        }
        for r in _table(year=year, region=region, school_ids=school_ids).rows
        for a in sorted(r.lines, key=lambda line: (line.procedure, line.grade, line.subject_code))
    ]


def to_csv(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_value(row[c]) for c in columns])
    return buffer.getvalue().encode("utf-8")


def to_xlsx(columns: list[str], rows: list[dict[str, Any]], *, title: str) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "B2"
    sheet.append(columns)
    for row in rows:
        sheet.append([xlsx_cell(sheet, row[c]) for c in columns])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


KINDS: dict[str, tuple[list[str], Callable[..., list[dict[str, Any]]], str]] = {
    "risk": (RISK_COLUMNS, risk_rows, "Риск низких результатов"),
    "assessments": (ASSESSMENT_COLUMNS, assessment_rows, "Оценочные процедуры"),
}
FORMATS = ("csv", "xlsx")


def export(*, kind: str, year: int, region: Region, file_format: str) -> bytes:
    columns, rows_of, title = KINDS[kind]
    rows = rows_of(year=year, region=region)
    return to_csv(columns, rows) if file_format == "csv" else to_xlsx(columns, rows, title=title)


# --- the risk group page as a workbook (Russian headings, for people) ------------------------------

RISK_PAGE_COLUMNS = [
    "Код школы",
    "Школа",
    "Муниципалитет",
    "Учебный год",
    "Состояние",
    "Основание",
    "Учитываемых оценочных процедур",
    "Низких оценочных процедур",
]
RISK_PAGE_ASSESSMENT_COLUMNS = [
    "Код школы",
    "Школа",
    "Процедура",
    "Класс",
    "Предмет",
    "Участников",
    "Доля не преодолевших минимальный порог, %",
    "Оценка",
]


def _state(row) -> str:
    if row.risk_group is True:
        return _("в группе риска")
    if row.risk_group is False:
        return _("не в группе риска")
    return _("нет данных")


def _line_state(line) -> str:
    if not line.counts:
        return _("не учитывается")
    return _("низкий") if line.low else _("не низкий")


def risk_page_xlsx(overview) -> bytes:
    """The risk group page (``selectors.RiskOverview``): the schools with their state and reason,
    the assessments behind the risk, the schools entering and leaving the group."""
    workbook = Workbook(write_only=True)
    year = format_academic_year(overview.year)

    def sheet(title: str, columns: list[str], rows) -> None:
        ws = workbook.create_sheet(title)
        ws.freeze_panes = "A2"
        ws.append(columns)
        for row in rows:
            ws.append([xlsx_cell(ws, value) for value in row])

    def school_row(r, *, state: str | None = None) -> list:
        return [
            r.school_code,
            r.school_name,
            r.municipality_name,
            year,
            state or _state(r),
            r.reason_title if r.risk_group else "",
            r.assessments,
            r.low_assessments,
        ]

    sheet(_("Группа риска"), RISK_PAGE_COLUMNS, [school_row(r) for r in overview.in_group])
    sheet(
        _("Процедуры"),
        RISK_PAGE_ASSESSMENT_COLUMNS,
        [
            [
                r.school_code,
                r.school_name,
                a.procedure,
                a.grade,
                a.subject_name,
                a.participants,
                a.share_below_min,
                _line_state(a),
            ]
            for r in overview.in_group
            for a in r.lines
        ],
    )
    sheet(
        _("Вошли и вышли"),
        RISK_PAGE_COLUMNS,
        [school_row(r, state=_("вошла в группу риска")) for r in overview.entered]
        + [school_row(r, state=_("вышла из группы риска")) for r in overview.left],
    )
    sheet(_("Нет данных"), RISK_PAGE_COLUMNS, [school_row(r) for r in overview.no_data])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


RESULTS_PAGE_COLUMNS = [
    "Место",
    "Код школы",
    "Школа",
    "Учебный год",
    "Процедура",
    "Класс",
    "Предмет",
    "Участников",
    "Средний балл",
    "Доля «2», %",
    "Доля «3», %",
    "Доля «4», %",
    "Доля «5», %",
    "Доля не преодолевших минимальный порог, %",
    "Разница со средним по муниципалитету",
    "Разница со средним по региону",
    "Муниципалитет",
]


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def results_page_xlsx(ranking, *, year: int, choice, municipality_names: dict[int, str]) -> bytes:
    """The results page (``selectors.ResultsRanking``): the schools ranked, then the references."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(_("Результаты"))
    ws.freeze_panes = "A2"
    ws.append(RESULTS_PAGE_COLUMNS)
    label = format_academic_year(year)

    def row(place, code, name, line_participants, mean, marks, share, vs_mun, vs_region, mun="") -> list:
        return [
            place,
            code,
            name,
            label,
            choice.procedure,
            choice.grade,
            choice.subject_name,
            line_participants,
            _round(mean),
            *(_round(m) for m in marks),
            _round(share),
            _round(vs_mun),
            _round(vs_region),
            mun,
        ]

    for place, line in enumerate(ranking.lines, start=1):
        values = row(
            place,
            line.school_code,
            line.school_name,
            line.participants,
            line.mean_score,
            line.marks,
            line.share_below_min,
            line.vs_municipality,
            line.vs_region,
            municipality_names.get(line.municipality_id, ""),
        )
        ws.append([xlsx_cell(ws, v) for v in values])
    for level in (ranking.municipality, ranking.region):
        if level is not None:
            values = row(
                None,
                "",
                level.name,
                level.participants,
                level.mean_score,
                level.marks,
                level.share_below_min,
                None,
                None,
            )
            ws.append([xlsx_cell(ws, v) for v in values])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
