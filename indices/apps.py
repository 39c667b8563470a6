from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indices"
    verbose_name = _("Индексы")
    demo_order = 10
    scale_order = 10

    def load_scale(self, context) -> str:
        """The `manage.py demo_scale` hook (indices/scale.py): ОГЭ results for every school and year, and the regional runs."""
        from .scale import load_scale

        return load_scale(context)

    def load_demo(self, context: dict) -> str:
        """The `manage.py demo` hook: results over three years and computed runs."""
        from .demo import demo_load_indices

        return demo_load_indices(municipalities=context["municipalities"], schools=context["schools"])

    def school_tab(self, school, user) -> dict | None:
        """The school page's «Индексы» tab: groups over the years and why the school is where it is."""
        from .selectors import explain, school_timeline

        if not user.has_perm("schools.view_school", school):
            return None
        timeline = school_timeline(school=school)
        latest = timeline[0] if timeline else None
        return {
            "key": "indices",
            "label": _("Индексы"),
            "template": "indices/_school_tab.html",
            "context": {
                "school": school,
                "timeline": timeline,
                "latest": latest,
                "explanation": explain(latest) if latest else None,
                "can_set_pilot": user.has_perm("schools.manage_school", school),
                "pilot_years": list(school.pilot_years.order_by("-year").values_list("year", flat=True)),
            },
        }

    def dashboard_panels(self, *, level: str, obj, user) -> list:
        from .dashboard import panels

        return panels(level=level, obj=obj, user=user)

    def dashboard_region_columns(self, *, municipalities, user) -> list:
        from .dashboard import region_columns

        return region_columns(municipalities=municipalities, user=user)

    def ready(self) -> None:
        from . import (
            access,  # noqa: F401  (registers the indices' rules permissions)
            imports,  # noqa: F401  (registers the «Результаты» and «Группы» import kinds)
            reports,  # noqa: F401
        )

    # Appended for monitoring: monitoring reads index results only through this hook
    # (monitoring/providers.py), so it never imports this app.
    INDICATOR_FIELDS = {
        "quality_index": "quality_index",
        "quality_group": "quality_group",
        "wellbeing_group": "wellbeing_group",
    }

    def indicator_values(self, *, indicator_code: str, school_ids: list[int], year: int) -> dict:
        """school id → value of ``quality_index`` / ``quality_group`` / ``wellbeing_group`` from
        the latest finished regional run of the academic year ending in ``year`` (per region: a
        school's value comes from its own region's latest run); ``{}`` for other codes. Two queries."""
        from decimal import Decimal

        from .models import SchoolResult

        field = self.INDICATOR_FIELDS.get(indicator_code)
        if field is None or not school_ids:
            return {}
        latest = self._latest_regional_runs(school_ids=school_ids, year=year)
        if not latest:
            return {}
        rows = SchoolResult.objects.filter(
            run_id__in=latest.values(), school_id__in=school_ids, **{f"{field}__isnull": False}
        ).values_list("school_id", field)
        quantum = Decimal("0.0001")
        return {school_id: Decimal(str(value)).quantize(quantum) for school_id, value in rows}

    @staticmethod
    def _latest_regional_runs(*, school_ids: list[int] | None, year: int | None) -> dict[int, int]:
        """region id → its latest finished regional run (of ``year``, or of any year), for the
        regions of ``school_ids`` (all regions with None)."""
        from django.db.models import F

        from schools.models import School

        from .models import Run

        runs = Run.objects.filter(status=Run.Status.DONE, municipality__isnull=True)
        if school_ids is not None:
            runs = runs.filter(region_id__in=School.objects.filter(pk__in=school_ids).values("region_id"))
        if year is not None:
            runs = runs.filter(year=year)
        latest: dict[int, int] = {}
        ordering = ("region_id", "-year", F("finished_at").desc(nulls_last=True), "-created_at", "-pk")
        for run_id, region_id in runs.order_by(*ordering).values_list("pk", "region_id"):
            latest.setdefault(region_id, run_id)
        return latest

    def school_categories(self, *, school_ids: list[int]) -> dict[int, tuple[str, str]]:
        """school id → (category code, label) of its region's latest finished run: the support
        category other apps filter by (programs' practice bank) without importing this app."""
        from .models import SchoolResult

        if not school_ids:
            return {}
        latest = self._latest_regional_runs(school_ids=school_ids, year=None)
        rows = SchoolResult.objects.filter(run_id__in=latest.values(), school_id__in=school_ids).values_list(
            "school_id", "category"
        )
        labels = dict(SchoolResult.Category.choices)
        return {school_id: (code, str(labels.get(code, code))) for school_id, code in rows}

    def category_choices(self) -> list[tuple[str, str]]:
        from .models import SchoolResult

        return [(code, str(label)) for code, label in SchoolResult.Category.choices]

    def filter_schools_by_category(self, qs, category: str):
        """The schools of ``qs`` whose region's latest run puts them in ``category`` — in SQL, so
        the school list filters 40,000 schools without loading them."""
        latest = self._latest_regional_runs(school_ids=None, year=None)
        return qs.filter(index_results__run_id__in=list(latest.values()), index_results__category=category)
