"""The extension points (schools/extensions.py): explicit registration in AppConfig.ready(), in
INSTALLED_APPS order, and no discovery of hooks on app configs left anywhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from reporting.document import Text
from reporting.services import report_render
from schools import extensions
from tests.reports.conftest import norm, pdf_text

ROOT = Path(settings.BASE_DIR)
APPS = ("schools", "reporting", "monitoring", "indices", "programs", "config")


def _module(impl) -> str:
    return getattr(impl, "__module__", type(impl).__module__)


def test_a_point_keeps_registration_order_and_ignores_a_repeated_registration():
    point: extensions.ExtensionPoint[str] = extensions.ExtensionPoint("test")
    first, second = object(), object()
    extensions.register(point, first)
    extensions.register(point, second)
    extensions.register(point, first)  # a second ready() adds nothing
    assert point.all() == (first, second)
    point.unregister(first)
    assert point.all() == (second,)


def test_the_apps_register_their_contributions_in_installed_apps_order():
    assert [_module(p) for p in extensions.school_tab_providers()] == [
        "programs.selectors.programs",
        "programs.selectors.episodes",
        "monitoring.selectors.audits",
        "indices.selectors",
        "indices.analysis.selectors.school",
        "resources.contributions",
        "curators.selectors.school",
        "risks.selectors.profiles",
    ]
    assert [_module(p) for p in extensions.dashboard_panel_providers()] == [
        "programs.dashboard",
        "monitoring.dashboard_panels",
        "indices.dashboard",
        "resources.dashboard",
    ]
    assert [_module(p) for p in extensions.indicator_value_providers()] == [
        "indices.selectors",
        "surveys.selectors.indicators",
    ]
    assert [_module(p) for p in extensions.school_category_providers()] == ["indices.selectors"]
    assert [_module(p) for p in extensions.support_status_providers()] == ["indices.analysis.selectors.support"]
    # demo and scale loaders run by their order: indices first, its runs feed the others
    assert [_module(loader) for loader in extensions.demo_loaders()] == [
        "indices.demo",
        "monitoring.demo",
        "programs.demo",
        "surveys.demo",
        "resources.demo",
        "curators.demo",
        "risks.demo",
    ]
    assert [_module(p) for p in extensions.program_panel_providers()] == ["resources.contributions"]
    assert [_module(p) for p in extensions.school_program_check_providers()] == ["risks.checks"]
    assert [_module(p) for p in extensions.program_document_section_providers()] == ["resources.contributions"]
    assert "curators.selectors.episodes" in [_module(p) for p in extensions.episode_part_providers()]
    assert [loader.key for loader in extensions.scale_loaders()] == ["indices", "monitoring", "programs"]


def test_no_hook_is_discovered_on_app_configs():
    """Only the registry connects the layers. monitoring/providers.py still asks app configs for
    program titles: that hook goes away with monitoring's TargetSet and is left alone here."""
    discovery = re.compile(r"get_app_configs?\(|hasattr\(config|getattr\(config|runtime_checkable")
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.parts and path != ROOT / "monitoring" / "providers.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if discovery.search(line)
    ]
    assert not found, found


def test_the_school_report_is_made_of_the_registered_sections_in_their_order():
    assert [(s.key, _module(s)) for s in extensions.school_report_sections()] == [
        ("passport", "reporting.school"),
        ("profiles", "reporting.school"),
        ("context", "reporting.school"),
        ("indices", "indices.reports"),
        ("programs", "programs.reports.school"),
        ("partners", "reporting.school"),
        ("team", "reporting.school"),
    ]


class _Visitor:
    """A section an app might add: it says whom the report is built for."""

    key = "visitor"
    order = 35

    def blocks(self, school, *, user):
        return [Text("Раздел для проверки", [f"Для: {user.username if user else 'оператор'}"])]


@pytest.mark.django_db
def test_a_registered_section_is_printed_for_whoever_ordered_the_report(world):
    section = extensions.register(extensions.SCHOOL_REPORT_SECTIONS, _Visitor())
    try:
        mine, _name = report_render(kind="school", format="pdf", object_id=world.school_a.pk, user=world.staff_a)
        operator, _name = report_render(kind="school", format="pdf", object_id=world.school_a.pk)
    finally:
        extensions.SCHOOL_REPORT_SECTIONS.unregister(section)
    text = norm(pdf_text(mine))
    assert f"Для: {world.staff_a.username}" in text
    assert text.index("Социальный контекст") < text.index("Раздел для проверки") < text.index("Индекс качества")
    assert "Для: оператор" in norm(pdf_text(operator))
