"""Template helpers for the section-by-section difference of two versions (snapshot_diff)."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def unchanged_labels(diff) -> str:
    """The sections with no difference, as one line: «Паспорт, Цели, Задачи»."""
    return ", ".join(str(section.label) for section in diff or [] if section.empty)


@register.filter
def has_changes(diff) -> bool:
    return any(not section.empty for section in diff or [])
