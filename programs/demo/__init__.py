"""The programs' demo data (``manage.py demo``): the five seed programs, with progress, and the
school programs, practices and reviews."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _


class DemoData:
    """The programs' part of ``manage.py demo`` (schools.extensions.DemoLoader). The loaders are
    imported when the demo runs: the seeds are large and no other process needs them."""

    label = _("Программы")
    order = 20

    def load(self, context: Mapping[str, Any]) -> str:
        from .loader import demo_load_programs
        from .reviews import demo_load_reviews

        created = demo_load_programs(municipalities=context["municipalities"])
        return f"программ из документов создано: {created}; {demo_load_reviews()}"


DEMO = DemoData()
