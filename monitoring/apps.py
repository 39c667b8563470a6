from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("Мониторинг")

    def ready(self) -> None:
        from . import access  # noqa: F401  (registers the monitoring rules permissions)
