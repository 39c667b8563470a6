"""The migrations that brought target sets (monitoring 0004–0005, programs 0008–0010): every program
gets its set, every target and data collection — and their history — moves from the bare program
id to it, and an id of no program keeps a set of its own titled «Программа № N». Going back
writes the ids back. Runs on SQLite and on PostgreSQL (`make test`)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("monitoring", "0003_report_jobs"), ("programs", "0007_program_assumed_terms")]
AFTER = [("monitoring", "0005_target_set_required"), ("programs", "0010_program_target_set_required")]
LONG_TITLE = "Муниципальная программа " + "поддержки школ с низкими результатами " * 20


def _old_rows(apps, world) -> dict:
    Program = apps.get_model("programs", "Program")
    Indicator = apps.get_model("monitoring", "Indicator")
    Period = apps.get_model("monitoring", "Period")
    Target = apps.get_model("monitoring", "Target")
    HistoricalTarget = apps.get_model("monitoring", "HistoricalTarget")
    Collection = apps.get_model("monitoring", "Collection")

    def program(municipality, title, short_title=""):
        return Program.objects.create(
            municipality_id=municipality.pk,
            title=title,
            short_title=short_title,
            period_start=date(2024, 1, 1),
            period_end=date(2026, 12, 31),
        )

    a = program(world.mun_a, "Программа повышения качества образования", "Программа А")
    b = program(world.mun_b, LONG_TITLE)
    empty = program(world.mun_a, "Программа без показателей")
    indicator = Indicator.objects.create(code="m_trained", name="Педагоги, прошедшие обучение", unit="count")
    period = Period.objects.create(kind="year", year=2025, quarter=0, start=date(2025, 1, 1), end=date(2025, 12, 31))

    def target(program_id, **subject):
        return Target.objects.create(
            program_id=program_id, indicator=indicator, baseline_value=Decimal("10"), planned={"2025": 20}, **subject
        )

    rows = {
        "a": a,
        "b": b,
        "empty": empty,
        "a_school": target(a.pk, school_id=world.school_a.pk),
        "a_municipal": target(a.pk, municipality_id=world.mun_a.pk),
        "b_school": target(b.pk, school_id=world.school_b.pk),
        "orphan_school": target(999_001, school_id=world.school_a2.pk),
        "orphan_municipal": target(999_002, municipality_id=world.mun_b.pk),
    }
    HistoricalTarget.objects.create(
        id=rows["a_school"].pk,
        program_id=a.pk,
        indicator_id=indicator.pk,
        school_id=world.school_a.pk,
        planned={"2025": 15},
        version=1,
        history_date=timezone.now(),
        history_type="+",
    )
    HistoricalTarget.objects.create(  # a target of program B deleted long ago: history only
        id=rows["b_school"].pk + 100,
        program_id=b.pk,
        indicator_id=indicator.pk,
        school_id=world.school_b.pk,
        planned={"2025": 30},
        version=1,
        history_date=timezone.now(),
        history_type="-",
    )

    def collection(program_id, municipality, title):
        return Collection.objects.create(
            municipality_id=municipality.pk,
            program_id=program_id,
            title=title,
            period=period,
            deadline=date(2025, 12, 1),
            created_by_id=world.staff_a.pk,
        )

    rows["a_collection"] = collection(a.pk, world.mun_a, "Сбор по программе А")
    rows["own_collection"] = collection(None, world.mun_a, "Сбор комитета")
    rows["orphan_collection"] = collection(999_003, world.mun_b, "Сбор по исчезнувшей программе")
    return rows


def test_every_row_is_carried_over_to_target_sets_and_back(world, migrator):
    old = migrator(BEFORE)
    rows = _old_rows(old, world)

    new = migrator(AFTER)
    Program = new.get_model("programs", "Program")
    TargetSet = new.get_model("monitoring", "TargetSet")
    Target = new.get_model("monitoring", "Target")
    HistoricalTarget = new.get_model("monitoring", "HistoricalTarget")
    Collection = new.get_model("monitoring", "Collection")

    a, b, empty = (Program.objects.select_related("target_set").get(pk=rows[k].pk) for k in ("a", "b", "empty"))
    assert (a.target_set.title, a.target_set.municipality_id) == ("Программа А", world.mun_a.pk)
    assert b.target_set.municipality_id == world.mun_b.pk
    assert len(b.target_set.title) == 500 and b.target_set.title.endswith("…")
    assert LONG_TITLE.startswith(b.target_set.title[:-1].rstrip())
    assert empty.target_set.title == "Программа без показателей"  # every program gets one

    def set_of(key):
        return Target.objects.get(pk=rows[key].pk).target_set

    assert set_of("a_school") == set_of("a_municipal") == a.target_set
    assert set_of("b_school") == b.target_set
    orphan = set_of("orphan_school")
    assert (orphan.title, orphan.municipality_id) == ("Программа № 999001", world.mun_a.pk)
    assert not Program.objects.filter(target_set=orphan).exists()
    municipal_orphan = set_of("orphan_municipal")
    assert (municipal_orphan.title, municipal_orphan.municipality_id) == ("Программа № 999002", world.mun_b.pk)
    target = Target.objects.get(pk=rows["a_municipal"].pk)
    assert (target.municipality_id, target.baseline_value, target.planned) == (
        world.mun_a.pk,
        Decimal("10"),
        {"2025": 20},
    )

    history = dict(HistoricalTarget.objects.values_list("id", "target_set_id"))
    assert history == {rows["a_school"].pk: a.target_set_id, rows["b_school"].pk + 100: b.target_set_id}

    def collection_set(key):
        return Collection.objects.get(pk=rows[key].pk).target_set_id

    assert collection_set("a_collection") == a.target_set_id
    assert collection_set("own_collection") is None
    orphan_collection = TargetSet.objects.get(pk=collection_set("orphan_collection"))
    assert (orphan_collection.title, orphan_collection.municipality_id) == ("Программа № 999003", world.mun_b.pk)
    assert TargetSet.objects.count() == 3 + 3  # three programs, three ids of no program
    assert Target.objects.count() == 5 and Collection.objects.count() == 3

    back = migrator(BEFORE)
    Target = back.get_model("monitoring", "Target")
    HistoricalTarget = back.get_model("monitoring", "HistoricalTarget")
    Collection = back.get_model("monitoring", "Collection")
    assert dict(Target.objects.values_list("pk", "program_id")) == {
        rows["a_school"].pk: a.pk,
        rows["a_municipal"].pk: a.pk,
        rows["b_school"].pk: b.pk,
        rows["orphan_school"].pk: 999_001,
        rows["orphan_municipal"].pk: 999_002,
    }
    assert dict(HistoricalTarget.objects.values_list("id", "program_id")) == {
        rows["a_school"].pk: a.pk,
        rows["b_school"].pk + 100: b.pk,
    }
    assert dict(Collection.objects.values_list("pk", "program_id")) == {
        rows["a_collection"].pk: a.pk,
        rows["own_collection"].pk: None,
        rows["orphan_collection"].pk: 999_003,
    }
