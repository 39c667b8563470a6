from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "resources"
    verbose_name = _("Ресурсы программ")

    def ready(self) -> None:
        from schools import extensions as ext

        from . import (
            access,  # noqa: F401  (registers the resources' rules permissions)
            contributions,
            dashboard,
            demo,
            imports,  # noqa: F401  (registers the «Повышение квалификации» import kind)
            imports_events,  # noqa: F401  (registers «Методические мероприятия»)
            imports_funding,  # noqa: F401  (registers «Финансирование программ»)
        )

        # What resources contributes to the pages and reports of lower apps (docs/architecture.md).
        ext.register(ext.DEMO_LOADERS, demo.DEMO)
        ext.register(ext.PROGRAM_PANELS, contributions.program_panels)
        ext.register(ext.PROGRAM_DOCUMENT_SECTIONS, contributions.document_sections)
        ext.register(ext.PROGRAM_SNAPSHOT_PARTS, contributions.FUNDING_SNAPSHOT)
        ext.register(ext.MEASURE_EVIDENCE, contributions.measure_evidence)
        ext.register(ext.SCHOOL_TABS, contributions.school_tab)
        ext.register(ext.DASHBOARD_PANELS, dashboard.panels)
