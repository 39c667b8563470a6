from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Вход и безопасность")

    def ready(self) -> None:
        # Registers the rules permissions and the sign-in receivers (session records, the flag that
        # says whether this session still owes a second factor).
        from . import (
            access,  # noqa: F401
            signals,  # noqa: F401
        )
