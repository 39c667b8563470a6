"""The two import kinds of the indices app, registered with the generic import registry.

Column titles are the file format (docs/indices.md, «Data in»): they stay in
Russian whatever the interface language; help texts, titles and descriptions go through gettext.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# The schools app's kinds first, so that the import page lists the registry and the context
# before the results that refer to them.
from schools.imports import kinds as schools_kinds
from schools.imports.registry import CellKind, Column, ImportKind, register

from ..models import Procedure
from .groups import MAX_GROUP, MIN_GROUP, GroupsResource
from .results import MAX_GRADE, MIN_GRADE, ResultResource

SCHOOL_CODE = Column(
    "school_code",
    "Код ОО",
    required=True,
    aliases=schools_kinds.CODE_ALIASES,
    width=14,
    help=_("код ОО школы, которая уже есть в портале"),
)
SCHOOL_NAME = Column(
    "school_name",
    "Наименование ОО",
    aliases=("краткое наименование", "школа", "наименование"),
    width=30,
    help=_("для справки, не загружается"),
)
YEAR = Column(
    "year",
    "Учебный год",
    kind=CellKind.YEAR,
    required=True,
    aliases=("год",),
    width=12,
    help=_("2023/2024, 2023-2024 или 2024 (год окончания)"),
)


def _share_column(mark: str, word: str) -> Column:
    return Column(
        f"share_{mark}",
        f"Доля «{mark}», %",
        kind=CellKind.NUMBER,
        aliases=(
            f"Доля «{mark}»",
            f'Доля "{mark}", %',
            f'Доля "{mark}"',
            f"Доля {mark}, %",
            f"Доля {mark}",
            f"% «{mark}»",
            f"Доля {word}, %",
            f"Доля {word}",
        ),
        width=11,
        help=_("процент от 0 до 100, может быть пустым; четыре доли вместе дают 100 (± 0,5)"),
    )


RESULT_COLUMNS = (
    SCHOOL_CODE,
    SCHOOL_NAME,
    YEAR,
    Column(
        "procedure",
        "Процедура",
        required=True,
        aliases=("оценочная процедура", "вид процедуры", "процедура оценки", "экзамен"),
        choices=tuple(Procedure.values),
        width=12,
        help=_("ОГЭ, ЕГЭ, ВПР, РДР или МДР"),
    ),
    Column(
        "grade",
        "Класс",
        kind=CellKind.NUMBER,
        required=True,
        aliases=("параллель",),
        choices=tuple(str(g) for g in range(MIN_GRADE, MAX_GRADE + 1)),
        width=8,
        help=_("целое число от 4 до 11"),
    ),
    Column(
        "subject",
        "Предмет",
        required=True,
        aliases=("учебный предмет", "наименование предмета"),
        width=24,
        help=_("как в справочнике портала: Математика, Русский язык, … (допускаются другие написания справочника)"),
    ),
    Column(
        "participants",
        "Участников",
        kind=CellKind.NUMBER,
        required=True,
        aliases=("количество участников", "число участников", "кол-во участников", "участники"),
        width=12,
        help=_("целое число ≥ 0"),
    ),
    Column(
        "mean_score",
        "Средний балл",
        kind=CellKind.NUMBER,
        required=True,
        aliases=("средний первичный балл", "ср. балл", "средний балл ОО"),
        width=12,
        help=_("число ≥ 0, не больше максимального балла предмета; пусто, если участников 0"),
    ),
    Column(
        "sd",
        "Стандартное отклонение",
        kind=CellKind.NUMBER,
        aliases=("ст. отклонение", "СКО", "среднеквадратичное отклонение", "стандартное отклонение балла"),
        width=14,
        help=_("число ≥ 0, может быть пустым"),
    ),
    _share_column("2", "двоек"),
    _share_column("3", "троек"),
    _share_column("4", "четвёрок"),
    _share_column("5", "пятёрок"),
    Column(
        "share_below_min",
        "Доля не преодолевших минимальный порог, %",
        kind=CellKind.NUMBER,
        aliases=(
            "Доля не преодолевших минимальный порог",
            "Доля не преодолевших минимальный балл, %",
            "Доля не преодолевших минимальный балл",
            "Доля ниже минимального порога, %",
            "Не преодолели минимальный порог, %",
            "% не преодолевших минимальный порог",
        ),
        width=16,
        help=_(
            "процент от 0 до 100, может быть пустым: тогда для ОГЭ, ВПР, РДР и МДР берётся доля «2», "
            "а для ЕГЭ доля неизвестна"
        ),
    ),
)


def _group_column(key: str, title: str, aliases: tuple[str, ...]) -> Column:
    return Column(
        key,
        title,
        kind=CellKind.NUMBER,
        required=True,
        aliases=aliases,
        choices=tuple(str(g) for g in range(MIN_GROUP, MAX_GROUP + 1)),
        width=14,
        help=_("целое число от 1 до 11; пусто — группа не определена"),
    )


GROUP_COLUMNS = (
    SCHOOL_CODE,
    SCHOOL_NAME,
    YEAR,
    _group_column("quality_group", "Группа качества", ("группа по индексу качества", "группа по качеству")),
    _group_column("wellbeing_group", "Группа ИСБШ", ("группа по ИСБШ", "группа социального благополучия")),
    Column(
        "source",
        "Источник",
        aliases=("источник данных", "организация"),
        width=40,
        help=_("кто опубликовал группы (до 200 символов); может быть пустым"),
    ),
)

RESULTS = register(
    ImportKind(
        key="results",
        title=_("Результаты оценочных процедур"),
        sheet_title="Результаты",
        description=_(
            "Одна строка — результаты школы за учебный год по одной процедуре (ОГЭ, ЕГЭ, ВПР, РДР, МДР), "
            "классу и предмету: число участников, средний балл, стандартное отклонение и доли отметок. "
            "Найденные строки обновляются, новые добавляются."
        ),
        columns=RESULT_COLUMNS,
        resource_class=ResultResource,
    )
)

GROUPS = register(
    ImportKind(
        key="groups",
        title=_("Группы школ от регионального института"),
        sheet_title="Группы",
        description=_(
            "Одна строка — школа за учебный год: группа качества и группа ИСБШ (от 1 до 11), "
            "опубликованные региональным институтом. Хранятся рядом с расчётом портала для сравнения."
        ),
        columns=GROUP_COLUMNS,
        resource_class=GroupsResource,
    )
)
