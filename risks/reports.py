"""Reports: the school's risk profile (PDF) and the municipal risk table (XLSX, PDF)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from reporting import pdf, xlsx
from reporting.document import INT, Column, Document, Fields, Table, Text, generated_meta
from reporting.registry import ReportError, ReportKind, register
from schools.formats import format_number
from schools.models import Municipality
from schools.years import academic_year_label

from .forms import YEAR_MAX, YEAR_MIN
from .models import RiskProfile
from .rules import LEVEL_LABELS
from .selectors import profiles as sel
from .services.catalogue import catalogue_current

LEVEL_ORDER = ("high", "medium", "low", "none", "no_data")


def _load_profile(pk: int | None) -> RiskProfile:
    return sel.profile_queryset().get(pk=pk)


def profile_generate(profile: RiskProfile, *, params: Mapping[str, Any], user: Any, progress: Any) -> Document:
    rows = sel.profile_rows(profile)
    summary = sel.profile_summary(profile)
    school = profile.school
    sections: list[Any] = [
        Fields(
            "Сводка",
            [
                ("Школа", school.name),
                ("Муниципалитет", school.municipality.name),
                ("Учебный год", academic_year_label(profile.year)),
                ("Версия каталога факторов", str(profile.catalogue.number)),
                ("Выявлено факторов риска", format_number(summary["found"], 0)),
                ("Подтверждено школой", format_number(summary["confirmed"], 0)),
                ("Антирисковых программ", format_number(summary["programs"], 0)),
            ],
        ),
        Table(
            "Факторы риска",
            [
                Column("Фактор риска", width=40),
                Column("Уровень", width=12),
                Column("Решение школы", width=16),
                Column("Обоснование", width=30),
                Column("Куратор", width=24),
                Column("Антирисковая программа", width=24),
            ],
            [
                (
                    r.item.factor.title,
                    r.level_label,
                    r.item.get_decision_display(),
                    r.item.reason,
                    " ".join(
                        filter(None, [r.item.get_verdict_display() if r.item.verdict else "", r.item.curator_comment])
                    ),
                    f"{r.program.title} ({r.program.get_status_display()})" if r.program else "",
                )
                for r in rows
            ],
            wide=True,
        ),
    ]
    for r in rows:
        sections.append(Text(f"Почему: {r.item.factor.title} — {r.level_label}", r.explanation, level=3))
    sections.append(
        Table(
            "Ход работы с профилем",
            [
                Column("Когда", width=16),
                Column("Кто", width=20),
                Column("Действие", width=20),
                Column("Подробности", width=50),
            ],
            [
                (
                    timezone.localtime(e.at).strftime("%d.%m.%Y %H:%M"),
                    e.by.display_name if e.by else "система",
                    e.action,
                    e.text,
                )
                for e in profile.events.all()
            ],
        )
    )
    return Document(
        title=f"Профиль рисков школы: {school.short_name}",
        subtitle=academic_year_label(profile.year),
        filename=f"risk-profile-{school.pk}-{profile.year}",
        sections=sections,
        meta=generated_meta(user),
        short_title="Профиль рисков",
    )


def _year_params(obj: Any, raw: Mapping[str, Any]) -> dict[str, Any]:
    year = str(raw.get("year") or "").strip()
    if not year:
        return {"year": sel.default_year()}
    if not year.isdigit() or not YEAR_MIN <= int(year) <= YEAR_MAX:
        raise ReportError("Учебный год указан неверно.")
    return {"year": int(year)}


def table_generate(municipality: Municipality, *, params: Mapping[str, Any], user: Any, progress: Any) -> Document:
    table = sel.municipal_table(municipality=municipality, year=params["year"], catalogue=catalogue_current())
    columns = [Column("Школа", width=30)] + [Column(f.title, width=18) for f in table.factors]
    rows = [
        (
            row.school.short_name,
            *[(f"{c.label}, {c.decision}" if c.decision else c.label) if c else "не рассчитан" for c in row.cells],
        )
        for row in table.rows
    ]
    count_columns = [Column("Фактор риска", width=40)] + [Column(LEVEL_LABELS[lv], INT, width=12) for lv in LEVEL_ORDER]
    count_columns.append(Column("подтверждён школой", INT, width=14))
    counts = [
        (f.title, *[c.get(lv, 0) for lv in LEVEL_ORDER], c.get("confirmed", 0))
        for f, c in zip(table.factors, table.counts, strict=True)
    ]
    return Document(
        title=f"Факторы риска школ: {municipality.name}",
        subtitle=academic_year_label(table.year),
        filename=f"risk-table-{municipality.pk}-{table.year}",
        sections=[
            Table("Школы и факторы риска", columns, rows, sheet="Школы", wide=True),
            Table("Число школ по уровням риска", count_columns, counts, sheet="Итоги", wide=True),
        ],
        meta=generated_meta(user),
        short_title="Факторы риска школ",
    )


register(
    ReportKind(
        key="risk_profile",
        title=_lazy("Профиль рисков школы"),
        allowed=lambda user, profile: user.has_perm("risks.view_profile", profile),
        load=_load_profile,
        generate=profile_generate,
        renderers={"pdf": pdf.render},
        describe=lambda profile, params: (
            f"Профиль рисков: {profile.school.short_name}, {academic_year_label(profile.year)}"
        ),
    )
)
register(
    ReportKind(
        key="risk_table",
        title=_lazy("Факторы риска школ муниципалитета"),
        allowed=lambda user, municipality: user.has_perm("risks.view_table", municipality),
        load=lambda pk: Municipality.objects.select_related("region").get(pk=pk),
        generate=table_generate,
        renderers={"xlsx": xlsx.render, "pdf": pdf.render},
        describe=lambda m, params: f"Факторы риска школ: {m.name}, {academic_year_label(params['year'])}",
        param_names=("year",),
        clean_params=_year_params,
    )
)
