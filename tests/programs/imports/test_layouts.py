"""Program documents in the layouts committees use, built from the seeds' text, read back with every
measure equal to the document (whitespace normalised). No database: the reader writes nothing."""

from __future__ import annotations

import re

import pytest

from programs.demo.seed_programs import PROGRAMS
from programs.imports.parse import read_program
from programs.imports.plan import first_sentence

from .builder import build

SEEDS = {p["municipality"]: p for p in PROGRAMS}
LAYOUTS = ("classic", "reordered")


def norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(("code", "count"), [("korolev", 52), ("tungiro", 27), ("dagogni", 44), ("sysert", 23)])
def test_every_measure_reads_as_the_document_has_it(code, count, layout):
    spec = SEEDS[code]
    parsed = read_program(build(spec, layout))
    assert len(parsed.measures) == count
    for expected, got in zip(spec["measures"], parsed.measures, strict=True):
        assert got.number == expected["number"]
        assert norm(got.title) == norm(expected["title"]), expected["number"]
        assert norm(got.timing) == norm(expected["timing"]), expected["number"]
        assert norm(got.responsible) == norm(", ".join(expected["responsible"])), expected["number"]
        assert norm(got.result) == norm(expected["result"]), expected["number"]
        assert got.task == (expected["task"] or "")
        assert got.section == (expected["section"] or "")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_dagestanskiye_ogni_keeps_its_gaps_and_roman_sections(layout):
    parsed = read_program(build(SEEDS["dagogni"], layout))
    assert [int(m.number) for m in parsed.measures] == [n for n in range(1, 47) if n not in (22, 24)]
    assert [n for n, _t in parsed.sections] == ["I", "II", "III", "IV", "V"]
    assert not any("no_number" in m.doubts for m in parsed.measures)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_dubna_roadmap_rows_become_measures_with_three_executor_levels(layout):
    spec = SEEDS["dubna"]
    parsed = read_program(build(spec, layout))
    assert parsed.kind == "roadmap"
    assert len(parsed.measures) == 26
    for expected, got in zip(spec["measures"], parsed.measures, strict=True):
        assert got.number == expected["number"]
        assert {k: norm(v) for k, v in got.assignments.items()} == {
            a["level"]: norm(a["text"]) for a in expected["assignments"]
        }
        # The document has no column of measures: the title is the first executor's first statement.
        assert got.title == first_sentence(expected["assignments"][0]["text"])
        assert (got.task, got.section) == (expected["task"] or "", expected["section"])
    levels = {level for m in parsed.measures for level in m.assignments}
    assert levels == {"authority", "methodological_service", "quality_assessment"}


def test_unnumbered_roadmap_rows_are_numbered_by_the_portal_and_flagged():
    parsed = read_program(build(SEEDS["dubna"], "classic"))
    assert parsed.numbers_assigned
    assert all("no_number" in m.doubts for m in parsed.measures)
    numbered = read_program(build(SEEDS["dubna"], "reordered"))
    assert not any("no_number" in m.doubts for m in numbered.measures)


def test_split_table_and_repeated_header_are_one_plan():
    # classic: the table is split in two by a page break, each half with its header and the row
    # of column numbers; reordered: the header row repeats inside the table every 20 rows.
    for layout in LAYOUTS:
        parsed = read_program(build(SEEDS["korolev"], layout))
        numbers = [m.number for m in parsed.measures]
        assert len(numbers) == len(set(numbers)) == 52
        assert not any(m.title in ("Мероприятия", "Наименование мероприятия") for m in parsed.measures)


def test_vertically_merged_cells_give_their_text_to_each_row_and_are_flagged():
    spec = SEEDS["dagogni"]
    parsed = read_program(build(spec, "reordered"))
    merged = [m for m in parsed.measures if "merged" in m.doubts]
    assert merged, "the layout merges equal neighbouring «Ответственные» cells"
    for m in merged:
        expected = next(e for e in spec["measures"] if e["number"] == m.number)
        assert norm(m.responsible) == norm(", ".join(expected["responsible"]))


def test_extra_columns_are_kept_aside_and_soft_breaks_read_as_lines():
    spec = SEEDS["korolev"]
    parsed = read_program(build(spec, "reordered"))
    assert parsed.measures[0].extra == {"Источник финансирования": "Без финансирования"}
    multi = next(e for e in spec["measures"] if "\n" in e["result"])
    got = next(m for m in parsed.measures if m.number == multi["number"])
    assert got.result.split("\n") == multi["result"].split("\n")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_passport_is_read(layout):
    spec = SEEDS["korolev"]
    parsed = read_program(build(spec, layout))
    assert norm(parsed.title) == norm(spec["title"])
    assert (parsed.period_start[:4], parsed.period_end[:4]) == ("2018", "2020")
    assert parsed.goals == spec["goals"]
    assert parsed.tasks == [(t["number"], t["text"]) for t in spec["tasks"]]
    assert parsed.legal_bases == spec["legal_bases"]
    assert parsed.executors == spec["executors"]
    assert (parsed.appendix_label, parsed.approval_number, parsed.approval_date) == (
        "Приложение 1",
        "722",
        "2018-06-20",
    )


def test_signed_approval_block_is_not_taken_for_the_title():
    spec = SEEDS["dagogni"]
    parsed = read_program(build(spec, "reordered"))  # no passport table: the title is a paragraph
    assert norm(parsed.title) == norm(spec["title"])
    assert parsed.signatory == spec["approval"]["signatory"]
    assert parsed.approved_by == spec["approval"]["approved_by"]


def test_unread_timing_is_flagged():
    parsed = read_program(build(SEEDS["korolev"], "classic"))
    flagged = {m.number for m in parsed.measures if "timing" in m.doubts}
    # «Январь 2019 года, сентябрь 2019 года и далее по мере необходимости»: the demo corrects it by hand.
    assert "5.5" in flagged


def test_list_items_keep_their_own_points():
    from programs.imports.passport import items

    text = "Школы смогут обеспечить стратегии:\n- по достижению результатов\n- по созданию среды\nВторой результат;"
    assert items(text) == [
        "Школы смогут обеспечить стратегии:\n- по достижению результатов\n- по созданию среды",
        "Второй результат",
    ]
    assert items("1. Первая;\n2. Вторая:\n- пункт\n3. Третья.", numbered=True) == [
        ("1", "Первая"),
        ("2", "Вторая:\n- пункт"),
        ("3", "Третья"),
    ]
