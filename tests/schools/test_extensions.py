"""The extension points (schools/extensions.py): explicit registration in AppConfig.ready(), in
INSTALLED_APPS order, and no discovery of hooks on app configs left anywhere."""

from __future__ import annotations

from schools import extensions


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
        "monitoring.selectors.audits",
        "indices.selectors",
    ]
    assert [_module(p) for p in extensions.dashboard_panel_providers()] == [
        "programs.dashboard",
        "monitoring.dashboard_panels",
        "indices.dashboard",
    ]
    assert [_module(p) for p in extensions.indicator_value_providers()] == ["indices.selectors"]
    assert [_module(p) for p in extensions.school_category_providers()] == ["indices.selectors"]
    # demo and scale loaders run by their order: indices first, its runs feed the others
    assert [_module(loader) for loader in extensions.demo_loaders()] == [
        "indices.demo",
        "monitoring.demo",
        "programs.demo",
    ]
    assert [loader.key for loader in extensions.scale_loaders()] == ["indices", "monitoring", "programs"]
