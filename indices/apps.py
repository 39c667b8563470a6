from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indices"
    verbose_name = _("Индексы")
