from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "reporting"
    verbose_name = _("Отчёты")

    def ready(self) -> None:
        from . import (
            access,  # noqa: F401  (the report jobs' rules permissions)
            tasks,  # noqa: F401  (the report Celery tasks)
        )
