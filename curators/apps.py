from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CuratorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "curators"
    verbose_name = _("Кураторы школ")

    def ready(self) -> None:
        from schools import extensions as ext

        from . import (
            access,  # noqa: F401  (registers the curators' rules permissions)
            demo,
        )
        from .selectors import episodes, school

        # What curators contributes to the pages of lower apps (docs/architecture.md).
        ext.register(ext.DEMO_LOADERS, demo.DEMO)
        ext.register(ext.SCHOOL_TABS, school.school_tab)
        ext.register(ext.EPISODE_PARTS, episodes.episode_parts)
