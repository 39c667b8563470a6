from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = _("Отчёты")

    def ready(self) -> None:
        from schools import extensions as ext

        from . import (
            access,  # noqa: F401  (the report jobs' rules permissions)
            registry,
            school,
            tasks,  # noqa: F401  (the report Celery tasks)
        )

        # The «Профиль школы» kind and the sections of it that schools' own data make; the apps
        # above add theirs (docs/architecture.md, «Extension points»).
        registry.register(school.SCHOOL_KIND)
        for section in school.SCHOOL_SECTIONS:
            ext.register(ext.SCHOOL_REPORT_SECTIONS, section)
