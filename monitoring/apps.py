from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "monitoring"
    verbose_name = _("Мониторинг")

    demo_order = 15
    scale_order = 15

    def load_scale(self, context) -> str:
        """The `manage.py demo_scale` hook (monitoring/scale.py): every school-level indicator for every school and year."""
        from .scale import load_scale

        return load_scale(context)

    def load_demo(self, context: dict) -> str:
        """The `manage.py demo` hook: indicator values over three years and an open collection."""
        from .demo import demo_load_monitoring

        return demo_load_monitoring(municipalities=context["municipalities"])

    def school_tab(self, school, user) -> dict | None:
        """The school page's «Аудит» tab: the self-assessment by the five parts, per year."""
        from .models import Audit
        from .services.audits import audit_scores

        if not user.has_perm("monitoring.view_audit", school):
            return None
        audits = list(Audit.objects.filter(school=school).select_related("template").order_by("-year"))
        return {
            "key": "audit",
            "label": _("Аудит"),
            "template": "monitoring/audits/_school_tab.html",
            "context": {
                "school": school,
                "audits": [(a, audit_scores(a)) for a in audits],
                "can_start": user.has_perm("monitoring.fill_audit", school),
            },
        }

    def dashboard_panels(self, *, level: str, obj, user) -> list:
        from .dashboard_panels import panels

        return panels(level=level, obj=obj, user=user)

    def dashboard_region_columns(self, *, municipalities, user) -> list:
        from .dashboard_panels import region_columns

        return region_columns(municipalities=municipalities, user=user)

    def ready(self) -> None:
        from . import (
            access,  # noqa: F401  (registers the monitoring rules permissions)
            imports,  # noqa: F401  (registers the «Значения показателей» import kind)
            reports,  # noqa: F401  (report job permissions and the report Celery tasks)
        )
