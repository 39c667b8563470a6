from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchoolsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "schools"
    verbose_name = _("Школы и организации")

    def ready(self) -> None:
        # Registers the rules permissions: the one place where access is decided.
        from . import (
            access,  # noqa: F401
            access_log,  # noqa: F401  (records sign-ins through Django's auth signals)
            lookups,  # noqa: F401  (registers ``__in_ids``)
        )
