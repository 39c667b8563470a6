"""Soft hyphens in long Russian words, so that narrow table headers break a word where Russian
allows it, with a hyphen, in every browser (pyphen's dictionary, which WeasyPrint brings too)."""

from __future__ import annotations

import re
from functools import lru_cache

from django import template

register = template.Library()
SHY = "\u00ad"
LONG_WORD = re.compile(r"[А-Яа-яЁё]{9,}")


@lru_cache(maxsize=1)
def _dictionary():
    import pyphen

    return pyphen.Pyphen(lang="ru", left=3, right=3)


@register.filter
def hyphenate(text) -> str:
    """«сопровождение» → «со­про­вож­де­ние» with invisible soft hyphens (words of 9+ letters)."""
    return LONG_WORD.sub(lambda m: _dictionary().inserted(m.group(0), hyphen=SHY), str(text))
