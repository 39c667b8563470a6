"""`results_export risk|assessments` on results loaded through the real importer: exactly the
columns of docs/indices.md, and numbers that agree with an independent pandas computation."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from indices.analysis.exports import ASSESSMENT_COLUMNS, RISK_COLUMNS
from schools.imports.services import import_apply
from tests.factories import MunicipalityFactory, RegionFactory, SchoolFactory
from tests.indices.imports.rows import RESULT_HEADER, result_row
from tests.schools.imports.workbooks import xlsx

pytestmark = pytest.mark.django_db

YEARS = (2023, 2024, 2025)
ASSESSMENTS = [  # (procedure, grade, subject as written in the file, subject code, mean)
    ("ОГЭ", 9, "Математика", "math", 15.5),
    ("ОГЭ", 9, "Русский язык", "russian", 25),
    ("ВПР", 5, "Математика", "math", 11),
    ("ЕГЭ", 11, "Русский язык", "russian", 61),
    ("МДР", 7, "Математика", "math", 9),
]
SHARES_2 = [0, 10, 29.99, 30, 30.01, 45, 60]


def _generate(codes: list[str], seed: int) -> pd.DataFrame:
    """A random region: gaps, small schools, exactly 30 %, ЕГЭ with and without the share,
    marked procedures with and without an explicit share below the minimum."""
    rng = np.random.default_rng(seed)
    rows = []
    for code in codes:
        for year in YEARS:
            for procedure, grade, subject, subject_code, mean in ASSESSMENTS:
                if rng.random() < 0.15:
                    continue  # a gap
                participants = int(rng.choice([0, 3, 4, 5, 6, 12, 25]))
                share_2, below_min, marks = None, None, [None] * 4
                if participants and procedure != "ЕГЭ":
                    share_2 = float(rng.choice(SHARES_2))
                    rest = round((100 - share_2) / 2, 2)
                    marks = [share_2, rest, round(100 - share_2 - rest - 10, 2), 10]
                    if rng.random() < 0.2:
                        below_min = float(rng.choice([5, 30, 50]))
                elif participants and rng.random() < 0.7:
                    below_min = float(rng.choice([0, 12.5, 30, 44]))
                rows.append(
                    {
                        "school_code": code,
                        "year": year,
                        "procedure": procedure,
                        "grade": grade,
                        "subject": subject,
                        "subject_code": subject_code,
                        "participants": participants,
                        "mean": mean if participants else None,
                        "marks": marks,
                        "share_2": share_2,
                        "below_min": below_min,
                    }
                )
    return pd.DataFrame(rows)


def _import(frame: pd.DataFrame) -> None:
    rows = [
        result_row(
            r.school_code,
            year=f"{r.year - 1}/{r.year}",
            procedure=r.procedure,
            grade=r.grade,
            subject=r.subject,
            participants=r.participants,
            mean=r.mean,
            sd=None,
            shares=r.marks,
            below_min=r.below_min,
        )
        for r in frame.itertuples()
    ]
    outcome = import_apply(kind="results", file=io.BytesIO(xlsx(RESULT_HEADER, rows)), user=None)
    assert outcome.problems == [] and outcome.applied


def _reference(frame: pd.DataFrame, codes: list[str], year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rule with pandas: the effective share, the qualifying and low assessments, and a merge
    with the year before for the same assessment."""
    f = frame.copy()
    f["share"] = f["below_min"].where(f["below_min"].notna(), f["share_2"].where(f["procedure"] != "ЕГЭ"))
    f["counts"] = (f["participants"] >= 5) & f["share"].notna()
    f["low"] = f["counts"] & (f["share"] >= 30)
    key = ["school_code", "procedure", "grade", "subject_code"]
    now, before = f[f["year"] == year], f[(f["year"] == year - 1) & f["low"]]
    chained = now[now["low"]].merge(before[key], on=key, how="inner")
    per_school = pd.DataFrame({"school_code": codes}).merge(
        now.groupby("school_code").agg(assessments=("counts", "sum"), low_assessments=("low", "sum")).reset_index(),
        on="school_code",
        how="left",
    )
    per_school = per_school.fillna(0).astype({"assessments": int, "low_assessments": int})
    per_school["chain"] = per_school["school_code"].isin(chained["school_code"])
    per_school["same"] = per_school["low_assessments"] >= 2

    def reason(row):
        if row.assessments == 0:
            return "no_data"
        return {(True, True): "both", (True, False): "same_year", (False, True): "consecutive"}.get(
            (bool(row.same), bool(row.chain)), ""
        )

    per_school["risk_reason"] = per_school.apply(reason, axis=1)
    per_school["risk_group"] = ["" if r == "no_data" else ("true" if r else "false") for r in per_school["risk_reason"]]
    per_school["year"] = year
    return per_school.sort_values("school_code"), now.assign(
        share_text=now["share"].map(lambda v: "" if pd.isna(v) else format(Decimal(str(v)).normalize(), "f")),
        low_text=[("true" if lo else "false") if c else "" for c, lo in zip(now["counts"], now["low"], strict=True)],
    ).sort_values(key)


@pytest.fixture
def region(world):
    """Region 77 of the world with two more municipalities' schools (A-1, A-2 are there already);
    an archived school without results is not listed, one with results is."""
    other = MunicipalityFactory(region=world.region, code="c", name="Город В")
    for i in range(1, 13):
        SchoolFactory(municipality=world.mun_a if i % 2 else other, code=f"R-{i:02d}")
    SchoolFactory(municipality=other, code="Z-ARCH", is_archived=True)
    SchoolFactory(municipality=other, code="R-ARCH", is_archived=True)
    return world.region


CODES = [f"R-{i:02d}" for i in range(1, 13)] + ["R-ARCH"]
LISTED = sorted([*CODES, "A-1", "A-2"])


def _read_csv(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as stream:
        reader = csv.DictReader(stream)
        rows = list(reader)
    return reader.fieldnames, rows


def _read_xlsx(path) -> tuple[list[str], list[dict]]:
    sheet = load_workbook(path).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    header = list(values[0])
    return header, [dict(zip(header, row, strict=True)) for row in values[1:]]


@pytest.mark.parametrize("seed", [1, 2])
def test_risk_export_agrees_with_pandas(region, tmp_path, seed):
    frame = _generate(CODES, seed)
    _import(frame)
    expected, _ = _reference(frame, LISTED, 2025)
    output = tmp_path / "risk.csv"
    call_command("results_export", "risk", "--year", "2025", "--region", "77", "--format", "csv", "--output", output)
    header, rows = _read_csv(output)
    assert header == RISK_COLUMNS
    assert [r["school_code"] for r in rows] == LISTED
    got = pd.DataFrame(rows).astype({"year": int, "assessments": int, "low_assessments": int})
    pd.testing.assert_frame_equal(
        got.reset_index(drop=True), expected[RISK_COLUMNS].reset_index(drop=True), check_dtype=False
    )
    # every reason occurs in the random region, so the comparison is not vacuous
    assert {"", "no_data"} < set(got["risk_reason"]) and len(set(got["risk_reason"])) >= 4

    book = tmp_path / "risk.xlsx"
    call_command(
        "results_export", "risk", "--year", "2024/2025", "--region", "77", "--format", "xlsx", "--output", book
    )
    header, xrows = _read_xlsx(book)
    assert header == RISK_COLUMNS
    as_text = [
        {
            **{k: "" if v is None else str(v) for k, v in r.items()},
            "risk_group": {True: "true", False: "false", None: ""}[r["risk_group"]],
        }
        for r in xrows
    ]
    assert as_text == rows


def test_assessments_export_agrees_with_pandas(region, tmp_path):
    frame = _generate(CODES, 3)
    _import(frame)
    _, expected = _reference(frame, LISTED, 2025)
    output = tmp_path / "assessments.csv"
    call_command(
        "results_export", "assessments", "--year", "2025", "--region", "77", "--format", "csv", "--output", output
    )
    header, rows = _read_csv(output)
    assert header == ASSESSMENT_COLUMNS
    got = [
        (r["school_code"], r["procedure"], r["grade"], r["subject"], r["participants"], r["share_below_min"], r["low"])
        for r in rows
    ]
    want = [
        (r.school_code, r.procedure, str(r.grade), r.subject_code, str(r.participants), r.share_text, r.low_text)
        for r in expected.itertuples()
    ]
    assert got == want and {r["year"] for r in rows} == {"2025"}

    book = tmp_path / "assessments.xlsx"
    call_command(
        "results_export", "assessments", "--year", "2025", "--region", "77", "--format", "xlsx", "--output", book
    )
    header, xrows = _read_xlsx(book)
    assert header == ASSESSMENT_COLUMNS and len(xrows) == len(rows)
    assert [r["low"] for r in xrows] == [{"true": True, "false": False, "": None}[r["low"]] for r in rows]


OUT = ["--output", "OUT"]
BAD = [
    pytest.param([], "Укажите, что выгружать: risk", id="no-kind"),
    pytest.param(["groups", *OUT], "Укажите, что выгружать: risk", id="unknown-kind"),
    pytest.param(["risk", *OUT], "Укажите учебный год", id="no-year"),
    pytest.param(["risk", "--year", "2023/2025", *OUT], "Учебный год: «2023/2025»: второй год", id="bad-year"),
    pytest.param(["risk", "--year", "двадцать", *OUT], "учебный год должен быть вида", id="year-text"),
    pytest.param(["risk", "--year", "2025", "--format", "pdf", *OUT], "Укажите формат: --format csv", id="format"),
    pytest.param(["risk", "--year", "2025", "--format", "csv"], "Укажите файл", id="no-output"),
    pytest.param(["risk", "--year", "2025", "--format", "csv", "--output"], "Не удалось разобрать", id="no-value"),
    pytest.param(["risk", "--bogus", *OUT], "Не удалось разобрать аргументы", id="unknown-option"),
    pytest.param(
        ["risk", "--year", "2025", "--format", "csv", "--region", "99", *OUT], "Регион с кодом «99»", id="region"
    ),
    pytest.param(
        ["risk", "--year", "2025", "--format", "csv", *OUT], "несколько регионов (77, 78): укажите", id="ambiguous"
    ),
    pytest.param(
        ["assessments", "--year", "2020", "--format", "xlsx", "--region", "77", *OUT],
        "В регионе «Тестовая область» нет результатов оценочных процедур за 2019/2020",
        id="year-without-data",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_arguments_are_refused_in_russian_and_write_nothing(region, tmp_path, args, message):
    _import(_generate(CODES[:3], 4))
    args = [str(tmp_path / "out.csv") if a == "OUT" else a for a in args]
    with pytest.raises(CommandError) as caught:
        call_command("results_export", *args)
    assert message in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_refused(region, tmp_path):
    _import(_generate(CODES[:2], 5))
    with pytest.raises(CommandError, match="не существует"):
        call_command(
            "results_export", "risk", "--year", "2025", "--region", "77", "--format", "csv", "--output",
            tmp_path / "nope" / "risk.csv",
        )  # fmt: skip


def test_one_region_needs_no_region_option(tmp_path):
    school = SchoolFactory(municipality=MunicipalityFactory(region=RegionFactory(code="50")), code="ONE")
    _import(_generate(["ONE"], 6))
    output = tmp_path / "risk.csv"
    call_command("results_export", "risk", "--year", "2025", "--format", "csv", "--output", output)
    assert _read_csv(output)[1][0]["school_code"] == school.code
