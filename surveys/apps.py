from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "surveys"
    verbose_name = _("Анкетирование")

    def ready(self) -> None:
        from schools import extensions as ext

        from . import access, demo  # noqa: F401  (access registers the surveys rules permissions)
        from .selectors import indicators

        ext.register(ext.DEMO_LOADERS, demo.DEMO)
        ext.register(ext.INDICATOR_VALUES, indicators.indicator_values)
