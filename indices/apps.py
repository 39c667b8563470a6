from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indices"
    verbose_name = _("Индексы")

    def ready(self) -> None:
        from schools import extensions as ext

        from . import (
            access,  # noqa: F401  (registers the indices' rules permissions)
            dashboard,
            demo,
            imports,  # noqa: F401  (registers the «Результаты» and «Группы» import kinds)
            reports,  # also registers the «Идентификация школ» report kind
            scale,
            selectors,
        )
        from .analysis.selectors import school as analysis
        from .analysis.selectors import support

        # What indices contributes to the lower apps (docs/architecture.md, «Extension points»).
        ext.register(ext.DEMO_LOADERS, demo.DEMO)
        ext.register(ext.SCALE_LOADERS, scale.SCALE)
        ext.register(ext.SCHOOL_TABS, selectors.school_tab)
        ext.register(ext.SCHOOL_TABS, analysis.results_tab)
        ext.register(ext.DASHBOARD_PANELS, dashboard.panels)
        ext.register(ext.DASHBOARD_REGION_COLUMNS, dashboard.region_columns)
        ext.register(ext.INDICATOR_VALUES, selectors.indicator_values)
        ext.register(ext.SCHOOL_CATEGORIES, selectors.SUPPORT_CATEGORIES)
        ext.register(ext.SCHOOL_REPORT_SECTIONS, reports.SCHOOL_SECTION)
        ext.register(ext.SUPPORT_STATUS, support.support_status)
        ext.register(ext.EPISODE_PARTS, support.episode_parts)
