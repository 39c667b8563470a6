from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"
    verbose_name = _("Программы")

    demo_order = 20

    def load_demo(self, context: dict) -> str:
        """The `manage.py demo` hook: the five seed programs, with progress."""
        from .demo.loader import demo_load_programs

        created = demo_load_programs(municipalities=context["municipalities"])
        return f"программ из документов создано: {created}"

    def ready(self) -> None:
        from . import access  # noqa: F401  (registers the programs' rules permissions)
