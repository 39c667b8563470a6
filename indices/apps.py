from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indices"
    verbose_name = _("Индексы")
    demo_order = 10

    def load_demo(self, context: dict) -> str:
        """The `manage.py demo` hook: results over three years and computed runs."""
        from .demo import demo_load_indices

        return demo_load_indices(municipalities=context["municipalities"], schools=context["schools"])

    def school_tab(self, school, user) -> dict | None:
        """The school page's «Индексы» tab: groups over the years and why the school is where it is."""
        from .selectors import explain, school_timeline

        if not user.has_perm("schools.view_school", school):
            return None
        timeline = school_timeline(school=school)
        latest = timeline[0] if timeline else None
        return {
            "key": "indices",
            "label": _("Индексы"),
            "template": "indices/_school_tab.html",
            "context": {
                "school": school,
                "timeline": timeline,
                "latest": latest,
                "explanation": explain(latest) if latest else None,
                "can_set_pilot": user.has_perm("schools.manage_school", school),
                "pilot_years": list(school.pilot_years.order_by("-year").values_list("year", flat=True)),
            },
        }

    def ready(self) -> None:
        from . import (
            access,  # noqa: F401  (registers the indices' rules permissions)
            imports,  # noqa: F401  (registers the «Результаты» and «Группы» import kinds)
        )
