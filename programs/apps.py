from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"
    verbose_name = _("Программы")

    def ready(self) -> None:
        from schools import extensions as ext

        from . import (
            access,  # noqa: F401  (registers the programs' rules permissions)
            dashboard,
            demo,
            scale,
        )
        from .reports import school as school_report
        from .selectors import episodes
        from .selectors import programs as program_selectors

        # What programs contributes to the lower apps (docs/architecture.md, «Extension points»).
        ext.register(ext.DEMO_LOADERS, demo.DEMO)
        ext.register(ext.SCALE_LOADERS, scale.SCALE)
        ext.register(ext.SCHOOL_TABS, program_selectors.school_tab)
        ext.register(ext.SCHOOL_TABS, episodes.support_tab)
        ext.register(ext.DASHBOARD_PANELS, dashboard.panels)
        ext.register(ext.DASHBOARD_REGION_COLUMNS, dashboard.region_columns)
        ext.register(ext.SCHOOL_REPORT_SECTIONS, school_report.SECTION)
        ext.register(ext.EPISODE_PARTS, episodes.document_parts)
