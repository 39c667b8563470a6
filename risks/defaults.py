"""The federal «500+» list of risk factors: the catalogue's first version, shipped as data.

The ten factors of the federal project of targeted methodological help; their rules read the
questionnaires of the director, teachers, students and parents and the school's own data.
Thresholds are a starting point the region edits (a new version of the catalogue)."""

from __future__ import annotations

from decimal import Decimal

from .rules import HIGHER, LOWER, Derived, FactorSpec

NOTE = "Федеральный перечень факторов риска проекта адресной методической помощи («500+»)."

DERIVED: tuple[Derived, ...] = (
    Derived("vacancy_share", "Доля незакрытых вакансий", "vacancies / (teachers + vacancies) * 100", "%"),
    Derived("disabilities_share", "Доля обучающихся с ОВЗ", "disabilities / students * 100", "%"),
    Derived(
        "non_native_share",
        "Доля обучающихся, для которых русский язык не родной",
        "non_native / context_total * 100",
        "%",
    ),
    Derived(
        "competence_gap",
        "Доля педагогов с частыми предметными и методическими затруднениями",
        "(teachers_assess_difficulty + teachers_exam_difficulty) / 2",
        "%",
    ),
)


def _f(code: str, title: str, rule: str, direction: str, low: str, medium: str, high: str, unit: str) -> FactorSpec:
    return FactorSpec(code, title, rule, direction, Decimal(low), Decimal(medium), Decimal(high), unit)


FACTORS: tuple[FactorSpec, ...] = (
    _f("equipment", "Низкий уровень оснащения школы", "director_equipment", LOWER, "3.5", "2.5", "1.5", "балл"),
    _f("staff_shortage", "Дефицит педагогических кадров", "vacancy_share", HIGHER, "3", "7", "12", "%"),
    _f(
        "competence",
        "Недостаточная предметная и методическая компетентность педагогических работников",
        "competence_gap",
        HIGHER,
        "15",
        "25",
        "40",
        "%",
    ),
    _f("disabilities", "Высокая доля обучающихся с ОВЗ", "disabilities_share", HIGHER, "5", "10", "15", "%"),
    _f(
        "language",
        "Низкое качество преодоления языковых и культурных барьеров",
        "(non_native_share + students_language_help) / 2",
        HIGHER,
        "5",
        "10",
        "20",
        "%",
    ),
    _f(
        "pd_system",
        "Несформированность внутришкольной системы повышения квалификации",
        "trained_share * (1 + director_pd_plan) / 2",
        LOWER,
        "50",
        "35",
        "20",
        "%",
    ),
    _f("motivation", "Низкая учебная мотивация обучающихся", "students_unmotivated", HIGHER, "20", "35", "50", "%"),
    _f(
        "environment",
        "Пониженный уровень качества школьной образовательной и воспитательной среды",
        "(students_unsafe + parents_dissatisfied + teachers_support_low) / 3",
        HIGHER,
        "15",
        "25",
        "40",
        "%",
    ),
    _f(
        "academic_failure",
        "Высокая доля обучающихся с рисками учебной неуспешности",
        "teachers_low_achievers + 20 * risk_group",
        HIGHER,
        "20",
        "35",
        "50",
        "%",
    ),
    _f("parents", "Низкая вовлечённость родителей", "parents_rare_meetings", HIGHER, "20", "35", "50", "%"),
)
