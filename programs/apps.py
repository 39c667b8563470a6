from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"
    verbose_name = _("Программы")

    demo_order = 20
    scale_order = 20

    def load_scale(self, context) -> str:
        """The `manage.py demo_scale` hook (programs/scale.py): a tenth of the municipalities with a program of 50 measures and progress."""
        from .scale import load_scale

        return load_scale(context)

    def load_demo(self, context: dict) -> str:
        """The `manage.py demo` hook: the five seed programs, with progress."""
        from .demo.loader import demo_load_programs
        from .demo.reviews import demo_load_reviews

        created = demo_load_programs(municipalities=context["municipalities"])
        return f"программ из документов создано: {created}; {demo_load_reviews()}"

    def school_tab(self, school, user) -> dict | None:
        """The school page's «Программы» tab: the programs it takes part in and what is due."""
        from .access import visible_practices, visible_programs, visible_school_programs
        from .selectors.programs import school_work

        programs = list(
            visible_programs(user).filter(participants__school=school).select_related("municipality").distinct()
        )
        if not programs and not user.has_perm("schools.view_school", school):
            return None
        return {
            "key": "programs",
            "label": "Программы и экспертиза",
            "template": "programs/_school_tab.html",
            "context": {
                "school": school,
                "programs": programs,
                "work": school_work(school_ids={school.pk}),
                "school_programs": visible_school_programs(user).filter(school=school).order_by("-pk"),
                "practices": visible_practices(user).filter(school=school).order_by("-created_at"),
            },
        }

    def dashboard_panels(self, *, level: str, obj, user) -> list:
        from .dashboard import panels

        return panels(level=level, obj=obj, user=user)

    def dashboard_region_columns(self, *, municipalities, user) -> list:
        from .dashboard import region_columns

        return region_columns(municipalities=municipalities, user=user)

    def ready(self) -> None:
        from . import (
            access,  # noqa: F401  (registers the programs' rules permissions)
            reports,  # noqa: F401
        )
