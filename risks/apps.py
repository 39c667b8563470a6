from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "risks"
    verbose_name = _("Профили рисков")

    def ready(self) -> None:
        from schools import extensions as ext

        from . import (
            access,  # noqa: F401  (registers the risks' rules permissions)
            checks,
            demo,
            reports,  # noqa: F401  (registers the risk profile and the municipal table report kinds)
        )
        from .selectors import profiles

        # What risks contributes to the pages and services of lower apps (docs/architecture.md).
        ext.register(ext.DEMO_LOADERS, demo.DEMO)
        ext.register(ext.SCHOOL_TABS, profiles.school_tab)
        ext.register(ext.SCHOOL_PROGRAM_CHECKS, checks.program_checks)
