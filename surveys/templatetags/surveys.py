"""Small filters of the answer page: the values typed before a refused send are shown again."""

from django import template

register = template.Library()


@register.filter
def getlist(values, name):
    return values.get(name, []) if hasattr(values, "get") else []


@register.filter
def getitem(mapping, name):
    return mapping.get(name) if hasattr(mapping, "get") else None


@register.filter
def chosen(value, chosen_values):
    return str(value) in [str(v) for v in (chosen_values or [])]
