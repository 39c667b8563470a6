"""The indices' report kind ``identification`` (PDF, XLSX): a finished run — its methodology, the
regression summary, the quality × ИСБШ scatter, categories and groups per municipality, and every
school by category. Registered into reporting on IndicesConfig.ready(); like the
dashboards (indices/dashboard.py) this module plugs into reporting's generic machinery.

A regional run holds other municipalities' schools: the requester's report holds only the rows
selectors.run_results lets them see (the operator's — no requester — holds all).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from reporting import pdf, xlsx
from reporting.charts import chart_svg
from reporting.document import INT, NUMBER, Column, Document, Fields, Figure, Group, Table, long_date
from reporting.registry import ReportError, ReportKind, register
from schools.formats import format_number
from schools.models import CONTEXT_FACTORS, Municipality, School, User
from schools.years import format_academic_year

from .charts import scatter_spec
from .methodology import describe_methodology
from .models import Run, SchoolResult, Subject
from .selectors import CATEGORY_ORDER, run_results, school_timeline

CATEGORY_LABELS = dict(SchoolResult.Category.choices)
FACTOR_TITLES = dict(CONTEXT_FACTORS)


def _load(pk: int | None) -> Run:
    return Run.objects.select_related("methodology", "region", "municipality").get(pk=pk)


def _params(run: Run, raw: Mapping[str, Any]) -> dict[str, Any]:
    if run.status != Run.Status.DONE:
        raise ReportError(_("Расчёт ещё не завершён: отчёт можно заказать, когда он будет готов."))
    municipality = str(raw.get("municipality") or "").strip()
    if not municipality:
        return {}
    if (
        not municipality.isdigit()
        or not Municipality.objects.filter(pk=int(municipality), region=run.region_id).exists()
    ):
        raise ReportError(_("Муниципалитет не входит в регион расчёта."))
    return {"municipality": int(municipality)}


def _results(run: Run, user, municipality_id: int | None) -> list[SchoolResult]:
    if user is not None:
        return list(run_results(run=run, user=user, municipality_id=municipality_id))
    qs = SchoolResult.objects.filter(run=run).select_related("school", "school__municipality")
    if municipality_id:
        qs = qs.filter(school__municipality_id=municipality_id)
    return list(qs.order_by("school__municipality__name", "school__short_name"))


def _marks(r: SchoolResult) -> str:
    marks = [
        text
        for flag, text in (
            (r.significantly_below, _("значимо ниже среднего")),
            (r.stably_low, _("устойчиво низкие результаты")),
            (r.pilot, _("пилотная площадка")),
        )
        if flag
    ]
    return "; ".join(marks + ([r.missing_reason] if r.missing_reason else []))


def _methodology(run: Run) -> Fields:
    return Fields(
        _("Методика"),
        [
            (
                _("Методика"),
                _("%(name)s (версия %(v)s)") % {"name": run.methodology.name, "v": run.methodology.version},
            ),
            *describe_methodology(run.methodology_frozen),
            (_("Отпечаток входных данных"), run.input_fingerprint),
        ],
    )


def identification_generate(run: Run, *, params: Mapping[str, Any], user, progress) -> Document:
    results = _results(run, user, params.get("municipality"))
    progress(30)
    summary = run.summary
    regression = summary.get("regression", {})
    subject_names = dict(Subject.objects.filter(code__in=summary.get("subjects", [])).values_list("code", "name"))
    points = [
        {
            "x": r.wellbeing_index,
            "y": r.quality_index,
            "category": r.category,
            "label": r.school.short_name,
            "school_id": r.school_id,
        }
        for r in results
    ]
    spec = scatter_spec(points=points, summary=summary, thresholds=run.methodology_frozen["thresholds"])
    svg = chart_svg(spec) if spec else '<p class="text-muted">Нет школ с обоими индексами.</p>'
    progress(50)
    by_municipality: dict[str, Counter] = defaultdict(Counter)
    groups_by_municipality: dict[str, Counter] = defaultdict(Counter)
    for r in results:
        by_municipality[r.school.municipality.name][r.category] += 1
        if r.quality_group is not None:
            groups_by_municipality[r.school.municipality.name][r.quality_group] += 1
    category_keys = [k for k in CATEGORY_ORDER if any(c[k] for c in by_municipality.values())]
    n_groups = int(run.methodology_frozen.get("grouping", {}).get("groups", 11))
    school_rows: list = []
    for key in CATEGORY_ORDER:
        rows = [r for r in results if r.category == key]
        if not rows:
            continue
        school_rows.append(Group(f"{capfirst(CATEGORY_LABELS[key])} — {len(rows)}"))
        school_rows += [
            [
                r.school.short_name,
                r.school.code,
                r.school.municipality.name,
                r.quality_index,
                r.quality_group,
                r.wellbeing_index,
                r.wellbeing_group,
                r.residual,
                CATEGORY_LABELS.get(r.category, r.category),
                _marks(r),
            ]
            for r in rows
        ]
    population = run.municipality.name if run.municipality else _("%(name)s (весь регион)") % {"name": run.region.name}
    municipality = (
        Municipality.objects.filter(pk=params.get("municipality")).first() if params.get("municipality") else None
    )
    progress(80)
    return Document(
        title=_("Идентификация школ с низкими результатами и школ в неблагоприятных социальных условиях"),
        subtitle=(
            (
                _("Расчёт № %(pk)s, %(year)s уч. г.; совокупность: %(population)s")
                % {"pk": run.pk, "year": format_academic_year(run.year), "population": population}
            )
            + (_("; муниципалитет: %(name)s") % {"name": municipality.name} if municipality else "")
        ),
        short_title=_("Идентификация школ: расчёт № %(pk)s, %(year)s")
        % {"pk": run.pk, "year": format_academic_year(run.year)},
        filename=f"identification-{run.pk}",
        sections=[
            Fields(
                _("Расчёт"),
                [
                    (_("Учебный год"), format_academic_year(run.year)),
                    (_("Совокупность"), population),
                    (
                        _("Дата расчёта"),
                        long_date(timezone.localtime(run.finished_at).date()) if run.finished_at else "—",
                    ),
                    (_("Школ в расчёте"), summary.get("n_schools")),
                    (_("Школ в отчёте"), len(results)),
                ],
            ),
            _methodology(run),
            Table(
                _("Регрессия ИСБШ"),
                [
                    Column(_("Фактор"), width=44),
                    Column(_("Коэффициент"), NUMBER, width=14, digits=4),
                    Column(_("Ст. ошибка"), NUMBER, width=14, digits=4),
                ],
                [
                    [FACTOR_TITLES.get(n, n), c, e]
                    for n, c, e in zip(
                        regression.get("names", []), regression.get("coef", []), regression.get("se", []), strict=False
                    )
                ],
                sheet=_("Регрессия"),
                note=f"R² = {format_number(regression.get('r2', 0), 3)}, n = {regression.get('n', 0)}.",
            ),
            Table(
                _("Средние по предметам"),
                [Column(_("Предмет"), width=30), Column(_("Средний балл"), NUMBER, width=14)],
                [
                    [subject_names.get(c, c), m]
                    for c, m in zip(summary.get("subjects", []), summary.get("subject_means", []), strict=False)
                ],
                sheet=_("Предметы"),
            ),
            Figure(
                _("Качество и социальное благополучие"),
                svg,
                caption=_("Точка — школа. Пунктир — границы групп; цветные области — категории адресной поддержки."),
            ),
            Table(
                _("Категории школ по муниципалитетам"),
                [Column(_("Муниципалитет"), width=34)]
                + [Column(capfirst(CATEGORY_LABELS[k]), INT, width=13) for k in category_keys]
                + [Column(_("Всего"), INT, width=9)],
                [
                    [name, *[counts[k] for k in category_keys], sum(counts.values())]
                    for name, counts in sorted(by_municipality.items())
                ],
                sheet=_("Категории"),
            ),
            Table(
                _("Группы качества по муниципалитетам"),
                [Column(_("Муниципалитет"), width=30)] + [Column(str(g), INT, width=5) for g in range(1, n_groups + 1)],
                [
                    [name, *[counts[g] for g in range(1, n_groups + 1)]]
                    for name, counts in sorted(groups_by_municipality.items())
                ],
                sheet=_("Группы"),
                note=_("Число школ муниципалитета в каждой группе индекса качества (1 — самые низкие результаты)."),
            ),
            Table(
                _("Школы по категориям"),
                [
                    Column(_("Школа"), width=28),
                    Column(_("Код ОО"), width=10, only=("xlsx",)),
                    Column(_("Муниципалитет"), width=20),
                    Column(_("Индекс качества"), NUMBER, width=10, digits=3),
                    Column(_("Группа качества"), INT, width=8),
                    Column(_("ИСБШ"), NUMBER, width=10, digits=3),
                    Column(_("Группа ИСБШ"), INT, width=8),
                    Column(_("Остаток"), NUMBER, width=10, digits=3),
                    Column(_("Категория"), width=18, only=("xlsx",)),
                    Column(_("Отметки"), width=24),
                ],
                school_rows,
                sheet=_("Школы"),
                group_column=_("Категория (группа)"),
                wide=True,
            ),
        ],
        meta=[
            (
                _("Сформирован"),
                _("%(long_date)s, портал поддержки школ") % {"long_date": long_date(timezone.localdate())},
            )
        ]
        + ([(_("Заказал"), user.get_full_name() or user.get_username())] if user is not None else []),
    )


register(
    ReportKind(
        key="identification",
        title=_lazy("Идентификация школ (расчёт индексов)"),
        allowed=lambda user, run: user.has_perm("indices.view_run", run),
        load=_load,
        generate=identification_generate,
        renderers={"pdf": pdf.render, "xlsx": xlsx.render},
        describe=lambda run, params: (
            _("Идентификация школ: расчёт № %(pk)s, %(year)s") % {"pk": run.pk, "year": format_academic_year(run.year)}
        ),
        param_names=("municipality",),
        clean_params=_params,
    )
)


class IndexResults:
    """The indices' section of the «Профиль школы» report (reporting/school.py): the school's
    quality index, ИСБШ, groups and category in the latest regional run of each year. Registered
    into schools.extensions.SCHOOL_REPORT_SECTIONS in IndicesConfig.ready()."""

    key = "indices"
    order = 40

    def blocks(self, school: School, *, user: User | None) -> list[Table]:
        visible = user is None or user.has_perm("schools.view_school", school)
        rows = []
        for r in school_timeline(school=school) if visible else []:
            marks = [
                text
                for flag, text in (
                    (r.significantly_below, _("значимо ниже среднего")),
                    (r.stably_low, _("устойчиво низкие результаты")),
                    (r.pilot, _("пилотная площадка")),
                )
                if flag
            ]
            rows.append(
                [
                    format_academic_year(r.run.year),
                    r.quality_index,
                    r.quality_group,
                    r.wellbeing_index,
                    r.wellbeing_group,
                    r.get_category_display(),
                    "; ".join(marks + ([r.missing_reason] if r.missing_reason else [])),
                ]
            )
        return [
            Table(
                _("Индекс качества, ИСБШ и группы по годам"),
                [
                    Column(_("Учебный год"), width=13),
                    Column(_("Индекс качества"), NUMBER, width=10, digits=3),
                    Column(_("Группа качества"), INT, width=9),
                    Column(_("ИСБШ"), NUMBER, width=10, digits=3),
                    Column(_("Группа ИСБШ"), INT, width=9),
                    Column(_("Категория"), width=22),
                    Column(_("Отметки"), width=28),
                ],
                rows,
                sheet=_("Индексы"),
                empty=_("Расчётов индексов по школе нет."),
            )
        ]


SCHOOL_SECTION = IndexResults()
