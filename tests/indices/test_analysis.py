"""indices.analysis: the one effective share, the stored checks, the risk rule's versions, the risk
group of a year with the assessments behind it, entering and leaving the group, and results
beside the municipality and the region (against pandas)."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pandas as pd
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from indices.analysis.selectors.results import results_overview
from indices.analysis.selectors.risk import describe_risk_rule, risk_changes, risk_rule_current, school_risk
from indices.analysis.selectors.shares import with_effective_share
from indices.analysis.services import risk_rule_save
from indices.models import AssessmentResult, RiskRule, ScoreScale, Subject
from tests.factories import MunicipalityFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def _result(school, year, procedure="ОГЭ", grade=9, subject="math", participants=20, **values):
    return AssessmentResult.objects.create(
        school=school,
        year=year,
        procedure=procedure,
        grade=grade,
        subject=Subject.objects.get(code=subject),
        participants=participants,
        **values,
    )


# --- data -----------------------------------------------------------------------------------------


def test_the_effective_share_rule(world):
    school = world.school_a
    _result(school, 2025, share_2=Decimal("12"))  # ОГЭ without the share: «2»
    _result(school, 2025, subject="russian", share_2=Decimal("12"), share_below_min=Decimal("3"))  # stored wins
    _result(school, 2025, procedure="ЕГЭ", grade=11, share_2=Decimal("40"))  # ЕГЭ without it: unknown
    _result(school, 2025, procedure="ЕГЭ", grade=11, subject="russian", share_below_min=Decimal("0"))
    for procedure, grade in (("ВПР", 5), ("РДР", 6), ("МДР", 7)):
        _result(school, 2025, procedure=procedure, grade=grade, share_2=Decimal("31.5"))
    got = {
        (r.procedure, r.subject.code): r.effective_share
        for r in with_effective_share().select_related("subject").filter(school=school)
    }
    assert got == {
        ("ОГЭ", "math"): Decimal("12"),
        ("ОГЭ", "russian"): Decimal("3"),
        ("ЕГЭ", "math"): None,
        ("ЕГЭ", "russian"): Decimal("0"),
        ("ВПР", "math"): Decimal("31.5"),
        ("РДР", "math"): Decimal("31.5"),
        ("МДР", "math"): Decimal("31.5"),
    }


def test_share_below_min_is_checked_by_the_model_and_the_database(world):
    result = AssessmentResult(
        school=world.school_a,
        year=2025,
        procedure="ОГЭ",
        grade=9,
        subject=Subject.objects.get(code="math"),
        participants=20,
        share_below_min=Decimal("120"),
    )
    with pytest.raises(ValidationError) as caught:
        result.full_clean()
    assert caught.value.message_dict["share_below_min"] == [
        "Доля не преодолевших минимальный порог должна быть от 0 до 100 %."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        result.save()


def test_ege_minimum_scores_are_shipped_and_checked():
    scale = ScoreScale.objects.get(procedure="ЕГЭ", subject__code="russian")
    assert (scale.min_score, scale.max_score) == (Decimal("24"), Decimal("100"))
    assert ScoreScale.objects.get(procedure="ЕГЭ", subject__code="math").min_score == Decimal("27")
    assert not ScoreScale.objects.filter(procedure="ОГЭ", min_score__isnull=False).exists()  # marks, not points
    scale.min_score = Decimal("101")
    with pytest.raises(IntegrityError), transaction.atomic():
        scale.save()


# --- the rule's versions ----------------------------------------------------------------------------


def test_version_1_has_the_defaults():
    rule = risk_rule_current()
    assert (rule.version, rule.share_threshold, rule.min_low_assessments, rule.consecutive_years) == (
        1,
        Decimal("30"),
        2,
        2,
    )
    assert rule.min_participants == 5 and rule.pk is not None
    assert describe_risk_rule(rule)[0] == ("Порог доли не преодолевших минимальный порог", "30\u00a0%")


def test_saving_makes_a_new_current_version_and_keeps_the_old(world):
    first = risk_rule_current()
    second = risk_rule_save(
        share_threshold="25,5", min_low_assessments=3, consecutive_years=3, min_participants=10, user=world.staff_a
    )
    assert (second.version, second.share_threshold, second.created_by) == (2, Decimal("25.50"), world.staff_a)
    assert list(RiskRule.objects.filter(is_current=True)) == [second]
    first.refresh_from_db()
    assert not first.is_current and first.share_threshold == Decimal("30")
    # the same parameters again change nothing
    same = risk_rule_save(
        share_threshold=Decimal("25.5"), min_low_assessments=3, consecutive_years=3, min_participants=10
    )
    assert same == second and RiskRule.objects.count() == 2


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"share_threshold": 0}, {"share_threshold"}),
        ({"share_threshold": "100,01"}, {"share_threshold"}),
        ({"share_threshold": "тридцать"}, {"share_threshold"}),
        ({"share_threshold": "0,001"}, {"share_threshold"}),  # rounds to 0,00
        ({"min_low_assessments": 0}, {"min_low_assessments"}),
        ({"consecutive_years": 1}, {"consecutive_years"}),
        ({"min_participants": 0, "consecutive_years": 0}, {"min_participants", "consecutive_years"}),
    ],
)
def test_nonsense_is_refused_in_russian_and_nothing_is_stored(values, fields):
    parameters = {"share_threshold": 30, "min_low_assessments": 2, "consecutive_years": 2, "min_participants": 5}
    with pytest.raises(ValidationError) as caught:
        risk_rule_save(**{**parameters, **values})
    assert set(caught.value.message_dict) == fields
    assert all("должно быть" in m or "должен быть" in m for ms in caught.value.message_dict.values() for m in ms)
    assert RiskRule.objects.count() == 1 and risk_rule_current().version == 1


def test_the_database_refuses_nonsense_too():
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskRule.objects.create(version=9, is_current=False, consecutive_years=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        RiskRule.objects.create(version=9, is_current=True)  # a second current version


# --- the risk group ---------------------------------------------------------------------------------


@pytest.fixture
def schools(world):
    """A-1: both in 2025; A-2: consecutive in 2025 (left in 2026); S-3: same_year in 2025; S-4:
    no data in 2025 (archived without results S-5 is not listed); B-1 is in another region."""
    s3 = SchoolFactory(municipality=world.mun_a, code="S-3")
    s4 = SchoolFactory(municipality=world.mun_a, code="S-4")
    SchoolFactory(municipality=world.mun_a, code="S-5", is_archived=True)
    a1, a2 = world.school_a, world.school_a2
    _result(a1, 2024, share_2=Decimal("30"))
    _result(a1, 2025, share_2=Decimal("45"))
    _result(a1, 2025, procedure="ВПР", grade=5, share_2=Decimal("35"))
    _result(a2, 2024, procedure="ЕГЭ", grade=11, subject="russian", share_below_min=Decimal("31"))
    _result(a2, 2025, procedure="ЕГЭ", grade=11, subject="russian", share_below_min=Decimal("31"))
    _result(a2, 2025, procedure="ЕГЭ", grade=11, share_2=None)  # unknown: does not count
    _result(a2, 2026, procedure="ЕГЭ", grade=11, subject="russian", share_below_min=Decimal("5"))
    _result(s3, 2025, share_2=Decimal("50"))
    _result(s3, 2025, subject="russian", share_2=Decimal("50"))
    _result(s3, 2025, procedure="МДР", grade=7, participants=4, share_2=Decimal("90"))  # too few
    _result(s4, 2024, share_2=Decimal("80"))
    _result(world.school_b, 2025, share_2=Decimal("80"))
    _result(world.school_b, 2025, subject="russian", share_2=Decimal("80"))
    return {"A-1": a1, "A-2": a2, "S-3": s3, "S-4": s4}


def test_the_risk_group_of_a_year_with_the_assessments_behind_it(world, schools):
    with CaptureQueriesContext(connection) as captured:
        table = school_risk(years=[2025], region_id=world.region.pk)
    assert len(captured.captured_queries) == 3  # the rule, the schools, the rows
    got = {r.school_code: (r.assessments, r.low_assessments, r.risk_group, r.reason) for r in table.rows}
    assert got == {
        "A-1": (2, 2, True, "both"),
        "A-2": (1, 1, True, "consecutive"),
        "S-3": (2, 2, True, "same_year"),
        "S-4": (0, 0, None, "no_data"),
    }
    a1 = next(r for r in table.rows if r.school_code == "A-1")
    assert [(a.procedure, a.subject_code, a.share_below_min, a.consecutive) for a in a1.low] == [
        ("ВПР", "math", Decimal("35"), False),
        ("ОГЭ", "math", Decimal("45"), True),
    ]
    a2 = next(r for r in table.rows if r.school_code == "A-2")
    assert [(a.subject_code, a.counts, a.low) for a in a2.lines] == [("math", False, False), ("russian", True, True)]
    assert a1.reason_title == "по обоим основаниям"
    assert table.years_with_results == {2025}
    assert table.counts() == {2025: {"both": 1, "consecutive": 1, "same_year": 1, "no_data": 1}}
    municipal = school_risk(years=[2025], region_id=world.region.pk, school_ids=[schools["S-3"].pk])
    assert [r.school_code for r in municipal.rows] == ["S-3"]


def test_a_changed_rule_changes_the_group(world, schools):
    rule = risk_rule_save(share_threshold=46, min_low_assessments=1, consecutive_years=2, min_participants=4)
    got = {r.school_code: r.reason for r in school_risk(years=[2025], region_id=world.region.pk).rows}
    assert got == {"A-1": None, "A-2": None, "S-3": "same_year", "S-4": "no_data"}
    assert rule.is_current


def test_entering_and_leaving(world, schools):
    changes = risk_changes(year=2025, region_id=world.region.pk)
    assert sorted(r.school_code for r in changes.entered) == ["A-1", "A-2", "S-3"]
    assert changes.left == changes.stayed == changes.unknown == ()
    later = risk_changes(year=2026, region_id=world.region.pk)
    assert [r.school_code for r in later.left] == ["A-2"]
    assert sorted(r.school_code for r in later.unknown) == ["A-1", "S-3"]  # no data in 2026
    assert later.entered == later.stayed == ()


# --- results as data --------------------------------------------------------------------------------


def test_results_beside_the_municipality_and_the_region_agree_with_pandas(world):
    other = MunicipalityFactory(region=world.region, code="c", name="Город В")
    rng = np.random.default_rng(8)
    schools = [SchoolFactory(municipality=world.mun_a if i % 3 else other, code=f"T-{i:02d}") for i in range(12)]
    rows = []
    for school in schools:
        for year in (2023, 2024, 2025):
            if rng.random() < 0.2:
                continue
            participants = int(rng.integers(0, 40))
            mean = None if participants == 0 else Decimal(str(round(float(rng.uniform(5, 30)), 2)))
            share_2 = None if participants == 0 else Decimal(str(int(rng.integers(0, 40))))
            marks = {}
            if share_2 is not None:
                marks = {"share_2": share_2, "share_3": 100 - share_2 - 30, "share_4": Decimal(20), "share_5": 10}
            _result(school, year, participants=participants, mean_score=mean, **marks)
            rows.append(
                {
                    "school": school.code,
                    "mun": school.municipality_id,
                    "year": year,
                    "n": participants,
                    "mean": float(mean) if mean is not None else np.nan,
                    "share": float(share_2) if share_2 is not None else np.nan,
                }
            )
    frame = pd.DataFrame(rows)
    with CaptureQueriesContext(connection) as captured:
        overview = results_overview(region_id=world.region.pk, years=[2023, 2024, 2025], procedure="ОГЭ", grade=9)
    assert len(captured.captured_queries) == 3

    def weighted(part, column):
        part = part[(part["n"] > 0) & part[column].notna()]
        return pytest.approx(np.average(part[column], weights=part["n"])) if len(part) else None

    for line in overview.lines:
        mine = frame[(frame["mun"] == line.municipality_id) & (frame["year"] == line.year)]
        region = frame[frame["year"] == line.year]
        assert line.municipality_mean == weighted(mine, "mean")
        assert line.region_mean == weighted(region, "mean")
        assert line.region_share_below_min == weighted(region, "share")
        if line.mean_score is not None:
            assert line.vs_region == pytest.approx(line.mean_score - line.region_mean)
        series = frame[(frame["school"] == line.school_code) & frame["mean"].notna()]
        if len(series) >= 2:
            assert line.mean_slope == pytest.approx(np.polyfit(series["year"] - 2020, series["mean"], 1)[0])
        previous = series[series["year"] == line.year - 1]
        if line.mean_score is not None and len(previous):
            assert line.mean_change == pytest.approx(line.mean_score - previous["mean"].iloc[0])
        else:
            assert line.mean_change is None
    assert len(overview.lines) == len(frame)
    region_levels = [lv for lv in overview.levels if lv.level == "region"]
    assert [lv.year for lv in region_levels] == [2023, 2024, 2025]
    assert region_levels[0].name == "Тестовая область" and region_levels[0].subject_name == "Математика"
    first = frame[frame["year"] == 2023]
    assert region_levels[0].participants == first["n"].sum() and region_levels[0].schools == len(first)
    assert region_levels[0].marks[0] == weighted(first, "share")
    only = results_overview(region_id=world.region.pk, years=[2025], municipality_id=other.pk)
    assert {line.municipality_id for line in only.lines} == {other.pk}
    assert {lv.level_id for lv in only.levels if lv.level == "municipality"} == {world.mun_a.pk, other.pk}


@pytest.mark.parametrize(
    ("reason", "min_low", "years", "words"),
    [
        ("same_year", 2, 2, "два и более низких результата в одном году"),
        ("same_year", 3, 2, "3 и более низких результата в одном году"),
        ("same_year", 5, 2, "5 и более низких результатов в одном году"),
        ("consecutive", 2, 2, "низкий результат по одной и той же процедуре два года подряд"),
        ("consecutive", 2, 3, "низкий результат по одной и той же процедуре 3 года подряд"),
        ("consecutive", 2, 5, "низкий результат по одной и той же процедуре 5 лет подряд"),
        ("both", 4, 4, "по обоим основаниям"),
    ],
)
def test_the_reason_is_told_with_the_rules_own_numbers(reason, min_low, years, words):
    from indices.analysis.selectors.risk import reason_title

    assert reason_title(reason, min_low=min_low, consecutive_years=years) == words
