from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"
    verbose_name = _("Программы")

    def ready(self) -> None:
        from . import access  # noqa: F401  (registers the programs' rules permissions)
