"""The two import kinds of the schools app: the registry («Школы») and context data («Контекст»).

Column titles are the file format (docs/indices.md, «Data in»), not interface text: they stay in
Russian whatever the interface language, so they are plain strings; help texts, titles and
descriptions are interface text and go through gettext.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..models import CONTEXT_FACTORS, School
from .context_resource import ContextResource
from .registry import CellKind, Column, ImportKind, register
from .school_resource import SchoolResource

CODE_ALIASES = ("код образовательной организации", "код школы")

SCHOOL_COLUMNS = (
    Column(
        "code",
        "Код ОО",
        required=True,
        aliases=(*CODE_ALIASES, "код"),
        width=14,
        help=_("текст; уникален в пределах региона"),
    ),
    Column(
        "name",
        "Полное наименование",
        required=True,
        width=60,
        aliases=("полное наименование ОО", "наименование ОО", "наименование"),
        help=_("текст"),
    ),
    Column(
        "short_name",
        "Краткое наименование",
        required=True,
        width=30,
        aliases=("краткое наименование ОО", "сокращенное наименование"),
        help=_("текст"),
    ),
    Column(
        "type",
        "Тип",
        required=True,
        aliases=("тип ОО", "вид ОО"),
        choices=tuple(School.Type.values),
        help=_("НОШ, ООШ, СОШ, гимназия, лицей, школа-интернат, центр образования, другое"),
    ),
    Column(
        "region",
        "Регион",
        required=True,
        aliases=("субъект РФ", "субъект"),
        width=30,
        help=_("наименование региона, как в портале"),
    ),
    Column(
        "municipality",
        "Муниципалитет",
        required=True,
        width=30,
        aliases=("муниципальное образование", "муниципальный район", "муниципальный округ"),
        help=_("наименование муниципалитета, как в портале"),
    ),
    Column("settlement", "Населённый пункт", width=20, help=_("текст, может быть пустым")),
    Column(
        "locality",
        "Городская/сельская",
        required=True,
        choices=("городская", "сельская"),
        aliases=("городская или сельская", "местность", "тип местности"),
        help=_("городская или сельская"),
    ),
    Column("small_class", "Малокомплектная", choices=("да", "нет"), help=_("да, нет или пусто")),
    Column("remote", "Удалённая", choices=("да", "нет"), help=_("да, нет или пусто")),
    Column("address", "Адрес", width=40, help=_("текст, может быть пустым")),
    Column(
        "director",
        "Директор",
        aliases=("ФИО директора", "руководитель"),
        width=30,
        help=_("текст, может быть пустым"),
    ),
)

CONTEXT_COLUMNS = (
    Column(
        "school_code",
        "Код ОО",
        required=True,
        aliases=CODE_ALIASES,
        width=14,
        help=_("код ОО школы, которая уже есть в портале"),
    ),
    Column(
        "school_name",
        "Наименование ОО",
        aliases=("краткое наименование", "школа"),
        width=30,
        help=_("для справки, не загружается"),
    ),
    Column(
        "year",
        "Учебный год",
        kind=CellKind.YEAR,
        required=True,
        aliases=("год",),
        width=12,
        help=_("2023/2024, 2023-2024 или 2024 (год окончания)"),
    ),
    Column(
        "total",
        "Обучающихся всего",
        kind=CellKind.NUMBER,
        required=True,
        aliases=("всего обучающихся", "численность обучающихся", "контингент"),
        help=_("целое число ≥ 0"),
    ),
    *(
        Column(
            key,
            title,
            kind=CellKind.NUMBER,
            width=20,
            help=_("целое число от 0 до «Обучающихся всего»; пусто — неизвестно"),
        )
        for key, title in CONTEXT_FACTORS
    ),
)

SCHOOLS = register(
    ImportKind(
        key="schools",
        title=_("Реестр школ"),
        sheet_title="Школы",
        description=_(
            "Одна строка — одна школа. Школа узнаётся по региону и коду ОО: новые добавляются, найденные обновляются."
        ),
        columns=SCHOOL_COLUMNS,
        resource_class=SchoolResource,
        supports_create_missing=True,
    )
)

CONTEXT = register(
    ImportKind(
        key="context",
        title=_("Контекстные данные школ"),
        sheet_title="Контекст",
        description=_(
            "Одна строка — школа за учебный год: численность обучающихся и число "
            "обучающихся по каждому контекстному фактору (только числа, без "
            "персональных данных)."
        ),
        columns=CONTEXT_COLUMNS,
        resource_class=ContextResource,
    )
)
