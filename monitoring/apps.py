from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("Мониторинг")

    def ready(self) -> None:
        from schools import extensions as ext

        from . import (
            access,  # noqa: F401  (registers the monitoring rules permissions)
            dashboard_panels,
            demo,
            imports,  # noqa: F401  (registers the «Значения показателей» import kind)
            scale,
        )
        from .selectors import audits
        from .services.values import values_follow_schools

        # What monitoring contributes to the lower apps (docs/architecture.md, «Extension points»).
        ext.register(ext.DEMO_LOADERS, demo.DEMO)
        ext.register(ext.SCALE_LOADERS, scale.SCALE)
        ext.register(ext.SCHOOL_TABS, audits.school_tab)
        ext.register(ext.DASHBOARD_PANELS, dashboard_panels.panels)
        ext.register(ext.DASHBOARD_REGION_COLUMNS, dashboard_panels.region_columns)
        ext.register(ext.SCHOOLS_MOVED, values_follow_schools)
